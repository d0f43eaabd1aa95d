"""Where a quote that is not in its source comes closest, and where the two
first differ: the passage of the source most like the quote, its line in the
source file, and the first character that differs, named so that an
invisible difference (a curly apostrophe, a non-breaking space) can be seen.

Quotes and sources are compared as `calculator.check` compares them: HTML
tags and `*` marks ignored, runs of white space as one space.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

__all__ = ["Closest", "closest_passage", "normalise_with_origins", "difference_words", "not_found_message"]

_TAG = re.compile(r"<[^>]+>")
#: How far either side of the first difference the message shows.
_AROUND = 20
#: Below this similarity no passage is offered as "the closest".
_MIN_RATIO = 0.5


def normalise_with_origins(raw: str) -> tuple[str, list[int]]:
    """The text as quotes are compared (as `check.normalise_quote` makes it),
    with the index in `raw` each of its characters comes from."""
    dropped = bytearray(len(raw))
    for m in _TAG.finditer(raw):
        dropped[m.start():m.end()] = b"\x01" * (m.end() - m.start())
    chars: list[str] = []
    origins: list[int] = []
    for i, c in enumerate(raw):
        if dropped[i] or c == "*":
            continue
        if c.isspace():
            if not chars or chars[-1] == " ":
                continue
            c = " "
        chars.append(c)
        origins.append(i)
    if chars and chars[-1] == " ":
        chars.pop()
        origins.pop()
    return "".join(chars), origins


@dataclass(frozen=True)
class Closest:
    """The passage of the normalised source most like a normalised quote."""

    start: int  # where the passage starts in the normalised source
    passage: str  # as long as the quote (shorter at the end of the source)
    differs_at: int  # index in the quote of the first character that differs
    ratio: float  # difflib's similarity of quote and passage, 0 to 1


def _candidates(quote: str, text: str) -> set[int]:
    """Where the quote might start in the text: aligned on the longest block
    they share, and on every place its first or last words appear."""
    starts: set[int] = set()
    matcher = difflib.SequenceMatcher(None, text, quote, autojunk=False)
    block = matcher.find_longest_match(0, len(text), 0, len(quote))
    if block.size:
        starts.add(block.a - block.b)
    for probe, offset in ((quote[:12], 0), (quote[-12:], len(quote) - len(quote[-12:]))):
        if len(probe) < 4:
            continue
        at = text.find(probe)
        while at >= 0 and len(starts) < 200:
            starts.add(at - offset)
            at = text.find(probe, at + 1)
    return {max(0, s) for s in starts}


def closest_passage(quote: str, text: str) -> Closest | None:
    """The passage of `text` most like `quote` (both normalised), or None when
    nothing in it is close (or the quote is in it after all)."""
    if not quote or not text or quote in text:
        return None
    best: Closest | None = None
    for start in sorted(_candidates(quote, text)):
        passage = text[start:start + len(quote)]
        ratio = difflib.SequenceMatcher(None, quote, passage, autojunk=False).ratio()
        differs = next((i for i, (a, b) in enumerate(zip(quote, passage)) if a != b),
                       min(len(quote), len(passage)))
        key = (ratio, differs)
        if best is None or key > (best.ratio, best.differs_at):
            best = Closest(start, passage, differs, ratio)
    if best is None or best.ratio < _MIN_RATIO:
        return None
    return best


def _around(text: str, at: int) -> str:
    left = max(0, at - _AROUND)
    right = min(len(text), at + _AROUND)
    return f"{'…' if left else ''}{text[left:right]}{'…' if right < len(text) else ''}"


def difference_words(quote: str, closest: Closest, text: str, describe) -> str:
    """"they first differ at character 58 of the quote, where the quote has
    ' (U+0027 ...) and the source ’ (U+2019 ...): quote "…", source "…""."""
    k = closest.differs_at
    in_source = closest.start + k
    has = describe(quote[k]) if k < len(quote) else "nothing more"
    source_has = describe(text[in_source]) if in_source < len(text) else "nothing more (it ends there)"
    return (f"they first differ at character {k + 1} of the quote, where the quote has {has} and "
            f"the source {source_has}: quote \"{_around(quote, k)}\", source "
            f"\"{_around(text, in_source)}\"")


def not_found_message(quote: str, source_text: str, source_name: str) -> str:
    """What `handbook check` says of a quote its source does not hold: the
    closest passage (its line in the source file) and where the two first differ."""
    from .loader import describe_character

    wanted, _ = normalise_with_origins(quote)
    text, origins = normalise_with_origins(source_text)
    closest = closest_passage(wanted, text)
    expected = "expected the source's exact words (white space and *emphasis* marks aside)"
    if closest is None:
        shown = wanted if len(wanted) <= 60 else wanted[:57] + "..."
        return (f"quote not found in the source text '{source_name}': \"{shown}\", and nothing in it "
                f"is close; {expected}")
    line = source_text.count("\n", 0, origins[closest.start]) + 1 if origins else 1
    return (f"quote not found in the source text '{source_name}'; the closest passage is on line {line} "
            f"of it, and {difference_words(wanted, closest, text, describe_character)}; {expected}")
