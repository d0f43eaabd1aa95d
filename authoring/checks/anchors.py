"""A limit counts from what its source's words name: the event of its own
stage, the stage its words name."""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Any

from ..reading.yaml_paths import yaml_path
from .context import Context
from .words import PathKey

__all__ = ["check"]

#: A stage named in a limit's words: "of stage 1", "of step 3", "of the previous stage".
_NAMED_STAGE = re.compile(r"\bof\s+(?:(?:stage|step)\s+([\w-]+)|the\s+previous\s+(?:stage|step))\b", re.IGNORECASE)

Stages = dict[str, dict[str, Any]]


def check(ctx: Context) -> None:
    """An event a stage's text names is counted from by that stage's limits
    only; words that name a stage ("of stage 1", "of the previous stage")
    match `from.stage`, unless the file marks them `ambiguous` with a note; a
    computed limit says what it counts from in the source's words
    (`from.text`), or is marked `stated: false` with a note."""
    events = {str(e.get("id")): (p, e) for p, e in ctx.items(("events",))}
    stages = {str(s.get("id")): s for _, s in ctx.items(("stages",))}
    previous: dict[str, list[str]] = defaultdict(list)
    for sid, stage in stages.items():
        for t in stage.get("next") or ():
            if isinstance(t, dict) and t.get("stage") is not None:
                previous[str(t["stage"])].append(sid)
    for p, event in events.values():
        owner = event.get("stage")
        if owner is not None and str(owner) not in stages:
            ctx.unknown(p + ("stage",), "stage", str(owner), stages)
    for sp, stage in ctx.items(("stages",)):
        sid = str(stage.get("id"))
        for p, t in ctx.items(sp + ("timescales",)):
            counted = t.get("from")
            if not isinstance(counted, dict):
                continue
            event_id = counted.get("event")
            owner = events.get(str(event_id), (None, {}))[1].get("stage") if event_id is not None else None
            if owner is not None and str(owner) != sid:
                ctx.error(
                    p + ("from", "event"),
                    f"{yaml_path(p + ('from', 'event'))}: '{event_id}' is an event of stage "
                    f"'{owner}' (its `stage`), but this limit belongs to stage '{sid}'; "
                    f"what the source names at each stage is an event of its own: "
                    f"expected an event whose `stage` is '{sid}'",
                )
            _named_stage(ctx, p, counted, sid, stages, previous.get(sid, []))
            _said(ctx, p, t, counted)


def _said(ctx: Context, p: PathKey, t: dict[str, Any], counted: dict[str, Any]) -> None:
    """An ambiguous anchor comes with a note; a computed limit says what it counts from."""
    if counted.get("ambiguous") is True and not t.get("note"):
        ctx.error(
            p + ("from", "ambiguous"),
            f"{yaml_path(p + ('from', 'ambiguous'))}: the source's words for what "
            f"this counts from are read by the handbook, so the timescale needs a "
            f"note saying which reading and why",
        )
    if t.get("within") is not None and not counted.get("text") and counted.get("stated") is not False:
        ctx.error(
            p + ("from",),
            f"{yaml_path(p + ('from',))}: the limit does not say what it counts "
            f"from in the source's words; expected from.text (the words, as they "
            f"stand in the quote), or `stated: false` and a note where the source "
            f"does not say",
        )


def _named_stage(
    ctx: Context, p: PathKey, counted: dict[str, Any], sid: str, stages: Stages, previous: list[str]
) -> None:
    """`from.text` that names a stage agrees with `from.stage`."""
    text = counted.get("text")
    if not isinstance(text, str) or counted.get("ambiguous") is True:
        return
    m = _NAMED_STAGE.search(text)
    if m is None:
        return
    if m.group(1):
        named = [i for i, s in stages.items() if str(s.get("number") or i).casefold() == m.group(1).casefold()]
    else:
        named = previous
    target = counted.get("stage")
    if named and (target is None or str(target) not in named):
        where = p + ("from", "stage") if target is not None else p + ("from", "event")
        ctx.error(
            where,
            f'{yaml_path(where)}: the source\'s words "{text}" name stage '
            f"{' or '.join(repr(n) for n in named)}, not "
            f"{repr(str(target)) if target is not None else 'an event'}; expected "
            f"from.stage {named[0]!r}, or `ambiguous: true` with a note where the "
            f"words can be read another way",
        )
