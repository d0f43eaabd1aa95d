"""The handbook's one-line notes on dates a reader gave that are unlikely: after today, or not a working day.

A trainer may mean such a date; a practitioner usually does not. The answer
is given as asked; the note says only what is unusual about the date.

Standard library only, so it runs unchanged in CPython and Pyodide.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from .counting import non_working_name
from .model import Protocol
from .naming import event_label
from .nonworking import NonWorkingTable
from .wording import AFTER_TODAY, day_name, long_date, not_working, unlikely_date

__all__ = ["unlikely_dates"]


def _facts(day: dt.date, table: NonWorkingTable, today: dt.date | None) -> list[str]:
    facts = []
    name = non_working_name(table, day)
    if name:
        facts.append(not_working(day_name(name)))
    if today is not None and day > today:
        facts.append(AFTER_TODAY)
    return facts


def unlikely_dates(
    protocol: Protocol, known: Mapping[str, dt.date], table: NonWorkingTable, today: dt.date | None
) -> list[str]:
    """One note for each date the reader gave that is after today or is not a
    working day (a weekend, a bank holiday, a closure day), in the order of
    the procedure's events."""
    order = protocol.event_ids()
    notes = []
    for event in sorted(known, key=lambda e: order.index(e) if e in order else len(order)):
        facts = _facts(known[event], table, today)
        if facts:
            notes.append(unlikely_date(long_date(known[event]), event_label(protocol, event), facts))
    return notes
