"""Each glossary term explained where it stands in a page's HTML.

Pure: a page's HTML and its terms in, the same HTML out with each term in
its text wrapped: an abbreviation in `<abbr>`, a term of art in a `<span>`,
each with the explanation as its `title` (shown on pointing) and as
`data-gloss` (shown on focus by the stylesheet). The first place of each
term on a page is in the Tab order; later ones take focus when tapped or
clicked, so a page full of one abbreviation is not a page full of Tab stops.
Nothing inside a tag, a script, a style, code, an SVG, a form control, a
link, a button, a summary, a label (a focusable term inside something
focusable is a trap for keyboards) or an explanation already made is touched.
A page may hold the terms of its opening back from the Tab order with
`TAB_STOPS_FROM`: a partnership page does, so that its way to the calculator
stays three keys from the skip link; a term there is explained on pointing
or a tap, and its next place on the page takes the Tab stop.
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Iterable

from .glossary import Term

__all__ = ["TAB_STOPS_FROM", "explain"]

#: Where a page's terms begin to take Tab stops (a comment in its HTML).
TAB_STOPS_FROM = "<!--gloss-tab-stops-->"

#: Elements whose text is left as it is.
_SKIPPED = frozenset(
    {
        "script",
        "style",
        "code",
        "pre",
        "svg",
        "textarea",
        "select",
        "option",
        "title",
        "abbr",
        "dfn",
        "a",
        "button",
        "summary",
        "label",
    }
)
_TAG = re.compile(r"<!--.*?-->|<[^>]*>", re.S)
_TAG_NAME = re.compile(r"</?\s*([a-zA-Z][\w-]*)")


def explain(page_html: str, terms: Iterable[Term]) -> str:
    """`page_html` with each of `terms` explained wherever it stands in text."""
    by_text = {t.term: t for t in terms}
    if not by_text:
        return page_html
    pattern = _pattern(tuple(sorted(by_text)))
    seen: set[str] = set()
    stops_from = max(page_html.find(TAB_STOPS_FROM), 0)
    out: list[str] = []
    skipping: list[str] = []
    position = 0
    for tag in _TAG.finditer(page_html):
        text = page_html[position : tag.start()]
        out.append(_wrap(text, pattern, by_text, seen, position >= stops_from) if not skipping else text)
        out.append(tag.group(0))
        _follow(tag.group(0), skipping)
        position = tag.end()
    rest = page_html[position:]
    out.append(_wrap(rest, pattern, by_text, seen, position >= stops_from) if not skipping else rest)
    return "".join(out)


@functools.lru_cache(maxsize=64)
def _pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    """The terms as they stand in HTML text, whole words, the longest first ("SCB"
    never inside "LSCB"): compiled once for each set of terms (a partnership's, or
    every partnership's), as a tree of their letters, which a page's text is
    searched through many times faster than a list of hundreds of terms."""
    return re.compile(r"(?<![\w.])" + _tree(sorted({html.escape(w, quote=False) for w in words})) + r"(?![\w])")


def _tree(words: list[str]) -> str:
    """A regular expression matching any of `words` (sorted, none empty), the
    longest where several match: the words grouped by their first character."""
    branches: dict[str, list[str]] = {}
    for w in words:
        branches.setdefault(w[0], []).append(w[1:])
    alternatives = []
    for first, rests in branches.items():
        longer = [r for r in rests if r]
        if not longer:
            alternatives.append(re.escape(first))
        elif len(longer) == len(rests):
            alternatives.append(re.escape(first) + _tree(longer))
        else:  # a word ends here: a longer one is tried first
            alternatives.append(re.escape(first) + "(?:" + _tree(longer) + ")?")
    return alternatives[0] if len(alternatives) == 1 else "(?:" + "|".join(alternatives) + ")"


def _follow(tag: str, skipping: list[str]) -> None:
    """Keep `skipping` the stack of open elements whose text is left alone."""
    m = _TAG_NAME.match(tag)
    if m is None or tag.endswith("/>"):
        return
    name = m.group(1).lower()
    if tag.startswith("</"):
        if skipping and skipping[-1] == name:
            skipping.pop()
    elif name in _SKIPPED:
        skipping.append(name)


def _wrap(text: str, pattern: re.Pattern[str], by_text: dict[str, Term], seen: set[str], stops: bool) -> str:
    """Each term in a run of text (HTML-escaped, as it stands) wrapped; the
    first of each in the Tab order where `stops`."""

    def one(m: re.Match[str]) -> str:
        t = by_text[html.unescape(m.group(0))]
        element = "abbr" if t.is_abbreviation else "span"
        tabindex = "0" if stops and t.term not in seen else "-1"
        if stops:
            seen.add(t.term)
        said = html.escape(t.explanation)
        opening = f'<{element} class="gloss" title="{said}" data-gloss="{said}" tabindex="{tabindex}">'
        return f"{opening}{m.group(0)}</{element}>"

    return pattern.sub(one, text)
