"""The calculator's answer in Chromium, at 1280×800 and 390×844: what to do
now first, every date against a fixed "today", the dates a stage's deadlines
count from asked for and carried in the link, no route chosen for the reader,
the safety duties on top, contacts as links, and a printed answer on at most
two A4 pages under its header."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from urllib.parse import parse_qsl, urlparse

import pytest
import yaml
from pypdf import PdfReader

from authoring.holiday_table import build_table
from calculator.deadlines import answer
from calculator.model import Protocol
from tests.support import axe
from tests.support.calculator_page import (
    ANSWER_MS,
    answers_count,
    ask,
    choose_stage,
    fill_date,
    fix_today,
    fragment,
    open_answer,
    shown_dates,
    stage_radio,
    wait_for_answer,
    wait_ready,
)

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
TODAY = "2026-12-02"
A_MONTH_AGO = "2026-11-02"
VIEWPORTS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}
A4_PAGES_AT_MOST = 2

PROTOCOLS = {
    p.slug: p
    for p in (
        Protocol.from_dict(yaml.safe_load(f.read_text(encoding="utf-8")))
        for f in sorted((ROOT / "protocols").glob("*.yaml"))
    )
}
TABLES = {n: build_table(n) for n in {p.calendar.nation for p in PROTOCOLS.values()}}


def engine(slug, stage, start, urgent=None, dates=None, today=TODAY) -> dict:
    protocol = PROTOCOLS[slug]
    return answer(
        protocol,
        stage,
        start,
        TABLES[protocol.calendar.nation],
        urgent=urgent,
        dates=dates,
        today=dt.date.fromisoformat(today),
    )


@pytest.fixture(scope="module")
def reader_contexts(browser, site_url):
    """A browser context for each viewport whose clock reads TODAY, shared by
    the module's pages: each test opens a page of its own, and after the first
    the calculator starts from the context's HTTP cache (its memory snapshot),
    as on a reader's repeat visit."""
    contexts = {}
    for name, size in VIEWPORTS.items():
        contexts[name] = browser.new_context(viewport=size)
        fix_today(contexts[name], TODAY)
    yield contexts
    for ctx in contexts.values():
        ctx.close()


@pytest.fixture(params=list(VIEWPORTS), ids=list(VIEWPORTS))
def viewport(request):
    return request.param


def _new_page(context):
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    return page


@pytest.fixture
def reader(reader_contexts, viewport):
    """A page at the viewport's size whose clock reads TODAY."""
    open_before = set(reader_contexts[viewport].pages)
    page = _new_page(reader_contexts[viewport])
    yield page
    for other in set(page.context.pages) - open_before:  # this one and any the test opened
        other.close()


@pytest.fixture(scope="module")
def started(reader_contexts, site_url):
    """For each viewport, one calculator page started once, for the tests
    that read an answer: each asks for its own by the fragment (`ask`)."""
    pages = {}
    for name, ctx in reader_contexts.items():
        pages[name] = _new_page(ctx)
        open_answer(pages[name], site_url + "calculator/" + fragment("cscp", "1"))
    return pages


@pytest.fixture
def answering(started, viewport):
    """The viewport's started calculator page: no error on it so far."""
    page = started[viewport]
    yield page
    assert page.errors == []


def answer_text(page) -> str:
    return page.inner_text("[data-calc-result]")


def focused_answer_in_view(page) -> bool:
    return page.evaluate("""() => {
      const h = document.activeElement;
      if (!h || !h.matches('[data-calc-answer-title]')) return false;
      const r = h.getBoundingClientRect();
      return r.top >= 0 && r.bottom <= window.innerHeight;
    }""")


# ---------------------------------------------------------------- focus and the shared link


