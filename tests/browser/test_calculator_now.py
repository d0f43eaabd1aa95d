"""What the answer shows first, in Chromium at 1280×800 and 390×844 with the
reader's clock fixed: a stage whose limits have all passed leads with the
procedure's next step, then what is overdue; an action that does not always
apply has its condition in front; projected later stages are never "passed";
each date has its own badge in one unit; an unlikely start date gets a note;
every answer has the child-protection reminder. Axe finds nothing in these
states. With HANDBOOK_SHOTS=DIR each state is saved as a screenshot there."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from tests.support import axe
from tests.support.calculator_page import ANSWER_MS, fix_today, fragment, open_or_ask

pytestmark = pytest.mark.browser

TODAY = "2026-12-04"  # a Friday
TEN_WORKING_DAYS_AGO = "2026-11-20"
VIEWPORTS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}
STAFFS = "staffordshire-stoke-on-trent"
#: Every badge names its unit, or is a projection or today.
UNIT_BADGE = (
    r"Today|In \d+ (working|calendar) days?|Passed \d+ (working|calendar) days? ago|Projected(: in \d+ working days?)?"
)


@pytest.fixture(scope="module", params=list(VIEWPORTS), ids=list(VIEWPORTS))
def started(request, browser):
    """A page at the viewport's size whose clock reads TODAY, kept for the
    module's tests: each asks its own question (`show`), so Python starts
    once per viewport."""
    ctx = browser.new_context(viewport=VIEWPORTS[request.param])
    fix_today(ctx, TODAY)
    page = ctx.new_page()
    page.errors = []
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.viewport_name = request.param
    yield page
    ctx.close()


@pytest.fixture
def reader(started):
    """The viewport's page: no script error on it during the test."""
    yield started
    assert started.errors == []


def show(page, site_url, slug, stage, start, **kw):
    open_or_ask(page, site_url + "calculator/" + fragment(slug, stage, start, **kw))
    page.wait_for_selector("[data-calc-answer-title]", timeout=ANSWER_MS)


def shot(page, name):
    """The answer on screen from its heading, saved where HANDBOOK_SHOTS says."""
    folder = os.environ.get("HANDBOOK_SHOTS")
    if not folder:
        return
    Path(folder).mkdir(parents=True, exist_ok=True)
    page.locator("[data-calc-answer-title]").scroll_into_view_if_needed()
    page.evaluate("() => document.querySelector('[data-calc-answer-title]').scrollIntoView({block: 'start'})")
    page.screenshot(path=str(Path(folder) / f"{name}-{page.viewport_name}.png"))


def sections(page) -> list[str]:
    return page.eval_on_selector_all("[data-calc-result] .calc-answer > section", "ss => ss.map(s => s.dataset.role)")


def test_a_stage_past_all_its_limits_leads_with_the_next_step_then_what_is_overdue(reader, site_url):
    page = reader
    show(page, site_url, STAFFS, "3", TEN_WORKING_DAYS_AGO, dates={"formal-escalation": TEN_WORKING_DAYS_AGO})
    order = sections(page)
    assert order[:3] == ["always", "next", "overdue"], order
    assert "now" not in order  # no action applies now as it stands: nothing is offered as "Do now"
    nxt = page.inner_text("[data-role='next']")
    assert nxt.startswith("What comes next") and "Every time limit of stage 3 has passed." in nxt
    assert "Stage 4: Assistant Director or equivalent" in nxt and "Assistant Directors" in nxt
    # The next step is on the first screen.
    assert page.locator("[data-role='next'] [data-route]").first.bounding_box()["y"] < page.viewport_size["height"] * 2
    overdue = page.locator("[data-role='overdue'] [data-deadline]")
    assert overdue.first.get_attribute("data-deadline") == "senior-manager-notified"
    assert page.locator("[data-role='overdue'] .calc-rel-passed").count() == overdue.count()
    conditional = page.locator("[data-role='conditional'] [data-deadline='decision-communicated']")
    assert conditional.locator(".calc-applies").inner_text().startswith("Only where the procedure says:")
    assert "“Any decision making arising from this process”" in conditional.inner_text()
    axe.assert_none(page)
    shot(page, "overdue-next-step")


def test_projected_later_stages_are_never_shown_as_passed(reader, site_url):
    page = reader
    show(page, site_url, STAFFS, "3", TEN_WORKING_DAYS_AGO, dates={"formal-escalation": TEN_WORKING_DAYS_AGO})
    timeline = page.locator("[data-role='timeline']")
    assert timeline.locator(".calc-rel-passed").count() == 0
    assert "passed" not in timeline.inner_text().lower()
    badges = timeline.locator(".calc-rel-projected")
    assert badges.count() >= 3 and badges.first.inner_text().startswith("Projected")
    timeline.scroll_into_view_if_needed()
    axe.assert_none(page)
    if os.environ.get("HANDBOOK_SHOTS"):
        page.evaluate("() => document.querySelector('[data-role=timeline]').scrollIntoView({block: 'start'})")
        page.screenshot(path=str(Path(os.environ["HANDBOOK_SHOTS"]) / f"projected-{page.viewport_name}.png"))


def test_each_reading_of_a_limit_has_its_own_badge_beside_its_date(reader, site_url):
    page = reader
    show(page, site_url, "lscp", "1", "2026-12-03")
    item = page.locator("[data-deadline='plan-agreed']").first
    lines = item.locator(".calc-due")
    assert lines.count() == 2
    for i in range(2):
        line = lines.nth(i)
        assert line.locator("time").count() == 1 and line.locator(".calc-rel").count() == 1
    assert [lines.nth(i).locator(".calc-rel").inner_text() for i in range(2)] == [
        "In 1 working day",  # Monday 7 December, 2 working days
        "In 1 calendar day",  # Saturday 5 December, 48 hours: no working day before it
    ]
    badges = page.eval_on_selector_all("[data-calc-result] .calc-rel", "ts => ts.map(t => t.textContent)")
    assert badges and all(re.fullmatch(UNIT_BADGE, b) for b in badges), badges
    axe.assert_none(page)
    shot(page, "two-readings")


def test_a_start_on_a_weekend_gets_the_handbook_s_one_line_note(reader, site_url):
    page = reader
    show(page, site_url, STAFFS, "1", "2026-11-21")
    note = page.locator("[data-calc-result] .calc-answer > .calc-handbook-note").first
    assert note.inner_text() == (
        "Handbook's note: You gave Saturday 21 November 2026 for the day stage 1 began: a Saturday, not a working day."
    )
    assert note.bounding_box()["y"] < page.locator("[data-role='always']").bounding_box()["y"]
    axe.assert_none(page)
    shot(page, "weekend-start")


def test_an_answer_whose_source_states_no_duty_carries_the_handbook_s_child_protection_note(reader, site_url):
    page = reader
    show(page, site_url, STAFFS, "1", "2026-12-01")
    always = page.inner_text("[data-role='always']")
    assert "Handbook's note: If you think a child is at risk of significant harm" in always
    assert sections(page)[0] == "always"
