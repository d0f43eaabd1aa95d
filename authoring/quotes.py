"""Quotes held to their source text word for word: both normalised alike
(HTML tags, `*` marks ignored, runs of white space as one space), with, for a
quote its source does not hold, the passage that comes closest.

For that passage it gives its line in the source file and the first character
that differs, named so that an invisible difference (a curly apostrophe, a
non-breaking space) can be seen.
"""

from __future__ import annotations

import difflib
import functools
import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from .reading.yaml_syntax import describe_character

__all__ = [
    "quotes_in",
    "MAX_DIAGNOSED",
    "normalise_quote",
    "Closest",
    "closest_passage",
    "source_position",
    "normalise_with_origins",
    "difference_words",
    "not_found_message",
]

_TAG = re.compile(r"<[^>]+>")
#: How far either side of the first difference the message shows.
_AROUND = 20
#: Below this similarity no passage is offered as "the closest".
_MIN_RATIO = 0.5

# The bounds on the search, so that it takes about the same time for any quote
# (up to a protocol file's size) in any source (up to a source text's size):
#: the pieces of a quote looked for in the source, evenly spaced, of this length,
_PROBES = 16
_PROBE_CHARS = 12
#: each counted at this many places at most;
_HITS_PER_PROBE = 40
#: the places compared with the quote;
_CANDIDATES = 12
#: the characters of a quote compared with each place (difflib's comparison
#: grows with the square of its length);
_COMPARED = 360
#: and the quotes of one file given a closest passage; those after are named
#: without one.
MAX_DIAGNOSED = 20


def normalise_quote(text: str) -> str:
    """A quote and its source compared alike: no HTML tags (e.g. <sup>), no
    Markdown emphasis marks, white space folded to single spaces."""
    text = _TAG.sub("", text)
    text = text.replace("*", "")
    return re.sub(r"\s+", " ", text).strip()


def normalise_with_origins(raw: str) -> tuple[str, list[int]]:
    """The text as quotes are compared (as `normalise_quote` makes it),
    with the index in `raw` each of its characters comes from."""
    dropped = bytearray(len(raw))
    for m in _TAG.finditer(raw):
        dropped[m.start() : m.end()] = b"\x01" * (m.end() - m.start())
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


def _common_prefix(a: str, b: str) -> int:
    """How many characters `a` and `b` share from the start (compared in
    halves, so a long quote costs a few string comparisons, not a loop)."""
    lo, hi = 0, min(len(a), len(b))
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if a[:mid] == b[:mid]:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _longest_found_prefix(quote: str, text: str) -> tuple[int, int]:
    """The length of the longest start of `quote` found in `text`, and where:
    a quote usually leaves its source at a slip, after copying correctly."""
    lo, hi, at = 0, len(quote), 0
    while lo < hi:
        mid = (lo + hi + 1) // 2
        found = text.find(quote[:mid])
        if found >= 0:
            lo, at = mid, found
        else:
            hi = mid - 1
    return lo, at


def _candidates(quote: str, text: str) -> list[int]:
    """Where the quote might start in the text: where its longest start is
    found, then where most of a few evenly spaced pieces of it are (each
    piece's places counted up to a bound, so the work is bounded too)."""
    length, at = _longest_found_prefix(quote, text)
    first = [at] if length else []
    k = min(_PROBE_CHARS, len(quote))
    if k < 4:
        return first
    last = len(quote) - k
    offsets = sorted({round(i * last / (_PROBES - 1)) for i in range(_PROBES)})
    votes: Counter[int] = Counter()
    for offset in offsets:
        probe = quote[offset : offset + k]
        found, hits = text.find(probe), 0
        while found >= 0 and hits < _HITS_PER_PROBE:
            votes[max(0, found - offset)] += 1
            hits += 1
            found = text.find(probe, found + 1)
    ranked = sorted(votes, key=lambda s: (-votes[s], s))[:_CANDIDATES]
    return list(dict.fromkeys(first + ranked))


