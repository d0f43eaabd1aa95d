"""The glossary's terms as the site shows them, from each protocol's `glossary`.

Pure: protocols in, the terms a page about every partnership explains and the
glossary page's Markdown out. A term (`calculator.glossary.Term`) is the
source's own expansion (with its words) or the handbook's gloss, and every
view says which.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import jinja2

from calculator.glossary import Term
from calculator.model import Protocol

from .links import Links

__all__ = ["GLOSSARY_SRC", "anchor", "render_glossary", "shared_terms"]

#: Where the glossary page lives, inside the site's docs.
GLOSSARY_SRC = "glossary.md"


def anchor(term: Term) -> str:
    """The term's id on the glossary page, within its partnership's."""
    return "".join(c if c.isalnum() else "-" for c in term.term.casefold()).strip("-")


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
            "anchors": {t.term: anchor(t) for t in by_slug.get(p.slug, [])},
        }
        for p in protocols
    ]
    return template.render(sections=sections)
