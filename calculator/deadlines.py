"""The answer for a reader at one stage of a protocol, assembled as plain data: what is due when, what comes next.

`answer()` returns the JSON contract of `handbook deadline --json`, which the
browser shows too: every timescale of the stage with its computed due date or
its wording alone, the transition to take if the disagreement is not
resolved, what to record, the forms, and a timeline of the later stages,
each starting when the one before it reaches its limit.

Standard library only, so it runs unchanged in CPython and Pyodide.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from .consistency import check_dates, check_route
from .counting import stage_deadlines
from .editions import Editions
from .model import IN_WORDS, Protocol, Stage
from .naming import definition_note, questions_for, stage_in_sentence
from .nonworking import NonWorkingTable
from .now import in_order, now
from .question import BadDate, find_stage, parse_date, parse_dates
from .refusals import two_dates
from .routes import added_for, person, route_taken, stage_ref, transition
from .timeline import timeline
from .timescale import Timescale
from .unlikely import unlikely_dates
from .wording import CHILD_PROTECTION_NOTE

__all__ = ["answer"]


def _statements(items: Iterable[Any]) -> list[dict[str, Any]]:
    return [{"text": s.text, "quote": list(s.quote)} for s in items]


def _records(protocol: Protocol, stage: Stage) -> list[str]:
    """The stage's records, then the protocol's, each said once: a record that
    quotes the same words as the stage's `if_resolved` or as a record before it
    is not repeated."""
    out: list[str] = []
    # what the stage says happens once resolved is shown as such, not again here
    quotes = {q for r in stage.if_resolved for q in r.quote}
    for r in stage.records:
        if quotes.intersection(r.quote):
            continue
        if r.text not in out:
            out.append(r.text)
        quotes.update(r.quote)
    for r in protocol.record_keeping:
        if r.text in out or quotes.intersection(r.quote):
            continue
        out.append(r.text)
    return out


def _child_protection(protocol: Protocol) -> list[dict[str, Any]]:
    """Duties that apply whatever the stage, each with its timescale where the source gives one."""
    by_quote = {q: ts for ts in protocol.child_protection_timescales for q in ts.quote}
    out, used = [], set()
    for rule in protocol.child_protection:
        ts = next((by_quote[q] for q in rule.quote if q in by_quote), None)
        if ts is not None:
            used.add(ts.id)
        out.append(_duty(rule.text, list(rule.quote), ts))
    for ts in protocol.child_protection_timescales:
        if ts.id not in used:
            out.append(_duty(ts.action, list(ts.quote), ts))
    return out


def _duty(text: str, quote: list[str], ts: Timescale | None) -> dict[str, Any]:
    return {
        "text": text,
        "quote": quote,
        "action": ts.action if ts else None,
        "wording": ts.wording if ts else None,
        "within": ts.within.as_dict() if (ts and ts.within) else None,
        "in_words": ts.in_words if ts else None,
        "in_words_text": IN_WORDS.get(ts.in_words, ts.in_words) if (ts and ts.in_words) else None,
    }


def _forms(protocol: Protocol, stage: Stage) -> list[dict[str, str]]:
    out = []
    for form_id in stage.forms:
        try:
            out.append({"id": form_id, "name": protocol.form(form_id).name})
        except KeyError:
            out.append({"id": form_id, "name": form_id})
    return out


def _known_dates(
    protocol: Protocol, stage: Stage, start_date: dt.date, dates: Mapping[str, Any] | None, urgent: bool | None
) -> dict[str, dt.date]:
    """The reader's dates, the stage's own start among them, once checked
    against each other and the procedure's order."""
    known = parse_dates(protocol, dates)
    if known.get(stage.event_id, start_date) != start_date:
        raise BadDate(two_dates(stage.event_id, start_date.isoformat(), known[stage.event_id].isoformat()))
    known[stage.event_id] = start_date
    check_route(protocol, stage, urgent)
    check_dates(protocol, stage, known)
    return known


