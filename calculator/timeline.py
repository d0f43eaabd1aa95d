"""The timeline of the later stages: each projected to begin when the one before reaches its latest limit.

A projected stage is counted under the edition in force on the day it would
begin, as the reader's stage is under the one in force on the day it began.

Standard library only, so it runs unchanged in CPython and Pyodide.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from .counting import stage_deadlines
from .editions import Editions
from .model import Protocol, Stage
from .naming import event_label, stage_in_sentence
from .nonworking import NonWorkingTable, OutOfRange
from .routes import route_taken, stage_ref
from .wording import (
    blocked_note,
    branch_note,
    edition_name,
    long_date,
    no_dates_from_here,
    projected_under,
    resolved_note,
    stage_dropped,
)

__all__ = ["timeline", "resolved_at"]


def _stage_end(protocol: Protocol, deadlines: Iterable[Mapping[str, Any]]) -> tuple[dt.date | None, str | None]:
    """When a stage reaches its limit, if it runs to its latest one: the latest
    due date of its limits (those counted from the disagreement being resolved
    aside: they apply only if it is). Where a limit cannot be dated, there is
    no end, and the second value names the event whose date it needs."""
    dues = []
    for d in deadlines:
        if d["within"] is None or protocol.resolves(d["counted_from"]["event"]):
            continue
        if d["due"] is None:
            return None, d["counted_from"]["event"]
        dues.append(d["due"])
    return (dt.date.fromisoformat(max(dues)) if dues else None), None


def _own_events(protocol: Protocol, stage: Stage) -> list[str]:
    """The events a stage's text names, other than its start and its resolution."""
    return [e.id for e in protocol.events if e.stage == stage.id and not e.resolves]


def resolved_at(protocol: Protocol, stage: Stage, known: Mapping[str, dt.date]) -> str | None:
    """The event, dated by the reader, that says the disagreement was resolved at this stage."""
    return next((e.id for e in protocol.events if e.stage == stage.id and e.resolves and e.id in known), None)


def _resolved_note(protocol: Protocol, stage: Stage, event: str, known: Mapping[str, dt.date]) -> str:
    return resolved_note(
        event_label(protocol, event), long_date(known[event]), stage_in_sentence(protocol, stage), protocol.stage_word
    )


def _blocked_note(protocol: Protocol, stage: Stage, event: str) -> str:
    return blocked_note(stage_in_sentence(protocol, stage), event_label(protocol, event), protocol.stage_word)


def _next_stage(protocol: Protocol, current: Stage, urgent: bool | None, seen: set[str]) -> Stage | None:
    """The stage the route taken leads to, or None where it ends, has been
    seen already or is not known."""
    t = route_taken(current, urgent)
    if t is None or t.stage in seen:
        return None
    try:
        return protocol.stage(t.stage)
    except KeyError:
        return None


def _branch_note(protocol: Protocol, stage: Stage) -> str:
    return branch_note(stage.label(protocol.stage_word))


def _entry(
    protocol: Protocol,
    stage: Stage,
    begins: dt.date | None,
    known: Mapping[str, dt.date],
    projected: dict[str, dt.date],
    table: NonWorkingTable,
    today: dt.date | None,
    edition_note: str | None = None,
) -> dict[str, Any]:
    """One later stage of the timeline: it and its own events taken to happen
    on the day it `begins` (unless the reader dated them), its deadlines
    counted from those dates (`edition_note`: the line naming the edition
    they are counted under, where it is not the reader's stage's)."""
    if begins is not None:
        for event in [stage.event_id] + _own_events(protocol, stage):
            if event not in known:
                projected[event] = begins
    note = None
    try:
        found = stage_deadlines(protocol, stage, known, projected, table, today)
    except OutOfRange as exc:
        note = no_dates_from_here(str(exc))
        projected.pop(stage.event_id, None)
        found = stage_deadlines(protocol, stage, {}, {}, table, today)
    return {
        "stage": stage_ref(protocol, stage),
        "start": begins.isoformat() if begins else None,
        "projected": stage.event_id not in known,
        "deadlines": found,
        "note": " ".join(n for n in (edition_note, note) if n) or None,
    }


def _in_force(
    editions: Editions | None, reader: Protocol, protocol: Protocol, stage: Stage, begins: dt.date | None, dated: bool
) -> tuple[Protocol, Stage | None, str | None]:
    """The edition a later stage beginning on `begins` (`dated`: by the reader,
    not projected) is counted under, that stage in it (None: that edition has
    no such stage) and the line naming the edition where it is not `reader`,
    the one the reader's stage was counted under. With one edition or no
    date, the edition it followed."""
    if editions is None or not editions.several or begins is None:
        return protocol, stage, None
    chosen = editions.in_force_on(begins)
    name = edition_name(chosen.document.in_force_from)
    found = next((s for s in chosen.stages if s.id == stage.id), None)
    if found is None:
        return chosen, None, stage_dropped(name, stage.label(protocol.stage_word))
    return chosen, found, None if chosen is reader else projected_under(name, chosen.stage_word, dated)


def timeline(
    protocol: Protocol,
    stage: Stage,
    deadlines: list[dict[str, Any]],
    urgent: bool | None,
    known: Mapping[str, dt.date],
    table: NonWorkingTable,
    today: dt.date | None,
    editions: Editions | None = None,
) -> tuple[list[dict[str, Any]], str | None]:
    """The later stages along the route taken, each taken to begin when the one
    before reaches its latest limit: a projection, marked as such on every date
    counted from it. In a projected stage, the events its own text names (the
    matter being formally escalated…) are taken to happen on the day it
    begins, also marked projected. A deadline counted from an event the reader
    dated is counted from that date. The projection stops where a stage's
    limit cannot be dated, where the reader says the disagreement was resolved,
    and where the stage branches and the reader has not said which way (the
    second value says why). With `editions`, each later stage is counted
    under the edition in force on the day it begins, and its route followed
    in that edition (the projection stops where that edition has no such stage)."""
    later: list[dict[str, Any]] = []
    reader = protocol
    seen = {stage.id}
    projected: dict[str, dt.date] = {}
    resolved = resolved_at(protocol, stage, known)
    if resolved:
        return later, _resolved_note(protocol, stage, resolved, known)
    begins, needs = _stage_end(protocol, deadlines)
    stop = _blocked_note(protocol, stage, needs) if needs else None
    current = stage
    while True:
        following = _next_stage(protocol, current, urgent, seen)
        if following is None:
            if current.next and route_taken(current, urgent) is None:
                stop = stop or _branch_note(protocol, current)
            return later, stop
        current = following
        seen.add(current.id)
        if current.event_id in known:
            begins = known[current.event_id]
        dated = current.event_id in known
        protocol, found, edition_note = _in_force(editions, reader, protocol, current, begins, dated)
        if found is None:
            return later, edition_note
        current = found
        entry = _entry(protocol, current, begins, known, projected, table, today, edition_note)
        later.append(entry)
        resolved = resolved_at(protocol, current, known)
        if resolved:
            return later, _resolved_note(protocol, current, resolved, known)
        begins, needs = _stage_end(protocol, entry["deadlines"])
        if needs and begins is None and not stop:
            stop = _blocked_note(protocol, current, needs)
