"""The answer for a reader at one stage of a protocol: what is due when, and what comes next.

`answer()` returns plain data (the JSON contract of `handbook deadline --json`,
which the browser shows too): every timescale of the stage with its computed
due date or its wording alone, the transition to take if the disagreement is
not resolved, what to record, the forms, and a timeline of the later stages,
each starting when the one before it reaches its limit.

Standard library only, so it runs unchanged in CPython and Pyodide.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable, Mapping
from typing import Any

from .model import IN_WORDS, STAGE_EVENT_PREFIX, Protocol, Stage, Timescale, Transition, mid_sentence
from .nonworking import NonWorkingTable, OutOfRange
from .workdays import add_calendar_days, add_hours, add_working_days

__all__ = [
    "DeadlineError",
    "UnknownProtocol",
    "UnknownStage",
    "UnknownEvent",
    "event_label",
    "limit_anchor",
    "definition_note",
    "event_question",
    "questions_for",
    "parse_dates",
    "BadDate",
    "OutOfRange",
    "INPUT_ERRORS",
    "parse_date",
    "find_protocol",
    "find_stage",
    "answer",
    "answer_json",
    "explain",
    "long_date",
]

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

#: What a reader is told where the anchor of a limit is the handbook's reading
#: (`counted_from.reading`), said once for every view.
READING_TEXT = {
    "unstated": "the source does not say what this is counted from; this is the handbook's reading",
    "ambiguous": "the source's words for what this is counted from can be read more than one way; "
    "this is the handbook's reading",
}

#: Labels of the two dates a source's own definition of a working day can give.
DEFINITION_LABELS = {
    "handbook": "the handbook's count, which also skips bank holidays",
    "source": "by the source's definition, “{quote}”, which does not skip bank holidays",
}

#: The handbook's note beside a source's own definition of a working day.
DEFINITION_NOTE = (
    "The source says “{quote}”; the handbook also skips bank holidays, and where one "
    "falls inside a limit it shows both dates."
)

COUNTING = {
    "working_days": "working days",
    "hours": "hours, on the clock",
    "calendar_days": "calendar days",
}


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
        raise BadDate(f"{value!r} is not a date in the form YYYY-MM-DD (for example 2026-12-22)")
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise BadDate(f"{value} is not a real date: {exc}") from None


def long_date(day: dt.date) -> str:
    """ "Thursday 31 December 2026", whatever the locale."""
    return f"{WEEKDAYS[day.weekday()]} {day.day} {MONTHS[day.month - 1]} {day.year}"


def _short_date(day: dt.date) -> str:
    return f"{day.day} {MONTHS[day.month - 1][:3]}"


def find_protocol(protocols: Mapping[str, Protocol] | Iterable[Protocol], slug: str) -> Protocol:
    """The protocol with this slug, or `UnknownProtocol` listing the slugs there are."""
    by_slug = protocols if isinstance(protocols, Mapping) else {p.slug: p for p in protocols}
    if slug in by_slug:
        return by_slug[slug]
    raise UnknownProtocol(f"unknown partnership {slug!r}; expected one of: {', '.join(sorted(by_slug)) or '(none)'}")


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
        raise UnknownStage(
            f"{protocol.stage_word.lower()} {stage_id} of {protocol.slug} has more than one route: "
            f"give its id ({', '.join(s.id for s in numbered)})"
        )
    raise UnknownStage(
        f"unknown stage {stage_id!r} for {protocol.slug}; expected one of: {', '.join(s.id for s in protocol.stages)}"
    )


def _taken(stage: Stage, urgent: bool | None) -> Transition | None:
    """The route a reader takes when this stage does not resolve things: the
    only one there is, or, where the stage branches, the one the reader chose.
    None at the last stage and where the reader has not said which way."""
    if not stage.next:
        return None
    whens = {t.when for t in stage.next}
    if whens <= {"unresolved"}:
        return stage.next[0]
    if urgent is None:
        return None
    wanted = "urgent" if urgent else "non-urgent"
    for t in stage.next:
        if t.when == wanted:
            return t
    return None


def _stage_ref(protocol: Protocol, stage: Stage) -> dict[str, Any]:
    return {"id": stage.id, "title": stage.title, "label": stage.label(protocol.stage_word)}


def _role_title(protocol: Protocol, role_id: str) -> str:
    try:
        return protocol.role(role_id).title
    except KeyError:
        return role_id


def _person(protocol: Protocol, role_id: str, condition: str | None = None) -> dict[str, Any]:
    """A role with every contact detail the source gives for it."""
    try:
        role = protocol.role(role_id)
    except KeyError:
        return {
            "role": role_id,
            "title": role_id,
            "condition": condition,
            "phone": None,
            "email": None,
            "address": [],
            "quote": [],
        }
    contact = role.contact
    return {
        "role": role.id,
        "title": role.title,
        "condition": condition,
        "phone": contact.phone if contact else None,
        "email": contact.email if contact else None,
        "address": list(contact.address) if contact else [],
        "quote": list(contact.quote) if contact else [],
    }


def _transition(protocol: Protocol, t: Transition) -> dict[str, Any]:
    try:
        ref = _stage_ref(protocol, protocol.stage(t.stage))
    except KeyError:
        ref = {"id": t.stage, "title": None, "label": None}
    contacts = []
    for r in t.contacts:
        condition = t.condition_for(r)
        title = _role_title(protocol, r)
        contacts.append(f"{title} ({mid_sentence(condition)})" if condition else title)
    return {
        **ref,
        "when": t.when,
        "contacts": contacts,
        "contact_details": [_person(protocol, r, t.condition_for(r)) for r in t.contacts],
        "quote": list(t.quote),
    }


def _stage_in_sentence(protocol: Protocol, stage: Stage) -> str:
    """ "stage 2", "step 4 (urgent)": a stage named inside a sentence."""
    label = stage.label(protocol.stage_word)
    return label[:1].lower() + label[1:]


def event_label(protocol: Protocol, event_id: str) -> str:
    """How a page names an event: "the day Stage 1 began", "notification to the Business Office"."""
    if event_id.startswith(STAGE_EVENT_PREFIX):
        try:
            stage = protocol.stage(event_id[len(STAGE_EVENT_PREFIX) :])
        except KeyError:
            return event_id
        return f"the day {_stage_in_sentence(protocol, stage)} began"
    try:
        return protocol.event(event_id).name
    except KeyError:
        return event_id


def event_question(protocol: Protocol, event_id: str) -> dict[str, Any]:
    """The question a reader answers with the date of an event, in the procedure's terms."""
    if event_id.startswith(STAGE_EVENT_PREFIX):
        stage = protocol.stage(event_id[len(STAGE_EVENT_PREFIX) :])
        text = stage.began or f"When did {_stage_in_sentence(protocol, stage)} ({stage.title}) begin?"
        return {"event": event_id, "question": text, "name": event_label(protocol, event_id), "hint": None}
    event = protocol.event(event_id)
    return {"event": event.id, "question": event.question, "name": event.name, "hint": event.hint}


