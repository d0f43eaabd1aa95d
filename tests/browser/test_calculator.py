"""The deadline calculator in Chromium: the built site, served with its own
headers, running the Python engine under Pyodide in a worker.

The dates it shows are compared with the engine's answer computed here in
CPython, from the YAML protocols and the `holidays` library (not from the JSON
the build shipped), for every case in tests/cases/ and for seeded random cases.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from pathlib import Path
from urllib.parse import urlparse

import pytest
import yaml

from authoring.holiday_table import build_table
from calculator.deadlines import answer
from calculator.model import Protocol
from calculator.naming import questions_for
from calculator.question import BadDate
from tests.support import axe
from tests.support.answers import shown_dates as answer_dates
from tests.support.browser import abort_requests, block_other_hosts
from tests.support.calculator_page import (
    ANSWER_MS,
    READY_MS,
    answers_count,
    ask,
    fill_date,
    fragment,
    shown_dates,
    stage_radio,
    wait_for_answer,
    wait_ready,
)

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
CASES_DIR = ROOT / "tests" / "cases"
RANDOM_CASES = 40
RANDOM_SEED = 20261222

# Records Content-Security-Policy violations for the test to read.
CSP_RECORDER = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`);
});
"""


# ---------------------------------------------------------------- CPython side


def _protocols() -> dict[str, Protocol]:
    found = {}
    for path in sorted((ROOT / "protocols").glob("*.yaml")):
        protocol = Protocol.from_dict(yaml.safe_load(path.read_text(encoding="utf-8")))
        found[protocol.slug] = protocol
    return found


PROTOCOLS = _protocols()
TABLES = {nation: build_table(nation) for nation in {p.calendar.nation for p in PROTOCOLS.values()}}


def expected(slug: str, stage: str, start: str, urgent: bool | None = None, dates: dict | None = None) -> dict:
    protocol = PROTOCOLS[slug]
    return answer(protocol, stage, start, TABLES[protocol.calendar.nation], urgent=urgent, dates=dates)


def as_the_form_asks(slug: str, stage_id: str, urgent: bool | None, dates: dict) -> tuple:
    """What the form sends for a link: the urgent answer only where it asks
    for one (the procedure branches and this stage is not a branch), and the
    dates only of the events this stage's deadlines count from."""
    protocol = PROTOCOLS[slug]
    stage = next((s for s in protocol.stages if s.id == stage_id), None)
    if stage is None:  # a stage number that splits: the form picks the branch by the urgent answer
        return urgent, dates
    branches = any(t.when != "unresolved" for s in protocol.stages for t in s.next)
    asked = {q["event"] for q in questions_for(protocol, stage)}
    return (urgent if branches and not stage.branch else None, {e: d for e, d in dates.items() if e in asked})


def expected_dates(result: dict) -> list[str]:
    """Every computed date in the order the page shows them."""
    return answer_dates(result)


