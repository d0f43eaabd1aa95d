"""The review status page: each protocol's dates of implementation and review,
overdue ones flagged with how long overdue, "not stated" where the source
gives no date."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from pathlib import Path

import pytest

from authoring.checked import load_protocols
from handbook_site import review_pages

ROOT = Path(__file__).resolve().parents[2]

#: A fixed "today", so the page's words do not change with the calendar.
TODAY = dt.date(2026, 11, 22)


@pytest.fixture(scope="module")
def protocols():
    return load_protocols(ROOT / "protocols")


@pytest.fixture(scope="module")
def page(protocols):
    return review_pages.render_review(protocols, TODAY)


def row_of(page: str, name: str) -> str:
    for row in re.findall(r"<tr class=\"review-[a-z-]+\">.*?</tr>", page, flags=re.S):
        if f">{name}</a>" in row:
            return row
    raise AssertionError(f"no row for {name}")


def test_salford_is_flagged_overdue_with_how_long(protocols, page):
    salford = next(p for p in protocols if p.slug == "salford")
    assert salford.document.review == dt.date(2016, 5, 15)
    row = row_of(page, salford.name)
    assert 'class="review-overdue"' in row
    assert "<strong>Overdue.</strong> Overdue by 10 years, 6 months and 7 days." in row
    assert '<time datetime="2014-05-15">15 May 2014</time>' in row
    assert '<time datetime="2016-05-15">15 May 2016</time>' in row
    # And in the summary above the table.
    assert "1 procedure is past its review date" in page


def test_protocols_without_dates_say_not_stated_in_the_source(protocols, page):
    undated = [p for p in protocols if p.document.review is None]
    assert undated, "at least one source gives no review date"
    for p in undated:
        row = row_of(page, p.name)
        assert 'class="review-none"' in row
        assert "No review date is stated in the source." in row
        if p.document.implemented is None:
            assert row.count("Not stated in the source") == 2


def test_every_protocol_has_one_row_and_overdue_ones_come_first(protocols, page):
    rows = re.findall(r'<tr class="review-([a-z-]+)">', page)
    assert len(rows) == len(protocols)
    assert rows == sorted(rows, key=lambda r: r != "overdue")


def test_every_date_on_the_page_is_a_time_element(protocols, page):
    dates = {d.isoformat() for p in protocols for d in (p.document.implemented, p.document.review) if d}
    dates.add(TODAY.isoformat())
    assert dates <= set(re.findall(r'<time datetime="(\d{4}-\d{2}-\d{2})">', page))


def test_a_review_date_still_to_come_is_not_flagged(protocols):
    salford = next(p for p in protocols if p.slug == "salford")
    later = dataclasses.replace(salford, document=dataclasses.replace(salford.document, review=dt.date(2027, 2, 1)))
    rows = review_pages.review_rows([later], TODAY)
    assert [(r["status"], r["overdue"], r["status_words"]) for r in rows] == [
        ("not-due", False, "Due in 2 months and 10 days.")
    ]
    page = review_pages.render_review([later], TODAY)
    assert "past its review date" not in page
    assert "Overdue" not in page


@pytest.mark.parametrize(
    "earlier, later, words",
    [
        (dt.date(2016, 5, 15), dt.date(2026, 11, 22), "10 years, 6 months and 7 days"),
        (dt.date(2026, 1, 31), dt.date(2026, 2, 28), "28 days"),
        (dt.date(2026, 1, 31), dt.date(2026, 3, 1), "1 month and 1 day"),
        (dt.date(2024, 2, 29), dt.date(2025, 2, 28), "11 months and 30 days"),
        (dt.date(2024, 2, 29), dt.date(2025, 3, 1), "1 year and 1 day"),
        (dt.date(2026, 11, 21), dt.date(2026, 11, 22), "1 day"),
        (dt.date(2025, 11, 22), dt.date(2026, 11, 22), "1 year"),
        (dt.date(2026, 11, 22), dt.date(2026, 11, 22), "0 days"),
    ],
)
def test_elapsed_time_is_said_in_years_months_and_days(earlier, later, words):
    assert review_pages.elapsed_words(earlier, later) == words