def definition_note(protocol: Protocol) -> dict[str, str] | None:
    """What the source says a working day is, where that skips less than the
    handbook does, and what the handbook counts: said beside every answer and
    on the partnership's page."""
    definition = protocol.calendar.definition
    if definition is None or definition.skips_bank_holidays or not definition.quote:
        return None
    return {"quote": definition.quote[0], "text": DEFINITION_NOTE.format(quote=definition.quote[0])}


def day_name(name: str) -> str:
    """How a sentence names a non-working day: "a Sunday", but "Christmas Day"."""
    return f"a {name}" if name in WEEKDAYS else name


def limit_anchor(protocol: Protocol, ts: Timescale, *, always: bool = False, compact: bool = False) -> str | None:
    """What a computed limit counts from, as a short view of it says it: "of
    stage 1" (the source's words), "from the day stage 2 began (handbook's
    reading)", "of step 3, read by the handbook as from the day step 4
    (urgent) began". None for a limit in words only and, unless `always`,
    where the limit's own wording already says it: read alone, a limit never
    invites counting from another day. `compact` (a flowchart's box, where
    the stage is the box's own) says "this stage's start"."""
    if ts.within is None:
        return None
    cf = ts.counted_from
    own_stage = any(s.id == cf.stage and ts in s.timescales for s in protocol.stages)
    if compact and own_stage:
        label = f"this {protocol.stage_word.lower()}'s start"
    else:
        label = event_label(protocol, cf.event_id)
    said = cf.text is not None and " ".join(cf.text.split()).casefold() in " ".join(ts.wording.split()).casefold()
    if cf.reading == "unstated":
        return f"from {label} (handbook's reading)"
    if cf.reading == "ambiguous":
        if compact:
            return f"from {label} (handbook's reading of “{cf.text}”)" if cf.text else f"from {label}"
        words = f"{cf.text}, " if cf.text and (always or not said) else ""
        return f"{words}read by the handbook as from {label}"
    if said and not always:
        return None
    if cf.text and cf.text.startswith("of "):
        return cf.text
    return f"from {label}"


