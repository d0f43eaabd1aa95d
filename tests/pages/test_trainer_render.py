"""What the trainers' pages say, rendered without a browser: the handout's
procedure page, the presenter's deadlines, the full-screen flowchart page and
the wording of roles inside sentences."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from authoring.checked import load_protocols
from authoring.holiday_table import build_table
from authoring.scenarios import load_scenarios
from authoring.walkthrough import walkthrough
from handbook_site import flowchart, flowchart_view, scenario_pages

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def protocols():
    return {p.slug: p for p in load_protocols(ROOT / "protocols")}


@pytest.fixture(scope="module")
def pages(protocols):
    scenarios = load_scenarios(ROOT / "protocols" / "scenarios", protocols, build_table)
    walks = {
        s.slug: walkthrough(s, protocols[s.protocol], build_table(protocols[s.protocol].calendar.nation))
        for s in scenarios
    }
    svgs = {slug: flowchart.svg(p, f"fc-{slug}-title", f"fc-{slug}-desc") for slug, p in protocols.items()}
    return scenario_pages.scenario_files(scenarios, protocols, walks, svgs)


@pytest.mark.parametrize(
    "title,expected",
    [
        ("Each professional's line manager", "each professional's line manager"),
        (
            "Senior managers (the line managers' own line managers)",
            "senior managers (the line managers' own line managers)",
        ),
        ("The agency's nominated SCB (LSCB) representative", "the agency's nominated SCB (LSCB) representative"),
        ("Named Safeguarding Leads", "Named Safeguarding Leads"),
        ("CSCP Executive (the Safeguarding Partner Executive)", "CSCP Executive (the Safeguarding Partner Executive)"),
        ("Operational/Service Manager for the service", "Operational/Service Manager for the service"),
        ("Assistant Director or equivalent", "Assistant Director or equivalent"),
        ("SSCB Business Manager", "SSCB Business Manager"),
    ],
)
def test_a_role_s_title_inside_a_sentence_is_lower_case_unless_it_is_a_name(title, expected):
    assert scenario_pages.mid_sentence(title) == expected


def test_no_generated_sentence_capitalises_a_role_after_contacting(pages):
    for path, text in pages.items():
        for match in re.finditer(r"contacting ([A-Z]\w*) (\w)", text):
            # A capital is kept only for a name in title case ("Named Safeguarding Leads").
            assert match.group(2).isupper(), (path, match.group(0))


def test_no_trainer_page_tells_a_reader_to_close_the_escalation(pages, protocols):
    texts = list(pages.values()) + [flowchart_view.render_view(p) for p in protocols.values()]
    for text in texts:
        lower = text.lower()
        assert "record and close" not in lower and "close the escalation" not in lower
        assert ">Resolved:</tspan>" not in text  # the old invented exit


def test_the_handout_s_first_section_is_the_procedure_with_each_timescale_and_route(pages, protocols):
    page = pages["scenarios/lscp-urgent-referral-threshold/handout.html"]
    procedure = page.split('<section class="handout-procedure"', 1)[1].split("</section>", 1)[0]
    assert (
        page.index('class="handout-procedure"')
        < page.index('class="handout-case"')
        < page.index('class="handout-answers"')
    )
    lscp = protocols["lscp"]
    for stage in lscp.stages:
        assert f"<h3>{stage.label(lscp.stage_word)}: " in procedure
        for t in stage.timescales:
            assert t.action.replace("'", "&#39;") in procedure
    # A branch: each route with the source's words for it, neither taken by default.
    assert "\u201cUrgent resolution required LSCP Independent Chaired Meeting\u201d: Step 4 (urgent)" in procedure
    assert "\u201cNon-urgent and/or lessons learned\u201d: Step 4 (non-urgent)" in procedure
    assert 'class="flowchart-svg"' in procedure


def test_the_presenter_gives_both_dates_where_the_source_gives_a_limit_two_ways(pages):
    page = pages["scenarios/lscp-urgent-referral-threshold/presenter.html"]
    assert "The source gives it two ways: \u201c2 working days\u201d" in page
    assert "\u201c48 hours\u201d" in page and "(earlier" in page
    assert not re.search(r"\bsafe\b", page, re.I)


def test_the_full_screen_flowchart_page_lists_the_stages_in_words_for_its_chart(protocols):
    for p in protocols.values():
        page = flowchart_view.render_view(p)
        assert page.startswith("<!doctype html>")
        steps = re.findall(r'<li data-step data-stage="([^"]+)"', page)
        assert steps == [s.id for s in p.stages]
        assert f'aria-describedby="fullscreen-fc-{p.slug}-steps"' in page
        assert f'id="fullscreen-fc-{p.slug}-steps"' in page
        assert '<script src="../../assets/presenter/presenter.js" defer></script>' in page
