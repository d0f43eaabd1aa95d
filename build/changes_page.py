"""The live preview's pages of changes since the last record, as HTML in Markdown.

`render_markdown` is one partnership's comparison (a table, with `<time>`
for each date); `render_preview_index` lists every partnership and what
changed in each, between the published version (as `handbook record` last
kept it) and the author's saved file: no git. Every word from the files is
text, escaped (`page_text.escape`), never Markdown or HTML. `handbook serve`
only: the published handbook has no such page.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from authoring.diff.change import Change
from authoring.diff.output import deadline_line
from authoring.diff.saved_files import SavedFile
from authoring.diff.words import format_date

from .page_text import escape

__all__ = ["render_markdown", "render_preview_index"]


def _time(day: dt.date | None) -> str:
    if day is None:
        return "no date"
    return f'<time datetime="{day.isoformat()}">{format_date(day)}</time>'


def _row(cells: Sequence[str]) -> str:
    return "<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>"


def _table(caption: str, heads: Sequence[str], rows: Sequence[str]) -> list[str]:
    """An HTML table, one line a row: a block Markdown leaves as it is, so
    no text in it is read as Markdown."""
    return [
        '<div class="table-scroll" role="region" aria-label="' + escape(caption) + '" tabindex="0">',
        "<table>",
        f"<caption>{escape(caption)}</caption>",
        "<thead><tr>" + "".join(f'<th scope="col">{h}</th>' for h in heads) + "</tr></thead>",
        "<tbody>",
        *rows,
        "</tbody>",
        "</table>",
        "</div>",
    ]


def _new_edition(changes: Sequence[Change]) -> str | None:
    """A sentence for a saved file that starts a new edition (`handbook revise`), else None."""
    for c in changes:
        if c.path == "document.in_force_from" and isinstance(c.new, dt.date):
            return (
                f"<p>Your saved file is a new edition of the procedure, in force from {_time(c.new)}; "
                "the published version is the edition in force before it.</p>"
            )
    return None


def render_markdown(
    changes: Sequence[Change],
    name: str,
    start: dt.date | None = None,
    old_label: str = "the published version",
    new_label: str = "your saved file",
) -> str:
    """One partnership's comparison as a page for the site (Markdown whose
    body is HTML: a table, with `<time>` for each date)."""
    out = [
        f"# Changes to {escape(name)}",
        "",
        f"<p>What changes between <strong>{escape(old_label)}</strong> and <strong>{escape(new_label)}</strong>.</p>",
    ]
    edition = _new_edition(changes)
    if edition:
        out.append(edition)
    if start is not None:
        out.append(f"<p>Due dates are for a stage that starts on {_time(start)}, a working day.</p>")
    out.append("")
    if not changes:
        out.append("<p>No differences.</p>")
        return "\n".join(out) + "\n"
    rows = []
    for c in changes:
        due = ""
        if c.deadline and c.deadline.get("old") != c.deadline.get("new"):
            due = f"{_time(c.deadline.get('old'))} → {_time(c.deadline.get('new'))}"
        rows.append(_row([escape(c.kind), escape(c.what), escape(c.description), due]))
    heads = ["Change", "What", "Description", "Due date (published → saved)"]
    out += _table("Each difference, with the due dates it moves", heads, rows)
    return "\n".join(out) + "\n"


def _status_words(e: SavedFile, hrefs: dict[str, str]) -> str:
    if e.status == "changed":
        moved = sum(1 for c in e.changes if deadline_line(c))
        words = (
            (
                f"{len(e.changes)} difference{'s' if len(e.changes) != 1 else ''}, "
                f"{moved} due date{'s' if moved != 1 else ''} changed; "
                f"<code>handbook record {escape(e.slug)}</code> tells readers"
            )
            if e.changes
            else "the file's layout or comments changed, but nothing a reader sees did"
        )
        if e.slug in hrefs:
            words = f'<a href="{escape(hrefs[e.slug])}">{words}</a>' if e.changes else words
        return words
    return {
        "unchanged": "no changes since the published version",
        "new": f"not published yet: <code>handbook record {escape(e.slug)}</code> keeps it to compare with next time",
    }.get(e.status) or escape(" ".join(e.message.split()))


def render_preview_index(entries: Sequence[SavedFile], hrefs: dict[str, str] | None = None) -> str:
    """The live preview's list of partnerships and what changed in each
    since the last record; `hrefs[slug]` links to a changed file's own page
    (`render_markdown`)."""
    out = [
        "# Changes since the last record",
        "",
        '<div class="lede">',
        "<p>For policy authors: each partnership's saved file compared with the published version "
        "(the one <code>handbook record</code> last kept). This page is part of the live preview "
        "only (<code>handbook serve</code>); the published handbook does not have it.</p>",
        "</div>",
        "",
    ]
    if not entries:
        out.append("<p>No protocol files.</p>")
        return "\n".join(out) + "\n"
    rows = [_row([escape(e.name), _status_words(e, hrefs or {})]) for e in entries]
    out += _table("Each partnership since the last record", ["Partnership", "Since the published version"], rows)
    return "\n".join(out) + "\n"
