"""The comparison written out for `handbook diff`: lines of text, or JSON with --json."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from .change import Change
from .words import format_date

__all__ = ["deadline_line", "render_text", "as_json"]


def deadline_line(change: Change) -> str | None:
    """ "due: OLD → NEW" where the change moves a due date, else None."""
    d = change.deadline
    if not d or d.get("old") == d.get("new"):
        return None
    return f"due: {format_date(d.get('old'))} → {format_date(d.get('new'))}"


def render_text(changes: Sequence[Change], protocol: str, old_label: str, new_label: str, start: dt.date) -> str:
    lines = [f"{protocol}: {old_label} → {new_label}", f"deadlines for a stage starting {format_date(start)}", ""]
    if not changes:
        lines.append("no differences")
        return "\n".join(lines) + "\n"
    width = max(len(c.kind) for c in changes)
    for c in changes:
        lines.append(f"{c.kind:<{width}}  {c.description}")
        due = deadline_line(c)
        if due:
            lines.append(f"{'':<{width}}  {due}")
    moved = sum(1 for c in changes if deadline_line(c))
    lines += [
        "",
        f"{len(changes)} difference{'s' if len(changes) != 1 else ''}, "
        f"{moved} due date{'s' if moved != 1 else ''} changed",
    ]
    return "\n".join(lines) + "\n"


def as_json(changes: Sequence[Change], protocol: str, old_label: str, new_label: str, start: dt.date) -> dict[str, Any]:
    return {
        "protocol": protocol,
        "old": old_label,
        "new": new_label,
        "start": start.isoformat(),
        "changes": [c.as_dict() for c in changes],
    }
