"""`handbook record [SLUG ...]`: a dated entry in a partnership's change history for what changed since its last record.

Each protocol file is compared, by meaning (`handbook diff`'s comparison),
with its copy as last recorded (`baseline`). An amendment is a change whose
source text changed (or whose `document.in_force_from` did), dated the day
it took effect when the file says so; any other change is a correction of
the handbook's reading, dated the day of the record. Due dates are for a
stage that starts on that date, or the next working day after it. A file
never recorded gets its first copy and no entry. Exit 2 for bad input (a
file that fails the check, a history file that does not fit its schema).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from calculator.model import Protocol

from .. import places
from ..checked import load_protocol
from ..diff.compare import diff_protocols
from ..diff.reference_start import new_edition_day, working_start
from ..diff.words import format_date
from ..holiday_table import build_table
from ..reading.file_text import protocol_files
from ..reading.problems import ProtocolError
from .baseline import changed_since_record, recorded_copy, save_baseline, source_changed
from .entries import Difference, Entry, History
from .history_file import read_history, write_history

__all__ = ["edition_words", "record_file", "summary_words", "main"]


def summary_words(
    kind: str, name: str, count: int, moved: int, start: dt.date, stage_word: str = "Stage", edition: str = ""
) -> str:
    """The entry's one plain sentence; `edition` says which edition an amendment starts, where it says so."""
    what = (
        f"{name} amended its procedure{edition}"
        if kind == "amendment"
        else f"The handbook corrected its reading of {name}'s procedure"
    )
    differences = f"{count} difference{'s' if count != 1 else ''}"
    due = f"{moved} due date{'s' if moved != 1 else ''} moved" if moved else "no due date moved"
    return f"{what}: {differences}; {due} for a {stage_word.lower()} starting on {format_date(start)}."


def edition_words(old: Protocol, new: Protocol) -> str:
    """How an amendment names its edition (" with a new edition in force
    from D, replacing …"), or nothing where the file gives no new day."""
    day = new_edition_day(old, new)
    if day is None:
        return ""
    earlier = old.document.in_force_from
    replaced = f"the edition in force from {format_date(earlier)}" if earlier else "the earlier edition"
    return f" with a new edition in force from {format_date(day)}, replacing {replaced}"


def _entry(history: History, old: Protocol, new: Protocol, kind: str, date: dt.date) -> Entry | None:
    table = build_table(new.calendar.nation)
    start = working_start(date, table)
    changes = diff_protocols(old, new, start, build_table)
    if not changes:
        return None
    differences = []
    for c in changes:
        d = c.deadline
        if d and d.get("old") != d.get("new"):
            differences.append(Difference(c.description, True, d.get("old"), d.get("new")))
        else:
            differences.append(Difference(c.description))
    taken = {e.id for e in history.entries}
    n = 1
    while f"{new.slug}/{date.isoformat()}/{n}" in taken:
        n += 1
    moved = sum(1 for d in differences if d.moves_due_date)
    edition = edition_words(old, new) if kind == "amendment" else ""
    summary = summary_words(kind, new.name, len(differences), moved, start, new.stage_word, edition)
    return Entry(f"{new.slug}/{date.isoformat()}/{n}", date, kind, start, summary, tuple(differences))


def record_file(path: Path, protocols: Path, today: dt.date) -> str:
    """Record one file's changes since its last record; the line to print."""
    state = changed_since_record(path, protocols)
    new = load_protocol(path)
    if state is None:
        save_baseline(path, protocols)
        return f"{new.name}: first record; later changes are compared with this version"
    if not state:
        return f"{new.name}: nothing changed since its last record"
    old = load_protocol(recorded_copy(protocols, path.stem))
    amended = source_changed(path, protocols) or new.document.in_force_from != old.document.in_force_from
    kind = "amendment" if amended else "correction"
    date = (new.document.in_force_from if amended else None) or today
    history = read_history(protocols, new.slug, new.name)
    entry = _entry(history, old, new, kind, date)
    save_baseline(path, protocols)
    if entry is None:
        return f"{new.name}: only the file's layout or comments changed, so there is nothing for readers to see"
    write_history(protocols, history.with_entry(entry, new.name))
    return f"{new.name}: recorded. {entry.summary}"


def _files(protocols: Path, slugs: list[str]) -> list[Path]:
    return [protocols / f"{slug}.yaml" for slug in slugs] if slugs else protocol_files(protocols)


def main(args: argparse.Namespace) -> int:
    chosen = places.protocols_folder(args.protocols)
    protocols = Path(chosen.folder)
    for slug in args.slugs:
        if not (protocols / f"{slug}.yaml").is_file():
            print(
                f"{protocols / (slug + '.yaml')}: no such protocol file (expected SLUG as in SLUG.yaml)",
                file=sys.stderr,
            )
            return 2
    try:
        today = dt.date.fromisoformat(args.today) if args.today else dt.date.today()
    except ValueError:
        print(f"--today {args.today}: expected a date as YYYY-MM-DD", file=sys.stderr)
        return 2
    try:
        lines = [record_file(f, protocols, today) for f in _files(protocols, args.slugs)]
    except ProtocolError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    chosen.say_which()
    print("\n".join(lines))
    return 0
