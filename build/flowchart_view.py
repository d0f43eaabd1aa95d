"""A partnership's flowchart as a page of its own, full screen, for a room.

Pure: a protocol in, a standalone HTML page out (like a scenario's presenter
view, it is copied into the site as it is). The chart is the partnership
page's flowchart; docs/assets/presenter/presenter.js steps through its stages
with the keyboard, bringing each stage's box to the full width of the screen,
and shows the whole chart on demand, laid out across the screen
(`flowchart_across`) so that a room can read it. Without the script the
partnership page's chart shows, with the stages in words below it.
"""

from __future__ import annotations

from markupsafe import Markup

from calculator.model import Protocol

from . import chart_terms, flowchart, flowchart_across, templating
from .links import Links

__all__ = ["view_path", "render_view"]

#: The presenter's script and style sheets, inside the site.
ASSETS = "assets/presenter/"


def view_path(slug: str) -> str:
    """The page's path inside the site: beside its partnership's page."""
    return f"partnerships/{slug}/flowchart.html"


def render_view(protocol: Protocol, links: Links | None = None) -> str:
    """The page, a standalone HTML document."""
    links = links or Links()
    path = view_path(protocol.slug)
    chart_id = f"fullscreen-fc-{protocol.slug}"
    steps_id = f"{chart_id}-steps"
    terms_id = f"{chart_id}-terms"
    chart, terms = chart_terms.described_chart(
        lambda by: flowchart.svg(protocol, title_id=f"{chart_id}-title", desc_id=f"{chart_id}-desc", describedby=by),
        steps_id,
        protocol.glossary,
        terms_id,
    )
    whole, in_whole = chart_terms.described_chart(
        lambda by: flowchart_across.svg(
            protocol, title_id=f"{chart_id}-whole-title", desc_id=f"{chart_id}-whole-desc", describedby=by
        ),
        steps_id,
        protocol.glossary,
        terms_id,
    )
    return (
        templating.environment()
        .get_template("flowchart-view.html.j2")
        .render(
            protocol=protocol,
            chart=Markup(chart),
            whole=Markup(whole),
            chart_terms=terms,
            # Shown under the whole chart only where it says a term (its boxes hold no timescales).
            chart_terms_class="chart-terms-whole" if in_whole else None,
            chart_terms_id=terms_id,
            steps_id=steps_id,
            steps=flowchart.steps(protocol),
            assets_url=links.base(path) + ASSETS,
            partnership_url=links.href(path, links.partnership_src(protocol.slug), "flowchart"),
        )
    )
