"""The Atom 1.0 feeds of the recorded changes, the whole handbook's or one partnership's.

Every address in a feed is relative to the feed itself, as every link of the
site is relative to its page, so the built folder works from any address
(a feed reader resolves them against the feed's own). Each entry's id is a
`urn:uuid:` made from the entry's recorded id, which never changes; a feed's
`updated` is its newest entry's date (the build's date when it has none), so
a build of the same history writes the same feed.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from xml.etree import ElementTree as ET

from calculator.wording.dates import plain_date

from .history_pages import Listed, anchor, changes_src
from .links import Links

__all__ = ["ATOM", "entry_id", "render_feed"]

ATOM = "http://www.w3.org/2005/Atom"
#: The namespace of the handbook's feed and entry ids.
_IDS = uuid.uuid5(uuid.NAMESPACE_URL, "urn:escalation-handbook:changes")


def entry_id(recorded_id: str) -> str:
    """A stable Atom id for an entry (or a feed) recorded as `recorded_id`."""
    return f"urn:uuid:{uuid.uuid5(_IDS, recorded_id)}"


def _timestamp(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def _text(parent: ET.Element, tag: str, value: str, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
    element.text = value
    return element


def _content(item: Listed) -> str:
    """The entry's differences as a little HTML (escaped once more by the XML writer)."""
    e = item.entry
    rows = []
    for d in e.differences:
        row = ET.Element("li")
        row.text = d.text
        if d.moves_due_date:
            old = plain_date(d.old_due) if d.old_due else "none"
            new = plain_date(d.new_due) if d.new_due else "none"
            br = ET.SubElement(row, "br")
            br.tail = (
                f"Due date for a {item.protocol.stage_word.lower()} starting on {plain_date(e.start)}: {old} → {new}"
            )
        rows.append(ET.tostring(row, encoding="unicode", method="html"))
    return f"<p>{_escape(e.kind_words)}. {_escape(e.summary)}</p><ul>{''.join(rows)}</ul>"


def _escape(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def render_feed(feed: str, title: str, listed: Sequence[Listed], page_src: str, links: Links, built: dt.date) -> str:
    """The Atom document at `feed` (its path in the site), entries newest first,
    its alternate link to `page_src`."""
    ET.register_namespace("", ATOM)
    root = ET.Element(f"{{{ATOM}}}feed")
    _text(root, "id", entry_id(f"feed:{feed}"))
    _text(root, "title", title)
    _text(root, "updated", _timestamp(listed[0].entry.date if listed else built))
    author = ET.SubElement(root, f"{{{ATOM}}}author")
    _text(author, "name", "Escalation Handbook")
    ET.SubElement(
        root, f"{{{ATOM}}}link", {"rel": "self", "type": "application/atom+xml", "href": links.href(feed, feed)}
    )
    ET.SubElement(
        root, f"{{{ATOM}}}link", {"rel": "alternate", "type": "text/html", "href": links.href(feed, page_src)}
    )
    for item in listed:
        e = item.entry
        entry = ET.SubElement(root, f"{{{ATOM}}}entry")
        _text(entry, "id", entry_id(e.id))
        _text(entry, "title", f"{item.protocol.name}: {e.kind_words.lower()}, {plain_date(e.date)}")
        _text(entry, "updated", _timestamp(e.date))
        _text(entry, "published", _timestamp(e.date))
        href = links.href(feed, changes_src(item.protocol.slug), anchor(e))
        ET.SubElement(entry, f"{{{ATOM}}}link", {"rel": "alternate", "type": "text/html", "href": href})
        ET.SubElement(entry, f"{{{ATOM}}}category", {"term": e.kind, "label": e.kind_words})
        _text(entry, "summary", e.summary)
        _text(entry, "content", _content(item), type="html")
    ET.indent(root)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


#: Beside the feeds, an empty sitemap. The theme reads every
#: `<link rel="alternate">` as another language's copy of the site and asks
#: for the sitemap beside it (`feeds/sitemap.xml`), once per page; this one
#: answers that request with nothing to map, where a missing file gave a 404.
EMPTY_SITEMAP = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"/>\n'
)
