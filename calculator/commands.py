"""`handbook list` and `handbook deadline`: protocols and their deadlines on the command line.

Bad input (an unknown partnership or stage, a malformed date, a date outside
the calendar) exits with status 2 and one line on stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
import textwrap
from pathlib import Path
from typing import Any

from . import deadlines
from .model import Protocol
from .nonworking import NonWorkingTable

#: The protocol files next to the package (the repository's protocols/ folder).
PROTOCOLS_DIR = Path(__file__).resolve().parent.parent / "protocols"

EXIT_BAD_INPUT = 2


class InvalidProtocolFile(Exception):
    """Protocol files that do not pass `handbook check`."""

    def __init__(self, paths: list[Path]) -> None:
        self.paths = paths
        shown = ", ".join(_shown(p) for p in paths)
        verb = "is not a valid protocol file" if len(paths) == 1 else "are not valid protocol files"
        super().__init__(f"{shown} {verb}; run `handbook check` to see why")


def _shown(path: Path) -> str:
    try:
        return str(Path(path).resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _protocols_dir() -> Path:
    if PROTOCOLS_DIR.is_dir():
        return PROTOCOLS_DIR
    return Path.cwd() / "protocols"


def _protocol_paths(folder: Path) -> list[Path]:
    from .loader import protocol_files

    return protocol_files(folder) if folder.is_dir() else []


def _load_protocol(path: Path) -> Protocol:
    """One checked protocol file, or `InvalidProtocolFile`."""
    from . import loader

    try:
        return loader.load_protocol(path)
    except loader.ProtocolError:
        raise InvalidProtocolFile([path]) from None


def _load_all(folder: Path) -> list[Protocol]:
    """Every checked protocol in the folder, or `InvalidProtocolFile` naming the bad ones."""
    from . import loader

    try:
        return loader.load_protocols(folder)
    except loader.ProtocolError as exc:
        paths = sorted({Path(p.path) for p in exc.problems if p.severity == "error"}) or [folder]
        raise InvalidProtocolFile(paths) from None


def table_for(protocol: Protocol) -> NonWorkingTable:
    """The nation's bank holidays (built once per process and kept on disk by
    `build_table`); `deadlines.answer` adds the protocol's closure days."""
    from .holiday_table import build_table  # lazily: only deadline needs `holidays`

    return build_table(protocol.calendar.nation)


# list ---------------------------------------------------------------------
def list_protocols(folder: Path | None = None) -> list[dict[str, Any]]:
    return [{"slug": p.slug, "name": p.name,
             "stages": [{"id": s.id, "title": s.title} for s in p.stages]}
            for p in _load_all(folder or _protocols_dir())]


def _print_list(listing: list[dict[str, Any]]) -> None:
    for item in listing:
        print(f"{item['slug']}  {item['name']}")
        for stage in item["stages"]:
            print(f"    {stage['id']:<14} {stage['title']}")


# deadline -----------------------------------------------------------------
def slugs(folder: Path | None = None) -> list[str]:
    """The partnerships there are files for (a file is named after its slug)."""
    return [p.stem for p in _protocol_paths(folder or _protocols_dir())]


def protocol_by_slug(slug: str, folder: Path | None = None) -> Protocol:
    """The checked protocol `protocols/SLUG.yaml`, or `UnknownProtocol` listing the slugs."""
    folder = folder or _protocols_dir()
    path = folder / f"{slug}.yaml"
    if "/" in slug or "\\" in slug or not path.is_file():
        raise deadlines.UnknownProtocol(
            f"unknown partnership {slug!r}; expected one of: {', '.join(slugs(folder)) or '(none)'}")
    return _load_protocol(path)


def deadline_answer(slug: str, stage_id: str, start: str, urgent: bool = False,
                    folder: Path | None = None) -> dict[str, Any]:
    protocol = protocol_by_slug(slug, folder)
    start_date = deadlines.parse_date(start)
    return deadlines.answer(protocol, stage_id, start_date, table_for(protocol), urgent=urgent)


def _wrap(text: str, indent: str) -> str:
    return textwrap.fill(text, width=88, initial_indent=indent, subsequent_indent=indent)


