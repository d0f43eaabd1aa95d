"""The site's generated pages, listed once: the navigation is made from this list, the files too.

Each `Page` says where it lives inside docs/, how it is made (rendered text,
or a file copied as it is) and where the navigation lists it, if it does.
The list is in the order the pages are made (MkDocs indexes them for its
search in that order); the navigation takes its sections in the order of
`SECTIONS`, each section's own page first, then the others by `Nav.order`.
Adding a page is one entry in `site_pages`.
"""

from __future__ import annotations

import dataclasses
import enum
import functools
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError

from authoring.checked import Unbuilt, protocol_data
from authoring.history.entries import History
from authoring.reading.file_text import read_source_text
from authoring.walkthrough import walkthrough
from calculator.glossary import Term
from calculator.model import NATIONS, Protocol

from . import (
    comparison,
    counting,
    edition_list,
    feeds,
    flowchart_across,
    flowchart_view,
    forms,
    glossary,
    history_pages,
    pages,
    review_pages,
    scenario_pages,
    source_review,
    templating,
)
from .inputs import BuildInputs
from .page_inputs import EVERY_PROTOCOL, protocol_input, scenario_input

__all__ = ["CHANGES_SRC", "Nav", "Page", "Section", "glossary_terms", "navigation", "site_pages", "standing_in"]

#: The live preview's page of changes since the last record.
CHANGES_SRC = "changes/index.md"


class Section(enum.Enum):
    """The navigation's sections, top to bottom: a page of its own, or a list of pages."""

    HOME = ("Home", False)
    PARTNERSHIPS = ("Partnerships", True)
    WHATS_NEW = ("What's new", False)
    COMPARE = ("Compare the partnerships", False)
    COUNTING = ("How deadlines are counted", False)
    GLOSSARY = ("Glossary", False)
    CALCULATOR = ("Deadline calculator", False)
    FORMS = ("Printable forms", False)
    SCENARIOS = ("Training scenarios", True)
    REVIEW = ("Review status", False)
    SOURCES = ("The sources beside the handbook", True)
    PUBLISHING = ("Publishing the handbook", False)
    CHANGES = ("Changes since the last record", False)

    def __init__(self, title: str, listed: bool) -> None:
        self.title = title
        self.listed = listed


@dataclass(frozen=True)
class Nav:
    """Where the navigation lists a page: its section, and its title in a
    section's list (None: the section's own page, first in its list)."""

    section: Section
    title: str | None = None
    #: A page's place among its section's titled pages (by default, as made).
    order: tuple[str, ...] = ()


@dataclass(frozen=True)
class Page:
    """One page: its path inside docs/, how it is made (None: a hand-written
    page, or one the preview makes), and where the navigation lists it."""

    src: str
    render: Callable[[], str] | None = None
    nav: Nav | None = None
    #: A file copied into the site as it is, in place of rendered text.
    copy_of: Path | None = None
    #: The slug of the partnership the page is about (its glossary explains
    #: the page's terms); None for a page about every partnership.
    partnership: str | None = None
    #: The inputs the page reads (`page_inputs`): the preview keeps the page
    #: while their digests stay the same. None: made again on every build.
    reads: frozenset[str] | None = None


def navigation(site: list[Page]) -> list[dict[str, Any]]:
    """MkDocs' `nav` for the pages: each section in turn. The theme shows a
    title as HTML: a partnership's name or a scenario's title is text,
    escaped (as Markup, so the theme's own `|e` leaves it as it is)."""
    listed = [(p.nav, p.src) for p in site if p.nav is not None]
    nav: list[dict[str, Any]] = []
    for section in Section:
        members = [(n, src) for n, src in listed if n.section is section]
        if not members:
            continue
        if not section.listed:
            nav.append({section.title: members[0][1]})
            continue
        own: list[Any] = [src for n, src in members if n.title is None]
        titled = sorted(((n.order, n.title, src) for n, src in members if n.title is not None), key=lambda m: m[0])
        nav.append({section.title: own + [{templating.text(title): src} for _, title, src in titled]})
    return nav


