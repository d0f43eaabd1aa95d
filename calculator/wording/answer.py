"""The rest of an answer, said the same in every view: the last stage, the review date, the routes."""

from __future__ import annotations

from .rules import COUNTING_RULE

__all__ = ["last_stage", "REVIEW_PASSED", "review_due", "if_resolved", "BRANCHES", "not_given_option", "calendar_line"]


def last_stage(stage_word: str) -> str:
    """Said at the reader's stage when no route leads on, in the procedure's word."""
    return f"This is the last {stage_word.lower()} of the procedure."


#: The label before `review_due`.
REVIEW_PASSED = "Review date passed"


def review_due(date: str) -> str:
    """ "the source was due for review on 1 April 2026.", as the partnership's page says it."""
    return f"the source was due for review on {date}."


def if_resolved(stage_word: str) -> str:
    """Said before what the source says happens if the disagreement is resolved at the reader's stage."""
    return f"If it is resolved at this {stage_word.lower()}, the source says:"


#: Said where the procedure branches and the command line was not told which way.
BRANCHES = "If not resolved, the procedure branches (say --urgent or --not-urgent):"


def not_given_option(event: str, needs: str) -> str:
    """The command line's line for a limit whose anchor the reader did not date."""
    return f"no date: counted from {event}, which is not given (--date {needs}=YYYY-MM-DD)"


def calendar_line(region: str, source: str, first: str, last: str) -> str:
    """The command line's last paragraph: the table's bank holidays, and the counting rule."""
    return f"Bank holidays of {region} ({source}), {first} to {last}. {COUNTING_RULE}"
