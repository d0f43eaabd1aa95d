"""`handbook revise`: starts a partnership's next edition from its revised document.

The current file and its source text move into the editions layout
(`edition_files`): `editions/<slug>/<day it took effect>.yaml` (or
`earliest.yaml`), its source `sources/<slug>-<same>.txt`. The revised
document's text (read by `new_document`, normalised as `handbook new` writes
it) becomes the current file's source text, and the current file, kept as the
author wrote it, gains `document.in_force_from`. Then it prints what of the
file no longer matches the new text (`mismatches`). It refuses, writing
nothing, where any file it would write exists or the day is not after the
current edition's: running it again is refused.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from calculator.wording import plain_date

from . import places
from .display import display_path, handbook_command
from .edition_files import edition_folder, edition_stem
from .mismatches import Mismatch, mismatches
from .new import left_out_lines, read_source
from .new_document import NewError
from .reading.loader import read_protocol_file
from .reading.positions import SourceMap

__all__ = ["Revision", "revise", "main"]


class ReviseError(Exception):
    """A refusal: one line, and nothing written."""


@dataclass(frozen=True)
class Revision:
    """What `revise` did: the files it wrote or moved, the new text, what no longer matches."""

    current: Path
    edition: Path
    old_source: Path
    new_source: Path
    earlier_day: dt.date | None
    text: str
    mismatches: list[Mismatch]
    #: What the new text leaves out of the document, as `handbook new` says it.
    left_out: list[str]


def _read(path: Path) -> tuple[dict[str, Any], SourceMap, str]:
    """The current file's data, positions and text, or a refusal naming what is wrong."""
    read = read_protocol_file(path)
    document = read.data.get("document") if isinstance(read.data, dict) else None
    if read.problems or not isinstance(document, dict) or not isinstance(document.get("source"), str):
        raise ReviseError(
            f"handbook revise: {display_path(path)} cannot be read as a protocol with a document.source; "
            f"run `handbook check {display_path(path)}` and fix it first; nothing was written"
        )
    return read.data, read.positions, path.read_text(encoding="utf-8")


def _set_value(text: str, positions: SourceMap, key: tuple[str, ...], value: str) -> str:
    """`text` with the value at `key` (a scalar on its own line) replaced by `value`."""
    lines = text.split("\n")
    line, column = positions.value(key)
    lines[line - 1] = lines[line - 1][: column - 1] + value
    return "\n".join(lines)


def _with_day(text: str, positions: SourceMap, document: dict[str, Any], day: dt.date) -> str:
    """The current file's text with `document.in_force_from: day`, set or added after `source`."""
    if "in_force_from" in document:
        return _set_value(text, positions, ("document", "in_force_from"), day.isoformat())
    line, column = positions.key(("document", "source"))
    lines = text.split("\n")
    if not lines[line - 1][: column - 1].isspace():
        raise ReviseError(
            "handbook revise: document is written on one line; write it as a block (one key a line) "
            "and run it again; nothing was written"
        )
    lines.insert(line, " " * (column - 1) + f"in_force_from: {day.isoformat()}")
    return "\n".join(lines)


def _new_text(source: Path) -> tuple[str, list[str]]:
    """The document's text as quotes are compared, with the lines saying what it leaves out."""
    try:
        read = read_source(source)
    except NewError as e:
        raise ReviseError(f"{e}; nothing was written") from None
    return read.text, left_out_lines(read.dropped, read.apart, read.joins, source.name)


def _refuse_existing(*paths: Path) -> None:
    for path in paths:
        if path.exists():
            raise ReviseError(
                f"handbook revise: {display_path(path)} already exists; nothing was written "
                f"(an edition is started once: edit the current file, or move that file away first)"
            )


