"""The editions a partnership's page lists: the one in force, then each earlier one with its dates, its text linked.

Only a partnership with earlier editions (`protocols/editions/<slug>/`) has
the list; the five real partnerships have one edition each, so their pages
are as they were. Each earlier edition's source text is copied into the site
beside the current one's, so a reader can read what the procedure said.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from authoring.checked import load_editions
from authoring.edition_files import edition_stem
from calculator.model import Protocol

from .links import Links

__all__ = ["earlier_editions", "source_src", "editions_context"]


def earlier_editions(folder: Path, protocol: Protocol) -> tuple[Protocol, ...]:
    """The earlier editions of `protocol` (the current file in `folder`), oldest first, each checked."""
    return load_editions(protocol, folder).all[:-1]


def source_src(slug: str, edition: Protocol) -> str:
    """Where an earlier edition's source text is copied in the site: `sources/<slug>-<YYYY-MM-DD|earliest>.txt`."""
    return f"sources/{slug}-{edition_stem(edition.document.in_force_from)}.txt"


def _until(following: Protocol) -> dt.date | None:
    """The last day an edition was in force: the day before the next one took effect."""
    since = following.document.in_force_from
    return since - dt.timedelta(days=1) if since else None


def editions_context(protocol: Protocol, earlier: tuple[Protocol, ...], links: Links) -> dict[str, Any] | None:
    """What `_editions.j2` shows: the current edition's first day, and each earlier
    edition's first day (None where not known), last day and source text's link,
    newest first; None where the partnership has one edition."""
    if not earlier:
        return None
    src = links.partnership_src(protocol.slug)
    following = (*earlier[1:], protocol)
    rows = [
        {
            "from": edition.document.in_force_from,
            "until": _until(after),
            "source_href": links.href(src, source_src(protocol.slug, edition)) if edition.document.source else None,
        }
        for edition, after in zip(earlier, following, strict=True)
    ]
    return {"from": protocol.document.in_force_from, "earlier": rows[::-1]}
