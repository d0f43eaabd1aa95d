"""The page of a partnership with two editions (tests/editions/): it lists its
editions, the earlier one's source text reachable; in the calculator, a case
that began before the amendment is answered under the old edition with the
one line naming both, one that began after under the new; axe finds nothing."""

from __future__ import annotations

import pytest

from tests.conftest import one_build_at_a_time
from tests.support import axe
from tests.support.calculator_page import fix_today, fragment, open_answer
from tests.support.cli import ROOT, handbook_process
from tests.support.server import SiteServer

pytestmark = pytest.mark.browser

FIXTURE = ROOT / "tests" / "editions" / "protocols"


@pytest.fixture(scope="module")
def editions_url(tmp_path_factory):
    """The site built from the two-edition fixture, served."""
    out = tmp_path_factory.mktemp("editions-site")
    with one_build_at_a_time(tmp_path_factory):
        result = handbook_process("build", "--protocols", str(FIXTURE), "--site-dir", str(out))
    assert result.returncode == 0, result.stdout + result.stderr
    with SiteServer(out) as url:
        yield url + "partnerships/wyreford/"


@pytest.mark.parametrize(
    "start, stage_1, expected",
    [
        (
            "2026-12-02",
            "2026-11-30",
            "Handbook's note: Counted under the edition in force from 1 September 2025, when this stage began: "
            "“within 10 working days of stage 1”, due 14 December 2026. The edition in force from 1 April 2027 "
            "says “within 5 working days of stage 1”, due 7 December 2026.",
        ),
        (
            "2027-04-06",
            "2027-04-05",
            "Handbook's note: Counted under the edition in force from 1 April 2027, in force when this stage "
            "began (6 April 2027).",
        ),
    ],
)
def test_the_answer_names_its_edition_and_what_a_later_one_changed(browser, editions_url, start, stage_1, expected):
    page = browser.new_page()
    fix_today(page, start)
    open_answer(page, editions_url + fragment("wyreford", "2", start, dates={"stage-1": stage_1}))
    assert page.locator("[data-role='edition']").inner_text() == expected
    axe.assert_none(page)
    page.close()


def test_the_page_lists_its_editions_with_the_earlier_ones_source_text(browser, editions_url, tmp_path):
    page = browser.new_page()
    page.goto(editions_url)
    editions = page.locator(".editions")
    assert " ".join(editions.inner_text().split()) == (
        "This procedure: the edition in force from 1 April 2027. The handbook counts a deadline under the "
        "edition in force on the day its stage began. Earlier editions: "
        "1 September 2025 to 31 March 2027: its source text (plain text)"
    )
    href = editions.get_by_role("link", name="its source text (plain text)").get_attribute("href")
    response = page.request.get(page.url + href)
    assert response.ok and "within **10 working days**" in response.text()
    editions.scroll_into_view_if_needed()
    page.screenshot(path=str(tmp_path / "editions.png"))  # to look at: pytest --basetemp
    axe.assert_none(page)
    page.close()


def test_a_later_stage_projected_after_the_amendment_is_counted_under_it_on_the_page(browser, editions_url):
    page = browser.new_page()
    fix_today(page, "2027-03-30")
    open_answer(page, editions_url + fragment("wyreford", "1", "2027-03-30"))
    stage_2 = page.locator(".calc-timeline > li[data-stage='2']")
    assert "within 5 working days of stage 1" in stage_2.inner_text()
    assert stage_2.locator(".calc-handbook-note").inner_text() == (
        "Handbook's note: Counted under the edition in force from 1 April 2027, in force on the day this stage is "
        "projected to begin."
    )
    axe.assert_none(page)
    page.close()
