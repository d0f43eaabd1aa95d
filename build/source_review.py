"""The reviewers' page of a partnership: its source text, marked with where the handbook uses it.

Each passage the handbook quotes is marked and linked to where the
partnership's page uses it, and every paragraph it does not use is marked as
such, so that someone at the partnership can check the handbook's reading of
their procedure in one read.

Pure: a protocol's data (as checked, with every `quote`), its source text
and the site's links in, Markdown (an HTML block) out, no MkDocs. Quotes are
found in the source as `handbook check` finds them (`authoring.quotes`).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from authoring.quotes import normalise_quote, normalise_with_origins
from calculator.model import Protocol

from . import templating
from .links import Links

__all__ = [
    "INDEX_SRC",
    "page_src",
    "quoted_paths",
    "Paragraph",
    "review_paragraphs",
    "render_source_review",
    "render_index",
]

#: The list of the partnerships' reviewers' pages.
INDEX_SRC = "sources-review/index.md"

_HEADING = re.compile(r"^#+\s*")


def page_src(slug: str) -> str:
    return f"sources-review/{slug}.md"


def quoted_paths(data: Any, path: tuple = ()) -> Iterator[tuple[tuple, str]]:
    """Every quote in a protocol's data with the path of the entry it belongs to."""
    if isinstance(data, dict):
        quote = data.get("quote")
        for q in [quote] if isinstance(quote, str) else quote if isinstance(quote, list) else []:
            if isinstance(q, str) and q.strip():
                yield path, q
        for key, value in data.items():
            if key != "quote":
                yield from quoted_paths(value, path + (key,))
    elif isinstance(data, list):
        for i, item in enumerate(data):
            yield from quoted_paths(item, path + (i,))


#: Where a top-level part of a protocol is shown on the partnership's page.
_SECTIONS = {
    "document": ("about", "About this procedure"),
    "partnerships": ("about", "About this procedure"),
    "calendar": ("about", "About this procedure"),
    "areas": ("about", "About this procedure"),
    "purpose": ("purpose", "What the procedure is for"),
    "child_protection": ("before-you-start", "Before you start: child protection"),
    "raising": ("raising", "How to raise a disagreement"),
    "principles": ("principles", "Principles"),
    "record_keeping": ("records", "Records to keep"),
    "after": ("after", "After the disagreement"),
    "conflicts": ("conflicts", "Conflicts in the source"),
    "forms": ("forms", "Forms"),
    "events": ("deadlines", "Work out your deadlines"),
    "gaps": ("about", "About this procedure"),
}

#: Where a part of a stage is shown, under the stage's own heading.
_STAGE_PARTS = {
    "timescales": ("timescales", "time limits"),
    "actions": ("what", "what happens"),
    "records": ("record", "what to record"),
    "forms": ("forms", "forms"),
    "next": ("next", "what happens next"),
    "involved": ("who", "who is involved"),
    "if_resolved": ("what", "what happens"),
    "gaps": ("what", "what happens"),
}


@dataclass(frozen=True)
class Use:
    """Where the partnership's page uses a quote."""

    fragment: str
    label: str


def _use(protocol: Protocol, data: dict, path: tuple) -> Use:
    head = path[0] if path else ""
    if head == "stages" and len(path) > 1 and isinstance(path[1], int) and path[1] < len(protocol.stages):
        stage = protocol.stages[path[1]]
        name = stage.label(protocol.stage_word)
        part = path[2] if len(path) > 2 else ""
        if part in _STAGE_PARTS:
            suffix, words = _STAGE_PARTS[part]
            return Use(f"stage-{stage.id}-{suffix}", f"{name}, {words}")
        return Use(f"stage-{stage.id}", f"{name}, its heading")
    if head == "roles" and len(path) > 1 and isinstance(path[1], int):
        role = data["roles"][path[1]]
        for stage in protocol.stages:
            ids = set(stage.involved) | {c for t in stage.next for c in t.contacts}
            if role.get("id") in ids:
                return Use(f"stage-{stage.id}-who", f"{stage.label(protocol.stage_word)}, who is involved")
        return Use("stages", "the stages")
    fragment, label = _SECTIONS.get(head, ("about", "About this procedure"))
    return Use(fragment, label)


