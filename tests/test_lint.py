"""The project's own checks on its code, each clean: ESLint on the browser
code, mypy (strict) on the calculator's engine, the modules that ship to the
browser."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ENGINE = ["calculator/model.py", "calculator/nonworking.py", "calculator/workdays.py",
          "calculator/deadlines.py", "calculator/browser.py", "calculator/page_text.py"]


def test_eslint_finds_nothing_in_the_browser_code():
    eslint = ROOT / "node_modules" / ".bin" / "eslint"
    if not eslint.exists():
        pytest.fail("node_modules/.bin/eslint is missing: run `bash scripts/setup.sh test`")
    run = subprocess.run([str(eslint), "docs/assets", "build"], cwd=ROOT, capture_output=True, text=True,
                         timeout=120)
    assert run.returncode == 0, run.stdout + run.stderr


def test_mypy_strict_finds_nothing_in_the_engine():
    run = subprocess.run([sys.executable, "-m", "mypy", "--strict", *ENGINE], cwd=ROOT, capture_output=True,
                         text=True, timeout=300)
    assert run.returncode == 0, run.stdout + run.stderr
