"""Plain words for the parts of a protocol named in a comparison.

Dates are written "Thu 31 Dec 2026" (`format_date`); a timescale as "within 5
working days"; a stage, role or form by its label, title or name, falling back
to its id where the version does not have it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from calculator.model import IN_WORDS, Protocol, Stage, Timescale

__all__ = ["format_date", "timescale_words", "stage_name", "list_words", "role_title", "form_name", "timescale_value"]


def format_date(day: dt.date | None) -> str:
    """ "Thu 31 Dec 2026", or "no date"."""
    if day is None:
        return "no date"
    return f"{day:%a} {day.day} {day:%b %Y}"


def timescale_words(t: Timescale | None) -> str:
    """How long a timescale gives: "within 5 working days", "immediately"."""
    if t is None:
        return "no timescale"
    if t.within is not None:
        return f"within {t.within.describe()}"
    if t.in_words:
        return IN_WORDS.get(t.in_words, t.in_words.replace("-", " "))
    return "no timescale stated"


def stage_name(protocol: Protocol, stage: Stage) -> str:
    return stage.label(protocol.stage_word)


def list_words(items: Iterable[str]) -> str:
    items = list(items)
    return ", ".join(items) if items else "none"


def role_title(protocol: Protocol, role_id: str) -> str:
    try:
        return protocol.role(role_id).title
    except KeyError:
        return role_id


def form_name(protocol: Protocol, form_id: str) -> str:
    try:
        return protocol.form(form_id).name
    except KeyError:
        return form_id


def timescale_value(t: Timescale) -> dict[str, Any]:
    value: dict[str, Any] = {"id": t.id, "wording": t.wording, "from": t.counted_from.event_id}
    if t.within is not None:
        value["within"] = t.within.as_dict()
    if t.in_words:
        value["in_words"] = t.in_words
    return value
