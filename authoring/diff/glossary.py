"""The glossary's differences between two versions of a protocol, named in plain words.

Entries are paired by their term: an entry added or removed, its meaning
changed, its expansion now the source's own (quoted) or now the handbook's
gloss, its quoted source text or its note changed.
"""

from __future__ import annotations

from calculator.glossary import Term

from .recorder import ChangeList

__all__ = ["glossary_changes"]


def _whose(entry: Term) -> str:
    return "the source's expansion" if entry.the_sources else "the handbook's gloss"


def _changed(changes: ChangeList, path: str, a: Term, b: Term) -> None:
    """One term in both versions: what of it changed."""
    label = f"Glossary, {b.term}"
    if a.means != b.means:
        changes.add("changed", "glossary", f"{path}.means", f"{label}: {a.means} → {b.means}", a.means, b.means)
    if a.the_sources != b.the_sources:
        words = f"{label}: {_whose(a)} → {_whose(b)}"
        changes.add("changed", "glossary", f"{path}.quote", words, list(a.quotes), list(b.quotes))
    elif a.quotes != b.quotes:
        words = f"{label}: the quoted source text changed"
        changes.add("changed", "glossary", f"{path}.quote", words, list(a.quotes), list(b.quotes))
    if a.note != b.note:
        words = f"{label}, note: {a.note or 'none'} → {b.note or 'none'}"
        changes.add("changed", "glossary", f"{path}.note", words, a.note, b.note)


def glossary_changes(changes: ChangeList) -> None:
    """Add to `changes` every difference of the two versions' glossaries."""
    olds = {e.term: e for e in changes.old.glossary}
    news = {e.term: e for e in changes.new.glossary}
    for i, e in enumerate(changes.old.glossary):
        if e.term not in news:
            changes.add(
                "removed", "glossary", f"glossary[{i}]", f"Glossary entry removed: {e.term} ({e.means})", e.term
            )
    for i, e in enumerate(changes.new.glossary):
        path = f"glossary[{i}]"
        if e.term not in olds:
            words = f"Glossary entry added: {e.term}, {e.means} ({_whose(e)})"
            changes.add("added", "glossary", path, words, None, e.term)
        else:
            _changed(changes, path, olds[e.term], e)
