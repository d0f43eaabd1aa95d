"""The JSON Schema's errors put in an author's words, each at the place in
the file of the value it is about.

One failure of a `oneOf` gives one message (the branch that fits the value
best), not one per branch; jsonschema's own wording is the last resort.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from jsonschema.exceptions import best_match

from ..reading.plain_data import to_plain
from ..reading.positions import SourceMap
from ..reading.yaml_paths import yaml_path
from ..time_phrases import UNITS
from .words import PathKey, choices, describe, prefix, show, suggest, types

__all__ = ["Found", "SchemaReport", "schema_problems"]

#: A problem found: line, column, message.
Found = tuple[int, int, str]


@dataclass(frozen=True)
class SchemaReport:
    """The schema's errors of a file in words (`found`), and the paths of the
    values they are about (`faulted`: the file's top level left out, since a
    fault there is not a fault of everything in it)."""

    found: list[Found]
    faulted: frozenset[PathKey]


def schema_problems(data: dict[str, Any], positions: SourceMap, validator: Any) -> SchemaReport:
    """Every schema error of `data`, in words, each once, in the order of the
    paths they are about."""
    found: dict[Found, None] = {}
    errors = sorted(validator.iter_errors(to_plain(data)), key=lambda e: [str(p) for p in e.absolute_path])
    for error in errors:
        for item in _translate(error, positions):
            found[item] = None
    faulted = frozenset(tuple(e.absolute_path) for e in errors if e.absolute_path)
    return SchemaReport(list(found), faulted)


@dataclass(frozen=True)
class _Failure:
    """One jsonschema error with where it stands in the file."""

    error: Any
    positions: SourceMap

    @property
    def path(self) -> PathKey:
        return tuple(self.error.absolute_path)

    @property
    def schema(self) -> dict[str, Any]:
        return self.error.schema if isinstance(self.error.schema, dict) else {}

    @property
    def prefix(self) -> str:
        return prefix(self.path)

    def at(self, message: str, p: PathKey | None = None, key: bool = False) -> Found:
        where = self.path if p is None else p
        line, col = self.positions.key(where) if key else self.positions.value(where)
        return line, col, message


def _translate(e: Any, positions: SourceMap) -> Iterator[Found]:
    failure = _Failure(e, positions)
    handler = _HANDLERS.get(e.validator)
    if handler is None:
        yield failure.at(f"{failure.prefix}{e.message}")
    else:
        yield from handler(failure)


def _required(f: _Failure) -> Iterator[Found]:
    inst = f.error.instance
    for name in [r for r in f.error.validator_value if isinstance(inst, dict) and r not in inst]:
        yield f.at(f"{f.prefix}missing required field '{name}'")


def _unknown_fields(f: _Failure) -> Iterator[Found]:
    e, inst, where = f.error, f.error.instance, yaml_path(f.path)
    known = [k for k in f.schema.get("properties", {})]
    patterns = list(f.schema.get("patternProperties", {}))
    extras = (
        [k for k in inst if k not in known and not any(re.search(p, k) for p in patterns)]
        if isinstance(inst, dict)
        else []
    )
    if e.validator == "unevaluatedProperties" and not known:
        extras = [k for k in inst if f"'{k}'" in e.message] if isinstance(inst, dict) else []
    thing = "unit" if set(known) == set(UNITS) else "field"
    for k in extras:
        inside = f" in {where}" if where else ""
        expected = f" (expected one of: {', '.join(known)})" if known else ""
        hint = suggest(k, known) if len(extras) <= 20 else ""
        yield f.at(f"unknown {thing} '{k}'{inside}{expected}{hint}", f.path + (k,), key=True)
    if not extras:
        yield f.at(f"{f.prefix}{e.message}")


def _wrong_value(f: _Failure) -> Iterator[Found]:
    e, inst, v = f.error, f.error.instance, f.error.validator
    expected = describe(f.schema)
    if v == "minLength" and e.validator_value == 1 and "pattern" not in f.schema:
        expected = "non-empty text"
    elif v == "maxLength":
        expected = f"text of at most {e.validator_value} characters"
    hint = ""
    if v == "type" and "string" in types(f.schema) and isinstance(inst, (int, float)) and not isinstance(inst, bool):
        hint = f'; write it in quotes, e.g. "{inst}"'
    yield f.at(f"{f.prefix}expected {expected}, got {show(inst)}{hint}")


def _enum(f: _Failure) -> Iterator[Found]:
    inst = f.error.instance
    values = f.error.validator_value if isinstance(f.error.validator_value, list) else []
    hint = suggest(inst, values) if isinstance(inst, str) else ""
    yield f.at(f"{f.prefix}expected one of {choices(values)}, got {show(inst)}{hint}")


def _const(f: _Failure) -> Iterator[Found]:
    yield f.at(f"{f.prefix}expected {choices([f.error.validator_value])}, got {show(f.error.instance)}")


def _item_count(f: _Failure) -> Iterator[Found]:
    n = f.error.validator_value
    if f.error.validator == "minItems":
        want = "a non-empty list" if n == 1 else f"a list of at least {n} items"
    else:
        want = f"a list of at most {n} item{'s' if n != 1 else ''}"
    yield f.at(f"{f.prefix}expected {want}, got {show(f.error.instance)}")


def _unique(f: _Failure) -> Iterator[Found]:
    inst = f.error.instance
    seen: list[Any] = []
    for i, item in enumerate(inst if isinstance(inst, list) else []):
        if item in seen:
            p = f.path + (i,)
            yield f.at(f"{yaml_path(p)}: {show(item)} is already in the list; each item is given once", p)
            return
        seen.append(item)
    yield f.at(f"{f.prefix}expected each item once")


def _field_count(f: _Failure) -> Iterator[Found]:
    e, inst, schema = f.error, f.error.instance, f.schema
    names = list(schema.get("properties", {}))
    given = " and ".join(inst) if isinstance(inst, dict) and inst else "none"
    if schema.get("minProperties") == 1 and schema.get("maxProperties") == 1 and names:
        yield f.at(f"{f.prefix}expected exactly one of {', '.join(names)}, got {given}")
        return
    most = "most" if e.validator == "maxProperties" else "least"
    yield f.at(f"{f.prefix}expected at {most} {e.validator_value} of {', '.join(names) or 'its fields'}, got {given}")


def _not(f: _Failure) -> Iterator[Found]:
    value = f.error.validator_value
    required = value.get("required") if isinstance(value, dict) else None
    if isinstance(required, list) and required:
        yield f.at(f"{f.prefix}give {' or '.join(required)}, not {'both' if len(required) == 2 else 'all'}")
    else:
        yield f.at(f"{f.prefix}{show(f.error.instance)} is not allowed here")


def _dependent(f: _Failure) -> Iterator[Found]:
    inst = f.error.instance
    for name, needs in (f.error.validator_value or {}).items():
        if isinstance(inst, dict) and name in inst:
            for need in needs:
                if need not in inst:
                    yield f.at(f"{f.prefix}'{name}' needs field '{need}' as well")


def _property_names(f: _Failure) -> Iterator[Found]:
    yield f.at(f"{f.prefix}field name {show(f.error.instance)} is not allowed: {f.error.message}")


def _required_of(schema: Any) -> list[str]:
    if isinstance(schema, dict) and isinstance(schema.get("required"), list):
        return [r for r in schema["required"] if isinstance(r, str)]
    return []


def _choice(f: _Failure) -> Iterator[Found]:
    """One useful message for a failed oneOf / anyOf, not one per branch."""
    e, inst = f.error, f.error.instance
    branches = e.validator_value if isinstance(e.validator_value, list) else []
    common = set.intersection(*(set(_required_of(b)) for b in branches)) if branches else set()
    names = list(dict.fromkeys(r for b in branches for r in _required_of(b) if r not in common))
    present = [n for n in names if isinstance(inst, dict) and n in inst]
    exactly_one = f"{f.prefix}expected exactly one of {', '.join(names)}, got {' and '.join(present)}"
    if not e.context:  # valid under more than one branch of a oneOf
        if len(present) > 1:
            yield f.at(exactly_one)
        else:
            yield f.at(f"{f.prefix}matches more than one of the allowed forms ({e.message})")
        return
    if isinstance(inst, dict) and names and not present:
        known = e.schema.get("properties", {}) if isinstance(e.schema, dict) else {}
        others = [k for k in inst if k not in common and k not in known]
        got = f", got {', '.join(others)}" if others else ", got neither" if len(names) == 2 else ", got none of them"
        yield f.at(f"{f.prefix}expected one of {', '.join(names)}{got}")
        return
    if isinstance(inst, dict) and len(present) > 1 and e.validator == "oneOf":
        yield f.at(exactly_one)
        return
    chosen = _best_branch(e, branches, present)
    if not chosen:  # the value is of none of the allowed kinds, or no branch fits
        yield f.at(f"{f.prefix}expected {describe(e.schema)}, got {show(inst)}")
        return
    for c in chosen:
        yield from _translate(c, f.positions)


def _best_branch(e: Any, branches: list[Any], present: list[str]) -> list[Any]:
    """The errors of the branch that matched the value best: the one chosen by
    what is present, else one for the value's own type (text, list, ...), else
    the one whose errors lie deepest; none when the value is of none of the
    allowed kinds."""
    if all(c.validator == "type" and not c.relative_path for c in e.context):
        return []
    by_branch: dict[Any, list[Any]] = defaultdict(list)
    for c in e.context:
        by_branch[list(c.relative_schema_path)[0] if c.relative_schema_path else 0].append(c)
    if present:
        for i, b in enumerate(branches):
            if set(_required_of(b)) & set(present) and i in by_branch:
                return by_branch[i]
    for errs in by_branch.values():
        if not any(c.validator == "type" and not c.relative_path for c in errs):
            return errs
    best = best_match(e.context)
    if best is None:
        return []
    return [c for c in e.context if list(c.relative_schema_path)[:1] == list(best.relative_schema_path)[:1]]


_KINDS = ("type", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf")
_TEXTS = ("minLength", "maxLength", "pattern", "format")

_HANDLERS: dict[str, Callable[[_Failure], Iterator[Found]]] = {
    "required": _required,
    "additionalProperties": _unknown_fields,
    "unevaluatedProperties": _unknown_fields,
    **dict.fromkeys(_KINDS + _TEXTS, _wrong_value),
    "enum": _enum,
    "const": _const,
    "minItems": _item_count,
    "maxItems": _item_count,
    "uniqueItems": _unique,
    "minProperties": _field_count,
    "maxProperties": _field_count,
    "oneOf": _choice,
    "anyOf": _choice,
    "not": _not,
    "dependentRequired": _dependent,
    "propertyNames": _property_names,
}
