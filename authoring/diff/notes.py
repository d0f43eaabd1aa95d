"""The handbook's own notes on a procedure, compared between two versions.

Those notes are what it says where the source is unclear or silent (the
procedure's and each stage's gaps), its notes on the partnership's name, the
document's title and a stage's staging, what the source says happens once a
stage resolves, and the ways to raise a disagreement. A reader sees each, so
a change to one is a change for readers, said in plain words.
"""

from __future__ import annotations

from .recorder import ChangeList
from .words import stage_name

__all__ = ["note_changes"]


def _note(changes: ChangeList, path: str, label: str, a: str | None, b: str | None) -> None:
    if a != b:
        changes.add("changed", "note", path, f"{label}: {a or 'none'} → {b or 'none'}", a, b)


def _ways(changes: ChangeList) -> None:
    def said(ways) -> list[str]:
        return [f"{w.way.replace('-', ' ')}{'' if w.recommended else ' (not recommended)'}" for w in ways]

    a, b = said(changes.old.ways_to_raise), said(changes.new.ways_to_raise)
    if a != b:
        words = f"Ways to raise a disagreement: {', '.join(a) or 'none'} → {', '.join(b) or 'none'}"
        changes.add("changed", "document", "raising.ways", words, a, b)


def note_changes(changes: ChangeList) -> None:
    """Add to `changes` each of the handbook's notes, gaps and ways to raise
    that differ; a stage's are compared where both versions have the stage."""
    o, n = changes.old, changes.new
    changes.statements("gaps", "Where the source is unclear", o.gaps, n.gaps)
    _note(changes, "name_note", "Note on the partnership's name", o.name_note, n.name_note)
    _note(changes, "document.title_note", "Note on the document", o.document.title_note, n.document.title_note)
    _ways(changes)
    before = {s.id: s for s in o.stages}
    for j, b in enumerate(n.stages):
        a = before.get(b.id)
        if a is None:
            continue
        name, path = stage_name(n, b), f"stages[{j}]"
        changes.statements(f"{path}.gaps", f"{name}, where the source is unclear", a.gaps, b.gaps)
        changes.statements(f"{path}.if_resolved", f"{name}, once resolved", a.if_resolved, b.if_resolved)
        _note(changes, f"{path}.note", f"{name}, the handbook's reading of its staging", a.note, b.note)
