"""The calculator's manifest: the versions, names, sizes of the files the browser fetches."""

from __future__ import annotations

import base64
import hashlib
import json
from pathlib import Path
from typing import Any

from .snapshot import snapshot_length

__all__ = ["manifest", "manifest_module"]


def _integrity(path: Path) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(path.read_bytes()).digest()).decode("ascii")


def _snapshot_entry(snapshot: Path | None) -> dict[str, Any] | None:
    if snapshot is None:
        return None
    return {
        "file": snapshot.name,
        "size": snapshot.stat().st_size,
        "length": snapshot_length(snapshot),
        "integrity": _integrity(snapshot),
    }


def manifest(
    *,
    version: str,
    pyodide_sizes: dict[str, int],
    lock: dict[str, Any],
    stdlib: Path,
    snapshot: Path | None,
    wheel: Path,
    data_sizes: dict[str, int],
    slugs: list[str],
) -> dict[str, Any]:
    """What the page and the worker read to start the calculator; `data_sizes`
    gives the size of protocols.json and of nonworking.json."""
    # What a first visit downloads, as the browser's reader counts it (the
    # bytes after any Content-Encoding is undone): the progress bar's total.
    first_visit = {
        "pyodide.asm.mjs": pyodide_sizes["pyodide.asm.mjs"],
        "pyodide.asm.wasm": pyodide_sizes["pyodide.asm.wasm"],
        stdlib.name: stdlib.stat().st_size,
        wheel.name: wheel.stat().st_size,
        **data_sizes,
    }
    return {
        "pyodide": {
            "version": version,
            "path": f"../pyodide/{version}/",
            "files": pyodide_sizes,
            "stdlib": stdlib.name,
            "lock": lock,
            "snapshot": _snapshot_entry(snapshot),
        },
        "calculator": {
            "wheel": wheel.name,
            "protocols": "protocols.json",
            "nonworking": "nonworking.json",
            "files": {wheel.name: wheel.stat().st_size, **data_sizes},
        },
        "download": {"files": first_visit, "total": sum(first_visit.values())},
        "slugs": slugs,
    }


def manifest_module(manifest: dict[str, Any]) -> str:
    """The manifest as a module, for the page and the worker to import:
    `manifest`, and `base`, the address its relative paths start from (its
    own folder: the calculator's code is in a folder below it)."""
    data = json.dumps(manifest, ensure_ascii=False, separators=(",", ":"), sort_keys=False)
    return (
        "// Written by `handbook build`: the calculator's files and versions.\n"
        f"export const manifest = {data};\n"
        "// Where the manifest's paths start: its own folder.\n"
        'export const base = new URL("./", import.meta.url).href;\n'
    )
