"""The trainers' and reviewers' pages in the built handbook, in Chromium: each
scenario's walk-through, printable handout and presenter view, each
partnership's full-screen flowchart, the list of scenarios and the review
status page. No axe-core violation (WCAG 2.2 AA), no request to another host,
no Content-Security-Policy violation under the site's own headers; the
presenter steps with the keyboard and highlights the stage of the current
event, and at 1024x768, 1280x720 and 1920x1080 shows every deadline of the
current event inside the screen in type of at least 24px, the whole
flowchart a key away; the full-screen flowchart steps through the stages,
each box across the screen in type of at least 24px; each handout prints on
A4 with the procedure on its first page. A scenario file with a mistake fails
the build with its file, line and column."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from tests.support import axe
from tests.support.cli import handbook_process
from tests.support.page_checks import no_problems, watch

ROOT = Path(__file__).resolve().parents[2]
SCENARIO_FILES = sorted((ROOT / "protocols" / "scenarios").glob("*.yaml"))
SCENARIOS = {p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in SCENARIO_FILES}
PROTOCOL_SLUGS = sorted(p.stem for p in (ROOT / "protocols").glob("*.yaml"))

PAGES = (
    ["scenarios/", "review-status/"]
    + [f"scenarios/{slug}/{name}" for slug in SCENARIOS for name in ("", "handout.html", "presenter.html")]
    + [f"partnerships/{slug}/flowchart.html" for slug in PROTOCOL_SLUGS]
)

#: Projectors a trainer meets: the presenter view and the full-screen flowchart fit each.
SCREENS = [(1024, 768), (1280, 720), (1920, 1080)]
#: The smallest type, in CSS pixels, read from the back of a room.
MIN_TEXT_PX = 24

A4_POINTS = (595.3, 841.9)


def _pdf_pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf))


# In the built folder ------------------------------------------------------------------------
def test_every_partnership_has_a_scenario_with_a_walkthrough_handout_and_presenter_view(site_dir):
    assert {s["protocol"] for s in SCENARIOS.values()} == set(PROTOCOL_SLUGS)
    index = (site_dir / "scenarios" / "index.html").read_text(encoding="utf-8")
    for slug in SCENARIOS:
        folder = site_dir / "scenarios" / slug
        walkthrough = (folder / "index.html").read_text(encoding="utf-8")
        assert 'href="handout.html"' in walkthrough and 'href="presenter.html"' in walkthrough
        assert f'href="{slug}/"' in index
        for name in ("handout.html", "presenter.html"):
            page = (folder / name).read_text(encoding="utf-8")
            # Copied as written: whole pages of their own, not wrapped in the site's theme.
            assert page.startswith("<!doctype html>") and "md-header" not in page
            assert "<script>" not in page


def test_the_navigation_leads_to_the_scenarios_and_the_review_status_but_not_to_a_preview_page(site_dir):
    home = (site_dir / "index.html").read_text(encoding="utf-8")
    assert re.search(r'href="scenarios/"[^>]*>\s*(<[^>]+>\s*)*Training scenarios', home)
    assert re.search(r'href="review-status/"[^>]*>\s*(<[^>]+>\s*)*Review status', home)
    # The page of changes since the last record belongs to `handbook serve` only.
    assert not (site_dir / "changes").exists()
    assert "Changes since the last record" not in home


def test_the_review_status_page_flags_the_overdue_procedures(site_dir):
    page = (site_dir / "review-status" / "index.html").read_text(encoding="utf-8")
    assert page.count('<tr class="review-') == len(PROTOCOL_SLUGS)
    assert 'class="review-overdue"' in page  # Salford's procedure was due for review in 2016


def test_a_broken_scenario_file_fails_the_build_with_path_line_and_column_and_no_traceback(tmp_path):
    folder = tmp_path / "protocols"
    shutil.copytree(ROOT / "protocols", folder)
    broken = folder / "scenarios" / "lscp-urgent-referral-threshold.yaml"
    text = broken.read_text(encoding="utf-8")
    assert text.count('  - stage: "3"\n') == 1
    broken.write_text(text.replace('  - stage: "3"\n', '  - stage: "9"\n'), encoding="utf-8")
    line = next(i for i, t in enumerate(broken.read_text(encoding="utf-8").splitlines(), 1) if t == '  - stage: "9"')
    result = handbook_process("build", "--protocols", str(folder), "--site-dir", str(tmp_path / "site"))
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "Traceback" not in output
    assert re.search(
        rf"^{re.escape(str(broken))}:{line}:\d+: events\[2\]\.stage: no stage '9' in lscp; "
        r"expected one of: ",
        output,
        re.M,
    ), output


# In Chromium ------------------------------------------------------------------------------------
@pytest.mark.browser
@pytest.mark.parametrize("path", PAGES)
def test_trainer_page_asks_no_other_host_keeps_its_csp_and_passes_axe(page, site_url, path):
    """One visit per page under the site's own headers: no request to another
    host, no broken rule of its Content-Security-Policy, no server or script
    error, nothing stored, its own style sheet applied (a handout or presenter
    page brings its own), and no axe-core violation."""
    seen = watch(page)
    page.goto(site_url + path, wait_until="load")
    assert page.evaluate("() => document.styleSheets.length") >= 1
    found = axe.violations(page)
    problems = seen.problems(page)
    assert no_problems(problems), problems
    assert found == [], "\n" + axe.readable(found)


@pytest.mark.browser
@pytest.mark.parametrize("slug", sorted(SCENARIOS))
def test_the_presenter_steps_with_the_arrow_keys_and_highlights_each_event_s_stage(page, site_url, slug):
    stages = [str(e["stage"]) for e in SCENARIOS[slug]["events"]]
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(site_url + f"scenarios/{slug}/presenter.html", wait_until="load")
    # The stage is marked in the row of stages and in the flowchart (shown on demand).
    current = ".presenter-ladder .is-current, [data-presenter-chart] .fc-stage.is-current"
    page.wait_for_selector(current, state="attached")

    def shown() -> tuple[list[str], str, int]:
        marked = page.eval_on_selector_all(current, "els => els.map(e => e.dataset.stage)")
        assert len(marked) == 2 and marked[0] == marked[1], marked
        return (
            marked[:1],
            page.inner_text("[data-presenter-progress]"),
            page.locator(".presenter-event:not([hidden])").count(),
        )

    for i, stage in enumerate(stages):
        if i:
            page.keyboard.press("ArrowRight")
        assert shown() == ([stage], f"Event {i + 1} of {len(stages)}", 1), f"event {i + 1}"
        assert page.get_attribute(current, "aria-current") == "step"
        assert page.evaluate("location.hash") == f"#event-{i + 1}"
    page.keyboard.press("ArrowRight")  # past the last event: stays there
    assert shown()[1] == f"Event {len(stages)} of {len(stages)}"
    page.keyboard.press("ArrowLeft")
    if len(stages) > 1:
        assert shown() == ([stages[-2]], f"Event {len(stages) - 1} of {len(stages)}", 1)
    assert page.external_requests == [] and errors == []


def _print(page, hide: str | None = None) -> bytes:
    """The page printed to PDF as a reader's Chromium does (A4 from the page's own
    @page rule), with the elements matching `hide` left out."""
    if hide:  # through the CSS object model, which the site's CSP allows
        page.eval_on_selector_all(hide, "els => els.forEach(e => e.style.setProperty('display', 'none', 'important'))")
    return page.pdf(format="A4", prefer_css_page_size=True)


#: Upper bounds on a handout's printed pages (procedure 1, case, timeline and
#: questions with room to write 2, answers from a page of their own), as
#: measured with Liberation Sans: every handout prints in 4 pages, the
#: Staffordshire one (five stages, fifteen timescales) in 5.
HANDOUT_PAGES = {"staffordshire-stoke-on-trent-inter-agency-plan": 5}


@pytest.mark.browser
@pytest.mark.parametrize("slug", sorted(SCENARIOS))
def test_the_handout_prints_on_a4_with_the_procedure_alone_on_its_first_page(page, site_url, slug):
    url = site_url + f"scenarios/{slug}/handout.html"
    page.goto(url, wait_until="load")
    pdf = _print(page)
    media = re.search(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", pdf)
    assert media, "no page size in the PDF"
    assert abs(float(media.group(1)) - A4_POINTS[0]) < 1 and abs(float(media.group(2)) - A4_POINTS[1]) < 1, media.group(
        0
    )
    pages = _pdf_pages(pdf)
    assert 3 <= pages <= HANDOUT_PAGES.get(slug, 4), f"{slug}: {pages} pages"
    # The procedure part carries every stage, with its timescales, and the flowchart of them.
    data = yaml.safe_load((ROOT / "protocols" / f"{SCENARIOS[slug]['protocol']}.yaml").read_text(encoding="utf-8"))
    stages = [str(st["id"]) for st in data["stages"]]
    assert page.locator(".handout-stages > li > h3").count() == len(stages)
    assert (
        page.eval_on_selector_all(".handout-flowchart svg .fc-stage", "els => els.map(e => e.dataset.stage)") == stages
    )
    assert page.locator(".handout-stages li li strong").count() == sum(
        len(st.get("timescales") or ()) for st in data["stages"]
    )
    # ... each timescale in the source's own words, under its own stage
    for i, st in enumerate(data["stages"]):
        text = " ".join(page.locator(".handout-stages > li").nth(i).inner_text().split())
        for t in st.get("timescales") or ():
            assert " ".join(t["wording"].split()) in text, f"{slug}: stage {st['id']}: {t['wording']!r}"
    # The title and the procedure, alone, print on one page ...
    page.goto(url, wait_until="load")
    assert _pdf_pages(_print(page, "main > section:not(.handout-procedure), .handout-footer")) == 1
    # ... and the rest, without them, on all the other pages: so the first page
    # holds the procedure whole and nothing else.
    page.goto(url, wait_until="load")
    assert _pdf_pages(_print(page, ".handout-procedure, .handout-header")) == pages - 1
    assert page.external_requests == []


@pytest.mark.browser
@pytest.mark.parametrize("slug", sorted(SCENARIOS))
def test_the_handout_s_answer_columns_are_wide_and_tall_enough_to_write_in(page, site_url, slug):
    # The printed page's width: A4 less the @page rule's side margins (14 mm each).
    page.set_viewport_size({"width": round((210 - 28) * 96 / 25.4), "height": 1000})
    page.emulate_media(media="print")
    page.goto(site_url + f"scenarios/{slug}/handout.html", wait_until="load")
    cells = page.eval_on_selector_all(
        ".handout-blank",
        """els => els.map(e => {
        const r = e.getBoundingClientRect(); return [r.width, r.height];
    })""",
    )
    assert len(cells) == 2 * len(SCENARIOS[slug]["events"])
    px_per_mm = 96 / 25.4
    for width, height in cells:
        # At least 4 cm across and three handwritten lines (about 7 mm each) down.
        assert width >= 40 * px_per_mm and height >= 21 * px_per_mm, (width / px_per_mm, height / px_per_mm)


@pytest.mark.browser
def test_the_walkthrough_links_to_its_handout_and_presenter_view(page, site_url):
    slug = sorted(SCENARIOS)[0]
    page.goto(site_url + f"scenarios/{slug}/", wait_until="load")
    page.locator("article a[href='handout.html']").first.click()
    page.wait_for_load_state("load")
    assert page.url == site_url + f"scenarios/{slug}/handout.html"
    assert page.locator("h1").inner_text() == SCENARIOS[slug]["title"]
    page.go_back(wait_until="load")
    page.locator("article a[href='presenter.html']").first.click()
    page.wait_for_selector(".presenter-ladder [data-stage].is-current")
    assert page.url.startswith(site_url + f"scenarios/{slug}/presenter.html")
    assert page.external_requests == []


# Projected: the presenter view and the full-screen flowchart --------------------------------------
# Every element with text of its own that is on screen, with its font size and box.
_VISIBLE_TEXT = """() => {
    const root = document.body;
    const out = [];
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        if (!n.data.trim()) continue;
        const el = n.parentElement;
        if (el.closest('[hidden], dialog:not([open]), .flowview-steps')) continue;
        const style = getComputedStyle(el);
        if (style.display === 'none' || style.visibility === 'hidden') continue;
        const r = el.getBoundingClientRect();
        if (r.width === 0 || r.height === 0) continue;
        out.push({text: n.data.trim().slice(0, 40), size: parseFloat(style.fontSize)});
    }
    return out;
}"""

# The current event's deadlines: each one's box, and the box of the region that would clip it.
_DEADLINES = """() => {
    const event = document.querySelector('.presenter-event:not([hidden])');
    const items = event.querySelectorAll('.presenter-deadlines li, .presenter-no-timescale');
    const clip = event.getBoundingClientRect();
    return {count: items.length, clip: {top: clip.top, bottom: clip.bottom},
            scrolls: document.scrollingElement.scrollHeight > innerHeight,
            items: Array.from(items, li => {
                const r = li.getBoundingClientRect();
                return {text: li.innerText.slice(0, 50), top: r.top, bottom: r.bottom,
                        left: r.left, right: r.right};
            })};
}"""


def _scenario_events(slug: str) -> list[str]:
    return [str(e["stage"]) for e in SCENARIOS[slug]["events"]]


@pytest.mark.browser
@pytest.mark.parametrize("width,height", SCREENS, ids=lambda v: str(v))
@pytest.mark.parametrize("slug", sorted(SCENARIOS))
def test_the_presenter_shows_every_deadline_of_each_event_on_screen_in_large_type(page, site_url, slug, width, height):
    page.set_viewport_size({"width": width, "height": height})
    page.goto(site_url + f"scenarios/{slug}/presenter.html", wait_until="load")
    page.wait_for_selector(".presenter-ready .presenter-event.is-current")
    for i, _ in enumerate(_scenario_events(slug)):
        if i:
            page.keyboard.press("ArrowRight")
        shown = page.evaluate(_DEADLINES)
        assert shown["count"] >= 1, f"event {i + 1}: no deadline or 'no timescale' line"
        assert not shown["scrolls"], f"event {i + 1}: the page scrolls"
        for item in shown["items"]:
            assert 0 <= item["left"] and item["right"] <= width, (f"event {i + 1}", item)
            assert 0 <= item["top"] and item["bottom"] <= min(height, shown["clip"]["bottom"]) + 0.5, (
                f"event {i + 1}",
                item,
                shown["clip"],
            )
        small = [t for t in page.evaluate(_VISIBLE_TEXT) if t["size"] < MIN_TEXT_PX - 0.01]
        assert small == [], f"event {i + 1}: text under {MIN_TEXT_PX}px: {small[:5]}"


@pytest.mark.browser
@pytest.mark.parametrize("width,height", SCREENS, ids=lambda v: str(v))
def test_the_presenter_shows_the_whole_flowchart_on_demand_with_the_current_stage_marked(page, site_url, width, height):
    slug = "staffordshire-stoke-on-trent-inter-agency-plan"  # the tallest chart
    page.set_viewport_size({"width": width, "height": height})
    page.goto(site_url + f"scenarios/{slug}/presenter.html#event-3", wait_until="load")
    page.wait_for_selector(".presenter-ready .presenter-event.is-current")
    assert not page.is_visible("dialog .fc-stage")
    page.keyboard.press("c")
    assert page.is_visible("dialog[open] .fc-stage")
    boxes = page.eval_on_selector_all(
        "dialog .fc-stage",
        """els => els.map(e => {
        const r = e.getBoundingClientRect();
        return {stage: e.dataset.stage, current: e.classList.contains('is-current'),
                top: r.top, bottom: r.bottom, left: r.left, right: r.right};
    })""",
    )
    assert len(boxes) == 5
    for b in boxes:
        assert 0 <= b["left"] and b["right"] <= width and 0 <= b["top"] and b["bottom"] <= height, b
    assert [b["stage"] for b in boxes if b["current"]] == ["3"]
    assert page.get_attribute(".presenter-controls [data-presenter-action='chart']", "aria-pressed") == "true"
    page.keyboard.press("ArrowRight")  # the events still step with the chart open
    assert page.eval_on_selector_all("dialog .fc-stage.is-current", "els => els.map(e => e.dataset.stage)") == ["4"]
    page.keyboard.press("Escape")
    assert not page.is_visible("dialog .fc-stage")
    # The dialog's close event, which resets the button, comes in a task of its own.
    page.wait_for_selector(".presenter-controls [data-presenter-action='chart'][aria-pressed='false']", timeout=2000)


@pytest.mark.browser
@pytest.mark.parametrize("width,height", SCREENS, ids=lambda v: str(v))
@pytest.mark.parametrize("slug", PROTOCOL_SLUGS)
def test_the_full_screen_flowchart_steps_through_the_stages_each_box_on_screen_in_large_type(
    page, site_url, slug, width, height
):
    stages = yaml.safe_load((ROOT / "protocols" / f"{slug}.yaml").read_text(encoding="utf-8"))["stages"]
    ids = [str(s["id"]) for s in stages]
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.set_viewport_size({"width": width, "height": height})
    page.goto(site_url + f"partnerships/{slug}/flowchart.html", wait_until="load")
    page.wait_for_selector(".presenter-ready .fc-stage.is-current")
    for i, stage in enumerate(ids):
        if i:
            page.keyboard.press("ArrowRight")
        assert page.evaluate("location.hash") == f"#stage-{stage}"
        shown = page.evaluate("""() => {
            const chart = document.querySelector('.flowview-chart').getBoundingClientRect();
            const g = document.querySelector('.fc-stage.is-current');
            const r = g.querySelector('rect').getBoundingClientRect();
            const scale = g.ownerSVGElement.getScreenCTM().a;
            // The box's text and the words on the arrows into it.
            const words = document.querySelectorAll(`.fc-edge[data-to="${g.dataset.stage}"] tspan`);
            const sizes = Array.from([...g.querySelectorAll('tspan'), ...words],
                                     t => parseFloat(t.getAttribute('font-size')) * scale);
            return {stage: g.dataset.stage, chart: [chart.left, chart.top, chart.right, chart.bottom],
                    box: [r.left, r.top, r.right, r.bottom], smallest: Math.min(...sizes),
                    progress: document.querySelector('[data-presenter-progress]').innerText};
        }""")
        assert shown["stage"] == stage
        left, top, right, bottom = shown["box"]
        c_left, c_top, c_right, c_bottom = shown["chart"]
        assert c_left - 0.5 <= left and right <= c_right + 0.5 and c_top - 0.5 <= top and bottom <= c_bottom + 0.5, (
            shown
        )
        assert bottom <= height and right <= width, shown
        assert shown["smallest"] >= MIN_TEXT_PX - 0.01, shown
        assert shown["progress"].endswith(f"({i + 1} of {len(ids)})"), shown
    # The whole chart on demand: every box on screen at once.
    page.keyboard.press("c")
    rects = page.eval_on_selector_all(
        ".flowview-whole .fc-stage rect",
        """els => els.map(e => {
        const r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom];
    })""",
    )
    assert len(rects) == len(ids)
    for left, top, right, bottom in rects:
        assert 0 <= left and right <= width and 0 <= top and bottom <= height
    page.keyboard.press("Home")
    assert page.evaluate("location.hash") == f"#stage-{ids[0]}"
    assert errors == [] and page.external_requests == []


@pytest.mark.browser
@pytest.mark.parametrize("state", ["presenter-chart-open", "flowchart-whole"])
def test_trainer_page_state_has_no_axe_core_violations(page, site_url, state):
    page.set_viewport_size({"width": 1024, "height": 768})
    if state == "presenter-chart-open":
        page.goto(site_url + f"scenarios/{sorted(SCENARIOS)[0]}/presenter.html", wait_until="load")
    else:
        page.goto(site_url + "partnerships/lscp/flowchart.html#stage-3", wait_until="load")
    page.wait_for_selector(".presenter-ready")
    page.keyboard.press("c")
    axe.assert_none(page)


def test_each_partnership_page_and_the_scenarios_list_link_to_its_full_screen_flowchart(site_dir):
    index = (site_dir / "scenarios" / "index.html").read_text(encoding="utf-8")
    for slug in PROTOCOL_SLUGS:
        assert f'href="../partnerships/{slug}/flowchart.html"' in index, slug
        page = (site_dir / "partnerships" / slug / "index.html").read_text(encoding="utf-8")
        assert f'href="../../partnerships/{slug}/flowchart.html"' in page, slug
        view = (site_dir / "partnerships" / slug / "flowchart.html").read_text(encoding="utf-8")
        assert view.startswith("<!doctype html>") and "<script>" not in view
        assert f'href="../../partnerships/{slug}/#flowchart"' in view
