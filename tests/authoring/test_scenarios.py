"""Training scenarios: the files check, each partnership has one, the
walk-through's dates are the calculator's, and the walk-through, handout and
presenter pages show every date and work in a browser."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from pathlib import Path

import jsonschema
import pytest

from authoring.checked import load_protocols
from authoring.holiday_table import build_table
from authoring.scenarios import SCHEMA_PATH, ScenarioError, load_scenario, load_scenarios
from authoring.walkthrough import walkthrough
from calculator.deadlines import answer
from handbook_site import flowchart, scenario_pages

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = ROOT / "protocols" / "scenarios"


@pytest.fixture(scope="module")
def protocols():
    return {p.slug: p for p in load_protocols(ROOT / "protocols")}


@pytest.fixture(scope="module")
def tables():
    cache = {}

    def table_for_nation(nation):
        if nation not in cache:
            cache[nation] = build_table(nation)
        return cache[nation]

    return table_for_nation


@pytest.fixture(scope="module")
def scenarios(protocols, tables):
    return load_scenarios(SCENARIOS, protocols, tables)


@pytest.fixture(scope="module")
def walks(scenarios, protocols, tables):
    return {
        s.slug: walkthrough(s, protocols[s.protocol], tables(protocols[s.protocol].calendar.nation)) for s in scenarios
    }


# The files ----------------------------------------------------------------------------------
def test_the_scenario_schema_is_a_valid_json_schema():
    jsonschema.Draft202012Validator.check_schema(json.loads(SCHEMA_PATH.read_text(encoding="utf-8")))


def test_every_scenario_file_checks_and_every_partnership_has_one(scenarios, protocols):
    assert len(scenarios) == len(list(SCENARIOS.glob("*.yaml")))
    covered = {s.protocol for s in scenarios}
    assert covered == set(protocols), f"no scenario for: {sorted(set(protocols) - covered)}"


def test_every_scenario_runs_across_a_bank_holiday(scenarios, protocols, tables):
    for s in scenarios:
        table = tables(protocols[s.protocol].calendar.nation)
        first, last = s.events[0].date, s.events[-1].date
        crossed = table.non_working_between(first - dt.timedelta(days=1), last + dt.timedelta(days=14))
        assert crossed, f"{s.slug}: no bank holiday between {first} and two weeks after {last}"


# The walk-through -----------------------------------------------------------------------------
def test_the_walkthrough_dates_are_the_calculators_answers(scenarios, protocols, tables, walks):
    for s in scenarios:
        protocol = protocols[s.protocol]
        table = tables(protocol.calendar.nation)
        steps = walks[s.slug]
        assert [st.event for st in steps] == list(s.events)
        known = {}
        for st in steps:
            # each earlier event dates its stage's start; the story's other dates are given too
            dates = {**{k: v for k, v in known.items() if k != f"stage-{st.event.stage}"}, **dict(st.event.dates)}
            expected = answer(protocol, st.event.stage, st.event.date, table, urgent=st.event.urgent, dates=dates)
            known[f"stage-{st.event.stage}"] = st.event.date
            assert st.answer["deadlines"] == expected["deadlines"]
            dues = {d["timescale"]: d["due"] for d in expected["deadlines"] if d["due"]}
            assert {c["timescale"]: c["due"].isoformat() for c in st.checks} == dues


@pytest.mark.parametrize(
    "scenario, event, timescale, due",
    [
        # 5 working days of stage 1 (Mon 21 Dec 2026), skipping 25 and 28 Dec.
        ("safeguarding-children-partnership-plan-over-christmas", 1, "managers-discussion", "2026-12-30"),
        # 2 working days after Thu 29 Apr 2027, skipping Mon 3 May (May Day).
        ("lscp-urgent-referral-threshold", 0, "plan-agreed", "2027-05-04"),
        # 24 hours on the clock from step 3 failing, the day step 4 (urgent) began,
        # Thu 13 May 2027 (the handbook's reading of "of step 3").
        ("lscp-urgent-referral-threshold", 3, "meeting-date-set", "2027-05-14"),
        # 2 working days after Thu 23 Dec 2027, skipping 27 and 28 Dec (observed).
        ("salford-referral-threshold-at-christmas", 2, "notice-copied-to-service-manager", "2027-12-29"),
        # The two readings of stage 5 from Fri 28 May 2027: 72 hours, and 2 working
        # days skipping Mon 31 May (Spring Bank Holiday).
        ("staffordshire-stoke-on-trent-inter-agency-plan", 4, "refer-within-72-hours", "2027-05-31"),
        ("staffordshire-stoke-on-trent-inter-agency-plan", 4, "refer-within-2-working-days", "2027-06-02"),
    ],
)
def test_scenario_deadlines_match_the_counting_rule(walks, scenario, event, timescale, due):
    step = walks[scenario][event]
    assert {c["timescale"]: c["due"].isoformat() for c in step.checks}[timescale] == due


def test_a_next_event_after_a_deadline_is_counted_in_working_days(walks):
    steps = walks["safeguarding-children-partnership-plan-over-christmas"]
    stage_2 = steps[1]
    # Due Wed 30 Dec 2026 (5 working days of stage 1); stage 3 began Wed 6 Jan:
    # 4 working days after it (31 Dec, 4, 5 and 6 Jan; 1 Jan is New Year's Day).
    assert stage_2.checks == [
        {
            "timescale": "managers-discussion",
            "action": stage_2.checks[0]["action"],
            "due": dt.date(2026, 12, 30),
            "next_date": dt.date(2027, 1, 6),
            "after_due": True,
            "working_days_late": 4,
        }
    ]
    assert stage_2.late
    assert not steps[0].late
    assert steps[-1].checks[0]["after_due"] is None


# Broken files ---------------------------------------------------------------------------------
GOOD = """\
title: A test scenario
protocol: lscp
story: Two professionals disagree.
events:
  - stage: "1"
    date: 2027-04-29
    what: They talk.
  - stage: "2"
    date: 2027-05-04
    what: Their managers talk.
