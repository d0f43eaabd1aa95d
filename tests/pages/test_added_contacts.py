"""The contacts a partnership adds, on its page: beside the roles of each
stage they belong to, the ones for the whole procedure in a section of their
own, each labelled as the partnership's addition with the day it was
checked; every value escaped, only web, telephone and email links."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import markdown
import pytest

from authoring.checked import load_protocols
from handbook_site import pages, templating
from handbook_site.links import Links

ROOT = Path(__file__).resolve().parents[2]
FOLDER = ROOT / "tests" / "pages" / "added_contacts"
LABEL = (
    "The partnership&#39;s addition, not the procedure&#39;s text: "
    "added by the partnership&#39;s business unit, checked "
)


def render(protocol) -> str:
    template = templating.environment().get_template("partnership.md.j2")
    text = template.render(pages.partnership_context(protocol, [protocol], Links(), dt.date(2026, 11, 3)))
    body = text.split("---", 2)[2]
    return markdown.markdown(body, extensions=["attr_list", "md_in_html", "admonition", "toc"])


@pytest.fixture(scope="module")
def html() -> str:
    (protocol,) = load_protocols(FOLDER)
    return render(protocol)


def stage_part(html: str, stage_id: str) -> str:
    start = html.index(f'<div class="stage" data-stage="{stage_id}">')
    ends = [html.find(mark, start + 1) for mark in ('<div class="stage" data-stage=', "<h2")]
    return html[start : min(e for e in ends if e > 0)]


def test_each_stage_shows_the_contacts_added_for_its_roles_after_who_is_involved(html):
    for stage_id in ("1", "2", "3"):  # managers: contacted to move on from 1, involved at 2 and 3
        part = stage_part(html, stage_id)
        assert part.count('class="added-contact"') == 2, stage_id
        assert part.index("-who") < part.index("data-added-contacts") < part.index("-what")
        assert '<h4 id="stage-' + stage_id + '-added">Contacts the partnership adds</h4>' in part
        assert '<dt>For</dt><dd class="added-for">Their line managers</dd>' in part
        assert "Local Authority Designated Officer" not in part
    first = stage_part(html, "1")
    assert '<a href="tel:01614960000">0161 496 0000</a>' in first
    assert '<a href="mailto:duty.team@example.gov.uk">duty.team@example.gov.uk</a>' in first
    assert first.count(LABEL + "1 October 2026") == 2


def test_the_resources_for_the_whole_procedure_have_their_own_section(html):
    (section,) = re.findall(r'<h2 id="added-contacts">Contacts the partnership adds</h2>(.*?)</div>', html, re.S)
    assert "For the whole procedure:" in section
    assert '<a href="https://www.example.gov.uk/lado">https://www.example.gov.uk/lado</a>' in section
    assert '<a href="tel:+441614960001">+44 161 496 0001</a>' in section
    assert LABEL + "15 September 2026" in section
    assert section.count('class="added-contact"') == 1


def test_every_value_is_escaped_and_never_shown_as_the_source_s_words(html):
    assert "<b>online</b>" not in html and "Escalation form &lt;b&gt;online&lt;/b&gt;" in html
    assert 'href="https://www.example.gov.uk/escalation?form=1&amp;&#34;x&#34;=&lt;y&gt;"' in html
    for block in re.findall(r'data-added-contacts="\w+">(.*?)</div>', html, re.S):
        assert "<q>" not in block and "source-words" not in block


def test_the_real_protocols_add_none_and_their_pages_have_no_such_block():
    for protocol in load_protocols(ROOT / "protocols"):
        assert protocol.added_contacts == ()
        assert "data-added-contacts" not in render(protocol)
