"""Training scenario pages: a scenario's walk-through in, page text out.

Pure: no MkDocs here. For each scenario (see `authoring.scenarios`) the
handbook has three pages, all from the same walk-through data:

- the walk-through (Markdown, a page of the site): the story, then stage by
  stage what happened, the deadlines the calculator works out for those dates
  with the source's words, and whether the next event came after them;
- a printable handout (a standalone HTML page, A4): the procedure on the
  first page (stages, timescales, contacts and a compact flowchart), then the
  story and a blank timeline for participants, then the answers on a page of
  their own;
- a presenter view (a standalone HTML page) for a projector: one event at a
  time in large type with every deadline of it on screen, the stages in a row
  with the current one marked, the whole flowchart on demand, keys to step
  through the events (docs/assets/presenter/presenter.js; no inline script,
  as the Content-Security-Policy forbids it).

`scenario_files()` gives every page with its path inside the site, for the
MkDocs hook to add.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Mapping
from html import escape
from typing import Any

import jinja2
from markupsafe import Markup

from authoring.scenarios import Scenario
from authoring.walkthrough import Step
from calculator.model import Protocol, mid_sentence
from calculator.wording import compact_date

from . import chart_terms, flowchart, flowchart_view, templating
from .links import Links

__all__ = [
    "walkthrough_src",
    "handout_path",
    "presenter_path",
    "INDEX_SRC",
    "ASSETS",
    "scenario_context",
    "render_walkthrough",
    "render_handout",
    "render_presenter",
    "render_index",
    "mid_sentence",
    "procedure",
    "scenario_files",
]

#: Where the scenarios' index page lives, inside the site's docs.
INDEX_SRC = "scenarios/index.md"
#: The presenter's and handout's script and style sheets, inside the site.
ASSETS = "assets/presenter/"


def walkthrough_src(scenario: Scenario) -> str:
    return f"scenarios/{scenario.slug}/index.md"


def handout_path(scenario: Scenario) -> str:
    return f"scenarios/{scenario.slug}/handout.html"


def presenter_path(scenario: Scenario) -> str:
    return f"scenarios/{scenario.slug}/presenter.html"


def _short(day: dt.date | None) -> str:
    """ "Thu 31 Dec 2026"."""
    return compact_date(day) if day else ""


def _time(day: dt.date | None, style: str = "long") -> str:
    if day is None:
        return ""
    text = templating.long_date(day) if style == "long" else _short(day)
    return f'<time datetime="{day.isoformat()}">{escape(text)}</time>'


@functools.cache
def _environment() -> jinja2.Environment:
    """The build's shared environment, with this module's filters added once."""
    env = templating.environment()
    env.filters["time"] = lambda d, style="long": Markup(_time(d, style))
    env.filters["short"] = _short
    env.filters["mid_sentence"] = mid_sentence
    return env


def _deadline_rows(step: Step) -> list[dict[str, Any]]:
    """The stage's deadlines, each with the comparison against the next event."""
    checks = {c["timescale"]: c for c in step.checks}
    rows = []
    conflicts_shown: set[str] = set()
    for d in step.answer["deadlines"]:
        # A conflict joins two timescales: say it once, with the first of them.
        conflict = d["conflict"]
        if conflict is not None:
            conflict = None if conflict["text"] in conflicts_shown else conflict
            conflicts_shown.add(d["conflict"]["text"])
        due = dt.date.fromisoformat(d["due"]) if d["due"] else None
        words = d.get("in_words_text")
        # The day the deadline is counted from, where the answer names it.
        counted = d.get("counted_from") or {}
        counted_date = dt.date.fromisoformat(counted["date"]) if counted.get("date") else None
        rows.append(
            {
                "timescale": d["timescale"],
                "action": d["action"],
                "wording": d["wording"],
                "quote": d["quote"],
                "due": due,
                "counted_from": counted_date,
                "needs": (counted.get("label") or d["needs"]) if d.get("needs") else None,
                "lands_on": (d.get("lands_on") or {}).get("name"),
                "earlier": bool(d["conflict"] and d["conflict"].get("earlier")),
                # Where the source gives one limit two ways: each reading's date, the earlier marked.
                "readings": [
                    {
                        "wording": r["wording"],
                        "label": r.get("label"),
                        "earlier": r.get("earlier", False),
                        "due": dt.date.fromisoformat(r["due"]) if r.get("due") else None,
                        "lands_on": (r.get("lands_on") or {}).get("name"),
                    }
                    for r in d.get("readings") or ()
                ],
                "in_words": words,
                "counting": d["counting"],
                "skipped": [(dt.date.fromisoformat(s["date"]), s["name"]) for s in d["skipped"]],
                "hours": bool(d["within"] and "hours" in d["within"]),
                "repeats": d["repeats"],
                "conflict": conflict,
                "in_conflict": d["conflict"] is not None,
                "note": d["note"],
                "check": checks.get(d["timescale"]),
            }
        )
    return rows


