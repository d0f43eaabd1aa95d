"""The protocol JSON Schema, compiled once per process (again when its file
changes), its own problems reported as a protocol's are."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema

from ..display import display_path
from ..reading.problems import Problem

__all__ = ["Schema", "schema_for"]


class Schema:
    """The protocol JSON Schema at `path`: its validator, or the problem that
    keeps it from being one."""

    def __init__(self, path: Path):
        self.path = path
        self.validator: Any = None
        self.problem: Problem | None = None
        self._load()

    def _load(self) -> None:
        shown = display_path(self.path)
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            self.problem = Problem(
                shown, 1, 1, "error", "the protocol JSON Schema is missing; protocols cannot be checked without it"
            )
            return
        except (OSError, UnicodeDecodeError) as e:
            self.problem = Problem(shown, 1, 1, "error", f"cannot read the protocol JSON Schema: {e}")
            return
        try:
            schema = json.loads(text)
        except json.JSONDecodeError as e:
            self.problem = Problem(
                shown, e.lineno, e.colno, "error", f"the protocol JSON Schema is not valid JSON: {e.msg}"
            )
            return
        try:
            jsonschema.Draft202012Validator.check_schema(schema)
            self.validator = jsonschema.Draft202012Validator(
                schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
            )
        except Exception as e:  # SchemaError and anything the schema's refs raise
            self.problem = Problem(
                shown, 1, 1, "error", f"the protocol JSON Schema is not a valid JSON Schema: {getattr(e, 'message', e)}"
            )


_schemas: dict[tuple[str, int, int], Schema] = {}


def schema_for(path: Path) -> Schema:
    """The schema at `path`, compiled once per process and again only when the
    file changes (checking the schema itself costs more than a protocol)."""
    try:
        st = path.stat()
        key = (str(path.resolve()), st.st_mtime_ns, st.st_size)
    except OSError:
        return Schema(path)  # missing or unreadable: reported, never cached
    schema = _schemas.get(key)
    if schema is None:
        schema = _schemas[key] = Schema(path)
    return schema
