"""Every quote of a protocol is in its source text, word for word."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..quotes import MAX_DIAGNOSED, normalise_quote, not_found_message
from ..reading.file_text import read_source_text
from ..reading.yaml_paths import yaml_path
from . import phrases
from .context import Context
from .words import PathKey

__all__ = ["check"]


def check(ctx: Context) -> None:
    """The source text (`document.source`) can be read; each quote is in it
    (else the closest passage is named); then the source's time-limit
    phrases are held to the timescales (`phrases`)."""
    document = ctx.data.get("document")
    if not isinstance(document, dict) or not isinstance(document.get("source"), str):
        return
    source = document["source"]
    raw, problem = read_source_text(Path(ctx.path).parent, source)
    if raw is None:
        ctx.error(("document", "source"), f"document.source: {problem}")
        return
    text = normalise_quote(raw)
    diagnosed = 0  # the closest passage is sought for the first MAX_DIAGNOSED quotes not found
    for p, quote in _quotes(ctx.data, ()):
        if normalise_quote(quote) not in text:  # the closest passage and the first difference
            diagnosed += 1
            ctx.error(p, f"{yaml_path(p)}: {not_found_message(quote, raw, source, diagnosed <= MAX_DIAGNOSED)}")
    phrases.check(ctx, source, raw, text)


def _quotes(value: Any, p: PathKey) -> Iterator[tuple[PathKey, str]]:
    """Every string under a key named `quote`, with its path."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "quote":
                if isinstance(item, str):
                    yield p + (key,), item
                elif isinstance(item, list):
                    yield from ((p + (key, i), q) for i, q in enumerate(item) if isinstance(q, str))
            else:
                yield from _quotes(item, p + (key,))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _quotes(item, p + (i,))
