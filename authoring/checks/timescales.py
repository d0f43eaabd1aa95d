"""Each timescale is a limit of one kind: a number of one unit (`within`), or
words (`in_words`)."""

from __future__ import annotations

from typing import Any

from calculator.model import IN_WORDS

from ..reading.yaml_paths import yaml_path
from ..time_phrases import UNITS
from .context import Context
from .words import PathKey, show, suggest

__all__ = ["check"]


def check(ctx: Context) -> None:
    """Each timescale has `within` or `in_words`, not both; either is one the
    handbook can compute or show."""
    for p, t in ctx.all_timescales():
        where = yaml_path(p)
        has_within = t.get("within") is not None
        has_words = t.get("in_words") is not None
        if has_within and has_words:
            ctx.error(p + ("in_words",), f"{where}: expected within or in_words, not both", key=True)
        elif not has_within and not has_words:
            ctx.error(
                p,
                f"{where}: missing a timescale: expected within (working_days, hours "
                f"or calendar_days) or in_words ({', '.join(IN_WORDS)})",
            )
        if has_words and t["in_words"] not in IN_WORDS:
            ctx.error(
                p + ("in_words",),
                f"{where}.in_words: expected one of "
                f"{', '.join(IN_WORDS)}, got {show(t['in_words'])}"
                f"{suggest(str(t['in_words']), IN_WORDS)}",
            )
        if has_within:
            _within(ctx, p + ("within",), t["within"])


def _within(ctx: Context, p: PathKey, within: Any) -> None:
    """Exactly one known unit, a whole number of 1 or more of it."""
    where = yaml_path(p)
    if not isinstance(within, dict):
        ctx.error(p, f"{where}: expected a mapping with one of {', '.join(UNITS)}, got {show(within)}")
        return
    for key in within:
        if key not in UNITS:
            ctx.error(
                p + (key,),
                f"unknown unit '{key}' in {where} (expected one of: {', '.join(UNITS)}){suggest(key, UNITS)}",
                key=True,
            )
    units = [u for u in UNITS if u in within]
    if not units and all(k in UNITS for k in within):
        ctx.error(p, f"{where}: expected one of {', '.join(UNITS)}, got none of them")
    elif len(units) > 1:
        ctx.error(p, f"{where}: expected exactly one of {', '.join(UNITS)}, got {' and '.join(units)}")
    for unit in units:
        n = within[unit]
        if isinstance(n, bool) or not isinstance(n, int) or n < 1:
            ctx.error(p + (unit,), f"{where}.{unit}: expected a whole number of 1 or more, got {show(n)}")
