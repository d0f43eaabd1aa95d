"""Every date of a protocol is a real day, its review due after its
implementation (a warning once the review date has passed)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..reading.yaml_paths import yaml_path
from .context import Context
from .words import PathKey, show

__all__ = ["check"]


def check(ctx: Context) -> None:
    """The document's dates of implementation, review; each closure day's date."""
    document = ctx.data.get("document")
    if isinstance(document, dict):
        implemented = _date(ctx, ("document", "implemented"), document.get("implemented"))
        review = _date(ctx, ("document", "review"), document.get("review"))
        if implemented and review and review < implemented:
            ctx.error(
                ("document", "review"),
                f"document.review: review date {review.isoformat()} is before the "
                f"implementation date {implemented.isoformat()}; expected a review "
                f"date on or after it",
            )
        elif review and review < ctx.today:
            overdue = review + dt.timedelta(days=1)
            ctx.warning(
                ("document", "review"),
                f"review date {review.isoformat()} has passed (overdue since "
                f"{overdue.isoformat()}); document.review should say when the "
                f"procedure is next due for review",
            )
    for p, day in ctx.items(("calendar", "closure_days")):
        _date(ctx, p + ("date",), day.get("date"))


def _date(ctx: Context, p: PathKey, value: Any) -> dt.date | None:
    """The date at `p`, or None (an error where it is there but no date)."""
    if isinstance(value, dt.datetime):
        ctx.error(p, f"{yaml_path(p)}: expected a date as YYYY-MM-DD, got a date and time")
        return None
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    if value is not None:
        ctx.error(p, f"{yaml_path(p)}: expected a date as YYYY-MM-DD, got {show(value)}")
    return None