def questions_for(protocol: Protocol, stage: Stage) -> list[dict[str, Any]]:
    """The dates, other than the day the stage began, that its deadlines count from."""
    seen = {stage.event_id}
    out = []
    for ts in stage.timescales:
        event = ts.counted_from.event_id
        if ts.within is not None and event not in seen:
            seen.add(event)
            out.append(event_question(protocol, event))
    return out


def parse_dates(protocol: Protocol, dates: Mapping[str, Any] | None) -> dict[str, dt.date]:
    """Check the reader's `EVENT=date` pairs: known event ids, real dates."""
    known = protocol.event_ids()
    out: dict[str, dt.date] = {}
    for event, value in (dates or {}).items():
        if event not in known:
            raise UnknownEvent(f"unknown event {event!r} for {protocol.slug}; expected one of: {', '.join(known)}")
        out[event] = parse_date(value)
    return out


def _day_name(table: NonWorkingTable, day: dt.date) -> str | None:
    """Why `day` is not a working day ("Saturday", "Christmas Day"), or None."""
    if day.weekday() >= 5:
        return WEEKDAYS[day.weekday()]
    return table.name(day)


def _relative(table: NonWorkingTable, due: dt.date, today: dt.date) -> dict[str, Any]:
    """Where a due date stands against today, in working days where there are any."""

    def working_between(a: dt.date, b: dt.date) -> int:  # working days in (a, b]
        return (
            table.working_before[b.toordinal() - table.first_ordinal]
            - table.working_before[a.toordinal() - table.first_ordinal]
        )

    if due == today:
        return {"status": "today", "working_days": 0, "days": 0, "text": "today"}
    if not (table.covers(today)):
        days = (due - today).days
        status = "upcoming" if days > 0 else "passed"
        return {
            "status": status,
            "working_days": None,
            "days": days,
            "text": f"in {_plural(days, 'day')}" if days > 0 else f"passed {_plural(-days, 'day')} ago",
        }
    days = (due - today).days
    if due > today:
        n = working_between(today, due)
        text = f"in {_plural(n, 'working day')}" if n else f"in {_plural(days, 'day')}"
        return {"status": "upcoming", "working_days": n, "days": days, "text": text}
    n = working_between(due, today)
    text = f"passed {_plural(n, 'working day')} ago" if n else f"passed {_plural(-days, 'day')} ago"
    return {"status": "passed", "working_days": -n, "days": days, "text": text}


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _count(
    within: Mapping[str, int], start: dt.date, table: NonWorkingTable
) -> tuple[dt.date, list[tuple[dt.date, str]]]:
    unit, amount = next(iter(within.items()))
    if unit == "working_days":
        return add_working_days(table, start, amount)
    if unit == "hours":
        return add_hours(start, amount, table), []
    return add_calendar_days(start, amount, table), []


def _reading(within: Mapping[str, int], wording: str, start: dt.date | None, table: NonWorkingTable) -> dict[str, Any]:
    """One computed date for one reading of a limit, and what it lands on."""
    unit = next(iter(within))
    due, skipped = _count(within, start, table) if start is not None else (None, [])
    lands = _day_name(table, due) if (due is not None and unit != "working_days") else None
    return {
        "wording": wording,
        "within": dict(within),
        "counting": COUNTING[unit],
        "due": due.isoformat() if due else None,
        "weekday": WEEKDAYS[due.weekday()] if due else None,
        "skipped": [{"date": d.isoformat(), "name": name} for d, name in skipped],
        "lands_on": {"date": due.isoformat(), "name": lands} if (due and lands) else None,
    }


