"""A path shown as the user would type it: relative to the working folder
when inside it, as given otherwise (the `handbook` command's own path too)."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

__all__ = ["display_path", "handbook_command"]


def display_path(path: Path) -> str:
    """A path as the user would type it: relative to the working folder when inside it."""
    try:
        rel = os.path.relpath(path)
    except ValueError:
        return str(path)
    return str(path) if rel.startswith("..") else rel


def handbook_command() -> str:
    """The `handbook` command as the user would type it again: the one that
    runs (`sys.argv[0]`), else the one installed beside this Python (as the
    README runs it, `.venv/bin/handbook`); bare `handbook` where that is the
    one found on the PATH."""
    ran = Path(sys.argv[0]) if sys.argv and sys.argv[0] else None
    command = ran if ran is not None and ran.name == "handbook" else Path(sys.executable).parent / "handbook"
    if not command.is_file():
        return "handbook"
    on_path = shutil.which("handbook")
    if on_path and os.path.realpath(on_path) == os.path.realpath(command):
        return "handbook"
    shown = display_path(command)
    return shown if os.sep in shown else f".{os.sep}{shown}"
