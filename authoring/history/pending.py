"""The protocol files that changed since their last record, each named in one reminder line."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from .. import places
from ..display import display_path, handbook_command
from ..reading.file_text import protocol_files
from .baseline import changed_since_record

__all__ = ["reminders"]


def _files(paths: Iterable[str]) -> list[tuple[Path, Path]]:
    """(protocols folder, file) for every protocol file the paths name."""
    found = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            found += [(path, f) for f in protocol_files(path)]
        elif path.suffix == ".yaml" and path.is_file():
            found.append((path.parent, path))
    return found


def reminders(paths: Iterable[str]) -> list[str]:
    """A line for each file that differs from its recorded copy, in a
    protocols folder that keeps a history (one that does not says nothing: its
    author has not started recording; nor does a file never recorded, which
    has nothing published to compare with)."""
    lines = []
    default = places.protocols_folder().folder.resolve()
    for folder, f in _files(paths):
        if not places.history_folder(folder).is_dir():
            continue
        state = changed_since_record(f, folder)
        if state:
            given = "" if folder.resolve() == default else f" --protocols {display_path(folder)}"
            lines.append(
                f"{f}: changed since its last record; `{handbook_command()} record {f.stem}{given}` tells "
                f"readers (What's new, the feeds) once the change is ready"
            )
    return lines
