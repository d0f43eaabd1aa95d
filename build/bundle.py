"""Bundling the browser calculator into the built site.

Everything the calculator needs in the reader's browser is copied into the
site, so a page never asks another host for anything:

- the Pyodide runtime, from the npm package `pyodide` pinned by
  package-lock.json, into `assets/pyodide/<version>/` (a versioned path, so a
  web server may cache it for ever);
- a pure-Python wheel of the part of the `calculator` package the browser
  runs (`calculator.browser` and the modules it imports, found by reading
  their imports), made by a standard PEP 517 build of a small project
  generated for it (the same py3-none-any wheel `pyodide build` would make),
  into `assets/calculator/`; it is cached under `.cache/` by a hash of its
  sources, so rebuilds during `handbook serve` stay fast;
- a trimmed standard library: only the modules the calculator and Pyodide's
  own start-up import, found by running them under Node with the same npm
  package (build/pyodide_runtime.mjs), compiled to bytecode by that same
  interpreter, in a zip named after its contents beside the runtime; cached
  under `.cache/` by the Pyodide version, the wheel and the script;
- a memory snapshot of Pyodide taken after start-up and the import of the
  calculator's modules, before any protocol is loaded, for a repeat visit
  (made, restored and checked against the normal start's answers under
  Node; left out with a warning when that check fails), shipped with its
  all-zero blocks left out and gzip-compressed inside the file, which is
  served as it is (docs/assets/calculator/snapshot-file.js); cached the same way,
  and independent of the protocols, so a protocol edit does not remake it;
- precompressed `.gz` and `.br` copies beside the large files, for servers
  that serve them (docs/deploy/); cached by the hash of each file;
- the protocols and the non-working-day tables as JSON; a manifest (versions,
  file names, sizes) as JSON and as a module (`manifest.js`) that the page
  and the calculator's worker import (the worker imports Pyodide's loader
  from the path it gives, while its first files download).

`bundle_calculator()` is the whole interface; the MkDocs hooks call it after
the pages are built.
"""

from __future__ import annotations

import ast
import base64
import gzip
import hashlib
import json
import logging
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from authoring import places

__all__ = ["BundleError", "PYODIDE_FILES", "browser_modules", "bundle_calculator", "project_wheel", "pyodide_version"]

#: The project's folder (`authoring.places`): the npm packages, the cache, the
#: calculator's own modules.
ROOT = places.PROJECT

#: The files the browser fetches to start Pyodide 314.x: the loader module,
#: the Emscripten module it imports, the WebAssembly binary, the standard
#: library, and the lock file `loadPyodide()` reads at start-up. No package
#: wheels: the calculator needs none beyond its own.
PYODIDE_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json")

#: The module the browser imports; the wheel holds it and what it imports.
BROWSER_ENTRY = "browser"

#: The generated project's name: a wheel of the browser's part of `calculator`.
WHEEL_PROJECT = "escalation-handbook-browser"

SETUP_HINT = "run the set-up first: bash scripts/setup.sh"

#: The Node script that runs Pyodide at build time (probe, snapshot, compress).
RUNTIME_SCRIPT = places.BUILD / "pyodide_runtime.mjs"

#: The snapshot's file format (its all-zero blocks left out), one module for
#: the build that packs it and the browser's worker that unpacks it.
SNAPSHOT_FORMAT = places.DOCS / "assets" / "calculator" / "snapshot-file.js"
#: The first four bytes of a snapshot file's content, "hbs1", as a little-endian integer.
SNAPSHOT_MAGIC = int.from_bytes(b"hbs1", "little")

#: Files of the runtime the calculator fetches, which get `.gz` and `.br`
#: copies beside them (pyodide-lock.json too: the benchmark's bare page loads it).
PRECOMPRESSED = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "pyodide-lock.json")

#: A restore takes the snapshot's heap as its initial memory; Pyodide's own
#: default is 30 MiB, and a larger saved heap failed to restore in Chromium
#: ("RangeError: offset is out of bounds"). A snapshot over this is left out.
SNAPSHOT_MAX_BYTES = 30 * 1024 * 1024 + 4096

#: Brotli at quality 11 up to this size, 9 above (see `precompress`).
BROTLI_BEST_UP_TO = 16 * 1024 * 1024

log = logging.getLogger("mkdocs.plugins.handbook")


class BundleError(RuntimeError):
    """The calculator cannot be bundled; the message says why and what to do."""


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


