"""The glossary's terms as the site shows them, from each protocol's `glossary`.

Pure: protocol data in, `Term`s and the glossary page's Markdown out. A term
is the source's own expansion (with its words) or the handbook's gloss, and
every view says which.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import jinja2

from calculator.model import Protocol

from .links import Links

__all__ = ["GLOSSARY_SRC", "Term", "render_glossary", "shared_terms", "terms_of"]

#: Where the glossary page lives, inside the site's docs.
GLOSSARY_SRC = "glossary.md"


@dataclass(frozen=True)
class Term:
    """One abbreviation or term of art of a partnership's source."""

    term: str
    means: str
    #: The source's words that expand it; empty for the handbook's gloss.
    quotes: tuple[str, ...] = ()
    note: str | None = None

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
    def explanation(self) -> str:
        """The one line a reader is shown where the term stands."""
        verb = "expands" if self.is_abbreviation else "explains"
        whose = f"as the source {verb} it" if self.the_sources else f"the handbook's gloss: the source never {verb} it"
        return f"{self.term}: {self.means} ({whose})"

    @property
    def anchor(self) -> str:
        """The term's id on the glossary page, within its partnership's."""
        return "".join(c if c.isalnum() else "-" for c in self.term.casefold()).strip("-")


def terms_of(data: Mapping[str, Any]) -> list[Term]:
    """A protocol's glossary (its checked data), in the file's order."""
    terms = []
    for entry in data.get("glossary") or ():
        quote = entry.get("quote")
        quotes = (quote,) if isinstance(quote, str) else tuple(quote or ())
        terms.append(Term(entry["term"], entry["means"], quotes, entry.get("note")))
    return terms


def shared_terms(by_slug: Mapping[str, list[Term]], names: Mapping[str, str]) -> list[Term]:
    """The terms for a page about every partnership: a term whose meaning is
    the same wherever it is used as it is; one that means different things
    in different partnerships, each meaning with its partnership's name."""
    seen: dict[str, list[tuple[str, Term]]] = {}
    for slug, terms in by_slug.items():
        for t in terms:
            seen.setdefault(t.term, []).append((slug, t))
    shared = []
    for term, uses in seen.items():
        meanings = {t.means for _, t in uses}
        if len(meanings) == 1:
            shared.append(uses[0][1])
        else:
            means = "; ".join(f"in {names[slug]}, {t.means}" for slug, t in uses)
            shared.append(Term(term, means, tuple(q for _, t in uses for q in t.quotes)))
    return shared


def render_glossary(
    template: jinja2.Template, protocols: Iterable[Protocol], by_slug: Mapping[str, list[Term]], links: Links
) -> str:
    """The glossary page: each partnership's terms under its name, with whose
    expansion each is."""
    sections = [
        {
            "protocol": p,
            "href": links.href(GLOSSARY_SRC, links.partnership_src(p.slug)),
            "terms": by_slug.get(p.slug, []),
        }
        for p in protocols
    ]
    return template.render(sections=sections)
