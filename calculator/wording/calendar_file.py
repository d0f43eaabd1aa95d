"""The calendar file's events: each deadline's summary, description."""

from __future__ import annotations

from .deadline import not_working, skipped_list

__all__ = [
    "event_summary",
    "event_heading",
    "procedure_said",
    "reads_it_as",
    "skipped_days",
    "date_not_working",
    "counted_from_day",
]


def event_summary(stage: str, action: str, reading: str | None) -> str:
    return f"{stage}: {action}" + (f" ({reading})" if reading else "")


def event_heading(partnership: str, stage: str, title: str) -> str:
    return f"{partnership}, {stage}: {title}."


def procedure_said(wording: str) -> str:
    return f"The procedure says: {wording}."


def reads_it_as(reading: str, *, earlier: bool) -> str:
    return f"This date reads it as {reading}" + (" (the earlier reading)" if earlier else "") + "."


def skipped_days(days: list[tuple[str, str]]) -> str:
    return f"Skipped: {skipped_list(days)}."


def date_not_working(date: str, day: str) -> str:
    """ "2026-12-25 is Christmas Day, not a working day."."""
    return f"{date} is {not_working(day)}."


def counted_from_day(date: str, label: str) -> str:
    """ "Counted from 2026-12-21 (the day stage 1 began)."."""
    return f"Counted from {date} ({label})."
