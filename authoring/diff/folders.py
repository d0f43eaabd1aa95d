"""Two folders of protocol files paired by the partnership each file holds, whatever the files are called."""

from __future__ import annotations

from pathlib import Path

from ..reading.file_text import protocol_files
from .revisions import DiffError, slug_of

__all__ = ["Pair", "paired_files"]

#: One partnership's file in the old folder and in the new (None where a folder has none).
Pair = tuple[str, Path | None, Path | None]


def _by_slug(folder: Path) -> dict[str, Path]:
    found: dict[str, Path] = {}
    for f in protocol_files(folder):
        try:
            slug = slug_of(f.read_text(encoding="utf-8")) or f.stem
        except (OSError, UnicodeDecodeError):
            slug = f.stem
        if slug in found:
            raise DiffError(f"{f}: holds the partnership '{slug}', as {found[slug]} does; expected one file each")
        found[slug] = f
    return found


def paired_files(old: Path, new: Path) -> list[Pair]:
    """Every partnership in either folder, in slug order, with its file in each."""
    a, b = _by_slug(old), _by_slug(new)
    return [(slug, a.get(slug), b.get(slug)) for slug in sorted(set(a) | set(b))]
