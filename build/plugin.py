"""MkDocs hooks: the thin adapter between MkDocs and the handbook's generators.

Everything that decides what a page says lives in the plain modules beside
this one (pages, flowchart, flowchart_view, comparison, counting, forms, scenario_pages,
review_pages, headers) and in `authoring.diff`; here we only load the
protocols and the training scenarios, hand the generated pages to MkDocs as
virtual files, put them in the navigation and write `_headers` after the build.

In the live preview (`handbook serve`, or `mkdocs serve`) the site also has a
page of the changes since the last commit, for policy authors; `handbook
build` never publishes it.

The protocols folder is $HANDBOOK_PROTOCOLS (set by `handbook build` and
`handbook serve` to the folder `authoring.places` chose: `--protocols DIR`,
else ./protocols, else the project's own), else `extra.protocols_dir` in
mkdocs.yml, else protocols/ beside mkdocs.yml (plain `mkdocs build`).

MkDocs puts this file's folder on sys.path only while importing it, so every
sibling module is imported here, at the top.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, InclusionLevel

from authoring import places, server_config
from authoring.diff.working_copy import working_copy_changes
from authoring.checked import Unbuilt, load_each_protocol, load_protocols, protocol_data
from authoring.holiday_table import build_table
from authoring.file_text import read_source_text
from authoring.loader import read_protocol_file
from authoring.problems import ProtocolError
from authoring.scenarios import ScenarioError, load_scenarios
from authoring.walkthrough import walkthrough
from calculator.model import NATIONS, Protocol

from . import (
    bundle,
    changes_page,
    comparison,
    counting,
    flowchart,
    flowchart_view,
    forms,
    headers,
    pages,
    review_pages,
    scenario_pages,
    source_review,
    templating,
)
from .links import Links

#: The live preview's page of changes since the last commit.
CHANGES_SRC = "changes/index.md"


def _preview(command: str) -> bool:
    """True in the live preview: `mkdocs serve`, or `handbook serve` (which
    sets HANDBOOK_PREVIEW, as it rebuilds with fresh hooks)."""
    return command == "serve" or os.environ.get("HANDBOOK_PREVIEW") == "1"


def _today() -> dt.date:
    """The build date; SOURCE_DATE_EPOCH makes a build reproducible."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date()
    return dt.date.today()


def _protocols_dir(config) -> Path:
    configured = os.environ.get("HANDBOOK_PROTOCOLS") or (config.extra or {}).get("protocols_dir")
    base = _config_folder(config)
    return (base / configured).resolve() if configured else base / "protocols"


def _config_folder(config) -> Path:
    """mkdocs.yml's folder: what its relative paths are relative to."""
    return Path(config.config_file_path).resolve().parent if config.config_file_path else places.PROJECT


def _snippets_from_the_config_folder(config) -> None:
    """pymdownx.snippets reads its `base_path` relative to the current folder;
    mkdocs.yml's (docs/deploy, whose settings docs/publishing.md shows) is
    meant relative to mkdocs.yml, as MkDocs' own paths are. So the build
    works from any folder."""
    options = (config.mdx_configs or {}).get("pymdownx.snippets")
    if not options or not options.get("base_path"):
        return
    paths = options["base_path"]
    options["base_path"] = [str(_config_folder(config) / p) for p in ([paths] if isinstance(paths, str) else paths)]


