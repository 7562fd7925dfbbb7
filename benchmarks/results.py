"""One measured operation, and the table every benchmark prints."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Result:
    operation: str
    guests: int
    ours: float | None
    floor: float | None
    target: str
    met: bool | None
    unit: str = "s"
    notes: list[str] = field(default_factory=list)

    @property
    def ratio(self) -> float | None:
        if self.ours is None or not self.floor:
            return None
        return self.ours / self.floor


def _fmt(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    if unit == "MB":
        return f"{value:.0f} MB"
    if value < 0.001:  # searches of a few microseconds: "0.0 ms" would hide them
        return f"{value * 1_000_000:.0f} µs"
    return f"{value * 1000:.1f} ms" if value < 1 else f"{value:.2f} s"


def table(results: list[Result]) -> str:
    lines = [
        "| operation | guests | guestbook | floor | ratio | target | result |",
        "|---|---:|---:|---:|---:|---|---|",
    ]
    for r in results:
        ratio = f"{r.ratio:.2f}" if r.ratio is not None else "—"
        verdict = {True: "met", False: "**MISSED**", None: "—"}[r.met]
        lines.append(
            f"| {r.operation} | {r.guests:,} | {_fmt(r.ours, r.unit)} | {_fmt(r.floor, r.unit)} "
            f"| {ratio} | {r.target} | {verdict} |"
        )
    notes = [f"- {r.operation} ({r.guests:,}): {n}" for r in results for n in r.notes]
    return "\n".join(lines + (["", *notes] if notes else []))
