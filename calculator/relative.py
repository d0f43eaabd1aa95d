"""Where a due date stands against today, in working days where the calendar covers both.

Standard library only, so it runs unchanged in CPython and Pyodide.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from .nonworking import NonWorkingTable
from .wording import DUE_TODAY, due_in, passed_ago

__all__ = ["relative"]


def relative(table: NonWorkingTable, due: dt.date, today: dt.date) -> dict[str, Any]:
    """Where a due date stands against today, in working days where there are any."""

    def working_between(a: dt.date, b: dt.date) -> int:  # working days in (a, b]
        return (
            table.working_before[b.toordinal() - table.first_ordinal]
            - table.working_before[a.toordinal() - table.first_ordinal]
        )

    if due == today:
        return {"status": "today", "working_days": 0, "days": 0, "text": DUE_TODAY}
    if not (table.covers(today)):
        days = (due - today).days
        status = "upcoming" if days > 0 else "passed"
        return {
            "status": status,
            "working_days": None,
            "days": days,
            "text": due_in(days, "day") if days > 0 else passed_ago(-days, "day"),
        }
    days = (due - today).days
    if due > today:
        n = working_between(today, due)
        text = due_in(n, "working day") if n else due_in(days, "day")
        return {"status": "upcoming", "working_days": n, "days": days, "text": text}
    n = working_between(due, today)
    text = passed_ago(n, "working day") if n else passed_ago(-days, "day")
    return {"status": "passed", "working_days": -n, "days": days, "text": text}
