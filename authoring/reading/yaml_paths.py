"""Where a value is in a protocol file, named as a person names it.

`yaml_path(("stages", 1, "timescales", 0, "within"))` is "stage 2, the 1st
timescale, within". Inside `naming(data)`, stages go by the ids and the stage
word the file itself uses ("step 4-urgent").
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

import yaml

__all__ = ["naming", "ordinal", "yaml_path"]


@dataclass(frozen=True)
class _Names:
    """What a person calls the stages of the file being read: its stage word
    ("Stage", "Step") and each stage's id by its place in the list."""

    stage_word: str = "stage"
    stage_ids: dict[int, str] = field(default_factory=dict)


_naming: ContextVar[_Names] = ContextVar("naming", default=_Names())  # noqa: B039 (never mutated: `naming` sets a new one)


def _names_in_nodes(root: yaml.MappingNode) -> tuple[Any, dict[int, str]]:
    """The stage word and the stages' ids in a YAML node tree being built."""
    fields = {k.value: v for k, v in root.value if isinstance(k, yaml.ScalarNode)}
    word = fields.get("stage_word")
    stages = fields.get("stages")
    ids: dict[int, str] = {}
    if isinstance(stages, yaml.SequenceNode):
        for i, item in enumerate(stages.value):
            if isinstance(item, yaml.MappingNode):
                for k, v in item.value:
                    if isinstance(k, yaml.ScalarNode) and k.value == "id" and isinstance(v, yaml.ScalarNode):
                        ids[i] = v.value
    return (word.value if isinstance(word, yaml.ScalarNode) else None), ids


def _names_in_data(data: dict[str, Any]) -> tuple[Any, dict[int, str]]:
    """The stage word and the stages' ids in a protocol's data."""
    stages = data.get("stages")
    if not isinstance(stages, list):
        return data.get("stage_word"), {}
    return data.get("stage_word"), {
        i: str(s["id"])
        for i, s in enumerate(stages)
        if isinstance(s, dict) and isinstance(s.get("id"), (str, int)) and s.get("id") != ""
    }


def _names_of(data: Any) -> _Names:
    """The names in a protocol's data, or in its YAML node tree while it is built."""
    if isinstance(data, yaml.MappingNode):
        word_text, ids = _names_in_nodes(data)
    elif isinstance(data, dict):
        word_text, ids = _names_in_data(data)
    else:
        return _Names()
    word_text = word_text.strip().lower() if isinstance(word_text, str) and word_text.strip() else "stage"
    counts: dict[str, int] = {}
    for ident in ids.values():
        counts[ident] = counts.get(ident, 0) + 1
    # A stage whose id another stage shares (or that has none) goes by its place.
    return _Names(word_text, {i: ident for i, ident in ids.items() if counts[ident] == 1 and ident})


@contextmanager
def naming(data: Any) -> Iterator[None]:
    """Within this block, `yaml_path` names stages as the file does ("stage
    2", "step 4-urgent"): `data` is the protocol's data or its YAML node tree."""
    token = _naming.set(_names_of(data))
    try:
        yield
    finally:
        _naming.reset(token)


#: A list item as a person names it: "the 3rd contact", "the 2nd quote".
_ITEM_NAMES = {
    "timescales": "timescale",
    "contacts": "contact",
    "roles": "role",
    "forms": "form",
    "fields": "field",
    "closure_days": "closure day",
    "actions": "action",
    "records": "record",
    "quote": "quote",
    "partnerships": "partnership",
    "involved": "role involved",
    "notes": "note",
    "rules": "rule",
    "ways": "way",
    "address": "address line",
    "purpose": "purpose",
    "principles": "principle",
    "record_keeping": "record-keeping duty",
    "after": "statement after resolution",
    "conflicts": "conflict",
    "events": "event",
    "areas": "area",
    "added_contacts": "added contact",
    "gaps": "gap",
    "also": "other reading",
    "if_resolved": "statement if resolved",
    "stages": "stage",
}


def ordinal(n: int) -> str:
    """1 -> "1st", 2 -> "2nd", 11 -> "11th", 23 -> "23rd"."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _item_name(key: str, index: int, depth: int, names: _Names) -> str:
    """List item `index` under field `key`, as a person names it."""
    if key == "stages" and depth == 1 and index in names.stage_ids:
        return f"{names.stage_word} {names.stage_ids[index]}"
    if key in _ITEM_NAMES:
        return f"the {ordinal(index + 1)} {_ITEM_NAMES[key]}"
    if key:
        return f"the {ordinal(index + 1)} entry under {key}"
    return f"the {ordinal(index + 1)} item"


def yaml_path(path: Iterable[str | int]) -> str:
    """("stages", 1, "timescales", 0, "within") -> "stage 2, the 1st timescale,
    within": where a value is, as a person names it. Stages go by their id
    (inside `naming`), other list items by their place, counted from 1; field
    names stay as written in the file."""
    names = _naming.get()
    segments: list[str] = []
    keys: list[str] = []
    for depth, part in enumerate(path):
        if not isinstance(part, int):
            keys.append(str(part))
            continue
        key = keys.pop() if keys else ""
        if keys:
            segments.append(".".join(keys))
            keys = []
        segments.append(_item_name(key, part, depth, names))
    if keys:
        segments.append(".".join(keys))
    return ", ".join(segments)