def _copy_pyodide(dest_root: Path, node_modules: Path | None = None) -> tuple[str, dict[str, int]]:
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


def _node() -> str:
    found = shutil.which("node")
    if not found:
        raise BundleError(f"Node.js is needed to prepare the Pyodide runtime (node not found): {SETUP_HINT}")
    return found


def _run_node(command: str, job: dict[str, Any]) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="handbook-runtime-") as tmp:
        job_path = Path(tmp) / "job.json"
        job_path.write_text(json.dumps(job), encoding="utf-8")
        result = subprocess.run([_node(), str(RUNTIME_SCRIPT), command, str(job_path)], capture_output=True, text=True)
    if result.returncode != 0:
        detail = (result.stderr.strip().splitlines() or ["no message"])[-1]
        raise BundleError(f"preparing the Pyodide runtime ({command}) failed under Node: {detail}")
    try:
        return json.loads(result.stdout.strip().splitlines()[-1])
    except (ValueError, IndexError):
        raise BundleError(f"preparing the Pyodide runtime ({command}): no result from Node") from None


def _file_hash(*paths: Path, extra: str = "") -> str:
    digest = hashlib.sha256(extra.encode() + b"\0")
    for path in paths:
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


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


def _cache_root(root: Path) -> Path:
    return root / ".cache"


def _prune(folder: Path, keep: Path) -> None:
    for old in folder.iterdir():
        if old != keep and old.is_dir():
            shutil.rmtree(old, ignore_errors=True)


def trimmed_stdlib(package: Path, wheel: Path, data: dict[str, Path], root: Path = ROOT) -> Path:
    """A zip of the standard library modules the calculator and Pyodide's
    start-up import, as bytecode (sourceless, unchecked hash-based .pyc, made
    by the same interpreter), entries stored uncompressed so that the
    server's `.br`/`.gz` copy compresses the whole. Cached by the Pyodide
    version, the wheel and the script that finds the modules."""
    key = _file_hash(wheel, RUNTIME_SCRIPT, package / "python_stdlib.zip", extra=pyodide_version(package.parent))[:16]
    cache = _cache_root(root) / "stdlib" / key
    found = sorted(cache.glob("python_stdlib-*.zip")) if cache.is_dir() else []
    if found:
        return found[0]
    with tempfile.TemporaryDirectory(prefix="handbook-stdlib-") as tmp:
        listing_path = Path(tmp) / "modules.json"
        _run_node(
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
        listing = json.loads(listing_path.read_text(encoding="utf-8"))
        out = Path(tmp) / "stdlib.zip"
        with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as zf:
            for rel, _size, pyc_hex in listing["files"]:
                info = zipfile.ZipInfo(rel[:-3] + ".pyc", date_time=(1980, 1, 1, 0, 0, 0))
                zf.writestr(info, bytes.fromhex(pyc_hex))
        digest = hashlib.sha256(out.read_bytes()).hexdigest()[:12]
        cache.mkdir(parents=True, exist_ok=True)
        target = cache / f"python_stdlib-{digest}.zip"
        shutil.copy2(out, target)
    _prune(cache.parent, cache)
    return target


def memory_snapshot(
    package: Path, stdlib: Path, wheel: Path, data: dict[str, Path], root: Path = ROOT
) -> tuple[Path | None, str]:
    """Pyodide's memory after start-up from `stdlib` and the import of the
    wheel's modules (no protocol loaded), made and checked under Node (see
    build/pyodide_runtime.mjs): (path, "") or (None, why it was left out).
    Cached by everything it depends on: the Pyodide version, the trimmed
    standard library, the wheel its check runs and the script; not the
    protocols."""
    key = _file_hash(stdlib, wheel, RUNTIME_SCRIPT, SNAPSHOT_FORMAT, extra=pyodide_version(package.parent))[:16]
    cache = _cache_root(root) / "snapshot" / key
    note = cache / "left-out.txt"
    if cache.is_dir():
        found = sorted(cache.glob("snapshot-*.bin"))
        if found:
            return found[0], ""
        if note.is_file():
            return None, note.read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory(prefix="handbook-snapshot-") as tmp:
        out = Path(tmp) / "snapshot.bin"
        result = _run_node(
            "snapshot",
            {
                "pyodide": str(package),
                "wheel": str(wheel),
                "lock": lock_contents(package),
                "stdlib": str(stdlib),
                "protocols": str(data["protocols"]),
                "nonworking": str(data["nonworking"]),
                "out": str(out),
            },
        )
        cache.mkdir(parents=True, exist_ok=True)
        _prune(cache.parent, cache)
        if result.get("written") and result.get("size", 0) > SNAPSHOT_MAX_BYTES:
            result = {
                "written": False,
                "reason": f"its heap ({result['size']:,} bytes) is larger than a "
                f"restore can take ({SNAPSHOT_MAX_BYTES:,} bytes)",
            }
        if not result.get("written"):
            why = str(result.get("reason") or "it could not be made")
            note.write_text(why, encoding="utf-8")
            return None, why
        digest = hashlib.sha256(out.read_bytes()).hexdigest()[:12]
        target = cache / f"snapshot-{digest}.bin"
        shutil.copy2(out, target)
        return target, ""


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


def _integrity(path: Path) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(path.read_bytes()).digest()).decode("ascii")


