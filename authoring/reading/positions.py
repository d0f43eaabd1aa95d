"""Where each value sits in a protocol file, as its (line, column).

A `SourceMap` maps a value's path (a tuple of keys and list indexes, as
`("stages", 2, "timescales", 0)`) to its position; the helpers turn libyaml's
marks, a character index or a byte offset into a 1-based `(line, column)`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Position", "PathKey", "SourceMap", "mark_position", "text_position", "offset_position"]

Position = tuple[int, int]  # (line, column), both 1-based
PathKey = tuple[str | int, ...]


@dataclass
class SourceMap:
    """Where each value (and each mapping key) sits in the file.

    Paths are tuples of keys and list indexes: ("stages", 2, "timescales", 0).
    """

    values: dict[PathKey, Position] = field(default_factory=dict)
    keys: dict[PathKey, Position] = field(default_factory=dict)

    def value(self, path: Iterable[str | int]) -> Position:
        """The position of the value at `path`, or of its nearest ancestor."""
        p = tuple(path)
        while p:
            if p in self.values:
                return self.values[p]
            p = p[:-1]
        return self.values.get((), (1, 1))

    def key(self, path: Iterable[str | int]) -> Position:
        """The position of the key naming `path` (falls back to its value)."""
        p = tuple(path)
        if p in self.keys:
            return self.keys[p]
        return self.value(p)


def mark_position(mark: Any) -> Position:
    """The position of a libyaml mark (0-based inside), or (1, 1) for none."""
    return (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)


def text_position(text: str, index: int) -> Position:
    """The position of character `index` of `text`."""
    before = text[:index]
    return before.count("\n") + 1, index - (before.rfind("\n") + 1) + 1


def offset_position(raw: bytes, offset: int) -> Position:
    """The position of byte `offset` of UTF-8 `raw`, its column in characters."""
    before = raw[:offset]
    line = before.count(b"\n") + 1
    start = before.rfind(b"\n") + 1
    column = len(before[start:].decode("utf-8", errors="replace")) + 1
    return line, column
