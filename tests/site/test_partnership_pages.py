"""What a partnership page, the home page and the comparison say, read from
the built HTML: what to do first (areas, child-protection duty, a passed
review date, the stages' summary), the source's words one click away, what
the source says happens once a disagreement is resolved (nothing invented),
the handbook's own notes, and a site search that finds a partnership by its
area."""

from __future__ import annotations

import datetime as dt
import html
import json
import os
import re
from pathlib import Path

import pytest
import yaml

from calculator.model import Protocol

ROOT = Path(__file__).resolve().parents[2]
PROTOCOLS = [
    Protocol.from_dict(yaml.safe_load(p.read_text(encoding="utf-8")))
    for p in sorted((ROOT / "protocols").glob("*.yaml"))
]
BY_SLUG = {p.slug: p for p in PROTOCOLS}


INLINE = re.compile(r"</?(?:a|strong|span|em|cite|time|b|i|abbr)\b[^>]*>")


def _text(fragment: str) -> str:
    """Visible text as a reader sees it: inline tags dropped, <q> in curly
    quotes, other tags as spaces, entities decoded, white space collapsed."""
    fragment = re.sub(r"<q\b[^>]*>", "“", re.sub(r"</q>", "”", INLINE.sub("", fragment)))
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", fragment))).strip()


def _norm(words: str) -> str:
    return re.sub(r"\s+", " ", words).strip()


def _article(site_dir: Path, url: str) -> str:
    """The page's own content (Material's article), without the navigation."""
    page = (site_dir / url / "index.html").read_text(encoding="utf-8")
    start = page.index('<article class="md-content__inner md-typeset">')
    return page[start : page.index("</article>", start)]


def _between(page: str, start_marker: str, end_marker: str) -> str:
    start = page.index(start_marker)
    return page[start : page.index(end_marker, start + len(start_marker))]


def _stage_block(page: str, protocol: Protocol, stage_id: str) -> str:
    """The HTML of one stage's step in the step-by-step list, from its heading to the next step."""
    start = page.index(f'id="stage-{stage_id}"')
    end = page.find("<h3", start + 1)
    end = page.find("<h2", start + 1) if end == -1 else end
    return page[start:end]


#: The handbook's own child-protection reminder, where the source states no duty
#: (in the procedure's own word for a stage: LSCP's "step").
HANDBOOK_CP_NOTE = (
    "Handbook note (the source says nothing on this): if you think a child is at risk of significant harm, "
    "follow your child protection procedures now, whatever {word} a disagreement has reached."
)


def _build_date() -> dt.date:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date() if epoch else dt.date.today()


def _every_page(site_dir: Path) -> list[Path]:
    return [p for p in site_dir.rglob("*.html") if p.name != "404.html"]


def test_no_page_tells_the_reader_to_close_the_escalation_or_calls_a_reading_safe(site_dir):
    offenders = []
    for path in _every_page(site_dir):
        text = _text(path.read_text(encoding="utf-8")).lower()
        for phrase in ("close the escalation", "record the outcome and close", "the safe one"):
            if phrase in text:
                offenders.append(f"{path.relative_to(site_dir)}: {phrase!r}")
        for m in re.finditer(r"\bsafe(?:r|st)?\b", text):
            offenders.append(f"{path.relative_to(site_dir)}: {text[max(0, m.start() - 40) : m.end() + 40]!r}")
    assert offenders == []


