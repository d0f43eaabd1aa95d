"""The one line a reader is shown where a glossary term stands: what it means, and whose expansion that is."""

from __future__ import annotations

__all__ = ["term_explained"]


def term_explained(term: str, means: str, *, abbreviation: bool, the_sources: bool) -> str:
    """ "LSCP: Lancashire Safeguarding Children Partnership (the handbook's
    gloss: the source never expands it)"; a term of art is explained, not
    expanded."""
    verb = "expands" if abbreviation else "explains"
    whose = f"as the source {verb} it" if the_sources else f"the handbook's gloss: the source never {verb} it"
    return f"{term}: {means} ({whose})"
