"""One abbreviation or term of art of a partnership's source, with the line a reader is shown where it stands.

Standard library only, so it runs unchanged in CPython and Pyodide, where the
page's calculator explains the terms of its answers with the same lines the
site's pages use.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .values import quotes_of
from .wording.glossary import term_explained, whose_expansion

__all__ = ["Term"]


@dataclass(frozen=True)
class Term:
    """One entry of a protocol's `glossary`: the source's own expansion (with
    its words, `quotes`) or the handbook's gloss (no quotes)."""

    term: str
    means: str
    #: The source's words that expand it; empty for the handbook's gloss.
    quotes: tuple[str, ...] = ()
    note: str | None = None

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Term:
        return cls(term=d["term"], means=d["means"], quotes=quotes_of(d.get("quote")), note=d.get("note"))

    @property
    def the_sources(self) -> bool:
        """The source expands it (else the expansion is the handbook's gloss)."""
        return bool(self.quotes)

    @property
    def is_abbreviation(self) -> bool:
        """Capitals (HoS, SLO) or letters with full stops (D.O.B), not words
        (a term of art)."""
        return "." in self.term or sum(c.isupper() for c in self.term) >= 2

    @property
    def whose(self) -> str:
        """Whose expansion `means` is: the source's, or the handbook's gloss."""
        return whose_expansion(abbreviation=self.is_abbreviation, the_sources=self.the_sources)

    @property
    def explanation(self) -> str:
        """The one line a reader is shown where the term stands."""
        return term_explained(self.term, self.means, abbreviation=self.is_abbreviation, the_sources=self.the_sources)

    def as_shown(self) -> dict[str, Any]:
        """What the page's calculator needs to explain it in an answer."""
        return {"term": self.term, "explanation": self.explanation, "abbreviation": self.is_abbreviation}
