"""The list of changes a comparison records, with the ways of pairing two versions' items.

`ChangeList` holds the two versions and their due dates; `add` records one
`Change`. Items with ids are paired by id (`id_list`, `paired`), statements
(which have none) by their text, in order (`statements`).
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from calculator.model import Protocol, Statement

from .change import Change
from .due_dates import DueDates, TableForNation

__all__ = ["ChangeList", "paired_by_text"]


def paired_by_text(old: Sequence[str], new: Sequence[str]) -> Iterator[tuple[str, int, int]]:
    """Two lists of texts paired in order, as (kind, old index, new index):
    "equal" for a text in both, "changed" for one text in place of another,
    "removed" and "added" for the rest (the other index is then -1)."""
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            for i, j in zip(range(i1, i2), range(j1, j2), strict=True):
                yield "equal", i, j
            continue
        pairs = min(i2 - i1, j2 - j1) if op == "replace" else 0
        for k in range(pairs):
            yield "changed", i1 + k, j1 + k
        for i in range(i1 + pairs, i2):
            yield "removed", i, -1
        for j in range(j1 + pairs, j2):
            yield "added", -1, j


class ChangeList:
    """The changes found so far between `old` and `new`."""

    def __init__(self, old: Protocol, new: Protocol, start: dt.date, table_for_nation: TableForNation) -> None:
        self.old = old
        self.new = new
        self.old_due = DueDates(old, start, table_for_nation)
        self.new_due = DueDates(new, start, table_for_nation)
        self.changes: list[Change] = []

    def add(
        self,
        kind: str,
        what: str,
        path: str,
        description: str,
        old: Any = None,
        new: Any = None,
        deadline: dict[str, dt.date | None] | None = None,
    ) -> None:
        self.changes.append(Change(kind, what, path, description, old, new, deadline))

    def id_list(
        self,
        what: str,
        path: str,
        label: str,
        a: Sequence[str],
        b: Sequence[str],
        title: Callable[[Protocol, str], str],
    ) -> None:
        for x in a:
            if x not in b:
                self.add("removed", what, path, f"{label}: removed {title(self.old, x)}", x, None)
        for x in b:
            if x not in a:
                self.add("added", what, path, f"{label}: added {title(self.new, x)}", None, x)

    def statements(self, path: str, label: str, a: Sequence[Statement], b: Sequence[Statement]) -> None:
        """Statements have no ids: pair them by their text, in order."""
        for kind, i, j in paired_by_text([s.text for s in a], [s.text for s in b]):
            if kind == "equal" and a[i].quote != b[j].quote:
                self.add(
                    "changed",
                    "duty",
                    f"{path}[{j}].quote",
                    f"{label}: the quoted source text changed for “{b[j].text}”",
                    list(a[i].quote),
                    list(b[j].quote),
                )
            elif kind == "changed":
                self.add(
                    "changed",
                    "duty",
                    f"{path}[{j}]",
                    f"{label} changed: “{a[i].text}” → “{b[j].text}”",
                    a[i].text,
                    b[j].text,
                )
            elif kind == "removed":
                self.add("removed", "duty", f"{path}[{i}]", f"{label} removed: “{a[i].text}”", a[i].text, None)
            elif kind == "added":
                self.add("added", "duty", f"{path}[{j}]", f"{label} added: “{b[j].text}”", None, b[j].text)

    def paired(
        self, olds: Iterable[Any], news: Iterable[Any], what: str, key: str, name: str
    ) -> Iterator[tuple[str, Any, Any]]:
        """Report entries (roles, forms) removed or added by id, and yield
        `(path, before, after)` for those in both versions."""
        old = {x.id: x for x in olds}
        new_ids = {x.id for x in news}
        for i, x in enumerate(olds):
            if x.id not in new_ids:
                label = getattr(x, name)
                self.add("removed", what, f"{key}[{i}]", f"{what.capitalize()} removed: {label}", label, None)
        for i, x in enumerate(news):
            if x.id not in old:
                label = getattr(x, name)
                self.add("added", what, f"{key}[{i}]", f"{what.capitalize()} added: {label}", None, label)
            else:
                yield f"{key}[{i}]", old[x.id], x
