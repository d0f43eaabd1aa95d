"""Refuses a reader's dates or route where they disagree with the order of the procedure.

Standard library only, so it runs unchanged in CPython and Pyodide.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from .model import Protocol, Stage
from .naming import event_label, stage_in_sentence
from .question import BadDate
from .refusals import before_its_stage, no_route, out_of_order, resolved_before, route_contradicted
from .timescale import STAGE_EVENT_PREFIX
from .wording import long_date

__all__ = ["check_route", "check_dates"]


def _later_stages(protocol: Protocol, stage_id: str) -> set[str]:
    """Every stage reachable from this one along any route."""
    out: set[str] = set()
    todo = [stage_id]
    while todo:
        try:
            here = protocol.stage(todo.pop())
        except KeyError:
            continue
        for t in here.next:
            if t.stage not in out:
                out.add(t.stage)
                todo.append(t.stage)
    return out


def _refuse(message: str, event: str | None = None) -> BadDate:
    error = BadDate(message)
    error.event = event  # the form field at fault, for the browser
    return error


def check_route(protocol: Protocol, stage: Stage, urgent: bool | None) -> None:
    """`urgent` agrees with the procedure and with the stage the reader is at."""
    if urgent is None:
        return
    flag = "--urgent" if urgent else "--not-urgent"
    if not any(t.when != "unresolved" for s in protocol.stages for t in s.next):
        raise _refuse(no_route(protocol.slug, flag), "urgent")
    if stage.branch in ("urgent", "non-urgent") and stage.branch != ("urgent" if urgent else "non-urgent"):
        raise _refuse(route_contradicted(stage_in_sentence(protocol, stage), stage.branch, flag), "urgent")


def check_dates(protocol: Protocol, stage: Stage, known: Mapping[str, dt.date]) -> None:
    """The reader's dates agree with the order of the procedure: an earlier
    stage does not begin after a later one, an event a stage names does not
    come before that stage began, and the disagreement was not resolved at a
    stage before the reader's own."""
    prefix = STAGE_EVENT_PREFIX
    staged = {e[len(prefix) :]: d for e, d in known.items() if e.startswith(prefix)}
    for first, day in staged.items():
        later = _later_stages(protocol, first)
        for other, other_day in staged.items():
            if other in later and other_day < day:
                at_fault = f"{prefix}{first}" if f"{prefix}{first}" != stage.event_id else f"{prefix}{other}"
                one, two = (protocol.stage(first), protocol.stage(other))
                message = out_of_order(
                    event_label(protocol, one.event_id),
                    long_date(day),
                    event_label(protocol, two.event_id),
                    long_date(other_day),
                    stage_in_sentence(protocol, one),
                    stage_in_sentence(protocol, two),
                )
                raise _refuse(message, at_fault)
    for event in protocol.events:
        if event.id not in known or event.stage is None:
            continue
        owner = protocol.stage(event.stage)
        began = known.get(owner.event_id)
        if began is not None and known[event.id] < began:
            message = before_its_stage(
                event.name, long_date(known[event.id]), event_label(protocol, owner.event_id), long_date(began)
            )
            raise _refuse(message, event.id)
        if event.resolves and event.stage != stage.id and stage.id in _later_stages(protocol, event.stage):
            message = resolved_before(
                event.name, event.id, stage_in_sentence(protocol, owner), stage_in_sentence(protocol, stage)
            )
            raise _refuse(message, event.id)
