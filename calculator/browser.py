"""The calculator's interface to JavaScript in the reader's browser.

The page's worker loads the protocols and the non-working-day tables the build
shipped as JSON once (`load`), then asks for answers (`ask`), each returned
as JSON text: the dictionary `handbook deadline --json` prints with the words
the page shows beside it (`words`: every date of the reply as the engine writes
it, the sentences about the answer, and under `terms` the line that explains
each of the partnership's glossary terms), or `{"error": "one line for the
reader"}` for input the calculator cannot answer.

The page keeps no month names and no sentences about an answer of its own: it
shows what this module returns.

Standard library only; runs in Pyodide (and in CPython for the tests).
"""

from __future__ import annotations

import json
from typing import Any

from .edition_answer import answer_in_force
from .editions import Editions
from .model import Protocol
from .nonworking import NonWorkingTable, OutOfRange
from .page_words import covers_text, page_words
from .question import (
    INPUT_ERRORS,
    BadDate,
    UnknownEvent,
    UnknownProtocol,
    UnknownStage,
    find_protocol,
    parse_date,
)
from .refusals import NOT_LOADED, UNREADABLE_QUESTION, no_calendar

__all__ = ["load", "ask", "answer"]

_protocols: dict[str, Protocol] = {}
_editions: dict[str, Editions] = {}
_tables: dict[str, NonWorkingTable] = {}


def _editions_of(data: dict[str, Any]) -> Editions:
    """A protocol's data as the build ships it: the current edition, its earlier ones under `editions`."""
    return Editions.of(Protocol.from_dict(data), [Protocol.from_dict(e) for e in data.get("editions") or ()])


def load(protocols_json: str, tables_json: str) -> str:
    """Read the build's protocols (slug -> protocol data, with any earlier
    editions' data under `editions`) and tables (nation -> table data).
    Returns JSON: `{"slugs": [...], "nations": [...]}`."""
    editions = {slug: _editions_of(data) for slug, data in json.loads(protocols_json).items()}
    tables = {nation: NonWorkingTable.from_dict(data) for nation, data in json.loads(tables_json).items()}
    _editions.clear()
    _editions.update(editions)
    _protocols.clear()
    _protocols.update({slug: e.current for slug, e in editions.items()})
    _tables.clear()
    _tables.update(tables)
    return json.dumps({"slugs": list(_protocols), "nations": list(_tables)})


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
    dictionary `handbook deadline --json` prints with `words` (`page_words`,
    and the partnership's glossary under `terms`), or `{"error": ...,
    "field": ...}` for input it cannot answer (`field`: protocol, stage, start,
    dates, or the event id whose date is wrong; with `covers_text` when the
    date is outside the calendar)."""
    try:
        q = json.loads(question_json)
        if not isinstance(q, dict):
            raise ValueError
    except ValueError:
        return _error(UNREADABLE_QUESTION)
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
        return _error(NOT_LOADED)
    try:
        protocol = find_protocol(_protocols, str(slug))
        table = _tables.get(protocol.calendar.nation)
        if table is None:
            return _error(no_calendar(protocol.calendar.nation_name))
        if isinstance(dates, str):
            dates = json.loads(dates or "{}")
        today = parse_date(today_iso) if today_iso else None
        if today is not None and not table.covers(today):
            today = None  # relative dates need a today the calendar covers; the dates stand
        result = answer_in_force(
            _editions[protocol.slug],
            str(stage),
            str(start_iso),
            table,
            urgent=_urgent(urgent),
            today=today,
            dates=dict(dates or {}),
        )
    except OutOfRange as exc:
        return _error(str(exc), _field(exc), covers_text=covers_text(exc.first_year, exc.last_year))
    except INPUT_ERRORS as exc:
        return _error(str(exc), _field(exc))
    # The partnership's glossary, for the page to explain the answer's terms.
    words = {**page_words(result, protocol.stage_word), "terms": [t.as_shown() for t in protocol.glossary]}
    return json.dumps({**result, "words": words}, ensure_ascii=False)
