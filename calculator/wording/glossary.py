"""The one line a reader is shown where a glossary term stands: its meaning, with whose expansion that is."""

from __future__ import annotations

__all__ = ["term_explained", "whose_expansion"]


def whose_expansion(*, abbreviation: bool, the_sources: bool) -> str:
    """ "as the source expands it", or "the handbook's gloss: the source never
    expands it"; a term of art is explained, not expanded."""
    verb = "expands" if abbreviation else "explains"
    return f"as the source {verb} it" if the_sources else f"the handbook's gloss: the source never {verb} it"


def term_explained(term: str, means: str, *, abbreviation: bool, the_sources: bool) -> str:
    """ "LSCP: Lancashire Safeguarding Children Partnership (the handbook's
    gloss: the source never expands it)"."""
    return f"{term}: {means} ({whose_expansion(abbreviation=abbreviation, the_sources=the_sources)})"
