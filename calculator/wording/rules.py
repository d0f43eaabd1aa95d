"""The counting rule's words: how each unit is counted, the readings the handbook takes."""

from __future__ import annotations

__all__ = [
    "COUNTING",
    "HOURS_RULE",
    "COUNTING_RULE",
    "projected",
    "PROJECTED_TAG",
    "timeline_heading",
    "no_timescale",
    "NO_DATE",
    "NO_TIMESCALE_SHORT",
    "HANDBOOKS_READING",
    "READING_TEXT",
    "DEFINITION_LABELS",
    "DEFINITION_NOTE",
]


COUNTING = {
    "working_days": "working days",
    "hours": "hours, on the clock",
    "calendar_days": "calendar days",
}

#: How a limit in hours is counted, as a clause of a sentence.
HOURS_RULE = "hours are counted on the clock, weekends and bank holidays included"

#: The counting rule in one sentence, beside a list of deadlines.
COUNTING_RULE = f"Working days are counted from the day after the day counted from; {HOURS_RULE}."


def projected(stage_word: str) -> str:
    """Said of a date counted from a stage the reader has not reached: the
    timeline's assumption, in the procedure's word ("if each step before it …")."""
    return f"if each {stage_word.lower()} before it runs to its limit"


#: The same, as a short tag in a line of the timeline.
PROJECTED_TAG = "(projected)"


def timeline_heading(stage_word: str) -> str:
    """The heading of the later stages' dates, in the procedure's word."""
    return f"Timeline if each later {stage_word.lower()} runs to its limit:"


def no_timescale(stage_word: str) -> str:
    """Where a stage has no time limit, in the procedure's word."""
    return f"The source gives no timescale for this {stage_word.lower()}."


#: Where a limit cannot be dated because the day it counts from is not known.
NO_DATE = "No date yet"

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
