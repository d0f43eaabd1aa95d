"""The MkDocs plugin: the thin adapter from MkDocs to the handbook's page generators.

What one build reads is `inputs.BuildInputs`; the pages it makes, with their
places in the navigation, are the one list `site_pages.site_pages`; here we
only hand that list to MkDocs (the navigation, then the files), bundle the
calculator and write the servers' files after the build (`server_files`).

In the live preview (`handbook serve`, or `mkdocs serve`) the site also has a
page of the changes since the last record, for policy authors; `handbook
build` never publishes it.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel

from authoring import places
from authoring.diff.saved_files import changes_since_record
from calculator.glossary import Term

from . import abbreviations, changes_page, glossary, server_files, site_config
from .bundle import assemble
from .bundle.errors import BundleError
from .inputs import BuildInputs, read_inputs
from .site_pages import CHANGES_SRC, Page, glossary_terms, navigation, site_pages


def _preview(command: str) -> bool:
    """True in the live preview: `mkdocs serve`, or `handbook serve` (which
    sets HANDBOOK_PREVIEW, as it rebuilds with fresh hooks)."""
    return command == "serve" or os.environ.get("HANDBOOK_PREVIEW") == "1"


def _add(files: Files, config: Any, src_uri: str, content: str, in_nav: bool = True) -> None:
    """Put a generated page among the site's files, in place of any file of the same path."""
    existing = files.get_file_from_path(src_uri)
    if existing is not None:
        files.remove(existing)
    inclusion = InclusionLevel.UNDEFINED if in_nav else InclusionLevel.NOT_IN_NAV
    files.append(File.generated(config, src_uri, content=content, inclusion=inclusion))


def _add_page(files: Files, config: Any, page: Page) -> None:
    if page.copy_of is not None:
        files.append(File.generated(config, page.src, abs_src_path=str(page.copy_of)))
    elif page.render is not None:
        _add(files, config, page.src, page.render(), in_nav=page.nav is not None)


def _add_changes(files, config, s: BuildInputs) -> None:
    """The live preview's page: every protocol file against its published
    version (as last recorded, no git), and a page for each one that changed."""
    links = s.links
    entries = changes_since_record(s.folder, s.today, s.table_for_nation)
    hrefs = {}
    for e in entries:
        if e.status == "changed" and e.changes:
            src = f"changes/{e.slug}.md"
            hrefs[e.slug] = links.href(CHANGES_SRC, src)
            _add(files, config, src, changes_page.render_markdown(e.changes, e.name, e.start), in_nav=False)
    _add(files, config, CHANGES_SRC, changes_page.render_preview_index(entries, hrefs))


def _terms_by_page(build: BuildInputs, pages: list[Page]) -> dict[str, list[Term]]:
    """The terms each page explains: a partnership's own page its glossary;
    any other page (under the key "") every partnership's."""
    by_slug = glossary_terms(build)
    names = {p.slug: p.name for p in build.protocols}
    terms = {page.src: by_slug[page.partnership] for page in pages if page.partnership in by_slug}
    terms[""] = glossary.shared_terms(by_slug, names)
    return terms


class HandbookPlugin(BasePlugin):
    """The handbook's pages for MkDocs (`plugins: - handbook` in mkdocs.yml).
    What one build loaded lives on the instance, never in the module."""

    def __init__(self) -> None:
        self.command = "build"
        self.build: BuildInputs | None = None
        self.pages: list[Page] = []
        #: Each page's glossary terms by its path (from the pages' list).
        self.terms: dict[str, list[Term]] = {}

    def on_startup(self, *, command, dirty) -> None:
        self.command = command

    def on_config(self, config):
        site_config.snippets_from_the_config_folder(config)
        preview = _preview(self.command)
        self.build = read_inputs(site_config.protocols_dir(config), preview, config.use_directory_urls)
        self.pages = site_pages(self.build, preview)
        config.nav = navigation(self.pages)
        self.terms = _terms_by_page(self.build, self.pages)
        return config

    def on_page_content(self, html, *, page, config, files):
        return abbreviations.explain(html, self.terms.get(page.file.src_uri, self.terms.get("", [])))

    def on_files(self, files, *, config):
        for page in self.pages:
            _add_page(files, config, page)
        if _preview(self.command):
            _add_changes(files, config, self._loaded())
        return files

    def on_post_build(self, *, config) -> None:
        build = self._loaded()
        site_dir = Path(config.site_dir)
        try:
            assemble.bundle_calculator(site_dir=site_dir, protocols=build.protocols, protocols_dir=build.folder)
        except BundleError as e:
            raise PluginError(str(e)) from None
        server_files.write_server_files(site_dir, config.site_url)

    def on_serve(self, server, *, config, builder):
        # The protocols (with their scenarios and source texts) and the generators.
        server.watch(str(site_config.protocols_dir(config)))
        server.watch(str(places.BUILD))
        return server

    def _loaded(self) -> BuildInputs:
        if self.build is None:
            raise PluginError("the handbook's plugin was not configured (no on_config)")
        return self.build