def _definition_reading(
    protocol: Protocol, within: Mapping[str, int], main: dict[str, Any], anchor: dt.date | None, table: NonWorkingTable
) -> dict[str, Any] | None:
    """The date the source's own definition of a working day gives, where it
    skips weekends only and a bank holiday in the window makes it differ."""
    definition = protocol.calendar.definition
    if definition is None or definition.skips_bank_holidays or anchor is None or "working_days" not in within:
        return None
    reading = _reading(within, main["wording"], anchor, table.weekends_only())
    if reading["due"] == main["due"]:
        return None
    quote = definition.quote[0] if definition.quote else ""
    reading.update(label=DEFINITION_LABELS["source"].format(quote=quote), definition=True)
    return reading


def _deadline(
    protocol: Protocol,
    ts: Timescale,
    known: Mapping[str, dt.date],
    projected: Mapping[str, dt.date],
    table: NonWorkingTable,
    today: dt.date | None,
) -> dict[str, Any]:
    """One timescale, counted from the date of the event its source names."""
    cf = ts.counted_from
    event = cf.event_id
    anchor = known.get(event)
    is_projected = anchor is None and event in projected
    if is_projected:
        anchor = projected[event]
    within = ts.within.as_dict() if ts.within is not None else None
    main: dict[str, Any] | None = None
    readings: list[dict[str, Any]] = []
    if ts.within is not None and within is not None:
        main = _reading(within, ts.within.describe() if ts.also else ts.wording, anchor, table)
        if ts.also:
            readings = [main] + [_reading(r.within.as_dict(), r.wording, anchor, table) for r in ts.also]
        by_definition = _definition_reading(protocol, within, main, anchor, table)
        if by_definition:
            readings = (readings or [{**main, "label": DEFINITION_LABELS["handbook"]}]) + [by_definition]
    if readings:
        dues = [r["due"] for r in readings if r["due"]]
        for r in readings:
            r["earlier"] = bool(r["due"]) and len(set(dues)) > 1 and r["due"] == min(dues)
    due = dt.date.fromisoformat(main["due"]) if main and main["due"] else None
    result: dict[str, Any] = {
        "timescale": ts.id,
        "action": ts.action,
        "wording": ts.wording,
        "quote": list(ts.quote),
        "within": within,
        "in_words": ts.in_words,
        "in_words_text": IN_WORDS.get(ts.in_words, ts.in_words) if ts.in_words else None,
        "counted_from": {
            "event": event,
            "text": cf.text,
            "label": event_label(protocol, event),
            "date": anchor.isoformat() if (anchor and within) else None,
            "stated": cf.stated,
            "reading": cf.reading,
            "reading_text": READING_TEXT.get(cf.reading or ""),
            "projected": bool(is_projected and within),
        },
        "due": due.isoformat() if due else None,
        "needs": event if (within and anchor is None) else None,
        "weekday": main["weekday"] if main else None,
        "counting": main["counting"] if main else None,
        "skipped": main["skipped"] if main else [],
        "lands_on": main["lands_on"] if main else None,
        "readings": readings,
        "note": ts.note,
        "repeats": ts.repeats,
        "conflict": None,
        "overdue": (due < today) if (due is not None and today is not None) else None,
        "relative": _relative(table, due, today) if (due is not None and today is not None) else None,
    }
    if readings and today is not None:
        for r in readings:
            if r["due"]:
                r["relative"] = _relative(table, dt.date.fromisoformat(r["due"]), today)
    return result


