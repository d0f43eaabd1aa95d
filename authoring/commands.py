"""The command line's look-ups of protocols: `handbook list`, `handbook deadline` (an answer as text or JSON).

Bad input (an unknown partnership or stage, a malformed date, a date outside
the calendar) exits with status 2 and one line on stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import textwrap
from pathlib import Path
from typing import Any

from calculator.edition_answer import answer_in_force
from calculator.editions import Editions
from calculator.explanation import explain
from calculator.model import Protocol, mid_sentence
from calculator.nonworking import NonWorkingTable
from calculator.question import INPUT_ERRORS, BadDate, UnknownProtocol, parse_date
from calculator.refusals import (
    bad_date_option,
    date_option_twice,
    in_date_option,
    today_outside,
    unknown_partnership,
)
from calculator.wording import (
    ADDED_GENERAL,
    ADDED_HEADING,
    BRANCHES,
    NO_DATE,
    REVIEW_PASSED,
    began_line,
    calendar_line,
    every_stage,
    if_resolved,
    last_stage,
    long_date,
    no_timescale,
    not_given_option,
    plain_date,
    projected,
    review_due,
    timeline_heading,
)

from . import places

#: The folder the functions below read when given none: the project's own
#: protocols (the command line chooses its folder with `places.protocols_folder`).
PROTOCOLS_DIR = places.PROJECT_PROTOCOLS

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
    return PROTOCOLS_DIR


def _protocol_paths(folder: Path) -> list[Path]:
    from .reading.file_text import protocol_files

    return protocol_files(folder) if folder.is_dir() else []


def _load_protocol(path: Path) -> Protocol:
    """One checked protocol file, or `InvalidProtocolFile`."""
    from . import checked
    from .reading import problems

    try:
        return checked.load_protocol(path)
    except problems.ProtocolError:
        raise InvalidProtocolFile([path]) from None


def _load_all(folder: Path) -> list[Protocol]:
    """Every checked protocol in the folder, or `InvalidProtocolFile` naming the bad ones."""
    from . import checked
    from .reading import problems

    try:
        return checked.load_protocols(folder)
    except problems.ProtocolError as exc:
        paths = sorted({Path(p.path) for p in exc.problems if p.severity == "error"}) or [folder]
        raise InvalidProtocolFile(paths) from None


def table_for(protocol: Protocol) -> NonWorkingTable:
    """The nation's bank holidays (built once per process and kept on disk by
    `build_table`); `calculator.deadlines.answer` adds the protocol's closure days."""
    from .holiday_table import build_table  # lazily: only deadline needs `holidays`

    return build_table(protocol.calendar.nation)


# list ---------------------------------------------------------------------
def list_protocols(folder: Path | None = None) -> list[dict[str, Any]]:
    return [
        {"slug": p.slug, "name": p.name, "stages": [{"id": s.id, "title": s.title} for s in p.stages]}
        for p in _load_all(folder or _protocols_dir())
    ]


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
        raise UnknownProtocol(unknown_partnership(slug, slugs(folder), os.path.join(_shown(folder), "")))
    return _load_protocol(path)


def editions_by_slug(slug: str, folder: Path | None = None) -> Editions:
    """Every edition of `protocols/SLUG.yaml` (its earlier ones from `editions/SLUG/`), each checked."""
    from . import checked
    from .reading import problems

    folder = folder or _protocols_dir()
    current = protocol_by_slug(slug, folder)
    try:
        return checked.load_editions(current, folder)
    except problems.ProtocolError as exc:
        raise InvalidProtocolFile(sorted({Path(p.path) for p in exc.problems})) from None


def parse_date_options(pairs: list[str]) -> dict[str, str]:
    """`--date EVENT=YYYY-MM-DD` options as a mapping; `BadDate` for a malformed one."""
    dates: dict[str, str] = {}
    for pair in pairs:
        event, sep, value = pair.partition("=")
        if not sep or not event.strip() or not value.strip():
            raise BadDate(bad_date_option(pair))
        event = event.strip()
        if event in dates:
            raise BadDate(date_option_twice(event))
        try:
            parse_date(value)
        except BadDate as exc:
            raise BadDate(in_date_option(event, str(exc))) from None
        dates[event] = value.strip()
    return dates