def precompress(paths: list[Path], root: Path = ROOT) -> None:
    """Write `NAME.gz` (gzip -9) and `NAME.br` (brotli) beside each file,
    from a cache keyed by the file's hash. Brotli's best quality (11) takes
    half a minute on Pyodide's 9.6 MB binary and two on the 31 MB snapshot,
    so files over BROTLI_BEST_UP_TO get quality 9. Node's zlib makes both."""
    cache = _cache_root(root) / "precompressed"

    def current(path: Path) -> bool:  # copies already beside it, newer than it (a rebuild)
        packed = [path.with_name(path.name + s) for s in (".gz", ".br")]
        return all(p.is_file() and p.stat().st_mtime >= path.stat().st_mtime for p in packed)

    paths = [p for p in paths if not current(p)]
    todo = []
    for path in paths:
        key = hashlib.sha256(path.read_bytes()).hexdigest()[:24]
        for suffix in (".gz", ".br"):
            cached = cache / f"{key}{suffix}"
            if not cached.is_file():
                todo.append((path, cached, suffix))
    if todo:
        cache.mkdir(parents=True, exist_ok=True)
        _run_node(
            "compress",
            {
                "files": [
                    {
                        "src": str(src),
                        "out": str(out) + ".part",
                        "kind": suffix[1:],
                        "quality": 11 if src.stat().st_size <= BROTLI_BEST_UP_TO else 9,
                    }
                    for src, out, suffix in todo
                ]
            },
        )
        for _src, out, _suffix in todo:
            os.replace(str(out) + ".part", out)
    for path in paths:
        key = hashlib.sha256(path.read_bytes()).hexdigest()[:24]
        for suffix in (".gz", ".br"):
            target = path.with_name(path.name + suffix)
            cached = cache / f"{key}{suffix}"
            if not (target.is_file() and target.stat().st_size == cached.stat().st_size):
                shutil.copyfile(cached, target)


def browser_modules(package: Path, entry: str = BROWSER_ENTRY) -> list[str]:
    """The modules of `package` that `entry` needs: itself, the package's
    `__init__` and every sibling it imports (`from .x import`, `from . import
    x`), followed transitively. Names without the `.py`, sorted."""
    wanted, todo = {"__init__"}, [entry]
    while todo:
        name = todo.pop()
        if name in wanted and name != "__init__":
            continue
        path = package / f"{name}.py"
        if not path.is_file():
            raise BundleError(f"{package}: the browser's module {name}.py is missing")
        wanted.add(name)
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.level == 1:
                names = [node.module.split(".")[0]] if node.module else [a.name for a in node.names]
                todo.extend(n for n in names if n not in wanted)
    return sorted(wanted)


def _project_version(root: Path) -> str:
    text = (root / "pyproject.toml").read_text(encoding="utf-8")
    match = re.search(r'^version\s*=\s*"([^"]+)"', text, re.MULTILINE)
    if not match:
        raise BundleError(f"{root / 'pyproject.toml'}: no [project] version found")
    return match.group(1)


def _wheel_inputs(root: Path) -> list[Path]:
    package = root / "calculator"
    files = [package / f"{name}.py" for name in browser_modules(package)]
    typed = package / "py.typed"
    return [root / "pyproject.toml"] + files + ([typed] if typed.is_file() else [])


