"""The readers' pages of recorded changes in Chromium: What's new, a
partnership's changes and its "Last updated" line, axe-clean at desktop and
phone sizes, with the feeds linked from the page's head."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.support import axe

PAGES = ["whats-new/", "whats-new/salford/", "partnerships/salford/"]
SIZES = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("path", PAGES)
def test_the_pages_of_changes_are_axe_clean(page, site_url, path, size):
    page.set_viewport_size(SIZES[size])
    page.goto(site_url + path)
    axe.assert_none(page)
    shots = os.environ.get("HANDBOOK_SHOTS")
    if shots:
        name = path.strip("/").replace("/", "-")
        page.screenshot(path=str(Path(shots) / f"changes-{name}-{size}.png"), full_page=True)


def test_see_all_changes_leads_to_the_partnership_s_changes(page, site_url):
    page.goto(site_url + "partnerships/salford/")
    assert page.locator(".last-updated").inner_text().startswith("Last updated 6 December 2026")
    page.get_by_role("link", name="see all changes").click()
    assert page.url == site_url + "whats-new/salford/"
    assert page.get_by_role("heading", level=1).inner_text() == "Changes to Salford Safeguarding Children Board"
    feeds = page.locator('head link[rel="alternate"][type="application/atom+xml"]')
    hrefs = [feeds.nth(i).get_attribute("href") for i in range(feeds.count())]
    assert hrefs == ["../../feeds/handbook.atom", "../../feeds/salford.atom"]