@pytest.mark.parametrize("protocol", PROTOCOLS, ids=lambda p: p.slug)
def test_the_page_opens_with_its_areas_duties_and_every_stage_s_who_what_and_by_when(site_dir, protocol):
    page = _article(site_dir, f"partnerships/{protocol.slug}")
    top = page[: page.index('id="summary"')]
    top_text = _text(top)
    # The areas the source names, or a visible note that it names none.
    if protocol.areas:
        for area in protocol.areas:
            assert f'<span class="area">{html.escape(area.name)}</span>' in top
        assert "Covers:" in top_text
    else:
        assert "Areas covered: the source names none." in top_text
    # The way to the calculator is the first link of the page's content.
    first_link = re.search(r'<a [^>]*href="([^"]+)"', page[page.index("</h1>") :])
    assert first_link.group(1) == "#deadlines"
    # The child-protection duty in the source's words, else the handbook's
    # reminder labelled as its own, and a passed review date come before the stages.
    for rule in protocol.child_protection:
        for q in rule.quote:
            assert f"“{_norm(q)}”" in top_text
    note = HANDBOOK_CP_NOTE.format(word=protocol.stage_word.lower())
    assert (note in top_text) == (not protocol.child_protection)
    review = protocol.document.review
    if review and review < _build_date():
        assert f"Review date passed: the source was due for review on {review.day} {review:%B %Y}" in top_text
    else:
        assert "Review date passed" not in top_text
    # The stages: a step per stage, whom it goes to, and each timescale in the source's words.
    summary = _between(page, 'id="summary"', 'id="deadlines"')
    rows = re.findall(r'<li class="step[^"]*" data-stage="([^"]+)">(.*?)<details', summary, re.S)
    assert [r[0] for r in rows] == [s.id for s in protocol.stages]
    for (_, row), stage in zip(rows, protocol.stages, strict=True):
        row_text = re.sub(r"^(\d+|or) ", "", _text(row))  # the step's circle
        assert row_text.startswith(f"{stage.label(protocol.stage_word)}: {stage.title}")
        assert "Who:" in row_text
        for t in stage.timescales:
            assert f"{_norm(t.action)}: “{_norm(t.wording)}”" in row_text
        if not stage.timescales and any(s.timescales for s in protocol.stages):
            assert "No timescale in the source." in row_text
    # The calculator follows the summary directly.
    deadlines = page[page.index('id="deadlines"') : page.index('id="flowchart"')]
    assert "data-calculator" in deadlines


def test_a_procedure_with_no_timescale_says_so_and_offers_no_deadlines_to_work_out(site_dir):
    without = [p for p in PROTOCOLS if not any(s.timescales for s in p.stages)]
    assert without, "no protocol without timescales to check (CSCP's source has none)"
    for protocol in without:
        page = _article(site_dir, f"partnerships/{protocol.slug}")
        mine = page[: page.index('id="deadlines"') + 200] + page[page.index('id="flowchart"') :]
        text = _text(mine)
        assert "The source gives no timescale for any stage" in text
        assert "What, and by when" not in text
        assert "Work out your deadlines" not in text
        assert re.search(r'<h2 id="deadlines">Look up your stage</h2>', page)


@pytest.mark.parametrize("protocol", PROTOCOLS, ids=lambda p: p.slug)
def test_each_stage_says_what_its_source_says_happens_once_resolved_and_nothing_where_it_says_nothing(
    site_dir, protocol
):
    page = _article(site_dir, f"partnerships/{protocol.slug}")
    for stage in protocol.stages:
        block = _stage_block(page, protocol, stage.id)
        heading = f'id="stage-{stage.id}-resolved"'
        if stage.if_resolved:
            assert heading in block, stage.id
            resolved = _text(block[block.index(heading) :])
            for s in stage.if_resolved:
                assert _norm(s.text) in resolved
        else:
            assert heading not in block, stage.id
            assert "If it is resolved" not in _text(block)


@pytest.mark.parametrize("protocol", PROTOCOLS, ids=lambda p: p.slug)
def test_the_handbook_s_notes_on_gaps_in_the_source_are_shown_as_its_own(site_dir, protocol):
    page = _article(site_dir, f"partnerships/{protocol.slug}")
    notes = [
        _text(n)
        for n in re.findall(r'<div class="admonition note handbook-note" role="note">(.*?)</div>\s*</div>', page, re.S)
    ]
    for gap in protocol.gaps:
        assert any(n.startswith("Handbook note") and _norm(gap.text) in n for n in notes), gap.text
    for stage in protocol.stages:
        block = _stage_block(page, protocol, stage.id)
        for gap in stage.gaps:
            assert "Handbook note: where the source is unclear" in _text(block)
            assert _norm(gap.text) in _text(block)


