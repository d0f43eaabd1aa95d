"""The project's own checks on its code, each clean: ruff on the package and
the site code, ESLint on the browser code, mypy on the package and strict on
the calculator's engine (the modules that ship to the browser), the import
contracts in pyproject.toml (the engine imports the standard library and
itself only), and no import cycle."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ENGINE = [
    "calculator/model.py",
    "calculator/nonworking.py",
    "calculator/workdays.py",
    "calculator/deadlines.py",
    "calculator/browser.py",
    "calculator/page_text.py",
]


def test_eslint_finds_nothing_in_the_browser_code():
    eslint = ROOT / "node_modules" / ".bin" / "eslint"
    if not eslint.exists():
        pytest.fail("node_modules/.bin/eslint is missing: run `bash scripts/setup.sh test`")
    run = subprocess.run([str(eslint), "docs/assets", "build"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stdout + run.stderr


def test_mypy_finds_nothing_in_the_package():
    run = subprocess.run(
        [sys.executable, "-m", "mypy", "calculator"], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert run.returncode == 0, run.stdout + run.stderr


def test_mypy_strict_finds_nothing_in_the_engine():
    run = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", *ENGINE], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert run.returncode == 0, run.stdout + run.stderr


def test_the_import_contracts_hold():
    run = subprocess.run(
        [str(Path(sys.executable).parent / "lint-imports")], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "0 broken" in run.stdout


def test_no_module_of_the_package_imports_another_that_imports_it_back():
    """No import cycle, imports inside functions included (grimp reads them all)."""
    import grimp

    graph = grimp.build_graph("calculator")
    imports = {m: graph.find_modules_directly_imported_by(m) for m in graph.modules}
    cycles, state = [], {}

    def visit(module: str, path: list[str]) -> None:
        state[module] = "open"
        for other in sorted(imports.get(module, ())):
            if state.get(other) == "open":
                cycles.append(
                    " -> ".join(path[path.index(other) :] + [module, other])
                    if other in path
                    else f"{module} -> {other}"
                )
            elif other not in state:
                visit(other, path + [module])
        state[module] = "done"

    for module in sorted(imports):
        if module not in state:
            visit(module, [])
    assert cycles == []


def test_ruff_finds_nothing_in_the_package_and_the_site_code():
    run = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "calculator", "build"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stdout + run.stderr
