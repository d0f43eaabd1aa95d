"""What the schema cannot check, checked: each family of rules in its order,
over one `Context`.

Rules that walk references between entries (the stage graph, conflicts) run
only when the first three families (references, the file name, the source's
quotes) found nothing; the others run on whatever the file has.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..reading.positions import SourceMap
from . import (
    anchors,
    conflicts,
    dates,
    edition,
    file_name,
    graph,
    nation,
    placeholders,
    references,
    source,
    timescales,
    wordings,
)
from .context import Context

__all__ = ["meaning_problems"]


def meaning_problems(
    path: str, data: dict[str, Any], positions: SourceMap, today: dt.date
) -> list[tuple[int, int, str, str]]:
    """Every problem of meaning in a file the schema passed, each (line,
    column, severity, message), in the order the rules find them."""
    ctx = Context(path, data, positions, today)
    before = len(ctx.found)
    references.check(ctx)
    file_name.check(ctx)
    edition.check(ctx)
    source.check(ctx)
    resolved = len(ctx.found) == before  # nothing wrong in the three above
    if resolved:
        graph.check(ctx)
    dates.check(ctx)
    timescales.check(ctx)
    wordings.check(ctx)
    anchors.check(ctx)
    if resolved:
        conflicts.check(ctx)
    nation.check(ctx)
    placeholders.check(ctx)
    return ctx.found
