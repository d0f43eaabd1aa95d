"""The glossary on the site: each term explained where it stands (keyboard
and touch reachable, never inside a link or code), and the glossary page
listing every partnership's terms with whose expansion each is."""

from __future__ import annotations

import datetime as dt
import html
import re
from pathlib import Path

import hypothesis
from hypothesis import strategies as st

from authoring.checked import load_protocols
from calculator.glossary import Term
from handbook_site import abbreviations, chart_terms, flowchart_view, glossary, pages, templating
from handbook_site.links import Links

ROOT = Path(__file__).resolve().parents[2]
HOS = Term("HoS", "Head of Service")
SLO = Term("SLO", "Senior Liaison Officer", ("LSCP Senior Liaison Officer (SLO)",))
SCB = Term("SCB", "Safeguarding Children Board")
LSCB = Term("LSCB", "Local Safeguarding Children Board")
THIRD = Term("third sector", "voluntary and community organisations")


def test_a_term_is_explained_where_it_stands_first_in_the_tab_order_then_by_tap_only():
    out = abbreviations.explain("<p>Ask the SLO; the SLO's view, then the SLOs.</p>", [SLO])
    assert out.count('<abbr class="gloss"') == 2  # "SLOs" is another word
    first, second = out.split("<abbr")[1:]
    assert 'tabindex="0"' in first and 'tabindex="-1"' in second
    assert 'data-gloss="SLO: Senior Liaison Officer (as the source expands it)"' in first


def test_the_handbook_s_gloss_is_said_to_be_the_handbook_s_never_the_source_s():
    out = abbreviations.explain("<li>minimum HoS</li>", [HOS])
    assert 'title="HoS: Head of Service (the handbook&#x27;s gloss: the source never expands it)"' in out


def test_a_term_of_art_is_a_span_and_an_abbreviation_inside_a_longer_one_is_left_alone():
    out = abbreviations.explain("<p>the LSCB and the SCB in the third sector</p>", [SCB, LSCB, THIRD])
    assert ">LSCB</abbr>" in out and ">SCB</abbr>" in out and out.count("<abbr") == 2
    assert '<span class="gloss"' in out and "source never explains it" in out


def test_nothing_inside_a_tag_link_code_script_or_an_explanation_is_touched():
    page = (
        '<p title="SLO"><a href="#slo">the SLO</a> <code>SLO</code> <script>var SLO = 1;</script>'
        '<abbr title="x">SLO</abbr> <button>SLO</button></p>'
    )
    assert abbreviations.explain(page, [SLO]) == page


def test_the_glossary_page_lists_every_partnership_with_the_source_s_words_or_the_handbook_s_gloss():
    protocols = load_protocols(ROOT / "protocols")
    by_slug = {p.slug: list(p.glossary) for p in protocols}
    page = glossary.render_glossary(
        templating.environment().get_template("glossary.md.j2"), protocols, by_slug, Links()
    )
    for p in protocols:
        assert f'<h2 id="{p.slug}">' in page
    assert '<dt id="lscp-slo"><dfn>SLO</dfn></dt>' in page
    assert 'The source: <q class="source-quote">LSCP Senior Liaison Officer (SLO)</q>' in page
    hos = page[page.index('<dt id="cscp-hos">') :]
    assert hos.index("<strong>Handbook's gloss:</strong> the source never expands it.") < hos.index("</dd>")
    assert page.count("<dt ") == sum(len(t) for t in by_slug.values()) == 19


def test_a_page_about_every_partnership_gives_each_meaning_of_letters_used_differently():
    shared = glossary.shared_terms(
        {
            "a": [Term("DSL", "Designated Safeguarding Lead")],
            "b": [Term("DSL", "Digital Subscriber Line")],
        },
        {"a": "Alpha", "b": "Beta"},
    )
    assert [t.means for t in shared] == ["in Alpha, Designated Safeguarding Lead; in Beta, Digital Subscriber Line"]


def test_terms_before_the_page_s_tab_stop_mark_take_no_tab_stop_and_the_next_place_does():
    page = f"<p>the SLO first</p>{abbreviations.TAB_STOPS_FROM}<p>then the SLO again, and the SLO</p>"
    out = abbreviations.explain(page, [SLO])
    assert [m for m in re.findall(r'tabindex="(-?\d)"', out)] == ["-1", "0", "-1"]


def test_a_flowchart_s_terms_are_listed_under_it_and_titled_on_the_boxes_that_say_them():
    protocols = {p.slug: p for p in load_protocols(ROOT / "protocols")}
    lscp = protocols["lscp"]
    context = pages.partnership_context(lscp, list(protocols.values()), Links(), dt.date(2026, 12, 2))
    assert [t.term for t in context["chart_terms"]] == ["LSCP", "SLO", "PPET"]  # not ASAP: no box says it
    svg = context["flowchart_svg"]
    assert 'aria-describedby="flowchart-lscp-caption flowchart-lscp-terms"' in svg
    assert "; SLO: Senior Liaison Officer (as the source expands it)</title>" in svg
    page = templating.environment().get_template("partnership.md.j2").render(context)
    listed = page[page.index('<div class="chart-terms" id="flowchart-lscp-terms">') :]
    assert "<li><dfn>SLO</dfn>: Senior Liaison Officer (as the source expands it)</li>" in listed
    # The full-screen chart says them too, on both of its charts.
    view = flowchart_view.render_view(lscp)
    assert (
        'id="fullscreen-fc-lscp-terms"' in view
        and view.count("SLO: Senior Liaison Officer (as the source expands it)</title>") >= 2
    )


def test_a_chart_that_says_no_term_has_no_list_and_no_title_added():
    chart = '<svg><title>Chart</title><g class="fc-stage" data-stage="1"><text>Talk to your manager</text></g></svg>'
    assert chart_terms.used(chart, [SLO, THIRD]) == []
    assert chart_terms.titled(chart, [SLO]) == chart
    assert chart_terms.described_chart(lambda by: chart, "caption", [SLO], "terms") == (chart, [])


def test_a_term_in_a_chart_is_a_whole_word_as_on_the_pages():
    chart = '<svg><g class="fc-edge" data-to="2"><text><tspan>the LSCB &amp; SLOs</tspan></text></g></svg>'
    assert chart_terms.used(chart, [SCB, LSCB, SLO]) == [LSCB]
    assert chart_terms.titled(chart, [LSCB]).startswith(
        '<svg><g class="fc-edge" data-to="2"><title>LSCB: Local Safeguarding Children Board (the handbook\'s gloss'
    )


@hypothesis.settings(max_examples=300, deadline=None)
@hypothesis.given(
    words=st.sets(st.text(alphabet="ABSC &.-", min_size=1, max_size=5).filter(lambda w: w.strip() == w), min_size=1),
    text=st.text(alphabet="ABSC &.-x", max_size=40),
)
def test_the_terms_are_found_as_a_plain_list_of_them_longest_first_finds_them(words, text):
    """Whatever the terms and the text: the compiled tree of terms matches what
    the list of every term, longest first, matches."""
    escaped = sorted((html.escape(w, quote=False) for w in words), key=len, reverse=True)
    plain = re.compile(r"(?<![\w.])(?:" + "|".join(re.escape(w) for w in escaped) + r")(?![\w])")
    text = html.escape(text, quote=False)
    assert abbreviations._pattern(tuple(sorted(words))).findall(text) == plain.findall(text)
