"""Putting the calculator's bundle into the built site, one part after another."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path
from typing import Any

from authoring import places
from calculator.model import Protocol

from . import data, manifest, precompress, runtime, snapshot, stdlib, wheel

__all__ = ["PRECOMPRESSED", "bundle_calculator"]

#: Files of the runtime the calculator fetches, which get `.gz` and `.br`
#: copies beside them (pyodide-lock.json too: the benchmark's bare page loads it).
PRECOMPRESSED = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "pyodide-lock.json")

log = logging.getLogger("mkdocs.plugins.handbook")


def bundle_calculator(
    site_dir: Path, protocols: list[Protocol], protocols_dir: Path, root: Path = places.PROJECT
) -> dict[str, Any]:
    """Put the Pyodide runtime, the calculator wheel and its data into `site_dir`.

    Returns the manifest it writes to `assets/calculator/manifest.json`.
    Raises `BundleError` with a one-line message when something is missing.
    """
    assets = Path(site_dir) / "assets"
    package = root / "node_modules" / "pyodide"
    version, pyodide_sizes = runtime.copy_pyodide(assets / "pyodide", root / "node_modules")
    runtime_dir = assets / "pyodide" / version

    calc_dir = assets / "calculator"
    calc_dir.mkdir(parents=True, exist_ok=True)
    whl = wheel.project_wheel(root)
    for old in calc_dir.glob("*.whl"):
        if old.name != whl.name:
            old.unlink()
    shutil.copy2(whl, calc_dir / whl.name)

    data_sizes = {
        "protocols.json": data.write_json(calc_dir / "protocols.json", data.protocols_json(protocols, protocols_dir)),
        "nonworking.json": data.write_json(calc_dir / "nonworking.json", data.tables_json(protocols)),
    }
    data_files = {"protocols": calc_dir / "protocols.json", "nonworking": calc_dir / "nonworking.json"}
    for path in data_files.values():
        data.gzip_beside(path)

    zipped = _place(stdlib.trimmed_stdlib(package, whl, data_files, root), runtime_dir, "python_stdlib-*.zip*")
    shipped = _place_snapshot(snapshot.memory_snapshot(package, zipped, whl, data_files, root), runtime_dir)
    # Not the snapshot: its file is gzip-compressed inside, and served as it is (see snapshot-file.js).
    precompress.precompress([runtime_dir / name for name in PRECOMPRESSED] + [zipped], root)

    found = manifest.manifest(
        version=version,
        pyodide_sizes=pyodide_sizes,
        lock=runtime.lock_contents(package),
        stdlib=zipped,
        snapshot=shipped,
        wheel=whl,
        data_sizes=data_sizes,
        slugs=[p.slug for p in protocols],
    )
    data.write_json(calc_dir / "manifest.json", found)
    (calc_dir / "manifest.js").write_text(manifest.manifest_module(found), encoding="utf-8")
    (calc_dir / "runtime.js").unlink(missing_ok=True)  # an older build's
    return found


def _place(src: Path, dest_dir: Path, pattern: str) -> Path:
    """Copy a content-named file into `dest_dir`, removing its older versions."""
    for old in dest_dir.glob(pattern):
        if old.name.split(".")[0] != src.name.split(".")[0]:
            old.unlink()
    target = dest_dir / src.name
    if not (target.is_file() and target.stat().st_size == src.stat().st_size):
        shutil.copy2(src, target)
    return target


def _place_snapshot(made: tuple[Path | None, str], runtime_dir: Path) -> Path | None:
    """The snapshot in the runtime's folder (and no other's); None, with a
    warning, where it was left out."""
    snapshot_src, left_out = made
    for old in runtime_dir.glob("snapshot-*"):
        # Another build's, or a compressed copy a server would send in its place.
        if snapshot_src is None or old.name != snapshot_src.name:
            old.unlink()
    if left_out:
        log.warning(
            "the calculator's memory snapshot is left out (%s): repeat visits start Pyodide the normal way", left_out
        )
    return _place(snapshot_src, runtime_dir, "snapshot-*") if snapshot_src else None
