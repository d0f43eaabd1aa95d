"""The passages of a new source text that its skeleton points the author to,
by line.

They are the time limits to encode (found across line breaks, as `handbook
check` reads them), the contact details it gives, the limits in words
("immediately") in what it says about child protection.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from .time_phrases import IN_WORDS_PHRASES, LIMIT

__all__ = ["Passage", "time_limits", "contact_details", "child_protection_limits"]

#: The longest excerpt of the source shown for one passage.
_EXCERPT_CHARS = 120

_IN_WORDS = "|".join(re.escape(p).replace(r"\ ", r"\s+") for group in IN_WORDS_PHRASES.values() for p in group)
_LIMIT_OR_WORDS = re.compile(rf"{LIMIT.pattern}|\b(?:{_IN_WORDS})\b", re.IGNORECASE)
_IN_WORDS_ONLY = re.compile(rf"\b(?:{_IN_WORDS})\b", re.IGNORECASE)
#: A UK telephone number (0161 603 4350, 01234 567890, +44 20 7946 0000) or an email address
#: (each tried only where a run of its characters begins: linear in the text's length).
_CONTACT = re.compile(
    r"(?<![\w+])(?:\+44\s?|0)\d{2,4}(?:[ \u00a0-]?\d{3,4}){2}\b"
    r"|(?<![\w.+-])[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,8}\b"
)
#: How near a limit in words stands to "child protection" to be read as its.
_NEAR_CHARS = 300
_CHILD_PROTECTION = re.compile(r"\bchild[\s-]+protection\b", re.IGNORECASE)


@dataclass(frozen=True)
class Passage:
    """A place in the source text: its line (where it starts), what was
    found, and the words around it on one line."""

    line: int
    found: str
    excerpt: str


def _passage(text: str, newlines: list[int], m: re.Match[str], before: int = 40, after: int = 20) -> Passage:
    """The match with the text around it (white space folded), cut to a bounded excerpt."""
    start, end = max(0, m.start() - before), min(len(text), m.end() + after)
    excerpt = " ".join(text[start:end].split())
    cut = len(excerpt) > _EXCERPT_CHARS  # a number thousands of digits long, say
    excerpt = excerpt[:_EXCERPT_CHARS]
    line = _line(newlines, m.start())
    starts_line = start == 0 or text[start - 1] == "\n"
    ends_line = end == len(text) or text[end] == "\n"
    return Passage(
        line,
        " ".join(m.group(0).split()),
        f"{'' if starts_line else '…'}{excerpt}{'…' if cut or not ends_line else ''}",
    )


def _line(newlines: list[int], at: int) -> int:
    return bisect.bisect_left(newlines, at) + 1


def _newlines(text: str) -> list[int]:
    return [m.start() for m in re.finditer("\n", text)]


def time_limits(text: str) -> list[Passage]:
    """Each time limit the source states ("5 working days", "72 hours",
    "immediately"...), a line break inside it or not: each one the file has
    to encode as a timescale."""
    newlines = _newlines(text)
    return [_passage(text, newlines, m) for m in _LIMIT_OR_WORDS.finditer(text)]


def contact_details(text: str) -> list[Passage]:
    """The telephone numbers and email addresses the source gives: a role's
    `contact`, quoted."""
    newlines = _newlines(text)
    return [_passage(text, newlines, m) for m in _CONTACT.finditer(text)]


def child_protection_limits(text: str) -> list[Passage]:
    """Each limit in words ("immediately") that stands near words about child
    protection (within `_NEAR_CHARS` before it or half that after): a
    child-protection timescale is counted from an event (the concern
    arising), never from a stage's start."""
    newlines = _newlines(text)
    mentions = [m.start() for m in _CHILD_PROTECTION.finditer(text)]
    found: list[Passage] = []
    for m in _IN_WORDS_ONLY.finditer(text):
        i = bisect.bisect_left(mentions, m.start() - _NEAR_CHARS)
        if i < len(mentions) and mentions[i] <= m.end() + _NEAR_CHARS // 2:
            found.append(_passage(text, newlines, m))
    return found
