"""The calculator's form in Chromium at 1280×800 and 390×844 (issue 24): an
answer on screen always matches the form (a changed or invalid form takes the
answer away, from the page, the printout and the address); the calculator
starts without moving the form; Ctrl+P prints the answer on screen; a Copy
link button says what the link holds; the form says which dates a stage asks
for, asks for them by the stage's name in the procedure's own word for it, and
says what the source gives about "urgent"."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.support import axe
from tests.support.browser import block_other_hosts, slow_link
from tests.support.calculator_page import (
    ANSWER_MS,
    fix_today,
    fragment,
    open_answer,
    shown_dates,
    stage_radio,
    wait_ready,
)

pytestmark = pytest.mark.browser

TODAY = "2026-12-02"
VIEWPORTS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}
START = "[data-calc-group='start']"


def shot(page, name: str) -> None:
    """With HANDBOOK_SHOTS=DIR, the state on screen is saved there, to be looked at."""
    folder = os.environ.get("HANDBOOK_SHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=False)


@pytest.fixture(scope="module", params=list(VIEWPORTS))
def reader_context(request, browser):
    """A browser context at each size, the reader's clock at TODAY, kept for
    the module's tests: after the first, a page's calculator starts from the
    context's HTTP cache, as on a reader's repeat visit."""
    ctx = browser.new_context(viewport=VIEWPORTS[request.param])
    fix_today(ctx, TODAY)
    ctx.size = request.param
    yield ctx
    ctx.close()


@pytest.fixture
def reader(reader_context, site_url):
    """A page of its own at the context's size, other hosts blocked."""
    page = reader_context.new_page()
    page.external_requests = block_other_hosts(page, site_url)
    page.errors = []
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.size = reader_context.size
    yield page
    page.close()


def wait_for_hash(page, part: str) -> None:
    page.wait_for_function("p => location.hash.includes(p)", arg=part, timeout=ANSWER_MS)


# ---------------------------------------------------------------- item 1: never a stale answer


def test_an_answer_whose_date_is_made_invalid_is_removed_with_its_address(reader, site_url):
    """The issue's case: a shared answer, Day typed 31 (the answer and address
    follow), then Month 2 and "Work out the deadlines": the error, no answer
    for 31 December below it, and an address without start=2026-12-31."""
    page = reader
    open_answer(page, site_url + "calculator/" + fragment("lscp", "1", "2026-12-05"))
    page.fill(f"{START} [data-calc-part='day']", "31")
    wait_for_hash(page, "start=2026-12-31")
    page.wait_for_function("() => document.querySelector('[data-calc-result] time[datetime^=\"2027-01\"]')")
    page.fill(f"{START} [data-calc-part='month']", "2")
    page.click("[data-calc-submit]")
    summary = page.locator("[data-calc-error-summary]")
    summary.wait_for(state="visible")
    assert "must be a real date" in summary.inner_text()
    assert page.locator("[data-role='answer']").count() == 0
    assert shown_dates(page) == []
    stale = page.locator("[data-calc-stale]")
    assert stale.is_visible() and "Answer removed" in stale.inner_text()
    assert "start=2026-12-31" not in page.url and "#" not in page.url
    # Nothing out of date prints either: the page prints as it does without an answer.
    assert not page.evaluate("document.documentElement.classList.contains('calc-print-answer')")
    axe.assert_none(page)
    stale.scroll_into_view_if_needed()
    shot(page, f"stale-{page.size}")
    assert not page.external_requests and page.errors == []


def test_choosing_another_stage_clears_the_dates_given_for_the_last(reader, site_url):
    page = reader
    open_answer(page, site_url + "calculator/" + fragment("lscp", "1", "2026-12-01"))
    page.check(stage_radio("lscp", "2"))
    page.wait_for_selector("[data-calc-stale]")
    assert [page.input_value(f"{START} [data-calc-part='{p}']") for p in ("day", "month", "year")] == ["", "", ""]
    assert "another step" in page.inner_text("[data-calc-stale]")  # LSCP's word for a stage
    assert page.locator("[data-role='answer']").count() == 0
    assert "start=" not in page.url
    assert "step 2" in page.inner_text(f"{START} legend")
    page.fill(f"{START} [data-calc-part='day']", "3")
    page.fill(f"{START} [data-calc-part='month']", "12")
    page.fill(f"{START} [data-calc-part='year']", "2026")
    wait_for_hash(page, "stage=2&start=2026-12-03")
    page.wait_for_selector("[data-role='answer']")
    assert page.locator("[data-calc-stale]").count() == 0


