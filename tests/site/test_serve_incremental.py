"""`handbook serve` at scale: a save makes again only the pages its file feeds, and a kept page is never stale.

Twenty partnerships (copies of the real ones, with the training scenarios)
are built by the preview's own builder, the one its live-reload server calls
after a save (`preview.Rebuild`). Each test then changes one input and
builds again: the change reaches its pages and the shared pages listing it,
no other page is written, and the site is the same, byte for byte, as a
fresh build of the same files.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from authoring.site import mkdocs_run, preview
from tests.support.many_protocols import make_protocols

PARTNERSHIPS = 20
EDITED = "cscp-2"
#: The shared pages a partnership's file feeds, and the ones made on every build.
SHARED = {
    "index.html",
    "compare/index.html",
    "counting/index.html",
    "calculator/index.html",
    "forms/index.html",
    "review-status/index.html",
    "sources-review/index.html",
    "glossary/index.html",  # every partnership's terms
    "whats-new/index.html",  # every partnership's changes
    "changes/index.html",  # the preview's page of changes: made on every build
    "404.html",  # the theme's: made on every build
}


class Preview:
    """A preview's builder over a folder of protocols, and its site."""

    def __init__(self, folder: Path, site: Path) -> None:
        self.folder, self.site = folder, site
        self.rebuild = preview.Rebuild(str(mkdocs_run.config_file()), site, "http://127.0.0.1:8000/", "127.0.0.1:8000")
        config = self.rebuild.config()
        config.plugins.on_startup(command="serve", dirty=False)
        self.rebuild(config)
        assert not self.rebuild.failed

    def pages(self) -> dict[str, int]:
        return {str(p.relative_to(self.site)): p.stat().st_mtime_ns for p in self.site.rglob("*.html")}

    def save(self, path: Path, old: str, new: str) -> set[str]:
        """Replace `old` by `new` in a file, build as after a save; the HTML pages written."""
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{path.name}: no {old!r}"
        before = self.pages()
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
        self.rebuild()
        assert not self.rebuild.failed
        after = self.pages()
        return {p for p, mtime in after.items() if before.get(p) != mtime}

    def append(self, path: Path, text: str) -> set[str]:
        """Add `text` at the end of a file, build as after a save; the HTML pages written."""
        whole = path.read_text(encoding="utf-8")
        return self.save(path, whole, whole + text)

    def read(self, page: str) -> str:
        return (self.site / page).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def served(tmp_path_factory) -> Iterator[Preview]:
    tmp = tmp_path_factory.mktemp("incremental")
    folder = tmp / "protocols"
    make_protocols(PARTNERSHIPS, folder, scenarios=True)
    saved = {k: os.environ.get(k) for k in ("HANDBOOK_PROTOCOLS", "HANDBOOK_PREVIEW", "SOURCE_DATE_EPOCH")}
    os.environ.update(HANDBOOK_PROTOCOLS=str(folder), HANDBOOK_PREVIEW="1", SOURCE_DATE_EPOCH="1797897600")
    dont_write = sys.dont_write_bytecode
    sys.dont_write_bytecode = True
    try:
        yield Preview(folder, tmp / "site")
    finally:
        sys.dont_write_bytecode = dont_write
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def _own_pages(served: Preview, slug: str) -> set[str]:
    """A partnership's pages: its page, its flowchart, its forms and the reviewers' page of its source."""
    own = {p for p in served.pages() if p.split("/")[1:2] == [slug] or p.startswith(f"forms/{slug}-")}
    assert {f"partnerships/{slug}/index.html", f"partnerships/{slug}/flowchart.html"} <= own
    assert f"sources-review/{slug}/index.html" in own
    return own


def _same_as_a_fresh_build(served: Preview, tmp: Path) -> None:
    fresh = Preview(served.folder, tmp / "fresh")
    ours = {str(p.relative_to(served.site)) for p in served.site.rglob("*") if p.is_file()}
    theirs = {str(p.relative_to(fresh.site)) for p in fresh.site.rglob("*") if p.is_file()}
    assert ours == theirs
    differ = [p for p in sorted(ours) if (served.site / p).read_bytes() != (fresh.site / p).read_bytes()]
    assert differ == []


