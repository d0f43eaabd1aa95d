"""One protocol file read into plain data with the position of every value.

`read_protocol_file` takes a file through each step in turn: its text, read
within bounds (`file_text`); a scan of its YAML events for aliases, nesting
and a second document (`yaml_scan`); the node tree built into plain data with
a `SourceMap` (`yaml_tree`); a syntax error put in words (`yaml_syntax`).
Whether the data is a valid protocol is `authoring.check`'s job;
`authoring.checked` loads the files that pass it.

Command line and build only: this module needs PyYAML, which the browser
never loads.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .file_text import read_protocol_text
from .positions import SourceMap, mark_position
from .yaml_paths import naming
from .yaml_scan import SAFE_LOADER, scan_events
from .yaml_syntax import syntax_problem
from .yaml_tree import TreeBuilder, kind_words

__all__ = ["ReadResult", "read_protocol_file"]


@dataclass
class ReadResult:
    """What reading one file gave: data and positions, or problems."""

    data: Any = None
    positions: SourceMap = field(default_factory=SourceMap)
    problems: list[tuple[int, int, str]] = field(default_factory=list)  # (line, column, message)


def _compose(text: str) -> tuple[yaml.Node | None, tuple[int, int, str] | None]:
    """The text's YAML node tree, or the first thing that stops it being built."""
    try:
        scan = scan_events(text)
        if scan is not None:
            return None, scan
        root = yaml.compose(text, Loader=SAFE_LOADER)
    except yaml.YAMLError as e:
        return None, syntax_problem(text, e)
    if root is None:
        return None, (
            1,
            1,
            "file holds only comments; expected a protocol (slug, name, document, calendar, stages, ...)",
        )
    return root, None


def _not_a_mapping(data: Any) -> str:
    found = "a list" if isinstance(data, list) else f"a single value ({kind_words(data)})"
    if isinstance(data, str):
        found = "a single line of text"
    return f"the file must hold a mapping of fields (slug: ..., name: ..., stages: ...), found {found}"


def read_protocol_file(path: str | os.PathLike) -> ReadResult:
    """Reads one file into plain data and a `SourceMap`, or problems.

    Never raises for anything about the file's content.
    """
    result = ReadResult()
    text, problem = read_protocol_text(Path(path))
    if text is None or problem is not None:
        result.problems.extend([problem] if problem else [])
        return result
    root, problem = _compose(text)
    if root is None or problem is not None:
        result.problems.extend([problem] if problem else [])
        return result
    with naming(root):
        data = TreeBuilder(result.positions, result.problems).build(root, ())
    if result.problems:
        return result
    if not isinstance(data, dict):
        line, col = mark_position(root.start_mark)
        result.problems.append((line, col, _not_a_mapping(data)))
        return result
    result.data = data
    return result
