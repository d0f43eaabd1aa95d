"""Every page type of the built handbook in Chromium: no request to another
host, no Content-Security-Policy violation, no axe-core violation (WCAG 2.2
AA), usable by keyboard, searchable offline, and a partnership page that
prints its flowchart whole on one A4 page."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlparse

import pytest
import yaml
from playwright.sync_api import expect

from calculator.model import Protocol
from tests.support import axe
from tests.support.page_checks import no_problems, watch

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
PROTOCOLS = [
    Protocol.from_dict(yaml.safe_load(p.read_text(encoding="utf-8")))
    for p in sorted((ROOT / "protocols").glob("*.yaml"))
]

PAGES = (
    ["", "compare/", "counting/", "glossary/", "calculator/", "forms/", "publishing/", "whats-new/"]
    + [f"partnerships/{p.slug}/" for p in PROTOCOLS]
    + [f"whats-new/{p.slug}/" for p in PROTOCOLS]
    + ["sources-review/"]
    + [f"sources-review/{p.slug}/" for p in PROTOCOLS]
    + [f"forms/{p.slug}-{f.id}/" for p in PROTOCOLS for f in p.forms]
)

#: A desktop window, and a short one (a laptop with the page zoomed), where
#: the theme scrolls the sidebars to the current page and a link can end up
#: under a sticky title; a phone, which no page may be wider than.
SHORT = {"width": 1280, "height": 500}
TALL = {"width": 1280, "height": 720}
PHONE = {"width": 390, "height": 844}


def _overflow(page) -> dict:
    return page.evaluate("""() => {
        const d = document.documentElement;
        const wide = [...document.querySelectorAll('.md-content *')].filter(e => {
            const r = e.getBoundingClientRect();
            if (!r.width || r.right <= d.clientWidth + 1) return false;
            for (let p = e.parentElement; p; p = p.parentElement) {
                const o = getComputedStyle(p).overflowX;
                if (o === 'auto' || o === 'scroll' || o === 'hidden') return false;
            }
            return true;
        }).slice(0, 3).map(e => e.tagName + '.' + e.className);
        return {scroll: d.scrollWidth, client: d.clientWidth, wide};
    }""")


@pytest.mark.parametrize("path", PAGES)
def test_each_page_asks_no_other_host_keeps_its_csp_passes_axe_and_fits_a_phone(page, site_url, path):
    """One visit per page, under the site's own headers: opened in the short
    window, checked by axe-core there and in the tall one, then narrowed to a
    phone; all along it asks no other host for anything, breaks no rule of
    its Content-Security-Policy, meets no server or script error and stores
    nothing."""
    seen = watch(page)
    page.set_viewport_size(SHORT)
    page.goto(site_url + path, wait_until="load")
    found = {"1280x500": axe.violations(page)}
    page.set_viewport_size(TALL)
    found["1280x720"] = axe.violations(page)
    page.set_viewport_size(PHONE)
    wide = _overflow(page)
    problems = seen.problems(page)
    assert no_problems(problems), problems
    for window, violations in found.items():
        assert violations == [], f"at {window}:\n" + axe.readable(violations)
    assert wide["scroll"] <= wide["client"] and wide["wide"] == [], wide


def test_search_results_work_offline_and_have_no_axe_violations(page, site_url):
    page.goto(site_url, wait_until="load")
    page.locator("label.md-search__icon, .md-search__input").first.click()
    page.locator("input.md-search__input").press_sequentially("mediation", delay=20)
    first = page.locator(".md-search-result__item").first
    first.wait_for(state="visible", timeout=10_000)
    assert "mediation" in page.locator(".md-search-result").inner_text().lower()
    axe.assert_none(page)
    assert page.external_requests == []


def _focus(page) -> dict:
    return page.evaluate("""() => {
        const e = document.activeElement, s = getComputedStyle(e);
        const r = e.getBoundingClientRect();
        return {cls: e.className || '', tag: e.tagName, inMain: !!e.closest('.md-content'),
                outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2,
                shadow: s.boxShadow !== 'none', visible: r.width > 0 && r.height > 0,
                href: e.getAttribute('href') || ''};
    }""")


@pytest.mark.parametrize("path", ["", f"partnerships/{PROTOCOLS[0].slug}/", "compare/", "counting/"])
def test_tab_reaches_the_skip_link_first_then_the_main_content_with_a_visible_focus(page, site_url, path):
    page.goto(site_url + path, wait_until="load")
    page.keyboard.press("Tab")
    first = _focus(page)
    assert "md-skip" in first["cls"], first
    assert first["visible"] and (first["outline"] or first["shadow"]), first
    page.keyboard.press("Enter")
    for _ in range(3):
        page.keyboard.press("Tab")
        now = _focus(page)
        if now["inMain"]:
            break
    assert now["inMain"], now
    assert now["visible"] and (now["outline"] or now["shadow"]), now


A4_WIDTH_MM, A4_HEIGHT_MM, MARGIN_MM = 210, 297, 15
PX_PER_MM = 96 / 25.4
MAX_PRINTED_PAGES = 4


def _pdf_pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf))


@pytest.mark.parametrize("protocol", PROTOCOLS, ids=lambda p: p.slug)
def test_the_flowchart_prints_whole_and_kept_with_its_heading(page, site_url, protocol):
    """Print layout at the printable width of A4: the figure may not be split
    and its heading may not be left at the foot of a page; the chart fits one
    page and is large enough to read; what print leaves out is taken out of
    the layout (display: none), not just made invisible."""
    printable_w = (A4_WIDTH_MM - 2 * MARGIN_MM) * PX_PER_MM
    printable_h = (A4_HEIGHT_MM - 2 * MARGIN_MM) * PX_PER_MM
    page.set_viewport_size({"width": int(printable_w), "height": int(printable_h)})
    page.goto(site_url + f"partnerships/{protocol.slug}/", wait_until="load")
    page.emulate_media(media="print")
    box = page.evaluate("""() => {
        const f = document.querySelector('figure.flowchart'), s = f.querySelector('svg');
        const h = document.getElementById('flowchart');
        const r = s.getBoundingClientRect();
        const hidden = ['.md-header', '.md-sidebar', '[data-calculator]', 'details.source-details']
            .map(sel => [...document.querySelectorAll(sel)]).flat();
        return {svgH: r.height, svgW: r.width, figureBreakInside: getComputedStyle(f).breakInside,
                headingBreakAfter: getComputedStyle(h).breakAfter,
                headingBeforeFigure: (() => {  // the next box print lays out after the heading
                    let n = h.nextElementSibling;
                    while (n && getComputedStyle(n).display === 'none') n = n.nextElementSibling;
                    return n === f; })(),
                hiddenBy: [...new Set(hidden.map(e => getComputedStyle(e).display))],
                invisible: [...document.querySelectorAll('body *')].filter(
                    e => getComputedStyle(e).visibility === 'hidden' && e.getClientRects().length
                         && e.getBoundingClientRect().height > 0).length};
    }""")
    assert box["figureBreakInside"] == "avoid", box
    assert box["headingBreakAfter"] == "avoid" and box["headingBeforeFigure"], box
    assert box["hiddenBy"] == ["none"], box
    assert box["invisible"] == 0, box
    assert 0.3 * printable_h < box["svgH"] <= printable_h, box
    assert box["svgW"] <= printable_w + 1

    pdf = page.pdf(format="A4", prefer_css_page_size=True, print_background=True)
    media = re.search(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", pdf)
    assert abs(float(media.group(1)) - 595.3) < 1 and abs(float(media.group(2)) - 841.9) < 1
    # The heading and the whole chart fit one A4 page together, so the break
    # rules above can keep them together: printed alone, they take one page.
    page.evaluate("""() => {
        const keep = [document.getElementById('flowchart'), document.querySelector('figure.flowchart')];
        for (const e of document.querySelector('.md-content__inner').children)
            if (!keep.includes(e)) e.style.setProperty('display', 'none', 'important');
    }""")
    alone = page.pdf(format="A4", prefer_css_page_size=True, print_background=True)
    assert _pdf_pages(pdf) >= 1 and _pdf_pages(alone) == 1


@pytest.mark.parametrize("protocol", PROTOCOLS, ids=lambda p: p.slug)
def test_a_partnership_page_prints_on_at_most_four_a4_pages(page, site_url, protocol):
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(site_url + f"partnerships/{protocol.slug}/", wait_until="load")
    page.emulate_media(media="print")
    pdf = page.pdf(format="A4", prefer_css_page_size=True, print_background=True)
    pages = _pdf_pages(pdf)
    assert 1 <= pages <= MAX_PRINTED_PAGES, f"{protocol.slug}: {pages} A4 pages"
    # The printout says it is a summary and what it leaves out.
    assert page.locator(".print-only").first.is_visible()


def test_screenshots_of_a_partnership_page_and_its_flowchart(page, site_url, tmp_path_factory):
    """Kept for a person to look at: tests/…/screens/*.png under pytest's tmp."""
    out = tmp_path_factory.mktemp("screens")
    page.set_viewport_size({"width": 1280, "height": 900})
    slug = "lscp" if any(p.slug == "lscp" for p in PROTOCOLS) else PROTOCOLS[0].slug
    page.goto(site_url + f"partnerships/{slug}/", wait_until="load")
    page.screenshot(path=str(out / "page.png"))
    figure = page.locator("figure.flowchart svg")
    figure.screenshot(path=str(out / "flowchart.png"))
    assert (out / "flowchart.png").stat().st_size > 10_000


def test_the_site_works_from_a_sub_path_because_every_link_is_relative(browser, site_dir):
    from tests.support.server import SiteServer

    with SiteServer(site_dir, prefix="/intranet/handbook/") as url:
        ctx = browser.new_context()
        pg = ctx.new_page()
        failed: list[str] = []
        pg.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
        # A request the browser itself gave up (leaving the page cancels the
        # calculator's downloads; its cache-only probe for a saved start-up
        # misses on a first visit) is not a broken link.
        pg.on(
            "requestfailed",
            lambda r: (
                failed.append(f"failed {r.url}: {r.failure}")
                if r.failure not in ("net::ERR_ABORTED", "net::ERR_CACHE_MISS")
                else None
            ),
        )
        slug = PROTOCOLS[0].slug
        pg.goto(url + f"partnerships/{slug}/", wait_until="load")
        pg.locator("a[href$='compare/']").first.click()
        pg.wait_for_load_state("load")
        assert pg.url == url + "compare/"
        assert failed == []
        ctx.close()


# --------------------------------------------------------- what a reader sees first

DESKTOP = {"width": 1280, "height": 800}
#: The calculator's form fields; the first one shown is what a reader fills in first.
FIELDS = "[data-calculator] form :is(select, input, textarea)"


def _top_and_bottom(page, selector: str) -> dict:
    return page.eval_on_selector(
        selector,
        """e => {
        const r = e.getBoundingClientRect();
        return {top: r.top + scrollY, bottom: r.bottom + scrollY};
    }""",
    )


#: The tallest partnership page at 1280x800 with every step closed: Staffordshire's
#: measured 7,614 px (17,950 px before the step-by-step list); the bound leaves
#: room for a longer procedure, not for the stages said twice again.
MAX_PAGE_HEIGHT = 9_000


def _reminder_first(page, protocol, window) -> None:
    """The child-protection reminder shows on the first screen, in the
    source's words where the source gives them, else as the handbook's note."""
    box = page.locator(".md-content .child-protection")
    expect(box).to_be_visible()
    where = _top_and_bottom(page, ".md-content .child-protection")
    assert where["bottom"] <= window["height"], where
    text = box.inner_text()
    if protocol.child_protection:
        assert text.startswith("Child protection, in the source's words:")
    else:
        assert text.startswith("Handbook note") and "follow your child protection procedures now" in text


@pytest.mark.parametrize("protocol", PROTOCOLS, ids=lambda p: p.slug)
def test_on_a_desktop_the_reminder_and_the_steps_come_first_and_the_calculator_within_three_screens(
    page, site_url, protocol
):
    page.set_viewport_size(DESKTOP)
    page.goto(site_url + f"partnerships/{protocol.slug}/", wait_until="load")
    _reminder_first(page, protocol, DESKTOP)
    first = _top_and_bottom(page, "ol.steps > li.step:first-child .who")
    assert 0 < first["top"] and first["bottom"] <= DESKTOP["height"], first
    steps = _top_and_bottom(page, ".stage-summary")
    field = page.eval_on_selector_all(
        FIELDS,
        """all => {
        const shown = all.filter(e => e.getClientRects().length);
        const r = shown[0].getBoundingClientRect();
        return {top: r.top + scrollY, bottom: r.bottom + scrollY};
    }""",
    )
    assert steps["bottom"] < field["top"] and field["bottom"] <= 3 * DESKTOP["height"], field
    assert page.evaluate("document.documentElement.scrollHeight") <= MAX_PAGE_HEIGHT


#: Every table cell's text wraps at spaces or hyphens: a word split over two
#: lines ("(urgen / t)") shows as a line box narrower than the word.
_BROKEN_WORDS = """() => {
    const out = [];
    for (const cell of document.querySelectorAll('.md-content table :is(td, th)')) {
        if (!cell.getClientRects().length) continue;  // not shown (a fallback table)
        const s = getComputedStyle(cell);
        if (s.wordBreak === 'break-all' || s.overflowWrap === 'anywhere'
            || s.overflowWrap === 'break-word' || s.wordBreak === 'break-word') {
            out.push(cell.textContent.trim().slice(0, 40) + ' [' + s.wordBreak + '/' + s.overflowWrap + ']');
            continue;
        }
        if (cell.getBoundingClientRect().width && cell.scrollWidth > cell.clientWidth + 1)
            out.push(cell.textContent.trim().slice(0, 40) + ' [overflows]');
    }
    return out;
}"""


@pytest.mark.parametrize("protocol", PROTOCOLS, ids=lambda p: p.slug)
def test_on_a_phone_a_partnership_page_reads_first_things_first_and_every_step_works_by_keyboard(
    page, site_url, protocol
):
    """At 390x844: the reminder and the first step's heading on the first
    screen; table cells broken only between words; the flowchart in a
    labelled region of its own that says it scrolls; each step opened and
    closed from the keyboard, and opened by a link to a part of it; axe-core
    with every step and the source's words open."""
    page.set_viewport_size(PHONE)
    url = site_url + f"partnerships/{protocol.slug}/"
    page.goto(url, wait_until="load")
    _reminder_first(page, protocol, PHONE)
    heading = _top_and_bottom(page, "ol.steps > li.step:first-child h3")
    assert heading["bottom"] <= PHONE["height"], heading
    assert page.evaluate(_BROKEN_WORDS) == []

    region = page.locator("figure.flowchart .flowchart-scroll")
    assert region.get_attribute("role") == "region" and region.get_attribute("tabindex") == "0"
    assert region.get_attribute("aria-label")
    sizes = region.evaluate("e => ({scroll: e.scrollWidth, client: e.clientWidth})")
    cue = page.locator("figure.flowchart .scroll-cue")
    if sizes["scroll"] > sizes["client"]:
        assert cue.is_visible() and "scroll" in cue.inner_text().lower()

    steps = page.locator("ol.steps > li.step")
    assert steps.count() == len(protocol.stages)
    last = steps.last
    toggle, detail = last.locator("details.step-details > summary"), last.locator(".stage-what")
    expect(detail).to_be_hidden()
    toggle.focus()
    page.keyboard.press("Enter")
    expect(detail).to_be_visible()
    assert last.locator("details.step-details").evaluate("d => d.open")
    page.keyboard.press("Space")
    expect(detail).to_be_hidden()
    # A link to a part of a step opens it (the source review's "used here" links).
    page.goto(url + f"#stage-{protocol.stages[-1].id}-what", wait_until="load")
    expect(detail).to_be_visible()

    page.evaluate(
        "document.querySelectorAll('details.source-details, details.step-details').forEach(d => d.open = true)"
    )
    axe.assert_none(page, "with every step and the source's words open")
    page.set_viewport_size(DESKTOP)
    assert not cue.is_visible()


@pytest.mark.parametrize("protocol", PROTOCOLS[:1], ids=lambda p: p.slug)
def test_the_way_to_the_stage_picker_by_keyboard_is_three_keys_after_the_skip_link(page, site_url, protocol):
    page.set_viewport_size(DESKTOP)
    page.goto(site_url + f"partnerships/{protocol.slug}/", wait_until="load")
    page.keyboard.press("Tab")
    assert "md-skip" in _focus(page)["cls"]
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    link = _focus(page)
    assert link["href"] == "#deadlines" and link["visible"] and (link["outline"] or link["shadow"]), link
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('[data-calculator]') !== null")
    assert page.evaluate("document.activeElement.matches('select, input')")


def _home_filter(page, site_url):
    page.goto(site_url, wait_until="load")
    box = page.locator("[data-filter]")
    box.wait_for(state="visible")
    return page.locator("#partnership-filter")


def test_the_home_page_filter_finds_a_partnership_by_its_area_and_says_how_many(page, site_url):
    field = _home_filter(page, site_url)
    items = page.locator(".partnership-list li")
    total = items.count()
    assert total == len(PROTOCOLS)
    for protocol in PROTOCOLS:
        for area in protocol.areas:
            field.fill(area.name)
            shown = page.locator(".partnership-list li:not([hidden])")
            assert [shown.nth(i).get_attribute("data-filter-key") for i in range(shown.count())] == [protocol.slug]
            assert page.locator("#partnership-filter-count").inner_text() == f"1 of {total} partnerships shown"
    field.fill("nowhere-at-all")
    assert page.locator(".partnership-list li:not([hidden])").count() == 0
    assert "No partnerships match" in page.locator("#partnership-filter-count").inner_text()
    field.fill("")
    assert page.locator(".partnership-list li:not([hidden])").count() == total
    assert page.locator("#partnership-filter-count").inner_text() == ""


def test_without_javascript_the_home_page_lists_every_partnership_and_no_filter(browser, site_url):
    ctx = browser.new_context(java_script_enabled=False)
    pg = ctx.new_page()
    pg.goto(site_url, wait_until="load")
    assert pg.locator(".partnership-list li").count() == len(PROTOCOLS)
    assert not pg.locator("[data-filter]").is_visible()
    ctx.close()


def test_the_comparison_filter_keeps_a_partnership_s_rows_in_every_stage_table(page, site_url):
    page.goto(site_url + "compare/", wait_until="load")
    page.locator("[data-filter]").wait_for(state="visible")
    salford = next(p for p in PROTOCOLS if p.areas and len(p.stages) < max(len(q.stages) for q in PROTOCOLS))
    page.fill("#compare-filter-input", salford.areas[0].name)
    rows = page.locator("tr[data-filter-item]:not([hidden])")
    keys = {rows.nth(i).get_attribute("data-filter-key") for i in range(rows.count())}
    assert keys == {salford.slug}
    assert rows.count() == 1 + len(salford.stages)  # the overview row and one per stage
    # A stage table with no row left is hidden with its heading.
    numbers = {s.number or s.id for s in salford.stages}
    for section in page.locator(".compare-section").all():
        number = section.locator("h2").get_attribute("id").removeprefix("stage-")
        assert section.is_visible() == (number in numbers), number


@pytest.mark.parametrize("query, slug", [("Stoke-on-Trent", "staffordshire-stoke-on-trent"), ("Salford", "salford")])
def test_site_search_finds_a_partnership_by_an_area_it_covers(page, site_url, query, slug):
    protocol = next(p for p in PROTOCOLS if p.slug == slug)
    assert any(a.name == query for a in protocol.areas), "the protocol file no longer names this area"
    page.goto(site_url, wait_until="load")
    page.locator("label.md-search__icon, .md-search__input").first.click()
    page.locator("input.md-search__input").press_sequentially(query, delay=20)
    first = page.locator(".md-search-result__item").first
    # Results show while the query is typed, and a part of it ("Stoke") may rank
    # another page first: wait for the results of the whole query (the theme's
    # links carry the query's words in `h=`, "stoke+trent" once "Trent" is in)
    # and for the first of them to be the partnership's page.
    last_word = re.escape(query.split("-")[-1].lower())
    expect(first.locator("a").first).to_have_attribute(
        "href", re.compile(rf"partnerships/{re.escape(slug)}/?\?h=[^#]*\b{last_word}\b[^#]*(#.*)?$"), timeout=10_000
    )
    href = urlparse(first.locator("a").first.get_attribute("href"))
    assert href.path.rstrip("/").endswith(f"partnerships/{slug}"), href
    assert query.split("-")[0].lower() in first.inner_text().lower()


STATES = {
    "home filtered": ("", "#partnership-filter", "Stoke"),
    "home filtered to nothing": ("", "#partnership-filter", "nowhere-at-all"),
    "comparison filtered": ("compare/", "#compare-filter-input", "Salford"),
}


@pytest.mark.parametrize("state", STATES)
def test_the_filtered_lists_have_no_axe_core_violations(page, site_url, state):
    path, field, typed = STATES[state]
    page.goto(site_url + path, wait_until="load")
    page.locator(field).fill(typed)
    axe.assert_none(page)


# --------------------------------------------------------- finding a partnership, choosing some to compare

SIZES = {"1280x800": DESKTOP, "390x844": PHONE}


@pytest.mark.parametrize("size", SIZES)
def test_the_home_page_finder_is_on_the_first_screen(page, site_url, size):
    page.set_viewport_size(SIZES[size])
    field = _home_filter(page, site_url)
    box = field.bounding_box()
    assert box["y"] >= 0 and box["y"] + box["height"] <= SIZES[size]["height"], box


@pytest.mark.parametrize("size", SIZES)
def test_a_search_with_no_match_lists_every_partnership_and_says_to_ask_your_safeguarding_lead(page, site_url, size):
    page.set_viewport_size(SIZES[size])
    field = _home_filter(page, site_url)
    field.fill("Leeds")
    status = page.locator("#partnership-filter-count")
    assert status.get_attribute("aria-live") == "polite"
    assert status.inner_text() == (
        f"No partnerships match \u201cLeeds\u201d. All {len(PROTOCOLS)} that the handbook covers are listed below,"
        " with what to do."
    )
    panel = page.locator("#partnership-filter-none")
    expect(panel).to_be_visible()
    assert f"covers these {len(PROTOCOLS)} partnerships" in panel.inner_text()
    links = panel.locator("a")
    assert sorted(links.nth(i).inner_text() for i in range(links.count())) == sorted(p.name for p in PROTOCOLS)
    note = panel.locator(".handbook-note")
    expect(note.locator(".admonition-title")).to_have_text("Handbook note")
    assert "ask your safeguarding lead" in note.inner_text()
    field.fill("Salford")
    expect(panel).to_be_hidden()


def test_without_javascript_the_no_match_panel_and_the_choice_stay_hidden(browser, site_url):
    ctx = browser.new_context(java_script_enabled=False)
    pg = ctx.new_page()
    pg.goto(site_url, wait_until="load")
    assert not pg.locator("#partnership-filter-none").is_visible()
    pg.goto(site_url + "compare/#with=cscp,salford", wait_until="load")
    assert not pg.locator("[data-compare-choice]").is_visible()
    assert pg.locator("tr[data-compare-row]").count() == len(PROTOCOLS)
    ctx.close()


def _side_by_side(page) -> dict:
    return page.eval_on_selector(
        "[data-compare-side] table",
        """t => ({
            columns: [...t.querySelectorAll('thead th')].map(th => th.textContent.trim()),
            stages: [...t.querySelectorAll('tbody th[scope=rowgroup]')].map(th => th.textContent.trim()),
            cells: [...t.querySelectorAll('tbody tr:nth-child(2)')].map(tr => tr.cells.length),
            wider: t.closest('.table-scroll').scrollWidth > t.closest('.table-scroll').clientWidth + 1,
        })""",
    )


@pytest.mark.parametrize("size", SIZES)
def test_choosing_two_partnerships_shows_exactly_those_two_side_by_side_stage_by_stage(page, site_url, size):
    page.set_viewport_size(SIZES[size])
    page.goto(site_url + "compare/", wait_until="load")
    offered = page.locator("[data-compare-choice] input").evaluate_all("boxes => boxes.map(b => b.value)")
    assert sorted(offered) == sorted(p.slug for p in PROTOCOLS)
    by_slug = {p.slug: p for p in PROTOCOLS}
    chosen = [by_slug[offered[1]], by_slug[offered[3]]]  # in the page's order, as the columns are
    for p in chosen:
        page.get_by_role("checkbox", name=p.name, exact=True).check()
    side = page.locator("[data-compare-side]")
    expect(side).to_be_visible()
    shown = _side_by_side(page)
    assert shown["columns"] == [p.name for p in chosen]
    most = max(len(p.stages) for p in PROTOCOLS)
    assert len(shown["stages"]) == len(page.locator(".compare-section").all()) >= most
    assert set(shown["cells"]) == {2}
    assert not shown["wider"], "two partnerships side by side fit the screen"
    assert page.url.endswith("#with=" + ",".join(p.slug for p in chosen))
    expect(page.locator("#compare-choice-count")).to_have_text(
        f"{chosen[0].name} and {chosen[1].name} are shown side by side below."
    )
    page.get_by_role("checkbox", name=chosen[0].name, exact=True).uncheck()
    assert _side_by_side(page)["columns"] == [chosen[1].name]
    assert page.url.endswith(f"#with={chosen[1].slug}")


@pytest.mark.parametrize("size", SIZES)
def test_the_address_s_fragment_restores_the_choice(page, site_url, size):
    page.set_viewport_size(SIZES[size])
    chosen = [p for p in PROTOCOLS if p.slug in ("cscp", "salford")]
    page.goto(site_url + "compare/#with=cscp,salford", wait_until="load")
    expect(page.locator("[data-compare-side]")).to_be_visible()
    assert _side_by_side(page)["columns"] == [p.name for p in chosen]
    for p in PROTOCOLS:
        box = page.get_by_role("checkbox", name=p.name, exact=True)
        assert box.is_checked() == (p in chosen), p.slug


CHOICE_STATES = {
    "home, no match (desktop)": ("", DESKTOP),
    "home, no match (phone)": ("", PHONE),
    "comparison, two chosen (desktop)": ("compare/#with=cscp,salford", DESKTOP),
    "comparison, two chosen (phone)": ("compare/#with=cscp,salford", PHONE),
    "comparison, filter matches nothing (phone)": ("compare/", PHONE),
}


@pytest.mark.parametrize("state", CHOICE_STATES)
def test_the_finder_and_the_choice_have_no_axe_core_violations(page, site_url, state):
    path, size = CHOICE_STATES[state]
    page.set_viewport_size(size)
    page.goto(site_url + path, wait_until="load")
    if path == "":
        page.fill("#partnership-filter", "Leeds")
        expect(page.locator("#partnership-filter-none")).to_be_visible()
    elif "#with=" in path:
        expect(page.locator("[data-compare-side]")).to_be_visible()
    else:
        page.fill("#compare-filter-input", "Leeds")
        expect(page.locator("#compare-filter-none")).to_be_visible()
    axe.assert_none(page)
