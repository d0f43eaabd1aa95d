"""What a value is, or what the schema expects of it, in an author's terms:
"a whole number of 1 or more", "the text "…"", "did you mean 'x'?"."""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterable
from typing import Any

from ..reading.yaml_paths import yaml_path

__all__ = ["PathKey", "show", "choices", "describe", "types", "suggest", "prefix"]

#: Where a value stands in a protocol file: its keys and list indexes from the top.
PathKey = tuple[str | int, ...]


def show(value: Any) -> str:
    """A value as an author would name it: "the text "…"", "a list of 2 items"."""
    if value is True:
        return "true"
    if value is False:
        return "false"
    if value is None:
        return "nothing (null)"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        text = value if len(value) <= 60 else value[:57] + "..."
        return f"the text {json.dumps(text, ensure_ascii=False)}"
    if isinstance(value, list):
        return f"a list of {len(value)} item{'s' if len(value) != 1 else ''}"
    if isinstance(value, dict):
        return "a mapping"
    return repr(value)


def choices(values: Iterable[Any]) -> str:
    """Allowed values, comma-separated: text as it is, anything else as JSON."""
    return ", ".join(v if isinstance(v, str) else json.dumps(v) for v in values)


def _bounds(schema: dict[str, Any]) -> str:
    low = schema.get("minimum")
    if low is None and isinstance(schema.get("exclusiveMinimum"), (int, float)):
        low = schema["exclusiveMinimum"] + 1 if types(schema) == ["integer"] else None
    high = schema.get("maximum")
    if low is not None and high is not None:
        return f" from {low} to {high}"
    if low is not None:
        return f" of {low} or more"
    if high is not None:
        return f" of {high} or less"
    return ""


def types(schema: Any) -> list[str]:
    """The JSON types a schema allows, as a list however it names them."""
    if not isinstance(schema, dict):
        return []
    t = schema.get("type")
    if isinstance(t, str):
        return [t]
    if isinstance(t, list):
        return [x for x in t if isinstance(x, str)]
    return []


def _text_words(schema: dict[str, Any]) -> str:
    if schema.get("format") == "date":
        return "a date as YYYY-MM-DD"
    if "pattern" in schema:
        return _pattern_words(schema["pattern"])
    if schema.get("minLength") == 1:
        return "non-empty text"
    return "text"


def _type_words(t: str, schema: dict[str, Any]) -> str:
    if t == "integer":
        return "a whole number" + _bounds(schema)
    if t == "number":
        return "a number" + _bounds(schema)
    if t == "string":
        return _text_words(schema)
    if t == "boolean":
        return "true or false"
    if t == "array":
        items = schema.get("items")
        return "a list of text" if isinstance(items, dict) and types(items) == ["string"] else "a list"
    if t == "object":
        return "a mapping of fields"
    if t == "null":
        return "nothing (null)"
    return "a valid value"


def describe(schema: Any, depth: int = 0) -> str:
    """What a schema asks for, in words: "a whole number of 1 or more"."""
    if not isinstance(schema, dict) or depth > 3:
        return "a valid value"
    if "const" in schema:
        return choices([schema["const"]])
    if "enum" in schema and isinstance(schema["enum"], list):
        return f"one of {choices(schema['enum'])}"
    for key in ("oneOf", "anyOf"):
        if isinstance(schema.get(key), list) and not types(schema):
            parts = [describe(s, depth + 1) for s in schema[key]]
            return " or ".join(dict.fromkeys(parts))
    return " or ".join(_type_words(t, schema) for t in types(schema) or ["any"])


_KEBAB = "[a-z0-9]+(-[a-z0-9]+)*"

#: The schema's patterns an author is told about in words, not as the pattern.
_PATTERN_WORDS = {
    f"^{_KEBAB}$": "an id in kebab-case (lower-case letters and digits, words joined by single hyphens)",
    r"^\+?[0-9() ]{6,}$": "a telephone number (digits, spaces and brackets, with a leading + for an international one)",
    r"^[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$": "an email address, e.g. escalation@example.gov.uk",
    r"^https?://[^\s/?#]+\.[^\s/?#]+([/?#]\S*)?$": "a web address beginning https:// or http://",
}


def _pattern_words(pattern: str) -> str:
    return _PATTERN_WORDS.get(pattern, f"text matching the pattern {pattern}")


def suggest(word: str, options: Iterable[str]) -> str:
    """ "; did you mean 'x'?" for the option closest to `word`, or nothing."""
    close = difflib.get_close_matches(word, [o for o in options if isinstance(o, str)], n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


def prefix(path: PathKey) -> str:
    """ "stage 2.title: ", or nothing at the top of the file."""
    where = yaml_path(path)
    return f"{where}: " if where else ""
