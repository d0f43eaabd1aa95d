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
from typing import Any, Iterable, Mapping

from .model import FROM_EVENTS, IN_WORDS, Protocol, Stage, Timescale, Transition
from .nonworking import NonWorkingTable, OutOfRange
from .workdays import add_calendar_days, add_hours, add_working_days

__all__ = [
    "DeadlineError",
    "UnknownProtocol",
    "UnknownStage",
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
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")

COUNTING = {
    "working_days": "working days",
    "hours": "hours, on the clock",
    "calendar_days": "calendar days",
}


class DeadlineError(ValueError):
    """Input the calculator cannot answer; the message is one line for the reader."""


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
    """"Thursday 31 December 2026", whatever the locale."""
    return f"{WEEKDAYS[day.weekday()]} {day.day} {MONTHS[day.month - 1]} {day.year}"


def _short_date(day: dt.date) -> str:
    return f"{day.day} {MONTHS[day.month - 1][:3]}"


def find_protocol(protocols: Mapping[str, Protocol] | Iterable[Protocol], slug: str) -> Protocol:
    """The protocol with this slug, or `UnknownProtocol` listing the slugs there are."""
    by_slug = protocols if isinstance(protocols, Mapping) else {p.slug: p for p in protocols}
    if slug in by_slug:
        return by_slug[slug]
    raise UnknownProtocol(
        f"unknown partnership {slug!r}; expected one of: {', '.join(sorted(by_slug)) or '(none)'}")


def find_stage(protocol: Protocol, stage_id: str, urgent: bool = False) -> Stage:
    """The stage with this id; failing that, the stage numbered `stage_id` on the
    branch the urgent flag picks ("4" is lscp's "4-urgent" or "4-non-urgent")."""
    stage_id = str(stage_id)
    for stage in protocol.stages:
        if stage.id == stage_id:
            return stage
    numbered = [s for s in protocol.stages if s.number == stage_id]
    if numbered:
        wanted = "urgent" if urgent else "non-urgent"
        for stage in numbered:
            if stage.branch == wanted:
                return stage
        if not urgent:
            for stage in numbered:
                if stage.branch != "urgent":
                    return stage
        return numbered[0]
    raise UnknownStage(
        f"unknown stage {stage_id!r} for {protocol.slug}; expected one of: "
        f"{', '.join(s.id for s in protocol.stages)}")


def _taken(stage: Stage, urgent: bool) -> Transition | None:
    """The transition a reader takes when this stage does not resolve things."""
    by_when: dict[str, Transition] = {}
    for t in stage.next:
        by_when.setdefault(t.when, t)
    if urgent and "urgent" in by_when:
        return by_when["urgent"]
    if "non-urgent" in by_when:
        return by_when["non-urgent"]
    if "unresolved" in by_when:
        return by_when["unresolved"]
    return stage.next[0] if stage.next else None


def _stage_ref(protocol: Protocol, stage: Stage) -> dict[str, Any]:
    return {"id": stage.id, "title": stage.title, "label": stage.label(protocol.stage_word)}


def _role_title(protocol: Protocol, role_id: str) -> str:
    try:
        return protocol.role(role_id).title
    except KeyError:
        return role_id


def _transition(protocol: Protocol, t: Transition) -> dict[str, Any]:
    try:
        target = protocol.stage(t.stage)
        ref = _stage_ref(protocol, target)
    except KeyError:
        ref = {"id": t.stage, "title": None, "label": None}
    return {**ref, "when": t.when, "contacts": [_role_title(protocol, r) for r in t.contacts],
            "quote": list(t.quote)}


#: Events that can happen after the stage began: a date counted from the
#: stage's start is then only the earliest the deadline could fall.
LATER_EVENTS = {"agreement", "concern-identified"}


def _note(ts: Timescale, dated: bool) -> str | None:
    """The protocol's own note, and what the date is counted from when the
    source counts it from something other than the stage's start."""
    extra = None
    if dated and ts.counted_from.event in LATER_EVENTS:
        extra = (f"The source counts this from {FROM_EVENTS[ts.counted_from.event]}, which may be "
                 f"after the day the stage began: the date shown is counted from that day, so it "
                 f"is the earliest this could fall due.")
    elif dated and ts.counted_from.event == "not-stated":
        extra = ("The source does not say what this is counted from; the date shown is counted "
                 "from the day the stage began.")
    return " ".join(n for n in (ts.note, extra) if n) or None


def _deadline(ts: Timescale, start: dt.date | None, table: NonWorkingTable,
              today: dt.date | None) -> dict[str, Any]:
    within = ts.within.as_dict() if ts.within is not None else None
    unit = next(iter(within)) if within else None
    due: dt.date | None = None
    skipped: list[tuple[dt.date, str]] = []
    if within and start is not None:
        amount = within[unit]
        if unit == "working_days":
            due, skipped = add_working_days(table, start, amount)
        elif unit == "hours":
            due = add_hours(start, amount, table)
        else:
            due = add_calendar_days(start, amount, table)
    result: dict[str, Any] = {
        "timescale": ts.id,
        "action": ts.action,
        "wording": ts.wording,
        "quote": list(ts.quote),
        "from": ts.counted_from.describe(),
        "within": within,
        "in_words": ts.in_words,
        "in_words_text": IN_WORDS.get(ts.in_words, ts.in_words) if ts.in_words else None,
        "due": due.isoformat() if due else None,
        "weekday": WEEKDAYS[due.weekday()] if due else None,
        "counting": COUNTING[unit] if unit else None,
        "skipped": [{"date": d.isoformat(), "name": name} for d, name in skipped],
        "note": _note(ts, due is not None),
        "repeats": ts.repeats,
        "conflict": None,
        "overdue": (due < today) if (due is not None and today is not None) else None,
    }
    return result


def _stage_deadlines(protocol: Protocol, stage: Stage, start: dt.date | None,
                     table: NonWorkingTable, today: dt.date | None) -> list[dict[str, Any]]:
    """Every timescale of the stage: words-only first, then by due date."""
    found = [_deadline(ts, start, table, today) for ts in stage.timescales]
    by_id = {d["timescale"]: d for d in found}
    for d in found:
        conflict = protocol.conflict_for(stage.id, d["timescale"])
        if conflict is None:
            continue
        others = [by_id[t] for t in conflict.timescales if t != d["timescale"] and t in by_id]
        mine = _effective(d, start)
        safe = mine is not None and all(
            (theirs := _effective(o, start)) is None or mine <= theirs for o in others)
        d["conflict"] = {"text": conflict.text, "safe": safe,
                         "other": others[0]["timescale"] if others else None}
    for d in found:
        d["explanation"] = explain(d)
    words = [d for d in found if d["within"] is None]
    computed = [d for d in found if d["within"] is not None]
    computed.sort(key=lambda d: d["due"] or "9999-99-99")
    return words + computed


def _effective(d: Mapping[str, Any], start: dt.date | None) -> str | None:
    """When a deadline falls, for comparing two readings: words-only means now."""
    if d["due"] is not None:
        return d["due"]
    if d["within"] is None and d["in_words"] and start is not None:
        return start.isoformat()
    return None


def _latest_due(deadlines: Iterable[Mapping[str, Any]]) -> dt.date | None:
    dues = [d["due"] for d in deadlines if d["within"] is not None and d["due"] is not None]
    return dt.date.fromisoformat(max(dues)) if dues else None


def _timeline(protocol: Protocol, stage: Stage, deadlines: list[dict[str, Any]], urgent: bool,
              table: NonWorkingTable, today: dt.date | None) -> list[dict[str, Any]]:
    """The later stages along the path taken, each starting when the one before
    reaches its limit (its latest computed due date). Where a stage has no
    computed deadline, later dates are unknown and left null."""
    timeline = []
    seen = {stage.id}
    start = _latest_due(deadlines)
    current = stage
    while True:
        t = _taken(current, urgent)
        if t is None or t.stage in seen:
            break
        try:
            current = protocol.stage(t.stage)
        except KeyError:
            break
        seen.add(current.id)
        note = None
        try:
            found = _stage_deadlines(protocol, current, start, table, today)
            next_start = _latest_due(found)
        except OutOfRange as exc:
            note = f"No dates from here: {exc}."
            found = _stage_deadlines(protocol, current, None, table, today)
            next_start = None
        timeline.append({"stage": _stage_ref(protocol, current),
                         "start": start.isoformat() if start else None,
                         "deadlines": found, "note": note})
        start = next_start
    return timeline


def answer(protocol: Protocol, stage_id: str, start: dt.date | str, table: NonWorkingTable,
           urgent: bool = False, today: dt.date | None = None) -> dict[str, Any]:
    """The deadlines for a reader at `stage_id` whose stage began on `start`.

    `table` is the nation's non-working days; the protocol's own closure days
    are added here. Raises `UnknownStage`, `BadDate` or `OutOfRange` (all in
    `INPUT_ERRORS`) with a one-line message for bad input.
    """
    start_date = parse_date(start)
    stage = find_stage(protocol, stage_id, urgent)
    if protocol.calendar.closure_days:
        table = table.with_closures(protocol.calendar.closure_days)
    table.require(start_date)
    deadlines = _stage_deadlines(protocol, stage, start_date, table, today)
    taken = _taken(stage, urgent)
    forms = []
    for form_id in stage.forms:
        try:
            forms.append({"id": form_id, "name": protocol.form(form_id).name})
        except KeyError:
            forms.append({"id": form_id, "name": form_id})
    return {
        "protocol": protocol.slug,
        "name": protocol.name,
        "stage": _stage_ref(protocol, stage),
        "start": start_date.isoformat(),
        "urgent": bool(urgent),
        "deadlines": deadlines,
        "next": _transition(protocol, taken) if taken else None,
        "branches": [_transition(protocol, t) for t in stage.next],
        "records": [r.text for r in stage.records] + [r.text for r in protocol.record_keeping],
        "forms": forms,
        "timeline": _timeline(protocol, stage, deadlines, urgent, table, today),
        "calendar": {"region": table.region, "source": table.source,
                     "covers": [str(table.first_year), str(table.last_year)]},
    }


def answer_json(protocol: Protocol, stage_id: str, start: dt.date | str, table: NonWorkingTable,
                urgent: bool = False, today: dt.date | None = None, indent: int | None = 2) -> str:
    """`answer()` as JSON text."""
    return json.dumps(answer(protocol, stage_id, start, table, urgent=urgent, today=today),
                      indent=indent, ensure_ascii=False)


def explain(deadline: Mapping[str, Any]) -> str:
    """One readable line for a deadline from `answer()`, e.g.
    "Thursday 31 December 2026 — within 5 working days of stage 1 (skips 25 Dec
    Christmas Day, 28 Dec Boxing Day (observed))"."""
    wording = deadline["wording"]
    if deadline["due"] is not None:
        due = dt.date.fromisoformat(deadline["due"])
        line = f"{long_date(due)} — {wording}"
        extras = []
        if deadline["skipped"]:
            extras.append("skips " + ", ".join(
                f"{_short_date(dt.date.fromisoformat(s['date']))} {s['name']}"
                for s in deadline["skipped"]))
        if deadline["within"] and "hours" in deadline["within"]:
            extras.append("hours counted on the clock, weekends included")
        if extras:
            line += f" ({'; '.join(extras)})"
        return line
    if deadline["within"] is not None:
        return f"Date not known — {wording}"
    if deadline.get("in_words"):
        text = deadline.get("in_words_text") or IN_WORDS.get(deadline["in_words"], deadline["in_words"])
        return f"{text[:1].upper()}{text[1:]} — {wording}"
    return wording
