"""An answer counted under the edition in force on the day its stage began, with a line for each later change.

Where a partnership has one edition the answer is `deadlines.answer`'s, key
for key. Where it has more, the answer gains `edition`: the edition used (its
date, its name, a sentence naming it) and `changes`, one plain line for each
limit or route of the stage that a later edition changed, with the date
under each, counted from the same days.

Standard library only, so it runs unchanged in CPython and Pyodide.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

from .deadlines import answer
from .editions import Editions
from .model import Protocol
from .nonworking import NonWorkingTable
from .question import INPUT_ERRORS, parse_date
from .wording import (
    counted_under,
    edition_name,
    limit_added,
    limit_changed,
    limit_dropped,
    plain_date,
    route_changed,
    route_words,
    stage_dropped,
)

__all__ = ["answer_in_force"]

Ask = Callable[[Protocol], dict[str, Any]]


def answer_in_force(
    editions: Editions,
    stage_id: str,
    start: dt.date | str,
    table: NonWorkingTable,
    urgent: bool | None = None,
    today: dt.date | None = None,
    dates: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """`deadlines.answer` under the edition in force on `start` (its timeline's
    stages each under the edition in force on the day it would begin); with
    `edition` where the partnership has more than one. Raises what `answer` raises."""
    start_date = parse_date(start)

    def ask(edition: Protocol) -> dict[str, Any]:
        return answer(edition, stage_id, start_date, table, urgent=urgent, today=today, dates=dates)

    used = editions.in_force_on(start_date)
    result = answer(used, stage_id, start_date, table, urgent=urgent, today=today, dates=dates, editions=editions)
    if editions.several:
        result["edition"] = _edition(editions, used, result, ask)
    return result


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def _edition(editions: Editions, used: Protocol, result: dict[str, Any], ask: Ask) -> dict[str, Any]:
    """The edition an answer was counted under, and what each later edition changed."""
    name = edition_name(used.document.in_force_from)
    changes: list[dict[str, Any]] = []
    for later in editions.later_than(used):
        changes.extend(_changes(used, name, result, later, ask))
    return {
        "in_force_from": _iso(used.document.in_force_from),
        "name": name,
        "text": counted_under(name, used.stage_word, plain_date(parse_date(result["start"]))),
        "changes": changes,
    }


def _due(deadline: dict[str, Any]) -> str | None:
    return plain_date(parse_date(deadline["due"])) if deadline.get("due") else None


def _limit(deadline: dict[str, Any]) -> tuple[Any, Any]:
    return (deadline["within"], deadline["in_words"])


def _changes(used: Protocol, name: str, result: dict[str, Any], later: Protocol, ask: Ask) -> list[dict[str, Any]]:
    """One line for each limit or route of the stage that `later` changed."""
    since = _iso(later.document.in_force_from)
    later_name = edition_name(later.document.in_force_from)
    word = used.stage_word
    if all(s.id != result["stage"]["id"] for s in later.stages):
        return [
            {"in_force_from": since, "timescale": None, "text": stage_dropped(later_name, result["stage"]["label"])}
        ]
    try:
        other = ask(later)
    except INPUT_ERRORS:
        return []  # the reader's dates do not fit the later edition: nothing to set beside this answer
    lines: list[tuple[str | None, str]] = []
    theirs = {d["timescale"]: d for d in other["deadlines"]}
    ours = {d["timescale"] for d in result["deadlines"]}
    for d in result["deadlines"]:
        new = theirs.get(d["timescale"])
        if new is None:
            lines.append((d["timescale"], limit_dropped(name, word, d["wording"], _due(d), later_name)))
        elif _limit(new) != _limit(d):
            line = limit_changed(name, word, d["wording"], _due(d), later_name, new["wording"], _due(new))
            lines.append((d["timescale"], line))
    for d in other["deadlines"]:
        if d["timescale"] not in ours:
            lines.append((d["timescale"], limit_added(name, word, later_name, d["wording"], _due(d))))
    old_route, new_route = _route(result), _route(other)
    if old_route != new_route:
        lines.append((None, route_changed(name, word, old_route, later_name, new_route)))
    return [{"in_force_from": since, "timescale": ts, "text": text} for ts, text in lines]


def _route(result: dict[str, Any]) -> str:
    """Where the route goes on if the stage is not resolved: "Stage 3", "Stage 3 or Stage 4 (urgent)"."""
    taken = [result["next"]] if result.get("next") else result.get("branches") or []
    return route_words([(t["label"], t["title"]) for t in taken])