def test_a_renamed_stage_reaches_its_page_and_the_shared_pages_listing_it_and_no_other_page(served, tmp_path):
    protocol = served.folder / f"{EDITED}.yaml"
    stage = re.search(r"(?m)^    title: (.+)$", protocol.read_text(encoding="utf-8").split("\nstages:", 1)[1])
    assert stage is not None
    renamed = f"{stage.group(1)} (renamed)"
    written = served.save(protocol, stage.group(0), f"    title: {renamed}")
    assert written == _own_pages(served, EDITED) | SHARED
    assert renamed in served.read(f"partnerships/{EDITED}/index.html")
    assert renamed in served.read("compare/index.html")
    assert renamed in served.read("search/search_index.json")
    _same_as_a_fresh_build(served, tmp_path)


def test_a_source_text_a_scenario_and_an_invalid_file_each_reach_their_pages(served, tmp_path):
    slug = "lscp-2"  # no scenario uses it
    added = "A sentence added to the source for a test of the preview."
    written = served.append(served.folder / "sources" / f"{slug}.txt", f"\n{added}\n")
    assert written == _own_pages(served, slug) | SHARED
    assert added in served.read(f"sources-review/{slug}/index.html")

    scenario = served.folder / "scenarios" / "lscp-1-urgent-referral-threshold.yaml"
    written = served.save(scenario, "A school's designated", "A primary school's designated")
    walk = "scenarios/lscp-1-urgent-referral-threshold/"
    assert written == {
        f"{walk}index.html",
        f"{walk}handout.html",
        f"{walk}presenter.html",
        "scenarios/index.html",
        "changes/index.html",
        "404.html",
    }
    assert "primary school" in served.read(f"{walk}index.html")

    # A file made invalid (its YAML, so even its name is unreadable) keeps its
    # places in the navigation: its problems stand at each of them, and no
    # other partnership's page is made again. Fixed, the site is a fresh build's.
    broken = served.folder / "salford-1.yaml"
    walks = {p for p in served.pages() if p.startswith("scenarios/salford-1-") and p.endswith("/index.html")}
    assert walks
    standing = {"partnerships/salford-1/index.html", "sources-review/salford-1/index.html", *walks}
    nav = _navigation(served.read("partnerships/salford-1/index.html"))
    written = served.save(broken, "\nstages:", "\nstages: [")
    assert standing <= written
    assert not {p for p in written if p.startswith("partnerships/") and "salford-1" not in p}
    for page in standing:
        assert "salford-1.yaml" in served.read(page) and "problems to fix" in served.read(page), page
    assert _navigation(served.read("partnerships/salford-1/index.html")) == nav
    served.save(broken, "\nstages: [", "\nstages: [[")  # another mistake: the same places
    assert "problems to fix" in served.read("sources-review/salford-1/index.html")
    written = served.save(broken, "\nstages: [[", "\nstages:")
    assert not {p for p in written if p.startswith("partnerships/") and "salford-1" not in p}
    assert "problems to fix" not in served.read("partnerships/salford-1/index.html")
    _same_as_a_fresh_build(served, tmp_path / "after-fix")


def _navigation(page: str) -> list[tuple[str, str]]:
    """A page's navigation, as the theme writes it: each entry's link and text
    (not the page's own table of contents)."""
    nav = re.search(r'<nav class="md-nav md-nav--primary".*', page, re.S)
    assert nav is not None
    links = re.findall(r'<a href="([^"#][^"]*)"[^>]*class="md-nav__link[^"]*"[^>]*>(.*?)</a>', nav.group(0), re.S)
    assert len(links) > PARTNERSHIPS
    return [(href, re.sub(r"\s+", " ", re.sub(r"<[^>]*>", "", text)).strip()) for href, text in links]


def test_a_change_to_the_code_templates_or_theme_starts_afresh(served, tmp_path):
    marker = tmp_path / "template.j2"
    marker.write_text("one", encoding="utf-8")
    served.rebuild.code.append(marker)
    try:
        served.rebuild()
        config = served.rebuild.kept[0] if served.rebuild.kept else None
        marker.write_text("two", encoding="utf-8")
        served.rebuild()
        assert served.rebuild.kept is not None and served.rebuild.kept[0] is not config
        assert not served.rebuild.failed
    finally:
        served.rebuild.code.remove(marker)
