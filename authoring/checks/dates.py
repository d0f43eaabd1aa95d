"""Every date of a protocol is a real day, its review due after its
implementation (a warning once the review date has passed, or an added
contact was last checked over a year ago)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..edition_files import is_edition_file
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
        elif review and review < ctx.today and not is_edition_file(ctx.path):  # an earlier edition: replaced
            overdue = review + dt.timedelta(days=1)
            ctx.warning(
                ("document", "review"),
                f"review date {review.isoformat()} has passed (overdue since "
                f"{overdue.isoformat()}); document.review should say when the "
                f"procedure is next due for review",
            )
    for p, day in ctx.items(("calendar", "closure_days")):
        _date(ctx, p + ("date",), day.get("date"))
    _added_contacts(ctx)


#: How long an added contact stays current without being checked again.
CHECK_AGAIN_AFTER_DAYS = 365


def _added_contacts(ctx: Context) -> None:
    """Each added contact's `checked` date: a real day, not in the future,
    and a warning once it is over a year old."""
    for p, added in ctx.items(("added_contacts",)):
        checked = _date(ctx, p + ("checked",), added.get("checked"))
        if checked is None:
            continue
        if checked > ctx.today:
            ctx.error(
                p + ("checked",),
                f"{yaml_path(p + ('checked',))}: {checked.isoformat()} is after today "
                f"({ctx.today.isoformat()}); expected the day the contact was last checked",
            )
        elif (ctx.today - checked).days > CHECK_AGAIN_AFTER_DAYS:
            ctx.warning(
                p + ("checked",),
                f"{yaml_path(p + ('checked',))}: last checked {checked.isoformat()}, over a "
                f"year ago; check the contact still works and give the day you did",
            )


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
