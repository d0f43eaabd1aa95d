"""The contacts a partnership adds, in the calculator's answer in Chromium at
1280×800 and 390×844: beside the role they belong to (involved at the stage,
or contacted to move on), the ones for the whole procedure in a section of
their own, each with the engine's label (the partnership's addition, not the
procedure's text, and the day it was checked); links only to a web page, a
telephone number or an email address; axe finds nothing.

No real protocol adds contacts, so the session's site is copied and one
protocol in its calculator data is given example ones (example.gov.uk,
Ofcom's numbers for drama), as a partnership's file would."""

from __future__ import annotations

import copy
import datetime as dt
import re

import pytest

from authoring.holiday_table import build_table
from calculator.deadlines import answer
from tests.support import axe
from tests.support.calculator_page import fix_today, fragment, open_answer
from tests.support.site_data import served_with_protocol_data

pytestmark = pytest.mark.browser

TODAY = "2026-12-02"
SLUG = "salford"
VIEWPORTS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}
ADDED = [
    {
        "role": "line-managers",
        "name": "Children's Services duty team",
        "phone": "0161 496 0000",
        "email": "duty.team@example.gov.uk",
        "note": "Weekdays 9am to 5pm",
        "added_by": "the partnership's business unit",
        "checked": "2026-10-01",
    },
    {
        "role": "operational-service-managers",
        "name": "Local escalation form",
        "url": "https://www.example.gov.uk/escalation",
        "added_by": "the partnership's business unit",
        "checked": "2026-10-01",
    },
    {
        "name": "Local Authority Designated Officer (LADO)",
        "url": "https://www.example.gov.uk/lado",
        "phone": "+44 161 496 0001",
        "added_by": "the partnership's business unit",
        "checked": "2026-09-15",
    },
]


@pytest.fixture(scope="module")
def added_site(site_dir, tmp_path_factory):
    """A copy of the built site whose calculator data gives SLUG the example
    contacts, served: its URL and that protocol."""
    root = tmp_path_factory.mktemp("added-contacts") / "site"

    def with_added_contacts(data: dict) -> dict:
        return {**data, "added_contacts": copy.deepcopy(ADDED)}

    with served_with_protocol_data(site_dir, root, SLUG, with_added_contacts) as served:
        yield served


@pytest.mark.parametrize("viewport", VIEWPORTS, ids=list(VIEWPORTS))
def test_the_answer_shows_the_partnership_s_contacts_beside_their_roles_labelled_as_its_own(
    browser, added_site, viewport
):
    url, protocol = added_site
    expected = answer(protocol, "2", "2026-11-30", build_table("england-and-wales"), today=dt.date(2026, 12, 2))
    context = browser.new_context(viewport=VIEWPORTS[viewport])
    fix_today(context, TODAY)
    page = context.new_page()
    try:
        open_answer(page, url + f"partnerships/{SLUG}/" + fragment(SLUG, "2", "2026-11-30"))
        result = page.locator("[data-calc-result]").first

        # Beside the role involved at the stage.
        involved = result.locator("[data-role='involved'] .calc-person[data-role='line-managers']")
        duty = involved.locator(".calc-added-contact")
        assert duty.count() == 1
        assert duty.locator(".calc-added-name").inner_text() == "Children's Services duty team"
        assert duty.locator("a[href='tel:01614960000']").inner_text() == "0161 496 0000"
        assert duty.locator("a[href='mailto:duty.team@example.gov.uk']").count() == 1
        (line_managers,) = [p for p in expected["involved"] if p["role"] == "line-managers"]
        assert duty.locator(".calc-added-label").inner_text() == line_managers["added"][0]["label"]
        assert (
            duty.locator(".calc-added-label")
            .inner_text()
            .startswith(
                "The partnership's addition, not the procedure's text: added by the partnership's business unit, "
                "checked 1 October 2026"
            )
        )

        # Beside the role contacted to move on.
        route = result.locator("[data-role='next'] .calc-person[data-role='operational-service-managers']")
        form = route.locator(".calc-added-contact a[href='https://www.example.gov.uk/escalation']")
        assert form.count() == 1

        # For the whole procedure: a section of its own, never under a role.
        whole = result.locator("[data-role='added']")
        assert whole.locator("h5").inner_text() == "Contacts the partnership adds"
        assert whole.locator(".calc-added-contact").count() == 1
        assert whole.locator("a[href='https://www.example.gov.uk/lado']").count() == 1
        assert whole.locator("a[href='tel:+441614960001']").count() == 1

        # Only web, telephone and email links; every label the engine's.
        hrefs = result.locator(".calc-added a").evaluate_all("as => as.map(a => a.getAttribute('href'))")
        assert hrefs and all(re.match(r"^(https://|tel:\+?\d+$|mailto:)", h) for h in hrefs), hrefs
        assert result.locator(".calc-added-label").count() == 3
        axe.assert_none(page)
        # Nothing wider than the screen on a phone.
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    finally:
        context.close()