def test_submitting_the_form_moves_focus_to_the_answer_in_view(reader, site_url):
    page = reader
    page.goto(site_url + "calculator/")
    choose_stage(page, "salford", "3")
    fill_date(page, "[data-calc-group='start']", A_MONTH_AGO)
    page.click("[data-calc-submit]")
    wait_ready(page)
    page.wait_for_function("() => document.activeElement.matches('[data-calc-answer-title]')", timeout=ANSWER_MS)
    assert focused_answer_in_view(page)
    assert page.eval_on_selector("[data-calc-answer-title]", "h => h.getAttribute('tabindex')") == "-1"


def test_a_shared_link_opens_on_its_answer(reader, site_url):
    page = reader
    open_answer(page, site_url + "partnerships/lscp/" + fragment("lscp", "2", "2026-11-30"))
    page.wait_for_function("() => document.activeElement.matches('[data-calc-answer-title]')", timeout=ANSWER_MS)
    assert focused_answer_in_view(page)


# ---------------------------------------------------------------- today


def test_a_stage_begun_a_month_ago_says_which_deadlines_have_passed(answering):
    page = answering
    ask(page, fragment("lscp", "1", A_MONTH_AGO))
    want = engine("lscp", "1", A_MONTH_AGO)
    assert want["today"] == TODAY
    passed = [d for d in want["deadlines"] if d["relative"] and d["relative"]["status"] == "passed"]
    assert passed, "a month on, step 1's plan is overdue"
    for deadline in passed:
        item = page.locator(f"[data-role='overdue'] [data-deadline='{deadline['timescale']}']")
        assert item.get_attribute("data-status") == "passed"
        assert deadline["relative"]["text"].capitalize() in item.inner_text()
        # Marked, not only worded: the passed tag is styled apart from an upcoming one.
        tag = item.locator(".calc-rel-passed").first
        assert tag.is_visible() and tag.evaluate("t => getComputedStyle(t).borderColor") == "rgb(177, 14, 30)"
    assert f"Today is {dt.date(2026, 12, 2):%A} 2 December 2026" in answer_text(page)


def test_every_relative_date_shown_is_the_engine_s_against_the_reader_s_today(answering):
    page = answering
    ask(page, fragment("staffordshire-stoke-on-trent", "1", "2026-11-25"))
    want = engine("staffordshire-stoke-on-trent", "1", "2026-11-25")
    shown = page.eval_on_selector_all(
        "[data-calc-result] .calc-deadlines .calc-rel", "ts => ts.map(t => t.textContent)"
    )
    expected = []
    for d in want["deadlines"]:
        readings = [r for r in d["readings"] if r["due"]]
        if len({r["due"] for r in readings}) > 1:
            expected += [r["relative"]["text"] for r in readings]
        elif d["relative"]:
            expected.append(d["relative"]["text"])
    assert [s.lower() for s in shown] == expected


def test_the_today_button_fills_the_reader_s_date(reader, site_url):
    page = reader
    page.goto(site_url + "calculator/")
    choose_stage(page, "safeguarding-children-partnership", "2")
    group = page.locator("[data-calc-group='stage-1'][data-protocol='safeguarding-children-partnership']")
    group.locator("[data-calc-today]").click()
    assert [group.locator(f"[data-calc-part='{p}']").input_value() for p in ("day", "month", "year")] == [
        "2",
        "12",
        "2026",
    ]
    start = page.locator("[data-calc-group='start']")
    start.locator("[data-calc-today]").click()
    assert start.locator("[data-calc-part='year']").input_value() == "2026"


# ---------------------------------------------------------------- contacts, duties, forms


@pytest.mark.parametrize("stage", ["1", "2", "3"])
def test_every_salford_answer_opens_with_the_same_working_day_duty_and_the_overdue_review(answering, stage):
    page = answering
    ask(page, fragment("salford", stage, A_MONTH_AGO))
    sections = page.eval_on_selector_all(
        "[data-calc-result] .calc-answer > section", "ss => ss.map(s => s.dataset.role)"
    )
    assert sections[0] == "always"
    always = page.inner_text("[data-role='always']")
    assert "On the same working day" in always and "child protection procedures" in always
    assert "15 May 2016" in page.inner_text("[data-role='review']")


