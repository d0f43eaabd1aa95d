"""The readers' pages of recorded changes and their Atom feeds, rendered in
this process from the repository's own history: What's new newest first, each
partnership's "Last updated … — see all changes", feeds a real feed reader
(feedparser) reads, with stable ids and addresses relative to the feed."""

from __future__ import annotations

import re
from pathlib import Path

import feedparser
import pytest

from handbook_site.inputs import read_inputs
from handbook_site.site_pages import navigation, site_pages

ROOT = Path(__file__).resolve().parents[2]
#: Where a site might be published: a feed's relative addresses resolve against its own.
FEED_AT = "https://intranet.example/handbook/feeds/"


@pytest.fixture(scope="module")
def rendered():
    build = read_inputs(ROOT / "protocols", False, True)
    pages = {p.src: p for p in site_pages(build, False)}
    return lambda src: pages[src].render()


def _parsed(text: str, name: str):
    return feedparser.parse(
        text, response_headers={"content-location": FEED_AT + name, "content-type": "application/atom+xml"}
    )


def test_the_handbook_s_feed_is_atom_with_every_entry_newest_first(rendered):
    feed = _parsed(rendered("feeds/handbook.atom"), "handbook.atom")
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    entries = feed.entries
    assert len(entries) == 20  # 16 corrections recovered from the five files' history, 4 glossaries added
    assert [e.updated for e in entries] == sorted((e.updated for e in entries), reverse=True)
    assert len({e.id for e in entries}) == len(entries)
    assert all(re.fullmatch(r"urn:uuid:[0-9a-f-]{36}", e.id) for e in entries)
    assert all(e.link.startswith("https://intranet.example/handbook/whats-new/") for e in entries)
    assert feed.feed.link == "https://intranet.example/handbook/whats-new/"


def test_an_entry_keeps_its_id_from_build_to_build_and_in_both_feeds(rendered):
    whole = {e.link: e.id for e in _parsed(rendered("feeds/handbook.atom"), "handbook.atom").entries}
    own = _parsed(rendered("feeds/salford.atom"), "salford.atom")
    assert own.feed.title == "Escalation Handbook: changes to Salford Safeguarding Children Board"
    assert len(own.entries) == 3
    for e in own.entries:
        assert whole[e.link] == e.id
        assert e.link.startswith("https://intranet.example/handbook/whats-new/salford/#change-salford-2026-12-0")
    assert own.entries[1].id == "urn:uuid:9961a6f6-103b-5959-bd33-5fc93eaa11cb"


def test_what_s_new_lists_every_change_newest_first_with_its_partnership(rendered):
    page = rendered("whats-new/index.md")
    dates = re.findall(r'<h2 id="change-[^"]+-title"><time datetime="([0-9-]+)">', page)
    assert len(dates) == 20 and dates == sorted(dates, reverse=True)
    assert '<a href="../partnerships/salford/">Salford Safeguarding Children Board</a>' in page
    assert '<a href="../feeds/handbook.atom" type="application/atom+xml">' in page


def test_a_partnership_page_says_when_it_was_last_updated_and_links_to_its_changes(rendered):
    page = rendered("partnerships/salford.md")
    assert (
        '<p class="last-updated">Last updated <time datetime="2026-12-06">6 December 2026</time>'
        ' — <a href="../../whats-new/salford/">see all changes</a></p>'
    ) in page
    assert "\nfeed: feeds/salford.atom\n" in page
    changes = rendered("whats-new/salford.md")
    assert 'id="change-salford-2026-12-02-1"' in changes and "Correction of the handbook&#39;s reading." in changes


def test_the_home_page_links_to_what_s_new_with_the_latest_change_and_the_navigation_lists_it_after_the_partnerships(
    rendered,
):
    home = rendered("index.md")
    assert (
        "<li><a href=\"whats-new/\">What's new</a>: every change to a partnership's page, newest first"
        ' (the latest on <time datetime="2026-12-06">Sunday 6 December 2026</time>)'
    ) in home
    build = read_inputs(ROOT / "protocols", False, True)
    sections = [next(iter(s)) for s in navigation(site_pages(build, False))]
    assert sections[:3] == ["Home", "Partnerships", "What's new"]
