"""Delivery at scale (issue 16): an email batch to a local SMTP server, and the letters' PDF.

    python benchmarks/bench_delivery.py                          # 10,000 emails, 1,000 letters
    python benchmarks/bench_delivery.py --emails 500 --letters 50    # a quick smoke run
    python benchmarks/run.py --sizes 10000 --repeat 1 --only emails letters

Emails: `delivery.email.send_batch` sends N emails (composed as the messages service will
compose them: UTF-8 text, an unsubscribe header, a Message-ID seed) over one connection to an
aiosmtpd server that discards them, run in a process of its own on 127.0.0.1 (so the server's
work does not share this process's interpreter). Target: 200 emails a second or more. The
floor: plain smtplib sending one ready-made message N times over one connection, measured in
the same run: what composing and reporting each email adds.

Letters: `delivery.letters_pdf.write_letters` writes N one-page letters (an incident notice of
five paragraphs) into one PDF with its fonts embedded. Target: 1,000 letters in 10 s or less.

In run.py's table the counts follow the demo size: N = the guests, at most 10,000 emails, and
a tenth of the guests, at most 1,000 letters (the targets apply at those full counts). Each is
run once: a 10,000-email batch takes about a minute.
"""

from __future__ import annotations

import argparse
import smtplib
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.results import Result, table

if TYPE_CHECKING:
    from guestbook.delivery.email import OutgoingEmail

EMAILS, LETTERS = 10_000, 1_000
EMAILS_PER_SECOND_TARGET = 200.0
LETTERS_SECONDS_TARGET = 10.0
FROM = "bonjour@chez-nous.fr"
BODY = (
    "Madame, Monsieur,\n\n"
    "Le vendredi 14 novembre, un des plats servis au dîner contenait des traces de fruits à "
    "coque qui ne figuraient pas sur la carte. Si vous étiez parmi nous ce soir-là et avez "
    "ressenti le moindre trouble, appelez-nous au 01 23 45 67 89 : nous vous rappellerons.\n\n"
)


@contextmanager
def sink_server() -> Iterator[int]:
    """aiosmtpd's Sink handler (accepts and forgets every message) in its own process."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    server = subprocess.Popen(
        [sys.executable, "-m", "aiosmtpd", "-n", "-c", "aiosmtpd.handlers.Sink",
         "-l", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        for _ in range(200):
            try:
                socket.create_connection(("127.0.0.1", port), 0.2).close()
                break
            except OSError:
                time.sleep(0.05)
        yield port
    finally:
        server.terminate()
        server.wait()


def _emails(count: int) -> list[OutgoingEmail]:
    from guestbook.delivery.email import OutgoingEmail

    return [
        OutgoingEmail(
            f"guest{n}@example.org",
            "Votre dîner du 14 novembre",
            f"Bonjour Hélène {n},\n\n" + BODY * 2 + "Pour ne plus recevoir nos nouvelles : "
            f"https://chez-nous.fr/stop?g={n}",
            unsubscribe=(f"https://chez-nous.fr/stop?g={n}", "mailto:stop@chez-nous.fr"),
            message_id_seed=f"message-1.guest-{n}",
        )
        for n in range(count)
    ]


def email_operation(db: Path, guests: int, repeat: int) -> list[Result]:
    """For run.py: min(guests, 10,000) emails, once (see the module's docstring)."""
    del db, repeat
    return measure_emails(min(guests, EMAILS), guests)


def measure_emails(count: int, guests: int) -> list[Result]:
    from guestbook.delivery.email import SmtpSettings, compose, send_batch

    emails = _emails(count)
    with sink_server() as port:
        settings = SmtpSettings("127.0.0.1", port, "none", from_address=FROM, from_name="Chez Nous")
        started = time.perf_counter()
        sent = send_batch(settings, emails, lambda result: None)
        ours = time.perf_counter() - started
        data = compose(emails[0], from_address=FROM).as_bytes()
        started = time.perf_counter()
        with smtplib.SMTP("127.0.0.1", port) as plain:
            for email in emails:
                plain.sendmail(FROM, [email.to], data)
        floor = time.perf_counter() - started
    rate = sent.sent / ours
    full = count >= EMAILS
    return [
        Result(
            f"email batch, one connection ({count:,} emails)",
            guests,
            ours,
            floor,
            f"≥ {EMAILS_PER_SECOND_TARGET:.0f} emails/s",
            rate >= EMAILS_PER_SECOND_TARGET if full else None,
            notes=[
                f"{rate:.0f} emails/s ({sent.sent:,} sent, {sent.failed} failed); floor: plain "
                f"smtplib, one ready-made message, {count / floor:.0f}/s"
            ],
        )
    ]


def letters_operation(db: Path, guests: int, repeat: int) -> list[Result]:
    """For run.py: a tenth of the guests as letters, at most 1,000, once."""
    del db, repeat
    return measure_letters(min(max(guests // 10, 1), LETTERS), guests)


def measure_letters(count: int, guests: int) -> list[Result]:
    from guestbook.delivery.letters_pdf import Letter, Letterhead, write_letters

    head = Letterhead(
        "Chez Nous — Bistrot", ("12 rue de la Paix", "75002 PARIS"), "Paris, le 22 novembre 2026"
    )
    letters = [
        Letter(
            (f"Madame Hélène Dupont {n}", "Bâtiment B", "3 RUE DES LILAS", "75011 PARIS"),
            "Votre dîner du 14 novembre",
            BODY * 4 + "Avec nos excuses,\nLe chef",
        )
        for n in range(count)
    ]
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        pages = write_letters(Path(folder) / "letters.pdf", head, letters)
        seconds = time.perf_counter() - started
        size = (Path(folder) / "letters.pdf").stat().st_size
    full = count >= LETTERS
    return [
        Result(
            f"letters PDF, fonts embedded ({count:,} letters)",
            guests,
            seconds,
            None,
            f"≤ {LETTERS_SECONDS_TARGET:.0f} s for 1,000",
            seconds <= LETTERS_SECONDS_TARGET if full else None,
            notes=[f"{pages:,} pages, {size / 1024 / 1024:.1f} MiB"],
        )
    ]


SUITE = {"emails": email_operation, "letters": letters_operation}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--emails", type=int, default=EMAILS)
    parser.add_argument("--letters", type=int, default=LETTERS)
    args = parser.parse_args()
    results = measure_emails(args.emails, args.emails) + measure_letters(args.letters, args.letters)
    print(table(results))
    return 0 if all(result.met is not False for result in results) else 1


if __name__ == "__main__":
    sys.exit(main())
