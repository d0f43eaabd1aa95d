"""When the calculator cannot run: WebAssembly blocked or missing, Pyodide's
binary unreachable. The calculator says so plainly, at once, and shows the
timescales in the procedure's own words instead. (A download that stalls
rather than fails is in test_calculator_startup.py.)"""

from __future__ import annotations

from urllib.parse import urlencode

import pytest

from tests.support.browser import abort_requests

pytestmark = pytest.mark.browser

#: A file that fails to arrive ends the start at once, long before the 20 s stall limit.
FAILED_WITHIN_MS = 15_000
#: With no WebAssembly at all there is nothing to wait for.
FAILED_FAST_MS = 5_000

NO_WEBASSEMBLY = "delete globalThis.WebAssembly;"


def fragment(slug: str, stage: str, start: str) -> str:
    return "#" + urlencode({"protocol": slug, "stage": stage, "start": start})


def wait_failed(page, timeout_ms: int) -> None:
    page.wait_for_selector("[data-calculator][data-state='failed']", state="attached", timeout=timeout_ms)


def test_an_unreachable_webassembly_binary_gives_the_failed_state_and_the_timescales(page, site_url):
    wasm_requests = abort_requests(page, "**/*.wasm")
    page.goto(site_url + "calculator/" + fragment("lscp", "1", "2026-01-09"))
    wait_failed(page, FAILED_WITHIN_MS)
    assert wasm_requests, "the test did not block the WebAssembly binary"
    message = page.inner_text("[data-calc-message]")
    assert "The calculator could not start: the network stopped" in message
    assert page.is_visible("[data-calc-retry]")
    assert page.is_visible("[data-calc-fallback] table[data-protocol='lscp']")
    assert page.is_hidden("[data-calc-fallback] table[data-protocol='cscp']")
    assert page.is_hidden("[data-calc-form]")
    assert page.query_selector_all("[data-calc-result] time") == []
    assert not page.external_requests


def test_a_browser_without_webassembly_fails_at_once_with_a_plain_message(context, site_url):
    context.add_init_script(NO_WEBASSEMBLY)
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(site_url + "calculator/" + fragment("salford", "1", "2026-04-02"))
    wait_failed(page, FAILED_FAST_MS)
    assert "cannot run in this browser: WebAssembly is blocked here" in page.inner_text("[data-calc-message]")
    assert page.is_visible("[data-calc-fallback] table[data-protocol='salford']")
    assert not [r for r in requests if "/pyodide/" in r]


def test_a_partnership_page_that_cannot_run_the_calculator_points_to_its_timescales_table(context, site_url):
    context.add_init_script(NO_WEBASSEMBLY)
    page = context.new_page()
    page.goto(site_url + "partnerships/lscp/" + fragment("lscp", "2", "2026-01-09"))
    wait_failed(page, FAILED_FAST_MS)
    assert page.is_visible("#timescales-lscp")
    link = page.locator("[data-calc-message] a[href='#timescales-lscp']")
    assert link.count() == 1
    assert page.is_hidden("[data-calc-form]")


def test_a_content_security_policy_without_wasm_unsafe_eval_fails_instead_of_hanging(browser, site_url):
    """The shipped policy allows WebAssembly; a stricter one set by an intranet
    proxy must not leave the reader waiting for ever."""
    context = browser.new_context()
    page = context.new_page()

    def strict(route):
        response = route.fetch()
        headers = dict(response.headers)
        headers["content-security-policy"] = "default-src 'self'; script-src 'self'; object-src 'none'"
        route.fulfill(response=response, headers=headers)

    page.route("**/calculator/", strict)
    page.goto(site_url + "calculator/" + fragment("lscp", "1", "2026-01-09"))
    wait_failed(page, FAILED_FAST_MS)
    assert "cannot run in this browser: WebAssembly is blocked here" in page.inner_text("[data-calc-message]")
    context.close()