def _load(folder: Path, preview: bool) -> tuple[list[Protocol], list[Unbuilt]]:
    """The protocols, checked. A build refuses any invalid file; the live
    preview builds the valid ones and keeps each invalid one apart, to show
    its problems on its own page (and in the terminal)."""
    if not folder.is_dir():
        raise PluginError(f"{folder}: no such folder of protocol files")
    try:
        if preview:
            loaded, unbuilt = load_each_protocol(folder)
        else:
            loaded, unbuilt = list(load_protocols(folder)), []
    except ProtocolError as e:
        raise PluginError(str(e)) from None
    if not loaded and not unbuilt:
        raise PluginError(f"{folder}: no protocol files (*.yaml) found")
    # Straight to the terminal: a warning logged through MkDocs would stop
    # its strict build, and the point here is that the preview goes on.
    for u in unbuilt:
        for problem in u.problems:
            print(problem.format(), file=sys.stderr)
        count = len(u.problems)
        print(
            f"handbook serve: {u.path.name}: {count} problem{'s' if count != 1 else ''}; the "
            f"preview shows them on its page, partnerships/{u.slug}/, and builds every other "
            f"page",
            file=sys.stderr,
        )
    return (
        sorted(loaded, key=lambda p: (p.name.casefold(), p.slug)),
        sorted(unbuilt, key=lambda u: (u.name.casefold(), u.slug)),
    )


def _scenario_protocol(path: Path) -> object:
    """The slug a scenario file names (None where it cannot be read: its
    loading then reports why)."""
    data = read_protocol_file(path).data  # bounded as every protocol or scenario file is read
    return data.get("protocol") if isinstance(data, dict) else None


def _scenarios(folder: Path, protocols: list[Protocol], table_for_nation, unbuilt: list[Unbuilt]) -> list:
    """The training scenarios; in the preview, those of a partnership whose
    file has problems wait until it is fixed."""
    waiting = {u.slug for u in unbuilt}
    try:
        return load_scenarios(
            folder / "scenarios",
            {p.slug: p for p in protocols},
            table_for_nation,
            skip=(lambda path: _scenario_protocol(path) in waiting) if waiting else None,
        )
    except ScenarioError as e:
        raise PluginError(str(e)) from None


def configure(config, command: str) -> dict:
    started = time.perf_counter()
    _snippets_from_the_config_folder(config)
    folder = _protocols_dir(config)
    protocols, unbuilt = _load(folder, _preview(command))
    nations = sorted({p.calendar.nation for p in protocols})
    counting_nation = "england-and-wales" if "england-and-wales" in nations or not nations else nations[0]
    links = Links(use_directory_urls=config.use_directory_urls)
    table_for_nation = build_table  # each nation's table is built once and cached by build_table
    scenarios = _scenarios(folder, protocols, table_for_nation, unbuilt)
    state = dict(
        folder=folder,
        protocols=protocols,
        unbuilt=unbuilt,
        nations=nations,
        table=table_for_nation(counting_nation),
        table_for_nation=table_for_nation,
        scenarios=scenarios,
        links=links,
        today=_today(),
        env=templating.environment(),
        started=started,
    )
    # The theme shows a navigation title as HTML: a partnership's name or a
    # scenario's title is text, escaped (as Markup, so the theme's own `|e`
    # leaves it as it is).
    text = templating.text
    config.nav = [
        {"Home": "index.md"},
        {
            "Partnerships": [
                {text(name): links.partnership_src(slug)}
                for _, name, slug in sorted(
                    [(p.name.casefold(), p.name, p.slug) for p in protocols]
                    + [(u.name.casefold(), f"{u.name} (has problems)", u.slug) for u in unbuilt]
                )
            ]
        },
        {"Compare the partnerships": "compare.md"},
        {"How deadlines are counted": "counting.md"},
        {"Deadline calculator": "calculator.md"},
        {"Printable forms": "forms/index.md"},
        {
            "Training scenarios": [scenario_pages.INDEX_SRC]
            + [{text(s.title): scenario_pages.walkthrough_src(s)} for s in scenarios]
        },
        {"Review status": review_pages.REVIEW_SRC},
        {
            "The sources beside the handbook": [source_review.INDEX_SRC]
            + [{text(p.name): source_review.page_src(p.slug)} for p in protocols if p.document.source]
        },
        {"Publishing the handbook": "publishing.md"},
    ]
    if _preview(command):
        config.nav.append({"Changes since the last commit": CHANGES_SRC})
    return state


