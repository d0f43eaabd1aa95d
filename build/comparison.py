"""The comparison page: every partnership's stages, timescales, people and
forms side by side. Pure: protocols in, Markdown out.

This is the one page whose size grows with the number of partnerships; each
protocol is visited once.
"""

from __future__ import annotations

import datetime as dt

import jinja2

from calculator.model import Protocol

import flowchart
from links import Links

__all__ = ["comparison_rows", "render_comparison"]

SRC = "compare.md"


def comparison_rows(protocols: list[Protocol], links: Links, today: dt.date) -> list[dict]:
    rows = []
    for p in protocols:
        page = links.href(SRC, links.partnership_src(p.slug))
        role_ids: list[str] = []
        for stage in p.stages:
            for r in stage.involved:
                if r not in role_ids:
                    role_ids.append(r)
        roles = {r.id: r for r in p.roles}
        rows.append({
            "protocol": p,
            "href": page,
            "overdue": p.document.review_overdue(today),
            "conflicts": len(p.conflicts),
            "stages": [{
                "label": s.label(p.stage_word),
                "title": s.title,
                "href": f"{page}#stage-{s.id}",
                "timescales": [{"short": flowchart.short_timescale(t), "wording": t.wording,
                                "conflict": p.conflict_for(s.id, t.id) is not None} for t in s.timescales],
            } for s in p.stages],
            "roles": [roles[r] for r in role_ids if r in roles],
            "forms": [{"form": f, "href": links.href(SRC, links.form_src(p.slug, f.id))} for f in p.forms],
        })
    return rows


def render_comparison(template: jinja2.Template, protocols: list[Protocol], links: Links,
                      today: dt.date) -> str:
    return template.render(rows=comparison_rows(protocols, links, today))
