"""The `handbook` command run in this process, as a test reads it: exit code,
standard output and standard error. Starting a Python per case costs about a
fifth of a second; the command line's own entry point is tested by
subprocess elsewhere (tests/authoring/test_cli_docs.py, the oracle in test_deadlines)."""

from __future__ import annotations

import contextlib
import io
import subprocess
import sys
from pathlib import Path

from authoring import cli

#: The project's folder: a process runs there unless told otherwise.
ROOT = Path(__file__).resolve().parents[2]


def handbook(*args: str, cwd: Path | str | None = None) -> subprocess.CompletedProcess:
    """`handbook ARGS...` run in the folder `cwd` (default: the current one)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.chdir(cwd or "."), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = cli.main(list(args))
        except SystemExit as exc:  # argparse's own exits (--help, a bad option)
            code = exc.code if isinstance(exc.code, int) else 2
    return subprocess.CompletedProcess(["handbook", *args], code, out.getvalue(), err.getvalue())


def handbook_process(
    *args: str,
    cwd: Path | str | None = None,
    env: dict[str, str] | None = None,
    timeout: float | None = None,
) -> subprocess.CompletedProcess:
    """`python -m authoring.cli ARGS...` in a process of its own, from `cwd`
    (default: the project's folder): where the process itself is the point
    (the entry point, a build's MkDocs, signals, the environment)."""
    return subprocess.run(
        [sys.executable, "-m", "authoring.cli", *args],
        cwd=cwd or ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
