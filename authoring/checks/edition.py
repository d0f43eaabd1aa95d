"""An earlier edition's file name is the day it took effect (`document.in_force_from`), or `earliest`."""

from __future__ import annotations

from pathlib import Path

from ..edition_files import EARLIEST, edition_day, is_edition_file
from .context import Context

__all__ = ["check"]


def check(ctx: Context) -> None:
    """An edition named by a day gives that day as `document.in_force_from`; `earliest.yaml` gives none."""
    if not is_edition_file(ctx.path):
        return
    name = Path(ctx.path).name
    document = ctx.data.get("document")
    if not isinstance(document, dict):
        return
    given = document.get("in_force_from")
    day = edition_day(ctx.path)
    if Path(ctx.path).stem == EARLIEST:
        if given is not None:
            ctx.error(
                ("document", "in_force_from"),
                f"document.in_force_from: {name} is the edition whose first day is not known; "
                f"expected no in_force_from (or rename the file to '{given}.yaml')",
            )
    elif day is None:
        ctx.error(
            ("slug",),
            f"file name '{name}': an earlier edition is named by the day it took effect, "
            f"YYYY-MM-DD.yaml, or '{EARLIEST}.yaml' where that day is not known",
        )
    elif given is None:
        ctx.error(("document",), f"document: expected in_force_from: {day}, the day this edition took effect ({name})")
    elif given != day:
        ctx.error(
            ("document", "in_force_from"),
            f"document.in_force_from: {given} is not the day in the file's name ({name}); "
            f"expected {day} (or rename the file to '{given}.yaml')",
        )