def _format_deadline(d: dict[str, Any]) -> list[str]:
    if d["due"]:
        when = deadlines.long_date(deadlines.parse_date(d["due"]))
    elif d["within"] is None and d["in_words_text"]:
        when = d["in_words_text"][:1].upper() + d["in_words_text"][1:]
    else:
        when = "No date"
    lines = [f"  {when:<28} {d['action']}", f"  {'':<28} source: \"{d['wording']}\""]
    if d["counting"]:
        lines.append(f"  {'':<28} counting: {d['counting']}")
    if d["skipped"]:
        skipped = ", ".join(f"{s['date']} {s['name']}" for s in d["skipped"])
        lines.append(f"  {'':<28} skips: {skipped}")
    if d["repeats"]:
        lines.append(f"  {'':<28} repeats: {d['repeats']}")
    if d["conflict"]:
        c = d["conflict"]
        reading = ("this reading falls first: the safe one to follow" if c["safe"]
                   else "this reading falls later than the other")
        lines.append(_wrap(f"conflict: {c['text']}", " " * 31))
        lines.append(f"  {'':<28} {reading}")
    if d["note"]:
        lines.append(_wrap(f"note: {d['note']}", " " * 31))
    return lines


def format_answer(result: dict[str, Any]) -> str:
    stage = result["stage"]
    lines = [f"{result['name']}: {stage['label']} — {stage['title']}",
             f"Stage began {deadlines.long_date(deadlines.parse_date(result['start']))}"
             + (" (urgent)" if result["urgent"] else ""), ""]
    if result["deadlines"]:
        lines.append(f"  {'Due':<28} What")
        for d in result["deadlines"]:
            lines.extend(_format_deadline(d))
    else:
        lines.append("  The source gives no timescale for this stage.")
    lines.append("")
    nxt = result["next"]
    if nxt:
        when = "If not resolved" if nxt["when"] == "unresolved" else f"If not resolved ({nxt['when']})"
        lines.append(f"{when}: {nxt['label']} — {nxt['title']}")
        if nxt["contacts"]:
            lines.append("  Contact: " + "; ".join(nxt["contacts"]))
        others = [b for b in result["branches"] if b["id"] != nxt["id"]]
        for b in others:
            lines.append(f"  Otherwise ({b['when']}): {b['label']} — {b['title']}")
    else:
        lines.append("This is the last stage.")
    if result["forms"]:
        lines.append("Forms: " + "; ".join(f["name"] for f in result["forms"]))
    if result["records"]:
        lines.append("Record:")
        lines.extend(_wrap(r, "  - ").replace("\n  - ", "\n    ", ) for r in result["records"])
    if result["timeline"]:
        lines.append("")
        lines.append("Timeline if each later stage runs to its limit:")
        for entry in result["timeline"]:
            start = (deadlines.long_date(deadlines.parse_date(entry["start"]))
                     if entry["start"] else "start not known")
            lines.append(f"  {entry['stage']['label']} — {entry['stage']['title']} (from {start})")
            for d in entry["deadlines"]:
                lines.append(_wrap(deadlines.explain(d), "      "))
            if not entry["deadlines"]:
                lines.append("      The source gives no timescale for this stage.")
            if entry["note"]:
                lines.append(f"      {entry['note']}")
    cal = result["calendar"]
    lines.append("")
    lines.append(f"Bank holidays of {cal['region']} ({cal['source']}), "
                 f"{cal['covers'][0]} to {cal['covers'][1]}. Working days are counted from the day after "
                 "the stage began; hours on the clock, weekends included.")
    return "\n".join(lines)


def _fail(message: str) -> int:
    print(f"handbook: {message}", file=sys.stderr)
    return EXIT_BAD_INPUT


def main(args: argparse.Namespace) -> int:
    try:
        if args.command == "list":
            listing = list_protocols()
            if args.json:
                print(json.dumps(listing, indent=2, ensure_ascii=False))
            else:
                _print_list(listing)
            return 0
        if args.command == "deadline":
            result = deadline_answer(args.slug, args.stage, args.start, urgent=args.urgent)
            if args.json:
                print(json.dumps(result, indent=2, ensure_ascii=False))
            else:
                print(format_answer(result))
            return 0
    except deadlines.INPUT_ERRORS as exc:
        return _fail(str(exc))
    except InvalidProtocolFile as exc:
        return _fail(str(exc))
    return _fail(f"unknown command {args.command!r}")