def _stage_deadlines(
    protocol: Protocol,
    stage: Stage,
    known: Mapping[str, dt.date],
    projected: Mapping[str, dt.date],
    table: NonWorkingTable,
    today: dt.date | None,
) -> list[dict[str, Any]]:
    """Every timescale of the stage: words-only first, then by due date, then
    those whose date cannot be counted yet."""
    found = [_deadline(protocol, ts, known, projected, table, today) for ts in stage.timescales]
    by_id = {d["timescale"]: d for d in found}
    for d in found:
        conflict = protocol.conflict_for(stage.id, d["timescale"])
        if conflict is None:
            continue
        others = [by_id[t] for t in conflict.timescales if t != d["timescale"] and t in by_id]
        dues = [o["due"] for o in others if o["due"]]
        earlier = d["due"] is not None and bool(dues) and all(d["due"] < o for o in dues)
        d["conflict"] = {"text": conflict.text, "earlier": earlier, "other": others[0]["timescale"] if others else None}
    for d in found:
        d["explanation"] = explain(d)
    words = [d for d in found if d["within"] is None]
    dated = sorted((d for d in found if d["due"] is not None), key=lambda d: d["due"])
    undated = [d for d in found if d["within"] is not None and d["due"] is None]
    return words + dated + undated


def _resolves(protocol: Protocol, event_id: str) -> bool:
    try:
        return protocol.event(event_id).resolves
    except KeyError:
        return False


def _stage_end(protocol: Protocol, deadlines: Iterable[Mapping[str, Any]]) -> tuple[dt.date | None, str | None]:
    """When a stage reaches its limit, if it runs to its latest one: the latest
    due date of its limits (those counted from the disagreement being resolved
    aside: they apply only if it is). Where a limit cannot be dated, there is
    no end, and the second value names the event whose date it needs."""
    dues = []
    for d in deadlines:
        if d["within"] is None or _resolves(protocol, d["counted_from"]["event"]):
            continue
        if d["due"] is None:
            return None, d["counted_from"]["event"]
        dues.append(d["due"])
    return (dt.date.fromisoformat(max(dues)) if dues else None), None


def _own_events(protocol: Protocol, stage: Stage) -> list[str]:
    """The events a stage's text names, other than its start and its resolution."""
    return [e.id for e in protocol.events if e.stage == stage.id and not e.resolves]


def _resolved_at(protocol: Protocol, stage: Stage, known: Mapping[str, dt.date]) -> str | None:
    """The event, dated by the reader, that says the disagreement was resolved at this stage."""
    return next((e.id for e in protocol.events if e.stage == stage.id and e.resolves and e.id in known), None)


def _resolved_note(protocol: Protocol, stage: Stage, event: str, known: Mapping[str, dt.date]) -> str:
    return (
        f"You gave the date of {event_label(protocol, event)} ({long_date(known[event])}): the "
        f"source's later stages apply only where {_stage_in_sentence(protocol, stage)} does not "
        f"resolve the disagreement, so none is shown."
    )


def _blocked_note(protocol: Protocol, stage: Stage, event: str) -> str:
    return (
        f"The later stages cannot be dated: a limit of {_stage_in_sentence(protocol, stage)} is "
        f"counted from {event_label(protocol, event)}, a date not given, so it is not known when "
        f"that stage reaches its limit."
    )


def _timeline(
    protocol: Protocol,
    stage: Stage,
    deadlines: list[dict[str, Any]],
    urgent: bool | None,
    known: Mapping[str, dt.date],
    table: NonWorkingTable,
    today: dt.date | None,
) -> tuple[list[dict[str, Any]], str | None]:
    """The later stages along the route taken, each taken to begin when the one
    before reaches its latest limit: a projection, marked as such on every date
    counted from it. In a projected stage, the events its own text names (the
    matter being formally escalated…) are taken to happen on the day it
    begins, also marked projected. A deadline counted from an event the reader
    dated is counted from that date. The projection stops where a stage's
    limit cannot be dated, where the reader says the disagreement was resolved,
    and where the stage branches and the reader has not said which way (the
    second value says why)."""
    timeline: list[dict[str, Any]] = []
    seen = {stage.id}
    projected: dict[str, dt.date] = {}
    resolved = _resolved_at(protocol, stage, known)
    if resolved:
        return timeline, _resolved_note(protocol, stage, resolved, known)
    begins, needs = _stage_end(protocol, deadlines)
    stop = _blocked_note(protocol, stage, needs) if needs else None
    current = stage
    while True:
        t = _taken(current, urgent)
        if t is None:
            if current.next:
                stop = stop or (
                    f"The route after {current.label(protocol.stage_word)} depends on which "
                    "way the disagreement goes; choose a route to see the dates after it."
                )
            return timeline, stop
        if t.stage in seen:
            return timeline, stop
        try:
            current = protocol.stage(t.stage)
        except KeyError:
            return timeline, stop
        seen.add(current.id)
        if current.event_id in known:
            begins = known[current.event_id]
        if begins is not None:
            for event in [current.event_id] + _own_events(protocol, current):
                if event not in known:
                    projected[event] = begins
        note = None
        try:
            found = _stage_deadlines(protocol, current, known, projected, table, today)
        except OutOfRange as exc:
            note = f"No dates from here: {exc}."
            projected.pop(current.event_id, None)
            found = _stage_deadlines(protocol, current, {}, {}, table, today)
        timeline.append(
            {
                "stage": _stage_ref(protocol, current),
                "start": begins.isoformat() if begins else None,
                "projected": current.event_id not in known,
                "deadlines": found,
                "note": note,
            }
        )
        resolved = _resolved_at(protocol, current, known)
        if resolved:
            return timeline, _resolved_note(protocol, current, resolved, known)
        begins, needs = _stage_end(protocol, found)
        if needs and begins is None and not stop:
            stop = _blocked_note(protocol, current, needs)


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


