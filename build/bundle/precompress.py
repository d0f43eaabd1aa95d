"""Precompressed copies (`.gz`, `.br`) beside the large files, for servers that serve them."""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

from authoring import places

from . import node
from .cache import cache_root

__all__ = ["BROTLI_BEST_UP_TO", "precompress"]

#: Brotli at quality 11 up to this size, 9 above (see `precompress`).
BROTLI_BEST_UP_TO = 16 * 1024 * 1024

SUFFIXES = (".gz", ".br")


def precompress(paths: list[Path], root: Path = places.PROJECT) -> None:
    """Write `NAME.gz` (gzip -9) and `NAME.br` (brotli) beside each file,
    from a cache keyed by the file's hash. Brotli's best quality (11) takes
    half a minute on Pyodide's 9.6 MB binary and two on the 31 MB snapshot,
    so files over BROTLI_BEST_UP_TO get quality 9. Node's zlib makes both."""
    cache = cache_root(root) / "precompressed"
    paths = [p for p in paths if not _current(p)]
    _fill_cache(paths, cache)
    for path in paths:
        key = _key(path)
        for suffix in SUFFIXES:
            target = path.with_name(path.name + suffix)
            cached = cache / f"{key}{suffix}"
            if not (target.is_file() and target.stat().st_size == cached.stat().st_size):
                shutil.copyfile(cached, target)


def _current(path: Path) -> bool:
    """The copies are already beside the file, newer than it (a rebuild)."""
    packed = [path.with_name(path.name + s) for s in SUFFIXES]
    return all(p.is_file() and p.stat().st_mtime >= path.stat().st_mtime for p in packed)


def _key(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:24]


def _fill_cache(paths: list[Path], cache: Path) -> None:
    """Compress, under Node, each of the files whose copies the cache lacks."""
    todo = []
    for path in paths:
        key = _key(path)
        for suffix in SUFFIXES:
            cached = cache / f"{key}{suffix}"
            if not cached.is_file():
                todo.append((path, cached, suffix))
    if not todo:
        return
    cache.mkdir(parents=True, exist_ok=True)
    node.run(
        "compress",
        {
            "files": [
                {
                    "src": str(src),
                    "out": f"{out}.{os.getpid()}.part",
                    "kind": suffix[1:],
                    "quality": 11 if src.stat().st_size <= BROTLI_BEST_UP_TO else 9,
                }
                for src, out, suffix in todo
            ]
        },
    )
    for _src, out, _suffix in todo:
        os.replace(f"{out}.{os.getpid()}.part", out)
