"""The glossary terms a flowchart's words use, explained beside the chart, since SVG text cannot hold an abbreviation.

Pure: a chart's SVG and its partnership's terms in. `used` finds the terms
the chart's boxes and arrows say (whole words, as `abbreviations` finds them
in a page); `titled` gives each box or arrow that says one a `<title>` with
their explanations (shown on pointing); `described_chart` does both, the
chart described also by the list of its terms, which the template
`_chart_terms.j2` shows under it, each with what it means and whose
expansion that is.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable

from calculator.glossary import Term

__all__ = ["described_chart", "used", "titled"]

#: A box's or an arrow's group, with everything inside it (groups do not nest).
_GROUP = re.compile(r'(<g class="fc-(?:stage|edge)"[^>]*>)(.*?</g>)', re.S)
_TAG = re.compile(r"<[^>]*>")


def _said(svg_part: str) -> str:
    """The text an SVG fragment shows, its lines joined by spaces."""
    return html.unescape(" ".join(_TAG.sub(" ", svg_part).split()))


def _found(text: str, terms: Iterable[Term]) -> list[Term]:
    """The terms `text` holds as whole words, in the glossary's order ("SCB" is not in "LSCB")."""
    return [t for t in terms if re.search(r"(?<![\w.])" + re.escape(t.term) + r"(?!\w)", text)]


def used(svg: str, terms: Iterable[Term]) -> list[Term]:
    """The terms the chart's boxes and arrows say, in the glossary's order."""
    return _found(" | ".join(_said(m.group(2)) for m in _GROUP.finditer(svg)), terms)


def titled(svg: str, terms: Iterable[Term]) -> str:
    """The chart with a `<title>` on each box or arrow that says a term: the
    explanation of each it says."""
    terms = list(terms)

    def one(m: re.Match[str]) -> str:
        said = _found(_said(m.group(2)), terms)
        if not said:
            return m.group(0)
        title = "; ".join(t.explanation for t in said)
        return f"{m.group(1)}<title>{html.escape(title, quote=False)}</title>{m.group(2)}"

    return _GROUP.sub(one, svg)


def described_chart(
    draw: Callable[[str], str], describedby: str, terms: Iterable[Term], terms_id: str
) -> tuple[str, list[Term]]:
    """The chart `draw(describedby)` makes, with the terms it says: where it
    says any, each box and arrow titled and the chart described also by the
    list of its terms (`terms_id`)."""
    chart = draw(describedby)
    found = used(chart, terms)
    if not found:
        return chart, found
    return titled(draw(f"{describedby} {terms_id}"), found), found
