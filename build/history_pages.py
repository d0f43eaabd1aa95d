"""The pages of recorded changes for readers: "What's new" across the handbook, one list per partnership.

The histories are the files `handbook record` writes (`authoring.history`),
read as they stand: no git, so a site built from a copy of the repository
shows the same history. Each entry's anchor comes from its id, which never
changes, so a link to it (from a feed) keeps working.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from mkdocs.exceptions import PluginError

from authoring.history.entries import Entry, History
from authoring.history.history_file import read_histories
from authoring.reading.problems import ProtocolError
from calculator.model import Protocol

from .links import Links

__all__ = [
    "WHATS_NEW_SRC",
    "FEED_PATH",
    "Listed",
    "anchor",
    "changes_src",
    "feed_path",
    "histories_of",
    "newest_first",
    "last_updated",
    "render_whats_new",
    "render_partnership_changes",
]

#: The site-wide list of changes.
WHATS_NEW_SRC = "whats-new/index.md"
#: The whole handbook's Atom feed. A feed's name ends in `.atom`, the
#: extension every server's (and Python's) type table maps to
#: `application/atom+xml`, so no server needs a rule of its own for it.
FEED_PATH = "feeds/handbook.atom"


@dataclass(frozen=True)
class Listed:
    """One entry as a list shows it: with its partnership."""

    protocol: Protocol
    entry: Entry


def changes_src(slug: str) -> str:
    """A partnership's own list of changes."""
    return f"whats-new/{slug}.md"


def feed_path(slug: str) -> str:
    """A partnership's Atom feed."""
    return f"feeds/{slug}.atom"


def anchor(entry: Entry) -> str:
    """The entry's place on a page, from its id ("salford/2026-12-02/1" → "change-salford-2026-12-02-1")."""
    return "change-" + entry.id.replace("/", "-")


def histories_of(folder: Path, protocols: list[Protocol]) -> dict[str, History]:
    """Every partnership's recorded history (empty where none is recorded)."""
    try:
        return read_histories(folder, {p.slug: p.name for p in protocols})
    except ProtocolError as e:
        raise PluginError(str(e)) from None


def newest_first(protocols: list[Protocol], histories: dict[str, History]) -> list[Listed]:
    """Every entry of every partnership, newest first (then by partnership's name)."""
    listed = [Listed(p, e) for p in protocols for e in histories[p.slug].entries]
    listed.sort(key=lambda x: x.protocol.name.casefold())
    listed.sort(key=lambda x: x.entry.date, reverse=True)
    return listed


def last_updated(protocol: Protocol, history: History, links: Links) -> dict[str, Any]:
    """What a partnership page's "Last updated" line needs."""
    src = links.partnership_src(protocol.slug)
    return {
        "date": history.last_updated,
        "href": links.href(src, changes_src(protocol.slug)),
        "feed": feed_path(protocol.slug),
    }


def render_whats_new(
    template: jinja2.Template, protocols: list[Protocol], histories: dict[str, History], links: Links
) -> str:
    src = WHATS_NEW_SRC
    return template.render(
        protocol=None,
        listed=newest_first(protocols, histories),
        partnership_hrefs={p.slug: links.href(src, links.partnership_src(p.slug)) for p in protocols},
        feed_href=links.href(src, FEED_PATH),
        anchor=anchor,
    )


def render_partnership_changes(template: jinja2.Template, protocol: Protocol, history: History, links: Links) -> str:
    src = changes_src(protocol.slug)
    return template.render(
        protocol=protocol,
        feed=feed_path(protocol.slug),
        listed=[Listed(protocol, e) for e in history.entries],
        partnership_hrefs={protocol.slug: links.href(src, links.partnership_src(protocol.slug))},
        feed_href=links.href(src, feed_path(protocol.slug)),
        whats_new_href=links.href(src, WHATS_NEW_SRC),
        anchor=anchor,
    )