def test_a_salford_stage_3_answer_gives_the_unit_s_phone_number_and_links_the_escalation_notice(answering):
    page = answering
    ask(page, fragment("salford", "3", A_MONTH_AGO))
    phone = page.locator("[data-role='involved'] a[href^='tel:']")
    assert phone.inner_text() == "0161 603 4350"
    assert phone.get_attribute("href") == "tel:01616034350"
    # What is overdue comes first, then the words-only actions due now.
    sections = page.eval_on_selector_all(
        "[data-calc-result] .calc-answer > section", "ss => ss.map(s => s.dataset.role)"
    )
    assert sections.index("overdue") < sections.index("now")
    assert "At the earliest opportunity" in page.inner_text("[data-role='now']")
    form = page.locator("[data-role='records'] a[data-form='escalation-notice']")
    assert form.inner_text() == "Escalation Notice"
    href = form.evaluate("a => a.href")
    assert urlparse(href).path.endswith("/forms/salford-escalation-notice/")
    response = page.request.get(href)
    assert response.ok and "Escalation Notice" in response.text()


def test_no_answer_shows_a_library_version_an_invented_close_or_a_safe_reading(browser, site_url):
    ctx = browser.new_context()
    page = ctx.new_page()
    open_answer(page, site_url + "calculator/" + fragment("cscp", "1"))
    for slug, protocol in sorted(PROTOCOLS.items()):
        for stage in protocol.stages:
            before = answers_count(page)
            page.evaluate("f => { location.hash = f; }", fragment(slug, stage.id, "2026-12-22"))
            wait_for_answer(page, before)
            text = answer_text(page).lower()
            assert stage.title.lower() in text
            for banned in ("holidays 0.", "close the escalation", "record and close"):
                assert banned not in text, (slug, stage.id, banned)
            assert not re.search(r"\bsafer?\b", text), (slug, stage.id)
    ctx.close()


# ---------------------------------------------------------------- dates asked for, and the link


def test_the_done_when_link_shows_30_december_2026_first_counted_from_stage_1(answering):
    page = answering
    ask(page, "#protocol=safeguarding-children-partnership&stage=2&start=2026-12-24&stage-1=2026-12-21")
    assert shown_dates(page)[0] == "2026-12-30"
    item = page.locator("[data-deadline='managers-discussion']").first
    assert "Counted from Monday 21 December 2026, the day stage 1 began" in item.inner_text()
    legend = page.locator("[data-calc-group='stage-1'][data-protocol='safeguarding-children-partnership'] legend")
    assert legend.is_visible()
    assert legend.inner_text() == "When did stage 1 (Direct professional to professional discussion) begin?"


def test_a_date_left_blank_leaves_its_deadline_undated_and_says_which_date_it_needs(reader, site_url):
    page = reader
    open_answer(page, site_url + "calculator/" + fragment("safeguarding-children-partnership", "2", "2026-12-24"))
    item = page.locator("[data-role='deadlines'] [data-deadline='managers-discussion']")
    assert item.get_attribute("data-status") == "undated"
    text = item.inner_text()
    assert "No date yet" in text and "the day stage 1 began" in text
    assert "When did stage 1 (Direct professional to professional discussion) begin?" in text


def test_each_stage_asks_only_for_the_dates_its_deadlines_count_from(reader, site_url):
    page = reader
    page.goto(site_url + "partnerships/staffordshire-stoke-on-trent/")
    # Reaching the calculator starts it, and its progress bar moves the form down: wait for it.
    page.locator("[data-calculator]").scroll_into_view_if_needed()
    wait_ready(page)
    visible = lambda: page.eval_on_selector_all(  # noqa: E731
        "[data-calc-event]", "gs => gs.filter(g => !g.hidden).map(g => g.dataset.calcEvent)"
    )
    page.check(stage_radio("staffordshire-stoke-on-trent", "3"))
    assert visible() == ["start", "formal-escalation"]
    # The stage's start is asked by the stage's name, the procedure's own moment under it.
    assert page.inner_text("[data-calc-group='start'] legend") == (
        "When did stage 3 (Formal escalation to senior managers) begin?"
    )
    assert "when did it become clear that stage 2 had not resolved the issue?" in (
        page.inner_text("[data-calc-group='start']").lower()
    )
    page.check(stage_radio("staffordshire-stoke-on-trent", "4"))
    assert visible() == ["start"]


