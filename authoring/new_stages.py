"""The stage headings of a new source text ("Stage 1:", "Step 2 –", "Level
3"), from which `handbook new` makes the skeleton's stages.

A heading is a short line of its own that starts with the word and the
number, then a separator (":", "–", "-", ".", ")") or a capitalised title or
nothing; a line that runs on as a sentence ("Stage 2 of this procedure
applies when…") is not one. The stages are the longest run of headings
numbered 1, 2, 3… in order (a contents list before the body gives a run as
long: the later one, the body's, is taken).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Heading", "MAX_STAGES", "is_stage_heading", "stage_headings"]

#: More headings than this in one run are not a procedure's stages (a
#: numbered list of steps, say): no stages are made from them.
MAX_STAGES = 30
#: A heading is a line no longer than this.
_MAX_CHARS = 120

_HEADING = re.compile(
    r"^(?P<word>Stage|Step|Level|Tier)\s+(?P<number>\d{1,2})"
    r"(?:\s*(?:[:.)–—-]|$)\s*(?P<after>.*)|\s+(?P<capital>[A-Z].*))$"
)


@dataclass(frozen=True)
class Heading:
    """One stage heading: its line in the source text, the source's word
    for a stage, the number, the title after it ('' if none) and the line as
    written (the stage's quote)."""

    line: int
    word: str
    number: int
    title: str
    quote: str


def _heading(n: int, line: str) -> Heading | None:
    m = _HEADING.match(line)
    if m is None or len(line) > _MAX_CHARS:
        return None
    title = (m.group("after") if m.group("capital") is None else m.group("capital")) or ""
    if title.endswith((".", ",", ";")) or (title and not title[0].isupper() and not title[0].isdigit()):
        return None  # a sentence that starts with the word, not a heading
    return Heading(n, m.group("word"), int(m.group("number")), title.strip(), line)


def is_stage_heading(line: str) -> bool:
    """Whether a line, as it stands, reads as a stage heading."""
    return _heading(0, " ".join(line.split())) is not None


def stage_headings(text: str) -> list[Heading]:
    """The source's stage headings, in order: the longest run numbered from
    1 with one word ("Stage"), the later of two as long; none if the longest
    is over `MAX_STAGES`."""
    runs: list[list[Heading]] = []
    for n, line in enumerate(text.splitlines(), 1):
        heading = _heading(n, line)
        if heading is None:
            continue
        if heading.number == 1:
            runs.append([heading])
        elif runs and runs[-1][-1].number + 1 == heading.number and runs[-1][-1].word == heading.word:
            runs[-1].append(heading)
    if not runs:
        return []
    best = max(reversed(runs), key=len)
    return best if len(best) <= MAX_STAGES else []