# ---------------------------------------------------------------- item 9: no layout shift


# The stage question's place below the calculator's top, at each moment of the start.
PLACES = """
window.__places = [];
window.__shifts = [];
const place = (when) => {
  const root = document.querySelector("[data-calculator]");
  const stage = root && root.querySelector("[data-calc-group='stage']");
  if (stage) window.__places.push([when, stage.getBoundingClientRect().top - root.getBoundingClientRect().top]);
};
document.addEventListener("readystatechange", () => { if (document.readyState === "interactive") place("parsed"); });
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) {
    const inside = e.sources.some((s) => s.node && s.node.closest && s.node.closest("[data-calculator]"));
    if (inside) window.__shifts.push(e.value);
  }
}).observe({ type: "layout-shift", buffered: true });
const watch = setInterval(() => {
  const root = document.querySelector("[data-calculator]");
  if (!root) return;
  place(root.dataset.state);
  if (root.dataset.state === "ready") clearInterval(watch);
}, 20);
"""


def test_the_calculator_starts_without_moving_the_stage_choices(browser, site_url):
    """On a phone, on a slow link: the stage choices stay where they were
    drawn from the first paint, through the progress bar, to ready."""
    ctx = browser.new_context(viewport=VIEWPORTS["phone"])
    ctx.add_init_script(PLACES)
    page = ctx.new_page()
    try:
        slow_link(ctx, page, mbit=20)
        page.goto(site_url + "partnerships/lscp/")
        page.locator("[data-calculator]").scroll_into_view_if_needed()
        page.wait_for_selector("[data-calc-progress]:not([hidden])", timeout=10_000)
        shot(page, "starting-phone")
        wait_ready(page)
        page.wait_for_timeout(100)
        places = page.evaluate("window.__places")
        shifts = page.evaluate("window.__shifts")
    finally:
        ctx.close()
    states = {when for when, _ in places}
    assert {"parsed", "loading", "ready"} <= states, places
    assert len({round(top) for _, top in places}) == 1, places
    assert sum(shifts) == 0, shifts


# ---------------------------------------------------------------- item 10: print and share


def test_the_browsers_own_print_prints_the_answer_on_screen_and_the_page_without_one(reader, site_url):
    page = reader
    page.goto(site_url + "partnerships/lscp/")
    page.emulate_media(media="print")
    assert page.locator("[data-calculator]").is_hidden()
    assert page.locator("h1").first.is_visible()
    page.emulate_media(media="screen")
    open_answer(page, site_url + "partnerships/lscp/" + fragment("lscp", "3", "2026-11-30"))
    page.emulate_media(media="print")
    try:
        assert page.locator("[data-role='answer']").is_visible()
        assert page.locator(".calc-print-header").is_visible()
        assert page.locator("h1").first.is_hidden()
        assert page.locator("[data-calc-copy-link]").is_hidden()
        pdf = page.pdf(format="A4")
        assert len(pdf) > 1000
    finally:
        page.emulate_media(media="screen")


def test_copy_link_copies_the_address_and_says_what_the_link_holds(reader, site_url):
    page = reader
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    open_answer(page, site_url + "calculator/" + fragment("lscp", "3", "2026-11-30"))
    button = page.locator("[data-calc-copy-link]")
    print_box = page.locator("[data-calc-print]").bounding_box()
    copy_box = button.bounding_box()
    assert abs(print_box["y"] - copy_box["y"]) < 4, "Copy link is not beside Print this answer"
    holds = page.locator(".calc-link-holds")
    assert "no personal data" in holds.inner_text() and "the step," in holds.inner_text()
    assert holds.get_attribute("id") in button.get_attribute("aria-describedby")
    button.click()
    page.wait_for_function("() => document.querySelector('[data-calc-link-said]').textContent")
    assert page.inner_text("[data-calc-link-said]") == "Link copied."
    assert page.evaluate("navigator.clipboard.readText()") == page.url
    button.scroll_into_view_if_needed()
    axe.assert_none(page)
    shot(page, f"copy-link-{page.size}")
    assert not page.external_requests and page.errors == []


