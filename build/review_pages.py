"""The review status page: when each protocol was implemented, when it is due for review.

Pure: protocols and today's date in, Markdown out, no MkDocs. For a
partnership's business office: which procedures are past their review date,
and by how long. A date the source does not give is shown as "not stated in
the source", never guessed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from calculator.model import Protocol

from . import source_review, templating
from .links import Links

__all__ = ["REVIEW_SRC", "elapsed_words", "review_rows", "render_review"]

#: Where the page lives, inside the site's docs.
REVIEW_SRC = "review-status.md"


def _months_between(earlier: dt.date, later: dt.date) -> tuple[int, int]:
    """Whole months from `earlier` to `later`, and the days left over."""
    months = (later.year - earlier.year) * 12 + later.month - earlier.month
    if later.day < earlier.day:
        months -= 1
    anchor_year, anchor_month = divmod(earlier.month - 1 + months, 12)
    anchor_year += earlier.year
    anchor_month += 1
    # The same day of the month as `earlier`, or the month's last day.
    day = earlier.day
    while True:
        try:
            anchor = dt.date(anchor_year, anchor_month, day)
            break
        except ValueError:
            day -= 1
    return months, (later - anchor).days


def elapsed_words(earlier: dt.date, later: dt.date) -> str:
    """ "10 years, 6 months and 7 days"; "1 day"; "0 days"."""
    months, days = _months_between(earlier, later)
    years, months = divmod(months, 12)
    parts = [
        f"{n} {unit}{'s' if n != 1 else ''}" for n, unit in ((years, "year"), (months, "month"), (days, "day")) if n
    ]
    if not parts:
        return "0 days"
    if len(parts) == 1:
        return parts[0]
    return ", ".join(parts[:-1]) + " and " + parts[-1]


#: The order of the rows by status: overdue first.
STATUS_ORDER = {"overdue": 0, "due": 1, "not-due": 2, "none": 3}


def _status(review: dt.date | None, today: dt.date) -> tuple[str, str]:
    """A review date's status, and its words for the page."""
    if review is None:
        return "none", "No review date is stated in the source."
    if review < today:
        return "overdue", f"Overdue by {elapsed_words(review, today)}."
    if review == today:
        return "due", "Due for review today."
    return "not-due", f"Due in {elapsed_words(today, review)}."


def review_rows(protocols: Iterable[Protocol], today: dt.date, links: Links | None = None) -> list[dict[str, Any]]:
    """One row per protocol, overdue ones first (longest overdue first), then by name."""
    links = links or Links()
    keyed: list[tuple[tuple[int, dt.date, str], dict[str, Any]]] = []
    for p in protocols:
        doc = p.document
        status, words = _status(doc.review, today)
        row = {
            "protocol": p,
            "href": links.href(REVIEW_SRC, links.partnership_src(p.slug)),
            "implemented": doc.implemented,
            "review": doc.review,
            "overdue": status == "overdue",
            "status": status,
            "status_words": words,
        }
        keyed.append(((STATUS_ORDER[status], doc.review or dt.date.max, p.name.lower()), row))
    keyed.sort(key=lambda k: k[0])
    return [row for _, row in keyed]


def render_review(protocols: Iterable[Protocol], today: dt.date, links: Links | None = None) -> str:
    """The review status page as Markdown (with an HTML table)."""
    rows = review_rows(protocols, today, links)
    env = templating.environment()
    links = links or Links()
    return env.get_template("review.md.j2").render(
        rows=rows,
        today=today,
        overdue=[r for r in rows if r["overdue"]],
        sources_href=links.href(REVIEW_SRC, source_review.INDEX_SRC),
        undated=[r for r in rows if r["review"] is None],
    )