def _wheel_project(root: Path, files: list[Path]) -> str:
    """pyproject.toml of the generated project: the browser's modules only,
    standard library only, so the wheel needs no dependency."""
    return "\n".join(
        [
            "[build-system]",
            'requires = ["setuptools>=68"]',
            'build-backend = "setuptools.build_meta"',
            "",
            "[project]",
            f'name = "{WHEEL_PROJECT}"',
            f'version = "{_project_version(root)}"',
            'description = "The part of the Escalation Handbook calculator that runs in the browser."',
            'requires-python = ">=3.11"',
            "dependencies = []",
            "",
            "[tool.setuptools]",
            'packages = ["calculator"]',
            "",
            "[tool.setuptools.package-data]",
            'calculator = ["py.typed"]',
            "",
        ]
    )


def _sources_hash(root: Path, files: Iterable[Path], project: str) -> str:
    digest = hashlib.sha256(project.encode() + b"\0")
    for path in files:
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def project_wheel(root: Path = ROOT, cache_dir: Path | None = None) -> Path:
    """The browser's py3-none-any wheel, built once per version of its sources.

    The build runs on a small project generated in a temporary folder (the
    browser's modules and a pyproject.toml naming only them), with pip's PEP
    517 front end, without build isolation and without an index, so it needs
    nothing beyond the virtual environment and leaves nothing in the work tree.
    """
    files = _wheel_inputs(root)
    project = _wheel_project(root, files)
    key = _sources_hash(root, files, project)
    cache = (cache_dir or root / ".cache" / "calculator-wheel") / key
    found = sorted(cache.glob("*.whl")) if cache.is_dir() else []
    if found:
        return found[0]
    with tempfile.TemporaryDirectory(prefix="handbook-wheel-") as tmp:
        src = Path(tmp) / "src"
        for path in files:
            if path.name == "pyproject.toml":
                continue
            out = src / path.relative_to(root)
            out.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, out)
        (src / "pyproject.toml").write_text(project, encoding="utf-8")
        out_dir = Path(tmp) / "dist"
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "wheel",
                "--no-deps",
                "--no-build-isolation",
                "--no-index",
                "--disable-pip-version-check",
                "--quiet",
                "--wheel-dir",
                str(out_dir),
                str(src),
            ],
            capture_output=True,
            text=True,
        )
        wheels = sorted(out_dir.glob("*-py3-none-any.whl"))
        if result.returncode != 0 or not wheels:
            detail = (result.stderr or result.stdout).strip().splitlines()[-1:] or ["no wheel made"]
            raise BundleError(
                f"building the calculator wheel failed ({detail[0]}); "
                f"the build needs setuptools>=70.1 in the virtual environment: {SETUP_HINT}"
            )
        cache.mkdir(parents=True, exist_ok=True)
        # Other versions of the wheel are stale now; keep the cache small.
        for old in cache.parent.iterdir():
            if old != cache and old.is_dir():
                shutil.rmtree(old, ignore_errors=True)
        target = cache / wheels[0].name
        shutil.copy2(wheels[0], target)
        return target


def _protocol_files(protocols_dir: Path) -> list[Path]:
    return sorted(p for p in Path(protocols_dir).iterdir() if p.is_file() and p.suffix in (".yaml", ".yml"))


def _protocols_json(protocols: list[Any], protocols_dir: Path) -> dict[str, Any]:
    from authoring.checked import protocol_data

    wanted = [p.slug for p in protocols]
    found: dict[str, Any] = {}
    # Only the protocols being built: the preview builds beside a file that
    # does not check (its slug is its file name, as the check requires).
    for path in _protocol_files(protocols_dir):
        if path.stem not in wanted:
            continue
        data = protocol_data(path)
        if data.get("slug") in wanted:
            found[data["slug"]] = data
    missing = [slug for slug in wanted if slug not in found]
    if missing:
        raise BundleError(f"{protocols_dir}: no protocol file for {', '.join(missing)}")
    return {slug: found[slug] for slug in wanted}


def _tables_json(protocols: list[Any]) -> dict[str, Any]:
    from authoring.holiday_table import build_table

    nations = sorted({p.calendar.nation for p in protocols})
    return {nation: build_table(nation).as_dict() for nation in nations}


def _write_json(path: Path, data: Any) -> int:
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=False, default=str)
    path.write_text(text, encoding="utf-8")
    return path.stat().st_size


def _gzip_beside(path: Path) -> None:
    """`NAME.gz` beside a small file that changes with every build (the data)."""
    import gzip

    target = path.with_name(path.name + ".gz")
    target.write_bytes(gzip.compress(path.read_bytes(), 9, mtime=0))


