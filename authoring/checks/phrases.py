"""Every time limit a source states is encoded: each of its time-limit
phrases lies in the quote of a timescale that encodes it, or in a
`not_deadlines` entry's quote."""

from __future__ import annotations

import bisect
import functools
import re
from typing import Any

from ..quotes import normalise_quote, source_position
from ..time_phrases import IN_WORDS_PHRASES, TIME_PHRASE, limits
from .context import Context, quote_list

__all__ = ["check"]

#: A quote's places in the normalised source, its length, its timescale (None
#: for a `not_deadlines` entry).
_Covering = tuple[list[int], int, dict[str, Any] | None]


def check(ctx: Context, source: str, raw: str, text: str) -> None:
    """Every time-limit phrase of the source (`raw`, normalised as `text`)
    lies in the quote of a timescale that encodes it, or in a `not_deadlines`
    entry's quote."""
    covering = _covering(ctx, text)
    for m in TIME_PHRASE.finditer(text):
        phrase = " ".join(m.group(0).split())
        if any(
            i and starts[i - 1] + length >= m.end() and (t is None or _encodes(t, phrase))
            for starts, length, t in covering
            for i in (bisect.bisect_right(starts, m.start()),)
        ):
            continue
        before = text[max(0, m.start() - 50) : m.start()].split(" ", 1)[-1]
        where = f"{source}, line {_line_of(raw, m.start())}"
        ctx.error(
            ("document", "source"),
            f'document.source: the source states "{phrase}" (…{before}{m.group(0)}…, '
            f"{where}) but no timescale encodes it; expected a timescale that quotes it "
            f"with that limit, or a not_deadlines entry quoting it with the reason it "
            f"sets no deadline",
        )


def _covering(ctx: Context, text: str) -> list[_Covering]:
    """Each quote's places in the source, in order (the places of one quote
    are all as long as it): a phrase lies in one of them if the last place
    that starts before it reaches past its end, found by halving, so a source
    stating thousands of limits is not compared with every place of every
    quote."""
    quoted: list[tuple[str, dict[str, Any] | None]] = [(q, t) for _, t in ctx.all_timescales() for q in quote_list(t)]
    quoted += [(q, None) for _, entry in ctx.items(("not_deadlines",)) for q in quote_list(entry)]
    covering: list[_Covering] = []
    for q, t in quoted:
        needle = normalise_quote(q)
        starts = _starts(text, needle)
        if starts:
            covering.append((starts, len(needle), t))
    return covering


def _starts(text: str, needle: str) -> list[int]:
    """Where `needle` starts in `text` (both normalised), every time, in order."""
    found, start = [], 0
    while needle:
        at = text.find(needle, start)
        if at < 0:
            break
        found.append(at)
        start = at + 1
    return found


def _line_of(raw: str, at: int) -> int:
    """The line of the source file where the character at `at` of its
    normalised text stands: found through the positions kept while
    normalising (computed once per source text), so that a source stating
    thousands of limits costs a lookup for each, not a search of the file."""
    return bisect.bisect_right(_newlines(raw), source_position(raw, at)) + 1


@functools.lru_cache(maxsize=4)
def _newlines(raw: str) -> tuple[int, ...]:
    return tuple(m.start() for m in re.finditer("\n", raw))


def _encodes(timescale: dict[str, Any], phrase: str) -> bool:
    """Whether a timescale that quotes `phrase` encodes it: the same in-words
    timescale, or a limit of the same number and unit (as `within` or an
    `also` reading), or one whose wording holds the phrase."""
    phrase = " ".join(phrase.split()).casefold()
    words = timescale.get("in_words")
    if isinstance(words, str):
        return phrase in IN_WORDS_PHRASES.get(words, ())
    stated = limits(phrase)
    if not stated:
        return False
    wording = timescale.get("wording")
    if isinstance(wording, str) and phrase in " ".join(wording.split()).casefold():
        return True
    encoded = [timescale.get("within")] + [r.get("within") for r in timescale.get("also") or () if isinstance(r, dict)]
    unit, n = stated[0]
    return any(isinstance(w, dict) and w.get(unit) == n for w in encoded)
