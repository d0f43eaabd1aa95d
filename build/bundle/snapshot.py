"""The memory snapshot of Pyodide after start-up, for a reader's repeat visit.

Made, restored and checked against the normal start's answers under Node
(build/pyodide_runtime.mjs); left out, with the reason, when that check
fails. Shipped with its all-zero blocks left out and gzip-compressed inside
the file, which is served as it is (docs/assets/calculator/snapshot-file.js).
Independent of the protocols, so a protocol edit does not remake it.
"""

from __future__ import annotations

import gzip
import hashlib
import struct
import tempfile
from pathlib import Path
from typing import Any

from authoring import places

from . import node
from .cache import cache_root, file_hash, prune, store
from .errors import BundleError
from .runtime import lock_contents, pyodide_version

__all__ = ["SNAPSHOT_FORMAT", "SNAPSHOT_MAGIC", "SNAPSHOT_MAX_BYTES", "memory_snapshot", "snapshot_length"]

#: The snapshot's file format (its all-zero blocks left out), one module for
#: the build that packs it and the browser's worker that unpacks it.
SNAPSHOT_FORMAT = places.DOCS / "assets" / "calculator" / "snapshot-file.js"
#: The first four bytes of a snapshot file's content, "hbs1", as a little-endian integer.
SNAPSHOT_MAGIC = int.from_bytes(b"hbs1", "little")

#: A restore takes the snapshot's heap as its initial memory; Pyodide's own
#: default is 30 MiB, and a larger saved heap failed to restore in Chromium
#: ("RangeError: offset is out of bounds"). A snapshot over this is left out.
SNAPSHOT_MAX_BYTES = 30 * 1024 * 1024 + 4096


def memory_snapshot(
    package: Path, stdlib: Path, wheel: Path, data: dict[str, Path], root: Path = places.PROJECT
) -> tuple[Path | None, str]:
    """Pyodide's memory after start-up from `stdlib` and the import of the
    wheel's modules (no protocol loaded), made and checked under Node (see
    build/pyodide_runtime.mjs): (path, "") or (None, why it was left out).
    Cached by everything it depends on: the Pyodide version, the trimmed
    standard library, the wheel its check runs and the script; not the
    protocols."""
    key = file_hash(stdlib, wheel, node.RUNTIME_SCRIPT, SNAPSHOT_FORMAT, extra=pyodide_version(package.parent))
    cache = cache_root(root) / "snapshot" / key[:16]
    note = cache / "left-out.txt"
    if cache.is_dir():
        found = sorted(cache.glob("snapshot-*.bin"))
        if found:
            return found[0], ""
        if note.is_file():
            return None, note.read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory(prefix="handbook-snapshot-") as tmp:
        out = Path(tmp) / "snapshot.bin"
        job = {"pyodide": str(package), "wheel": str(wheel), "lock": lock_contents(package), "stdlib": str(stdlib)}
        result = _within_limit(
            node.run(
                "snapshot",
                {**job, "protocols": str(data["protocols"]), "nonworking": str(data["nonworking"]), "out": str(out)},
            )
        )
        cache.mkdir(parents=True, exist_ok=True)
        prune(cache.parent, cache)
        if not result.get("written"):
            why = str(result.get("reason") or "it could not be made")
            note.write_text(why, encoding="utf-8")
            return None, why
        digest = hashlib.sha256(out.read_bytes()).hexdigest()[:12]
        target = cache / f"snapshot-{digest}.bin"
        store(out, target)
        return target, ""


def _within_limit(result: dict[str, Any]) -> dict[str, Any]:
    """Node's result, or a refusal where the snapshot is larger than a restore can take."""
    if result.get("written") and result.get("size", 0) > SNAPSHOT_MAX_BYTES:
        return {
            "written": False,
            "reason": f"its heap ({result['size']:,} bytes) is larger than a "
            f"restore can take ({SNAPSHOT_MAX_BYTES:,} bytes)",
        }
    return result


def snapshot_length(path: Path) -> int:
    """The length of the snapshot a snapshot file holds (the second field of
    its header, once inflated: see docs/assets/calculator/snapshot-file.js)."""
    try:
        with gzip.open(path, "rb") as f:
            magic, length, _block, _kept = struct.unpack("<4I", f.read(16))
    except (OSError, EOFError, struct.error) as error:
        raise BundleError(f"{path}: not a snapshot file ({error})") from error
    if magic != SNAPSHOT_MAGIC:
        raise BundleError(f"{path}: not a snapshot file (its header does not begin 'hbs1')")
    return length
