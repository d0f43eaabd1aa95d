"""The project's own checks on its code, each clean: ruff (lint and format)
on every Python file, ESLint on the browser code, mypy on the three packages
and strict on the calculator (it ships to the browser), the import contracts
in pyproject.toml (one direction between the packages; the calculator imports
the standard library and itself only), and no import cycle."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("calculator", "authoring", "handbook_site")
PYTHON = ["calculator", "authoring", "build", "tests"]


def test_eslint_finds_nothing_in_the_browser_code():
    eslint = ROOT / "node_modules" / ".bin" / "eslint"
    if not eslint.exists():
        pytest.fail("node_modules/.bin/eslint is missing: run `bash scripts/setup.sh test`")
    run = subprocess.run([str(eslint), "docs/assets", "build"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stdout + run.stderr


def test_mypy_finds_nothing_in_authoring_and_the_site():
    run = subprocess.run(
        [sys.executable, "-m", "mypy", "authoring", "build"], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert run.returncode == 0, run.stdout + run.stderr


def test_mypy_strict_finds_nothing_in_the_calculator():
    run = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "calculator"], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert run.returncode == 0, run.stdout + run.stderr


def test_the_import_contracts_hold():
    run = subprocess.run(
        [str(Path(sys.executable).parent / "lint-imports")], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "0 broken" in run.stdout


def test_the_calculator_imports_the_standard_library_and_itself_only():
    """Whatever is installed: every module the calculator imports from outside
    itself is one of the standard library's (the contract in pyproject.toml
    names the distributions the project installs; this catches any other)."""
    import grimp

    graph = grimp.build_graph("calculator", include_external_packages=True)
    outside = {
        imported.split(".")[0]
        for module in graph.modules
        if module.startswith("calculator")
        for imported in graph.find_modules_directly_imported_by(module)
        if not imported.startswith("calculator")
    }
    assert outside, "grimp saw no import of the standard library: the check would pass on anything"
    assert sorted(outside - sys.stdlib_module_names) == []


def test_no_module_imports_another_that_imports_it_back():
    """No import cycle in any of the three packages, imports inside functions
    included (grimp reads them all)."""
    import grimp

    graph = grimp.build_graph(*PACKAGES)
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


def test_ruff_format_leaves_every_python_file_as_it_is():
    run = subprocess.run(
        [sys.executable, "-m", "ruff", "format", "--check", *PYTHON],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stdout + run.stderr


def test_ruff_finds_nothing_in_any_python_file():
    run = subprocess.run(
        [sys.executable, "-m", "ruff", "check", *PYTHON],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stdout + run.stderr


# ------------------------------------------------------------ one job per module

MODULE_LINES = 500
FUNCTION_LINES = 60
JS_MODULE_LINES = 400
JS_FOLDERS = ["docs/assets/calculator", "docs/assets/presenter", "docs/assets/javascripts"]


def _python_modules() -> list[Path]:
    return sorted(p for folder in ("calculator", "authoring", "build") for p in (ROOT / folder).rglob("*.py"))


def _first_sentence(text: str) -> str:
    flat = " ".join(text.split())
    end = flat.find(". ")
    return flat if end < 0 else flat[: end + 1]


def test_no_module_is_longer_than_the_limit():
    long = {
        str(p.relative_to(ROOT)): n
        for p in _python_modules()
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MODULE_LINES
    }
    assert long == {}


def test_no_function_is_longer_than_the_limit():
    import ast

    long = {}
    for path in _python_modules():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                lines = (node.end_lineno or node.lineno) - node.lineno + 1
                if lines > FUNCTION_LINES:
                    long[f"{path.relative_to(ROOT)}:{node.lineno} {node.name}"] = lines
    assert long == {}


def test_each_module_says_its_one_job_in_a_sentence_without_and():
    import ast

    unclear = {}
    for path in _python_modules():
        doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8")))
        sentence = _first_sentence(doc or "")
        if not sentence or " and " in f" {sentence} ":
            unclear[str(path.relative_to(ROOT))] = sentence or "(no docstring)"
    assert unclear == {}


def test_no_browser_module_is_longer_than_the_limit():
    long = {
        str(p.relative_to(ROOT)): n
        for folder in JS_FOLDERS
        for p in sorted((ROOT / folder).glob("*.js"))
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > JS_MODULE_LINES
    }
    assert long == {}


def test_pyproject_lists_every_package_of_the_three():
    """An installed copy holds every package: each folder with an __init__.py
    is in [tool.setuptools] packages (build/ as handbook_site)."""
    import tomllib

    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["packages"])
    names = {"calculator": "calculator", "authoring": "authoring", "build": "handbook_site"}
    found = {
        ".".join([names[init.relative_to(ROOT).parts[0]], *init.parent.relative_to(ROOT).parts[1:]])
        for folder in names
        for init in (ROOT / folder).rglob("__init__.py")
    }
    assert found == listed