def _calendar_for(
    protocol: Protocol, table: NonWorkingTable, known: Mapping[str, dt.date], today: dt.date | None
) -> NonWorkingTable:
    """The nation's table with the protocol's closure days, once it is known
    to cover every date the reader gave."""
    if protocol.calendar.closure_days:
        table = table.with_closures(protocol.calendar.closure_days)
    for day in known.values():
        table.require(day)
    if today is not None:
        table.require(today)
    return table


def _review(protocol: Protocol, today: dt.date | None) -> dict[str, Any] | None:
    """The source's review date, and whether it has passed."""
    review_on = protocol.document.review
    if review_on is None:
        return None
    return {"date": review_on.isoformat(), "overdue": review_on < (today or dt.date.today())}


def answer(
    protocol: Protocol,
    stage_id: str,
    start: dt.date | str,
    table: NonWorkingTable,
    urgent: bool | None = None,
    today: dt.date | None = None,
    dates: Mapping[str, Any] | None = None,
    editions: Editions | None = None,
) -> dict[str, Any]:
    """The deadlines for a reader at `stage_id` whose stage began on `start`.

    `dates` gives the dates of other events the reader knows (`stage-1`,
    `notification`…): each deadline is counted from the date of the event its
    source names, and has no date (`needs` names the event) when that date is
    not known. `urgent` is the reader's answer where the procedure branches
    (None: not said, and no route is taken). `table` is the nation's
    non-working days; the protocol's closure days are added here. `editions`
    (`protocol` among them): the timeline's, as `timeline` takes them. Raises
    `UnknownStage`, `UnknownEvent`, `BadDate` or `OutOfRange` (all in
    `INPUT_ERRORS`) with a one-line message for bad input.
    """
    start_date = parse_date(start)
    stage = find_stage(protocol, stage_id, urgent)
    known = _known_dates(protocol, stage, start_date, dates, urgent)
    table = _calendar_for(protocol, table, known, today)
    deadlines = in_order(stage_deadlines(protocol, stage, known, {}, table, today))
    taken = route_taken(stage, urgent)
    later, route_note = timeline(protocol, stage, deadlines, urgent, known, table, today, editions)
    ref = stage_ref(protocol, stage)
    duties = _child_protection(protocol)
    return {
        "protocol": protocol.slug,
        "name": protocol.name,
        "stage": {**ref, "note": stage.note},
        "start": start_date.isoformat(),
        "urgent": urgent,
        "dates": {e: d.isoformat() for e, d in sorted(known.items())},
        "today": today.isoformat() if today else None,
        "questions": questions_for(protocol, stage),
        "child_protection": duties,
        "child_protection_note": None if duties else CHILD_PROTECTION_NOTE,
        "date_notes": unlikely_dates(protocol, known, table, today),
        "now": now(protocol, stage, deadlines, known, stage_in_sentence(protocol, stage)),
        "review": _review(protocol, today),
        "deadlines": deadlines,
        "involved": [person(protocol, r) for r in stage.involved],
        "added_contacts": added_for(protocol, None),
        "next": transition(protocol, taken) if taken else None,
        "branches": [transition(protocol, t) for t in stage.next],
        "route_note": route_note if (stage.next and taken is None) else None,
        "if_resolved": _statements(stage.if_resolved),
        "after": _statements(protocol.after),
        "gaps": _statements(stage.gaps),
        "records": _records(protocol, stage),
        "forms": _forms(protocol, stage),
        "timeline": later,
        "timeline_note": route_note if taken is not None else None,
        "calendar": _calendar(protocol, table),
    }


def _calendar(protocol: Protocol, table: NonWorkingTable) -> dict[str, Any]:
    """The calendar the answer counted with: the nation's table, its source, the years it covers."""
    return {
        "region": table.region,
        "source": table.source,
        "covers": [str(table.first_year), str(table.last_year)],
        "definition": definition_note(protocol),
    }