def test_event_dates_and_the_urgent_answer_go_into_the_link_and_back(reader, site_url):
    page = reader
    page.goto(site_url + "calculator/")
    choose_stage(page, "lscp", "2")
    fill_date(page, "[data-calc-group='start']", "2026-12-24")
    step1 = "[data-calc-group='stage-1'][data-protocol='lscp']"
    fill_date(page, step1, "2026-12-21")
    page.check("[data-calc-field='urgent'][value='yes']")
    page.click("[data-calc-submit]")
    wait_ready(page)
    page.wait_for_function("() => location.hash.includes('urgent=1')", timeout=ANSWER_MS)
    params = dict(parse_qsl(urlparse(page.url).fragment))
    assert params == {"protocol": "lscp", "stage": "2", "start": "2026-12-24", "stage-1": "2026-12-21", "urgent": "1"}
    want = engine("lscp", "2", "2026-12-24", urgent=True, dates={"stage-1": "2026-12-21"})
    assert shown_dates(page)[0] == want["deadlines"][0]["due"]
    # The same link in a fresh page fills the form the same way.
    fresh = page.context.new_page()
    open_answer(fresh, page.url)
    assert fresh.is_checked("[data-calc-field='urgent'][value='yes']")
    assert fresh.input_value(f"{step1} [data-calc-part='day']") == "21"
    assert shown_dates(fresh) == shown_dates(page)
    before = answers_count(fresh)
    fresh.evaluate("f => { location.hash = f; }", fragment("lscp", "2", "2026-12-24", urgent=False))
    wait_for_answer(fresh, before)
    assert fresh.is_checked("[data-calc-field='urgent'][value='no']")
    assert fresh.input_value(f"{step1} [data-calc-part='day']") == ""
    fresh.close()


def test_at_a_branch_not_answered_the_answer_shows_every_route_with_the_source_s_condition(answering):
    page = answering
    ask(page, fragment("lscp", "3", "2026-12-22"))
    assert page.eval_on_selector_all("[data-calc-field='urgent']", "rs => rs.filter(r => r.checked).length") == 0
    routes = page.eval_on_selector_all("[data-role='next'] [data-route]", "rs => rs.map(r => r.dataset.route)")
    assert routes == ["4-urgent", "4-non-urgent"]
    want = engine("lscp", "3", "2026-12-22")
    text = page.inner_text("[data-role='next']")
    assert want["route_note"] in text
    for branch in want["branches"]:
        for quote in branch["quote"]:
            assert quote in text
    before = answers_count(page)
    page.check("[data-calc-field='urgent'][value='yes']")
    wait_for_answer(page, before)
    assert page.eval_on_selector_all("[data-role='next'] [data-route]", "rs => rs.map(r => r.dataset.route)") == [
        "4-urgent"
    ]


def test_both_readings_are_shown_the_earlier_labelled_and_a_holiday_named(answering):
    page = answering
    ask(page, fragment("staffordshire-stoke-on-trent", "5", "2026-12-22"))
    two = page.locator("[data-deadline='refer-within-2-working-days']").first.inner_text()
    hours = page.locator("[data-deadline='refer-within-72-hours']").first.inner_text()
    assert "Thursday 24 December 2026" in two and "earlier" in two
    assert "Friday 25 December 2026" in hours and "Christmas Day, not a working day" in hours
    ask(page, fragment("lscp", "3", "2027-03-24"))
    plan = page.locator("[data-deadline='plan-in-place']").first.inner_text()
    # From Wednesday 24 March 2027, 48 hours is Friday 26 March (Good Friday); 2 working days,
    # skipping Good Friday and Easter Monday, is Tuesday 30 March.
    want = engine("lscp", "3", "2027-03-24")["deadlines"]
    readings = next(d for d in want if d["timescale"] == "plan-in-place")["readings"]
    for reading in readings:
        day = dt.date.fromisoformat(reading["due"])
        assert f"{day:%A} {day.day} {day:%B %Y} ({reading['wording']})" in plan
    earlier = [r for r in readings if r["earlier"]]
    assert len(earlier) == 1 and "earlier" in plan


