"""One abbreviation or term of art of a partnership's source, with what it means, as a typed object.

Where the source expands a term, `quote` holds the source's words that do;
where it never does, `quote` is empty and the expansion is the handbook's own
gloss. Standard library only, so it runs unchanged in CPython and Pyodide.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .values import quotes_of

__all__ = ["GlossaryEntry"]


@dataclass(frozen=True)
class GlossaryEntry:
    term: str
    means: str
    quote: tuple[str, ...] = ()  # the source's expansion; empty for the handbook's gloss
    note: str | None = None

    @property
    def the_sources(self) -> bool:
        """The source expands the term (else the expansion is the handbook's gloss)."""
        return bool(self.quote)

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> GlossaryEntry:
        return cls(term=d["term"], means=d["means"], quote=quotes_of(d.get("quote")), note=d.get("note"))
