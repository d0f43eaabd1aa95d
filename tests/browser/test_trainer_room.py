"""The trainers' pages read from the back of a room and printed as chosen, in
Chromium: at a 1024x768 or 1280x720 projector the whole flowchart's text is
18px or more, the title is never cut, the controls keep to one line and
stepping never moves the chart, a zoomed stage shows no neighbour cut at an
edge; a handout prints the participants' copy (no answers) or the trainer's
(the answers from a page of their own), with ruled room under each question;
no page of the built site shows the holiday library's version."""

from __future__ import annotations

import io
import re

import pytest
import yaml
from pypdf import PdfReader

from tests.browser.test_trainer_pages import PROTOCOL_SLUGS, ROOT, SCENARIOS, SCREENS
from tests.support import axe

# Read from the back of a room: the whole chart, the title, the controls ------------------------
#: The smallest text of the whole flowchart, in CSS pixels, at a projector's size.
MIN_CHART_TEXT_PX = 18
PROJECTORS = SCREENS[:2]

# Each <text> of the charts on screen: its font size as drawn (the attribute
# times the chart's scale on screen) and its box.
_CHART_TEXT = """sel => Array.from(document.querySelectorAll(sel + ' text'), t => {
    const r = t.getBoundingClientRect();
    const scale = t.ownerSVGElement.getScreenCTM().a;
    const sizes = Array.from(t.querySelectorAll('tspan'), s => parseFloat(s.getAttribute('font-size')));
    return {text: t.textContent.slice(0, 30), size: Math.min(...sizes) * scale,
            box: [r.left, r.top, r.right, r.bottom]};
})"""


def _check_chart_text(page, selector: str, width: int, height: int) -> None:
    texts = page.evaluate(_CHART_TEXT, selector)
    assert texts, f"no text in {selector}"
    for t in texts:
        assert t["size"] >= MIN_CHART_TEXT_PX - 0.01, t
        left, top, right, bottom = t["box"]
        assert 0 <= left and right <= width and 0 <= top and bottom <= height, t


@pytest.mark.browser
@pytest.mark.parametrize("width,height", PROJECTORS, ids=lambda v: str(v))
@pytest.mark.parametrize("slug", PROTOCOL_SLUGS)
def test_the_whole_flowchart_is_on_screen_in_text_of_at_least_18px(page, site_url, slug, width, height):
    page.set_viewport_size({"width": width, "height": height})
    page.goto(site_url + f"partnerships/{slug}/flowchart.html#stage-{_last_stage(slug)}", wait_until="load")
    page.wait_for_selector(".presenter-ready")
    page.keyboard.press("c")
    assert page.is_visible(".flowview-whole svg") and not page.is_visible(".flowview-chart svg")
    _check_chart_text(page, ".flowview-whole", width, height)
    # The current stage is marked at once.
    current = page.eval_on_selector_all(".flowview-whole .fc-stage.is-current", "els => els.map(e => e.dataset.stage)")
    assert current == [_last_stage(slug)]
    assert not page.evaluate("document.scrollingElement.scrollHeight > innerHeight")


@pytest.mark.browser
@pytest.mark.parametrize("width,height", PROJECTORS, ids=lambda v: str(v))
@pytest.mark.parametrize("slug", sorted(SCENARIOS))
def test_the_presenter_s_whole_flowchart_is_in_text_of_at_least_18px(page, site_url, slug, width, height):
    page.set_viewport_size({"width": width, "height": height})
    page.goto(site_url + f"scenarios/{slug}/presenter.html", wait_until="load")
    page.wait_for_selector(".presenter-ready")
    page.keyboard.press("c")
    page.wait_for_selector("dialog[open] .fc-stage")
    _check_chart_text(page, "dialog[open]", width, height)


def _last_stage(slug: str) -> str:
    data = yaml.safe_load((ROOT / "protocols" / f"{slug}.yaml").read_text(encoding="utf-8"))
    return str(data["stages"][-1]["id"])


_BAR = """() => {
    const title = document.querySelector('.presenter-title');
    const tr = title.getBoundingClientRect();
    const controls = Array.from(document.querySelectorAll('.presenter-controls > *'), e => {
        const r = e.getBoundingClientRect(); return Math.round((r.top + r.bottom) / 2);
    });
    const chart = document.querySelector('.flowview-chart, .presenter-main').getBoundingClientRect();
    return {cut: title.scrollWidth > title.clientWidth + 1, title: [tr.left, tr.right],
            tops: controls, label: document.querySelector('[data-presenter-progress]').innerText,
            chart: [chart.left, chart.top, chart.width, chart.height]};
}"""


