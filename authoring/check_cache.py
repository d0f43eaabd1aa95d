"""Protocol files that checked clean in an earlier run, kept on disk by the content of everything the check read.

A build in a fresh process checks every protocol file again (JSON Schema
and the meaning rules: tens of milliseconds a file, and the schema's own
compiling once). A file whose bytes, schema, source text, check code and
date are those of a clean check before is not checked again: its data is
read back from `places.cache_dir()/checked/`. An entry is named by the
digest of the file's path and bytes, the schema's bytes, the day and the
checking code (every module of `authoring` and `calculator`, and the
library versions); it holds the digest of each other file the check read
(the source text), compared before the data is used. Only clean files are
kept, and anything unreadable in the cache counts as absent: a file is then
checked, as without the cache.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import importlib.metadata
import io
import os
import pickle
import sys
import tempfile
from pathlib import Path
from typing import Any

from . import places

__all__ = ["checked_before", "keep"]

#: What the cache's entries may hold besides plain containers: a protocol's data is YAML's.
_ALLOWED = {("datetime", "date"), ("datetime", "datetime")}


class _DataOnly(pickle.Unpickler):
    """Reads back a protocol's data and nothing else (no other class is made)."""

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) in _ALLOWED:
            return getattr(dt, name)
        raise pickle.UnpicklingError(f"{module}.{name} is not protocol data")


@functools.cache
def _code() -> str:
    """The digest of the checking code: every module of the packages it runs, and the libraries' versions."""
    h = hashlib.sha256(sys.version.encode())
    for dist in ("jsonschema", "PyYAML", "referencing"):
        try:
            h.update(f"{dist} {importlib.metadata.version(dist)}".encode())
        except importlib.metadata.PackageNotFoundError:
            h.update(f"{dist} none".encode())
    for package in (places.PROJECT / "authoring", places.PROJECT / "calculator"):
        for path in sorted(package.rglob("*.py")):
            h.update(str(path.relative_to(places.PROJECT)).encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


def _digest(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError as e:
        return f"unreadable: {type(e).__name__}"


def _entry(path: Path, schema: Path, today: dt.date) -> Path | None:
    """Where the entry for checking `path` today is kept (None: no cache)."""
    folder = places.cache_dir()
    if folder is None:
        return None
    key = "\n".join([str(path.resolve()), _digest(path), _digest(schema), today.isoformat(), _code()])
    return folder / "checked" / hashlib.sha256(key.encode()).hexdigest()


def checked_before(path: Path, schema: Path, today: dt.date) -> Any | None:
    """The data of `path` if it checked clean before with the same inputs; else None."""
    entry = _entry(path, schema, today)
    try:
        if entry is None or not entry.is_file():
            return None
        read = _DataOnly(io.BytesIO(entry.read_bytes())).load()
        others, data = read
        if all(_digest(Path(p)) == d for p, d in others):
            return data
    except Exception:  # a damaged entry is no entry: the file is checked
        return None
    return None


def keep(path: Path, schema: Path, today: dt.date, others: list[Path], data: Any) -> None:
    """Keep the data of `path`, which checked clean, with the digests of the `others` the check read."""
    entry = _entry(path, schema, today)
    if entry is None:
        return
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        payload = pickle.dumps(([(str(p), _digest(p)) for p in others], data), protocol=pickle.HIGHEST_PROTOCOL)
        with tempfile.NamedTemporaryFile(dir=entry.parent, delete=False) as f:
            f.write(payload)
        os.replace(f.name, entry)
    except OSError:  # a cache that cannot be written is only slower
        return
