"""A composed YAML node tree built into plain data, keeping every value's position.

The builder records where each value and each mapping key sits (a
`SourceMap`) and refuses what a protocol file may not hold: duplicate keys,
tags other than plain data's, merge keys, keys that are not text and dates
that do not exist. Each refusal is a (line, column, message) problem.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import yaml

from calculator.wording import MONTHS

from .positions import PathKey, SourceMap, mark_position
from .yaml_paths import yaml_path

__all__ = ["TreeBuilder", "kind_words"]

_TAG = "tag:yaml.org,2002:"
#: The only YAML types a protocol file may use: plain data.
_ALLOWED_TAGS = {_TAG + t for t in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map")}


def kind_words(value: Any) -> str:
    """What kind of value YAML read, in words: "true/false", "a number", "a date"."""
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if value is None:
        return "nothing (null)"
    if isinstance(value, dt.date):
        return "a date"
    return type(value).__name__


def _why_not_a_date(text: str) -> str:
    parts = text.strip()[:10].split("-")
    try:
        year, month, day = (int(p) for p in parts)
    except ValueError:
        return ""
    if not 1 <= month <= 12:
        return f" (there is no month {month})"
    if day >= 1:
        return f" ({MONTHS[month - 1]} {year} has no day {day})"
    return f" (there is no day {day})"


def _tag_message(tag: str | None) -> str:
    shown = tag or "?"
    if shown.startswith(_TAG):
        shown = "!!" + shown[len(_TAG) :]
    return (
        f"YAML tag {shown} is not allowed: a protocol file holds plain data (text, numbers, "
        f"dates, true/false, lists and mappings)"
    )


class TreeBuilder:
    """Turns a composed node tree into plain data, recording positions in
    `positions` and problems in `problems` (line, column, message)."""

    def __init__(self, positions: SourceMap, problems: list[tuple[int, int, str]]):
        self.positions = positions
        self.problems = problems
        self.constructor = yaml.constructor.SafeConstructor()

    def problem(self, node: yaml.Node, message: str) -> None:
        line, col = mark_position(node.start_mark)
        self.problems.append((line, col, message))

    def build(self, node: yaml.Node, path: PathKey) -> Any:
        self.positions.values[path] = mark_position(node.start_mark)
        if node.tag not in _ALLOWED_TAGS:
            self.problem(node, _tag_message(node.tag))
            return None
        if isinstance(node, yaml.MappingNode):
            return self.build_mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, path + (i,)) for i, item in enumerate(node.value)]
        try:
            return self.constructor.construct_object(node)
        except (ValueError, OverflowError, yaml.YAMLError) as e:
            if node.tag == _TAG + "timestamp":
                self.problem(
                    node,
                    f"{yaml_path(path) or 'value'}: '{node.value}' is not a real "
                    f"date{_why_not_a_date(node.value)}; expected a date as YYYY-MM-DD",
                )
            else:
                self.problem(node, f"{yaml_path(path) or 'value'}: cannot read '{node.value}': {e}")
            return None

    def key(self, key_node: yaml.Node, where: str) -> str | None:
        """The text of a mapping key, or None with the problem recorded."""
        if key_node.tag == _TAG + "merge":
            self.problem(key_node, "merge key '<<' is not allowed: write every field out in full")
            return None
        if not isinstance(key_node, yaml.ScalarNode) or key_node.tag not in _ALLOWED_TAGS:
            self.problem(key_node, f"a field name must be plain text{' in ' + where if where else ''}")
            return None
        try:
            key = self.constructor.construct_object(key_node)
        except (ValueError, OverflowError, yaml.YAMLError):
            key = key_node.value
        if not isinstance(key, str):
            self.problem(
                key_node,
                f"field name {key_node.value!r}{' in ' + where if where else ''} "
                f"is read as {kind_words(key)}; field names are text",
            )
            return None
        return key

    def build_mapping(self, node: yaml.MappingNode, path: PathKey) -> dict[str, Any]:
        out: dict[str, Any] = {}
        seen: dict[str, yaml.Node] = {}
        where = yaml_path(path)
        for key_node, value_node in node.value:
            key = self.key(key_node, where)
            if key is None:
                continue
            if key in seen:
                first_line, first_col = mark_position(seen[key].start_mark)
                self.problem(
                    key_node,
                    f"duplicate field '{key}'{' in ' + where if where else ''} "
                    f"(first given at line {first_line}, column {first_col}); "
                    f"each field is given once",
                )
                continue
            seen[key] = key_node
            self.positions.keys[path + (key,)] = mark_position(key_node.start_mark)
            out[key] = self.build(value_node, path + (key,))
        return out
