"""The words the browser's page shows beside an answer, each taken from `wording`: the page keeps none of its own.

`page_words(result)` gives every date of the answer as the engine writes it,
the sentences about the question, each deadline's sentences (keyed
"STAGE/TIMESCALE", for the reader's stage and the timeline's), and the text
of each event of the calendar file.

Standard library only, so it runs unchanged in CPython and Pyodide.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Mapping
from typing import Any

from . import wording as w

__all__ = ["page_words", "covers_text"]

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def covers_text(first_year: int, last_year: int) -> str:
    """ "between 1 January 2019 and 31 December 2040": the years a calendar covers."""
    return w.covers_text(w.plain_date(dt.date(first_year, 1, 1)), w.plain_date(dt.date(last_year, 12, 31)))


def _iso_dates(value: Any) -> Iterator[dt.date]:
    """Every ISO date among the values (not the keys) of a reply, however deep."""
    if isinstance(value, str):
        if _ISO_DATE.fullmatch(value):
            try:
                yield dt.date.fromisoformat(value)
            except ValueError:
                pass  # a text of the source's that only looks like a date
    elif isinstance(value, Mapping):
        for item in value.values():
            yield from _iso_dates(item)
    elif isinstance(value, list):
        for item in value:
            yield from _iso_dates(item)


def _lands_on_names(value: Any) -> Iterator[str]:
    """The name of every non-working day a date of the reply lands on."""
    if isinstance(value, Mapping):
        lands = value.get("lands_on")
        if isinstance(lands, Mapping) and lands.get("name"):
            yield str(lands["name"])
        for item in value.values():
            yield from _lands_on_names(item)
    elif isinstance(value, list):
        for item in value:
            yield from _lands_on_names(item)


def _given(result: Mapping[str, Any], dates: Mapping[str, str]) -> list[str]:
    """ "Stage 1 began on Monday 21 December 2026", one for each date the reader gave."""
    stage = result["stage"]
    names = {q["event"]: q["name"] for q in result.get("questions") or []}
    given = []
    for event, iso in (result.get("dates") or {}).items():
        if event == f"stage-{stage['id']}":
            given.append(w.began_on(stage["label"], dates[iso]))
        else:
            given.append(w.given_date(names.get(event) or event, dates[iso]))
    return given


def _calendar(result: Mapping[str, Any]) -> str | None:
    """What a working day is, for a reply with a calendar."""
    calendar = result.get("calendar")
    if not calendar:
        return None
    definition = calendar.get("definition")
    said = w.working_days_skip(calendar["region"])
    return f"{said} {definition['text']}" if definition else said


def _lands(x: Mapping[str, Any]) -> str | None:
    return w.day_name(x["lands_on"]["name"]) if x.get("lands_on") else None


def _timeline_when(d: Mapping[str, Any]) -> dict[str, Any]:
    """What the timeline says beside each date of a deadline (`tags`, one for
    each reading with a date where they differ), or instead of one (`text`)."""
    readings = [r for r in d.get("readings") or [] if r["due"]]
    if len({r["due"] for r in readings}) > 1:
        tags = [
            w.reading_tags(r.get("label") or r["wording"], earlier=bool(r.get("earlier")), lands=_lands(r))
            for r in readings
        ]
        return {"tags": tags, "text": None}
    if d["due"]:
        earlier = bool(d.get("conflict") and d["conflict"]["earlier"])
        return {"tags": [w.reading_tags(None, earlier=earlier, lands=_lands(d))], "text": None}
    text = d.get("in_words_text") or ""
    return {"tags": [], "text": w.NO_DATE if d["within"] else text[:1].upper() + text[1:]}


def _timeline_row(d: Mapping[str, Any], short: Mapping[str, str]) -> str:
    cf = d.get("counted_from") or {}
    detail = ""
    if d["due"] and cf.get("date"):
        detail = w.timeline_from(
            short[cf["date"]], cf["label"], projected=bool(cf.get("projected")), reading=cf.get("reading_text")
        )
    elif not d["due"] and d["within"]:
        detail = f"; {w.counted_from_undated(cf['label'])}"
    return w.timeline_row(d["action"], d["wording"], detail)


def _deadline(
    result: Mapping[str, Any], d: Mapping[str, Any], dates: Mapping[str, str], short: Mapping[str, str], word: str
) -> dict[str, Any]:
    """The sentences the page shows for one deadline."""
    cf = d.get("counted_from") or {}
    readings = [r for r in d.get("readings") or [] if r["due"]]
    note_follows = bool(d.get("note")) and bool(cf.get("reading"))
    asked = next((q["question"] for q in result.get("questions") or [] if q["event"] == d.get("needs")), None)
    return {
        "counted_from": w.counted_from(
            dates[cf["date"]],
            cf["label"],
            word,
            is_projected=bool(cf.get("projected")),
            reading=None if note_follows else cf.get("reading_text"),
        )
        if cf.get("date")
        else None,
        "procedure": w.procedure_says(d["wording"], d.get("counting")) if d["within"] else None,
        "skips": w.skips([(short[s["date"]], s["name"]) for s in d["skipped"]]) if d.get("skipped") else None,
        "needs": w.not_given(cf["label"]) if not d["due"] and d["within"] else None,
        "give_it": w.give_it_above(asked) if asked and d.get("needs") else None,
        "same_date": w.same_date([r["wording"] for r in readings])
        if len(readings) > 1 and len({r["due"] for r in readings}) == 1
        else None,
        "repeats": w.repeats_for(d["repeats"]) if d.get("repeats") else None,
        "timeline_when": _timeline_when(d),
        "timeline_row": _timeline_row(d, short),
    }


def _deadlines(
    result: Mapping[str, Any], dates: Mapping[str, str], short: Mapping[str, str], word: str
) -> dict[str, Any]:
    """Each deadline's sentences, keyed "STAGE/TIMESCALE"."""
    stages = [(result["stage"]["id"], result.get("deadlines") or [])]
    stages += [(e["stage"]["id"], e["deadlines"]) for e in result.get("timeline") or []]
    return {
        f"{stage}/{d['timescale']}": _deadline(result, d, dates, short, word) for stage, found in stages for d in found
    }


