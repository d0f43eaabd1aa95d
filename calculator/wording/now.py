"""What to do now, said the same in every view: limits passed, conditions, projections, unlikely dates."""

from __future__ import annotations

from .dates import plural

__all__ = [
    "limits_passed",
    "only_where",
    "only_after",
    "PROJECTED_BADGE",
    "projected_in",
    "unlikely_date",
    "AFTER_TODAY",
    "CHILD_PROTECTION_NOTE",
]


def limits_passed(stage: str) -> str:
    """Said first when every time limit of the reader's stage has passed."""
    return f"Every time limit of {stage} has passed. If the disagreement is not resolved, the procedure goes on:"


def only_where(words: str) -> str:
    """In front of an action the source sets only in some cases, in its words ("If necessary")."""
    return f"Only where the procedure says: “{words}”"


def only_after(event: str) -> str:
    """In front of an action counted from an event the reader has not dated ("agreement at stage 1")."""
    return f"Only after {event}"


#: The badge of a date in a projected later stage: never "passed".
PROJECTED_BADGE = "projected"


def projected_in(working_days: int) -> str:
    """ "projected: in 6 working days"."""
    return f"{PROJECTED_BADGE}: in {plural(working_days, 'working day')}"


#: One of the facts `unlikely_date` says of a date.
AFTER_TODAY = "after today"


def unlikely_date(date: str, event: str, facts: list[str]) -> str:
    """ "You gave Saturday 12 December 2026 for the day stage 3 began: a Saturday, not a working day."."""
    return f"You gave {date} for {event}: {' and '.join(facts)}."


#: In every answer whose source states no child-protection duty, labelled as the handbook's own.
CHILD_PROTECTION_NOTE = (
    "If you think a child is at risk of significant harm, follow your child protection procedures now."
)
