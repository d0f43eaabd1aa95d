"""`handbook diff OLD [NEW] [--start DATE] [--json]`: what changes between two versions of a protocol.

OLD and NEW are file paths (whatever the files are called), two folders of
protocol files (each partnership paired by the slug its file gives), or
`REV:PATH` for a file at a git revision (read with `git show`; PATH is
relative to the current folder). Without NEW, OLD must be `REV:PATH` and NEW
is the working copy of PATH. For every computed timescale whose due date
moves, the output gives the due date under each version for a reference
start date (default: today, or the next working day when today is not one),
worked out by the deadline engine ("Thu 31 Dec 2026 → Tue 29 Dec 2026").

Exit status: 0 whether or not there are differences ("no differences" is
printed when there are none); 2 for bad input (an invalid protocol file, a
git error, a malformed date), with the problem on stderr and no traceback.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from pathlib import Path

from calculator.nonworking import OutOfRange

from ..holiday_table import build_table as table_for_nation  # cached per nation
from .compare import diff_protocols
from .folders import paired_files
from .output import as_json, render_text
from .reference_start import new_edition_day, working_start
from .revisions import DiffError, load_version, new_since, split_revision

__all__ = ["run", "main"]


def _start_date(start_text: str | None, nation: str, edition_day: dt.date | None = None) -> dt.date:
    """The reference start: `--start` as given, else the day a new edition
    takes effect (`edition_day`) or today, or the next working day after it."""
    if start_text is None:
        try:
            return working_start(edition_day or dt.date.today(), table_for_nation(nation))
        except OutOfRange:
            return dt.date.today()
    try:
        return dt.date.fromisoformat(start_text)
    except ValueError:
        raise DiffError(f"--start {start_text}: expected a date as YYYY-MM-DD") from None


def _new_file(old_spec: str, new_spec: str, revision: tuple[str, str], start: dt.date, as_json_output: bool) -> str:
    """The output for a file that REV does not have: nothing to compare with."""
    new = load_version(new_spec)
    if as_json_output:
        return (
            json.dumps(
                {
                    "protocol": new.slug,
                    "old": old_spec,
                    "new": new_spec,
                    "start": start.isoformat(),
                    "new_file": True,
                    "changes": [],
                },
                indent=2,
                ensure_ascii=False,
            )
            + "\n"
        )
    return f"{new.slug}: {revision[1]} is new since {revision[0]}, so there is no earlier version to compare it with.\n"


def run(old_spec: str, new_spec: str | None, start_text: str | None, as_json_output: bool) -> str:
    """The command's output text; `DiffError` for bad input."""
    if new_spec is None:
        revision = split_revision(old_spec)
        if revision is None:
            raise DiffError(
                f"{old_spec}: give NEW too, or write OLD as REV:PATH "
                f"(for example HEAD:{old_spec}) to compare with the working copy"
            )
        new_spec = revision[1]
    if os.path.isdir(old_spec) and os.path.isdir(new_spec):
        return _folders(Path(old_spec), Path(new_spec), start_text, as_json_output)
    revision = split_revision(old_spec)
    if revision is not None and not os.path.isabs(revision[1]) and new_since(*revision):
        start = _start_date(start_text, load_version(new_spec).calendar.nation)
        return _new_file(old_spec, new_spec, revision, start, as_json_output)
    old = load_version(old_spec)
    new = load_version(new_spec)
    start = _start_date(start_text, new.calendar.nation, new_edition_day(old, new))
    try:
        for p in (old, new):
            table_for_nation(p.calendar.nation).require(start)
        changes = diff_protocols(old, new, start, table_for_nation)
    except OutOfRange as exc:
        raise DiffError(f"--start {start.isoformat()}: {exc}") from None
    if as_json_output:
        return json.dumps(as_json(changes, new.slug, old_spec, new_spec, start), indent=2, ensure_ascii=False) + "\n"
    return render_text(changes, new.slug, old_spec, new_spec, start)


def _one_side(slug: str, old: Path | None, new: Path | None, as_json_output: bool) -> str:
    """A partnership that only one of two folders has."""
    if as_json_output:
        return json.dumps({"protocol": slug, "old": str(old) if old else None, "new": str(new) if new else None})
    if old is None:
        return f"{slug}: {new} is new; the old folder has no file for it, so there is nothing to compare with.\n"
    return f"{slug}: {old} is not in the new folder: the partnership was removed.\n"


def _folders(old: Path, new: Path, start_text: str | None, as_json_output: bool) -> str:
    """Every partnership of two folders compared: one comparison after another
    (with --json, a list of them)."""
    outputs = []
    for slug, a, b in paired_files(old, new):
        if a is None or b is None:
            outputs.append(_one_side(slug, a, b, as_json_output))
        else:
            outputs.append(run(str(a), str(b), start_text, as_json_output))
    if as_json_output:
        return "[\n" + ",\n".join(o.strip() for o in outputs) + "\n]\n"
    return "\n".join(outputs) if outputs else f"no protocol files in {old} or {new}\n"


def main(args: argparse.Namespace) -> int:
    try:
        output = run(args.old, args.new, args.start, args.json)
    except DiffError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    sys.stdout.write(output)
    return 0
