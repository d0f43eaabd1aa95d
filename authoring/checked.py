"""Protocol files that pass `handbook check`, loaded: the one way every reader
of protocols (the command line, the site, the preview) gets them, each file
checked once per process until it, its schema or its source text changes.

Reading a file is `loader`'s job and judging it `check`'s; this module stands
above both, so neither imports the other's caller.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from calculator.editions import Editions
from calculator.model import Protocol

from . import check_cache, places
from .check import check_file
from .edition_files import edition_files, protocols_folder_of
from .edition_order import order_problems
from .reading.file_text import protocol_files
from .reading.loader import read_protocol_file
from .reading.plain_data import to_plain
from .reading.problems import Problem, ProtocolError

__all__ = ["load_protocol", "load_editions", "load_protocols", "load_each_protocol", "Unbuilt", "protocol_data"]


#: Files that checked clean in this process, with the state of every file the
#: check read (the protocol, the schema, the source text): a build that loads
#: a protocol for the pages and again for the browser's data checks it once,
#: and an edit to any of those files is checked again.
_clean: dict[str, tuple[tuple[tuple[str, int, int], ...], Any]] = {}


def _stat(path: Path) -> tuple[str, int, int]:
    try:
        st = path.stat()
        return (str(path), st.st_mtime_ns, st.st_size)
    except OSError:
        return (str(path), -1, -1)


def _source_of(path: Path, data: Any) -> list[Path]:
    """The source text the check of `path` read, if it names one."""
    document = data.get("document") if isinstance(data, dict) else None
    if isinstance(document, dict) and isinstance(document.get("source"), str):
        return [protocols_folder_of(path) / document["source"]]
    return []


def _dependencies(path: Path, data: Any) -> tuple[tuple[str, int, int], ...]:
    return tuple(_stat(p) for p in [path, places.PROTOCOL_SCHEMA, *_source_of(path, data)])


def _checked(path: str | os.PathLike) -> Any:
    key = str(Path(path).resolve())
    cached = _clean.get(key)
    if cached is not None and all(_stat(Path(p)) == (p, m, n) for p, m, n in cached[0]):
        return cached[1]
    today = dt.date.today()
    data = check_cache.checked_before(Path(key), places.PROTOCOL_SCHEMA, today)
    if data is None:
        outcome = check_file(str(path), today=today)
        errors = [p for p in outcome.problems if p.severity == "error"]
        if errors or outcome.data is None:
            _clean.pop(key, None)
            raise ProtocolError(errors or outcome.problems)
        data = outcome.data
        check_cache.keep(Path(key), places.PROTOCOL_SCHEMA, today, _source_of(Path(key), data), data)
    _clean[key] = (_dependencies(Path(key), data), data)
    return data


def load_protocol(path: str | os.PathLike) -> Protocol:
    """The protocol in `path`, checked; raises `ProtocolError` on any error."""
    data = _checked(path)
    try:
        return Protocol.from_dict(data)
    except Exception as e:  # the check passed, so this is a gap in the check
        raise ProtocolError(
            [Problem(str(path), 1, 1, "error", f"cannot build the protocol: {type(e).__name__}: {e}")]
        ) from e


def load_editions(current: Protocol, folder: str | os.PathLike) -> Editions:
    """Every edition of `current` (the file `folder/<slug>.yaml`, checked), each
    earlier one from `folder/editions/<slug>/` checked too; raises
    `ProtocolError` for any that fails, or editions out of order."""
    files = edition_files(Path(folder), current.slug)
    if not files:
        return Editions.of(current)
    problems = order_problems(folder, [current.slug])
    if problems:
        raise ProtocolError(problems)
    return Editions.of(current, [load_protocol(f) for f in files])


@dataclass(frozen=True)
class Unbuilt:
    """A protocol file that failed the check: its slug (the file name), the
    name it gives itself where it could be read, and its errors."""

    path: Path
    slug: str
    name: str
    problems: tuple[Problem, ...]


def _folder_files(folder: Path) -> list[Path]:
    try:
        files = protocol_files(folder)
    except OSError as e:
        raise ProtocolError([Problem(str(folder), 1, 1, "error", f"cannot list folder: {e.strerror or e}")]) from e
    if not files:
        raise ProtocolError([Problem(str(folder), 1, 1, "error", "folder has no protocol files (*.yaml)")])
    return files


def load_each_protocol(folder: str | os.PathLike | None = None) -> tuple[list[Protocol], list[Unbuilt]]:
    """Every protocol in a folder that checks clean, and apart from them every
    file that does not, with its errors: the live preview builds the good ones
    and shows each bad one's problems on its own page. Raises `ProtocolError`
    only for the folder itself (missing, unreadable, no *.yaml)."""
    folder = Path(folder) if folder is not None else places.PROJECT_PROTOCOLS
    protocols: list[Protocol] = []
    unbuilt: list[Unbuilt] = []
    for path in _folder_files(folder):
        try:
            protocols.append(load_protocol(path))
        except ProtocolError as e:
            data = read_protocol_file(path).data
            name = data.get("name") if isinstance(data, dict) else None
            unbuilt.append(
                Unbuilt(
                    path, path.stem, name if isinstance(name, str) and name.strip() else path.stem, tuple(e.problems)
                )
            )
    return protocols, unbuilt


def load_protocols(folder: str | os.PathLike | None = None) -> list[Protocol]:
    """Every protocol in a folder (default: the project's own protocols/), in
    file-name order; raises `ProtocolError` listing the errors of every file."""
    protocols, unbuilt = load_each_protocol(folder)
    if unbuilt:
        raise ProtocolError([p for u in unbuilt for p in u.problems])
    return protocols


def protocol_data(path: str | os.PathLike) -> dict[str, Any]:
    """The checked protocol as plain data, dates as ISO strings (for JSON)."""
    return to_plain(_checked(path))