"""


@pytest.mark.parametrize(
    "edit, line, column, words",
    [
        (('stage: "2"', 'stage: "9"'), 8, 12, "events[1].stage: no stage '9' in lscp; expected one of: 1, 2, 3"),
        (("date: 2027-05-04", "date: 2027-13-04"), 9, 11, "the 2nd event, date: '2027-13-04' is not a real date"),
        (("date: 2027-05-04", "date: 2027-04-01"), 9, 11, "events[1].date: 2027-04-01 is before the event above it"),
        (("protocol: lscp", "protocol: nowhere"), 2, 11, "protocol: no protocol 'nowhere'; expected one of:"),
        (
            ("    what: They talk.\n", "    what: They talk.\n    colour: red\n"),
            8,
            5,
            "events[0].colour: unknown field; expected one of: date, dates, stage, urgent, what",
        ),
        (("story: Two professionals disagree.\n", ""), 1, 1, "(top level): missing required field 'story'"),
        (("events:\n", "events: [\n"), 5, 3, "YAML syntax"),
        (("date: 2027-04-29", "date: 1999-04-29"), 6, 11, "events[0].date: 1999-04-29 is outside the calendar"),
    ],
)
def test_a_broken_scenario_file_is_reported_with_file_line_and_column(
    tmp_path, protocols, tables, edit, line, column, words
):
    text = GOOD.replace(*edit)
    assert text != GOOD
    path = tmp_path / "lscp-broken.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path, protocols, tables)
    first = caught.value.problems[0]
    prefix = f"{path}:"
    assert first.startswith(prefix), first
    got_line, got_column, message = first[len(prefix) :].split(":", 2)
    assert (int(got_line), int(got_column)) == (line, column), first
    assert words in message, first


def test_a_scenario_file_must_be_named_after_its_protocol(tmp_path, protocols, tables):
    path = tmp_path / "misnamed.yaml"
    path.write_text(GOOD, encoding="utf-8")
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path, protocols, tables)
    assert str(caught.value) == (
        f"{path}:1:1: file name: expected it to begin with the protocol's slug, as lscp-<short-name>.yaml"
    )


def test_a_good_scenario_file_loads(tmp_path, protocols, tables):
    path = tmp_path / "lscp-good.yaml"
    path.write_text(GOOD, encoding="utf-8")
    s = load_scenario(path, protocols, tables)
    assert (s.slug, s.protocol, [e.date for e in s.events]) == (
        "lscp-good",
        "lscp",
        [dt.date(2027, 4, 29), dt.date(2027, 5, 4)],
    )


# The pages --------------------------------------------------------------------------------------
def computed_dates(steps) -> set[str]:
    dates = {st.event.date.isoformat() for st in steps}
    for st in steps:
        dates |= {d["due"] for d in st.answer["deadlines"] if d["due"]}
    return dates


def time_elements(text: str) -> set[str]:
    return set(re.findall(r'<time datetime="(\d{4}-\d{2}-\d{2})">', text))


@pytest.fixture(scope="module")
def pages(scenarios, protocols, walks):
    svgs = {slug: flowchart.svg(p, f"fc-{slug}-title", f"fc-{slug}-desc") for slug, p in protocols.items()}
    return scenario_pages.scenario_files(scenarios, protocols, walks, svgs)


def test_every_page_of_a_scenario_has_a_time_element_for_every_computed_date(scenarios, walks, pages):
    for s in scenarios:
        wanted = computed_dates(walks[s.slug])
        for path in (
            scenario_pages.walkthrough_src(s),
            scenario_pages.handout_path(s),
            scenario_pages.presenter_path(s),
        ):
            missing = wanted - time_elements(pages[path])
            assert not missing, f"{path}: no <time> for {sorted(missing)}"


def test_the_walkthrough_says_plainly_when_the_next_event_came_after_a_deadline(pages):
    page = pages["scenarios/safeguarding-children-partnership-plan-over-christmas/index.md"]
    assert "comes 4 working days after this deadline" in page
    assert 'skips <time datetime="2026-12-25">25 Dec</time> (Christmas Day)' in page


def test_the_handout_has_a_blank_timeline_and_the_answers_on_their_own_page(scenarios, pages):
    css = (ROOT / "docs" / "assets" / "presenter" / "handout.css").read_text(encoding="utf-8")
    assert re.search(r"\.handout-answers\s*\{[^}]*break-before:\s*page", css)
    assert "size: A4" in css
    for s in scenarios:
        page = pages[scenario_pages.handout_path(s)]
        exercise, answers = page.split('<section class="handout-answers"', 1)
        assert exercise.count('<td class="handout-blank"></td>') == 2 * len(s.events)
        # The participants' part gives the event dates but none of the answers.
        assert "<strong><time" not in exercise
        assert 'href="../../assets/presenter/handout.css"' in page


def test_the_presenter_page_has_no_inline_script_and_a_box_for_every_event(scenarios, protocols, pages):
    for s in scenarios:
        page = pages[scenario_pages.presenter_path(s)]
        scripts = re.findall(r"<script\b[^>]*>", page)
        assert scripts == ['<script src="../../assets/presenter/presenter.js" defer>']
        assert "style=" not in page.split("<svg", 1)[0]
        boxes = set(re.findall(r'class="fc-stage" data-stage="([^"]+)"', page))
        events = re.findall(r'data-event-stage="([^"]+)"', page)
        assert events == [e.stage for e in s.events]
        assert set(events) <= boxes


def test_the_presenter_page_lists_the_stages_when_there_is_no_flowchart(scenarios, protocols, walks):
    s = scenarios[0]
    page = scenario_pages.render_presenter(s, protocols[s.protocol], walks[s.slug], None)
    assert re.findall(r'<li class="presenter-stage" data-stage="([^"]+)"', page) == [
        st.id for st in protocols[s.protocol].stages
    ]


def test_the_index_lists_every_scenario_under_its_partnership(scenarios, pages):
    index = pages[scenario_pages.INDEX_SRC]
    for s in scenarios:
        assert f'href="../scenarios/{s.slug}/"' in index or f'href="{s.slug}/"' in index
        assert f'href="{s.slug}/handout.html"' in index
        assert f'href="{s.slug}/presenter.html"' in index


# In the browser ----------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def served(tmp_path_factory, pages):
    from tests.support.server import SiteServer

    root = tmp_path_factory.mktemp("scenario-pages")
    for path, text in pages.items():
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    shutil.copytree(ROOT / "docs" / "assets" / "presenter", root / "assets" / "presenter")
    (root / "_headers").write_text(
        "/*\n  Content-Security-Policy: default-src 'self'; script-src 'self'; style-src 'self'; "
        "img-src 'self' data:; object-src 'none'; base-uri 'self'\n",
        encoding="utf-8",
    )
    with SiteServer(root) as url:
        yield url


@pytest.mark.browser
def test_the_presenter_steps_through_the_events_with_the_keyboard(browser, served):
    page = browser.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on(
        "response",
        lambda r: (
            errors.append(f"{r.status} {r.url}") if r.status >= 400 and not r.url.endswith("/favicon.ico") else None
        ),
    )
    page.goto(served + "/scenarios/staffordshire-stoke-on-trent-inter-agency-plan/presenter.html")
    current = ".presenter-chart .fc-stage.is-current"
    page.wait_for_selector(current, state="attached")  # the chart shows on demand

    def state():
        return (
            page.get_attribute(current, "data-stage"),
            page.inner_text("[data-presenter-progress]"),
            page.locator(".presenter-event:not([hidden])").count(),
        )

    assert state() == ("1", "Event 1 of 5", 1)
    page.keyboard.press("ArrowRight")
    assert state() == ("2", "Event 2 of 5", 1)
    page.keyboard.press("Space")
    assert state() == ("3", "Event 3 of 5", 1)
    assert page.get_attribute(current, "aria-current") == "step"
    page.keyboard.press("ArrowLeft")
    assert state() == ("2", "Event 2 of 5", 1)
    page.keyboard.press("End")
    assert state() == ("5", "Event 5 of 5", 1)
    page.keyboard.press("ArrowRight")
    assert state() == ("5", "Event 5 of 5", 1)
    page.keyboard.press("Home")
    assert state() == ("1", "Event 1 of 5", 1)
    assert page.locator(".fc-stage.is-current").count() == 1
    assert page.locator(".fc-exit.is-current").count() == 0
    assert page.url.endswith("#event-1")
    page.close()
    assert errors == []


@pytest.mark.browser
def test_each_handout_prints_on_a4_with_the_answers_on_a_page_of_their_own(browser, served, scenarios):
    page = browser.new_page()
    for s in scenarios:
        page.goto(f"{served}/scenarios/{s.slug}/handout.html")
        whole = page.pdf(format="A4", prefer_css_page_size=True)
        page.evaluate("document.querySelector('.handout-answers').remove()")
        exercise = page.pdf(format="A4", prefer_css_page_size=True)
        pages_whole = len(re.findall(rb"/Type\s*/Page[^s]", whole))
        pages_exercise = len(re.findall(rb"/Type\s*/Page[^s]", exercise))
        # The procedure, the case with its timeline, and the questions with ruled room to write under each.
        assert 1 <= pages_exercise <= 3, f"{s.slug}: the participants' part takes {pages_exercise} pages"
        assert pages_whole > pages_exercise, f"{s.slug}: the answers do not start a new page"
        assert pages_whole <= pages_exercise + 2, f"{s.slug}: the answers take {pages_whole - pages_exercise} pages"
    page.close()
