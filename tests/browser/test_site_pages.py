"""Every page type of the built handbook in Chromium: no request to another
host, no Content-Security-Policy violation, no axe-core violation (WCAG 2.2
AA), usable by keyboard, searchable offline, and a partnership page that
prints its flowchart whole on one A4 page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from calculator.model import Protocol
from tests.support.browser import block_other_hosts

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
PROTOCOLS = [Protocol.from_dict(yaml.safe_load(p.read_text(encoding="utf-8")))
             for p in sorted((ROOT / "protocols").glob("*.yaml"))]

PAGES = (["", "compare/", "counting/", "calculator/", "forms/", "publishing/"]
         + [f"partnerships/{p.slug}/" for p in PROTOCOLS]
         + ["sources-review/"] + [f"sources-review/{p.slug}/" for p in PROTOCOLS]
         + [f"forms/{p.slug}-{f.id}/" for p in PROTOCOLS for f in p.forms])

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


@pytest.fixture
def csp_free_page(browser, site_url):
    """A page that ignores the site's CSP, so that axe-core can be injected;
    requests to other hosts are still blocked and recorded."""
    ctx = browser.new_context(bypass_csp=True)
    pg = ctx.new_page()
    pg.external_requests = block_other_hosts(pg, site_url)
    yield pg
    ctx.close()


def _axe(page) -> list[dict]:
    if not AXE.is_file():
        pytest.fail(f"axe-core is missing: run `npm install` ({AXE.relative_to(ROOT)})")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS)
    return result["violations"]


def _readable(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']}")
        for node in v["nodes"][:5]:
            lines.append(f"    {' '.join(node['target'])}: {node['failureSummary'].splitlines()[-1].strip()}")
    return "\n".join(lines)


@pytest.mark.parametrize("path", PAGES)
def test_page_makes_no_request_elsewhere_and_breaks_no_csp_rule(page, site_url, path):
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if "Content Security Policy" in m.text
            or "Refused to" in m.text else None)
    page.goto(site_url + path, wait_until="load")
    page.wait_for_timeout(300)
    assert page.external_requests == []
    assert problems == []
    storage = page.evaluate("() => [localStorage.length, sessionStorage.length, document.cookie]")
    assert storage == [0, 0, ""], storage


#: A desktop window, and a short one (a laptop with the page zoomed), where
#: the theme scrolls the sidebars to the current page and a link can end up
#: under a sticky title.
WINDOWS = {"1280x720": {"width": 1280, "height": 720}, "1280x500": {"width": 1280, "height": 500}}


@pytest.mark.parametrize("window", WINDOWS)
@pytest.mark.parametrize("path", PAGES)
def test_page_has_no_axe_core_violations(csp_free_page, site_url, path, window):
    page = csp_free_page
    page.set_viewport_size(WINDOWS[window])
    page.goto(site_url + path, wait_until="load")
    violations = _axe(page)
    assert violations == [], "\n" + _readable(violations)
    assert page.external_requests == []


def test_search_results_work_offline_and_have_no_axe_violations(csp_free_page, site_url):
    page = csp_free_page
    page.goto(site_url, wait_until="load")
    page.locator("label.md-search__icon, .md-search__input").first.click()
    page.locator("input.md-search__input").press_sequentially("mediation", delay=20)
    first = page.locator(".md-search-result__item").first
    first.wait_for(state="visible", timeout=10_000)
    assert "mediation" in page.locator(".md-search-result").inner_text().lower()
    violations = _axe(page)
    assert violations == [], "\n" + _readable(violations)
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


@pytest.mark.parametrize("protocol", PROTOCOLS, ids=lambda p: p.slug)
def test_the_flowchart_prints_whole_on_one_a4_page(page, site_url, protocol):
    """Print layout at the printable width of A4: the figure starts a page of
    its own and is no taller than that page; Chromium's own A4 PDF agrees
    (its page count is what the layout predicts)."""
    printable_w = (A4_WIDTH_MM - 2 * MARGIN_MM) * PX_PER_MM
    printable_h = (A4_HEIGHT_MM - 2 * MARGIN_MM) * PX_PER_MM
    page.set_viewport_size({"width": int(printable_w), "height": int(printable_h)})
    page.goto(site_url + f"partnerships/{protocol.slug}/", wait_until="load")
    page.emulate_media(media="print")
    box = page.evaluate("""() => {
        const f = document.querySelector('figure.flowchart'), s = f.querySelector('svg');
        const cs = getComputedStyle(f), r = s.getBoundingClientRect();
        return {svgH: r.height, svgW: r.width, breakBefore: cs.breakBefore,
                breakInside: cs.breakInside, headerShown: getComputedStyle(
                    document.querySelector('.md-header')).display !== 'none'};
    }""")
    assert box["breakBefore"] == "page" and box["breakInside"] == "avoid", box
    assert not box["headerShown"]
    assert 0 < box["svgH"] <= printable_h, f"flowchart {box['svgH']:.0f}px > page {printable_h:.0f}px"
    assert box["svgW"] <= printable_w + 1
    assert box["svgH"] > 0.3 * printable_h, "the flowchart is printed too small to read"

    pdf = page.pdf(format="A4", prefer_css_page_size=True, print_background=True)
    pages = len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf))
    media = re.search(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", pdf)
    assert abs(float(media.group(1)) - 595.3) < 1 and abs(float(media.group(2)) - 841.9) < 1
    # The same page without the flowchart must print exactly one page fewer:
    # the figure takes one page, never two.
    page.evaluate("document.querySelector('figure.flowchart > .flowchart-scroll').remove()")
    without = page.pdf(format="A4", prefer_css_page_size=True, print_background=True)
    pages_without = len(re.findall(rb"/Type\s*/Page(?![s\w])", without))
    assert pages - pages_without == 1, (pages, pages_without)


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
        pg.on("requestfailed", lambda r: failed.append(f"failed {r.url}"))
        slug = PROTOCOLS[0].slug
        pg.goto(url + f"partnerships/{slug}/", wait_until="load")
        pg.locator("a[href$='compare/']").first.click()
        pg.wait_for_load_state("load")
        assert pg.url == url + "compare/"
        assert failed == []
        ctx.close()