def _add(files, config, src_uri: str, content: str, in_nav: bool = True) -> None:
    existing = files.get_file_from_path(src_uri)
    if existing is not None:
        files.remove(existing)
    inclusion = InclusionLevel.UNDEFINED if in_nav else InclusionLevel.NOT_IN_NAV
    files.append(File.generated(config, src_uri, content=content, inclusion=inclusion))


def add_files(files, config, s: dict, command: str):
    env, links, protocols, today = s["env"], s["links"], s["protocols"], s["today"]
    page_t = env.get_template("partnership.md.j2")
    form_t = env.get_template("form.md.j2")

    for p in protocols:
        _add(files, config, links.partnership_src(p.slug), pages.render_partnership(page_t, p, protocols, links, today))
        _add(files, config, flowchart_view.view_path(p.slug), flowchart_view.render_view(p, links), in_nav=False)
        for f in p.forms:
            _add(files, config, links.form_src(p.slug, f.id), forms.render_form(form_t, p, f, links), in_nav=False)
        if p.document.source:
            # Read as the check reads it: only from inside the protocols folder, bounded.
            text, problem = read_source_text(s["folder"], p.document.source)
            if text is None:
                raise PluginError(f"{s['folder'] / (p.slug + '.yaml')}: document.source: {problem}")
            source = (s["folder"] / p.document.source).resolve()
            files.append(File.generated(config, links.source_text_src(p.slug), abs_src_path=str(source)))
            _add(
                files,
                config,
                source_review.page_src(p.slug),
                source_review.render_source_review(p, protocol_data(s["folder"] / f"{p.slug}.yaml"), text, links),
            )

    listing = [
        {
            "protocol": p,
            "href": links.href("index.md", links.partnership_src(p.slug)),
            "overdue": p.document.review_overdue(today),
        }
        for p in protocols
    ]
    _add(
        files,
        config,
        "index.md",
        env.get_template("index.md.j2").render(
            partnerships=listing,
            compare_href=links.href("index.md", "compare.md"),
            counting_href=links.href("index.md", "counting.md"),
            calculator_href=links.href("index.md", "calculator.md"),
            forms_href=links.href("index.md", "forms/index.md"),
            publishing_href=links.href("index.md", "publishing.md"),
        ),
    )
    _add(
        files,
        config,
        "compare.md",
        comparison.render_comparison(env.get_template("compare.md.j2"), protocols, links, today),
    )
    _add(
        files,
        config,
        "counting.md",
        counting.render_counting(
            env.get_template("counting.md.j2"),
            s["table"],
            [NATIONS[n]["name"] for n in s["nations"]],
            calculator_href=links.href("counting.md", "calculator.md"),
            compare_href=links.href("counting.md", "compare.md"),
        ),
    )
    _add(
        files,
        config,
        "forms/index.md",
        forms.render_forms_index(env.get_template("forms-index.md.j2"), protocols, links),
    )
    calc_listing = [
        {"protocol": p, "href": links.href("calculator.md", links.partnership_src(p.slug))} for p in protocols
    ]
    _add(
        files,
        config,
        "calculator.md",
        env.get_template("calculator-page.md.j2").render(
            partnerships=calc_listing,
            protocol=None,
            protocols=protocols,
            base=links.base("calculator.md"),
            counting_href=links.href("calculator.md", "counting.md"),
        ),
    )
    problems_t = env.get_template("partnership-problems.md.j2")
    for u in s["unbuilt"]:
        _add(
            files,
            config,
            links.partnership_src(u.slug),
            problems_t.render(
                unbuilt=u, file=u.path.name, problems=[(p.line, p.column, p.message, p.severity) for p in u.problems]
            ),
        )
    _add_scenarios(files, config, s)
    _add(
        files,
        config,
        source_review.INDEX_SRC,
        source_review.render_index([p for p in protocols if p.document.source], links),
    )
    _add(files, config, review_pages.REVIEW_SRC, review_pages.render_review(protocols, today, links))
    if _preview(command):
        _add_changes(files, config, s)
    return files