def site_pages(build: BuildInputs, preview: bool) -> list[Page]:
    """Every page of the site the navigation lists or the build makes, in the order they are made."""
    links, protocols, today = build.links, build.protocols, build.today
    env = templating.environment()
    histories = history_pages.histories_of(build.folder, protocols)
    every = frozenset({EVERY_PROTOCOL})
    return [
        *(page for p in protocols for page in _partnership_pages(build, p, histories[p.slug])),
        Page("index.md", functools.partial(_home, build, histories), Nav(Section.HOME), reads=every),
        Page(
            "compare.md",
            lambda: comparison.render_comparison(env.get_template("compare.md.j2"), protocols, links, today),
            Nav(Section.COMPARE),
            reads=every,
        ),
        Page("counting.md", functools.partial(_counting, build), Nav(Section.COUNTING), reads=every),
        Page(
            glossary.GLOSSARY_SRC,
            lambda: glossary.render_glossary(
                env.get_template("glossary.md.j2"), protocols, glossary_terms(build), links
            ),
            Nav(Section.GLOSSARY),
            reads=every,
        ),
        Page(
            forms.INDEX_SRC,
            lambda: forms.render_forms_index(env.get_template("forms-index.md.j2"), protocols, links),
            Nav(Section.FORMS),
            reads=every,
        ),
        Page("calculator.md", functools.partial(_calculator, build), Nav(Section.CALCULATOR), reads=every),
        *(
            Page(
                links.partnership_src(u.slug),
                functools.partial(_problems, u),
                Nav(Section.PARTNERSHIPS, u.name, _name_order(u.name, "", u.slug)),
                partnership=u.slug,
            )
            for u in build.unbuilt
        ),
        *_scenario_pages(build),
        Page(
            source_review.INDEX_SRC,
            lambda: source_review.render_index([p for p in protocols if p.document.source], links),
            Nav(Section.SOURCES),
            reads=every,
        ),
        Page(
            review_pages.REVIEW_SRC,
            lambda: review_pages.render_review(protocols, today, links),
            Nav(Section.REVIEW),
            reads=every,
        ),
        Page("publishing.md", nav=Nav(Section.PUBLISHING)),
        *_history_pages(build, histories),
        *([Page(CHANGES_SRC, nav=Nav(Section.CHANGES))] if preview else []),
    ]


def glossary_terms(build: BuildInputs) -> dict[str, list[Term]]:
    """Each partnership's glossary, by slug."""
    return {p.slug: list(p.glossary) for p in build.protocols}


def standing_in(site: list[Page], before: list[Page], build: BuildInputs) -> list[Page]:
    """The pages with each file with problems standing in its navigation as the build before
    listed it (the preview's): its problems page under the entry its partnership's page had, and
    in place of every other listed page made from its file that this build does not make (its
    reviewers' page, its scenarios' walk-throughs), the same problems page. So the navigation,
    and with it every other page's HTML, stays the same while an author fixes the file."""
    problems = {build.links.partnership_src(u.slug): u for u in build.unbuilt}
    slugs = {u.slug: u for u in build.unbuilt}
    listed_before = {p.src: p for p in before if p.nav is not None}
    made = [
        dataclasses.replace(p, nav=listed_before[p.src].nav) if p.src in problems and p.src in listed_before else p
        for p in site
    ]
    for i, p in enumerate(before):
        slug = _made_from(p, slugs) if p.nav is not None else None
        srcs = [m.src for m in made] if slug is not None else []
        if slug is None or p.src in srcs:
            continue
        made.insert(
            _place(p, i, before, srcs), Page(p.src, functools.partial(_problems, slugs[slug]), p.nav, partnership=slug)
        )
    return made


def _place(page: Page, i: int, before: list[Page], srcs: list[str]) -> int:
    """Where `page` (the `i`th of `before`) goes among `srcs`: where the build before
    had it in its section of the navigation (which lists its pages in this order)."""
    assert page.nav is not None
    section = [j for j, q in enumerate(before) if q.nav is not None and q.nav.section is page.nav.section]
    after = [srcs.index(before[j].src) + 1 for j in section if j < i and before[j].src in srcs]
    if after:
        return after[-1]
    ahead = [srcs.index(before[j].src) for j in section if j > i and before[j].src in srcs]
    return ahead[0] if ahead else len(srcs)


