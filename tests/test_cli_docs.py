"""Every `handbook` sub-command is documented in the README."""

from __future__ import annotations

import argparse

from calculator.cli import _parser


def _commands() -> list[str]:
    sub = next(a for a in _parser()._actions if isinstance(a, argparse._SubParsersAction))
    return sorted(sub.choices)


def test_every_handbook_command_is_in_the_readme(root):
    readme = (root / "README.md").read_text(encoding="utf-8")
    missing = [c for c in _commands() if f"`handbook {c}" not in readme]
    assert not missing, f"undocumented in README.md: {missing}"


def test_the_command_list_is_what_the_readme_expects():
    assert {"check", "list", "deadline", "build", "serve", "diff", "server-config"} <= set(_commands())
