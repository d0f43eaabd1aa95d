"""The Pyodide runtime, copied from its npm package into the site."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from authoring import places

from .errors import SETUP_HINT, BundleError

__all__ = ["PYODIDE_FILES", "copy_pyodide", "lock_contents", "pyodide_version"]

#: The files the browser fetches to start Pyodide 314.x: the loader module,
#: the Emscripten module it imports, the WebAssembly binary, the standard
#: library, and the lock file `loadPyodide()` reads at start-up. No package
#: wheels: the calculator needs none beyond its own.
PYODIDE_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json")


def pyodide_version(node_modules: Path | None = None) -> str:
    """The version of the installed npm package `pyodide`."""
    package = (node_modules or places.NODE_MODULES) / "pyodide"
    manifest = package / "package.json"
    if not manifest.is_file():
        raise BundleError(f"the Pyodide runtime is missing ({package} not found): {SETUP_HINT}")
    try:
        return str(json.loads(manifest.read_text(encoding="utf-8"))["version"])
    except (ValueError, KeyError) as exc:
        raise BundleError(f"{manifest}: cannot read the package version ({exc}): {SETUP_HINT}") from None


def copy_pyodide(dest_root: Path, node_modules: Path | None = None) -> tuple[str, dict[str, int]]:
    """Copy the runtime's files into `dest_root/<version>/` (those not there
    already): its version, and each file's size."""
    version = pyodide_version(node_modules)
    package = (node_modules or places.NODE_MODULES) / "pyodide"
    missing = [name for name in PYODIDE_FILES if not (package / name).is_file()]
    if missing:
        raise BundleError(f"the Pyodide runtime in {package} lacks {', '.join(missing)}: {SETUP_HINT}")
    dest = dest_root / version
    dest.mkdir(parents=True, exist_ok=True)
    sizes = {}
    for name in PYODIDE_FILES:
        src, out = package / name, dest / name
        if not (
            out.is_file() and out.stat().st_size == src.stat().st_size and out.stat().st_mtime >= src.stat().st_mtime
        ):
            shutil.copy2(src, out)
        sizes[name] = out.stat().st_size
    return version, sizes


def lock_contents(package: Path) -> dict[str, Any]:
    """What `loadPyodide({lockFileContents})` needs instead of fetching
    pyodide-lock.json: the lock file's `info` (Pyodide checks its ABI) and no
    packages, as the calculator loads none from it."""
    lock = package / "pyodide-lock.json"
    try:
        info = json.loads(lock.read_text(encoding="utf-8"))["info"]
    except (OSError, ValueError, KeyError) as exc:
        raise BundleError(f"{lock}: cannot read the lock file's info ({exc}): {SETUP_HINT}") from None
    return {"info": info, "packages": {}}