@pytest.mark.browser
@pytest.mark.parametrize("width,height", PROJECTORS, ids=lambda v: str(v))
@pytest.mark.parametrize(
    "path",
    [f"partnerships/{slug}/flowchart.html" for slug in PROTOCOL_SLUGS]
    + [f"scenarios/{slug}/presenter.html" for slug in sorted(SCENARIOS)],
)
def test_the_title_is_never_cut_and_the_controls_keep_one_line_without_moving_the_view(
    page, site_url, path, width, height
):
    page.set_viewport_size({"width": width, "height": height})
    page.goto(site_url + path, wait_until="load")
    page.wait_for_selector(".presenter-ready")
    first = page.evaluate(_BAR)
    count = page.locator("[data-step]").count()
    for i in range(count):
        if i:
            page.keyboard.press("ArrowRight")
        bar = page.evaluate(_BAR)
        assert not bar["cut"] and 0 <= bar["title"][0] and bar["title"][1] <= width, bar
        assert len(set(bar["tops"])) == 1, f"the controls wrap: {bar}"
        # The flowchart's label changes length from stage to stage; the chart never moves for it.
        if "flowchart.html" in path:
            assert bar["chart"] == first["chart"], f"step {i + 1} ({bar['label']}) moved the view: {bar} vs {first}"


@pytest.mark.browser
@pytest.mark.parametrize("stage", ["4-urgent", "4-non-urgent"])
def test_a_zoomed_branch_shows_no_neighbour_cut_at_an_edge(page, site_url, stage):
    page.set_viewport_size({"width": 1024, "height": 768})
    page.goto(site_url + f"partnerships/lscp/flowchart.html#stage-{stage}", wait_until="load")
    page.wait_for_selector(".presenter-ready .flowview-chart .fc-stage.is-current")
    shown = page.evaluate("""() => {
        const chart = document.querySelector('.flowview-chart').getBoundingClientRect();
        const out = [];
        for (const g of document.querySelectorAll('.flowview-chart .fc-stage')) {
            if (getComputedStyle(g).visibility === 'hidden') continue;
            const r = g.querySelector('rect').getBoundingClientRect();
            if (r.right <= chart.left || r.left >= chart.right) continue;
            if (r.bottom <= chart.top || r.top >= chart.bottom) continue;
            out.push({stage: g.dataset.stage, inside: r.left >= chart.left - 0.5 && r.right <= chart.right + 0.5
                      && r.top >= chart.top - 0.5 && r.bottom <= chart.bottom + 0.5});
        }
        return out;
    }""")
    assert shown == [{"stage": stage, "inside": True}]


def _choose_copy(page, copy: str) -> None:
    """Click a copy's button as a trainer would, the print dialog stubbed out."""
    page.evaluate("() => { window.printed = 0; window.print = () => { window.printed += 1; }; }")
    page.click(f"[data-handout-copy='{copy}']")
    assert page.evaluate("window.printed") == 1


def _pdf_texts(pdf: bytes) -> list[str]:
    return [" ".join((p.extract_text() or "").split()) for p in PdfReader(io.BytesIO(pdf)).pages]


@pytest.mark.browser
@pytest.mark.parametrize("slug", sorted(SCENARIOS))
def test_the_handout_prints_the_copy_chosen_the_answers_from_a_page_of_their_own(page, site_url, slug):
    url = site_url + f"scenarios/{slug}/handout.html"
    page.goto(url, wait_until="load")
    assert page.is_visible("[data-handout-copy='participants']") and page.is_visible("[data-handout-copy='trainer']")
    _choose_copy(page, "trainer")
    trainer = _pdf_texts(page.pdf(format="A4", prefer_css_page_size=True))
    starts = [i for i, t in enumerate(trainer) if t.startswith("Answers: ")]
    assert len(starts) == 1 and starts[0] >= 2, [t[:40] for t in trainer]
    # Nothing of the answers before their first page; nothing else after it but the footer.
    assert not any("Answers:" in t or "Worked out by" in t for t in trainer[: starts[0]])
    page.goto(url, wait_until="load")
    _choose_copy(page, "participants")
    assert page.is_hidden(".handout-answers")
    participants = _pdf_texts(page.pdf(format="A4", prefer_css_page_size=True))
    assert len(participants) == starts[0], [t[:40] for t in participants]
    assert not any("Answers:" in t or "Worked out by" in t for t in participants)
    assert page.external_requests == []


@pytest.mark.browser
@pytest.mark.parametrize("slug", sorted(SCENARIOS))
def test_each_discussion_question_has_ruled_room_to_write_on_paper(page, site_url, slug):
    page.emulate_media(media="print")
    page.goto(site_url + f"scenarios/{slug}/handout.html", wait_until="load")
    heights = page.eval_on_selector_all(".handout-questions > li .handout-lines", "els => els.map(e => e.offsetHeight)")
    assert len(heights) == len(SCENARIOS[slug].get("questions") or ())
    for h in heights:
        assert h >= 25 * 96 / 25.4, h  # at least 25 mm: three handwritten lines


@pytest.mark.browser
def test_the_participants_copy_has_no_axe_core_violations(page, site_url):
    page.goto(site_url + f"scenarios/{sorted(SCENARIOS)[0]}/handout.html", wait_until="load")
    _choose_copy(page, "participants")
    axe.assert_none(page)


def test_no_page_of_the_built_site_shows_a_library_version(site_dir):
    for path in [*site_dir.rglob("*.html"), site_dir / "search" / "search_index.json"]:
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"holidays \d+\.\d+", text), path.relative_to(site_dir)