def _made_from(page: Page, slugs: dict[str, Unbuilt]) -> str | None:
    """The slug of the file (one of `slugs`) a page is made from, if it is one of them."""
    if page.partnership in slugs:
        return page.partnership
    own = [s for s in slugs if protocol_input(s) in (page.reads or ())]
    return own[0] if own else None


def _name_order(name: str, suffix: str, slug: str) -> tuple[str, ...]:
    """A partnership's place in the list: by name, whether its file builds or not."""
    return (name.casefold(), f"{name}{suffix}", slug)


def _partnership_pages(build: BuildInputs, p: Protocol, history: History) -> Iterator[Page]:
    """A partnership's page, its flowchart's own page, its forms and, where it
    names its source, the source's text with the reviewers' page of it (and
    each earlier edition's source text)."""
    links, env = build.links, templating.environment()
    updated = history_pages.last_updated(p, history, links)
    own = frozenset({protocol_input(p.slug)})
    earlier = edition_list.earlier_editions(build.folder, p)
    editions = edition_list.editions_context(p, earlier, links)
    yield Page(
        links.partnership_src(p.slug),
        lambda: env.get_template("partnership.md.j2").render(
            pages.partnership_context(p, build.protocols, links, build.today, updated, editions)
        ),
        Nav(Section.PARTNERSHIPS, p.name, _name_order(p.name, "", p.slug)),
        partnership=p.slug,
        reads=own,
    )
    yield Page(
        flowchart_view.view_path(p.slug), lambda: flowchart_view.render_view(p, links), partnership=p.slug, reads=own
    )
    for f in p.forms:
        yield Page(
            links.form_src(p.slug, f.id),
            functools.partial(forms.render_form, env.get_template("form.md.j2"), p, f, links),
            partnership=p.slug,
            reads=own,
        )
    if p.document.source:
        yield Page(links.source_text_src(p.slug), copy_of=(build.folder / p.document.source).resolve())
        yield Page(
            source_review.page_src(p.slug),
            functools.partial(_source_review, build, p),
            Nav(Section.SOURCES, p.name),
            partnership=p.slug,
            reads=own,
        )
    for e in earlier:
        if e.document.source:
            yield Page(edition_list.source_src(p.slug, e), copy_of=(build.folder / e.document.source).resolve())


def _history_pages(build: BuildInputs, histories: dict[str, History]) -> list[Page]:
    """What's new, each partnership's list of changes, and their Atom feeds."""
    links, protocols, env = build.links, build.protocols, templating.environment()
    template = env.get_template("whats-new.md.j2")
    every = frozenset({EVERY_PROTOCOL})
    made = [
        Page(
            history_pages.WHATS_NEW_SRC,
            lambda: history_pages.render_whats_new(template, protocols, histories, links),
            Nav(Section.WHATS_NEW),
            reads=every,
        ),
        Page(
            history_pages.FEED_PATH,
            lambda: feeds.render_feed(
                history_pages.FEED_PATH,
                "Escalation Handbook: what's new",
                history_pages.newest_first(protocols, histories),
                history_pages.WHATS_NEW_SRC,
                links,
                build.today,
            ),
            reads=every,
        ),
        Page(history_pages.FEED_PATH.rsplit("/", 1)[0] + "/sitemap.xml", lambda: feeds.EMPTY_SITEMAP),
    ]
    for p in protocols:
        h = histories[p.slug]
        made.append(
            Page(
                history_pages.changes_src(p.slug),
                functools.partial(history_pages.render_partnership_changes, template, p, h, links),
                reads=frozenset({protocol_input(p.slug)}),
            )
        )
        made.append(
            Page(
                history_pages.feed_path(p.slug),
                functools.partial(
                    feeds.render_feed,
                    history_pages.feed_path(p.slug),
                    f"Escalation Handbook: changes to {p.name}",
                    history_pages.newest_first([p], histories),
                    history_pages.changes_src(p.slug),
                    links,
                    build.today,
                ),
                reads=frozenset({protocol_input(p.slug)}),
            )
        )
    return made


