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
from handbook_site import flowchart, flowchart_across, flowchart_view, scenario_pages

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
        # Described by the stages in words (and, where it uses any, the list of its glossary terms).
        assert re.search(rf'aria-describedby="fullscreen-fc-{p.slug}-steps( fullscreen-fc-{p.slug}-terms)?"', page)
        assert f'id="fullscreen-fc-{p.slug}-steps"' in page
        assert '<script src="../../assets/presenter/presenter.js" defer></script>' in page


def test_no_trainer_page_shows_the_holiday_library_s_version(pages, protocols):
    texts = list(pages.values()) + [flowchart_view.render_view(p) for p in protocols.values()]
    for text in texts:
        assert not re.search(r"holidays \d", text)
    handout = pages["scenarios/lscp-urgent-referral-threshold/handout.html"]
    assert "with the bank holidays of England and Wales (from the holidays library)" in handout


def test_the_handout_offers_both_copies_and_room_under_each_question(pages):
    page = pages["scenarios/lscp-urgent-referral-threshold/handout.html"]
    assert '<script src="../../assets/presenter/handout.js" defer></script>' in page
    # Hidden until the script runs: without it the page prints the trainer's copy.
    assert re.search(r'<div class="handout-print-choice" data-handout-choice hidden>', page)
    assert "Print the participants' copy (no answers)</button>" in page
    assert "Print the trainer's copy (with answers)</button>" in page
    questions = page.split('<ol class="handout-questions">', 1)[1].split("</ol>", 1)[0]
    assert questions.count("<li>") == questions.count('<span class="handout-lines" aria-hidden="true">') >= 1


def test_the_whole_chart_across_the_screen_has_every_stage_in_large_type_and_no_box_over_another(protocols):
    for p in protocols.values():
        drawn = flowchart_across.svg(p, "t", "d")
        assert re.findall(r'class="fc-stage" data-stage="([^"]+)"', drawn) == [s.id for s in p.stages]
        assert set(re.findall(r'font-size="([\d.]+)"', drawn)) == {str(flowchart_across.SIZE)}
        width, height = map(float, re.search(r'viewBox="0 0 ([\d.]+) ([\d.]+)"', drawn).groups())
        assert width == flowchart_across.WIDTH
        # Shown 1008 px wide at 1024x768 (about 600 px high under the controls),
        # 22-unit type stays at 18 px or more.
        assert height * 18 / flowchart_across.SIZE <= 600, (p.slug, height)
        boxes = [
            tuple(map(float, m))
            for m in re.findall(r'<rect x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="([\d.]+)" rx="6"', drawn)
        ]
        assert len(boxes) == len(p.stages)
        for i, (x, y, w, h) in enumerate(boxes):
            assert 0 <= x and x + w <= width and 0 <= y and y + h <= height
            for x2, y2, w2, h2 in boxes[i + 1 :]:
                assert x + w <= x2 or x2 + w2 <= x or y + h <= y2 or y2 + h2 <= y, (p.slug, i)


def test_the_full_screen_flowchart_page_holds_the_chart_across_the_screen_for_the_whole_view(protocols):
    page = flowchart_view.render_view(protocols["lscp"])
    whole = page.split('class="presenter-chart flowview-whole" data-presenter-whole', 1)[1].split("</div>", 1)[0]
    assert 'class="flowchart-svg flowchart-across"' in whole
    # Two charts of one protocol on the page: no id twice.
    ids = re.findall(r'\bid="([^"]+)"', page)
    assert len(ids) == len(set(ids))
    # The stage's label has a line of its own, outside the controls.
    assert '<p class="presenter-progress-line"><span class="presenter-progress" data-presenter-progress' in page
