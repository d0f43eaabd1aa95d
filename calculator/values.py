"""How a protocol's raw values read as typed ones: a quote or a list of quotes as a tuple, an ISO date as a date.

Standard library only, so it runs unchanged in CPython and Pyodide.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

__all__ = ["quotes_of", "date_of"]


def quotes_of(value: Any) -> tuple[str, ...]:
    """A `quote` value (none, one string, a list) as a tuple of strings."""
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(value)


def date_of(value: Any) -> dt.date | None:
    """A date, an ISO date's text or None, as a date or None."""
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))
