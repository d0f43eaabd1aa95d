"""The site built from hostile files (tests/hostile/site/), served with its own
`_headers` as a web server following docs/publishing.md would: in Chromium no
script from the files runs, none is even refused by the policy (there is no
such script on the page to refuse), and no request leaves for another host."""

from __future__ import annotations

import pytest

from tests.site.test_hostile_site import SLUG
from tests.support.browser import block_other_hosts
from tests.support.calculator_page import fragment, open_answer
from tests.support.server import SiteServer

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def hostile_url(hostile_folder, hostile_site):
    """The session's hostile site (tests/conftest.py), served."""
    scenario = next((hostile_folder / "scenarios").glob("*.yaml")).stem
    with SiteServer(hostile_site) as url:
        yield url, scenario


def _pages(scenario: str) -> list[str]:
    return [
        "",
        f"partnerships/{SLUG}/",
        f"partnerships/{SLUG}/flowchart.html",
        "compare/",
        "calculator/",
        "forms/",
        f"scenarios/{scenario}/",
        f"scenarios/{scenario}/handout.html",
        f"scenarios/{scenario}/presenter.html",
        f"sources-review/{SLUG}/",
        "review-status/",
    ]


def test_no_script_from_the_files_runs_under_the_served_policy(browser, hostile_url):
    url, scenario = hostile_url
    context = browser.new_context()
    page = context.new_page()
    external = block_other_hosts(page, url)
    messages: list[str] = []
    page.on("console", lambda m: messages.append(m.text))
    try:
        for path in _pages(scenario):
            page.goto(url + path, wait_until="load")
            page.wait_for_timeout(200)
            # Pointing at every element would fire any handler an attribute
            # list or raw HTML had added.
            page.evaluate("""() => { for (const el of document.querySelectorAll("body *"))
                                       el.dispatchEvent(new MouseEvent("mouseover", {bubbles: false})); }""")
            assert page.evaluate("() => window.hostileScriptRan") is None, path
            assert (
                page.locator("img[src*='evil.example'], a[href^='javascript:'], [onclick], [onmouseover]").count() == 0
            ), path
            assert "<script>window.hostileScriptRan=true</script>" in page.inner_text("body"), path
    finally:
        context.close()
    refused = [m for m in messages if "Content Security Policy" in m]
    assert refused == []
    assert external == []


def test_search_results_show_the_hostile_text_as_text(browser, hostile_url):
    """The theme's search shows titles and passages as HTML: they come from
    the escaped pages, so they stay text."""
    url, _ = hostile_url
    context = browser.new_context()
    page = context.new_page()
    external = block_other_hosts(page, url)
    try:
        page.goto(url, wait_until="load")
        page.locator("label.md-search__icon, .md-search__input").first.click()
        page.locator("input.md-search__input").press_sequentially("emphasis", delay=20)
        page.locator(".md-search-result__item").first.wait_for(state="visible", timeout=15_000)
        page.evaluate("""() => { for (const el of document.querySelectorAll(".md-search-result *"))
                                   el.dispatchEvent(new MouseEvent("mouseover", {bubbles: false})); }""")
        assert page.evaluate("() => window.hostileScriptRan") is None
        results = page.locator(".md-search-result")
        assert results.locator("img, script, [onmouseover], [onclick], a[href^='javascript:']").count() == 0
        assert "emphasis" in results.inner_text().lower()
    finally:
        context.close()
    assert external == []


def test_the_calculator_s_answer_explains_hostile_glossary_terms_as_text(browser, hostile_url):
    """The answer is drawn in the page from the engine's words, with the
    partnership's glossary terms (every payload in each) wrapped where they
    stand: nodes made from text, never markup."""
    url, _ = hostile_url
    context = browser.new_context()
    page = context.new_page()
    external = block_other_hosts(page, url)
    try:
        open_answer(page, url + f"partnerships/{SLUG}/" + fragment(SLUG, "2", "2026-11-30"))
        answer = page.locator("[data-calc-result] .calc-answer").first
        explained = answer.locator(".gloss")
        assert explained.count() > 0
        assert "<script>window.hostileScriptRan=true</script>" in (explained.first.get_attribute("title") or "")
        page.evaluate("""() => { for (const el of document.querySelectorAll("[data-calc-result] *"))
                                   el.dispatchEvent(new MouseEvent("mouseover", {bubbles: false})); }""")
        assert page.evaluate("() => window.hostileScriptRan") is None
        assert answer.locator("img, script, [onmouseover], [onclick], a[href^='javascript:']").count() == 0
    finally:
        context.close()
    assert external == []
