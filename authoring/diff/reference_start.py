"""The day a comparison's due dates are counted from: a working day, never a weekend or bank holiday."""

from __future__ import annotations

import datetime as dt

from calculator.model import Protocol
from calculator.nonworking import NonWorkingTable

__all__ = ["new_edition_day", "working_start"]


def working_start(day: dt.date, table: NonWorkingTable) -> dt.date:
    """`day` if it is a working day, else the next working day after it
    (`OutOfRange` past the table's last year)."""
    table.require(day)
    while not table.is_working_day(day):
        day = table.require(day + dt.timedelta(days=1))
    return day


def new_edition_day(old: Protocol, new: Protocol) -> dt.date | None:
    """The day `new` takes effect, where it is a new edition (its
    `document.in_force_from` is given and not `old`'s): an amendment's due
    dates are counted from it, as the edition in force then is the new one."""
    day = new.document.in_force_from
    return day if day is not None and day != old.document.in_force_from else None