def _source_review(build: BuildInputs, p: Protocol) -> str:
    # The source is read as the check reads it: only from inside the protocols folder, bounded.
    assert p.document.source is not None
    text, problem = read_source_text(build.folder, p.document.source)
    if text is None:
        raise PluginError(f"{build.folder / (p.slug + '.yaml')}: document.source: {problem}")
    data = protocol_data(build.folder / f"{p.slug}.yaml")
    return source_review.render_source_review(p, data, text, build.links)


def _home(build: BuildInputs, histories: dict[str, History]) -> str:
    links = build.links
    latest = max((h.last_updated for h in histories.values() if h.last_updated), default=None)
    listing = [
        {
            "protocol": p,
            "href": links.href("index.md", links.partnership_src(p.slug)),
            "overdue": p.document.review_overdue(build.today),
        }
        for p in build.protocols
    ]
    return (
        templating.environment()
        .get_template("index.md.j2")
        .render(
            partnerships=listing,
            compare_href=links.href("index.md", "compare.md"),
            counting_href=links.href("index.md", "counting.md"),
            calculator_href=links.href("index.md", "calculator.md"),
            forms_href=links.href("index.md", "forms/index.md"),
            publishing_href=links.href("index.md", "publishing.md"),
            whats_new_href=links.href("index.md", history_pages.WHATS_NEW_SRC),
            latest_change=latest,
        )
    )


def _counting(build: BuildInputs) -> str:
    links = build.links
    return counting.render_counting(
        templating.environment().get_template("counting.md.j2"),
        build.table,
        [NATIONS[n]["name"] for n in build.nations],
        calculator_href=links.href("counting.md", "calculator.md"),
        compare_href=links.href("counting.md", "compare.md"),
    )


def _calculator(build: BuildInputs) -> str:
    links = build.links
    listing = [
        {"protocol": p, "href": links.href("calculator.md", links.partnership_src(p.slug))} for p in build.protocols
    ]
    return (
        templating.environment()
        .get_template("calculator-page.md.j2")
        .render(
            partnerships=listing,
            protocol=None,
            protocols=build.protocols,
            base=links.base("calculator.md"),
            counting_href=links.href("calculator.md", "counting.md"),
        )
    )


def _problems(unbuilt: Unbuilt) -> str:
    """The page of a partnership whose file has problems (the preview's)."""
    return (
        templating.environment()
        .get_template("partnership-problems.md.j2")
        .render(
            unbuilt=unbuilt,
            file=unbuilt.path.name,
            problems=[(p.line, p.column, p.message, p.severity) for p in unbuilt.problems],
        )
    )


def _scenario_pages(build: BuildInputs) -> list[Page]:
    """Each scenario's walk-through (a page), handout and presenter view (whole
    HTML pages, copied as they are), then the list of scenarios."""

    @functools.cache
    def made() -> dict[str, str]:
        by_slug = {p.slug: p for p in build.protocols}
        steps = {
            sc.slug: walkthrough(sc, by_slug[sc.protocol], build.table_for_nation(by_slug[sc.protocol].calendar.nation))
            for sc in build.scenarios
        }
        svgs = {
            slug: flowchart_across.svg(by_slug[slug], f"presenter-fc-{slug}-title", f"presenter-fc-{slug}-desc")
            for slug in {sc.protocol for sc in build.scenarios}
        }
        return scenario_pages.scenario_files(build.scenarios, by_slug, steps, svgs, build.links)

    listed: list[Page] = []
    for sc in build.scenarios:
        walk = scenario_pages.walkthrough_src(sc)
        reads = frozenset({scenario_input(sc.path), protocol_input(sc.protocol)})
        listed.append(Page(walk, _made(made, walk), Nav(Section.SCENARIOS, sc.title), reads=reads))
        listed += [
            Page(path, _made(made, path), reads=reads)
            for path in (scenario_pages.handout_path(sc), scenario_pages.presenter_path(sc))
        ]
    every_scenario = frozenset(
        {scenario_input(sc.path) for sc in build.scenarios} | {protocol_input(sc.protocol) for sc in build.scenarios}
    )
    listed.append(
        Page(
            scenario_pages.INDEX_SRC,
            _made(made, scenario_pages.INDEX_SRC),
            Nav(Section.SCENARIOS),
            reads=every_scenario,
        )
    )
    return listed


def _made(made: Callable[[], dict[str, str]], path: str) -> Callable[[], str]:
    return lambda: made()[path]