@dataclass
class Paragraph:
    """One line of the source as a reader sees it: runs of text, each with the
    uses of the quotes that cover it (none: the handbook does not use it)."""

    heading: bool
    runs: list[tuple[str, tuple[int, ...], tuple[int, ...]]]  # text, covering uses, uses ending here

    @property
    def used(self) -> bool:
        return any(covering for _, covering, _ in self.runs)


def review_paragraphs(source_text: str, quotes: list[tuple[int, str]]) -> list[Paragraph]:
    """The source's paragraphs (its non-blank lines, as quotes are compared),
    split into runs by the quotes that cover them. `quotes` pairs each quote
    with the index of its use; every place a quote's words stand is marked."""
    text, origins = normalise_with_origins(source_text)
    # One shared empty tuple per character until a quote covers it (not a set
    # each: a long source would take hundreds of megabytes); the places a
    # quote stands that overlap are marked once, so a repetitive quote costs
    # at most the length of the source.
    cover: list[tuple[int, ...]] = [()] * len(text)
    ends: dict[int, set[int]] = {}
    for use, quote in quotes:
        wanted = normalise_quote(quote)
        at = text.find(wanted) if wanted else -1
        marked = 0
        while at >= 0:
            for i in range(max(at, marked), at + len(wanted)):
                cover[i] += (use,)
            marked = at + len(wanted)
            ends.setdefault(at + len(wanted) - 1, set()).add(use)
            at = text.find(wanted, at + 1)
    paragraphs = []
    offset = 0
    for line in source_text.split("\n"):
        start, stop = offset, offset + len(line)
        offset = stop + 1
        a, b = bisect.bisect_left(origins, start), bisect.bisect_left(origins, stop)
        while a < b and text[a] == " ":
            a += 1
        marker = _HEADING.match(text[a:b])
        heading = marker is not None
        if marker is not None:
            a += marker.end()
        while b > a and text[b - 1] == " ":
            b -= 1
        if a >= b:
            continue
        runs: list[tuple[str, tuple[int, ...], tuple[int, ...]]] = []
        i = a
        while i < b:
            j = i
            first = cover[i]
            key = frozenset(first)
            ending: set[int] = set()
            # The same tuple (most often the one shared empty one) before the same set of uses.
            while j < b and (cover[j] is first or cover[j] == first or frozenset(cover[j]) == key):
                if j in ends:
                    ending |= ends[j]
                j += 1
            runs.append((text[i:j], tuple(sorted(key)), tuple(sorted(ending))))
            i = j
        paragraphs.append(Paragraph(heading, runs))
    return paragraphs


def render_source_review(protocol: Protocol, data: dict[str, Any], source_text: str, links: Links) -> str:
    """The reviewers' page of one partnership, as Markdown."""
    src = page_src(protocol.slug)
    page = links.href(src, links.partnership_src(protocol.slug))
    uses: list[Use] = []
    quotes: list[tuple[int, str]] = []
    index: dict[Use, int] = {}
    for path, quote in quoted_paths(data):
        use = _use(protocol, data, path)
        if use not in index:
            index[use] = len(uses)
            uses.append(use)
        quotes.append((index[use], quote))
    paragraphs = review_paragraphs(source_text, quotes)
    env = templating.environment()
    return env.get_template("source-review.md.j2").render(
        protocol=protocol,
        paragraphs=paragraphs,
        uses=uses,
        page_href=page,
        source_href=links.href(src, links.source_text_src(protocol.slug)),
        index_href=links.href(src, INDEX_SRC),
        used=sum(p.used for p in paragraphs),
        total=len(paragraphs),
        quote_count=len(quotes),
    )


def render_index(protocols: list[Protocol], links: Links) -> str:
    env = templating.environment()
    return env.get_template("sources-review-index.md.j2").render(
        rows=[{"protocol": p, "href": links.href(INDEX_SRC, page_src(p.slug))} for p in protocols]
    )