def test_copy_link_without_a_clipboard_selects_the_link_in_a_box(reader, site_url):
    page = reader
    page.add_init_script("Object.defineProperty(navigator, 'clipboard', { value: undefined });")
    open_answer(page, site_url + "calculator/" + fragment("lscp", "3", "2026-11-30"))
    page.click("[data-calc-copy-link]")
    box = page.locator("[data-calc-link-field] input")
    box.wait_for(state="visible")
    assert box.input_value() == page.url
    assert page.evaluate(
        "(() => { const i = document.activeElement;"
        " return i.selectionStart === 0 && i.selectionEnd === i.value.length; })()"
    )
    assert "Ctrl+C" in page.inner_text("[data-calc-link-said]")
    axe.assert_none(page)
    shot(page, f"copy-link-box-{page.size}")


# ---------------------------------------------------------------- item 11: which date to give


def test_staffordshire_stage_3_says_which_dates_it_needs_and_tells_its_two_questions_apart(reader, site_url):
    page = reader
    page.goto(site_url + "partnerships/staffordshire-stoke-on-trent/")
    page.check(stage_radio("staffordshire-stoke-on-trent", "3"))
    needs = page.locator("[data-calc-needs][data-stage='3']")
    assert needs.is_visible()
    assert needs.locator("p").inner_text() == "Stage 3 asks for these dates:"
    assert needs.locator("li").all_inner_texts() == [
        "The date stage 3 began",
        "The date of the matter being formally escalated, if you know it",
    ]
    start = page.inner_text(f"{START} legend")
    assert start == "When did stage 3 (Formal escalation to senior managers) begin?"
    assert "stage 2 had not resolved the issue" in page.inner_text(f"{START} .calc-hint")
    escalated = "[data-calc-group='formal-escalation']"
    assert page.inner_text(f"{escalated} legend") == "When was the matter formally escalated?"
    assert "This is not the day stage 3 began" in page.inner_text(f"{escalated} .calc-hint")
    # The list comes before the questions.
    assert needs.evaluate(
        "n => Boolean(n.compareDocumentPosition(document.querySelector(\"[data-calc-group='start']\")) "
        "& Node.DOCUMENT_POSITION_FOLLOWING)"
    )
    needs.scroll_into_view_if_needed()
    axe.assert_none(page)
    shot(page, f"dates-needed-{page.size}")


@pytest.mark.parametrize("path", ["partnerships/lscp/", "calculator/"])
def test_lscp_says_step_everywhere_in_the_form_and_what_the_source_gives_about_urgent(reader, site_url, path):
    page = reader
    page.goto(site_url + path)
    if path == "calculator/":
        page.select_option("[data-calc-field='protocol']", "lscp")
    page.click("[data-calc-submit]")
    page.wait_for_selector("[data-calc-error-summary]:not([hidden])")
    assert "Select the step you are at" in page.inner_text("[data-calc-error-summary]")
    page.check(stage_radio("lscp", "2"))
    page.click("[data-calc-submit]")
    page.wait_for_selector("[data-calc-error-summary]:not([hidden])")
    text = page.inner_text("[data-calculator]")
    assert "Which step are you at?" in text
    assert "Enter the date step 2 began" in text
    assert "stage" not in text.lower(), [line for line in text.splitlines() if "stage" in line.lower()]
    hint = page.inner_text("[data-calc-group='urgent'] .calc-hint")
    assert "The source does not say what counts as urgent" in hint
    assert "“Step 4 - Urgent resolution required LSCP Independent Chaired Meeting”" in hint
    axe.assert_none(page)
    if path == "calculator/":
        page.locator("[data-calc-group='urgent']").scroll_into_view_if_needed()
        shot(page, f"lscp-step-{page.size}")
