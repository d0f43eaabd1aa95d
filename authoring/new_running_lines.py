"""The running lines among a paged document's lines (its headers, footers,
page numbers), found so that `handbook new` leaves them out of the source text.

A line at the top or the bottom of a page (its first or last two lines with
text) is a running line when it repeats, its page number aside, at an edge of
at least half the pages (and two); when it is a page number ("Page 2 of 3",
"- 2 -"; a bare number only where it repeats); or when it carries a protective marking ("OFFICIAL"), which a
document prints on every page, even a one-page document. A stage heading
("Stage 2" at the top of page 2) is never one.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

from .new_document import DocumentText
from .new_stages import is_stage_heading

__all__ = ["Dropped", "leave_out_running_lines"]

#: How many lines with text at each edge of a page may be running lines.
_EDGE_LINES = 2
#: A running line is short; a longer line at an edge is the body's.
_MAX_CHARS = 160
#: A page number in words, its digits read as `#`: "Page # of #", "Page #",
#: "# of #", "#/#", "- # -". A bare "#" is one only where it repeats (a lone
#: "1" at a page's top may be a stage's number).
_PAGE_NUMBER = re.compile(r"^(?:page\s*#(?:\s*(?:of|/)\s*#)?|#\s*(?:of|/)\s*#|[-–—]\s*#\s*[-–—])$")
#: A number standing alone (not "v2.1", not "2nd").
_NUMBER = re.compile(r"(?<![\w.])\d+(?![.,]\d|\w)")
#: A government protective marking, in capitals as it is printed.
_MARKING = re.compile(r"\bOFFICIAL\b")


@dataclass(frozen=True)
class Dropped:
    """One running line left out: as it first stood, where, on how many pages."""

    text: str
    where: str  # "header", "footer" or "page number"
    pages: int

    def described(self) -> str:
        """'the running header "… v2.1 OFFICIAL" (on 3 pages)'."""
        kind = "the page number" if self.where == "page number" else f"the running {self.where}"
        return f'{kind} "{self.text}" (on {self.pages} page{"s" if self.pages != 1 else ""})'


def _key(line: str, page: int, pages: int) -> tuple[str, str]:
    """A line compared with the other pages' edges: as it stands, and with
    its page's number and the number of pages read as `#` (other numbers
    kept, so that "Part 2" at the top of one page and "Part 3" at the top of
    the next stay apart)."""
    numbers = {str(page), str(pages)}
    exact = " ".join(line.split()).casefold()
    return exact, _NUMBER.sub(lambda m: "#" if m.group(0) in numbers else m.group(0), exact)


def _edges(page: list[str]) -> list[tuple[int, str]]:
    """The indexes of a page's first and last lines with text, each with 'header' or 'footer'."""
    with_text = [i for i, line in enumerate(page) if line.strip()]
    top = with_text[:_EDGE_LINES]
    bottom = [i for i in with_text[-_EDGE_LINES:] if i not in top]
    return [(i, "header") for i in top] + [(i, "footer") for i in bottom]


def leave_out_running_lines(pages: list[list[str]]) -> tuple[list[str], list[Dropped]]:
    """The pages' lines without their running lines (a blank line between
    pages), and what was left out, in the order first seen."""
    edges = [_edges(page) for page in pages]
    keys = [
        {i: _key(page[i], n, len(pages)) for i, _ in edge}
        for n, (page, edge) in enumerate(zip(pages, edges, strict=True), 1)
    ]
    # A line repeats as it stands ("issue 3" on every page, page 3 too) or its page number aside.
    seen = Counter(key for page_keys in keys for key in {k for pair in page_keys.values() for k in pair})
    repeated = max(2, math.ceil(len(pages) / 2))
    lines: list[str] = []
    dropped: dict[tuple[str, str], list] = {}
    for original, edge, page_keys in zip(pages, edges, keys, strict=True):
        page = list(original)
        for i, edge_name in edge:
            line, (exact, key) = " ".join(page[i].split()), page_keys[i]
            key = exact if seen[exact] >= repeated else key
            if (
                len(line) > _MAX_CHARS
                or is_stage_heading(line)
                or not (_PAGE_NUMBER.match(key) or seen[key] >= repeated or _MARKING.search(line))
            ):
                continue
            where = "page number" if _PAGE_NUMBER.match(key) or key == "#" else edge_name
            entry = dropped.setdefault((key, where), [line, 0])
            entry[1] += 1
            page[i] = ""
        lines.extend(page)
        lines.append("")
    return lines, [Dropped(text, where, count) for (_, where), (text, count) in dropped.items()]


def document_lines(document: DocumentText) -> tuple[list[str], list[Dropped]]:
    """The document's lines, a paged one's running lines left out (and named)."""
    if document.paged:
        return leave_out_running_lines(document.pages)
    return [line for page in document.pages for line in page], []
