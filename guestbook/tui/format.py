"""Small display helpers shared by screens."""

from __future__ import annotations


def euros(cents: int) -> str:
    whole, rest = divmod(cents, 100)
    return f"{whole:,}.{rest:02d} €".replace(",", " ")


# A call outcome in words, as the chef would say it.
OUTCOME_WORDS = {
    "reached": "reached",
    "booked": "booked",
    "voicemail": "voicemail",
    "no_answer": "no answer",
    "declined": "declined",
    "wrong_number": "wrong number",
}
