"""The day a comparison's due dates are counted from: a working day, never a weekend or bank holiday."""

from __future__ import annotations

import datetime as dt

from calculator.nonworking import NonWorkingTable

__all__ = ["working_start"]


def working_start(day: dt.date, table: NonWorkingTable) -> dt.date:
    """`day` if it is a working day, else the next working day after it
    (`OutOfRange` past the table's last year)."""
    table.require(day)
    while not table.is_working_day(day):
        day = table.require(day + dt.timedelta(days=1))
    return day
