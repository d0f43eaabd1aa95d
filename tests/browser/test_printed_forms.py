"""A printable form's page in Chromium: on screen it says when the form is used,
where it goes and what the source says of it; printed on A4 it is the blank
form alone, on as few pages as its fields need (measured with Liberation Sans,
as the handout tests are)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]


def _forms() -> list[tuple[str, dict]]:
    out = []
    for path in sorted((ROOT / "protocols").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        out += [(f"{data['slug']}-{f['id']}", f) for f in data.get("forms") or ()]
    return out


FORMS = dict(_forms())
#: The fewest A4 pages each blank form can print on with writing lines 8 mm apart:
#: Staffordshire's has 34 lines to write on, besides nine one-line fields.
PRINTED_PAGES = {"staffordshire-stoke-on-trent-formal-escalation-form": 2}


def _pdf_pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf))


@pytest.mark.browser
@pytest.mark.parametrize("form", sorted(FORMS))
def test_a_blank_form_prints_alone_on_as_few_pages_as_it_needs(page, site_url, form):
    page.goto(site_url + f"forms/{form}/", wait_until="load")
    # On screen: the notes and the source's words, then the form.
    assert page.is_visible(".form-about") and page.is_visible(".printable-form")
    pdf = page.pdf(format="A4", prefer_css_page_size=True)
    assert _pdf_pages(pdf) == PRINTED_PAGES.get(form, 1), f"{form}: {_pdf_pages(pdf)} pages"
    # Printed: the form alone.
    page.emulate_media(media="print")
    assert not page.is_visible(".form-about")
    assert not page.is_visible("h1.form-page-title")
    assert not page.is_visible(".md-header") and not page.is_visible(".md-footer")
    if FORMS[form].get("fields"):
        labels = page.eval_on_selector_all(".printable-form .form-label", "els => els.map(e => e.innerText)")
        assert len(labels) == len(FORMS[form]["fields"])
        assert all(page.is_visible(".printable-form .form-line") for _ in labels)
    assert page.external_requests == []


@pytest.mark.browser
def test_one_line_fields_sit_two_to_a_row(page, site_url):
    page.goto(site_url + "forms/staffordshire-stoke-on-trent-formal-escalation-form/", wait_until="load")
    tops = page.eval_on_selector_all(
        ".form-fields-short .form-field", "els => els.map(e => Math.round(e.getBoundingClientRect().top))"
    )
    assert len(tops) >= 6 and tops[0] == tops[1] and tops[2] == tops[3] and tops[1] < tops[2]
