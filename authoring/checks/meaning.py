"""What the schema cannot check, checked: each family of rules in its order,
over one `Context`.

Every family runs, so that one run reports every problem of a file, except
the two that walk references between entries (the stage graph, conflicts):
they run only when the schema passed and the references themselves were
found sound, since a missing or unknown stage would only come back as a
broken route. On a file the schema
faulted, a family that cannot make sense of the data it meets is skipped
(the schema's own messages say what is wrong there).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from ..reading.positions import SourceMap
from . import (
    anchors,
    conflicts,
    dates,
    edition,
    file_name,
    glossary,
    graph,
    nation,
    placeholders,
    references,
    roles_used,
    source,
    timescales,
    wordings,
)
from .context import Context
from .schema_errors import SchemaReport

__all__ = ["meaning_problems"]

Family = Callable[[Context], None]

#: The families that need sound references, and those that do not, in order.
AFTER_REFERENCES: tuple[Family, ...] = (graph.check, conflicts.check)
INDEPENDENT: tuple[Family, ...] = (
    file_name.check,
    edition.check,
    source.check,
    dates.check,
    timescales.check,
    wordings.check,
    anchors.check,
    nation.check,
    placeholders.check,
    roles_used.check,
    glossary.check,
)


def meaning_problems(
    path: str, data: dict[str, Any], positions: SourceMap, today: dt.date, *, schema: SchemaReport | None = None
) -> list[tuple[int, int, str, str]]:
    """Every problem of meaning in a file, each (line, column, severity,
    message), in the order the rules find them, none within a value the
    `schema` faulted. Where the schema found anything, a family that fails on
    the data's shape is skipped rather than raised."""
    schema_passed = schema is None or not schema.found
    ctx = Context(path, data, positions, today, faulted=schema.faulted if schema else frozenset())

    def run(family: Family) -> None:
        kept = len(ctx.found)
        try:
            family(ctx)
        except Exception:
            if schema_passed:
                raise
            del ctx.found[kept:]

    run(references.check)
    sound = not ctx.found
    for family in INDEPENDENT:
        run(family)
    if sound and schema_passed:
        for family in AFTER_REFERENCES:
            run(family)
    return ctx.found
