"""The build's cache of what is slow to make, under the project's `.cache/`."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

__all__ = ["cache_root", "file_hash", "prune"]


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
