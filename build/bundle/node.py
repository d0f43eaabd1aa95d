"""Running build/pyodide_runtime.mjs, the build's Pyodide under Node, for one job."""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from authoring import places

from .errors import SETUP_HINT, BundleError

__all__ = ["RUNTIME_SCRIPT", "run"]

#: The Node script that runs Pyodide at build time (probe, snapshot, compress).
RUNTIME_SCRIPT = places.BUILD / "pyodide_runtime.mjs"


def _node() -> str:
    found = shutil.which("node")
    if not found:
        raise BundleError(f"Node.js is needed to prepare the Pyodide runtime (node not found): {SETUP_HINT}")
    return found


def run(command: str, job: dict[str, Any]) -> dict[str, Any]:
    """The script's answer to `command` (probe, snapshot, compress) for `job`."""
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
