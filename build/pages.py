"""A partnership's handbook page: the protocol in, Markdown (with HTML) out.

Pure: no MkDocs here. `partnership_context` gathers what the template needs
(roles looked up, conflicts attached to their stage, links worked out, the
stages as one step-by-step list), which build/templates/partnership.md.j2
renders.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from calculator.model import Protocol, Role, Stage
from calculator.naming import definition_note, event_label, limit_anchor
from calculator.timescale import Timescale

from . import chart_terms, flowchart, source_review
from .links import Links

__all__ = ["partnership_context", "stage_anchor", "stage_summary", "WAYS"]

#: How the page names each way of raising a disagreement.
WAYS = {
    "telephone": "By telephone",
    "face-to-face": "Face to face",
    "online-meeting": "In an online (internet) meeting",
    "email": "By email",
    "letter": "By letter",
    "meeting": "In a meeting",
    "in-writing": "In writing",
}


def stage_anchor(stage: Stage) -> str:
    return f"stage-{stage.id}"


@dataclass
class TimescaleRow:
    timescale: Timescale
    short: str
    counted_from: str
    conflict: object | None


@dataclass
class Person:
    """Someone a stage names, with the source's condition where the contact
    is made only in some cases."""

    role: Role
    condition: str | None = None


def _role(protocol: Protocol, role_id: str) -> Role:
    try:
        return protocol.role(role_id)
    except KeyError:  # the loader checks references; keep the page readable regardless
        return Role(id=role_id, title=role_id.replace("-", " "))


def _who(protocol: Protocol, stage: Stage) -> list[Person]:
    """Whom a stage takes the disagreement to: the contacts of the routes
    that lead into it (as the source names them), else the people it involves
    (the first stage, which nothing leads to)."""
    people: list[Person] = []
    seen: set[str] = set()
    for earlier in protocol.stages:
        for t in earlier.next:
            if t.stage != stage.id:
                continue
            for r in t.contacts:
                if r not in seen:
                    seen.add(r)
                    people.append(Person(_role(protocol, r), t.condition_for(r)))
    if not people:
        people = [Person(_role(protocol, r)) for r in stage.involved]
    return people


def _counted_from(protocol: Protocol, ts: Timescale) -> str:
    """A table's "Counted from" cell: the source's words, or the handbook's reading named as such."""
    return (
        limit_anchor(protocol, ts, always=True)
        or ts.counted_from.text
        or event_label(protocol, ts.counted_from.event_id)
    )


def _logic(protocol: Protocol, index: int) -> str | None:
    """ "or" where a stage is the other way on from the stage that leads to the
    one before it in the list (the procedure branches there), else None."""
    if index == 0:
        return None
    here, before = protocol.stages[index].id, protocol.stages[index - 1].id
    for stage in protocol.stages:
        targets = [t.stage for t in stage.next]
        if here in targets and before in targets:
            return "or"
    return None


def stage_summary(protocol: Protocol) -> list[dict]:
    """One row per stage: who, what by when (each timescale's action and the
    source's wording), in the source's order, with "or" where the procedure
    branches."""
    rows = []
    for index, stage in enumerate(protocol.stages):
        rows.append(
            {
                "stage": stage,
                "label": stage.label(protocol.stage_word),
                "anchor": stage_anchor(stage),
                "logic": _logic(protocol, index),
                "who": _who(protocol, stage),
                "timescales": [
                    {
                        "action": t.action,
                        "wording": t.wording,
                        "anchor": limit_anchor(protocol, t),
                        "conflict": protocol.conflict_for(stage.id, t.id) is not None,
                    }
                    for t in stage.timescales
                ],
            }
        )
    return rows


def partnership_context(
    protocol: Protocol,
    protocols: list[Protocol],
    links: Links,
    today: dt.date,
    updated: dict | None = None,
    editions: dict | None = None,
) -> dict:
    """What partnership.md.j2 needs: the protocol, its stages as the page
    shows them, its forms, its flowchart and its links to the other pages
    (`updated`: its "Last updated" line, `history_pages.last_updated`;
    `editions`: its list of editions, `edition_list.editions_context`)."""
    src = links.partnership_src(protocol.slug)
    labels = {s.id: s.label(protocol.stage_word) for s in protocol.stages}
    doc = protocol.document
    return {
        "protocol": protocol,
        "protocols": protocols,
        "base": links.base(src),
        "stages": [_stage_context(protocol, stage, labels, links) for stage in protocol.stages],
        "summary": stage_summary(protocol),
        "has_timescales": any(s.timescales for s in protocol.stages),
        "working_day_definition": definition_note(protocol),
        "review_overdue": doc.review_overdue(today),
        "today": today,
        "updated": updated,
        "editions": editions,
        "ways": [
            {"way": w, "label": WAYS.get(w.way, w.way.replace("-", " ").capitalize())} for w in protocol.ways_to_raise
        ],
        "forms": [
            {
                "form": f,
                "href": links.href(src, links.form_src(protocol.slug, f.id)),
                "send_to": [_role(protocol, r) for r in f.send_to],
            }
            for f in protocol.forms
        ],
        "source_href": links.href(src, links.source_text_src(protocol.slug)),
        "review_href": links.href(src, source_review.page_src(protocol.slug)),
        "calculator_href": links.href(src, "calculator.md"),
        "counting_href": links.href(src, "counting.md"),
        **_flowchart_context(protocol),
    }


def _stage_context(protocol: Protocol, stage: Stage, labels: dict[str, str], links: Links) -> dict:
    """One stage as the page shows it: who is involved, its time limits, what follows, its forms."""
    src = links.partnership_src(protocol.slug)
    return {
        "stage": stage,
        "label": labels[stage.id],
        "anchor": stage_anchor(stage),
        "involved": [_role(protocol, r) for r in stage.involved],
        "timescales": [
            TimescaleRow(
                t,
                flowchart.short_timescale(t, protocol, with_anchor=False),
                _counted_from(protocol, t),
                protocol.conflict_for(stage.id, t.id),
            )
            for t in stage.timescales
        ],
        "conflicts": [c for c in protocol.conflicts if c.stage == stage.id],
        "next": [
            {
                "transition": t,
                "when": flowchart.when_label(t.when),
                "label": labels.get(t.stage, t.stage),
                "title": _stage_title(protocol, t.stage),
                "anchor": f"stage-{t.stage}",
                "contacts": [Person(_role(protocol, r), t.condition_for(r)) for r in t.contacts],
            }
            for t in stage.next
        ],
        "forms": [
            {"form": protocol.form(f), "href": links.href(src, links.form_src(protocol.slug, f))}
            for f in stage.forms
            if any(x.id == f for x in protocol.forms)
        ],
    }


def _flowchart_context(protocol: Protocol) -> dict:
    """The page's flowchart, described by its caption (which points to the
    step list) and by the list of the glossary terms it uses."""
    flow_id = f"flowchart-{protocol.slug}"
    terms_id = f"{flow_id}-terms"
    svg, terms = chart_terms.described_chart(
        lambda describedby: flowchart.svg(
            protocol, title_id=f"{flow_id}-title", desc_id=f"{flow_id}-desc", describedby=describedby
        ),
        f"{flow_id}-caption",
        protocol.glossary,
        terms_id,
    )
    return {"flowchart_id": flow_id, "flowchart_svg": svg, "chart_terms": terms, "chart_terms_id": terms_id}


def _stage_title(protocol: Protocol, stage_id: str) -> str:
    try:
        return protocol.stage(stage_id).title
    except KeyError:
        return ""
