"""Every `handbook` sub-command is documented in the README."""

from __future__ import annotations

import argparse

from authoring.cli import build_parser


def _commands() -> list[str]:
    sub = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    return sorted(sub.choices)


def test_every_handbook_command_is_in_the_readme(root):
    readme = (root / "README.md").read_text(encoding="utf-8")
    missing = [c for c in _commands() if f"`handbook {c}" not in readme]
    assert not missing, f"undocumented in README.md: {missing}"


def test_the_command_list_is_what_the_readme_expects():
    assert {"check", "list", "deadline", "build", "serve", "diff", "server-config"} <= set(_commands())


def test_every_command_that_takes_protocols_says_so_in_its_readme_row(root):
    readme = (root / "README.md").read_text(encoding="utf-8").splitlines()
    sub = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    taking = [c for c, p in sub.choices.items() if any("--protocols" in a.option_strings for a in p._actions)]
    assert set(taking) == {"check", "new", "revise", "list", "deadline", "build", "serve", "record"}
    for c in taking:
        row = next(line for line in readme if line.startswith(f"| `handbook {c} "))
        assert "--protocols DIR" in row[: row.index("` |")], c
