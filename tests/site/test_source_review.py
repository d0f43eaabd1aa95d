"""The sources beside the handbook: for every partnership, a page with its
source text in which every quote of its protocol is marked and linked to a
place on the partnership's page that exists, and every paragraph no quote
touches is marked "Not used"."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from authoring.checked import load_protocols, protocol_data
from authoring.quotes import normalise_quote
from handbook_site import source_review

ROOT = Path(__file__).resolve().parents[2]

PROTOCOLS = load_protocols(ROOT / "protocols")


class _Review(HTMLParser):
    """The source paragraphs of a reviewers' page: their text (links and tags
    aside), which characters are marked, and the links to the partnership's page."""

    def __init__(self) -> None:
        super().__init__()
        self.paragraphs: list[dict] = []
        self.links: list[str] = []
        self._in_review = 0
        self._skip = 0
        self._mark = 0
        self._current: dict | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        classes = (a.get("class") or "").split()
        if tag == "div" and "source-review" in classes:
            self._in_review = 1
        elif self._in_review and tag == "p" and "source-paragraph" in classes:
            self._current = {"text": "", "mask": [], "unused": "source-unused" in classes}
        elif self._current is not None and tag == "mark":
            self._mark += 1
        elif self._current is not None and tag == "span" and {"source-use", "source-tag"} & set(classes):
            self._skip += 1
        elif self._current is not None and tag == "a" and self._skip:
            self.links.append(a["href"])

    def handle_endtag(self, tag):
        if self._current is not None:
            if tag == "p":
                self.paragraphs.append(self._current)
                self._current = None
            elif tag == "mark":
                self._mark -= 1
            elif tag == "span" and self._skip:
                self._skip -= 1
        elif tag == "div" and self._in_review:
            self._in_review = 0

    def handle_data(self, data):
        if self._current is not None and not self._skip:
            self._current["text"] += data
            self._current["mask"] += [self._mark > 0] * len(data)


def _review(site_dir: Path, slug: str) -> _Review:
    parser = _Review()
    parser.feed((site_dir / "sources-review" / slug / "index.html").read_text(encoding="utf-8"))
    return parser


def _ids(html: str) -> set[str]:
    return set(re.findall(r'\bid="([^"]+)"', html))


@pytest.mark.parametrize("protocol", PROTOCOLS, ids=lambda p: p.slug)
def test_every_quote_is_marked_in_the_source_and_every_unmarked_paragraph_says_not_used(site_dir, protocol):
    review = _review(site_dir, protocol.slug)
    assert review.paragraphs, "no source paragraphs on the page"
    text = " ".join(p["text"].strip() for p in review.paragraphs)
    mask: list[bool] = []
    for p in review.paragraphs:
        stripped = p["text"].strip()
        start = p["text"].index(stripped[0]) if stripped else 0
        mask += p["mask"][start : start + len(stripped)] + [True]  # the joining space
    data = protocol_data(ROOT / "protocols" / f"{protocol.slug}.yaml")
    quotes = [normalise_quote(q) for _, q in source_review.quoted_paths(data)]
    assert quotes
    for quote in quotes:
        at = text.find(quote)
        assert at >= 0, f"quote not on the page: {quote[:80]}"
        assert all(mask[at : at + len(quote)]), f"quote not marked in full: {quote[:80]}"
    for p in review.paragraphs:
        assert p["unused"] == (not any(p["mask"])), p["text"][:80]


@pytest.mark.parametrize("protocol", PROTOCOLS, ids=lambda p: p.slug)
def test_every_use_links_to_a_place_that_exists_on_the_partnership_s_page(site_dir, protocol):
    review = _review(site_dir, protocol.slug)
    page = (site_dir / "partnerships" / protocol.slug / "index.html").read_text(encoding="utf-8")
    ids = _ids(page)
    assert review.links
    for href in review.links:
        path, _, fragment = href.partition("#")
        assert path == f"../../partnerships/{protocol.slug}/"
        assert fragment in ids, f"{href}: no id {fragment!r} on the partnership's page"


def test_the_whole_source_text_is_on_the_page_paragraph_by_paragraph(site_dir):
    protocol = next(p for p in PROTOCOLS if p.slug == "salford")
    review = _review(site_dir, "salford")
    source = (ROOT / "protocols" / "sources" / "salford.txt").read_text(encoding="utf-8")
    lines = [re.sub(r"^#+\s*", "", normalise_quote(line)) for line in source.splitlines()]
    assert [p["text"].strip() for p in review.paragraphs] == [line for line in lines if line]
    unused = [p["text"].strip() for p in review.paragraphs if p["unused"]]
    assert "Contents" in unused  # the table of contents' heading is not the procedure
    assert protocol.name


def test_the_counts_in_the_introduction_match_the_paragraphs(site_dir):
    for protocol in PROTOCOLS:
        review = _review(site_dir, protocol.slug)
        page = (site_dir / "sources-review" / protocol.slug / "index.html").read_text(encoding="utf-8")
        used = sum(not p["unused"] for p in review.paragraphs)
        assert f"{used} of the {len(review.paragraphs)} paragraphs are quoted" in page


def test_the_index_lists_every_partnership_s_page(site_dir):
    page = (site_dir / "sources-review" / "index.html").read_text(encoding="utf-8")
    for protocol in PROTOCOLS:
        assert f'href="{protocol.slug}/"' in page


def test_paragraphs_are_split_into_marked_and_unmarked_runs_with_the_link_where_each_quote_ends():
    source = "# Heading\n\nStage 1 *talk* to the manager\nwithin <sup>2</sup> days.\n\nNothing here.\n"
    paragraphs = source_review.review_paragraphs(source, [(0, "talk to the manager within 2 days"), (1, "Heading")])
    assert [(p.heading, p.used) for p in paragraphs] == [(True, True), (False, True), (False, True), (False, False)]
    assert paragraphs[0].runs == [("Heading", (1,), (1,))]
    assert paragraphs[1].runs == [("Stage 1 ", (), ()), ("talk to the manager", (0,), ())]
    assert paragraphs[2].runs == [("within 2 days", (0,), (0,)), (".", (), ())]
    assert paragraphs[3].runs == [("Nothing here.", (), ())]
