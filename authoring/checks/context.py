"""What every meaning rule of `handbook check` reads from, writes to: the
protocol's data, where each value stands in the file, the problems found.

Written defensively, as the rules are: it never assumes a shape the schema
may not enforce (a list where a mapping should be yields nothing).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ..reading.positions import SourceMap
from ..reading.yaml_paths import yaml_path
from .words import PathKey, suggest

__all__ = ["Context", "Entries", "quote_list"]

#: Entries of a list in the file, each a mapping, with its path.
Entries = list[tuple[PathKey, dict[str, Any]]]


def quote_list(entry: dict[str, Any]) -> list[str]:
    """An entry's `quote`, one text or a list of them, as a list."""
    quotes = entry.get("quote")
    return [quotes] if isinstance(quotes, str) else [q for q in quotes or () if isinstance(q, str)]


@dataclass
class Context:
    """One protocol file being checked: `path` as shown, its data, `positions`
    of its values, the day (for review dates) and the problems `found` so far,
    each (line, column, severity, message)."""

    path: str
    data: dict[str, Any]
    positions: SourceMap
    today: dt.date
    found: list[tuple[int, int, str, str]] = field(default_factory=list)
    #: Values the schema faulted: nothing within one is said again.
    faulted: frozenset[PathKey] = frozenset()

    def _said(self, p: PathKey) -> bool:
        """The schema already faulted `p` or a value holding it."""
        return any(p[: len(f)] == f for f in self.faulted)

    def error(self, p: PathKey, message: str, key: bool = False) -> None:
        """An error at the value at `p` (at its key, with `key`)."""
        if self._said(p):
            return
        line, col = self.positions.key(p) if key else self.positions.value(p)
        self.found.append((line, col, "error", message))

    def warning(self, p: PathKey, message: str) -> None:
        """A warning at the value at `p`."""
        if self._said(p):
            return
        line, col = self.positions.value(p)
        self.found.append((line, col, "warning", message))

    def items(self, p: PathKey) -> Entries:
        """The mappings in the list at `p`, each with its path; none where
        there is no such list."""
        value: Any = self.data
        for part in p:
            if isinstance(value, dict) and isinstance(part, str):
                value = value.get(part)
            elif isinstance(value, list) and isinstance(part, int) and part < len(value):
                value = value[part]
            else:
                return []
        if not isinstance(value, list):
            return []
        return [(p + (i,), item) for i, item in enumerate(value) if isinstance(item, dict)]

    @staticmethod
    def strings(p: PathKey, container: dict[str, Any], key: str) -> list[tuple[PathKey, str]]:
        """The text (or number) at `key` of the entry at `p`, or each of a
        list of them, with its path."""
        value = container.get(key)
        if isinstance(value, (str, int)) and not isinstance(value, bool):
            return [(p + (key,), str(value))]
        if not isinstance(value, list):
            return []
        return [
            (p + (key, i), str(v)) for i, v in enumerate(value) if isinstance(v, (str, int)) and not isinstance(v, bool)
        ]

    def all_timescales(self) -> Entries:
        """Every timescale: each stage's, then child protection's."""
        found = []
        for p, _ in self.items(("stages",)):
            found.extend(self.items(p + ("timescales",)))
        found.extend(self.items(("child_protection", "timescales")))
        return found

    def ids(self, entries: Entries, kind: str) -> dict[str, PathKey]:
        """Each entry's id, reporting duplicates; returns id -> path of its first entry."""
        first: dict[str, PathKey] = {}
        for p, entry in entries:
            value = entry.get("id")
            if value is None or isinstance(value, (bool, dict, list)):
                continue
            ident = str(value)
            if ident in first:
                line, col = self.positions.value(first[ident] + ("id",))
                self.error(
                    p + ("id",),
                    f"{yaml_path(p + ('id',))}: duplicate {kind} id '{ident}' "
                    f"(already used by {yaml_path(first[ident])} at line {line}, "
                    f"column {col}); each {kind} id is used once",
                )
            else:
                first[ident] = p
        return first

    def unknown(self, p: PathKey, kind: str, ident: str, known: Iterable[str]) -> None:
        """An error: `ident` at `p` names no `kind` of the file's."""
        known = list(known)
        listing = f"{kind}s are: {', '.join(known)}" if known else f"there are no {kind}s"
        self.error(p, f"{yaml_path(p)}: unknown {kind} '{ident}' ({listing}){suggest(ident, known)}")
