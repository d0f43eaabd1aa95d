"""A reader's question read into the engine's terms (its dates, its partnership, its stage), or refused.

Every refusal is a `DeadlineError` (or the calendar's `OutOfRange`) whose
message is one line for the reader; `event` names the form field at fault
where there is one (for the browser).

Standard library only, so it runs unchanged in CPython and Pyodide.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from typing import Any

from .model import Protocol, Stage
from .nonworking import OutOfRange
from .refusals import not_a_date, not_a_real_date, several_routes, unknown_event, unknown_partnership, unknown_stage

__all__ = [
    "DeadlineError",
    "UnknownProtocol",
    "UnknownStage",
    "UnknownEvent",
    "BadDate",
    "INPUT_ERRORS",
    "parse_date",
    "parse_dates",
    "find_protocol",
    "find_stage",
]


class DeadlineError(ValueError):
    """Input the calculator cannot answer; the message is one line for the reader.
    `event` names the form field at fault where there is one (for the browser)."""

    event: str | None = None


class UnknownProtocol(DeadlineError):
    pass


class UnknownStage(DeadlineError):
    pass


class BadDate(DeadlineError):
    pass


#: Everything `answer()` raises for bad input (as opposed to a bug).
INPUT_ERRORS = (DeadlineError, OutOfRange)

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def parse_date(text: Any) -> dt.date:
    """A `datetime.date` from YYYY-MM-DD, or `BadDate` saying what is wrong."""
    if isinstance(text, dt.datetime):
        return text.date()
    if isinstance(text, dt.date):
        return text
    value = str(text).strip()
    if not _ISO_DATE.fullmatch(value):
        raise BadDate(not_a_date(value))
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise BadDate(not_a_real_date(value, str(exc))) from None


def find_protocol(protocols: Mapping[str, Protocol] | Iterable[Protocol], slug: str) -> Protocol:
    """The protocol with this slug, or `UnknownProtocol` listing the slugs there are."""
    by_slug = protocols if isinstance(protocols, Mapping) else {p.slug: p for p in protocols}
    if slug in by_slug:
        return by_slug[slug]
    raise UnknownProtocol(unknown_partnership(slug, sorted(by_slug)))


class UnknownEvent(DeadlineError):
    pass


def find_stage(protocol: Protocol, stage_id: str, urgent: bool | None = None) -> Stage:
    """The stage with this id; failing that, the stage numbered `stage_id` on the
    branch the reader chose ("4" with urgent=True is lscp's "4-urgent"). Where a
    number has two branches and the reader has not said which, `UnknownStage`
    names both: the calculator never picks a route for the reader."""
    stage_id = str(stage_id)
    for stage in protocol.stages:
        if stage.id == stage_id:
            return stage
    numbered = [s for s in protocol.stages if s.number == stage_id]
    if len(numbered) == 1:
        return numbered[0]
    if numbered:
        if urgent is not None:
            wanted = "urgent" if urgent else "non-urgent"
            for stage in numbered:
                if stage.branch == wanted:
                    return stage
        stage_named = f"{protocol.stage_word.lower()} {stage_id}"
        raise UnknownStage(several_routes(stage_named, protocol.slug, [s.id for s in numbered]))
    raise UnknownStage(unknown_stage(stage_id, protocol.slug, [s.id for s in protocol.stages]))


def parse_dates(protocol: Protocol, dates: Mapping[str, Any] | None) -> dict[str, dt.date]:
    """Check the reader's `EVENT=date` pairs: known event ids, real dates."""
    known = protocol.event_ids()
    out: dict[str, dt.date] = {}
    for event, value in (dates or {}).items():
        if event not in known:
            raise UnknownEvent(unknown_event(event, protocol.slug, list(known)))
        out[event] = parse_date(value)
    return out
