"""The trainers' and reviewers' pages in the built handbook, in Chromium: each
scenario's walk-through, printable handout and presenter view, the list of
scenarios and the review status page. No axe-core violation (WCAG 2.2 AA), no
request to another host, no Content-Security-Policy violation under the
site's own headers; the presenter steps with the keyboard and highlights the
stage of the current event; each handout prints on A4 in at most 3 pages.
A scenario file with a mistake fails the build with its file, line and column."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.browser.test_site_pages import _axe, _readable, csp_free_page  # noqa: F401  (fixture)

ROOT = Path(__file__).resolve().parents[2]
SCENARIO_FILES = sorted((ROOT / "protocols" / "scenarios").glob("*.yaml"))
SCENARIOS = {p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in SCENARIO_FILES}
PROTOCOL_SLUGS = sorted(p.stem for p in (ROOT / "protocols").glob("*.yaml"))

PAGES = (["scenarios/", "review-status/"]
         + [f"scenarios/{slug}/{name}" for slug in SCENARIOS
            for name in ("", "handout.html", "presenter.html")])

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
    # The page of changes since the last commit belongs to `handbook serve` only.
    assert not (site_dir / "changes").exists()
    assert "Changes since the last commit" not in home


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
    line = next(i for i, t in enumerate(broken.read_text(encoding="utf-8").splitlines(), 1)
                if t == '  - stage: "9"')
    result = subprocess.run(
        [sys.executable, "-m", "calculator.cli", "build", "--protocols", str(folder),
         "--site-dir", str(tmp_path / "site")],
        cwd=ROOT, capture_output=True, text=True)
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "Traceback" not in output
    assert re.search(rf"^{re.escape(str(broken))}:{line}:\d+: events\[2\]\.stage: no stage '9' in lscp; "
                     r"expected one of: ", output, re.M), output


# In Chromium ------------------------------------------------------------------------------------
@pytest.mark.browser
@pytest.mark.parametrize("path", PAGES)
def test_trainer_page_makes_no_request_elsewhere_and_breaks_no_csp_rule(page, site_url, path):
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if "Content Security Policy" in m.text
            or "Refused to" in m.text else None)
    failed: list[str] = []
    page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    page.goto(site_url + path, wait_until="load")
    page.wait_for_timeout(200)
    assert page.external_requests == []
    assert problems == []
    assert failed == []
    # The page's own style sheet applies (a handout or presenter page brings its own).
    assert page.evaluate("() => document.styleSheets.length") >= 1


@pytest.mark.browser
@pytest.mark.parametrize("path", PAGES)
def test_trainer_page_has_no_axe_core_violations(csp_free_page, site_url, path):  # noqa: F811
    page = csp_free_page
    page.goto(site_url + path, wait_until="load")
    violations = _axe(page)
    assert violations == [], "\n" + _readable(violations)
    assert page.external_requests == []


@pytest.mark.browser
@pytest.mark.parametrize("slug", sorted(SCENARIOS))
def test_the_presenter_steps_with_the_arrow_keys_and_highlights_each_event_s_stage(page, site_url, slug):
    stages = [str(e["stage"]) for e in SCENARIOS[slug]["events"]]
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(site_url + f"scenarios/{slug}/presenter.html", wait_until="load")
    current = ".presenter-chart [data-stage].is-current"
    page.wait_for_selector(current)

    def shown() -> tuple[list[str], str, int]:
        return (page.eval_on_selector_all(current, "els => els.map(e => e.dataset.stage)"),
                page.inner_text("[data-presenter-progress]"),
                page.locator(".presenter-event:not([hidden])").count())

    for i, stage in enumerate(stages):
        if i:
            page.keyboard.press("ArrowRight")
        assert shown() == ([stage], f"Event {i + 1} of {len(stages)}", 1), f"event {i + 1}"
        assert page.get_attribute(current, "aria-current") == "step"
        assert page.url.endswith(f"#event-{i + 1}")
    page.keyboard.press("ArrowRight")  # past the last event: stays there
    assert shown()[1] == f"Event {len(stages)} of {len(stages)}"
    page.keyboard.press("ArrowLeft")
    if len(stages) > 1:
        assert shown() == ([stages[-2]], f"Event {len(stages) - 1} of {len(stages)}", 1)
    assert page.external_requests == [] and errors == []


@pytest.mark.browser
def test_the_presenter_shows_the_flowchart_in_large_type_filling_the_screen(page, site_url):
    slug = sorted(SCENARIOS)[0]
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(site_url + f"scenarios/{slug}/presenter.html", wait_until="load")
    page.wait_for_selector(".presenter-chart [data-stage].is-current")
    box = page.evaluate("""() => {
        const chart = document.querySelector('[data-presenter-chart]').getBoundingClientRect();
        const title = getComputedStyle(document.querySelector('.presenter-title'));
        return {width: chart.width, body: parseFloat(getComputedStyle(document.body).fontSize),
                title: parseFloat(title.fontSize)};
    }""")
    assert box["width"] >= 0.5 * 1280, box
    assert box["body"] >= 18 and box["title"] >= 24, box


@pytest.mark.browser
@pytest.mark.parametrize("slug", sorted(SCENARIOS))
def test_the_handout_prints_on_a4_in_at_most_three_pages(page, site_url, slug):
    page.goto(site_url + f"scenarios/{slug}/handout.html", wait_until="load")
    pdf = page.pdf(format="A4", prefer_css_page_size=True)
    media = re.search(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", pdf)
    assert media, "no page size in the PDF"
    assert (abs(float(media.group(1)) - A4_POINTS[0]) < 1
            and abs(float(media.group(2)) - A4_POINTS[1]) < 1), media.group(0)
    assert 2 <= _pdf_pages(pdf) <= 3, f"{slug}: {_pdf_pages(pdf)} pages"
    assert page.external_requests == []


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
    page.wait_for_selector(".presenter-chart [data-stage].is-current")
    assert page.url.startswith(site_url + f"scenarios/{slug}/presenter.html")
    assert page.external_requests == []
