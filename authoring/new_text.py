"""The source text `handbook new` writes from a document's lines, as quotes
are compared.

Each line is normalised as `handbook check` compares quotes (no tags or
emphasis marks, white space folded), ligatures spelt out, invisible and
unprintable characters removed; a word hyphenated at a line's end ("work-" /
"ing days") is joined again where the document shows it is one word, so that
a quote and the check's reading of time limits find it whole.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

from .quotes import normalise_quote
from .time_phrases import IN_WORDS_PHRASES

__all__ = ["normalise_source", "join_broken_words"]

#: Characters a PDF's text layer carries that nobody types: the typographic
#: ligatures (ﬁ, ﬂ, ...) become their letters; soft hyphens and zero-width
#: characters go.
_LIGATURES = {chr(c): unicodedata.normalize("NFKC", chr(c)) for c in range(0xFB00, 0xFB07)}
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"))
#: And what a YAML file cannot hold (control characters, lone surrogates,
#: non-characters), which a damaged text layer can carry: the skeleton quotes
#: and lists the source's lines.
_UNPRINTABLE = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")

#: A line ending in a word broken by a hyphen (or a soft hyphen), and the
#: next line's first word, in lower case.
_HYPHENS = ("-", "\u00ad", "\u2010")
_BROKEN_END = re.compile(r"([^\W\d_]{1,40})([-\u00ad\u2010])\s*$")
_NEXT_START = re.compile(r"^\s*([a-z]+)(\S*)\s*(.*)$", re.DOTALL)
_WORD = re.compile(r"[^\W\d_]+")
#: Words the time limits are written in: joined wherever a hyphen breaks them
#: ("work-" / "ing days"), as no source writes them hyphenated.
_LIMIT_WORDS = frozenset(w for group in IN_WORDS_PHRASES.values() for phrase in group for w in phrase.split()) | {
    "working",
    "calendar",
    "hours",
    "days",
}


def normalise_source(lines: list[str]) -> str:
    """The source text as `handbook check` compares quotes: each line without
    HTML tags or emphasis marks, its white space folded to single spaces;
    ligatures spelt out, invisible characters removed, at most one blank line
    between paragraphs. A quote copied from any part of it matches."""
    out: list[str] = []
    for line in lines:
        line = _UNPRINTABLE.sub("", "".join(_LIGATURES.get(c, c) for c in line).translate(_INVISIBLE))
        line = normalise_quote(line)
        if line or (out and out[-1]):
            out.append(line)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out) + "\n" if out else ""


def join_broken_words(lines: list[str]) -> tuple[list[str], list[str]]:
    """The lines with each word broken over a line's end by a hyphen made
    whole on the first line, and each join made ("work-ing → working").

    A soft hyphen always marks a break. A hyphen does where the joined word
    stands elsewhere in the document, or is a word time limits are written
    in; otherwise it is kept ("multi-" / "agency" stays "multi-agency"), the
    two parts still joined, as the document prints one word."""
    words = Counter(w.casefold() for line in lines for w in _WORD.findall(line))
    out = list(lines)
    joins: list[str] = []
    for i in range(len(out) - 1):
        tail = out[i].rstrip()[-48:]  # the broken word is at the line's end: searched there only
        end = _BROKEN_END.search(tail) if tail.endswith(_HYPHENS) else None
        start = _NEXT_START.match(out[i + 1]) if end else None
        if end is None or start is None:
            continue
        cut = len(out[i].rstrip()) - len(tail) + end.start()
        head, hyphen, tail = end.group(1), end.group(2), start.group(1)
        joined = head + tail
        whole = hyphen == "\u00ad" or joined.casefold() in words or joined.casefold() in _LIMIT_WORDS
        word = joined if whole else f"{head}-{tail}"
        out[i] = out[i][:cut] + word + start.group(2)  # with what follows it ("ing;")
        out[i + 1] = start.group(3)
        if whole:
            joins.append(f"{head}-{tail} → {joined}")
    return out, joins
