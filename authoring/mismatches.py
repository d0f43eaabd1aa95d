"""What of a protocol file no longer matches a revised source text: quotes not found, limits whose numbers changed.

`handbook revise` prints this list so that the author updates the file from
it; each entry names where it stands in the file and the closest passage of
the new text (`quotes.closest_passage`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .quotes import closest_passage, normalise_quote, normalise_with_origins, quotes_in
from .reading.positions import SourceMap
from .reading.yaml_paths import naming, yaml_path

__all__ = ["Mismatch", "mismatches"]

_NUMBER = re.compile(r"\d+")
#: How much of a quote or passage a line of the list shows.
_SHOWN = 160


@dataclass(frozen=True)
class Mismatch:
    """A quote the new text does not hold: where it is, what it says, the closest new passage (and its line)."""

    line: int
    column: int
    where: str
    quote: str
    closest: str | None
    closest_line: int | None
    limit: str | None  # the timescale's `within`, where its quote's numbers differ from the closest passage's

    def lines(self, shown: str) -> list[str]:
        """The entry as the command prints it: its place and quote, then the closest passage."""
        limit = f" (encoded as within {self.limit})" if self.limit else ""
        first = f'{shown}:{self.line}:{self.column}: {self.where}: "{_cut(self.quote)}"{limit}'
        if self.closest is None:
            return [first, "    nothing in the new text is close"]
        return [first, f'    closest new passage, line {self.closest_line}: "{_cut(self.closest)}"']


def _cut(text: str) -> str:
    return text if len(text) <= _SHOWN else text[: _SHOWN - 1] + "…"


def _limits(data: dict[str, Any]) -> dict[tuple[str | int, ...], str]:
    """Each timescale's path with its `within`, in words ("{working_days: 5}")."""
    out: dict[tuple[str | int, ...], str] = {}
    places: list[tuple[tuple[str | int, ...], Any]] = [
        (("stages", i, "timescales"), s.get("timescales"))
        for i, s in enumerate(data.get("stages") or [])
        if isinstance(s, dict)
    ]
    cp = data.get("child_protection")
    if isinstance(cp, dict):
        places.append((("child_protection", "timescales"), cp.get("timescales")))
    for path, items in places:
        for j, ts in enumerate(items if isinstance(items, list) else []):
            if isinstance(ts, dict) and isinstance(ts.get("within"), dict):
                within = ", ".join(f"{k}: {v}" for k, v in ts["within"].items())
                out[(*path, j)] = "{" + within + "}"
    return out


def mismatches(data: dict[str, Any], positions: SourceMap, new_source: str) -> list[Mismatch]:
    """Every quote of `data` that `new_source` does not hold, in the file's order; a limit whose
    quote's numbers differ from its closest new passage's carries its `within`."""
    text, origins = normalise_with_origins(new_source)
    limits = _limits(data)
    found: list[Mismatch] = []
    with naming(data):
        for path, quote in quotes_in(data):
            wanted = normalise_quote(quote)
            if wanted in text:
                continue
            near = closest_passage(wanted, text)
            line = new_source.count("\n", 0, origins[near.start]) + 1 if (near and origins) else None
            owner = next((p for p in limits if path[: len(p)] == p), None)
            changed = owner is not None and (near is None or _NUMBER.findall(wanted) != _NUMBER.findall(near.passage))
            at_line, at_column = positions.value(path)
            found.append(
                Mismatch(
                    at_line,
                    at_column,
                    yaml_path(path),
                    wanted,
                    near.passage if near else None,
                    line,
                    limits[owner] if (owner is not None and changed) else None,
                )
            )
    return sorted(found, key=lambda m: (m.line, m.column))
