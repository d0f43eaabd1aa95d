"""One deadline's sentences on the page: what it is counted from, what it skips, what it needs."""

from __future__ import annotations

from .rules import PROJECTED_TAG, projected

__all__ = [
    "counted_from",
    "procedure_says",
    "skipped_list",
    "skips",
    "counted_from_undated",
    "not_given",
    "give_it_above",
    "same_date",
    "EARLIER",
    "not_working",
    "lands_on",
    "repeats_for",
    "timeline_row",
    "reading_tags",
    "timeline_from",
]


def counted_from(date: str, label: str, stage_word: str, *, is_projected: bool, reading: str | None) -> str:
    """ "Counted from Monday 21 December 2026, the day stage 1 began", with what the handbook assumed."""
    said = f"Counted from {date}, {label}" + (f", {projected(stage_word)}" if is_projected else "")
    return f"{said}. {reading[:1].upper()}{reading[1:]}." if reading else f"{said}."


def procedure_says(wording: str, counting: str | None) -> str:
    """ "The procedure: “within 5 working days of stage 1”, counted in working days."."""
    return f"The procedure: “{wording}”" + (f", counted in {counting}" if counting else "") + "."


def skipped_list(days: list[tuple[str, str]]) -> str:
    """ "25 December 2026 (Christmas Day), 28 December 2026 (Boxing Day)": each day and its name."""
    return ", ".join(f"{date} ({name})" for date, name in days)


def skips(days: list[tuple[str, str]]) -> str:
    return f"Skips {skipped_list(days)}."


def counted_from_undated(event: str) -> str:
    """ "counted from the day stage 1 began, a date not given"."""
    return f"counted from {event}, a date not given"


def not_given(event: str) -> str:
    """ "it is counted from the day stage 1 began, a date not given."."""
    return f"it is {counted_from_undated(event)}."


def give_it_above(question: str) -> str:
    """Where the form asks for the date a limit needs."""
    return f"Give it above (“{question}”) to see the date."


def same_date(wordings: list[str]) -> str:
    """ "48 hours and 2 working days give the same date"."""
    return f"{' and '.join(wordings)} give the same date"


#: The tag of the earlier of two dates one limit can give.
EARLIER = "earlier"


def not_working(day: str) -> str:
    """ "Christmas Day, not a working day" (`day` as `day_name` says it)."""
    return f"{day}, not a working day"


def lands_on(day: str) -> str:
    return f"This is {not_working(day)}."


def repeats_for(period: str) -> str:
    return f"Repeats for {period}."


def timeline_row(action: str, wording: str, detail: str) -> str:
    """ "— send the form (“within 5 working days”; counted from 21 December 2026, …)"."""
    return f" — {action} (“{wording}”{detail})"


def reading_tags(reading: str | None, *, earlier: bool, lands: str | None) -> str:
    """ "(48 hours, earlier, a Sunday, not a working day)": what the timeline says beside a date."""
    tags = [t for t in (reading, EARLIER if earlier else None, not_working(lands) if lands else None) if t]
    return f" ({', '.join(tags)})" if tags else ""


def timeline_from(date: str, label: str, *, projected: bool, reading: str | None) -> str:
    """The part of a timeline row saying what a dated limit counts from."""
    said = f"; counted from {date}, {label}" + (f" {PROJECTED_TAG}" if projected else "")
    return said + (f"; {reading}" if reading else "")
