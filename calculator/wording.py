"""The words every view of an answer shares, each said once: dates as readers see them, rules, labels, notes.

The command line, the site's pages and the browser's calculator all show
these, so a change to one of them is made here and shows in every view (and
in the golden answers). Dates are written from the tables below, never from
the machine's locale.

Standard library only, so it runs unchanged in CPython and Pyodide.
"""

from __future__ import annotations

import datetime as dt

__all__ = [
    "WEEKDAYS",
    "MONTHS",
    "long_date",
    "plain_date",
    "compact_date",
    "day_month",
    "plural",
    "day_name",
    "COUNTING",
    "HOURS_RULE",
    "COUNTING_RULE",
    "PROJECTED",
    "TIMELINE_HEADING",
    "NO_TIMESCALE",
    "NO_TIMESCALE_SHORT",
    "HANDBOOKS_READING",
    "READING_TEXT",
    "DEFINITION_LABELS",
    "DEFINITION_NOTE",
]

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def long_date(day: dt.date) -> str:
    """ "Thursday 31 December 2026"."""
    return f"{WEEKDAYS[day.weekday()]} {day.day} {MONTHS[day.month - 1]} {day.year}"


def plain_date(day: dt.date) -> str:
    """ "31 December 2026"."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def compact_date(day: dt.date) -> str:
    """ "Thu 31 Dec 2026", for a table's narrow cell."""
    return f"{WEEKDAYS[day.weekday()][:3]} {day.day} {MONTHS[day.month - 1][:3]} {day.year}"


def day_month(day: dt.date) -> str:
    """ "4 Jan": a day in a list of days skipped, whose year is the deadline's."""
    return f"{day.day} {MONTHS[day.month - 1][:3]}"


def plural(n: int, word: str) -> str:
    """ "1 working day", "3 working days"."""
    return f"{n} {word}{'' if n == 1 else 's'}"


def day_name(name: str) -> str:
    """How a sentence names a non-working day: "a Sunday", but "Christmas Day"."""
    return f"a {name}" if name in WEEKDAYS else name


#: How each unit of a computed limit is counted, as the answer's `counting` says it.
COUNTING = {
    "working_days": "working days",
    "hours": "hours, on the clock",
    "calendar_days": "calendar days",
}

#: How a limit in hours is counted, as a clause of a sentence.
HOURS_RULE = "hours are counted on the clock, weekends and bank holidays included"

#: The counting rule in one sentence, beside a list of deadlines.
COUNTING_RULE = f"Working days are counted from the day after the day counted from; {HOURS_RULE}."

#: Said of a date counted from a stage the reader has not reached: the timeline's assumption.
PROJECTED = "if each stage before runs to its limit"

#: The heading of the later stages' dates.
TIMELINE_HEADING = "Timeline if each later stage runs to its limit:"

#: Where a stage has no time limit.
NO_TIMESCALE = "The source gives no timescale for this stage."

#: The same, in a table's cell or a flowchart's box.
NO_TIMESCALE_SHORT = "No timescale in the source"

#: A limit's anchor chosen by the handbook where the source does not settle it.
HANDBOOKS_READING = "the handbook's reading"

#: What a reader is told where the anchor of a limit is the handbook's reading
#: (`counted_from.reading`), said once for every view.
READING_TEXT = {
    "unstated": f"the source does not say what this is counted from; this is {HANDBOOKS_READING}",
    "ambiguous": "the source's words for what this is counted from can be read more than one way; "
    f"this is {HANDBOOKS_READING}",
}

#: Labels of the two dates a source's own definition of a working day can give.
DEFINITION_LABELS = {
    "handbook": "the handbook's count, which also skips bank holidays",
    "source": "by the source's definition, “{quote}”, which does not skip bank holidays",
}

#: The handbook's note beside a source's own definition of a working day.
DEFINITION_NOTE = (
    "The source says “{quote}”; the handbook also skips bank holidays, and where one "
    "falls inside a limit it shows both dates."
)
