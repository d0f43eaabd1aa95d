"""The calculator in every browser engine readers use, each test's id naming
the engine (chromium, firefox, webkit: tests/support/engines.py). One browser
start per engine, the session's built site, each test served by a server of
its own (a new origin: a first visit, with an empty HTTP cache), with the
site's own headers (its Content-Security-Policy among them).
"""

from __future__ import annotations

import json
import time

import pytest

from tests.browser.test_calculator import expected, expected_dates
from tests.support.calculator_page import fragment
from tests.support.engines import ENGINES, open_driver
from tests.support.server import SiteServer

pytestmark = pytest.mark.browser

READY_MS = 90_000
FAILED_MS = 30_000
#: WebAssembly blocked by policy is known at once (the issue's bound).
BLOCKED_WITHIN_MS = 2_000
LINK_CASE = ("lscp", "1", "2026-01-09")
PAGE_CASE = ("safeguarding-children-partnership", "2", "2026-12-22")
#: The Content-Security-Policy of an intranet proxy that blocks WebAssembly,
#: sent beside the site's own (a browser applies both).
NO_WASM_POLICY = "default-src 'self'; script-src 'self'; object-src 'none'"

ANSWERED = "() => Number((document.querySelector('[data-calculator]') || {dataset: {}}).dataset.answers || 0) > 0"
SETTLED = """() => { const root = document.querySelector('[data-calculator]');
  return root && root.dataset.state !== 'loading' && root.dataset.state !== 'starting' && root.dataset.state; }"""
WHAT_IS_SHOWN = """() => {
  const ready = performance.getEntriesByName('calculator-ready')[0];
  return {
    path: ready && ready.detail ? ready.detail.path : null,
    readyAt: ready ? performance.timeOrigin + ready.startTime : null,
    dates: Array.from(document.querySelectorAll('[data-calc-result] time'), (t) => t.getAttribute('datetime')),
  };
}"""
#: Errors and policy violations the page meets from now on (every engine,
#: WebKit's WebDriver having no console log to read).
LISTEN = """() => { window.__engineErrors = [];
  for (const type of ['error', 'unhandledrejection', 'securitypolicyviolation']) {
    window.addEventListener(type, (e) => window.__engineErrors.push(type + ': ' +
      (e.message || e.violatedDirective || (e.reason && e.reason.message) || '')));
  }
  return true; }"""
#: An inline script added to the page: it runs as it is added, unless a policy forbids it.
INLINE_RUNS = """() => { const s = document.createElement('script');
  s.textContent = 'window.__inlineRan = true'; document.head.append(s);
  return Boolean(window.__inlineRan); }"""
#: When (performance.now()) the page showed the failed state: polled every 10 ms from the call.
FAILED_AT = """async () => { for (;;) {
  const root = document.querySelector('[data-calculator]');
  if (root && root.dataset.state === 'failed') return {at: performance.now(),
    message: root.querySelector('[data-calc-message]').textContent};
  if (performance.now() > 60000) return null;
  await new Promise((r) => setTimeout(r, 10)); } }"""


@pytest.fixture(scope="module", params=ENGINES)
def engine(request):
    chromium = request.getfixturevalue("browser") if request.param == "chromium" else None
    driver = open_driver(request.param, chromium)
    yield driver
    driver.close()


def shown(engine) -> dict:
    engine.wait(ANSWERED, READY_MS)
    return engine.run(WHAT_IS_SHOWN)


def test_a_shared_link_answers_as_the_engine_does_on_a_first_and_a_repeat_visit(engine, site_dir):
    """First visit: the normal start, no snapshot fetched before the answer;
    repeat visit: from the snapshot where the engine can ask its HTTP cache
    alone (Chromium, Firefox), the normal start in WebKit; same dates."""
    server = SiteServer(site_dir)
    snapshot = json.loads((site_dir / "assets/calculator/manifest.json").read_text())["pyodide"]["snapshot"]["file"]
    with server as url:
        target = url + "calculator/" + fragment(*LINK_CASE)
        engine.goto(target)
        engine.run(LISTEN)
        first = shown(engine)
        assert first["dates"] == expected_dates(expected(*LINK_CASE))
        assert first["path"] == "normal"
        # (The worker asks for it at low priority once it has answered, the answer shown just after.)
        early = [path for at, path in server.requested if snapshot in path and at * 1000 < first["readyAt"]]
        assert early == [], f"{engine.name} fetched the snapshot before it was ready to answer"
        if engine.name == "webkit":  # it cannot ask its cache alone: the snapshot is never fetched
            assert not [path for _, path in server.requested if snapshot in path]
        else:
            engine.wait("() => performance.getEntriesByName('calculator-snapshot-kept').length > 0", READY_MS)
        errors = engine.run("() => window.__engineErrors")
        console = [] if engine.name == "webkit" else engine.errors()  # (WebKit's WebDriver has no log)
        assert engine.run(INLINE_RUNS) is False, "the site's Content-Security-Policy was not applied"
        engine.goto(url)
        engine.goto(target)
        again = shown(engine)
    assert again["dates"] == first["dates"]
    assert again["path"] == ("normal" if engine.name == "webkit" else "snapshot")
    assert errors == []
    assert console == []


def test_a_stage_chosen_and_a_date_entered_on_a_partnership_page_answer_as_the_engine_does(engine, site_dir):
    slug, stage, start = PAGE_CASE
    year, month, day = (str(int(part)) for part in start.split("-"))
    with SiteServer(site_dir) as url:
        engine.goto(url + f"partnerships/{slug}/")
        engine.run("() => { document.querySelector('[data-calculator]').scrollIntoView(); return true; }")
        assert engine.wait(SETTLED, READY_MS) == "ready"  # as a reader's click would not, the test waits
        engine.run(f"""() => {{
          document.querySelector("[data-calc-field='stage'][value='{stage}']").click();
          for (const [part, value] of [['day', '{day}'], ['month', '{month}'], ['year', '{year}']]) {{
            const input = document.querySelector(`[data-calc-group='start'] [data-calc-part='${{part}}']`);
            input.value = value;
            input.dispatchEvent(new Event('input', {{bubbles: true}}));
          }}
          return true; }}""")
        dates = shown(engine)["dates"]
    assert dates == expected_dates(expected(slug, stage, start))


def test_a_network_that_stops_says_so(engine, site_dir):
    with SiteServer(site_dir, drop="*.wasm") as url:
        engine.goto(url + "calculator/" + fragment(*LINK_CASE))
        failed = engine.run(FAILED_AT)
    assert failed, f"{engine.name}: the calculator never failed"
    assert "The calculator could not start: the network stopped" in failed["message"]


def test_webassembly_blocked_by_policy_says_so_at_once(engine, site_dir):
    with SiteServer(site_dir, extra_headers={"Content-Security-Policy": NO_WASM_POLICY}) as url:
        began = time.monotonic()
        engine.goto(url + "calculator/" + fragment(*LINK_CASE))
        failed = engine.run(FAILED_AT)
    assert failed, f"{engine.name}: the calculator never failed ({time.monotonic() - began:.1f} s)"
    assert "cannot run in this browser: WebAssembly is blocked here" in failed["message"]
    assert failed["at"] <= BLOCKED_WITHIN_MS, f"{engine.name}: {failed['at']:.0f} ms after navigation"
