"""Where a partnership's earlier editions are kept: the layout of `protocols/editions/`.

    protocols/<slug>.yaml                           the current edition
    protocols/editions/<slug>/<YYYY-MM-DD>.yaml     an earlier edition, named by the day it took effect
    protocols/editions/<slug>/earliest.yaml         the earliest, where the day it took effect is not known

Each is a complete protocol file whose `document.source` is, like the
current file's, a path in the protocols folder's `sources/`.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from .reading.file_text import protocol_files

__all__ = [
    "EDITIONS",
    "EARLIEST",
    "is_edition_file",
    "protocols_folder_of",
    "slug_of",
    "edition_folder",
    "edition_files",
    "edition_stem",
    "edition_day",
    "slugs_with_editions",
]

#: The folder, inside the protocols folder, that holds one folder of earlier editions per partnership.
EDITIONS = "editions"
#: The name of an edition whose first day is not known (it is always the earliest).
EARLIEST = "earliest"

_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def is_edition_file(path: str | Path) -> bool:
    """Whether `path` is an earlier edition, not a current file: it is in
    `editions/<slug>/`, and named as an edition or beside a current `<slug>.yaml`
    (so a protocols folder that happens to be inside a folder named `editions` is not taken for one)."""
    path = Path(path)
    if path.parent.parent.name != EDITIONS:
        return False
    named = path.stem == EARLIEST or _DAY.match(path.stem) is not None
    return named or (path.parent.parent.parent / f"{path.parent.name}.yaml").is_file()


def protocols_folder_of(path: str | Path) -> Path:
    """The protocols folder a protocol file belongs to (its `sources/` holds the file's source text)."""
    path = Path(path)
    return path.parent.parent.parent if is_edition_file(path) else path.parent


def slug_of(path: str | Path) -> str:
    """The slug a protocol file must carry: its folder's name for an edition, else its own name."""
    path = Path(path)
    return path.parent.name if is_edition_file(path) else path.stem


def edition_folder(protocols: Path, slug: str) -> Path:
    """`protocols/editions/<slug>/`."""
    return Path(protocols) / EDITIONS / slug


def edition_files(protocols: Path, slug: str) -> list[Path]:
    """A partnership's earlier editions, oldest first (`earliest.yaml`, then by date); none where it has none."""
    folder = edition_folder(protocols, slug)
    if not folder.is_dir():
        return []
    return sorted(protocol_files(folder), key=lambda p: (p.stem != EARLIEST, p.stem))


def edition_stem(day: dt.date | None) -> str:
    """An edition file's name, without `.yaml`, for the day it took effect."""
    return day.isoformat() if day else EARLIEST


def edition_day(path: str | Path) -> dt.date | None:
    """The day an edition file's name says it took effect; None for `earliest.yaml` or a name that is no date."""
    stem = Path(path).stem
    if not _DAY.match(stem):
        return None
    try:
        return dt.date.fromisoformat(stem)
    except ValueError:
        return None


def slugs_with_editions(protocols: Path) -> list[str]:
    """Every partnership with a folder under `protocols/editions/`, in name order."""
    folder = Path(protocols) / EDITIONS
    if not folder.is_dir():
        return []
    return sorted(p.name for p in folder.iterdir() if p.is_dir() and not p.name.startswith("."))
