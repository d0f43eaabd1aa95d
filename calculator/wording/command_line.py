"""One line of the command line's timeline for a deadline."""

from __future__ import annotations

from .deadline import EARLIER, counted_from_undated, not_working
from .rules import NO_DATE, projected

__all__ = [
    "began_line",
    "every_stage",
    "explained",
    "counted_from_line",
    "reading_dated",
    "falls_on",
    "skips_short",
    "undated_line",
    "in_words_line",
]


def began_line(stage_word: str, date: str) -> str:
    """ "Stage began Monday 21 December 2026": the command line's line for the reader's start."""
    return f"{stage_word} began {date}"


def every_stage(stage_word: str) -> str:
    """ "Child protection, at every stage": the command line's label of a duty that always applies."""
    return f"Child protection, at every {stage_word.lower()}"


def explained(dates: str, wording: str, counted: str) -> str:
    """ "Wednesday 30 December 2026 — within 5 working days of stage 1, counted from …"."""
    return f"{dates} — {wording}, {counted}"


def counted_from_line(date: str, label: str, stage_word: str, *, is_projected: bool, reading: str | None) -> str:
    """ "counted from Monday 21 December 2026 (the day stage 1 began)", with what the handbook assumed."""
    what = label + (f", {projected(stage_word)}" if is_projected else "") + (f"; {reading}" if reading else "")
    return f"counted from {date} ({what})"


def reading_dated(date: str, reading: str, *, earlier: bool, lands: str | None) -> str:
    """ "Monday 4 January 2027 (2 working days, earlier; Christmas Day, not a working day)"."""
    tags = (f", {EARLIER}" if earlier else "") + (f"; {not_working(lands)}" if lands else "")
    return f"{date} ({reading}{tags})"


def falls_on(name: str) -> str:
    return f"falls on a non-working day: {name}"


def skips_short(days: list[tuple[str, str]]) -> str:
    """ "skips 25 Dec Christmas Day, 28 Dec Boxing Day (substitute day)"."""
    return "skips " + ", ".join(f"{date} {name}" for date, name in days)


def undated_line(wording: str, event: str) -> str:
    return f"{NO_DATE} — {wording}: {counted_from_undated(event)}"


def in_words_line(text: str, wording: str) -> str:
    """ "Immediately — immediately inform the line manager"."""
    return f"{text[:1].upper()}{text[1:]} — {wording}"