def _check_route(protocol: Protocol, stage: Stage, urgent: bool | None) -> None:
    """`urgent` agrees with the procedure and with the stage the reader is at."""
    if urgent is None:
        return
    flag = "--urgent" if urgent else "--not-urgent"
    if not any(t.when != "unresolved" for s in protocol.stages for t in s.next):
        raise _refuse(f"{protocol.slug} has no urgent or non-urgent route; leave out {flag}", "urgent")
    if stage.branch in ("urgent", "non-urgent") and stage.branch != ("urgent" if urgent else "non-urgent"):
        raise _refuse(
            f"{_stage_in_sentence(protocol, stage)} is the {stage.branch} route, "
            f"which {flag} contradicts; leave it out or choose the other route",
            "urgent",
        )


def _check_dates(protocol: Protocol, stage: Stage, known: Mapping[str, dt.date]) -> None:
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
                    f"{_stage_in_sentence(protocol, one)} comes before {_stage_in_sentence(protocol, two)}",
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
                f"at {_stage_in_sentence(protocol, owner)}, so "
                f"{_stage_in_sentence(protocol, stage)} would not begin; leave out that date "
                f"or choose {_stage_in_sentence(protocol, owner)}",
                event.id,
            )


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


def answer(
    protocol: Protocol,
    stage_id: str,
    start: dt.date | str,
    table: NonWorkingTable,
    urgent: bool | None = None,
    today: dt.date | None = None,
    dates: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The deadlines for a reader at `stage_id` whose stage began on `start`.

    `dates` gives the dates of other events the reader knows (`stage-1`,
    `notification`…): each deadline is counted from the date of the event its
    source names, and has no date (`needs` names the event) when that date is
    not known. `urgent` is the reader's answer where the procedure branches
    (None: not said, and no route is taken). `table` is the nation's
    non-working days; the protocol's closure days are added here. Raises
    `UnknownStage`, `UnknownEvent`, `BadDate` or `OutOfRange` (all in
    `INPUT_ERRORS`) with a one-line message for bad input.
    """
    start_date = parse_date(start)
    stage = find_stage(protocol, stage_id, urgent)
    known = parse_dates(protocol, dates)
    if known.get(stage.event_id, start_date) != start_date:
        raise BadDate(
            f"two dates for {stage.event_id}: {start_date.isoformat()} and {known[stage.event_id].isoformat()}"
        )
    known[stage.event_id] = start_date
    _check_route(protocol, stage, urgent)
    _check_dates(protocol, stage, known)
    if protocol.calendar.closure_days:
        table = table.with_closures(protocol.calendar.closure_days)
    for day in known.values():
        table.require(day)
    if today is not None:
        table.require(today)
    deadlines = _stage_deadlines(protocol, stage, known, {}, table, today)
    taken = _taken(stage, urgent)
    forms = []
    for form_id in stage.forms:
        try:
            forms.append({"id": form_id, "name": protocol.form(form_id).name})
        except KeyError:
            forms.append({"id": form_id, "name": form_id})
    timeline, route_note = _timeline(protocol, stage, deadlines, urgent, known, table, today)
    review_on = protocol.document.review
    return {
        "protocol": protocol.slug,
        "name": protocol.name,
        "stage": {**_stage_ref(protocol, stage), "note": stage.note},
        "start": start_date.isoformat(),
        "urgent": urgent,
        "dates": {e: d.isoformat() for e, d in sorted(known.items())},
        "today": today.isoformat() if today else None,
        "questions": questions_for(protocol, stage),
        "child_protection": _child_protection(protocol),
        "review": (
            {"date": review_on.isoformat(), "overdue": review_on < (today or dt.date.today())} if review_on else None
        ),
        "deadlines": deadlines,
        "involved": [_person(protocol, r) for r in stage.involved],
        "next": _transition(protocol, taken) if taken else None,
        "branches": [_transition(protocol, t) for t in stage.next],
        "route_note": route_note if (stage.next and taken is None) else None,
        "if_resolved": _statements(stage.if_resolved),
        "after": _statements(protocol.after),
        "gaps": _statements(stage.gaps),
        "records": _records(protocol, stage),
        "forms": forms,
        "timeline": timeline,
        "timeline_note": route_note if taken is not None else None,
        "calendar": {
            "region": table.region,
            "source": table.source,
            "covers": [str(table.first_year), str(table.last_year)],
            "definition": definition_note(protocol),
        },
    }


def answer_json(
    protocol: Protocol,
    stage_id: str,
    start: dt.date | str,
    table: NonWorkingTable,
    urgent: bool | None = None,
    today: dt.date | None = None,
    dates: Mapping[str, Any] | None = None,
    indent: int | None = 2,
) -> str:
    """`answer()` as JSON text."""
    return json.dumps(
        answer(protocol, stage_id, start, table, urgent=urgent, today=today, dates=dates),
        indent=indent,
        ensure_ascii=False,
    )


def _counted_from_text(deadline: Mapping[str, Any]) -> str:
    cf = deadline["counted_from"]
    when = long_date(dt.date.fromisoformat(cf["date"]))
    what = cf["label"] + (", if each stage before runs to its limit" if cf.get("projected") else "")
    if cf.get("reading_text"):
        what += f"; {cf['reading_text']}"
    return f"counted from {when} ({what})"


def explain(deadline: Mapping[str, Any]) -> str:
    """One readable line for a deadline from `answer()`, naming the day it is
    counted from, e.g. "Wednesday 30 December 2026 — within 5 working days of
    stage 1, counted from Monday 21 December 2026 (the day Stage 1 began);
    skips 25 Dec Christmas Day, 28 Dec Boxing Day (substitute day)"."""
    wording = deadline["wording"]
    if deadline["due"] is not None:
        extras = []
        if deadline.get("readings"):
            dates = " or ".join(
                f"{long_date(dt.date.fromisoformat(r['due']))} ({r.get('label') or r['wording']}"
                f"{', earlier' if r.get('earlier') else ''}"
                f"{'; ' + day_name(r['lands_on']['name']) + ', not a working day' if r.get('lands_on') else ''})"
                for r in deadline["readings"]
                if r["due"]
            )
            line = f"{dates} — {wording}, {_counted_from_text(deadline)}"
        else:
            due = dt.date.fromisoformat(deadline["due"])
            line = f"{long_date(due)} — {wording}, {_counted_from_text(deadline)}"
            if deadline.get("lands_on"):
                extras.append(f"falls on a non-working day: {deadline['lands_on']['name']}")
        if deadline["skipped"]:
            extras.append(
                "skips "
                + ", ".join(f"{_short_date(dt.date.fromisoformat(s['date']))} {s['name']}" for s in deadline["skipped"])
            )
        if deadline["within"] and "hours" in deadline["within"]:
            extras.append("hours counted on the clock, weekends included")
        if extras:
            line += f"; {'; '.join(extras)}"
        return line
    if deadline["within"] is not None:
        return f"No date yet — {wording}: counted from {deadline['counted_from']['label']}, a date not given"
    if deadline.get("in_words"):
        text = str(deadline.get("in_words_text") or IN_WORDS.get(deadline["in_words"], deadline["in_words"]))
        return f"{text[:1].upper()}{text[1:]} — {wording}"
    return str(wording)
