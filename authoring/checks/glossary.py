"""A protocol's glossary held to its source: an expansion the source gives is
in its quote, every term is in the source, every abbreviation has an entry."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..quotes import normalise_quote
from ..reading.file_text import read_source_text
from ..reading.yaml_paths import yaml_path
from .context import Context, quote_list
from .words import PathKey

__all__ = ["abbreviations", "check"]

#: A word of letters with at least two capitals (SLO, HoS, LSCPs), or
#: capitals with full stops between them (D.O.B).
_WORD = re.compile(r"(?<![\w.])(?:[A-Z]\.){2,}[A-Z]?(?![\w])|\b[A-Za-z]+(?:['’]s)?\b")
#: Two capitals in one word, or capitals with full stops: a text without is skipped at once.
_MAYBE = re.compile(r"[A-Z][\w'’]*[A-Z]|[A-Z]\.[A-Z]")
#: An all-capitals word this long is a word set in capitals, not an abbreviation.
_LONGEST_ABBREVIATION = 5
#: What the check leaves to others: a placeholder (`placeholders`).
_NOT_ABBREVIATIONS = frozenset({"TODO"})
#: Fields whose values are addresses, not words.
_NOT_TEXT = frozenset({"url", "email", "source", "glossary"})


def abbreviations(text: str) -> Iterator[str]:
    """Each abbreviation in `text` as it would be listed (a plural or
    possessive `s` taken off); a run of capitalised words on one line (a
    heading set in capitals) holds none."""
    if not _MAYBE.search(text):
        return
    for line in text.splitlines():
        yield from _in_line([m.group(0) for m in _WORD.finditer(line)])


def _in_line(words: list[str]) -> Iterator[str]:
    capitals = [w.isupper() and len(w) > 1 for w in words]
    for i, word in enumerate(words):
        if "." in word:
            yield word
            continue
        base = re.sub(r"(?<=[A-Z])(['’]s|s)$", "", word)
        if sum(c.isupper() for c in base) < 2 or base in _NOT_ABBREVIATIONS:
            continue
        shouted = base.isupper() and (
            len(base) > _LONGEST_ABBREVIATION or (i > 0 and capitals[i - 1]) or (i + 1 < len(words) and capitals[i + 1])
        )
        if not shouted:
            yield base


def check(ctx: Context) -> None:
    """Each glossary entry's quote holds its term and expansion; each term is
    in the source text; each abbreviation in the file's texts and quotes has
    an entry (a warning, at its first place)."""
    entries = ctx.items(("glossary",))
    for p, entry in entries:
        _expanded_in_quote(ctx, p, entry)
    _in_source(ctx, entries)
    terms = {str(entry.get("term")) for _, entry in entries}
    first: dict[str, PathKey] = {}
    for p, text in _texts(ctx.data, ()):
        for found in abbreviations(text):
            first.setdefault(found, p)
    for found, p in first.items():
        if found not in terms:
            ctx.warning(
                p,
                f"{yaml_path(p)}: the abbreviation '{found}' has no glossary entry; expected an entry under "
                f"glossary with term '{found}', what it means and the source's words that expand it "
                f"(quote), or gloss: handbook where the source never does",
            )


def _expanded_in_quote(ctx: Context, p: PathKey, entry: dict[str, Any]) -> None:
    """A source's expansion: its quote holds both the term and what it means."""
    term, means = entry.get("term"), entry.get("means")
    if not isinstance(term, str) or not isinstance(means, str):
        return
    for i, quote in enumerate(quote_list(entry)):
        said = normalise_quote(quote).casefold()
        missing = [f"'{w}'" for w in (term, means) if normalise_quote(w).casefold() not in said]
        if missing:
            q = p + (("quote", i) if isinstance(entry.get("quote"), list) else ("quote",))
            ctx.error(
                q,
                f"{yaml_path(q)}: the source's words for '{term}' do not hold {' or '.join(missing)}; expected "
                f"the passage where the source expands the term, or gloss: handbook where it never does",
            )


def _in_source(ctx: Context, entries: list[tuple[PathKey, dict[str, Any]]]) -> None:
    """Each term is one the source uses (an entry for a term it never uses is a warning)."""
    document = ctx.data.get("document")
    if not entries or not isinstance(document, dict) or not isinstance(document.get("source"), str):
        return
    raw, _ = read_source_text(Path(ctx.path).parent, document["source"])
    if raw is None:
        return  # `source` says why
    text = normalise_quote(raw).casefold()
    for p, entry in entries:
        term = entry.get("term")
        if isinstance(term, str) and normalise_quote(term).casefold() not in text:
            ctx.warning(
                p + ("term",),
                f"{yaml_path(p + ('term',))}: '{term}' is not in the source text; expected a term the source uses",
            )


def _texts(value: Any, p: PathKey) -> Iterator[tuple[PathKey, str]]:
    """Every text of the file with its path, the glossary and addresses aside."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key not in _NOT_TEXT:
                yield from _texts(item, p + (key,))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _texts(item, p + (i,))
    elif isinstance(value, str):
        yield p, value
