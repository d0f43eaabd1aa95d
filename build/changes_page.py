"""The live preview's pages of changes since the last commit, as HTML in Markdown.

`render_markdown` is one protocol file's comparison (a table, with `<time>`
for each date); `render_preview_index` lists every protocol file and what
changed in each. Every word from the files is text, escaped
(`page_text.escape`), never Markdown or HTML. `handbook serve` only: the
published handbook has no such page.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from authoring.diff.change import Change
from authoring.diff.output import deadline_line
from authoring.diff.words import format_date
from authoring.diff.working_copy import WorkingCopy

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
        "<table>",
        f"<caption>{caption}</caption>",
        "<thead><tr>" + "".join(f'<th scope="col">{h}</th>' for h in heads) + "</tr></thead>",
        "<tbody>",
        *rows,
        "</tbody>",
        "</table>",
    ]


def render_markdown(
    changes: Sequence[Change],
    protocol: str = "",
    old_label: str = "old",
    new_label: str = "new",
    start: dt.date | None = None,
) -> str:
    """The comparison as a page for the site (Markdown whose body is HTML: a
    table, with `<time>` for each date). Every word from the files is text,
    escaped (`page_text.escape`), never Markdown or HTML."""
    title = f"Changes to {protocol}" if protocol else "Changes"
    out = [
        f"# {escape(title)}",
        "",
        f"<p>Comparing <strong>{escape(old_label)}</strong> (old) with <strong>{escape(new_label)}</strong> (new).</p>",
    ]
    if start is not None:
        out.append(f"<p>Due dates are for a stage that starts on {_time(start)}.</p>")
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
    out += _table(
        "Each difference, with the due dates it moves", ["Change", "What", "Description", "Due date (old → new)"], rows
    )
    return "\n".join(out) + "\n"


def render_preview_index(
    entries: Sequence[WorkingCopy], start: dt.date, rev: str = "HEAD", hrefs: dict[str, str] | None = None
) -> str:
    """The live preview's list of protocol files and what changed in each since
    `rev`, as a page for the site (as `render_markdown`, the body is HTML and
    every word from the files is escaped text); `hrefs[slug]` links to a
    changed file's own page (`render_markdown`)."""
    hrefs = hrefs or {}
    out = [
        "# Changes since the last commit",
        "",
        '<div class="lede">',
        f"<p>For policy authors: each protocol file as it is now, compared with its version "
        f"at <code>{escape(rev)}</code>. Due dates are for a stage that starts on "
        f"{_time(start)}. This page is part of the live preview only "
        f"(<code>handbook serve</code>); the published handbook does not have it.</p>",
        "</div>",
        "",
    ]
    if not entries:
        out.append("<p>No protocol files.</p>")
        return "\n".join(out) + "\n"
    if all(e.status == "no-git" for e in entries):
        out.append(
            "<p>The protocols folder is not in a git repository, so there is no earlier "
            "version to compare with. To see changes, use "
            "<code>handbook diff OLD NEW</code> with two files.</p>"
        )
        return "\n".join(out) + "\n"
    rows = []
    for e in entries:
        if e.status == "changed":
            moved = sum(1 for c in e.changes if deadline_line(c))
            words = (
                (
                    f"{len(e.changes)} difference{'s' if len(e.changes) != 1 else ''}, "
                    f"{moved} due date{'s' if moved != 1 else ''} changed"
                )
                if e.changes
                else ("the text changed, but no stage, timescale, contact, form or duty did")
            )
            if e.slug in hrefs:
                words = f'<a href="{escape(hrefs[e.slug])}">{words}</a>'
        else:
            words = {
                "unchanged": "no changes",
                "untracked": "not in git yet, so there is nothing to compare with",
                "no-git": "the protocols folder is not in a git repository, so there is nothing to compare with",
            }.get(e.status) or escape(" ".join(e.message.split()))
        rows.append(_row([f"<code>{escape(e.path.name)}</code>", words]))
    out += _table("Each protocol file since the last commit", ["Protocol file", "Since the last commit"], rows)
    return "\n".join(out) + "\n"