@pytest.mark.parametrize("protocol", PROTOCOLS, ids=lambda p: p.slug)
def test_the_source_s_words_are_one_click_away_and_still_in_the_search_index(site_dir, protocol):
    page = _article(site_dir, f"partnerships/{protocol.slug}")
    details = [_text(d) for d in re.findall(r'<details class="source-details">(.*?)</details>', page, re.S)]
    assert details and all(
        d.startswith("The source's words") or d.startswith("Heading in the source") or d.startswith("Contact details")
        for d in details
    )
    inside = " ".join(details)
    index = json.loads((site_dir / "search" / "search_index.json").read_text(encoding="utf-8"))
    indexed = " ".join(
        _text(d["text"]) for d in index["docs"] if d["location"].startswith(f"partnerships/{protocol.slug}/")
    )
    top = _text(page[: page.index('id="summary"')])
    for rule in protocol.child_protection:  # quoted on the first screen, not one click away
        for q in rule.quote:
            assert _norm(q) in top and _norm(q) in indexed, q
    rules = list(protocol.gaps)
    for stage in protocol.stages:
        rules += [*stage.actions, *stage.if_resolved, *stage.gaps]
        for t in stage.timescales:
            for q in t.quote:
                assert _norm(q) in inside, q
                assert _norm(q) in indexed, q
    for rule in rules:
        for q in rule.quote:
            assert _norm(q) in inside, q
            assert _norm(q) in indexed, q


@pytest.mark.parametrize("protocol", [p for p in PROTOCOLS if p.areas], ids=lambda p: p.slug)
def test_the_search_index_has_each_area_in_the_partnership_s_opening_section(site_dir, protocol):
    index = json.loads((site_dir / "search" / "search_index.json").read_text(encoding="utf-8"))
    opening = [d for d in index["docs"] if d["location"] == f"partnerships/{protocol.slug}/"]
    assert len(opening) == 1
    for area in protocol.areas:
        assert area.name in _text(opening[0]["text"])


def test_the_home_page_lists_every_partnership_with_its_areas_and_a_filter_with_a_label(site_dir):
    page = _article(site_dir, "")
    box = re.search(r'<div class="list-filter" data-filter [^>]*hidden>(.*?)</div>', page, re.S)
    assert box, "no filter (hidden until its script runs)"
    field = re.search(r'<input type="search" id="([^"]+)"', box.group(1))
    assert f'<label for="{field.group(1)}">' in box.group(1)
    assert 'role="status" aria-live="polite"' in box.group(1)
    items = dict(re.findall(r'<li data-filter-item data-filter-key="([^"]+)">(.*?)</li>', page, re.S))
    assert set(items) == set(BY_SLUG)
    for slug, item in items.items():
        p = BY_SLUG[slug]
        text = _text(item)
        assert text.startswith(p.name)
        if p.areas:
            assert "Covers: " + ", ".join(a.name for a in p.areas) in text
        else:
            assert "Areas: not named in its procedure" in text


def test_the_comparison_has_one_table_per_stage_number_with_a_row_per_partnership_stage(site_dir):
    page = _article(site_dir, "compare")
    sections = re.findall(
        r'<h2 id="stage-([^"]+)">Stage [^<]+</h2>(.*?)(?=<div class="compare-section"|</article>|$)', page, re.S
    )
    numbers = [n for n, _ in sections]
    expected = sorted({s.number or s.id for p in PROTOCOLS for s in p.stages}, key=int)
    assert numbers == expected
    for number, body in sections:
        rows = re.findall(r'<tr data-filter-item data-filter-key="([^"]+)">(.*?)</tr>', body, re.S)
        in_site_order = sorted(PROTOCOLS, key=lambda p: (p.name.casefold(), p.slug))
        want = [(p.slug, s) for p in in_site_order for s in p.stages if (s.number or s.id) == number]
        assert [slug for slug, _ in rows] == [slug for slug, _ in want]
        for (slug, row), (_, stage) in zip(rows, want, strict=True):
            text = _text(row)
            assert f"{stage.label(BY_SLUG[slug].stage_word)}: {stage.title}" in text
            for t in stage.timescales:
                assert f"“{_norm(t.wording)}”" in text
        absent = [p for p in PROTOCOLS if not any((s.number or s.id) == number for s in p.stages)]
        for p in absent:
            assert p.name in _text(body[body.index("No stage") :])


@pytest.mark.parametrize("protocol", [p for p in PROTOCOLS if p.document.source], ids=lambda p: p.slug)
def test_the_page_links_its_reviewers_to_the_source_beside_the_handbook(site_dir, protocol):
    page = _article(site_dir, f"partnerships/{protocol.slug}")
    source = _between(page, 'id="source"', "</div>")
    assert f'href="../../sources-review/{protocol.slug}/"' in source
    assert (site_dir / "sources-review" / protocol.slug / "index.html").is_file()


