"""Two limits the source gives one action are named as a conflict: two
computed limits of a stage, counted from the same event, in sentences that
differ only in the limit, are listed under `conflicts`."""

from __future__ import annotations

import difflib

from ..quotes import normalise_quote
from ..reading.yaml_paths import yaml_path
from ..time_phrases import LIMIT
from .context import Context, quote_list

__all__ = ["check"]


def check(ctx: Context) -> None:
    """Two computed limits on one action of a stage (the same sentence with
    another limit), counted from the same event but differing, are a
    conflict in the source: the file names it in `conflicts`. Run only when
    every reference resolves."""
    listed = {
        (str(c.get("stage")), str(t))
        for _, c in ctx.items(("conflicts",))
        for t in (c.get("timescales") or ())
        if isinstance(c.get("timescales"), list)
    }
    for sp, stage in ctx.items(("stages",)):
        sid = str(stage.get("id"))
        computed = [
            (p, t)
            for p, t in ctx.items(sp + ("timescales",))
            if isinstance(t.get("within"), dict) and isinstance(t.get("from"), dict)
        ]
        for i, (_, a) in enumerate(computed):
            for q, b in computed[i + 1 :]:
                same_event = (a["from"].get("stage"), a["from"].get("event")) == (
                    b["from"].get("stage"),
                    b["from"].get("event"),
                )
                if a["within"] == b["within"] or not same_event:
                    continue
                if (sid, str(a.get("id"))) in listed and (sid, str(b.get("id"))) in listed:
                    continue
                if not any(_similar(x, y) >= 0.8 for x in quote_list(a) for y in quote_list(b)):
                    continue
                ctx.error(
                    q + ("within",),
                    f"{yaml_path(q + ('within',))}: '{b.get('id')}' and '{a.get('id')}' "
                    f"give one action two different limits from the same event (the "
                    f"source's two sentences differ only in the limit); expected a "
                    f"conflicts entry for stage '{sid}' naming both, saying what the "
                    f"source says",
                )


def _similar(a: str, b: str) -> float:
    """How alike two sentences are once their time limits are taken out."""

    def strip(text: str) -> str:
        return LIMIT.sub("", normalise_quote(text)).casefold()

    return difflib.SequenceMatcher(None, strip(a), strip(b), autojunk=False).ratio()
