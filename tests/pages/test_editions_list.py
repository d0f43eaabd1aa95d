"""A partnership page lists its editions where it has more than one: the one
in force from its day, each earlier one with its first and last days and a
link to its source text, which the site carries."""

from __future__ import annotations

import dataclasses
import datetime as dt

import markdown

from authoring.checked import load_protocol
from handbook_site import edition_list, pages, templating
from handbook_site.links import Links
from tests.support.cli import ROOT

FIXTURE = ROOT / "tests" / "editions" / "protocols"
REAL = ROOT / "protocols"


def _html(protocol, editions) -> str:
    template = templating.environment().get_template("partnership.md.j2")
    text = template.render(
        pages.partnership_context(protocol, [protocol], Links(), dt.date(2026, 11, 3), None, editions)
    )
    return markdown.markdown(text.split("---", 2)[2], extensions=["attr_list", "md_in_html", "admonition", "toc"])


def _block(html: str) -> str:
    start = html.index('<div class="editions"')
    return " ".join(html[start : html.index("</div>", start)].split())


def test_a_page_names_the_edition_in_force_and_each_earlier_one_with_its_dates_and_source():
    current = load_protocol(FIXTURE / "wyreford.yaml")
    earlier = edition_list.earlier_editions(FIXTURE, current)
    block = _block(_html(current, edition_list.editions_context(current, earlier, Links())))
    assert (
        '<strong>This procedure:</strong> the edition in force from <time datetime="2027-04-01">1 April 2027</time>.'
        in block
    )
    assert '<a href="../../sources/wyreford-2025-09-01.txt">its source text (plain text)</a>' in block
    assert (
        '<time datetime="2025-09-01">1 September 2025</time> to <time datetime="2027-03-31">31 March 2027</time>'
        in block
    )
    assert edition_list.source_src("wyreford", earlier[0]) == "sources/wyreford-2025-09-01.txt"
    assert (FIXTURE / earlier[0].document.source).is_file()


def test_an_earliest_edition_whose_first_day_is_unknown_is_listed_until_its_last_day():
    current = load_protocol(FIXTURE / "wyreford.yaml")
    (dated,) = edition_list.earlier_editions(FIXTURE, current)
    undated = dataclasses.replace(dated, document=dataclasses.replace(dated.document, in_force_from=None))
    context = edition_list.editions_context(current, (undated, dated), Links())
    items = [" ".join(li.split()) for li in _block(_html(current, context)).split("<li>")[1:]]
    assert items[0].startswith('<time datetime="2025-09-01">1 September 2025</time> to <time datetime="2027-03-31">')
    assert items[1].startswith('Until <time datetime="2025-08-31">31 August 2025</time>')
    assert "sources/wyreford-earliest.txt" in items[1]


def test_a_partnership_with_one_edition_has_no_list():
    current = load_protocol(REAL / "salford.yaml")
    assert edition_list.earlier_editions(REAL, current) == ()
    assert edition_list.editions_context(current, (), Links()) is None
    assert 'class="editions"' not in _html(current, None)
