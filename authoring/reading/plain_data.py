"""Protocol data made ready for JSON: dates as ISO text, tuples as lists."""

from __future__ import annotations

import datetime as dt
from typing import Any

__all__ = ["to_plain"]


def to_plain(value: Any) -> Any:
    """The same data with dates (and date-times) as ISO strings and tuples as
    lists, ready for JSON."""
    if isinstance(value, dict):
        return {k: to_plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_plain(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value
