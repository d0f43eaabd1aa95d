"""The Jinja2 environment every generated page is rendered with.

Templates live in build/templates/ and are compiled once per build. Output is
Markdown with HTML blocks, so everything is HTML-escaped by default.
"""

from __future__ import annotations

import functools

import datetime as dt
from pathlib import Path

import jinja2

from calculator.deadlines import event_question, questions_for, limit_anchor

__all__ = ["TEMPLATES", "environment", "long_date", "short_date"]

TEMPLATES = Path(__file__).resolve().parent / "templates"


def long_date(day: dt.date | None) -> str:
    """"Tuesday 22 December 2026"."""
    if day is None:
        return ""
    return f"{day:%A} {day.day} {day:%B %Y}"


def short_date(day: dt.date | None) -> str:
    """"22 December 2026"."""
    if day is None:
        return ""
    return f"{day.day} {day:%B %Y}"


@functools.lru_cache(maxsize=None)
def environment(extra_paths: tuple[Path, ...] = ()) -> jinja2.Environment:
    """The one Jinja2 environment of a build (cached: every template is
    compiled once per process, not once per page)."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([TEMPLATES, *extra_paths]),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["long_date"] = long_date
    env.filters["short_date"] = short_date
    env.filters["iso"] = lambda d: d.isoformat() if d else ""
    # The calculator's form asks, per stage, for the dates its deadlines count from.
    env.globals["questions_for"] = questions_for
    env.globals["event_question"] = event_question
    env.globals["limit_anchor"] = limit_anchor
    return env
