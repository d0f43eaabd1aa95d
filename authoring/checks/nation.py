"""A protocol's calendar names a nation whose bank holidays the handbook knows."""

from __future__ import annotations

from calculator.model import NATIONS

from .context import Context
from .words import show, suggest

__all__ = ["check"]


def check(ctx: Context) -> None:
    """`calendar.nation` is one of `NATIONS`."""
    calendar = ctx.data.get("calendar")
    if isinstance(calendar, dict) and "nation" in calendar and calendar["nation"] not in NATIONS:
        nation = calendar["nation"]
        ctx.error(
            ("calendar", "nation"),
            f"calendar.nation: expected one of {', '.join(NATIONS)}, got {show(nation)}{suggest(str(nation), NATIONS)}",
        )
