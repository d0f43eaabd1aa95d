"""Date arithmetic for the three kinds of computed timescale.

The counting rule (stated on the site, with worked examples):

- "within N working days of D": the Nth working day after D. D itself is not
  counted. A working day is Monday to Friday, except the non-working weekdays
  in the table (bank holidays of the protocol's nation and its closure days).
- "within H hours": given a date only, D plus H/24 days rounded up, weekends
  and bank holidays included (24 hours from Tuesday is Wednesday).
- "within N calendar days": D plus N days.

A start or due date the table does not cover is refused with `OutOfRange`.

Working days are counted in constant time, not day by day: the table keeps its
working days in order and, for each day, how many fall on or before it, so the
Nth working day after D is one look-up, and what was skipped another.

Standard library only, so it runs unchanged in CPython and Pyodide.
"""

from __future__ import annotations

import bisect
import datetime as dt

from .nonworking import NonWorkingTable, OutOfRange

__all__ = ["add_working_days", "add_hours", "add_calendar_days", "OutOfRange"]

Skipped = list[tuple[dt.date, str]]


def _weekday_index(ordinal: int) -> int:
    """How many weekdays fall on or before this day (ordinal 1 is a Monday)."""
    weeks, day_in_week = divmod(ordinal - 1, 7)
    return 5 * weeks + min(day_in_week + 1, 5)


def _weekday_ordinal(index: int) -> int:
    """The day whose weekday index is `index` (always Monday to Friday)."""
    weeks, day_in_week = divmod(index - 1, 5)
    return 7 * weeks + day_in_week + 1


def add_working_days(table: NonWorkingTable, start: dt.date, working_days: int) -> tuple[dt.date, Skipped]:
    """The `working_days`-th working day after `start`, and what was skipped.

    `skipped` lists the non-working weekdays (bank holidays, closure days, with
    their names) strictly between `start` and the due date, in date order.
    Weekends are skipped too but not listed.
    """
    if working_days < 1:
        raise ValueError(f"working_days must be at least 1, not {working_days}")
    s = start.toordinal()
    first = table.first_ordinal
    if not first <= s <= table.last_ordinal:
        raise OutOfRange(start, table.first_year, table.last_year)
    # working_before[s] working days fall on or before the start, so the
    # Nth after it is working_ordinals[working_before[s] + N - 1].
    index = table.working_before[s - first] + working_days - 1
    working = table.working_ordinals
    if index >= len(working):
        raise OutOfRange(_beyond(table, s, working_days), table.first_year, table.last_year, start)
    due = working[index]
    # Listed days after the start and before the (working) due date.
    listed_before = table.listed_before
    lo, hi = listed_before[s - first], listed_before[due - first]
    if lo == hi:
        return dt.date.fromordinal(due), []
    days = table.days
    skipped = []
    for o in table.ordinals[lo:hi]:
        d = dt.date.fromordinal(o)
        skipped.append((d, days[d]))
    return dt.date.fromordinal(due), skipped


def _beyond(table: NonWorkingTable, s: int, working_days: int) -> dt.date:
    """The earliest the due date could be when it falls after the table's range
    (no non-working days are known there): for the refusal message only."""
    ordinals = table.ordinals
    before = bisect.bisect_right(ordinals, s)
    target = _weekday_index(s) + working_days
    index = target
    while True:
        due = _weekday_ordinal(index)
        after = target + bisect.bisect_right(ordinals, due) - before
        if after == index:
            return dt.date.fromordinal(due)
        index = after


def _check(table: NonWorkingTable | None, start: dt.date, due: dt.date) -> None:
    if table is not None:
        table.require(start)
        if not table.covers(due):
            raise OutOfRange(due, table.first_year, table.last_year, start)


def add_hours(start: dt.date, hours: int, table: NonWorkingTable | None = None) -> dt.date:
    """`start` plus `hours` on the clock, as a date: H/24 days rounded up.

    Weekends and bank holidays count like any other day. With a table, a start
    or due date it does not cover is refused.
    """
    if hours < 0:
        raise ValueError(f"hours must not be negative, not {hours}")
    calendar_days = -(-hours // 24)
    due = start + dt.timedelta(days=calendar_days)
    _check(table, start, due)
    return due


def add_calendar_days(start: dt.date, calendar_days: int, table: NonWorkingTable | None = None) -> dt.date:
    """`start` plus `calendar_days` days, weekends and bank holidays included."""
    if calendar_days < 0:
        raise ValueError(f"calendar_days must not be negative, not {calendar_days}")
    due = start + dt.timedelta(days=calendar_days)
    _check(table, start, due)
    return due
