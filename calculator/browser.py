"""The calculator's interface to JavaScript in the reader's browser.

The page's worker loads the protocols and the non-working-day tables the build
shipped as JSON once (`load`), then asks for answers (`ask`), each returned
as JSON text: the dictionary `handbook deadline --json` prints with the words
the page shows beside it (`words`: every date of the reply as the engine writes
it, and the sentences about the answer), or `{"error": "one line for the
reader"}` for input the calculator cannot answer.

The page keeps no month names and no sentences about an answer of its own: it
shows what this module returns.

Standard library only; runs in Pyodide (and in CPython for the tests).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator, Mapping
from typing import Any

from .deadlines import answer as _answer
from .model import Protocol
from .nonworking import NonWorkingTable, OutOfRange
from .question import (
    INPUT_ERRORS,
    BadDate,
    UnknownEvent,
    UnknownProtocol,
    UnknownStage,
    find_protocol,
    parse_date,
)
from .wording import day_name, long_date, plain_date

__all__ = ["load", "ask", "answer", "page_words"]

_protocols: dict[str, Protocol] = {}
_tables: dict[str, NonWorkingTable] = {}

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def load(protocols_json: str, tables_json: str) -> str:
    """Read the build's protocols (slug -> protocol data) and tables (nation ->
    table data). Returns JSON: `{"slugs": [...], "nations": [...]}`."""
    protocols = {slug: Protocol.from_dict(data) for slug, data in json.loads(protocols_json).items()}
    tables = {nation: NonWorkingTable.from_dict(data) for nation, data in json.loads(tables_json).items()}
    _protocols.clear()
    _protocols.update(protocols)
    _tables.clear()
    _tables.update(tables)
    return json.dumps({"slugs": list(_protocols), "nations": list(_tables)})


# ------------------------------------------------------------ the page's words


def covers_text(first_year: int, last_year: int) -> str:
    """ "between 1 January 2019 and 31 December 2040": the years a calendar covers."""
    first = plain_date(dt.date(first_year, 1, 1))
    last = plain_date(dt.date(last_year, 12, 31))
    return f"between {first} and {last}"


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


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def _given(result: Mapping[str, Any], dates: Mapping[str, str]) -> list[str]:
    """ "Stage 1 began on Monday 21 December 2026", one for each date the reader gave."""
    stage = result["stage"]
    names = {q["event"]: q["name"] for q in result.get("questions") or []}
    given = []
    for event, iso in (result.get("dates") or {}).items():
        if event == f"stage-{stage['id']}":
            given.append(f"{stage['label']} began on {dates[iso]}")
        else:
            given.append(f"{_capitalised(names.get(event) or event)}: {dates[iso]}")
    return given


def _urgent_said(urgent: bool | None) -> str | None:
    if urgent is None:
        return None
    return "You said the disagreement is urgent." if urgent else "You said the disagreement is not urgent."


def _review(result: Mapping[str, Any], short: Mapping[str, str]) -> str | None:
    """The sentence about a review date that has passed, or None."""
    review = result.get("review")
    if not review or not review.get("overdue"):
        return None
    return f"this procedure gives {short[review['date']]} as the date it was due for review."


def _calendar(result: Mapping[str, Any]) -> str | None:
    """What a working day is, for a reply with a calendar."""
    calendar = result.get("calendar")
    if not calendar:
        return None
    definition = calendar.get("definition")
    said = f"Working days skip weekends and the bank holidays of {calendar['region']}."
    return f"{said} {definition['text']}" if definition else said


def page_words(result: Mapping[str, Any]) -> dict[str, Any]:
    """What the page shows of an answer that the answer's data does not say
    in words: each date as the engine writes it (`dates`: "Monday 21 December
    2026"; `short_dates`: "21 December 2026"), how a sentence names each
    non-working day a date lands on (`day_names`), and the sentences about
    the question (`given`, `urgent`, `today`, `review`, `calendar`)."""
    days = sorted(set(_iso_dates(result)))
    dates = {day.isoformat(): long_date(day) for day in days}
    short = {day.isoformat(): plain_date(day) for day in days}
    today = result.get("today")
    return {
        "dates": dates,
        "short_dates": short,
        "day_names": {name: day_name(name) for name in sorted(set(_lands_on_names(result)))},
        "given": _given(result, dates),
        "urgent": _urgent_said(result.get("urgent")),
        "today": f"Today is {dates[today]}." if today else None,
        "review": _review(result, short),
        "calendar": _calendar(result),
    }


# ------------------------------------------------------------ questions and answers


def _error(message: str, field: str | None = None, **extra: Any) -> str:
    """`{"error": message}`, with the form field it concerns where there is one."""
    out: dict[str, Any] = {"error": " ".join(str(message).split())}
    if field:
        out["field"] = field
    out.update(extra)
    return json.dumps(out, ensure_ascii=False)


def _field(exc: Exception) -> str | None:
    if isinstance(exc, UnknownProtocol):
        return "protocol"
    if isinstance(exc, UnknownStage):
        return "stage"
    if isinstance(exc, UnknownEvent):
        return "dates"
    if isinstance(exc, (BadDate, OutOfRange)):
        return getattr(exc, "event", None) or "start"
    return None


def _urgent(value: Any) -> bool | None:
    if value is None or value == "":
        return None
    if isinstance(value, str):
        return value.lower() in ("1", "yes", "true")
    return bool(value)


def ask(question_json: str) -> str:
    """The answer to one question from the page, as JSON text. The question is
    JSON: `{"slug", "stage", "start": "YYYY-MM-DD", "urgent": true|false|null,
    "dates": {"stage-1": "YYYY-MM-DD", ...}, "today": "YYYY-MM-DD"}`. Returns the
    dictionary `handbook deadline --json` prints with `words` (`page_words`),
    or `{"error": ..., "field": ...}` for input it cannot answer (`field`:
    protocol, stage, start, dates, or the event id whose date is wrong; with
    `covers_text` when the date is outside the calendar)."""
    try:
        q = json.loads(question_json)
        if not isinstance(q, dict):
            raise ValueError
    except ValueError:
        return _error("The calculator was asked a question it could not read.")
    return answer(
        q.get("slug", ""),
        q.get("stage", ""),
        q.get("start", ""),
        q.get("urgent"),
        q.get("dates") or {},
        q.get("today") or None,
    )


def answer(
    slug: str, stage: str, start_iso: str, urgent: Any = None, dates: Any = None, today_iso: str | None = None
) -> str:
    """The answer for a reader at `stage` of `slug` whose stage began on
    `start_iso`, as JSON text; `{"error": ...}` for input it cannot answer."""
    if not _protocols:
        return _error("The calculator's data has not been loaded.")
    try:
        protocol = find_protocol(_protocols, str(slug))
        table = _tables.get(protocol.calendar.nation)
        if table is None:
            return _error(f"No calendar of non-working days for {protocol.calendar.nation_name}.")
        if isinstance(dates, str):
            dates = json.loads(dates or "{}")
        today = parse_date(today_iso) if today_iso else None
        if today is not None and not table.covers(today):
            today = None  # relative dates need a today the calendar covers; the dates stand
        result = _answer(
            protocol, str(stage), str(start_iso), table, urgent=_urgent(urgent), today=today, dates=dict(dates or {})
        )
    except OutOfRange as exc:
        return _error(str(exc), _field(exc), covers_text=covers_text(exc.first_year, exc.last_year))
    except INPUT_ERRORS as exc:
        return _error(str(exc), _field(exc))
    return json.dumps({**result, "words": page_words(result)}, ensure_ascii=False)