def deadline_answer(
    protocol: Protocol | Editions,
    stage_id: str,
    start: str,
    urgent: bool | None = None,
    dates: dict[str, str] | None = None,
    today: str | None = None,
) -> dict[str, Any]:
    """The answer for a reader at `stage_id` of `protocol` (under the edition in
    force on `start`, where given its editions), its calendar and today worked out here."""
    editions = protocol if isinstance(protocol, Editions) else Editions.of(protocol)
    start_date = parse_date(start)
    clock = parse_date(today) if today else dt.date.today()
    table = table_for(editions.current)
    if today and not table.covers(clock):
        raise BadDate(today_outside(today, table.first_year, table.last_year))
    # the machine's clock outside the calendar: the dates stand, with no "in N days"
    today_date = clock if table.covers(clock) else None
    return answer_in_force(editions, stage_id, start_date, table, urgent=urgent, today=today_date, dates=dates)


def _wrap(text: str, indent: str, first: str | None = None) -> str:
    return textwrap.fill(text, width=88, initial_indent=indent if first is None else first, subsequent_indent=indent)


def _when(d: dict[str, Any]) -> str:
    if d["due"]:
        return long_date(parse_date(d["due"]))
    if d["within"] is None and d["in_words_text"]:
        return d["in_words_text"][:1].upper() + d["in_words_text"][1:]
    return NO_DATE


def _format_deadline(d: dict[str, Any], word: str) -> list[str]:
    pad = " " * 31
    first = f"  {_when(d):<28} {d['action']}"
    if d.get("condition"):
        first = _wrap(f"{d['condition']}: {d['action']}", pad, f"  {_when(d):<28} ")
    lines = [first, f'{pad}source: "{d["wording"]}"']
    dated = [r for r in d.get("readings") or () if r["due"]]
    each = len({r["due"] for r in dated}) > 1
    for r in dated:
        tag = " (earlier)" if r.get("earlier") else ""
        lands = f", a non-working day: {r['lands_on']['name']}" if r.get("lands_on") else ""
        against = f" — {r['relative']['text']}" if (each and r.get("relative")) else ""
        lines.append(
            _wrap(f"{r.get('label') or r['wording']}: {long_date(parse_date(r['due']))}{tag}{lands}{against}", pad)
        )
    cf = d["counted_from"]
    if d["within"] is not None:
        if cf["date"]:
            how = f" — {cf['reading_text']}" if cf.get("reading_text") else ""
            proj = f", {projected(word)}" if cf.get("projected") else ""
            lines.append(
                _wrap(
                    f"counted from: {long_date(parse_date(cf['date']))}, {cf['label']}{proj}{how}",
                    pad,
                )
            )
        else:
            lines.append(_wrap(not_given_option(cf["label"], d["needs"]), pad))
    if d.get("relative") and not each:
        lines.append(f"{pad}{d['relative']['text']}")
    if d["counting"]:
        lines.append(f"{pad}counting: {d['counting']}")
    if d.get("lands_on") and not d.get("readings"):
        lines.append(f"{pad}falls on a non-working day: {d['lands_on']['name']}")
    if d["skipped"]:
        skipped = ", ".join(f"{s['date']} {s['name']}" for s in d["skipped"])
        lines.append(f"{pad}skips: {skipped}")
    if d["repeats"]:
        lines.append(f"{pad}repeats: {d['repeats']}")
    if d["conflict"]:
        c = d["conflict"]
        lines.append(_wrap(f"conflict: {c['text']}", pad))
        if c["earlier"]:
            lines.append(f"{pad}this reading falls earlier than the other")
    if d["note"]:
        lines.append(_wrap(f"handbook's note: {d['note']}", pad))
    return lines


def _person_line(p: dict[str, Any]) -> str:
    bits = [p["title"] + (f" ({mid_sentence(p['condition'])})" if p.get("condition") else "")]
    if p.get("phone"):
        bits.append(f"phone {p['phone']}")
    if p.get("email"):
        bits.append(f"email {p['email']}")
    if p.get("address"):
        bits.append("address " + ", ".join(p["address"]))
    return "; ".join(bits)