def _add_scenarios(files, config, s) -> None:
    """Each scenario's walk-through (a page), handout and presenter view (whole
    HTML pages, copied as they are), and the list of scenarios."""
    by_slug = {p.slug: p for p in s["protocols"]}
    tables = s["table_for_nation"]
    steps = {
        sc.slug: walkthrough(sc, by_slug[sc.protocol], tables(by_slug[sc.protocol].calendar.nation))
        for sc in s["scenarios"]
    }
    charted = {sc.protocol for sc in s["scenarios"]}
    svgs = {
        slug: flowchart.svg(by_slug[slug], f"presenter-fc-{slug}-title", f"presenter-fc-{slug}-desc")
        for slug in charted
    }
    for path, text in scenario_pages.scenario_files(s["scenarios"], by_slug, steps, svgs, s["links"]).items():
        in_nav = path == scenario_pages.INDEX_SRC or path.endswith("/index.md")
        _add(files, config, path, text, in_nav=in_nav)


def _add_changes(files, config, s: dict) -> None:
    """The live preview's page: every protocol file against its last committed
    version, and a page for each one that changed."""
    links, today = s["links"], s["today"]
    entries = working_copy_changes(s["folder"], today, s["table_for_nation"])
    hrefs = {}
    for e in entries:
        if e.status == "changed" and e.changes:
            src = f"changes/{e.slug}.md"
            hrefs[e.slug] = links.href(CHANGES_SRC, src)
            _add(
                files,
                config,
                src,
                changes_page.render_markdown(e.changes, e.slug, f"HEAD:{e.path.name}", "the working copy", today),
                in_nav=False,
            )
    _add(files, config, CHANGES_SRC, changes_page.render_preview_index(entries, today, "HEAD", hrefs))


def post_build(config, s: dict) -> None:
    site_dir = Path(config.site_dir)
    try:
        bundle.bundle_calculator(site_dir=site_dir, protocols=s["protocols"], protocols_dir=s["folder"])
    except bundle.BundleError as e:
        raise PluginError(str(e)) from None
    # Last, so that every page is checked, whoever wrote it: the policy allows
    # the inline scripts the handbook ships, and a page with any other stops
    # the build. The error page's way to the root is as MkDocs gives it: the
    # path of the site's URL.
    pages = (
        (path.relative_to(site_dir).as_posix(), path.read_text(encoding="utf-8"))
        for path in sorted(site_dir.rglob("*.html"))
    )
    try:
        hashes = headers.shipped_script_hashes(pages, urlsplit(config.site_url or "/").path)
    except headers.UnknownInlineScript as e:
        raise PluginError(f"{site_dir}/{e}") from None
    (site_dir / "_headers").write_text(headers.headers_file(hashes), encoding="utf-8")
    # Apache's .htaccess and IIS's web.config, read from the site's own folder,
    # so the built folder works as it is when copied onto either server.
    csp = headers.content_security_policy(hashes)
    for name, server in server_config.SITE_ROOT_FILES.items():
        template = (server_config.DEPLOY_DIR / server_config.SERVERS[server]).read_text(encoding="utf-8")
        (site_dir / name).write_text(server_config.render(template, csp), encoding="utf-8")


class HandbookPlugin(BasePlugin):
    """The handbook's pages for MkDocs (`plugins: - handbook` in mkdocs.yml).
    What one build loaded lives on the instance, never in the module."""

    def __init__(self) -> None:
        self.command = "build"
        self.state: dict = {}

    def on_startup(self, *, command, dirty) -> None:
        self.command = command

    def on_config(self, config):
        self.state = configure(config, self.command)
        return config

    def on_files(self, files, *, config):
        return add_files(files, config, self.state, self.command)

    def on_post_build(self, *, config) -> None:
        post_build(config, self.state)

    def on_serve(self, server, *, config, builder):
        # The protocols (with their scenarios and source texts) and the generators.
        server.watch(str(_protocols_dir(config)))
        server.watch(str(places.BUILD))
        return server