# ---------------------------------------------------------------- no dead forms


def test_a_procedure_with_no_timescale_gets_no_date_question_and_shows_a_stage_when_chosen(reader, site_url):
    page = reader
    page.goto(site_url + "partnerships/cscp/")
    page.locator("[data-calculator]").scroll_into_view_if_needed()
    assert page.eval_on_selector_all("[data-calc-event]", "gs => gs.filter(g => !g.hidden).length") == 0
    before = answers_count(page)
    page.check(stage_radio("cscp", "2"))
    wait_ready(page)
    wait_for_answer(page, before)
    text = answer_text(page)
    assert "Discussion between team or managers" in text
    assert shown_dates(page) == []
    assert "start=" not in urlparse(page.url).fragment


# ---------------------------------------------------------------- phone


@pytest.mark.parametrize("path", ["calculator/"] + [f"partnerships/{slug}/" for slug in sorted(PROTOCOLS)])
def test_nothing_overflows_a_390_pixel_screen_with_an_answer_shown(reader_contexts, started, site_url, path):
    slug = path.split("/")[1] if path.startswith("partnerships/") else "staffordshire-stoke-on-trent"
    stage = PROTOCOLS[slug].stages[0].id
    if path == "calculator/":  # the phone's started calculator page
        page = started["phone"]
        ask(page, fragment(slug, stage, A_MONTH_AGO))
    else:
        page = reader_contexts["phone"].new_page()
        open_answer(page, site_url + path + fragment(slug, stage, A_MONTH_AGO))
    calc = page.eval_on_selector("[data-calculator]", "c => [c.scrollWidth, c.clientWidth]")
    assert calc[0] <= calc[1]
    if path == "calculator/":  # the partnership pages' own layout belongs to those pages
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
    # Whole stage names: every label of the partnership's stages fits, unclipped.
    labels = page.eval_on_selector_all(
        "[data-calc-group='stage'] .calc-radio:not([hidden]) label",
        "ls => ls.map(l => { const r = l.getBoundingClientRect(); return [r.right, l.scrollWidth - l.clientWidth]; })",
    )
    assert labels and all(right <= 390 and clipped <= 0 for right, clipped in labels)
    if page is not started["phone"]:
        page.close()


# ---------------------------------------------------------------- print


@pytest.mark.parametrize("slug, stage", [("lscp", "1"), ("staffordshire-stoke-on-trent", "1"), ("salford", "3")])
def test_the_printed_answer_fits_two_a4_pages_under_its_header(started, site_url, slug, stage, tmp_path):
    page = started["desktop"]  # the desktop's started calculator page, back on screen after
    url = site_url + "calculator/" + fragment(slug, stage, A_MONTH_AGO)
    ask(page, fragment(slug, stage, A_MONTH_AGO))
    page.evaluate("document.documentElement.classList.add('calc-print-answer')")
    page.emulate_media(media="print")
    try:
        _printed_answer_fits(page, url, slug, stage, tmp_path)
    finally:
        page.emulate_media(media="null")
        page.evaluate("document.documentElement.classList.remove('calc-print-answer')")
    assert page.errors == []


