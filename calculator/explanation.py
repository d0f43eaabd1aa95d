"""One readable line of plain text for a deadline of an answer, as the command line's timeline prints it.

Standard library only, so it runs unchanged in CPython and Pyodide.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from .model import IN_WORDS
from .wording import (
    HOURS_RULE,
    counted_from_line,
    day_month,
    day_name,
    explained,
    falls_on,
    in_words_line,
    long_date,
    reading_dated,
    skips_short,
    undated_line,
)

__all__ = ["explain"]


def _date(iso: str) -> str:
    return long_date(dt.date.fromisoformat(iso))


def _counted_from_text(deadline: Mapping[str, Any], stage_word: str) -> str:
    cf = deadline["counted_from"]
    return counted_from_line(
        _date(cf["date"]),
        cf["label"],
        stage_word,
        is_projected=bool(cf.get("projected")),
        reading=cf.get("reading_text"),
    )


def _dates(deadline: Mapping[str, Any]) -> str:
    """The due date, or each reading's date where there is more than one."""
    if not deadline.get("readings"):
        return _date(deadline["due"])
    return " or ".join(
        reading_dated(
            _date(r["due"]),
            r.get("label") or r["wording"],
            earlier=bool(r.get("earlier")),
            lands=day_name(r["lands_on"]["name"]) if r.get("lands_on") else None,
        )
        for r in deadline["readings"]
        if r["due"]
    )


def explain(deadline: Mapping[str, Any], stage_word: str) -> str:
    """One readable line for a deadline from `answer()` of a procedure whose
    word for a stage is `stage_word`, naming the day it is
    counted from, e.g. "Wednesday 30 December 2026 — within 5 working days of
    stage 1, counted from Monday 21 December 2026 (the day Stage 1 began);
    skips 25 Dec Christmas Day, 28 Dec Boxing Day (substitute day)"."""
    wording = deadline["wording"]
    if deadline["due"] is not None:
        line = explained(_dates(deadline), wording, _counted_from_text(deadline, stage_word))
        extras = []
        if deadline.get("lands_on") and not deadline.get("readings"):
            extras.append(falls_on(deadline["lands_on"]["name"]))
        if deadline["skipped"]:
            extras.append(
                skips_short([(day_month(dt.date.fromisoformat(s["date"])), s["name"]) for s in deadline["skipped"]])
            )
        if deadline["within"] and "hours" in deadline["within"]:
            extras.append(HOURS_RULE)
        return line + (f"; {'; '.join(extras)}" if extras else "")
    if deadline["within"] is not None:
        return undated_line(wording, deadline["counted_from"]["label"])
    if deadline.get("in_words"):
        return in_words_line(
            str(deadline.get("in_words_text") or IN_WORDS.get(deadline["in_words"], deadline["in_words"])), wording
        )
    return str(wording)
