"""The sentences about editions: the one an answer was counted under, what a later one changed."""

from __future__ import annotations

import datetime as dt

from .dates import plain_date

__all__ = [
    "edition_name",
    "counted_under",
    "projected_under",
    "limit_changed",
    "limit_dropped",
    "limit_added",
    "route_changed",
    "stage_dropped",
    "route_words",
]


def edition_name(in_force_from: dt.date | None) -> str:
    """ "the edition in force from 1 September 2025", or "the earliest edition" where its date is not known."""
    return f"the edition in force from {plain_date(in_force_from)}" if in_force_from else "the earliest edition"


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _limit(wording: str, due: str | None) -> str:
    return f"“{wording}”" + (f", due {due}" if due else "")


def counted_under(edition: str, stage_word: str, began: str) -> str:
    """ "Counted under the edition in force from 1 September 2025, in force when this stage began (2 December 2026)."""
    return f"Counted under {edition}, in force when this {stage_word.lower()} began ({began})."


def projected_under(edition: str, stage_word: str, dated: bool = False) -> str:
    """The line under a later stage counted under another edition than the reader's stage:
    "Counted under the edition in force from 1 April 2027, in force on the day this stage is projected
    to begin" (`dated`: the reader gave the day it began: "… on the day this stage began")."""
    when = "began" if dated else "is projected to begin"
    return f"Counted under {edition}, in force on the day this {stage_word.lower()} {when}."


def limit_changed(
    edition: str, stage_word: str, old: str, old_due: str | None, later: str, new: str, new_due: str | None
) -> str:
    """One line: the limit counted, with its date, and what a later edition says, with its date."""
    return (
        f"Counted under {edition}, when this {stage_word.lower()} began: {_limit(old, old_due)}. "
        f"{_capital(later)} says {_limit(new, new_due)}."
    )


def limit_dropped(edition: str, stage_word: str, old: str, old_due: str | None, later: str) -> str:
    """One line: the limit counted, and that a later edition no longer gives it."""
    return (
        f"Counted under {edition}, when this {stage_word.lower()} began: {_limit(old, old_due)}. "
        f"{_capital(later)} no longer gives this limit."
    )


def limit_added(edition: str, stage_word: str, later: str, new: str, new_due: str | None) -> str:
    """One line: a limit a later edition gives that the edition counted under did not."""
    return (
        f"{_capital(later)} adds {_limit(new, new_due)}; {edition}, in force when this "
        f"{stage_word.lower()} began, does not give it."
    )


def route_changed(edition: str, stage_word: str, old: str, later: str, new: str) -> str:
    """One line: where the route went on under the edition counted, and under a later one."""
    return (
        f"Counted under {edition}, when this {stage_word.lower()} began: if not resolved, {old}. "
        f"{_capital(later)}: {new}."
    )


def stage_dropped(later: str, stage: str) -> str:
    """One line: a later edition has no such stage."""
    return f"{_capital(later)} has no {stage}."


def route_words(stages: list[tuple[str, str]]) -> str:
    """ "Stage 3 (Escalation)", "Stage 4 (Mediation) or Stage 4 (urgent) (Referral)", or "no further stage"."""
    return " or ".join(f"{label} ({title})" for label, title in stages) or "no further stage"
