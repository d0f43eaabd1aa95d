"""What a preview rebuild keeps from the build before it: the pages whose declared inputs did not change.

`handbook serve` builds again in the same process, with the same plugin,
after a save in the protocols folder (any other change starts afresh). The
plugin then asks `Incremental` which of its pages it need not make: a page
whose fingerprint (`page_inputs`: the digests of the files it declares it
reads, and the build date) is the one it had, in a site whose navigation is
the same. Such a page goes to MkDocs as a `KeptFile`, which MkDocs' own
"dirty" build neither reads nor writes, so its HTML stays as written. The
theme's search index is made from every page's entries: those of the pages
made now, and the kept pages' entries from the build before, in page order.
A navigation that changed (a partnership renamed, a file made invalid, a
page added to it) empties the site and makes every page, as a full build does.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from mkdocs import utils
from mkdocs.structure.files import File

__all__ = ["KeptFile", "Incremental", "SEARCH_PLUGIN"]

#: The theme's search plugin, as mkdocs.yml names it to MkDocs.
SEARCH_PLUGIN = "material/search"


class KeptFile(File):
    """A generated page the build before wrote, unchanged since: MkDocs' dirty
    build skips it (never reads its content, never writes its HTML)."""

    def is_modified(self) -> bool:
        return False


@dataclass
class _Built:
    """What one build leaves for the next: its navigation, each page's
    fingerprint and written file, and each page's search entries."""

    nav: Any
    titles: dict[str, str | None]
    fingerprints: dict[str, str | None]
    dests: dict[str, str]
    search: dict[str, list[Any]]
    #: The list of pages it made (`site_pages.Page`), each with its place in the navigation.
    pages: list[Any]


@dataclass
class Incremental:
    """The preview's memory of its last build, on the plugin's instance."""

    #: The last build of each site folder (MkDocs keeps a plugin's instance
    #: while a configuration is loaded again in the same process).
    built: dict[str, _Built] = field(default_factory=dict)
    #: This build's site folder, and the build before it there, while it runs
    #: (a build that fails leaves none).
    site_dir: str = ""
    previous: _Built | None = None
    #: This build's: whether pages may be kept, fingerprints, search entries by page.
    keeping: bool = False
    fingerprints: dict[str, str | None] = field(default_factory=dict)
    search: dict[str, list[Any]] = field(default_factory=dict)
    #: The pages this build kept.
    kept: set[str] = field(default_factory=set)

    def forget(self) -> None:
        """A build failed (the preview may then have written its problems over
        every page): the next build makes every page."""
        self.built.pop(self.site_dir, None)
        self.previous = None

    def start(self, nav: Any, site_dir: str) -> None:
        """A build begins: pages may be kept only where the last build of the
        same site wrote them, with the same navigation; otherwise the site is
        emptied."""
        self.site_dir = site_dir
        self.previous = previous = self.built.pop(site_dir, None)
        self.keeping = previous is not None and previous.nav == nav
        self.fingerprints, self.search, self.kept = {}, {}, set()
        if not self.keeping:
            utils.clean_directory(site_dir)

    def keeps(self, src: str, fingerprint: str | None) -> bool:
        """Whether the page at `src` stays as the build before wrote it."""
        self.fingerprints[src] = fingerprint
        last = self.previous
        if not self.keeping or last is None or fingerprint is None or last.fingerprints.get(src) != fingerprint:
            return False
        dest = last.dests.get(src)
        if dest is None or not os.path.isfile(dest):
            return False
        self.kept.add(src)
        return True

    def remove_gone(self, present: set[str]) -> None:
        """Delete what the build before wrote for pages this build no longer has."""
        if not self.keeping or self.previous is None:
            return
        for src, dest in self.previous.dests.items():
            if src not in present and os.path.isfile(dest):
                os.remove(dest)

    def page_indexed(self, src: str, entries_before: int, entries: list[Any]) -> None:
        """The search entries the theme made for a page this build made."""
        self.search[src] = entries[entries_before:]

    def search_entries(self, pages: Sequence[File]) -> list[Any]:
        """The whole search index's entries, in page order: each made page's
        own, each kept page's from the build before."""
        last_search = self.previous.search if self.previous is not None else {}
        entries: list[Any] = []
        for f in pages:
            entries += self.search.get(f.src_uri, last_search.get(f.src_uri, []))
        return entries

    def pages_before(self, site_dir: str) -> list[Any]:
        """The pages the last build of a site folder made (none: it made none, or failed)."""
        last = self.built.get(site_dir)
        return last.pages if last is not None else []

    def title(self, src: str) -> str | None:
        """A kept page's title, as the build before found it (the navigation
        of every page made now shows it)."""
        return self.previous.titles.get(src) if self.previous is not None else None

    def finish(self, site_dir: str, nav: Any, pages: list[File], made: list[Any]) -> None:
        """The build succeeded: remember it (`made`: its list of pages) for the next."""
        last_search = self.previous.search if self.previous is not None else {}
        self.built[site_dir] = _Built(
            nav=nav,
            titles={f.src_uri: f.page.title for f in pages if f.page is not None},
            fingerprints=dict(self.fingerprints),
            dests={f.src_uri: f.abs_dest_path for f in pages},
            search={f.src_uri: self.search.get(f.src_uri, last_search.get(f.src_uri, [])) for f in pages},
            pages=made,
        )
        self.previous = None
