"""What the browser calculator shows for an answer, worked out from the
answer itself (`calculator.deadlines.answer`), for tests that compare the two."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any


def _deadline_dates(deadline: Mapping[str, Any]) -> list[str]:
    """A deadline's dates as the page shows them: each reading's date where
    the readings of its limit differ, else its one due date."""
    readings = [r["due"] for r in deadline.get("readings") or [] if r["due"]]
    if len(set(readings)) > 1:
        return readings
    return [deadline["due"]] if deadline["due"] else []


def _all(deadlines: Iterable[Mapping[str, Any]]) -> list[str]:
    return [day for d in deadlines for day in _deadline_dates(d)]


def shown_dates(result: Mapping[str, Any]) -> list[str]:
    """Every date the answer shows in a <time>, in order: the stage's deadlines
    (both readings where a limit's two readings differ), then each later
    stage's start and deadlines."""
    dates = _all(result["deadlines"])
    for entry in result.get("timeline") or []:
        if entry["start"]:
            dates.append(entry["start"])
        dates += _all(entry["deadlines"])
    return dates