def _role(protocol: Protocol, role_id: str) -> dict[str, Any]:
    """A role's title with the telephone number and email address the source gives."""
    try:
        role = protocol.role(role_id)
    except KeyError:
        return {"title": role_id.replace("-", " "), "phone": None, "email": None}
    contact = role.contact
    return {
        "title": role.title,
        "phone": contact.phone if contact else None,
        "email": contact.email if contact else None,
    }


def procedure(protocol: Protocol) -> list[dict[str, Any]]:
    """The procedure as a handout's first page lists it: each stage with what
    each timescale is for and the source's wording, and where it goes if not
    resolved: the source's words for each route and who is contacted, with
    the telephone number or email address the source gives."""
    labels = {s.id: s.label(protocol.stage_word) for s in protocol.stages}
    return [
        {
            "label": labels[stage.id],
            "title": stage.title,
            "timescales": [
                {
                    "action": t.action,
                    "short": flowchart.short_timescale(t, protocol),
                    "wording": t.wording,
                    "conflict": protocol.conflict_for(stage.id, t.id) is not None,
                }
                for t in stage.timescales
            ],
            "routes": [
                {
                    "words": flowchart.condition_words(protocol, t),
                    "label": labels.get(t.stage, t.stage),
                    "contacts": [_role(protocol, r) for r in t.contacts],
                }
                for t in stage.next
            ],
        }
        for stage in protocol.stages
    ]


def _review(review: Mapping[str, Any] | None) -> dt.date | None:
    """The source's review date where it has passed (the answer says so), else None."""
    if review and review.get("overdue") and review.get("date"):
        return dt.date.fromisoformat(review["date"])
    return None


def scenario_context(
    scenario: Scenario, protocol: Protocol, steps: list[Step], links: Links | None = None
) -> dict[str, Any]:
    """What every scenario template needs, worked out once."""
    links = links or Links()
    src = walkthrough_src(scenario)
    base = links.base(src)
    partnership_src = links.partnership_src(protocol.slug)
    shown = []
    for step in steps:
        nxt = step.answer["next"]
        next_stage = None
        if step.next_event is not None:
            target = protocol.stage(step.next_event.stage)
            next_stage = target.label(protocol.stage_word)
        shown.append(
            {
                "number": step.number,
                "step": step,
                "event": step.event,
                "label": step.label,
                "title": step.title,
                "deadlines": _deadline_rows(step),
                "computed": [d for d in step.answer["deadlines"] if d["due"]],
                "next_event": step.next_event,
                "next_stage": next_stage,
                "late": step.late,
                "contacts": nxt["contacts"] if nxt else [],
                "next_label": nxt["label"] if nxt else None,
                # No route chosen where the stage branches: every route, in the source's words.
                "branches": []
                if nxt
                else [
                    {"label": b["label"], "contacts": b["contacts"], "quote": b["quote"]}
                    for b in step.answer.get("branches") or ()
                ],
                "if_resolved": step.answer.get("if_resolved") or [],
                "forms": [f["name"] for f in step.answer["forms"]],
                "records": step.answer["records"],
            }
        )
    return {
        "scenario": scenario,
        "protocol": protocol,
        "steps": shown,
        "calendar": steps[0].answer["calendar"] if steps else None,
        # What applies whatever the stage, as every answer of the calculator
        # gives it: the child-protection duties, and a review date passed.
        "child_protection": steps[0].answer.get("child_protection") or [] if steps else [],
        "review": _review(steps[0].answer.get("review") if steps else None),
        # Every link is relative. The handout and presenter pages sit in the
        # walk-through page's folder, so the same links work from all three.
        "partnership_url": links.href(src, partnership_src),
        "index_url": links.href(src, INDEX_SRC),
        "walkthrough_url": "./",
        "handout_url": "handout.html",
        "presenter_url": "presenter.html",
        "assets_url": base + ASSETS,
    }


