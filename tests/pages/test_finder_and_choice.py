"""The home page's finder and the comparison's choice, as built: the finder
comes before anything else under the title and the child-protection note;
when nothing matches it has every partnership and the handbook's advice to
show; the comparison offers each partnership to choose, hidden until its
script runs, and marks each stage's name for the side-by-side columns."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from authoring.checked import load_protocols
from handbook_site import comparison, templating
from handbook_site.links import Links

ROOT = Path(__file__).resolve().parents[2]
TODAY = dt.date(2026, 11, 22)


@pytest.fixture(scope="module")
def protocols():
    return load_protocols(ROOT / "protocols")


@pytest.fixture(scope="module")
def home(protocols):
    listing = [{"protocol": p, "href": f"partnerships/{p.slug}/", "overdue": False} for p in protocols]
    return (
        templating.environment()
        .get_template("index.md.j2")
        .render(
            partnerships=listing,
            latest_change=None,
            **dict.fromkeys(
                ["compare_href", "counting_href", "calculator_href", "forms_href", "publishing_href", "whats_new_href"],
                "x/",
            ),
        )
    )


@pytest.fixture(scope="module")
def compare_page(protocols):
    template = templating.environment().get_template("compare.md.j2")
    return comparison.render_comparison(template, protocols, Links(), TODAY)


def test_the_home_page_s_finder_follows_the_child_protection_note_and_comes_before_who_it_is_for(home):
    assert (
        home.index("a child at risk of harm") < home.index('id="partnership-filter"') < home.index("## Who it is for")
    )


def test_the_home_page_s_no_match_panel_lists_every_partnership_and_the_handbook_s_advice(home, protocols):
    panel = re.search(
        r'<div class="no-match" id="partnership-filter-none" data-filter-empty hidden>(.*?)\n</div>\n</div>', home, re.S
    )
    assert panel, "no hidden no-match panel"
    text = panel.group(1)
    assert f"The handbook covers these {len(protocols)} partnerships" in text
    for p in protocols:
        assert f'<a href="partnerships/{p.slug}/">{p.name}</a>' in text
    assert '<p class="admonition-title">Handbook note</p>' in text
    assert "ask your safeguarding lead" in text


def test_the_comparison_offers_every_partnership_to_choose_hidden_until_its_script_runs(compare_page, protocols):
    box = re.search(r'<div class="compare-choice" data-compare-choice hidden>(.*?)</fieldset>', compare_page, re.S)
    assert box, "no choice (hidden until its script runs)"
    assert "<legend>" in box.group(1)
    values = re.findall(r'<label><input type="checkbox" name="with" value="([^"]+)"> ([^<]+)</label>', box.group(1))
    assert values == [(p.slug, p.name) for p in protocols]


def test_every_stage_row_marks_its_stage_name_and_each_overview_row_its_count(compare_page, protocols):
    assert compare_page.count("<span data-compare-stage>") == compare_page.count(
        "<tr data-filter-item data-filter-key="
    )
    assert compare_page.count("<td data-compare-count>") == len(protocols)


def test_the_comparison_s_filter_has_its_own_no_match_panel(compare_page, protocols):
    assert 'id="compare-filter-none" data-filter-empty hidden' in compare_page
    assert compare_page.count("data-filter-empty") == 1
