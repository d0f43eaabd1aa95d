"""One readable line of plain text for a deadline of an answer, as the command line's timeline prints it.

Standard library only, so it runs unchanged in CPython and Pyodide.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from .model import IN_WORDS
from .wording import HOURS_RULE, PROJECTED, day_month, day_name, long_date

__all__ = ["explain"]


def _counted_from_text(deadline: Mapping[str, Any]) -> str:
    cf = deadline["counted_from"]
    when = long_date(dt.date.fromisoformat(cf["date"]))
    what = cf["label"] + (f", {PROJECTED}" if cf.get("projected") else "")
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
                + ", ".join(f"{day_month(dt.date.fromisoformat(s['date']))} {s['name']}" for s in deadline["skipped"])
            )
        if deadline["within"] and "hours" in deadline["within"]:
            extras.append(HOURS_RULE)
        if extras:
            line += f"; {'; '.join(extras)}"
        return line
    if deadline["within"] is not None:
        return f"No date yet — {wording}: counted from {deadline['counted_from']['label']}, a date not given"
    if deadline.get("in_words"):
        text = str(deadline.get("in_words_text") or IN_WORDS.get(deadline["in_words"], deadline["in_words"]))
        return f"{text[:1].upper()}{text[1:]} — {wording}"
    return str(wording)
