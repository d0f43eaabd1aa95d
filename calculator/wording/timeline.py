"""The timeline's notes: where the later stages' dates stop, why."""

from __future__ import annotations

__all__ = [
    "resolved_note",
    "blocked_note",
    "branch_note",
    "no_dates_from_here",
    "BEGINS",
    "begins_projected",
    "BEGINS_GIVEN",
]


def resolved_note(event: str, date: str, stage: str, stage_word: str) -> str:
    """Why no later stage is shown: the reader dated the disagreement's resolution."""
    return (
        f"You gave the date of {event} ({date}): the source's later {stage_word.lower()}s apply only where "
        f"{stage} does not resolve the disagreement, so none is shown."
    )


def blocked_note(stage: str, event: str, stage_word: str) -> str:
    """Why the later stages have no dates: a limit of `stage` counts from an undated `event`."""
    word = stage_word.lower()
    return (
        f"The later {word}s cannot be dated: a limit of {stage} is counted from {event}, a date not "
        f"given, so it is not known when that {word} reaches its limit."
    )


def branch_note(stage: str) -> str:
    """Why the timeline stops where the procedure branches and the reader has not chosen."""
    return (
        f"The route after {stage} depends on which way the disagreement goes; choose a route to see the dates after it."
    )


def no_dates_from_here(reason: str) -> str:
    return f"No dates from here: {reason}."


#: How a later stage's start is said; where the reader gave it.
BEGINS = "begins"
BEGINS_GIVEN = " (the date you gave)"


def begins_projected(stage_word: str) -> str:
    """How a later stage's start is said where it is projected, in the procedure's word."""
    return f", if the {stage_word.lower()} before runs to its limit"
