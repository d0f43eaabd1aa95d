"""The copy of each protocol file as last recorded, the version `handbook record` compares with next time.

It lives in the repository beside the history (`history/recorded/<slug>.yaml`,
with the source text it quotes at the same relative path), so a record, the
check's reminder and the preview's page of changes need no git.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from .. import places
from ..reading.file_text import read_source_text

__all__ = ["recorded_folder", "recorded_copy", "source_name", "save_baseline", "changed_since_record", "source_changed"]


def recorded_folder(protocols: Path) -> Path:
    return places.history_folder(protocols) / "recorded"


def recorded_copy(protocols: Path, slug: str) -> Path:
    """Where the file `<slug>.yaml` was copied when it was last recorded."""
    return recorded_folder(protocols) / f"{slug}.yaml"


def source_name(protocol_file: Path) -> str | None:
    """The source text a protocol file names (`document.source`), if it can be read."""
    try:
        data = yaml.safe_load(protocol_file.read_text(encoding="utf-8"))
        source = data["document"]["source"]
    except Exception:  # an unreadable file: the check says what is wrong with it
        return None
    return source if isinstance(source, str) and source else None


def _source_text(protocol_file: Path) -> str | None:
    name = source_name(protocol_file)
    if name is None:
        return None
    return read_source_text(protocol_file.parent, name)[0]


def save_baseline(protocol_file: Path, protocols: Path) -> Path:
    """Copy the file, and the source text it quotes, as the recorded version."""
    copy = recorded_copy(protocols, protocol_file.stem)
    copy.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(protocol_file, copy)
    name, text = source_name(protocol_file), _source_text(protocol_file)
    if name is not None and text is not None:
        target = copy.parent / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return copy


def changed_since_record(protocol_file: Path, protocols: Path) -> bool | None:
    """Whether the file or its source text differs from the recorded copy
    (None: the file was never recorded)."""
    copy = recorded_copy(protocols, protocol_file.stem)
    if not copy.is_file():
        return None
    if copy.read_bytes() != protocol_file.read_bytes():
        return True
    return source_changed(protocol_file, protocols)


def source_changed(protocol_file: Path, protocols: Path) -> bool:
    """Whether the source text differs from the one recorded with the copy."""
    copy = recorded_copy(protocols, protocol_file.stem)
    return _source_text(copy) != _source_text(protocol_file)
