"""One stage's deadlines counted: each timescale's due date from the date of the event its source names.

Standard library only, so it runs unchanged in CPython and Pyodide.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from .model import IN_WORDS, Protocol, Stage
from .naming import event_label
from .nonworking import NonWorkingTable
from .relative import projected, relative
from .timescale import Timescale
from .wording import COUNTING, DEFINITION_LABELS, READING_TEXT, WEEKDAYS, only_after, only_where
from .workdays import add_calendar_days, add_hours, add_working_days

__all__ = ["stage_deadlines", "non_working_name"]


def non_working_name(table: NonWorkingTable, day: dt.date) -> str | None:
    """Why `day` is not a working day ("Saturday", "Christmas Day"), or None."""
    if day.weekday() >= 5:
        return WEEKDAYS[day.weekday()]
    return table.name(day)


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
    lands = non_working_name(table, due) if (due is not None and unit != "working_days") else None
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


def _against_today(
    table: NonWorkingTable, due: dt.date | None, today: dt.date | None, *, is_projected: bool
) -> dict[str, Any] | None:
    """Where a date stands against today: a projection where it is projected, never passed."""
    if due is None or today is None:
        return None
    return projected(table, due, today) if is_projected else relative(table, due, today)


def _readings(
    protocol: Protocol,
    ts: Timescale,
    anchor: dt.date | None,
    table: NonWorkingTable,
    today: dt.date | None,
    is_projected: bool,
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """A computed limit's date and, where there is more than one, every
    reading of it (the source's own second wording, the source's definition of
    a working day), the earlier marked."""
    assert ts.within is not None
    within = ts.within.as_dict()
    main = _reading(within, ts.within.describe() if ts.also else ts.wording, anchor, table)
    readings: list[dict[str, Any]] = []
    if ts.also:
        readings = [main] + [_reading(r.within.as_dict(), r.wording, anchor, table) for r in ts.also]
    by_definition = _definition_reading(protocol, within, main, anchor, table)
    if by_definition:
        readings = (readings or [{**main, "label": DEFINITION_LABELS["handbook"]}]) + [by_definition]
    dues = [r["due"] for r in readings if r["due"]]
    for r in readings:
        r["earlier"] = bool(r["due"]) and len(set(dues)) > 1 and r["due"] == min(dues)
        if r["due"] and today is not None:
            r["relative"] = _against_today(table, dt.date.fromisoformat(r["due"]), today, is_projected=is_projected)
    return main, readings


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
    main, readings = _readings(protocol, ts, anchor, table, today, is_projected) if within else (None, [])
    due = dt.date.fromisoformat(main["due"]) if main and main["due"] else None
    condition = _condition(protocol, ts, anchor)
    against = _against_today(table, due, today, is_projected=is_projected)
    return {
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
        "overdue": (due < today) if (due is not None and today is not None and not is_projected) else None,
        "relative": against,
        "condition": condition,
        "status": _status(within is not None, due, against, condition, is_projected=is_projected),
    }


def _condition(protocol: Protocol, ts: Timescale, anchor: dt.date | None) -> str | None:
    """What an action that does not always apply is shown with in front: the
    source's words for when it does, or the undated event that brings it
    about (the disagreement being resolved; any event, for an action in words)."""
    cf = ts.counted_from
    if ts.condition:
        return only_where(ts.condition)
    if anchor is not None or not (protocol.resolves(cf.event_id) or ts.within is None):
        return None
    return only_where(cf.text) if cf.text else only_after(event_label(protocol, cf.event_id))


#: Each deadline's `status`, from a date against today.
_BY_RELATIVE = {"passed": "overdue", "today": "today", "upcoming": "upcoming"}


def _status(
    computed: bool,
    due: dt.date | None,
    against: dict[str, Any] | None,
    condition: str | None,
    *,
    is_projected: bool,
) -> str:
    """Where a deadline stands for what to do now: "overdue", "today",
    "upcoming", "now" (in words, applying now), "undated", "conditional" (only
    where its condition holds) or "projected" (in a later stage, projected)."""
    if is_projected:
        return "projected"
    if condition:
        return "conditional"
    if not computed:
        return "now"
    if due is None:
        return "undated"
    return _BY_RELATIVE[against["status"]] if against else "upcoming"


def stage_deadlines(
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
    words = [d for d in found if d["within"] is None]
    dated = sorted((d for d in found if d["due"] is not None), key=lambda d: d["due"])
    undated = [d for d in found if d["within"] is not None and d["due"] is None]
    return words + dated + undated
