"""What the reader must do first at their stage: its deadlines in that order, with whether every limit has passed.

Standard library only, so it runs unchanged in CPython and Pyodide.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from .model import Protocol, Stage
from .timeline import resolved_at
from .wording import limits_passed

__all__ = ["STATUS_ORDER", "in_order", "now"]

#: The order an answer gives a stage's deadlines in: what is overdue first,
#: then what is due today or now, then what is to come, what cannot be dated
#: yet, and last what applies only where its condition holds.
STATUS_ORDER = ("overdue", "today", "now", "upcoming", "undated", "conditional")


def in_order(deadlines: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The stage's deadlines by `status` in `STATUS_ORDER`, the earliest date
    first within each (a stable sort: the engine's order otherwise)."""
    return sorted(deadlines, key=lambda d: (STATUS_ORDER.index(d["status"]), d["due"] or ""))


def now(
    protocol: Protocol, stage: Stage, deadlines: list[dict[str, Any]], known: Mapping[str, dt.date], label: str
) -> dict[str, Any]:
    """Whether every time limit of the stage has passed (those counted from
    the disagreement being resolved aside), every one of them dated, and the
    reader has not said it was resolved: then the answer puts the procedure's
    next step (`next`, or `branches`) first, after `text`."""
    limits = [d for d in deadlines if d["within"] is not None and not protocol.resolves(d["counted_from"]["event"])]
    passed = (
        bool(limits)
        and all(d["relative"] is not None and d["relative"]["status"] == "passed" for d in limits)
        and resolved_at(protocol, stage, known) is None
    )
    return {"limits_passed": passed, "text": limits_passed(label) if passed else None}