def _timeline(result: Mapping[str, Any], word: str) -> dict[str, str]:
    """What follows the date each later stage begins on, keyed by stage."""
    return {
        e["stage"]["id"]: w.begins_projected(word) if e["projected"] else w.BEGINS_GIVEN
        for e in result.get("timeline") or []
        if e["start"]
    }


def _calendar_events(result: Mapping[str, Any]) -> list[dict[str, Any]]:
    """One event of the calendar file for each date of a deadline (each reading's, where they differ)."""
    stage = result["stage"]
    events = []
    for d in result.get("deadlines") or []:
        if not d["due"]:
            continue
        readings = [r for r in d.get("readings") or [] if r["due"]]
        dated = (
            [(f"{d['timescale']}-{i + 1}", r, r["wording"]) for i, r in enumerate(readings)]
            if len({r["due"] for r in readings}) > 1
            else [(d["timescale"], d, None)]
        )
        cf = d.get("counted_from") or {}
        for key, one, reading in dated:
            lines = [
                w.event_heading(result["name"], stage["label"], stage["title"]),
                w.procedure_said(d["wording"]),
                w.reads_it_as(reading, earlier=bool(one.get("earlier"))) if reading else "",
                *(f"“{q}”" for q in d.get("quote") or []),
                w.skipped_days([(s["date"], s["name"]) for s in one["skipped"]]) if one.get("skipped") else "",
                w.date_not_working(one["lands_on"]["date"], w.day_name(one["lands_on"]["name"]))
                if one.get("lands_on")
                else "",
                w.counted_from_day(cf["date"], cf["label"]) if cf.get("date") else "",
            ]
            events.append(
                {
                    "key": key,
                    "due": one["due"],
                    "from": cf.get("date") or result["start"],
                    "summary": w.event_summary(stage["label"], d["action"], reading),
                    "description": [line for line in lines if line],
                }
            )
    return events


def page_words(result: Mapping[str, Any], stage_word: str) -> dict[str, Any]:
    """What the page shows of an answer (of a procedure whose word for a
    stage is `stage_word`) that the answer's data does not say in words: each
    date as the engine writes it (`dates`: "Monday 21 December 2026";
    `short_dates`: "21 December 2026"), what a date landing on a non-working
    day is told (`lands_on`), the sentences about the question (`given`,
    `urgent`, `today`, `review`, `calendar`), each deadline's (`deadlines`),
    the timeline's (`begins`), the calendar file's events
    (`calendar_events`), the sentences every answer may show (`said`) and the
    procedure's word for a stage (`stage_word`, in lower case), for the
    page's headings about the answer."""
    days = sorted(set(_iso_dates(result)))
    dates = {day.isoformat(): w.long_date(day) for day in days}
    short = {day.isoformat(): w.plain_date(day) for day in days}
    today = result.get("today")
    review = result.get("review")
    return {
        "dates": dates,
        "short_dates": short,
        "lands_on": {name: w.lands_on(w.day_name(name)) for name in sorted(set(_lands_on_names(result)))},
        "given": _given(result, dates),
        "urgent": w.URGENT_SAID.get(result["urgent"]) if result.get("urgent") is not None else None,
        "today": w.today_is(dates[today]) if today else None,
        "review": w.review_due(short[review["date"]]) if review and review.get("overdue") else None,
        "calendar": _calendar(result),
        "deadlines": _deadlines(result, dates, short, stage_word),
        "begins": _timeline(result, stage_word),
        "calendar_events": _calendar_events(result),
        "said": {
            "no_date": w.NO_DATE,
            "no_timescale": w.no_timescale(stage_word),
            "last_stage": w.last_stage(stage_word),
            "review_passed": w.REVIEW_PASSED,
            "earlier": w.EARLIER,
            "begins": w.BEGINS,
            "added_heading": w.ADDED_HEADING,
            "added_general": w.ADDED_GENERAL,
        },
        "stage_word": stage_word.lower(),
    }
