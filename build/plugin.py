"""The MkDocs plugin: the thin adapter from MkDocs to the handbook's page generators.

What one build reads is `inputs.BuildInputs`; the pages it makes, with their
places in the navigation, are the one list `site_pages.site_pages`; here we
only hand that list to MkDocs (the navigation, then the files), bundle the
calculator and write the servers' files after the build (`server_files`).

In the live preview (`handbook serve`, or `mkdocs serve`) the site also has a
page of the changes since the last record, for policy authors; `handbook
build` never publishes it. When `handbook serve` builds again with the same
plugin, it makes only the pages whose declared inputs changed (`incremental`).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel

from authoring import places
from authoring.diff.saved_files import changes_since_record
from calculator.glossary import Term

from . import abbreviations, changes_page, glossary, raw_blocks, server_files, site_config, templating
from .bundle import assemble
from .bundle.errors import BundleError
from .code_folder import CODE, code_folder
from .incremental import SEARCH_PLUGIN, Incremental, KeptFile
from .inputs import BuildInputs, read_inputs
from .page_inputs import digests, fingerprint
from .site_pages import CHANGES_SRC, Page, glossary_terms, navigation, site_pages, standing_in


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


def _code_into_its_folder(files: Files) -> None:
    """The calculator's code (docs/assets/calculator/) written to its folder
    named by its digest (`code_folder`), not beside its data."""
    folder = code_folder()
    for f in files:
        name = f.src_uri.removeprefix(CODE + "/")
        if name != f.src_uri and "/" not in name:
            f.dest_uri = f"{folder}/{name}"
            for cached in ("url", "abs_dest_path"):
                f.__dict__.pop(cached, None)


def _add_page(files: Files, config: Any, page: Page) -> None:
    """Put a page of `site_pages` among the site's files: rendered, or copied."""
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
        #: The preview's pages kept between builds of the same process.
        self.incremental = Incremental()
        self.files: Files | None = None
        self.indexed = 0
        #: Each generated page's raw HTML blocks held out of Markdown (`raw_blocks`).
        self.generated: set[str] = set()
        self.held: dict[str, dict[str, str]] = {}

    def on_startup(self, *, command, dirty) -> None:
        self.command = command

    def on_config(self, config):
        site_config.snippets_from_the_config_folder(config)
        preview = _preview(self.command)
        self.build = read_inputs(site_config.protocols_dir(config), preview, config.use_directory_urls)
        self.pages = site_pages(self.build, preview)
        if preview:  # a file with problems keeps its place in the navigation (every page's)
            self.pages = standing_in(self.pages, self.incremental.pages_before(config.site_dir), self.build)
        self.generated = {p.src for p in self.pages if p.render is not None}
        self.held = {}
        config.nav = navigation(self.pages)
        self.terms = _terms_by_page(self.build, self.pages)
        return config

    def on_files(self, files, *, config):
        _code_into_its_folder(files)
        if not _preview(self.command):
            for page in self.pages:
                _add_page(files, config, page)
            return files
        build, incremental = self._loaded(), self.incremental
        incremental.start(config.nav, config.site_dir)
        keys = digests(build)
        for page in self.pages:
            if page.render is not None and incremental.keeps(page.src, fingerprint(page.reads, keys, build.today)):
                inclusion = InclusionLevel.UNDEFINED if page.nav is not None else InclusionLevel.NOT_IN_NAV
                files.append(KeptFile.generated(config, page.src, content="", inclusion=inclusion))
            else:
                _add_page(files, config, page)
        _add_changes(files, config, build)
        incremental.remove_gone({f.src_uri for f in files})
        self.files, self.indexed = files, 0
        return files

    def on_page_markdown(self, markdown, *, page, config, files):
        """A generated page's large raw HTML blocks wait outside Markdown's parse."""
        src = page.file.src_uri
        if src not in self.generated:
            return markdown
        markdown, self.held[src] = raw_blocks.hold(markdown, str(len(self.held)))
        return markdown

    def on_page_content(self, html, *, page, config, files):
        """The held blocks back in the page, as they were written; then each
        glossary term explained where it stands (`abbreviations`)."""
        held = self.held.pop(page.file.src_uri, None)
        html = raw_blocks.put_back(html, held) if held else html
        return abbreviations.explain(html, self.terms.get(page.file.src_uri, self.terms.get("", [])))

    def on_env(self, env, *, config, files):
        """The theme's templates compiled once, kept in the project's cache as
        ours are; they name the calculator's code folder (theme-later.js)."""
        env.bytecode_cache = templating.compiled_templates()
        env.globals["calculator_code"] = code_folder()
        return env

    def on_nav(self, nav, *, config, files):
        """In the preview, each kept page in the navigation has the title it had."""
        for f in files:
            if isinstance(f, KeptFile) and f.page is not None:
                f.page.title = self.incremental.title(f.src_uri)
        return nav

    def on_page_context(self, context, *, page, config, nav):
        """In the preview, note the search entries the theme made for this page
        (its search plugin runs first)."""
        search = config.plugins.get(SEARCH_PLUGIN)
        if _preview(self.command) and search is not None:
            entries = search.search_index.entries
            self.incremental.page_indexed(page.file.src_uri, self.indexed, entries)
            self.indexed = len(entries)
        return context

    @event_priority(100)  # before the theme's search plugin writes its index
    def _search_of_kept_pages(self, *, config) -> None:
        search = config.plugins.get(SEARCH_PLUGIN)
        if _preview(self.command) and search is not None and self.files is not None:
            search.search_index.entries = self.incremental.search_entries(self.files.documentation_pages())

    def _bundle(self, *, config) -> None:
        """The calculator's bundle and the servers' files, after the pages."""
        build = self._loaded()
        site_dir = Path(config.site_dir)
        try:
            assemble.bundle_calculator(site_dir=site_dir, protocols=build.protocols, protocols_dir=build.folder)
        except BundleError as e:
            raise PluginError(str(e)) from None
        server_files.write_server_files(site_dir, config.site_url)
        if _preview(self.command) and self.files is not None:
            self.incremental.finish(config.site_dir, config.nav, list(self.files), self.pages)

    on_post_build = CombinedEvent(_search_of_kept_pages, _bundle)

    def on_build_error(self, *, error) -> None:
        """A failed build leaves nothing to keep: the next one makes every page."""
        self.incremental.forget()

    def on_serve(self, server, *, config, builder):
        # The protocols (with their scenarios and source texts) and the generators.
        server.watch(str(site_config.protocols_dir(config)))
        server.watch(str(places.BUILD))
        return server

    def _loaded(self) -> BuildInputs:
        if self.build is None:
            raise PluginError("the handbook's plugin was not configured (no on_config)")
        return self.build
