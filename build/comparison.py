"""The comparison page: the partnerships side by side, stage by stage. Pure:
protocols in, Markdown out.

An overview row per partnership (areas, number of stages, forms), then one
table per stage number ("Stage 1", "Stage 2", …) with a row for each
partnership that has a stage of that number: who it goes to, its timescales
in the source's words and where it goes when it is not resolved. This is the
one page whose size grows with the number of partnerships; each protocol is
visited once.
"""

from __future__ import annotations

import datetime as dt
import re

import jinja2

from calculator.model import Protocol

from . import flowchart, pages
from .links import Links

__all__ = ["comparison_rows", "stage_tables", "render_comparison"]

SRC = "compare.md"


def _number_key(number: str) -> tuple[int, str]:
    match = re.match(r"\d+", number)
    return (int(match.group()) if match else 10**6, number)


def comparison_rows(protocols: list[Protocol], links: Links, today: dt.date) -> list[dict]:
    """One overview row per partnership."""
    return [
        {
            "protocol": p,
            "href": links.href(SRC, links.partnership_src(p.slug)),
            "overdue": p.document.review_overdue(today),
            "conflicts": len(p.conflicts),
            "forms": [{"form": f, "href": links.href(SRC, links.form_src(p.slug, f.id))} for f in p.forms],
        }
        for p in protocols
    ]


def stage_tables(protocols: list[Protocol], links: Links) -> list[dict]:
    """One table per stage number, in number order; each lists the
    partnerships that have a stage of that number (a split step gives one row
    per branch) and names those that do not."""
    tables: dict[str, dict] = {}
    for p in protocols:
        page = links.href(SRC, links.partnership_src(p.slug))
        labels = {s.id: s.label(p.stage_word) for s in p.stages}
        for row in pages.stage_summary(p):
            stage = row["stage"]
            number = stage.number or stage.id
            table = tables.setdefault(number, {"number": number, "rows": [], "slugs": set()})
            table["slugs"].add(p.slug)
            table["rows"].append(
                {
                    "protocol": p,
                    "href": page,
                    "stage_href": f"{page}#{row['anchor']}",
                    "label": row["label"],
                    "title": stage.title,
                    "who": row["who"],
                    "timescales": row["timescales"],
                    "next": [
                        {
                            "when": flowchart.when_label(t.when),
                            "label": labels.get(t.stage, t.stage),
                            "href": f"{page}#stage-{t.stage}",
                        }
                        for t in stage.next
                    ],
                }
            )
    out = []
    for number in sorted(tables, key=_number_key):
        t = tables[number]
        missing = [
            {"protocol": p, "href": links.href(SRC, links.partnership_src(p.slug)), "count": len(p.stages)}
            for p in protocols
            if p.slug not in t["slugs"]
        ]
        out.append({"number": number, "anchor": f"stage-{number}", "rows": t["rows"], "missing": missing})
    return out


def render_comparison(template: jinja2.Template, protocols: list[Protocol], links: Links, today: dt.date) -> str:
    return template.render(rows=comparison_rows(protocols, links, today), tables=stage_tables(protocols, links))