def revise(slug: str, source: Path, day: dt.date, protocols: Path) -> Revision:
    """Starts `slug`'s edition in force from `day` from the document `source`; raises
    `ReviseError` or `NewError` (one line each) having written nothing."""
    current = protocols / f"{slug}.yaml"
    if "/" in slug or "\\" in slug or not current.is_file():
        raise ReviseError(
            f"handbook revise: no partnership '{slug}' in {display_path(protocols)} "
            f"(expected {display_path(current)}); `handbook new` starts a new one; nothing was written"
        )
    data, positions, text = _read(current)
    document = data["document"]
    earlier_day = document.get("in_force_from")
    if isinstance(earlier_day, dt.date) and day <= earlier_day:
        raise ReviseError(
            f"handbook revise: --from {day} is not after {earlier_day}, the day the current edition "
            f"({display_path(current)}) took effect; a revised document takes effect after the one it "
            f"replaces; nothing was written"
        )
    stem = edition_stem(earlier_day if isinstance(earlier_day, dt.date) else None)
    edition = edition_folder(protocols, slug) / f"{stem}.yaml"
    old_source_name = f"sources/{slug}-{stem}.txt"
    source_path = protocols / document["source"]
    _refuse_existing(edition, protocols / old_source_name)
    new_text, left_out = _new_text(source)
    current_text = _with_day(text, positions, document, day)
    edition.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source_path, protocols / old_source_name)
    with open(edition, "x", encoding="utf-8") as f:
        f.write(_set_value(text, positions, ("document", "source"), old_source_name))
    source_path.write_text(new_text, encoding="utf-8")
    current.write_text(current_text, encoding="utf-8")
    revised = read_protocol_file(current)
    found = mismatches(revised.data, revised.positions, new_text) if isinstance(revised.data, dict) else []
    return Revision(current, edition, protocols / old_source_name, source_path, earlier_day, new_text, found, left_out)


def _next_steps(r: Revision, slug: str, day: dt.date, folder: str) -> None:
    """What to do next, each with the command as it was run."""
    command = handbook_command()
    shown = display_path(r.current)
    first = "update it from the list above" if r.mismatches else "read it through against the new text"
    print("Next:")
    print(f"  1. Edit {shown}: {first}, quoting {display_path(r.new_source)}.")
    print(f"  2. Check it: {command} check {shown}")
    print(
        f"  3. Preview it: {command} serve{folder} (its page is partnerships/{slug}/; the page changes/ "
        f"shows this edition against the one published now)"
    )
    print(
        f"  4. Once it is ready: {command} record {slug}{folder} (an amendment dated "
        f"{plain_date(day)} in What's new and the feeds)"
    )


def _report(r: Revision, document_name: str, day: dt.date) -> None:
    earlier = (
        f"the edition in force from {plain_date(r.earlier_day)}"
        if r.earlier_day
        else "the earliest edition (the day it took effect is not known)"
    )
    print(f"Moved {earlier} to {display_path(r.edition)}, its source text to {display_path(r.old_source)}.")
    print(
        f"Wrote {display_path(r.new_source)}: the text of {document_name} ({len(r.text.split()):,} words), "
        f"as quotes are compared."
    )
    for line in r.left_out:
        print(line)
    print(f"{display_path(r.current)} is now the edition in force from {plain_date(day)} (document.in_force_from).")
    limits = [m for m in r.mismatches if m.limit]
    quotes = [m for m in r.mismatches if not m.limit]
    shown = display_path(r.current)
    if not r.mismatches:
        print("Every quote is in the new text: nothing no longer matches.")
    for title, items in (("Limits that changed", limits), ("Quotes not found in the new text", quotes)):
        if items:
            print(f"{title} ({len(items)}):")
            for m in items:
                print("\n".join("  " + line for line in m.lines(shown)))


def main(args: argparse.Namespace) -> int:
    chosen = places.protocols_folder(args.protocols)
    try:
        revision = revise(args.slug, Path(args.source), args.in_force_from, chosen.folder)
    except (ReviseError, NewError) as e:
        print(e, file=sys.stderr)
        return 2
    except OSError as e:
        print(f"handbook revise: cannot write {e.filename or 'the files'} ({e.strerror or e})", file=sys.stderr)
        return 2
    chosen.say_which()
    _report(revision, Path(args.source).name, args.in_force_from)
    _next_steps(
        revision, args.slug, args.in_force_from, f" --protocols {display_path(chosen.folder)}" if args.protocols else ""
    )
    return 0