def test_the_summary_says_what_each_limit_counts_from_and_the_source_s_own_working_day(site_dir):
    page = _article(site_dir, "partnerships/staffordshire-stoke-on-trent")
    summary = _norm(_text(_between(page, 'class="stage-summary"', "</table>")))
    for anchor in (
        "“within 1 working day”, from the day stage 2 began (handbook's reading)",
        "“within a maximum of 1 working day”, from agreement at stage 2",
        "“within five working days”, from the day stage 4 began (handbook's reading)",
    ):
        assert _norm(anchor) in summary, anchor
    text = _norm(_text(page))
    assert (
        _norm(
            "The source says “Working day does not include weekends”; the handbook also skips bank "
            "holidays, and where one falls inside a limit it shows both dates."
        )
        in text
    )
    lscp = _norm(_text(_between(_article(site_dir, "partnerships/lscp"), 'class="stage-summary"', "</table>")))
    assert (
        _norm("“a date set within 24 hours of step 3”, read by the handbook as from the day step 4 (urgent) began")
        in lscp
    )
    assert "does not skip bank holidays" not in _norm(_text(_article(site_dir, "partnerships/lscp")))


@pytest.mark.parametrize("protocol", PROTOCOLS, ids=lambda p: p.slug)
def test_the_stages_are_one_step_by_step_list_each_in_full_one_click_away_and_said_once(site_dir, protocol):
    """GOV.UK's step-by-step pattern: one numbered list, "or" where the
    procedure branches, each step's detail in a <details>; no second list of
    the stages (no "in words" list under the flowchart, no "each stage in
    full" section) and each timescale's wording shown once."""
    page = _article(site_dir, f"partnerships/{protocol.slug}")
    steps = re.findall(
        r'<li class="step( step-or)?" data-stage="([^"]+)">\s*<h3 class="step-heading" id="([^"]+)">'
        r'<span class="step-circle[^"]*"[^>]*>([^<]+)</span>',
        page,
    )
    assert [(s[1], s[2]) for s in steps] == [(s.id, f"stage-{s.id}") for s in protocol.stages]
    for (alternative, _, _, circle), stage in zip(steps, protocol.stages, strict=True):
        branches = (
            any(
                stage.id in targets and prev in targets
                for targets in ([t.stage for t in s.next] for s in protocol.stages)
                for prev in [protocol.stages[protocol.stages.index(stage) - 1].id]
            )
            and stage is not protocol.stages[0]
        )
        assert bool(alternative) == branches and (circle == "or") == branches, stage.id
    assert len(re.findall(r'<details class="step-details">\s*<summary>', page)) == len(protocol.stages)
    assert page.count('<ol class="steps"') == 1 and "flowchart-steps" not in page
    assert "in full</h2>" not in page and 'id="stages"' in page
    shown = re.sub(r"<details.*?</details>|<svg.*?</svg>", "", page, flags=re.S)
    wordings = [_norm(t.wording) for s in protocol.stages for t in s.timescales]
    for w in wordings:
        assert _text(shown).count(f"“{w}”") == wordings.count(w), w


def test_lscp_s_two_step_4s_are_marked_as_one_or_the_other(site_dir):
    page = _article(site_dir, "partnerships/lscp")
    assert re.search(r'<li class="step step-or" data-stage="4-non-urgent">', page)
    assert '<span class="step-circle step-circle-logic">or</span>' in page


def test_every_link_into_a_partnership_page_lands_on_an_id_it_has(site_dir):
    ids = {
        p.slug: set(re.findall(r'id="([^"]+)"', (site_dir / "partnerships" / p.slug / "index.html").read_text()))
        for p in PROTOCOLS
    }
    missing = []
    for path in _every_page(site_dir):
        for slug, fragment in re.findall(
            r'href="[^"#]*partnerships/([^/"#]+)/(?:index\.html)?#([^"]+)"', path.read_text(encoding="utf-8")
        ):
            if slug in ids and fragment not in ids[slug]:
                missing.append(f"{path.relative_to(site_dir)} → {slug}#{fragment}")
    assert missing == []
