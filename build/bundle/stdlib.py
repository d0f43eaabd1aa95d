"""The trimmed standard library: only the modules the calculator or Pyodide's start-up imports, as bytecode."""

from __future__ import annotations

import hashlib
import json
import tempfile
import zipfile
from pathlib import Path

from authoring import places

from . import node
from .cache import cache_root, file_hash, prune, store
from .runtime import lock_contents, pyodide_version

__all__ = ["trimmed_stdlib"]


def trimmed_stdlib(package: Path, wheel: Path, data: dict[str, Path], root: Path = places.PROJECT) -> Path:
    """A zip of the standard library modules the calculator and Pyodide's
    start-up import, as bytecode (sourceless, unchecked hash-based .pyc, made
    by the same interpreter), entries stored uncompressed so that the
    server's `.br`/`.gz` copy compresses the whole. Cached by the Pyodide
    version, the wheel and the script that finds the modules."""
    key = file_hash(wheel, node.RUNTIME_SCRIPT, package / "python_stdlib.zip", extra=pyodide_version(package.parent))
    cache = cache_root(root) / "stdlib" / key[:16]
    found = sorted(cache.glob("python_stdlib-*.zip")) if cache.is_dir() else []
    if found:
        return found[0]
    with tempfile.TemporaryDirectory(prefix="handbook-stdlib-") as tmp:
        listing_path = Path(tmp) / "modules.json"
        node.run(
            "probe",
            {
                "pyodide": str(package),
                "wheel": str(wheel),
                "lock": lock_contents(package),
                "protocols": str(data["protocols"]),
                "nonworking": str(data["nonworking"]),
                "out": str(listing_path),
            },
        )
        out = Path(tmp) / "stdlib.zip"
        _zip_bytecode(json.loads(listing_path.read_text(encoding="utf-8"))["files"], out)
        digest = hashlib.sha256(out.read_bytes()).hexdigest()[:12]
        cache.mkdir(parents=True, exist_ok=True)
        target = cache / f"python_stdlib-{digest}.zip"
        store(out, target)
    prune(cache.parent, cache)
    return target


def _zip_bytecode(files: list[list[str]], out: Path) -> None:
    """The probe's modules (path, size, bytecode in hex) as a stored zip of .pyc files."""
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as zf:
        for rel, _size, pyc_hex in files:
            info = zipfile.ZipInfo(rel[:-3] + ".pyc", date_time=(1980, 1, 1, 0, 0, 0))
            zf.writestr(info, bytes.fromhex(pyc_hex))