def _added_lines(added: list[dict[str, Any]], pad: str) -> list[str]:
    """Each contact the partnership adds, with its label (its own, not the
    procedure's, and the day it was checked)."""
    lines = []
    for a in added:
        bits = [a["name"]] + [
            f"{k} {a[key]}" for k, key in (("phone", "phone"), ("email", "email"), ("web", "url")) if a[key]
        ]
        if a["note"]:
            bits.append(a["note"])
        lines.append(_wrap(f"{'; '.join(bits)} — {a['label']}", pad + "  ", pad + "+ "))
    return lines


def _dates(result: dict[str, Any], word: str) -> str:
    """The date the reader's stage began and any other date given, one a line."""
    route = {True: " (urgent)", False: " (not urgent)"}.get(result["urgent"], "")
    lines = [began_line(word, long_date(parse_date(result["start"]))) + route]
    others = {e: d for e, d in result["dates"].items() if e != f"stage-{result['stage']['id']}"}
    for event, day in others.items():
        lines.append(f"  {event}: {long_date(parse_date(day))}")
    return "\n".join(lines)


def _heading(result: dict[str, Any], word: str) -> list[str]:
    """Who, when, and what applies whatever the stage."""
    stage = result["stage"]
    lines = [f"{result['name']}: {stage['label']} — {stage['title']}", _dates(result, word)]
    edition = result.get("edition")
    if edition:  # the edition counted under; a change to a limit of its own is said under that limit
        own = {d["timescale"] for d in result["deadlines"]}
        lines.append(_wrap(edition["text"], "  ", ""))
        lines.extend(_wrap(c["text"], "  ", "") for c in edition["changes"] if c["timescale"] not in own)
    if stage.get("note"):
        lines.append(_wrap(f"Handbook's note: {stage['note']}", "  ", ""))
    for duty in result["child_protection"]:
        lines.append(_wrap(f"{every_stage(word)}: {duty['text']}", "  ", ""))
    for note in filter(None, [result["child_protection_note"], *result["date_notes"]]):
        lines.append(_wrap(f"Handbook's note: {note}", "  ", ""))
    review = result["review"]
    if review and review["overdue"]:
        lines.append(f"{REVIEW_PASSED}: {review_due(plain_date(parse_date(review['date'])))}")
    return lines


def _deadlines(result: dict[str, Any], word: str) -> list[str]:
    lines = [""]
    if result["deadlines"]:
        lines.append(f"  {'Due':<28} What")
        changes = (result.get("edition") or {}).get("changes", [])
        for d in result["deadlines"]:
            lines.extend(_format_deadline(d, word))
            lines.extend(_wrap(c["text"], " " * 31) for c in changes if c["timescale"] == d["timescale"])
    else:
        lines.append(f"  {no_timescale(word)}")
    for gap in result["gaps"]:
        lines.append(_wrap(f"Handbook's note on the source: {gap['text']}", "  ", ""))
    if result["if_resolved"]:
        lines.append("")
        lines.append(if_resolved(word))
        lines.extend(_wrap(r["text"], "    ", "  - ") for r in result["if_resolved"])
    return lines


def _now(result: dict[str, Any], word: str) -> list[str]:
    """Where every limit of the stage has passed, that first, with the procedure's next step."""
    if not result["now"]["limits_passed"]:
        return []
    return ["", _wrap(result["now"]["text"], "  ", ""), *_next_step(result, word)]


def _next_step(result: dict[str, Any], word: str) -> list[str]:
    """The route on if the stage does not resolve things, with whom; every route where it branches."""
    lines = []
    nxt = result["next"]
    if nxt:
        lines.append(f"If not resolved: {nxt['label']} — {nxt['title']}")
        for c in nxt["contact_details"]:
            lines.append(_wrap(_person_line(c), "    ", "  Contact: "))
            lines.extend(_added_lines(c["added"], "    "))
    elif result["branches"]:
        lines.append(BRANCHES)
        for b in result["branches"]:
            lines.append(f"  {b['when']}: {b['label']} — {b['title']}")
            for q in b["quote"]:
                lines.append(_wrap(f'"{q}"', "      ", "      "))
    else:
        lines.append(last_stage(word))
    return lines