def _case_file_cases() -> list:
    cases = []
    for path in sorted(CASES_DIR.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for case in data["cases"]:
            if "today" in case:  # the page's today is the reader's clock, not the case's
                continue
            dates = {str(k): str(v) for k, v in (case.get("dates") or {}).items()}
            cases.append(
                pytest.param(
                    data["protocol"],
                    str(case["stage"]),
                    str(case["start"]),
                    case.get("urgent"),
                    dates,
                    id=f"{data['protocol']}: {case['name']}",
                )
            )
    return cases


def _random_cases() -> list:
    """Random stages and starts, urgent said or not, and the other dates a
    stage's deadlines count from given (a few days before the start) or left out."""
    rng = random.Random(RANDOM_SEED)
    first, last = dt.date(2019, 2, 1).toordinal(), dt.date(2028, 12, 31).toordinal()
    slugs = sorted(PROTOCOLS)
    cases, seen = [], set()
    while len(cases) < RANDOM_CASES:
        slug = rng.choice(slugs)
        protocol = PROTOCOLS[slug]
        stage = rng.choice(protocol.stages)
        start = dt.date.fromordinal(rng.randint(first, last))
        urgent = rng.choice([None, None, True, False])
        dates = {
            q["event"]: (start - dt.timedelta(days=rng.randint(0, 10))).isoformat()
            for q in questions_for(protocol, stage)
            if rng.random() < 0.6
        }
        key = (slug, stage.id, start, urgent, tuple(sorted(dates.items())))
        if key in seen:
            continue
        seen.add(key)
        cases.append(
            pytest.param(
                slug,
                stage.id,
                start.isoformat(),
                urgent,
                dates,
                id=f"random {slug} {stage.id} {start} urgent={urgent} {sorted(dates)}",
            )
        )
    return cases


# ---------------------------------------------------------------- browser side


def storage_used(page) -> dict:
    return page.evaluate("""async () => ({
        cookie: document.cookie,
        localStorage: localStorage.length,
        sessionStorage: sessionStorage.length,
        indexedDB: (await indexedDB.databases()).length,
        caches: (await caches.keys()).length,
    })""")


EMPTY_STORAGE = {"cookie": "", "localStorage": 0, "sessionStorage": 0, "indexedDB": 0, "caches": 0}


@pytest.fixture(scope="module")
def shared(browser, site_url):
    """One page for the parity cases: each case changes only the fragment."""
    ctx = browser.new_context()
    page = ctx.new_page()
    external = block_other_hosts(page, site_url)
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    first = PROTOCOLS[sorted(PROTOCOLS)[0]]
    page.goto(site_url + "calculator/" + fragment(first.slug, first.stages[0].id, "2026-01-05"))
    wait_ready(page)
    page.wait_for_function(
        "() => Number(document.querySelector('[data-calculator]').dataset.answers || 0) > 0", timeout=ANSWER_MS
    )
    yield page, external, errors
    ctx.close()


def ask_by_fragment(page, slug, stage, start, urgent, dates) -> None:
    ask(page, fragment(slug, stage, start, urgent, dates))


def has_dates(slug: str) -> bool:
    return any(t.within for s in PROTOCOLS[slug].stages for t in s.timescales)


# ---------------------------------------------------------------- tests


@pytest.mark.parametrize("slug, stage, start, urgent, dates", _case_file_cases() + _random_cases())
def test_the_browser_shows_the_same_dates_as_the_engine_in_cpython(shared, slug, stage, start, urgent, dates):
    page, external, errors = shared
    ask_by_fragment(page, slug, stage, start, urgent, dates)
    urgent, dates = as_the_form_asks(slug, stage, urgent, dates)
    try:
        expected(slug, stage, start, urgent, dates)
    except BadDate as refused:  # dates that disagree with the procedure: the engine's own words, at the field
        page.wait_for_selector("[data-calc-error-summary]:not([hidden])", timeout=ANSWER_MS)
        assert str(refused)[1:] in page.inner_text("[data-calc-error-summary]")  # its first letter a capital
        assert shown_dates(page) == [] or page.is_hidden("[data-calc-result]")
        assert page.locator(f"[data-calc-group='{refused.event}'].calc-group-error").count() >= 1
        return
    assert page.is_hidden("[data-calc-error-summary]"), page.inner_text("[data-calc-error-summary]")
    if not has_dates(slug):  # no timescale: no date asked for, none shown
        assert shown_dates(page) == []
        return
    want = expected(slug, stage, start, urgent, dates)
    shown = shown_dates(page)
    assert shown == expected_dates(want)
    computed = [d["due"] for d in want["deadlines"] if d["due"]]
    if computed:
        assert shown[0] == computed[0], "the first date shown is not the next deadline"
    text = page.inner_text("[data-calc-result]")
    assert want["stage"]["title"] in text
    for deadline in want["deadlines"]:
        if deadline["due"]:
            cf = deadline["counted_from"]
            day = dt.date.fromisoformat(cf["date"])
            assert f"Counted from {day:%A} {day.day} {day:%B %Y}, {cf['label']}" in text
        elif deadline["needs"]:
            assert "No date yet" in text
    assert not external and not errors


def test_the_fragment_is_rewritten_to_the_answer_shown_so_it_can_be_shared(page, site_url):
    page.goto(site_url + "calculator/" + fragment("lscp", "2", "2020-12-23", dates={"stage-1": "2020-12-21"}))
    wait_ready(page)
    page.wait_for_selector("[data-calc-result] time")
    assert page.input_value("[data-calc-group='stage-1'][data-protocol='lscp'] [data-calc-part='day']") == "21"
    # Another step asks for its own start: the answer and the address's dates go
    # until it is given (never the last step's start in silence).
    page.check(stage_radio("lscp", "1"))
    page.wait_for_selector("[data-calc-stale]")
    assert "start=" not in urlparse(page.url).fragment
    before = answers_count(page)
    fill_date(page, "[data-calc-group='start']", "2020-12-23")
    wait_for_answer(page, before)
    # Step 1 asks no other date and does not branch until step 3: no urgent answer given.
    assert urlparse(page.url).fragment == "protocol=lscp&stage=1&start=2020-12-23"
    assert "?" not in page.url
    assert shown_dates(page) == expected_dates(expected("lscp", "1", "2020-12-23"))


def test_the_urgent_question_appears_only_where_the_protocol_branches_later(page, site_url):
    page.goto(site_url + "calculator/")
    page.select_option("[data-calc-field='protocol']", "lscp")
    page.check(stage_radio("lscp", "3"))
    assert page.is_visible("[data-calc-group='urgent']")
    # Nothing is chosen for the reader.
    assert page.eval_on_selector_all("[data-calc-field='urgent']", "rs => rs.filter(r => r.checked).length") == 0
    page.check(stage_radio("lscp", "1"))  # its timeline reaches step 3
    assert page.is_visible("[data-calc-group='urgent']")
    page.check(stage_radio("lscp", "4-urgent"))
    assert page.is_hidden("[data-calc-group='urgent']")
    page.select_option("[data-calc-field='protocol']", "safeguarding-children-partnership")
    page.check(stage_radio("safeguarding-children-partnership", "1"))
    assert page.is_hidden("[data-calc-group='urgent']")


def test_the_whole_flow_works_by_keyboard_alone(page, site_url):
    page.goto(site_url + "calculator/")
    protocol = page.locator("[data-calc-field='protocol']")
    for _ in range(200):
        page.keyboard.press("Tab")
        if protocol.evaluate("el => el === document.activeElement"):
            break
    else:
        pytest.fail("Tab never reached the partnership select")
    slugs = protocol.evaluate("el => Array.from(el.options).map(o => o.value)")
    target = slugs.index("safeguarding-children-partnership")
    for _ in range(target):
        page.keyboard.press("ArrowDown")
    assert protocol.input_value() == "safeguarding-children-partnership"
    page.keyboard.press("Tab")  # the first stage's radio
    page.keyboard.press("ArrowDown")  # stage 2, chosen
    assert page.is_checked(stage_radio("safeguarding-children-partnership", "2"))
    page.keyboard.press("Tab")  # day (no urgent question for this protocol)
    # Submitting with no date shows the error summary, focused, linking to the day.
    page.keyboard.press("Enter")
    summary = page.locator("[data-calc-error-summary]")
    summary.wait_for(state="visible")
    assert summary.evaluate("el => el === document.activeElement")
    assert "Enter the date stage 2 began" in summary.inner_text()
    assert page.title().startswith("Error: ")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id").endswith("-start-day")
    for text in ("24", "12", "2026"):
        page.keyboard.type(text)
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Today"
    page.keyboard.press("Tab")  # the day stage 1 began, which stage 2's deadline counts from
    assert page.evaluate("document.activeElement.id").endswith("-stage-1-day")
    page.keyboard.type("21")
    page.keyboard.press("Tab")
    page.keyboard.type("12")
    page.keyboard.press("Tab")
    page.keyboard.type("2026")
    page.keyboard.press("Enter")
    wait_ready(page)
    page.wait_for_selector("[data-calc-result] time")
    assert page.is_hidden("[data-calc-error-summary]")
    want = expected("safeguarding-children-partnership", "2", "2026-12-24", dates={"stage-1": "2026-12-21"})
    assert shown_dates(page) == expected_dates(want)
    assert shown_dates(page)[0] == "2026-12-30"
    page.wait_for_function("() => document.activeElement.matches('[data-calc-answer-title]')")
    assert not page.external_requests


@pytest.mark.parametrize(
    "typed, message",
    [
        (("", "", ""), "Enter the date step 1 began"),
        (("22", "12", ""), "The date step 1 began must include a year"),
        (("", "12", ""), "The date step 1 began must include a day and year"),
        (("31", "2", "2026"), "The date step 1 began must be a real date"),
        (("1", "1", "26"), "Year must include 4 numbers"),
        (("1", "1", "2051"), "The date step 1 began must be between 1 January 2019 and 31 December 2040"),
    ],
)
def test_a_date_that_cannot_be_used_gets_a_gov_uk_style_error(shared, typed, message):
    page, external, errors = shared
    ask(page, fragment("lscp", "1", "2026-01-05"))  # an answer shown, no error; each part of the date typed anew
    assert page.is_hidden("[data-calc-error-summary]")
    page.select_option("[data-calc-field='protocol']", "lscp")
    page.check(stage_radio("lscp", "1"))
    for field, value in zip(("day", "month", "year"), typed, strict=True):
        page.fill(f"[data-calc-group='start'] [data-calc-part='{field}']", value)
    page.click("[data-calc-submit]")
    summary = page.locator("[data-calc-error-summary]")
    summary.wait_for(state="visible", timeout=READY_MS)
    assert message in summary.inner_text()
    inline = page.locator("[data-calc-group='start'] [data-calc-error]")
    assert message in inline.inner_text()
    described = page.get_attribute("[data-calc-group='start'] [data-calc-date]", "aria-describedby").split()
    assert inline.get_attribute("id") in described
    assert page.locator("[data-calc-group='start'] [aria-invalid='true']").count() >= 1
    assert not external and not errors


def test_axe_finds_no_violation_on_the_calculator_with_an_answer(shared):
    page, external, errors = shared
    ask(page, fragment("lscp", "3", "2024-03-28", urgent=True))
    page.wait_for_selector("[data-calc-result] time")
    axe.assert_none(page)
    assert not external and not errors


def test_axe_finds_no_violation_on_the_calculator_with_an_error_summary(page, site_url):
    page.goto(site_url + "calculator/")
    page.select_option("[data-calc-field='protocol']", "lscp")
    page.click("[data-calc-submit]")
    page.wait_for_selector("[data-calc-error-summary]:not([hidden])")
    axe.assert_none(page)


def test_axe_finds_no_violation_on_a_partnership_page_with_its_calculator(page, site_url):
    page.goto(
        site_url
        + "partnerships/safeguarding-children-partnership/"
        + fragment("safeguarding-children-partnership", "1", "2025-12-23")
    )
    wait_ready(page)
    page.wait_for_selector("[data-calc-result] time")
    axe.assert_none(page)


def test_using_the_calculator_requests_nothing_from_another_host_and_stores_nothing(page, site_url):
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(site_url + "calculator/" + fragment("salford", "3", "2026-04-02"))
    wait_ready(page)
    page.wait_for_selector("[data-calc-result] time")
    before = answers_count(page)
    page.select_option("[data-calc-field='protocol']", "lscp")
    page.check(stage_radio("lscp", "1"))
    fill_date(page, "[data-calc-group='start']", "2026-04-02")  # another step asks for its own start
    page.click("[data-calc-submit]")
    wait_for_answer(page, before)
    page.click("[data-calc-ics]")
    page.reload()
    wait_ready(page)
    assert page.external_requests == []
    assert all(r.startswith(site_url) or r.startswith("blob:") for r in requests), requests
    assert storage_used(page) == EMPTY_STORAGE


def test_the_shipped_content_security_policy_is_sent_and_nothing_breaks_it(page, site_url):
    console_errors: list[str] = []
    page.on("console", lambda m: m.type == "error" and console_errors.append(m.text))
    page.on("pageerror", lambda e: console_errors.append(str(e)))
    page.add_init_script(CSP_RECORDER)
    response = page.goto(site_url + "calculator/" + fragment("lscp", "3", "2024-03-28", urgent=True))
    csp = response.headers.get("content-security-policy", "")
    assert "script-src 'self' 'wasm-unsafe-eval'" in csp
    assert "unsafe-eval'" not in csp.replace("'wasm-unsafe-eval'", "")
    wait_ready(page)
    page.wait_for_selector("[data-calc-result] time")
    page.click("[data-calc-ics]")
    assert page.evaluate("window.__cspViolations") == []
    assert console_errors == []


def test_a_partnership_page_fetches_no_pyodide_file_until_the_reader_reaches_the_calculator(page, site_url):
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.set_viewport_size({"width": 1280, "height": 600})
    page.goto(site_url + "partnerships/lscp/")
    page.wait_for_load_state("load")
    page.wait_for_timeout(1500)  # time enough to start if it were going to
    in_view = page.eval_on_selector("[data-calculator]", "el => el.getBoundingClientRect().top < window.innerHeight")
    if in_view:
        pytest.skip("the calculator is above the fold on this page at this size")
    assert not [r for r in requests if "/pyodide/" in r or r.endswith(".whl")]
    assert page.get_attribute("[data-calculator]", "data-state") == "loading"
    page.locator("[data-calculator]").scroll_into_view_if_needed()
    wait_ready(page)
    assert [r for r in requests if r.endswith("pyodide.asm.wasm")]


def test_the_binary_is_fetched_once_by_its_own_compiling_worker(page, site_url):
    """compiler.js compiles Pyodide's binary off the page's thread and hands
    the module on; the calculator's worker does not fetch it a second time."""
    requests: list[str] = []
    page.on("request", lambda r: requests.append(urlparse(r.url).path))
    workers: list[str] = []
    page.on("worker", lambda w: workers.append(urlparse(w.url).path))
    slug, stage, start = "lscp", "2", "2026-05-22"  # across the spring bank holiday
    dates = {"stage-1": "2026-05-21"}
    page.goto(site_url + "calculator/" + fragment(slug, stage, start, dates=dates))
    wait_ready(page)
    page.wait_for_selector("[data-calc-result] time")
    assert shown_dates(page) == expected_dates(expected(slug, stage, start, dates=dates))
    assert [p for p in requests if p.endswith("/pyodide.asm.wasm")] != []
    assert len([p for p in requests if p.endswith("/pyodide.asm.wasm")]) == 1
    assert any(re.search(r"/assets/calculator/[0-9a-f]{12}/compiler\.js$", p) for p in workers)
    assert any(re.search(r"/assets/calculator/[0-9a-f]{12}/worker\.js$", p) for p in workers)


def test_without_the_compiling_worker_the_calculator_still_answers(page, site_url):
    blocked = abort_requests(page, "**/assets/calculator/*/compiler.js")
    slug, stage, start = "lscp", "1", "2026-08-27"  # across the summer bank holiday
    page.goto(site_url + "calculator/" + fragment(slug, stage, start))
    wait_ready(page)
    page.wait_for_selector("[data-calc-result] time")
    assert blocked, "the test did not block the compiling worker"
    assert shown_dates(page) == expected_dates(expected(slug, stage, start))


def test_the_start_up_is_recorded_as_user_timing_measures_in_order(page, site_url):
    """The measures tests/bench_browser.py reads: each phase follows the one
    before it, and together they end when the calculator is ready."""
    page.goto(site_url + "calculator/" + fragment("cscp", "1", "2026-12-21"))
    wait_ready(page)
    got = page.evaluate("""() => {
      const m = (n) => performance.getEntriesByName(n, "measure").map((e) => [e.startTime, e.duration]);
      const mark = (n) => performance.getEntriesByName(n)[0].startTime;
      return { worker: m("calculator: worker starting"), pyodide: m("calculator: Pyodide starting"),
               modules: m("calculator: Python modules loading"),
               start: mark("calculator-start"), ready: mark("calculator-ready") };
    }""")
    (worker,), (pyodide,), (modules,) = got["worker"], got["pyodide"], got["modules"]
    assert worker[0] == pytest.approx(got["start"])
    for before, after in ((worker, pyodide), (pyodide, modules)):
        assert after[0] == pytest.approx(before[0] + before[1], abs=1)
    assert pyodide[1] > 0 and modules[1] > 0
    assert got["start"] < modules[0] + modules[1] <= got["ready"] + 1


def test_the_calendar_file_has_an_all_day_event_for_each_computed_deadline(shared):
    page, external, errors = shared
    slug, stage, start = "safeguarding-children-partnership", "1", "2026-12-23"
    ask(page, fragment(slug, stage, start))
    page.wait_for_selector("[data-calc-result] time")
    with page.expect_download() as info:
        page.click("[data-calc-ics]")
    download = info.value
    assert download.suggested_filename.endswith(".ics")
    raw = Path(download.path()).read_bytes()
    text = raw.decode("utf-8")
    assert "\r\n" in text and "\n" not in text.replace("\r\n", "")
    assert all(len(line.encode("utf-8")) <= 75 for line in text.split("\r\n"))
    unfolded = text.replace("\r\n ", "")
    lines = unfolded.split("\r\n")
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-2] == "END:VCALENDAR"
    # Both readings of "48 hours (2 working days)" from 23 December 2026: 25 and 29 December.
    want = [day.replace("-", "") for day in expected_dates({**expected(slug, stage, start), "timeline": []})]
    assert sorted(want) == ["20261225", "20261229"]
    starts = [line.split(":", 1)[1] for line in lines if line.startswith("DTSTART;VALUE=DATE:")]
    assert starts == want
    assert unfolded.count("BEGIN:VEVENT") == len(want)
    events = unfolded.split("BEGIN:VEVENT")[1:]
    for event in events:
        assert "\r\nUID:" in event and "\r\nDTSTAMP:" in event and "\r\nSUMMARY:" in event
    assert not external and not errors


def test_print_shows_the_answer_alone(shared):
    page, external, errors = shared
    ask(page, fragment("lscp", "1", "2026-01-09"))
    page.wait_for_selector("[data-calc-result] time")
    page.evaluate("document.documentElement.classList.add('calc-print-answer')")
    page.emulate_media(media="print")
    try:
        assert page.is_visible("[data-calc-result] time")
        assert page.is_hidden("[data-calc-form]")
        assert page.is_hidden("[data-calc-print]")
        # Hidden from print with display:none, so it takes no space on the paper.
        assert page.eval_on_selector("h1", "el => getComputedStyle(el).display") == "none"
        assert page.eval_on_selector("[data-calc-form]", "el => getComputedStyle(el).display") == "none"
    finally:  # the shared page back on screen
        page.emulate_media(media="null")
        page.evaluate("document.documentElement.classList.remove('calc-print-answer')")
    assert not external and not errors
