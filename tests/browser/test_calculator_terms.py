"""The partnership's glossary terms explained where they stand in the
calculator's answer, in Chromium at 1280×800 and 390×844 (touch), as the
site's pages explain them: an abbreviation in <abbr class="gloss">, each with
the engine's line as its title and shown on focus; the first place of each
term in the Tab order, later ones by a tap; nothing inside a link, a summary
or the printed header; a hostile glossary entry stays text; axe finds nothing.

The session's site is copied and LSCP's calculator data is given two more
entries, as a careless or hostile file might hold: one whose meaning is
markup, and one whose letters are a regular expression's."""

from __future__ import annotations

import re

import pytest

from tests.support import axe
from tests.support.calculator_page import fix_today, fragment, open_answer
from tests.support.site_data import served_with_protocol_data

pytestmark = pytest.mark.browser

TODAY = "2026-12-02"
SLUG = "lscp"
VIEWPORTS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}
HOSTILE = [
    {"term": "Step", "means": '<img src="x" onerror="window.hostileScriptRan=true">', "gloss": "handbook"},
    {"term": "(SLO|.*)", "means": "a regular expression's letters", "gloss": "handbook"},
]


@pytest.fixture(scope="module")
def terms_site(site_dir, tmp_path_factory):
    """A copy of the built site whose calculator data gives SLUG the HOSTILE
    entries too, served: its URL and that protocol."""
    root = tmp_path_factory.mktemp("calculator-terms") / "site"

    def with_hostile_terms(data: dict) -> dict:
        return {**data, "glossary": data["glossary"] + HOSTILE}

    with served_with_protocol_data(site_dir, root, SLUG, with_hostile_terms) as served:
        yield served


#: Every explained term of the answer: its text, element, title, tabindex, and
#: whether it stands inside something it must not (a link, a summary, the
#: printed header).
EXPLAINED = """root => [...root.querySelectorAll('.gloss')].map(e => ({
    text: e.textContent, tag: e.tagName.toLowerCase(), title: e.title, gloss: e.dataset.gloss,
    tabindex: e.getAttribute('tabindex'),
    inside: Boolean(e.parentElement.closest('a, summary, button, [aria-hidden="true"]'))}))"""


@pytest.mark.parametrize("viewport", VIEWPORTS, ids=list(VIEWPORTS))
def test_the_answer_explains_the_partnership_s_terms_as_its_pages_do(browser, terms_site, viewport, tmp_path):
    url, protocol = terms_site
    lines = {t.term: t.explanation for t in protocol.glossary}
    context = browser.new_context(viewport=VIEWPORTS[viewport], has_touch=viewport == "phone")
    fix_today(context, TODAY)
    page = context.new_page()
    try:
        open_answer(page, url + f"partnerships/{SLUG}/" + fragment(SLUG, "2", "2026-11-30"))
        answer = page.locator("[data-calc-result] .calc-answer").first
        explained = answer.evaluate(EXPLAINED)
        said = {e["text"] for e in explained}
        assert {"SLO", "LSCP", "Step"} <= said, said
        for e in explained:
            assert e["title"] == e["gloss"] == lines[e["text"]], e
            assert e["tag"] == ("abbr" if e["text"] != "Step" else "span"), e
            assert not e["inside"], e
        # The first place of each term in the Tab order, the later ones by a tap.
        for term in said:
            tabindexes = [e["tabindex"] for e in explained if e["text"] == term]
            assert tabindexes[0] == "0" and set(tabindexes[1:]) <= {"-1"}, (term, tabindexes)
        # The hostile meaning is text in an attribute, never an element; no script ran.
        assert answer.locator("img").count() == 0
        assert page.evaluate("() => window.hostileScriptRan") is None

        # Shown on focus (desktop: the keyboard's focus; phone: a tap).
        slo = answer.locator("abbr.gloss[tabindex='0']", has_text=re.compile(r"^SLO$")).first
        slo.evaluate("e => e.scrollIntoView({block: 'center'})")
        if viewport == "phone":
            slo.tap()
        else:
            slo.focus()
        assert page.evaluate("() => document.activeElement.textContent") == "SLO"
        shown = slo.evaluate("e => getComputedStyle(e, '::after').content")
        assert lines["SLO"] in shown, shown
        page.screenshot(path=str(tmp_path / f"answer-term-{viewport}.png"))
        axe.assert_none(page)
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    finally:
        context.close()
