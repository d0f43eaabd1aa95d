"""Where a due date stands against today, in words."""

from __future__ import annotations

from .dates import plural

__all__ = ["DUE_TODAY", "due_in", "passed_ago"]


#: A date that is today.
DUE_TODAY = "today"


def due_in(amount: int, unit: str) -> str:
    """ "in 3 working days" ("working day" or "day")."""
    return f"in {plural(amount, unit)}"


def passed_ago(amount: int, unit: str) -> str:
    """ "passed 16 working days ago"."""
    return f"passed {plural(amount, unit)} ago"