def _place(src: Path, dest_dir: Path, pattern: str) -> Path:
    """Copy a content-named file into `dest_dir`, removing its older versions."""
    for old in dest_dir.glob(pattern):
        if old.name.split(".")[0] != src.name.split(".")[0]:
            old.unlink()
    target = dest_dir / src.name
    if not (target.is_file() and target.stat().st_size == src.stat().st_size):
        shutil.copy2(src, target)
    return target


def bundle_calculator(site_dir: Path, protocols: list[Any], protocols_dir: Path, root: Path = ROOT) -> dict[str, Any]:
    """Put the Pyodide runtime, the calculator wheel and its data into `site_dir`.

    Returns the manifest it writes to `assets/calculator/manifest.json`.
    Raises `BundleError` with a one-line message when something is missing.
    """
    site_dir = Path(site_dir)
    assets = site_dir / "assets"
    package = root / "node_modules" / "pyodide"
    version, pyodide_sizes = _copy_pyodide(assets / "pyodide", root / "node_modules")
    runtime_dir = assets / "pyodide" / version

    calc_dir = assets / "calculator"
    calc_dir.mkdir(parents=True, exist_ok=True)
    wheel = project_wheel(root)
    for old in calc_dir.glob("*.whl"):
        if old.name != wheel.name:
            old.unlink()
    shutil.copy2(wheel, calc_dir / wheel.name)

    protocols_size = _write_json(calc_dir / "protocols.json", _protocols_json(protocols, protocols_dir))
    tables_size = _write_json(calc_dir / "nonworking.json", _tables_json(protocols))
    data = {"protocols": calc_dir / "protocols.json", "nonworking": calc_dir / "nonworking.json"}
    for path in data.values():
        _gzip_beside(path)

    stdlib = _place(trimmed_stdlib(package, wheel, data, root), runtime_dir, "python_stdlib-*.zip*")
    snapshot_src, left_out = memory_snapshot(package, stdlib, wheel, data, root)
    for old in runtime_dir.glob("snapshot-*"):
        # Another build's, or a compressed copy a server would send in its place.
        if snapshot_src is None or old.name != snapshot_src.name:
            old.unlink()
    snapshot = _place(snapshot_src, runtime_dir, "snapshot-*") if snapshot_src else None
    if left_out:
        log.warning(
            "the calculator's memory snapshot is left out (%s): repeat visits start Pyodide the normal way", left_out
        )
    # Not the snapshot: its file is gzip-compressed inside, and served as it is (see snapshot-file.js).
    precompress([runtime_dir / name for name in PRECOMPRESSED] + [stdlib], root)

    # What a first visit downloads, as the browser's reader counts it (the
    # bytes after any Content-Encoding is undone): the progress bar's total.
    first_visit = {
        "pyodide.asm.mjs": pyodide_sizes["pyodide.asm.mjs"],
        "pyodide.asm.wasm": pyodide_sizes["pyodide.asm.wasm"],
        stdlib.name: stdlib.stat().st_size,
        wheel.name: wheel.stat().st_size,
        "protocols.json": protocols_size,
        "nonworking.json": tables_size,
    }
    manifest = {
        "pyodide": {
            "version": version,
            "path": f"../pyodide/{version}/",
            "files": pyodide_sizes,
            "stdlib": stdlib.name,
            "lock": lock_contents(package),
            "snapshot": (
                {
                    "file": snapshot.name,
                    "size": snapshot.stat().st_size,
                    "length": snapshot_length(snapshot),
                    "integrity": _integrity(snapshot),
                }
                if snapshot
                else None
            ),
        },
        "calculator": {
            "wheel": wheel.name,
            "protocols": "protocols.json",
            "nonworking": "nonworking.json",
            "files": {
                wheel.name: wheel.stat().st_size,
                "protocols.json": protocols_size,
                "nonworking.json": tables_size,
            },
        },
        "download": {"files": first_visit, "total": sum(first_visit.values())},
        "slugs": [p.slug for p in protocols],
    }
    _write_json(calc_dir / "manifest.json", manifest)
    (calc_dir / "manifest.js").write_text(_manifest_module(manifest), encoding="utf-8")
    (calc_dir / "runtime.js").unlink(missing_ok=True)  # an older build's
    return manifest


def _manifest_module(manifest: dict[str, Any]) -> str:
    """The manifest as a module, for the page and the worker to import."""
    data = json.dumps(manifest, ensure_ascii=False, separators=(",", ":"), sort_keys=False)
    return f"// Written by `handbook build`: the calculator's files and versions.\nexport const manifest = {data};\n"
