"""How sources word a time limit ("5 working days", "forty-eight hours",
"immediately"), read as a timescale encodes it.

`handbook check` holds every such phrase of a source to a timescale that
encodes it; `handbook new` lists them in a new file's skeleton.
"""

from __future__ import annotations

import re

__all__ = ["UNITS", "UNIT_WORDS", "IN_WORDS_PHRASES", "LIMIT", "TIME_PHRASE", "amount", "limits"]

#: The units of a computed limit (`within`), in the order messages name them.
UNITS = ("working_days", "hours", "calendar_days")

UNIT_WORDS = {"working_days": "working days", "hours": "hours", "calendar_days": "calendar days"}

#: Words that state an `in_words` timescale, as sources write them (compared case-folded).
IN_WORDS_PHRASES = {
    "immediately": ("immediately",),
    "same-working-day": ("same working day",),
    "as-soon-as-possible": ("as soon as possible", "asap"),
    "without-delay": ("without delay",),
    "earliest-opportunity": ("earliest opportunity",),
    "as-a-matter-of-urgency": ("as a matter of urgency",),
}

_NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fourteen": 14,
    "fifteen": 15,
    "twenty": 20,
    "twenty-four": 24,
    "thirty": 30,
    "forty-eight": 48,
    "seventy-two": 72,
}

_NUMBER = "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True))

#: A number and a unit: "5 working days", "forty-eight hours", "10 days".
LIMIT = re.compile(
    r"\b(\d+|" + _NUMBER + r")\s+(working\s+days?|hours?|calendar\s+days?|days?)\b",
    re.IGNORECASE,
)

#: Every way the sources state a time limit: each occurrence in a source is
#: quoted by a timescale that encodes it, or listed under `not_deadlines`.
TIME_PHRASE = re.compile(
    r"\b(?:(?:\d+|" + _NUMBER + r")\s+(?:working\s+days?|hours?|calendar\s+days?)"
    r"|"
    + "|".join(re.escape(p).replace(r"\ ", r"\s+") for phrases in IN_WORDS_PHRASES.values() for p in phrases)
    + r")\b",
    re.IGNORECASE,
)


def amount(n: int, unit: str) -> str:
    """ "1 working day", "5 working days"."""
    words = UNIT_WORDS[unit]
    return f"{n} {words[:-1] if n == 1 else words}"


def limits(wording: str) -> list[tuple[str, int]]:
    """The (unit, number) limits a wording states: "within 48 hours (2 working
    days)" → [("hours", 48), ("working_days", 2)]."""
    found = []
    for number, unit in LIMIT.findall(wording):
        n = int(number) if number.isdigit() else _NUMBER_WORDS[number.lower()]
        unit = unit.lower()
        key = "working_days" if unit.startswith("working") else "hours" if unit.startswith("hour") else "calendar_days"
        found.append((key, n))
    return found