def _similarity(quote: str, passage: str) -> float:
    """difflib's ratio of the two, on at most `_COMPARED` characters: a longer
    quote is compared by its start, middle and end."""
    if len(quote) <= _COMPARED:
        return difflib.SequenceMatcher(None, quote, passage, autojunk=False).ratio()
    part = _COMPARED // 3
    ratios = []
    for at in (0, (len(quote) - part) // 2, len(quote) - part):
        ratios.append(
            difflib.SequenceMatcher(None, quote[at : at + part], passage[at : at + part], autojunk=False).ratio()
        )
    return sum(ratios) / len(ratios)


def closest_passage(quote: str, text: str) -> Closest | None:
    """The passage of `text` most like `quote` (both normalised), or None when
    nothing in it is close (or the quote is in it after all). The work is
    bounded whatever the quote and the text (see the constants above)."""
    if not quote or not text or quote in text:
        return None
    best: Closest | None = None
    for start in _candidates(quote, text):
        passage = text[start : start + len(quote)]
        ratio = _similarity(quote, passage)
        differs = _common_prefix(quote, passage)
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


def difference_words(quote: str, closest: Closest, text: str, describe: Callable[[str], str]) -> str:
    """ "they first differ at character 58 of the quote, where the quote has
    ' (U+0027 ...) and the source ’ (U+2019 ...): quote "…", source "…""."""
    k = closest.differs_at
    in_source = closest.start + k
    has = describe(quote[k]) if k < len(quote) else "nothing more"
    source_has = describe(text[in_source]) if in_source < len(text) else "nothing more (it ends there)"
    return (
        f"they first differ at character {k + 1} of the quote, where the quote has {has} and "
        f'the source {source_has}: quote "{_around(quote, k)}", source '
        f'"{_around(text, in_source)}"'
    )


@functools.lru_cache(maxsize=4)
def _normalised(source_text: str) -> tuple[str, tuple[int, ...]]:
    """The source as quotes are compared, once per source text however many
    of a file's quotes are not found in it."""
    text, origins = normalise_with_origins(source_text)
    return text, tuple(origins)


def source_position(source_text: str, at: int) -> int:
    """Where in the source file the character at `at` of its normalised text
    comes from."""
    _, origins = _normalised(source_text)
    return origins[min(at, len(origins) - 1)] if origins else 0


def not_found_message(quote: str, source_text: str, source_name: str, closest: bool = True) -> str:
    """What `handbook check` says of a quote its source does not hold: the
    closest passage (its line in the source file) and where the two first
    differ; with `closest` False (past `MAX_DIAGNOSED` in a file), the quote's
    start alone."""
    wanted, _ = normalise_with_origins(quote)
    expected = "expected the source's exact words (white space and *emphasis* marks aside)"
    shown = wanted if len(wanted) <= 60 else wanted[:57] + "..."
    if not closest:
        return (
            f"quote not found in the source text '{source_name}': \"{shown}\" (the closest "
            f"passage is shown for the first {MAX_DIAGNOSED} quotes not found in a file); {expected}"
        )
    text, origins = _normalised(source_text)
    found = closest_passage(wanted, text)
    if found is None:
        return (
            f"quote not found in the source text '{source_name}': \"{shown}\", and nothing in it is close; {expected}"
        )
    line = source_text.count("\n", 0, origins[found.start]) + 1 if origins else 1
    return (
        f"quote not found in the source text '{source_name}'; the closest passage is on line {line} "
        f"of it, and {difference_words(wanted, found, text, describe_character)}; {expected}"
    )


def quotes_in(value: Any, p: tuple[str | int, ...] = ()) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """Every string under a key named `quote` in a protocol's data, with its path."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "quote":
                if isinstance(item, str):
                    yield p + (key,), item
                elif isinstance(item, list):
                    yield from ((p + (key, i), q) for i, q in enumerate(item) if isinstance(q, str))
            else:
                yield from quotes_in(item, p + (key,))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from quotes_in(item, p + (i,))