def render_walkthrough(scenario: Scenario, protocol: Protocol, steps: list[Step], links: Links | None = None) -> str:
    """The walk-through page, as Markdown for the site."""
    ctx = scenario_context(scenario, protocol, steps, links)
    return _environment().get_template("scenario.md.j2").render(**ctx)


def render_handout(scenario: Scenario, protocol: Protocol, steps: list[Step], links: Links | None = None) -> str:
    """The printable handout, a standalone HTML page (A4): the procedure with its
    flowchart on the first page, then the case, then the answers on a page of their own."""
    ctx = scenario_context(scenario, protocol, steps, links)
    ctx["procedure"] = procedure(protocol)
    chart, ctx["chart_terms"] = chart_terms.described_chart(
        lambda by: flowchart.svg(
            protocol, title_id="handout-fc-title", desc_id="handout-fc-desc", describedby=by, compact=True
        ),
        "procedure-stages",
        protocol.glossary,
        "handout-fc-terms",
    )
    ctx["chart"], ctx["chart_terms_id"] = Markup(chart), "handout-fc-terms"
    return _environment().get_template("handout.html.j2").render(**ctx)


def render_presenter(
    scenario: Scenario,
    protocol: Protocol,
    steps: list[Step],
    flowchart_svg: str | None = None,
    links: Links | None = None,
) -> str:
    """The presenter view, a standalone HTML page.

    `flowchart_svg` is the protocol's inline SVG flowchart, whose stage boxes
    carry `data-stage="<stage id>"`, shown whole on demand; without it, the
    row of stages above the events is all there is.
    """
    ctx = scenario_context(scenario, protocol, steps, links)
    terms = chart_terms.used(flowchart_svg, protocol.glossary) if flowchart_svg else []
    ctx["chart"] = Markup(chart_terms.titled(flowchart_svg, terms)) if flowchart_svg else None
    ctx["chart_terms"], ctx["chart_terms_id"] = terms, "presenter-fc-terms"
    return _environment().get_template("presenter.html.j2").render(**ctx)


def render_index(items: Iterable[tuple[Scenario, Protocol]], links: Links | None = None) -> str:
    """The list of scenarios, by partnership, as Markdown."""
    links = links or Links()
    by_protocol: dict[str, dict[str, Any]] = {}
    for scenario, protocol in items:
        entry = by_protocol.setdefault(
            protocol.slug,
            {
                "protocol": protocol,
                "scenarios": [],
                "partnership_url": links.href(INDEX_SRC, links.partnership_src(protocol.slug)),
                "flowchart_url": links.href(INDEX_SRC, flowchart_view.view_path(protocol.slug)),
            },
        )
        entry["scenarios"].append(
            {
                "scenario": scenario,
                "walkthrough_url": links.href(INDEX_SRC, walkthrough_src(scenario)),
                "handout_url": f"{scenario.slug}/handout.html",
                "presenter_url": f"{scenario.slug}/presenter.html",
                "first": scenario.events[0].date,
                "last": scenario.events[-1].date,
            }
        )
    groups = sorted(by_protocol.values(), key=lambda g: g["protocol"].name.lower())
    return _environment().get_template("scenarios-index.md.j2").render(groups=groups)


def scenario_files(
    scenarios: Iterable[Scenario],
    protocols: Mapping[str, Protocol],
    steps: Mapping[str, list[Step]],
    flowcharts: Mapping[str, str] | None = None,
    links: Links | None = None,
) -> dict[str, str]:
    """Every scenario page, keyed by its path inside the site's docs.

    `steps[scenario.slug]` is `authoring.scenarios.walkthrough(...)` for the
    scenario; `flowcharts[protocol slug]` the protocol's inline SVG flowchart.
    Paths ending in `.md` are pages MkDocs renders; the `.html` ones are
    complete pages to copy as they are.
    """
    flowcharts = flowcharts or {}
    files: dict[str, str] = {}
    listed = []
    for scenario in scenarios:
        protocol = protocols[scenario.protocol]
        walk = steps[scenario.slug]
        files[walkthrough_src(scenario)] = render_walkthrough(scenario, protocol, walk, links)
        files[handout_path(scenario)] = render_handout(scenario, protocol, walk, links)
        files[presenter_path(scenario)] = render_presenter(
            scenario, protocol, walk, flowcharts.get(protocol.slug), links
        )
        listed.append((scenario, protocol))
    files[INDEX_SRC] = render_index(listed, links)
    return files
