"""The calculator's wheel: the whole `calculator` package as a py3-none-any wheel for Pyodide.

Made by a standard PEP 517 build of a small project generated for it (the
same wheel `pyodide build` would make), cached under `.cache/` by a hash of
its sources.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path

from authoring import places

from .cache import prune, store
from .errors import SETUP_HINT, BundleError

__all__ = ["WHEEL_PROJECT", "project_wheel"]

#: The generated project's name: a wheel of the `calculator` package.
WHEEL_PROJECT = "escalation-handbook-browser"


def _project_version(root: Path) -> str:
    text = (root / "pyproject.toml").read_text(encoding="utf-8")
    match = re.search(r'^version\s*=\s*"([^"]+)"', text, re.MULTILINE)
    if not match:
        raise BundleError(f"{root / 'pyproject.toml'}: no [project] version found")
    return match.group(1)


def _wheel_inputs(root: Path) -> list[Path]:
    """The files the wheel is made from: the project's pyproject.toml (its
    version) and the calculator package's modules, with py.typed."""
    package = root / "calculator"
    typed = package / "py.typed"
    return [root / "pyproject.toml", *sorted(package.rglob("*.py"))] + ([typed] if typed.is_file() else [])


def _packages(root: Path) -> list[str]:
    """The calculator package with each package inside it, by folder."""
    package = root / "calculator"
    return sorted(".".join(init.parent.relative_to(root).parts) for init in package.rglob("__init__.py"))


def _wheel_project(root: Path) -> str:
    """pyproject.toml of the generated project: the calculator package,
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
            f"packages = {json.dumps(_packages(root))}",
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


def project_wheel(root: Path = places.PROJECT, cache_dir: Path | None = None) -> Path:
    """The calculator's py3-none-any wheel, built once per version of its sources.

    The build runs on a small project generated in a temporary folder (the
    calculator's modules and a pyproject.toml naming only them), with pip's PEP
    517 front end, without build isolation and without an index, so it needs
    nothing beyond the virtual environment and leaves nothing in the work tree.
    """
    files = _wheel_inputs(root)
    project = _wheel_project(root)
    cache = (cache_dir or root / ".cache" / "calculator-wheel") / _sources_hash(root, files, project)
    found = sorted(cache.glob("*.whl")) if cache.is_dir() else []
    if found:
        return found[0]
    with tempfile.TemporaryDirectory(prefix="handbook-wheel-") as tmp:
        src = Path(tmp) / "src"
        for path in files[1:]:  # not the project's own pyproject.toml
            out = src / path.relative_to(root)
            out.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, out)
        (src / "pyproject.toml").write_text(project, encoding="utf-8")
        built = _pip_wheel(src, Path(tmp) / "dist")
        cache.mkdir(parents=True, exist_ok=True)
        prune(cache.parent, cache)  # other versions of the wheel are stale now; keep the cache small
        target = cache / built.name
        store(built, target)
        return target


def _pip_wheel(src: Path, out_dir: Path) -> Path:
    """The wheel pip builds from the project in `src`, offline, into `out_dir`."""
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
    return wheels[0]
