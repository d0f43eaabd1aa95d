"""Dates as readers see them, whatever the machine's locale: the one formatter of every view."""

from __future__ import annotations

import datetime as dt

__all__ = ["WEEKDAYS", "MONTHS", "long_date", "plain_date", "compact_date", "day_month", "plural", "day_name"]


WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def long_date(day: dt.date) -> str:
    """ "Thursday 31 December 2026"."""
    return f"{WEEKDAYS[day.weekday()]} {day.day} {MONTHS[day.month - 1]} {day.year}"


def plain_date(day: dt.date) -> str:
    """ "31 December 2026"."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def compact_date(day: dt.date) -> str:
    """ "Thu 31 Dec 2026", for a table's narrow cell."""
    return f"{WEEKDAYS[day.weekday()][:3]} {day.day} {MONTHS[day.month - 1][:3]} {day.year}"


def day_month(day: dt.date) -> str:
    """ "4 Jan": a day in a list of days skipped, whose year is the deadline's."""
    return f"{day.day} {MONTHS[day.month - 1][:3]}"


def plural(n: int, word: str) -> str:
    """ "1 working day", "3 working days"."""
    return f"{n} {word}{'' if n == 1 else 's'}"


def day_name(name: str) -> str:
    """How a sentence names a non-working day: "a Sunday", but "Christmas Day"."""
    return f"a {name}" if name in WEEKDAYS else name


#: How each unit of a computed limit is counted, as the answer's `counting` says it.
