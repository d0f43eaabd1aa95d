"""Every protocol file of a folder compared with its version at a git revision.

The live preview's page of changes (handbook_site.changes_page) shows what
`working_copy_changes` finds: three git commands for the whole folder, then
one `git show` per changed file.
"""

from __future__ import annotations

import datetime as dt
import subprocess
from dataclasses import dataclass
from pathlib import Path

from ..checked import load_protocol
from ..reading.file_text import protocol_files
from ..reading.problems import ProtocolError
from .change import Change
from .compare import diff_protocols
from .due_dates import TableForNation
from .revisions import DiffError, load_revision

__all__ = ["WorkingCopy", "working_copy_changes"]


@dataclass(frozen=True)
class WorkingCopy:
    """One protocol file of a folder compared with its version at a git revision.

    `status` is "changed" (the file differs from the revision; `changes` may
    still be empty when only its layout or comments changed), "unchanged",
    "untracked" (not in git at that revision), "no-git" (the folder is not in
    a git repository) or "unreadable" (`message` says why).
    """

    path: Path
    slug: str
    status: str
    changes: tuple[Change, ...] = ()
    message: str = ""


def _git_names(folder: Path, *args: str) -> list[str] | None:
    """File names git prints (NUL-separated), run in `folder`; None if git fails."""
    try:
        result = subprocess.run(["git", *args], cwd=folder, capture_output=True)
    except OSError:
        return None
    if result.returncode != 0:
        return None
    return [n for n in result.stdout.decode("utf-8", "replace").split("\0") if n]


def working_copy_changes(
    folder: Path, start: dt.date, table_for_nation: TableForNation, rev: str = "HEAD"
) -> list[WorkingCopy]:
    """Every protocol file in `folder` compared with its version at git revision
    `rev`, with the effect on due dates for a stage that starts on `start`.

    Three git commands for the whole folder, then one `git show` per changed
    file; files git does not know are reported as such, never guessed at.
    """
    folder = Path(folder)
    files = protocol_files(folder)
    if _git_names(folder, "rev-parse", "--show-toplevel") is None:
        return [WorkingCopy(f, f.stem, "no-git") for f in files]
    tracked = set(_git_names(folder, "ls-tree", "-z", "--name-only", rev, "--", ".") or ())
    changed = set(_git_names(folder, "diff", "--name-only", "-z", "--relative", rev, "--", ".") or ())
    entries = []
    for f in files:
        if f.name not in tracked:
            entries.append(WorkingCopy(f, f.stem, "untracked"))
            continue
        if f.name not in changed:
            entries.append(WorkingCopy(f, f.stem, "unchanged"))
            continue
        try:
            new = load_protocol(f)
            old = load_revision(rev, f.name, cwd=folder)
        except (ProtocolError, DiffError) as exc:
            entries.append(WorkingCopy(f, f.stem, "unreadable", message=str(exc)))
            continue
        changes = tuple(diff_protocols(old, new, start, table_for_nation))
        entries.append(WorkingCopy(f, new.slug, "changed", changes))
    return entries
