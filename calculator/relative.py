"""Where a due date stands against today, in working days where the calendar covers both.

Standard library only, so it runs unchanged in CPython and Pyodide.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from .nonworking import NonWorkingTable
from .wording import DUE_TODAY, PROJECTED_BADGE, due_in, passed_ago, projected_in

__all__ = ["relative", "projected"]

#: The unit a badge says where no working day lies between a date and today
#: (a Saturday seen on a Friday) or the calendar does not cover today: always named.
CALENDAR_DAY = "calendar day"


def _working_between(table: NonWorkingTable, a: dt.date, b: dt.date) -> int:
    """Working days in (a, b]."""
    first = table.first_ordinal
    return table.working_before[b.toordinal() - first] - table.working_before[a.toordinal() - first]


def relative(table: NonWorkingTable, due: dt.date, today: dt.date) -> dict[str, Any]:
    """Where a due date stands against today, in working days where there are
    any, else in calendar days said as such: never a bare "days"."""
    days = (due - today).days
    if due == today:
        return {"status": "today", "working_days": 0, "days": 0, "text": DUE_TODAY}
    status = "upcoming" if days > 0 else "passed"
    if not table.covers(today):
        n = None
    else:
        n = _working_between(table, today, due) if days > 0 else -_working_between(table, due, today)
    if n:
        text = due_in(n, "working day") if n > 0 else passed_ago(-n, "working day")
    else:
        text = due_in(days, CALENDAR_DAY) if days > 0 else passed_ago(-days, CALENDAR_DAY)
    return {"status": status, "working_days": n, "days": days, "text": text}


def projected(table: NonWorkingTable, due: dt.date, today: dt.date) -> dict[str, Any]:
    """A date in a projected later stage against today: a projection, never passed,
    with the working days to it where it is still ahead."""
    days = (due - today).days
    n = _working_between(table, today, due) if (days > 0 and table.covers(today)) else None
    return {
        "status": "projected",
        "working_days": n,
        "days": days,
        "text": projected_in(n) if n else PROJECTED_BADGE,
    }
