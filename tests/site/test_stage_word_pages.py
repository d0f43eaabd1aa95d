"""LSCP names its stages "Step": its partnership page, flowchart and scenario
pages (page, handout, presenter) never say "stage" in their visible text,
apart from the source's own words (quoted) and identifiers (ids, URLs, attributes)."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.site

STAGE = re.compile(r"\bstages?\b", re.IGNORECASE)


def _visible(page: str) -> str:
    """What a reader sees of the page's own words: no scripts, styles or
    navigation, no quotes of the source, no tags or attributes."""
    if '<article class="md-content__inner md-typeset">' in page:  # a MkDocs page: its content, not the site's menus
        start = page.index('<article class="md-content__inner md-typeset">')
        page = page[start : page.index("</article>", start)]
    page = re.sub(r"<(script|style|template)\b.*?</\1>", " ", page, flags=re.S)
    page = re.sub(r"<blockquote\b.*?</blockquote>|<q\b.*?</q>", " ", page, flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page)))


def _lscp_pages(site_dir: Path) -> list[Path]:
    pages = sorted((site_dir / "partnerships" / "lscp").glob("**/*.html"))
    for folder in sorted(site_dir.joinpath("scenarios").glob("lscp-*")):
        pages += sorted(folder.glob("**/*.html"))
    return pages


def test_lscp_pages_say_step_not_stage(site_dir):
    pages = _lscp_pages(site_dir)
    assert len(pages) >= 4
    said = []
    for path in pages:
        text = _visible(path.read_text(encoding="utf-8"))
        said += [
            f"{path.relative_to(site_dir)}: …{text[max(0, m.start() - 60) : m.end() + 40]}…"
            for m in STAGE.finditer(text)
        ]
    assert not said, "\n".join(said[:20])
