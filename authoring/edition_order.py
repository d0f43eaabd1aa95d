"""A partnership's editions follow one another: each took effect before the next, the current file last.

One edition's file is checked like any protocol (`check`); this is the rule
across them: the current file of a partnership with earlier editions gives
the day it took effect (`document.in_force_from`), later than the latest
earlier edition's, and a folder of editions belongs to a current file.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from .edition_files import EDITIONS, edition_day, edition_files, slugs_with_editions
from .reading.loader import read_protocol_file
from .reading.problems import Problem

__all__ = ["order_problems"]


def order_problems(protocols: str | os.PathLike, slugs: list[str] | None = None) -> list[Problem]:
    """Every problem with the order of the editions in a protocols folder (or of the partnerships `slugs`)."""
    folder = Path(protocols)
    problems: list[Problem] = []
    for slug in slugs_with_editions(folder) if slugs is None else slugs:
        files = edition_files(folder, slug)
        if not files:
            continue
        current = folder / f"{slug}.yaml"
        if not current.is_file():
            shown = os.path.join(protocols, EDITIONS, slug)
            message = f"earlier editions of '{slug}' but no current file; expected {slug}.yaml beside editions/"
            problems.append(Problem(shown, 1, 1, "error", message))
            continue
        problems.extend(_current_problems(os.path.join(protocols, f"{slug}.yaml"), slug, files))
    return problems


def _current_problems(shown: str, slug: str, files: list[Path]) -> list[Problem]:
    """The current file's `in_force_from`: given, and after every earlier edition's day."""
    read = read_protocol_file(shown)
    document = read.data.get("document") if isinstance(read.data, dict) else None
    if not isinstance(document, dict):
        return []  # the check of the file itself says what is wrong
    given = document.get("in_force_from")
    days = [(d, f) for f in files if (d := edition_day(f)) is not None]
    latest, latest_file = max(days) if days else (None, files[-1])
    where = f"{EDITIONS}/{slug}/{latest_file.name}"
    if given is None:
        line, col = read.positions.key(("document",))
        after = f" (after {latest}, when {where} took effect)" if latest else ""
        message = (
            f"document: expected in_force_from, the day this edition took effect{after}: "
            f"{EDITIONS}/{slug}/ holds {len(files)} earlier edition{'s' if len(files) != 1 else ''}"
        )
        return [Problem(shown, line, col, "error", message)]
    if isinstance(given, dt.date) and latest is not None and given <= latest:
        line, col = read.positions.value(("document", "in_force_from"))
        message = (
            f"document.in_force_from: {given} is not after {latest}, when the earlier edition {where} took effect; "
            f"expected a later day (each edition takes effect after the one before it)"
        )
        return [Problem(shown, line, col, "error", message)]
    return []
