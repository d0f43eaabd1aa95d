"""A timescale says what its source says: its wording, its numbers, its
`from.text` are the quote's own words."""

from __future__ import annotations

from typing import Any

from calculator.model import IN_WORDS

from ..quotes import normalise_quote
from ..reading.yaml_paths import yaml_path
from ..time_phrases import IN_WORDS_PHRASES, UNITS, amount, limits
from .context import Context, quote_list
from .words import PathKey

__all__ = ["check"]


def check(ctx: Context) -> None:
    """A timescale's `wording` is in its quote (and so in the source), its
    `within` and `also` readings are the numbers and units the wording
    states, and no more or fewer; an `in_words` timescale's wording has those
    words; `from.text` and `condition` are in the quote; a reading of the handbook's (`stated:
    false`) says so in a `note`. A contact's condition is in its transition's
    quote."""
    for p, t in ctx.all_timescales():
        wording = t.get("wording")
        quotes = quote_list(t)
        if not isinstance(wording, str) or not quotes:
            continue
        said = [normalise_quote(q).casefold() for q in quotes]
        if not any(normalise_quote(wording).casefold() in q for q in said):
            ctx.error(
                p + ("wording",),
                f'{yaml_path(p + ("wording",))}: "{wording}" is not in the timescale\'s '
                f"quote; expected the source's own words for the limit, "
                f"as they stand in the quote",
            )
        _readings(ctx, p, t, wording)
        _in_words(ctx, p, t, wording)
        _counted_from(ctx, p, t, said)
        _condition(ctx, p, t, said)
    _conditions(ctx)


def _readings(ctx: Context, p: PathKey, t: dict[str, Any], wording: str) -> None:
    """`within` and each `also` reading: the limits the wording states, all of them."""
    stated = limits(wording)
    readings: list[tuple[PathKey, Any]] = []
    if isinstance(t.get("within"), dict):
        readings.append((p + ("within",), t["within"]))
    for q, reading in ctx.items(p + ("also",)):
        if isinstance(reading.get("within"), dict):
            readings.append((q + ("within",), reading["within"]))
        text = reading.get("wording")
        if isinstance(text, str) and normalise_quote(text).casefold() not in normalise_quote(wording).casefold():
            ctx.error(
                q + ("wording",),
                f'{yaml_path(q + ("wording",))}: "{text}" is not in the timescale\'s wording "{wording}"',
            )
    encoded = []
    for q, within in readings:
        units = [(u, within[u]) for u in UNITS if isinstance(within.get(u), int)]
        if len(units) != 1:
            continue
        unit, n = units[0]
        encoded.append((unit, n))
        if (unit, n) not in stated:
            says = ", ".join(amount(m, u) for u, m in stated) or "no number of working days, hours or days"
            ctx.error(
                q + (unit,),
                f"{yaml_path(q + (unit,))}: {amount(n, unit)} is not "
                f'what the wording "{wording}" states ({says}); '
                f"expected the source's number and unit",
            )
    if readings and len(encoded) == len(readings) and all(e in stated for e in encoded):
        for unit, n in stated:
            if (unit, n) not in encoded:
                ctx.error(
                    p + ("wording",),
                    f"{yaml_path(p + ('wording',))}: the wording also states "
                    f"{amount(n, unit)}, which is not encoded; "
                    f"expected it as `within` or as an `also` reading",
                )


def _in_words(ctx: Context, p: PathKey, t: dict[str, Any], wording: str) -> None:
    """An `in_words` timescale's wording has those words."""
    words = t.get("in_words")
    if (
        isinstance(words, str)
        and words in IN_WORDS
        and not any(phrase in normalise_quote(wording).casefold() for phrase in IN_WORDS_PHRASES[words])
    ):
        ctx.error(
            p + ("in_words",),
            f"{yaml_path(p + ('in_words',))}: the wording "
            f'"{wording}" does not say {IN_WORDS[words]}; '
            f"expected the in_words that the source's words state",
        )


def _counted_from(ctx: Context, p: PathKey, t: dict[str, Any], said: list[str]) -> None:
    """`from.text` is in the quote; `stated: false` comes with a note."""
    counted = t.get("from")
    if not isinstance(counted, dict):
        return
    text = counted.get("text")
    if isinstance(text, str) and not any(normalise_quote(text).casefold() in q for q in said):
        ctx.error(
            p + ("from", "text"),
            f'{yaml_path(p + ("from", "text"))}: "{text}" '
            f"is not in the timescale's quote; expected the "
            f"source's words for what the limit counts from",
        )
    if counted.get("stated") is False and not t.get("note"):
        ctx.error(
            p + ("from", "stated"),
            f"{yaml_path(p + ('from', 'stated'))}: the source "
            f"does not say what this counts from, so the "
            f"timescale needs a note saying what the handbook "
            f"counts it from",
        )


def _condition(ctx: Context, p: PathKey, t: dict[str, Any], said: list[str]) -> None:
    """A timescale's `condition` is the source's words, in its quote."""
    text = t.get("condition")
    if isinstance(text, str) and not any(normalise_quote(text).casefold() in q for q in said):
        ctx.error(
            p + ("condition",),
            f'{yaml_path(p + ("condition",))}: "{text}" is not in the timescale\'s quote; '
            f"expected the source's words for when the action applies",
        )


def _conditions(ctx: Context) -> None:
    """A contact's condition is in its transition's quote."""
    for sp, _ in ctx.items(("stages",)):
        for n, transition in ctx.items(sp + ("next",)):
            words = " ".join(normalise_quote(q).casefold() for q in quote_list(transition))
            for q, contact in ctx.items(n + ("contacts",)):
                condition = contact.get("condition")
                if isinstance(condition, str) and normalise_quote(condition).casefold() not in words:
                    ctx.error(
                        q + ("condition",),
                        f'{yaml_path(q + ("condition",))}: "{condition}" '
                        f"is not in the transition's quote; expected the "
                        f"source's words for when this contact is made",
                    )