def _route_on(result: dict[str, Any], word: str) -> list[str]:
    """Where the stage leads (unless said first), who is involved, the forms, the records."""
    lines = [""] + ([] if result["now"]["limits_passed"] else _next_step(result, word))
    involved = [p for p in result["involved"] if p.get("phone") or p.get("email") or p.get("address") or p["added"]]
    for p in involved:
        lines.append(_wrap(_person_line(p), "    ", "Contact details: "))
        lines.extend(_added_lines(p["added"], "    "))
    if result["added_contacts"]:
        lines.append(f"{ADDED_HEADING}, {ADDED_GENERAL[0].lower()}{ADDED_GENERAL[1:]}:")
        lines.extend(_added_lines(result["added_contacts"], "  "))
    if result["forms"]:
        lines.append("Forms: " + "; ".join(f["name"] for f in result["forms"]))
    if result["records"]:
        lines.append("Record:")
        lines.extend(_wrap(r, "    ", "  - ") for r in result["records"])
    return lines


def _timeline(result: dict[str, Any], word: str) -> list[str]:
    lines: list[str] = []
    if result["timeline"]:
        lines += ["", timeline_heading(word)]
        for entry in result["timeline"]:
            start = long_date(parse_date(entry["start"])) if entry["start"] else "start not known"
            lines.append(f"  {entry['stage']['label']} — {entry['stage']['title']} (from {start})")
            for d in entry["deadlines"]:
                lines.append(_wrap(explain(d, word), "      "))
            if not entry["deadlines"]:
                lines.append(f"      {no_timescale(word)}")
            if entry["note"]:
                lines.append(f"      {entry['note']}")
    note = result.get("timeline_note") or result.get("route_note")
    if note:
        lines.append(_wrap(note, "  ", "  "))
    return lines


def _calendar(result: dict[str, Any], word: str) -> list[str]:
    cal = result["calendar"]
    lines = [
        "",
        calendar_line(cal["region"], cal["source"], cal["covers"][0], cal["covers"][1]),
    ]
    if cal.get("definition"):
        lines.append(_wrap(cal["definition"]["text"], "", ""))
    return lines


def format_answer(result: dict[str, Any], stage_word: str) -> str:
    """`handbook deadline`'s answer as text, for a procedure whose word for a stage is `stage_word`."""
    parts = (_heading, _now, _deadlines, _route_on, _timeline, _calendar)
    return "\n".join(line for part in parts for line in part(result, stage_word))


def _fail(message: str) -> int:
    print(f"handbook: {message}", file=sys.stderr)
    return EXIT_BAD_INPUT


def main(args: argparse.Namespace) -> int:
    chosen = places.protocols_folder(getattr(args, "protocols", None))
    if not chosen.folder.is_dir():
        return _fail(f"{_shown(chosen.folder)}: no such folder of protocol files")
    # Which folder, said once the answer is known: bad input stays one line.
    try:
        if args.command == "list":
            listing = list_protocols(chosen.folder)
            chosen.say_which()
            if args.json:
                print(json.dumps(listing, indent=2, ensure_ascii=False))
            else:
                _print_list(listing)
            return 0
        if args.command == "deadline":
            dates = parse_date_options(args.date)  # a malformed --date is said before an unknown slug, as always
            editions = editions_by_slug(args.slug, chosen.folder)
            result = deadline_answer(
                editions, args.stage, args.start, urgent=args.urgent, dates=dates, today=args.today
            )
            chosen.say_which()
            if args.json:
                print(json.dumps(result, indent=2, ensure_ascii=False))
            else:
                print(format_answer(result, editions.current.stage_word))
            return 0
    except INPUT_ERRORS as exc:
        return _fail(str(exc))
    except InvalidProtocolFile as exc:
        return _fail(str(exc))
    return _fail(f"unknown command {args.command!r}")
