"""Refuses a reader's dates or route where they disagree with the order of the procedure.

Standard library only, so it runs unchanged in CPython and Pyodide.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from .model import Protocol, Stage
from .naming import event_label, stage_in_sentence
from .question import BadDate
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
        raise _refuse(f"{protocol.slug} has no urgent or non-urgent route; leave out {flag}", "urgent")
    if stage.branch in ("urgent", "non-urgent") and stage.branch != ("urgent" if urgent else "non-urgent"):
        raise _refuse(
            f"{stage_in_sentence(protocol, stage)} is the {stage.branch} route, "
            f"which {flag} contradicts; leave it out or choose the other route",
            "urgent",
        )


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
                raise _refuse(
                    f"{event_label(protocol, one.event_id)} ({long_date(day)}) is after "
                    f"{event_label(protocol, two.event_id)} ({long_date(other_day)}), but "
                    f"{stage_in_sentence(protocol, one)} comes before {stage_in_sentence(protocol, two)}",
                    at_fault,
                )
    for event in protocol.events:
        if event.id not in known or event.stage is None:
            continue
        owner = protocol.stage(event.stage)
        began = known.get(owner.event_id)
        if began is not None and known[event.id] < began:
            raise _refuse(
                f"{event.name} ({long_date(known[event.id])}) is before "
                f"{event_label(protocol, owner.event_id)} ({long_date(began)}), but it "
                f"happens at that stage",
                event.id,
            )
        if event.resolves and event.stage != stage.id and stage.id in _later_stages(protocol, event.stage):
            raise _refuse(
                f"a date for {event.name} ({event.id}) says the disagreement was resolved "
                f"at {stage_in_sentence(protocol, owner)}, so "
                f"{stage_in_sentence(protocol, stage)} would not begin; leave out that date "
                f"or choose {stage_in_sentence(protocol, owner)}",
                event.id,
            )
