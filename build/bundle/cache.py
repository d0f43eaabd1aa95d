"""The build's cache of what is slow to make, under the project's `.cache/`."""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

__all__ = ["cache_root", "file_hash", "prune", "store"]


def cache_root(root: Path) -> Path:
    """The cache's folder in the project `root`."""
    return root / ".cache"


def file_hash(*paths: Path, extra: str = "") -> str:
    """A SHA-256 of the files' contents (and `extra`), as a cache key."""
    digest = hashlib.sha256(extra.encode() + b"\0")
    for path in paths:
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def prune(folder: Path, keep: Path) -> None:
    """Remove every folder in `folder` but `keep`: other versions, stale now."""
    for old in folder.iterdir():
        if old != keep and old.is_dir():
            shutil.rmtree(old, ignore_errors=True)


def store(made: Path, target: Path) -> None:
    """Put a file into the cache whole or not at all: copied beside its place
    under a name of this process's own, then renamed, so two builds at once
    (two authors' previews, or parallel test workers) never read half a file."""
    partial = target.with_name(f"{target.name}.{os.getpid()}.part")
    shutil.copy2(made, partial)
    os.replace(partial, target)
