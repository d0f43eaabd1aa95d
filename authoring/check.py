"""`handbook check`: each protocol file run through the layers of checks
below, every problem reported where it stands in the file.

Layers: the first two stop the check when they fail (there is nothing to
check without the file's data); the last two both run on whatever data was
read, so one run reports every problem of a file:

1. file: exists, is a readable regular file, UTF-8 text, not empty, not huge;
2. YAML: syntax, duplicate keys, aliases, tags, a mapping at the top
   (both in `authoring.reading.loader`);
3. schema: protocols/protocol.schema.json (JSON Schema 2020-12), its errors
   put in words by `authoring.checks.schema_errors`;
4. meaning: unique ids, references between stages, roles and forms, the slug
   and source file, the stage graph, dates, timescales, the glossary
   (`authoring.checks.meaning`); within a value the schema already faulted,
   its problems are left out as the same fault said twice.

Every problem is reported as `PATH:LINE:COLUMN: message` (a warning as
`PATH:LINE:COLUMN: warning: message`).
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import places
from .checks.meaning import meaning_problems
from .checks.schema import Schema, schema_for
from .checks.schema_errors import schema_problems
from .display import display_path
from .edition_files import edition_files, is_edition_file, slugs_with_editions
from .edition_order import order_problems
from .history.pending import reminders
from .reading.file_text import protocol_files
from .reading.loader import read_protocol_file
from .reading.problems import Problem
from .reading.yaml_paths import naming

__all__ = ["FileOutcome", "check_file", "check_paths", "main"]


@dataclass
class FileOutcome:
    """The problems found in one file and, if it could be read, its data."""

    problems: list[Problem] = field(default_factory=list)
    data: Any = None


def _check_guarded(shown: str, schema: Schema, today: dt.date) -> FileOutcome:
    """One file checked; a gap in the checks is still a message, never a traceback."""
    try:
        return _check_one(shown, schema, today)
    except Exception as e:
        return FileOutcome([Problem(shown, 1, 1, "error", f"could not be checked: {type(e).__name__}: {e}")])


def _check_one(shown: str, schema: Schema, today: dt.date) -> FileOutcome:
    outcome = FileOutcome()

    def add(line: int, column: int, message: str, severity: str = "error") -> None:
        outcome.problems.append(Problem(shown, line, column, severity, message))

    read = read_protocol_file(shown)
    for line, col, message in read.problems:
        add(line, col, message)
    if read.problems or read.data is None:
        return outcome
    outcome.data = read.data
    if schema.validator is None:
        return outcome  # the schema's own problem is reported once, by check_paths
    with naming(read.data):  # "stage 2", not stages[1]
        report = schema_problems(read.data, read.positions, schema.validator)
        for line, col, message in report.found:
            add(line, col, message)
        for line, col, severity, message in meaning_problems(shown, read.data, read.positions, today, schema=report):
            add(line, col, message, severity)
    return outcome


def _sort(problems: list[Problem]) -> list[Problem]:
    unique = list(dict.fromkeys(problems))
    return sorted(unique, key=lambda p: (p.path, p.line, p.column))


def check_file(path: str, *, schema_path: str | Path | None = None, today: dt.date | None = None) -> FileOutcome:
    """Checks one file; its data is set whenever it could be read."""
    schema = schema_for(Path(schema_path) if schema_path else places.PROTOCOL_SCHEMA)
    outcome = _check_guarded(path, schema, today or dt.date.today())
    if schema.problem is not None:
        outcome.problems.append(schema.problem)
    outcome.problems = _sort(outcome.problems)
    return outcome


def _editions(folder: str) -> tuple[list[str], list[Problem]]:
    """The earlier editions in a protocols folder, as files to check, and the problems with their order."""
    files = [
        os.path.join(folder, str(f.relative_to(folder)))
        for slug in slugs_with_editions(Path(folder))
        for f in edition_files(Path(folder), slug)
    ]
    return files, order_problems(folder)


def _expand(paths: Sequence[str]) -> tuple[list[str], list[Problem]]:
    """Files to check, as the user named them (a folder's earlier editions with
    its files), and problems with the names or the editions' order (a folder's,
    or a named current file's)."""
    files: list[str] = []
    problems: list[Problem] = []
    if not paths:
        paths = [display_path(places.PROJECT_PROTOCOLS)]
    for given in paths:
        p = Path(given)
        try:
            is_dir = p.is_dir()
        except OSError:
            is_dir = False
        if is_dir:
            try:
                found = protocol_files(p)
            except OSError as e:
                problems.append(Problem(given, 1, 1, "error", f"cannot list folder: {e.strerror or e}"))
                continue
            if not found:
                problems.append(Problem(given, 1, 1, "error", "folder has no protocol files (*.yaml)"))
            files.extend(os.path.join(given, f.name) for f in found)
            earlier, order = _editions(given)
            files.extend(earlier)
            problems.extend(order)
        else:
            files.append(given)
            problems.extend(_order_of_file(given))
    return list(dict.fromkeys(files)), problems


def _order_of_file(given: str) -> list[Problem]:
    """The order of a current file's editions, where it has any (an edition named alone is checked as a file)."""
    if is_edition_file(given):
        return []
    return order_problems(os.path.dirname(given), [Path(given).stem])


def check_paths(
    paths: Sequence[str], *, schema_path: str | Path | None = None, today: dt.date | None = None
) -> list[Problem]:
    """Every problem in the named files and folders (default: the project's protocols/),
    sorted by path, line and column."""
    files, problems = _expand(list(paths))
    schema = schema_for(Path(schema_path) if schema_path else places.PROTOCOL_SCHEMA)
    day = today or dt.date.today()
    for shown in files:
        problems.extend(_check_guarded(shown, schema, day).problems)
    if schema.problem is not None and files:
        problems.append(schema.problem)
    return _sort(problems)


def main(paths: Sequence[str], protocols: str | None = None) -> int:
    """`handbook check [PATH ...]`, or `handbook check [--protocols DIR]`: 0
    when every file is valid (warnings allowed), 1 otherwise. With no PATH it
    checks the protocols folder (`places.protocols_folder`) and, where that
    was a default, says which on stderr before its summary."""
    if not paths:
        chosen = places.protocols_folder(protocols)
        paths = [display_path(chosen.folder)]
        chosen.say_which()
    try:
        problems = check_paths(list(paths))
        for p in problems:
            print(p.format())
        errors = sum(p.severity == "error" for p in problems)
        warnings = len(problems) - errors
        for line in reminders(paths):
            print(line, file=sys.stderr)
        print(
            f"handbook check: {errors} error{'s' if errors != 1 else ''}, "
            f"{warnings} warning{'s' if warnings != 1 else ''}",
            file=sys.stderr,
        )
        return 1 if errors else 0
    except BrokenPipeError:
        raise
    except Exception as e:  # never a traceback, whatever the input
        where = paths[0]
        print(f"{where}:1:1: could not be checked: {type(e).__name__}: {e}")
        return 1
