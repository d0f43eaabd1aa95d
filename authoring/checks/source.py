"""Every quote of a protocol is in its source text, word for word."""

from __future__ import annotations

from ..edition_files import protocols_folder_of
from ..quotes import MAX_DIAGNOSED, normalise_quote, not_found_message, quotes_in
from ..reading.file_text import read_source_text
from ..reading.yaml_paths import yaml_path
from . import phrases
from .context import Context

__all__ = ["check"]


def check(ctx: Context) -> None:
    """The source text (`document.source`) can be read; each quote is in it
    (else the closest passage is named); then the source's time-limit
    phrases are held to the timescales (`phrases`)."""
    document = ctx.data.get("document")
    if not isinstance(document, dict) or not isinstance(document.get("source"), str):
        return
    source = document["source"]
    raw, problem = read_source_text(protocols_folder_of(ctx.path), source)
    if raw is None:
        ctx.error(("document", "source"), f"document.source: {problem}")
        return
    text = normalise_quote(raw)
    diagnosed = 0  # the closest passage is sought for the first MAX_DIAGNOSED quotes not found
    for p, quote in quotes_in(ctx.data):
        if normalise_quote(quote) not in text:  # the closest passage and the first difference
            diagnosed += 1
            ctx.error(p, f"{yaml_path(p)}: {not_found_message(quote, raw, source, diagnosed <= MAX_DIAGNOSED)}")
    phrases.check(ctx, source, raw, text)
