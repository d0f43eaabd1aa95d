"""Every protocol file of a folder compared with the published version, as last recorded.

The live preview's page of changes (handbook_site.changes_page) shows what
`changes_since_record` finds. The published version is the copy `handbook
record` keeps in the repository (`authoring.history.baseline`), so the page
needs no git, and speaks of the author's "saved file" and "the published
version".
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from ..checked import load_protocol
from ..history.baseline import changed_since_record, recorded_copy
from ..reading.file_text import protocol_files
from ..reading.problems import ProtocolError
from .change import Change
from .compare import diff_protocols
from .due_dates import TableForNation
from .reference_start import new_edition_day, working_start

__all__ = ["SavedFile", "changes_since_record"]


@dataclass(frozen=True)
class SavedFile:
    """One protocol file of a folder compared with its published version.

    `status` is "changed" (the file or its source text differs from the
    version last recorded; `changes` may still be empty when only its layout
    or comments changed), "unchanged", "new" (never recorded: nothing
    published to compare with) or "unreadable" (`message` says why). `name`
    is the partnership's name where the file can be read, else its file name.
    """

    path: Path
    slug: str
    name: str
    status: str
    changes: tuple[Change, ...] = ()
    message: str = ""
    start: dt.date | None = None


def _compare(f: Path, folder: Path, today: dt.date, table_for_nation: TableForNation) -> SavedFile:
    try:
        new = load_protocol(f)
    except ProtocolError as exc:
        return SavedFile(f, f.stem, f.name, "unreadable", message=str(exc))
    state = changed_since_record(f, folder)
    if state is None:
        return SavedFile(f, new.slug, new.name, "new")
    if not state:
        return SavedFile(f, new.slug, new.name, "unchanged")
    try:
        old = load_protocol(recorded_copy(folder, f.stem))
    except ProtocolError as exc:
        return SavedFile(f, new.slug, new.name, "unreadable", message=str(exc))
    # A new edition's due dates are counted from the day it takes effect, as its record's are.
    start = working_start(new_edition_day(old, new) or today, table_for_nation(new.calendar.nation))
    changes = tuple(diff_protocols(old, new, start, table_for_nation))
    return SavedFile(f, new.slug, new.name, "changed", changes, start=start)


def changes_since_record(folder: Path, today: dt.date, table_for_nation: TableForNation) -> list[SavedFile]:
    """Every protocol file in `folder` compared with its version as last
    recorded, due dates for a stage that starts on `today` (a new edition's:
    the day it takes effect) or the next working day after it."""
    return [_compare(f, Path(folder), today, table_for_nation) for f in protocol_files(Path(folder))]