def _printed_answer_fits(page, url, slug, stage, tmp_path):
    assert page.eval_on_selector("h1", "el => getComputedStyle(el).display") == "none"
    assert page.eval_on_selector("[data-calc-form]", "el => getComputedStyle(el).display") == "none"
    pdf = tmp_path / "answer.pdf"
    page.pdf(path=str(pdf), format="A4", print_background=True)
    # pypdf (the project's own dependency, for `handbook new`) reads the PDF.
    reader = PdfReader(str(pdf))
    pages = len(reader.pages)
    assert 1 <= pages <= A4_PAGES_AT_MOST, f"{slug} {stage}: {pages} A4 pages"
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    protocol = PROTOCOLS[slug]
    # The header: partnership, document, stage, the dates entered, printed on, the page's address.
    for words in (
        "Partnership",
        protocol.name,
        "Document",
        protocol.document.title,
        protocol.stage_word,  # the procedure's own word: "Step" for LSCP
        protocol.stage(stage).title,
        "Dates entered",
        "began on Monday 2 November 2026",
        "Printed on",
        "Wednesday 2 December 2026",
        "Page",
    ):
        assert words in text, words
    assert url.split("//", 1)[1][:30] in text.replace(" ", "")


# ---------------------------------------------------------------- axe

AXE_STATES = {
    "questions shown": ("calculator/", None),
    "errors": ("calculator/", "errors"),
    "answer with branches": ("calculator/" + fragment("lscp", "3", "2026-12-22"), None),
    "answer with passed dates": ("calculator/" + fragment("salford", "3", A_MONTH_AGO), None),
    "answer with an undated deadline": (
        "partnerships/safeguarding-children-partnership/"
        + fragment("safeguarding-children-partnership", "2", "2026-12-24"),
        None,
    ),
    "stage with no timescale": ("partnerships/cscp/" + fragment("cscp", "3"), None),
}


@pytest.mark.parametrize("state", list(AXE_STATES))
def test_axe_finds_no_violation(request, viewport, site_url, state):
    path, action = AXE_STATES[state]
    if path.startswith("calculator/#"):  # an answer on the calculator page: the started one
        page = request.getfixturevalue("answering")
        ask(page, path[len("calculator/") :])
        page.wait_for_selector("[data-calc-answer-title]")
    elif "#" in path:
        page = request.getfixturevalue("reader")
        open_answer(page, site_url + path)
        page.wait_for_selector("[data-calc-answer-title]")
    else:
        page = request.getfixturevalue("reader")
        page.goto(site_url + path)
        choose_stage(page, "safeguarding-children-partnership", "2")
        if action == "errors":
            group = "[data-calc-group='stage-1'][data-protocol='safeguarding-children-partnership']"
            page.fill(f"{group} [data-calc-part='day']", "31")
            page.click("[data-calc-submit]")
            page.wait_for_selector("[data-calc-error-summary]:not([hidden])")
            assert page.locator(f"{group} [aria-invalid='true']").count() >= 1
    axe.assert_none(page)
    assert page.errors == []


# ---------------------------------------------------------------- when it cannot run


@pytest.mark.parametrize("path", ["calculator/", "partnerships/lscp/"])
def test_the_fallback_message_points_the_way_the_timescales_are(browser, site_url, path):
    ctx = browser.new_context()
    ctx.add_init_script("delete globalThis.WebAssembly;")
    page = ctx.new_page()
    page.goto(site_url + path + fragment("lscp", "2", "2026-01-09"))
    page.wait_for_selector("[data-calculator][data-state='failed']", state="attached", timeout=5_000)
    message = page.inner_text("[data-calc-message]")
    table = (
        "#timescales-lscp" if path.startswith("partnerships/") else "[data-calc-fallback] table[data-protocol='lscp']"
    )
    table_first = page.eval_on_selector(
        table,
        "t => Boolean(t.compareDocumentPosition(document.querySelector('[data-calc-message]')) "
        "& Node.DOCUMENT_POSITION_FOLLOWING)",
    )
    assert ("above" in message) == table_first
    assert ("below" in message or "further down" in message) == (not table_first)
    ctx.close()
