"""`handbook check`: is each protocol file a valid protocol, and if not, where
and why.

Layers, each run only when the one before it passed (a later layer would only
repeat an earlier failure as noise):

1. file: exists, is a readable regular file, UTF-8 text, not empty, not huge;
2. YAML: syntax, duplicate keys, aliases, tags, a mapping at the top
   (both in `authoring.loader`);
3. schema: protocols/protocol.schema.json (JSON Schema 2020-12);
4. meaning: unique ids, references between stages, roles and forms, the slug
   and source file, the stage graph, dates, timescales.

Every problem is reported as `PATH:LINE:COLUMN: message` (a warning as
`PATH:LINE:COLUMN: warning: message`).
"""

from __future__ import annotations

import bisect
import datetime as dt
import difflib
import functools
import json
import os
import re
import sys
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from calculator.model import IN_WORDS, NATIONS

from .file_text import protocol_files, read_source_text
from .loader import PROTOCOLS_DIR, SCHEMA_PATH, read_protocol_file
from .plain_data import to_plain
from .positions import SourceMap
from .problems import Problem, ProtocolError
from .yaml_paths import naming, yaml_path
from .quotes import MAX_DIAGNOSED, not_found_message, source_position

__all__ = ["Problem", "ProtocolError", "FileOutcome", "check_file", "check_paths", "main"]

UNITS = ("working_days", "hours", "calendar_days")

PathKey = tuple[str | int, ...]


@dataclass
class FileOutcome:
    """The problems found in one file and, if it could be read, its data."""

    problems: list[Problem] = field(default_factory=list)
    data: Any = None


class _Schema:
    """The protocol JSON Schema, loaded once per run."""

    def __init__(self, path: Path):
        self.path = path
        self.validator: Any = None
        self.problem: Problem | None = None
        self._load()

    def _load(self) -> None:
        shown = _display(self.path)
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
            import jsonschema

            jsonschema.Draft202012Validator.check_schema(schema)
            self.validator = jsonschema.Draft202012Validator(
                schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
            )
        except Exception as e:  # SchemaError and anything the schema's refs raise
            self.problem = Problem(
                shown, 1, 1, "error", f"the protocol JSON Schema is not a valid JSON Schema: {getattr(e, 'message', e)}"
            )


_schemas: dict[tuple[str, int, int], _Schema] = {}


def _schema_for(path: Path) -> _Schema:
    """The schema at `path`, compiled once per process and again only when the
    file changes (checking the schema itself costs more than a protocol)."""
    try:
        st = path.stat()
        key = (str(path.resolve()), st.st_mtime_ns, st.st_size)
    except OSError:
        return _Schema(path)  # missing or unreadable: reported, never cached
    schema = _schemas.get(key)
    if schema is None:
        schema = _schemas[key] = _Schema(path)
    return schema


def _display(path: Path) -> str:
    """A path as the user would type it: relative to the working folder when inside it."""
    try:
        rel = os.path.relpath(path)
    except ValueError:
        return str(path)
    return str(path) if rel.startswith("..") else rel


# --------------------------------------------------------------------------
# Describing values and expectations in an author's terms


def _show(value: Any) -> str:
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


def _choices(values: Iterable[Any]) -> str:
    return ", ".join(v if isinstance(v, str) else json.dumps(v) for v in values)


def _bounds(schema: dict[str, Any]) -> str:
    low = schema.get("minimum")
    if low is None and isinstance(schema.get("exclusiveMinimum"), (int, float)):
        low = schema["exclusiveMinimum"] + 1 if _types(schema) == ["integer"] else None
    high = schema.get("maximum")
    if low is not None and high is not None:
        return f" from {low} to {high}"
    if low is not None:
        return f" of {low} or more"
    if high is not None:
        return f" of {high} or less"
    return ""


def _types(schema: Any) -> list[str]:
    if not isinstance(schema, dict):
        return []
    t = schema.get("type")
    if isinstance(t, str):
        return [t]
    if isinstance(t, list):
        return [x for x in t if isinstance(x, str)]
    return []


def _describe(schema: Any, depth: int = 0) -> str:
    """What a schema asks for, in words: "a whole number of 1 or more"."""
    if not isinstance(schema, dict) or depth > 3:
        return "a valid value"
    if "const" in schema:
        return _choices([schema["const"]])
    if "enum" in schema and isinstance(schema["enum"], list):
        return f"one of {_choices(schema['enum'])}"
    for key in ("oneOf", "anyOf"):
        if isinstance(schema.get(key), list) and not _types(schema):
            parts = [_describe(s, depth + 1) for s in schema[key]]
            return " or ".join(dict.fromkeys(parts))
    words = []
    for t in _types(schema) or ["any"]:
        if t == "integer":
            words.append("a whole number" + _bounds(schema))
        elif t == "number":
            words.append("a number" + _bounds(schema))
        elif t == "string":
            if schema.get("format") == "date":
                words.append("a date as YYYY-MM-DD")
            elif "pattern" in schema:
                words.append(_pattern_words(schema["pattern"]))
            elif schema.get("minLength") == 1:
                words.append("non-empty text")
            else:
                words.append("text")
        elif t == "boolean":
            words.append("true or false")
        elif t == "array":
            items = schema.get("items")
            if isinstance(items, dict) and _types(items) == ["string"]:
                words.append("a list of text")
            else:
                words.append("a list")
        elif t == "object":
            words.append("a mapping of fields")
        elif t == "null":
            words.append("nothing (null)")
        else:
            words.append("a valid value")
    return " or ".join(words)


_KEBAB = "[a-z0-9]+(-[a-z0-9]+)*"


def _pattern_words(pattern: str) -> str:
    if pattern == f"^{_KEBAB}$":
        return "an id in kebab-case (lower-case letters and digits, words joined by single hyphens)"
    return f"text matching the pattern {pattern}"


def _suggest(word: str, options: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, [o for o in options if isinstance(o, str)], n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


def _prefix(path: PathKey) -> str:
    where = yaml_path(path)
    return f"{where}: " if where else ""


# --------------------------------------------------------------------------
# Layer 3: the JSON Schema

_Found = tuple[int, int, str]  # line, column, message


def _schema_problems(data: dict[str, Any], positions: SourceMap, validator: Any) -> list[_Found]:
    found: dict[_Found, None] = {}
    errors = sorted(validator.iter_errors(to_plain(data)), key=lambda e: [str(p) for p in e.absolute_path])
    for error in errors:
        for item in _translate(error, positions):
            found[item] = None
    return list(found)


def _translate(e: Any, positions: SourceMap) -> Iterator[_Found]:
    path: PathKey = tuple(e.absolute_path)
    where = yaml_path(path)
    v = e.validator
    schema = e.schema if isinstance(e.schema, dict) else {}
    inst = e.instance

    def at(message: str, p: PathKey = path, key: bool = False) -> _Found:
        line, col = positions.key(p) if key else positions.value(p)
        return line, col, message

    if v == "required":
        missing = [r for r in e.validator_value if isinstance(inst, dict) and r not in inst]
        for name in missing:
            yield at(f"{_prefix(path)}missing required field '{name}'")
        return
    if v in ("additionalProperties", "unevaluatedProperties"):
        known = [k for k in schema.get("properties", {})]
        patterns = list(schema.get("patternProperties", {}))
        extras = (
            [k for k in inst if k not in known and not any(re.search(p, k) for p in patterns)]
            if isinstance(inst, dict)
            else []
        )
        if v == "unevaluatedProperties" and not known:
            extras = [k for k in inst if f"'{k}'" in e.message] if isinstance(inst, dict) else []
        thing = "unit" if set(known) == set(UNITS) else "field"
        for k in extras:
            inside = f" in {where}" if where else ""
            expected = f" (expected one of: {', '.join(known)})" if known else ""
            hint = _suggest(k, known) if len(extras) <= 20 else ""
            yield at(f"unknown {thing} '{k}'{inside}{expected}{hint}", path + (k,), key=True)
        if not extras:
            yield at(f"{_prefix(path)}{e.message}")
        return
    if v in (
        "type",
        "minimum",
        "maximum",
        "exclusiveMinimum",
        "exclusiveMaximum",
        "multipleOf",
        "minLength",
        "maxLength",
        "pattern",
        "format",
    ):
        expected = _describe(schema)
        if v == "minLength" and e.validator_value == 1 and "pattern" not in schema:
            expected = "non-empty text"
        elif v == "maxLength":
            expected = f"text of at most {e.validator_value} characters"
        hint = ""
        if v == "type" and "string" in _types(schema) and isinstance(inst, (int, float)) and not isinstance(inst, bool):
            hint = f'; write it in quotes, e.g. "{inst}"'
        yield at(f"{_prefix(path)}expected {expected}, got {_show(inst)}{hint}")
        return
    if v == "enum":
        values = e.validator_value if isinstance(e.validator_value, list) else []
        hint = _suggest(inst, values) if isinstance(inst, str) else ""
        yield at(f"{_prefix(path)}expected one of {_choices(values)}, got {_show(inst)}{hint}")
        return
    if v == "const":
        yield at(f"{_prefix(path)}expected {_choices([e.validator_value])}, got {_show(inst)}")
        return
    if v in ("minItems", "maxItems"):
        n = e.validator_value
        if v == "minItems":
            want = "a non-empty list" if n == 1 else f"a list of at least {n} items"
        else:
            want = f"a list of at most {n} item{'s' if n != 1 else ''}"
        yield at(f"{_prefix(path)}expected {want}, got {_show(inst)}")
        return
    if v == "uniqueItems":
        seen: list[Any] = []
        for i, item in enumerate(inst if isinstance(inst, list) else []):
            if item in seen:
                yield at(
                    f"{yaml_path(path + (i,))}: {_show(item)} is already in the list; each item is given once",
                    path + (i,),
                )
                return
            seen.append(item)
        yield at(f"{_prefix(path)}expected each item once")
        return
    if v in ("minProperties", "maxProperties"):
        names = list(schema.get("properties", {}))
        given = " and ".join(inst) if isinstance(inst, dict) and inst else "none"
        if schema.get("minProperties") == 1 and schema.get("maxProperties") == 1 and names:
            yield at(f"{_prefix(path)}expected exactly one of {', '.join(names)}, got {given}")
        elif v == "maxProperties":
            yield at(
                f"{_prefix(path)}expected at most {e.validator_value} of "
                f"{', '.join(names) or 'its fields'}, got {given}"
            )
        else:
            yield at(
                f"{_prefix(path)}expected at least {e.validator_value} of "
                f"{', '.join(names) or 'its fields'}, got {given}"
            )
        return
    if v in ("oneOf", "anyOf"):
        yield from _translate_choice(e, path, positions)
        return
    if v == "not":
        required = e.validator_value.get("required") if isinstance(e.validator_value, dict) else None
        if isinstance(required, list) and required:
            yield at(f"{_prefix(path)}give {' or '.join(required)}, not {'both' if len(required) == 2 else 'all'}")
        else:
            yield at(f"{_prefix(path)}{_show(inst)} is not allowed here")
        return
    if v == "dependentRequired":
        for name, needs in (e.validator_value or {}).items():
            if isinstance(inst, dict) and name in inst:
                for need in needs:
                    if need not in inst:
                        yield at(f"{_prefix(path)}'{name}' needs field '{need}' as well")
        return
    if v == "propertyNames":
        yield at(f"{_prefix(path)}field name {_show(inst)} is not allowed: {e.message}")
        return
    if v == "false" or schema is False:
        yield at(f"{_prefix(path)}no value is allowed here")
        return
    yield at(f"{_prefix(path)}{e.message}")


def _required_of(schema: Any) -> list[str]:
    if isinstance(schema, dict) and isinstance(schema.get("required"), list):
        return [r for r in schema["required"] if isinstance(r, str)]
    return []


def _translate_choice(e: Any, path: PathKey, positions: SourceMap) -> Iterator[_Found]:
    """One useful message for a failed oneOf / anyOf, not one per branch."""
    from jsonschema.exceptions import best_match

    inst = e.instance
    branches = e.validator_value if isinstance(e.validator_value, list) else []
    line, col = positions.value(path)
    common = set.intersection(*(set(_required_of(b)) for b in branches)) if branches else set()
    names = list(dict.fromkeys(r for b in branches for r in _required_of(b) if r not in common))
    present = [n for n in names if isinstance(inst, dict) and n in inst]

    if not e.context:  # valid under more than one branch of a oneOf
        if len(present) > 1:
            yield line, col, (f"{_prefix(path)}expected exactly one of {', '.join(names)}, got {' and '.join(present)}")
        else:
            yield line, col, f"{_prefix(path)}matches more than one of the allowed forms ({e.message})"
        return

    if isinstance(inst, dict) and names and not present:
        known = e.schema.get("properties", {}) if isinstance(e.schema, dict) else {}
        others = [k for k in inst if k not in common and k not in known]
        got = f", got {', '.join(others)}" if others else ", got neither" if len(names) == 2 else ", got none of them"
        yield line, col, f"{_prefix(path)}expected one of {', '.join(names)}{got}"
        return
    if isinstance(inst, dict) and len(present) > 1 and e.validator == "oneOf":
        yield line, col, (f"{_prefix(path)}expected exactly one of {', '.join(names)}, got {' and '.join(present)}")
        return

    by_branch: dict[Any, list[Any]] = defaultdict(list)
    for c in e.context:
        by_branch[list(c.relative_schema_path)[0] if c.relative_schema_path else 0].append(c)
    shallow_types = all(c.validator == "type" and not c.relative_path for c in e.context)
    if shallow_types:  # the value is of none of the allowed kinds
        yield line, col, f"{_prefix(path)}expected {_describe(e.schema)}, got {_show(inst)}"
        return
    # Keep the branch that matched the value best: the one chosen by what is
    # present, else the one whose errors lie deepest.
    chosen: list[Any] = []
    if present:
        for i, b in enumerate(branches):
            if set(_required_of(b)) & set(present) and i in by_branch:
                chosen = by_branch[i]
                break
    if not chosen:  # a branch for the value's own type (text, list, ...)
        for errs in by_branch.values():
            if not any(c.validator == "type" and not c.relative_path for c in errs):
                chosen = errs
                break
    if not chosen:
        best = best_match(e.context)
        chosen = (
            [c for c in e.context if list(c.relative_schema_path)[:1] == list(best.relative_schema_path)[:1]]
            if best is not None
            else []
        )
    if not chosen:
        yield line, col, f"{_prefix(path)}expected {_describe(e.schema)}, got {_show(inst)}"
        return
    for c in chosen:
        yield from _translate(c, positions)


# --------------------------------------------------------------------------
UNIT_WORDS = {"working_days": "working days", "hours": "hours", "calendar_days": "calendar days"}


def _amount(n: int, unit: str) -> str:
    """ "1 working day", "5 working days"."""
    words = UNIT_WORDS[unit]
    return f"{n} {words[:-1] if n == 1 else words}"


#: Words that state an `in_words` timescale, as sources write them (compared case-folded).
IN_WORDS_PHRASES = {
    "immediately": ("immediately",),
    "same-working-day": ("same working day",),
    "as-soon-as-possible": ("as soon as possible", "asap"),
    "without-delay": ("without delay",),
    "earliest-opportunity": ("earliest opportunity",),
    "as-a-matter-of-urgency": ("as a matter of urgency",),
}

_NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fourteen": 14,
    "fifteen": 15,
    "twenty": 20,
    "twenty-four": 24,
    "thirty": 30,
    "forty-eight": 48,
    "seventy-two": 72,
}
_LIMIT = re.compile(
    r"\b(\d+|"
    + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True))
    + r")\s+(working\s+days?|hours?|calendar\s+days?|days?)\b",
    re.IGNORECASE,
)


def _limits(wording: str) -> list[tuple[str, int]]:
    """The (unit, number) limits a wording states: "within 48 hours (2 working
    days)" → [("hours", 48), ("working_days", 2)]."""
    found = []
    for number, unit in _LIMIT.findall(wording):
        n = int(number) if number.isdigit() else _NUMBER_WORDS[number.lower()]
        unit = unit.lower()
        key = "working_days" if unit.startswith("working") else "hours" if unit.startswith("hour") else "calendar_days"
        found.append((key, n))
    return found


def _starts(text: str, needle: str) -> list[int]:
    """Where `needle` starts in `text` (both normalised), every time, in order."""
    found, start = [], 0
    while needle:
        at = text.find(needle, start)
        if at < 0:
            break
        found.append(at)
        start = at + 1
    return found


def _line_of(raw: str, at: int) -> int:
    """The line of the source file where the character at `at` of its
    normalised text stands: found through the positions kept while
    normalising (computed once per source text), so that a source stating
    thousands of limits costs a lookup for each, not a search of the file."""
    return bisect.bisect_right(_newlines(raw), source_position(raw, at)) + 1


@functools.lru_cache(maxsize=4)
def _newlines(raw: str) -> tuple[int, ...]:
    return tuple(m.start() for m in re.finditer("\n", raw))


def _clip(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def normalise_quote(text: str) -> str:
    """A quote and its source compared alike: no HTML tags (e.g. <sup>), no
    Markdown emphasis marks, white space folded to single spaces."""
    text = re.sub(r"<[^>]+>", "", text)
    text = text.replace("*", "")
    return re.sub(r"\s+", " ", text).strip()


#: Every way the sources state a time limit: each occurrence in a source is
#: quoted by a timescale that encodes it, or listed under `not_deadlines`.
_TIME_PHRASE = re.compile(
    r"\b(?:(?:\d+|"
    + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True))
    + r")\s+(?:working\s+days?|hours?|calendar\s+days?)"
    r"|"
    + "|".join(re.escape(p).replace(r"\ ", r"\s+") for phrases in IN_WORDS_PHRASES.values() for p in phrases)
    + r")\b",
    re.IGNORECASE,
)

#: A stage named in a limit's words: "of stage 1", "of step 3", "of the previous stage".
_NAMED_STAGE = re.compile(r"\bof\s+(?:(?:stage|step)\s+([\w-]+)|the\s+previous\s+(?:stage|step))\b", re.IGNORECASE)

#: A placeholder still to fill (what `handbook new` writes).
_TODO = re.compile(r"\bTODO\b")


def _encodes(timescale: dict[str, Any], phrase: str) -> bool:
    """Whether a timescale that quotes `phrase` encodes it: the same in-words
    timescale, or a limit of the same number and unit (as `within` or an
    `also` reading), or one whose wording holds the phrase."""
    phrase = " ".join(phrase.split()).casefold()
    words = timescale.get("in_words")
    if isinstance(words, str):
        return phrase in IN_WORDS_PHRASES.get(words, ())
    limits = _limits(phrase)
    if not limits:
        return False
    wording = timescale.get("wording")
    if isinstance(wording, str) and phrase in " ".join(wording.split()).casefold():
        return True
    encoded = [timescale.get("within")] + [r.get("within") for r in timescale.get("also") or () if isinstance(r, dict)]
    unit, n = limits[0]
    return any(isinstance(w, dict) and w.get(unit) == n for w in encoded)


def _similar(a: str, b: str) -> float:
    """How alike two sentences are once their time limits are taken out."""

    def strip(text: str) -> str:
        return _LIMIT.sub("", normalise_quote(text)).casefold()

    return difflib.SequenceMatcher(None, strip(a), strip(b), autojunk=False).ratio()


# Layer 4: meaning


class _Meaning:
    """Checks what the schema cannot: references, the stage graph, dates,
    timescales. Written defensively: it never assumes a shape the schema may
    not enforce."""

    def __init__(self, path: str, data: dict[str, Any], positions: SourceMap, today: dt.date):
        self.path = path
        self.data = data
        self.positions = positions
        self.today = today
        self.found: list[tuple[int, int, str, str]] = []  # line, column, severity, message

    # helpers
    def error(self, p: PathKey, message: str, key: bool = False) -> None:
        line, col = self.positions.key(p) if key else self.positions.value(p)
        self.found.append((line, col, "error", message))

    def warning(self, p: PathKey, message: str) -> None:
        line, col = self.positions.value(p)
        self.found.append((line, col, "warning", message))

    def items(self, p: PathKey) -> list[tuple[PathKey, dict[str, Any]]]:
        value: Any = self.data
        for part in p:
            if isinstance(value, dict) and isinstance(part, str):
                value = value.get(part)
            elif isinstance(value, list) and isinstance(part, int) and part < len(value):
                value = value[part]
            else:
                return []
        if not isinstance(value, list):
            return []
        return [(p + (i,), item) for i, item in enumerate(value) if isinstance(item, dict)]

    def strings(self, p: PathKey, container: dict[str, Any], key: str) -> list[tuple[PathKey, str]]:
        value = container.get(key)
        if isinstance(value, (str, int)) and not isinstance(value, bool):
            return [(p + (key,), str(value))]
        if not isinstance(value, list):
            return []
        return [
            (p + (key, i), str(v)) for i, v in enumerate(value) if isinstance(v, (str, int)) and not isinstance(v, bool)
        ]

    def ids(self, entries: list[tuple[PathKey, dict[str, Any]]], kind: str) -> dict[str, PathKey]:
        """Each entry's id, reporting duplicates; returns id -> path of its first entry."""
        first: dict[str, PathKey] = {}
        for p, entry in entries:
            value = entry.get("id")
            if value is None or isinstance(value, (bool, dict, list)):
                continue
            ident = str(value)
            if ident in first:
                line, col = self.positions.value(first[ident] + ("id",))
                self.error(
                    p + ("id",),
                    f"{yaml_path(p + ('id',))}: duplicate {kind} id '{ident}' "
                    f"(already used by {yaml_path(first[ident])} at line {line}, "
                    f"column {col}); each {kind} id is used once",
                )
            else:
                first[ident] = p
        return first

    def unknown(self, p: PathKey, kind: str, ident: str, known: Iterable[str]) -> None:
        known = list(known)
        listing = f"{kind}s are: {', '.join(known)}" if known else f"there are no {kind}s"
        self.error(p, f"{yaml_path(p)}: unknown {kind} '{ident}' ({listing}){_suggest(ident, known)}")

    # layers
    def run(self) -> list[tuple[int, int, str, str]]:
        refs_ok = self.references()
        if refs_ok:
            self.graph()
        self.dates()
        self.timescales()
        self.wordings()
        self.anchors()
        if refs_ok:
            self.unreconciled()
        self.calendar()
        self.placeholders()
        return self.found

    def references(self) -> bool:
        before = len(self.found)
        stages = self.items(("stages",))
        roles = self.ids(self.items(("roles",)), "role")
        forms = self.ids(self.items(("forms",)), "form")
        stage_ids = self.ids(stages, "stage")
        # Timescale ids are unique within the file (so within each stage too).
        self.ids(self.all_timescales(), "timescale")
        for p, stage in stages:
            for q, role in self.strings(p, stage, "involved"):
                if role not in roles:
                    self.unknown(q, "role", role, roles)
            for q, form in self.strings(p, stage, "forms"):
                if form not in forms:
                    self.unknown(q, "form", form, forms)
            for n, transition in self.items(p + ("next",)):
                for q, target in self.strings(n, transition, "stage"):
                    if target not in stage_ids:
                        self.unknown(q, "stage", target, stage_ids)
                for q, role in self.strings(n, transition, "contacts"):
                    if role not in roles:
                        self.unknown(q, "role", role, roles)
            for n, _ in self.items(p + ("next",)):
                for q, contact in self.items(n + ("contacts",)):
                    contact_role = contact.get("role")
                    if isinstance(contact_role, str) and contact_role not in roles:
                        self.unknown(q + ("role",), "role", contact_role, roles)
        events = self.ids(self.items(("events",)), "event")
        for ident, p in events.items():
            if ident.startswith("stage-"):
                self.error(
                    p + ("id",),
                    f"{yaml_path(p + ('id',))}: event id '{ident}' starts with "
                    f"'stage-', which names the day a stage began; expected "
                    f"another id",
                )
        for p, t in self.all_timescales():
            counted = t.get("from")
            if not isinstance(counted, dict):
                continue
            from_stage = counted.get("stage")
            if from_stage is not None and str(from_stage) not in stage_ids:
                self.unknown(p + ("from", "stage"), "stage", str(from_stage), stage_ids)
            event = counted.get("event")
            if isinstance(event, str) and event not in events:
                self.unknown(p + ("from", "event"), "event", event, events)
        for p, form_entry in self.items(("forms",)):
            for q, role in self.strings(p, form_entry, "send_to"):
                if role not in roles:
                    self.unknown(q, "role", role, roles)
        for p, conflict in self.items(("conflicts",)):
            conflict_stage = conflict.get("stage")
            if conflict_stage is None:
                continue
            target = str(conflict_stage)
            if target not in stage_ids:
                self.unknown(p + ("stage",), "stage", target, stage_ids)
                continue
            stage_path = stage_ids[target]
            timescale_ids = list(dict.fromkeys(str(t.get("id")) for _, t in self.items(stage_path + ("timescales",))))
            for q, ident in self.strings(p, conflict, "timescales"):
                if ident not in timescale_ids:
                    known = list(timescale_ids)
                    listing = f"its timescales are: {', '.join(known)}" if known else "it has no timescales"
                    self.error(
                        q,
                        f"{yaml_path(q)}: stage '{target}' has no timescale '{ident}' "
                        f"({listing}){_suggest(ident, known)}",
                    )
        self.slug()
        self.source()
        return len(self.found) == before

    def slug(self) -> None:
        slug = self.data.get("slug")
        stem = Path(self.path).stem
        if isinstance(slug, str) and slug != stem:
            self.error(
                ("slug",),
                f"slug: '{slug}' does not match the file name "
                f"'{Path(self.path).name}'; expected slug '{stem}' (or rename "
                f"the file to '{slug}.yaml')",
            )

    def source(self) -> None:
        document = self.data.get("document")
        if not isinstance(document, dict) or not isinstance(document.get("source"), str):
            return
        source = document["source"]
        raw, problem = read_source_text(Path(self.path).parent, source)
        if raw is None:
            self.error(("document", "source"), f"document.source: {problem}")
            return
        text = normalise_quote(raw)
        diagnosed = 0  # the closest passage is sought for the first MAX_DIAGNOSED quotes not found
        for p, quote in self.quotes(self.data, ()):
            if normalise_quote(quote) not in text:  # the closest passage and the first difference
                diagnosed += 1
                self.error(p, f"{yaml_path(p)}: {not_found_message(quote, raw, source, diagnosed <= MAX_DIAGNOSED)}")
        self.phrases(source, raw, text)

    def phrases(self, source: str, raw: str, text: str) -> None:
        """Every time-limit phrase of the source lies in the quote of a
        timescale that encodes it, or in a `not_deadlines` entry's quote."""
        # Each quote's places in the source, in order (the places of one quote
        # are all as long as it): a phrase lies in one of them if the last
        # place that starts before it reaches past its end, found by halving,
        # so a source stating thousands of limits is not compared with every
        # place of every quote.
        quoted: list[tuple[str, dict[str, Any] | None]] = [
            (q, t) for _, t in self.all_timescales() for q in self._quote_list(t)
        ]
        quoted += [(q, None) for _, entry in self.items(("not_deadlines",)) for q in self._quote_list(entry)]
        covering: list[tuple[list[int], int, dict[str, Any] | None]] = []
        for q, t in quoted:
            needle = normalise_quote(q)
            starts = _starts(text, needle)
            if starts:
                covering.append((starts, len(needle), t))
        for m in _TIME_PHRASE.finditer(text):
            phrase = " ".join(m.group(0).split())
            if any(
                i and starts[i - 1] + length >= m.end() and (t is None or _encodes(t, phrase))
                for starts, length, t in covering
                for i in (bisect.bisect_right(starts, m.start()),)
            ):
                continue
            before = text[max(0, m.start() - 50) : m.start()].split(" ", 1)[-1]
            where = f"{source}, line {_line_of(raw, m.start())}"
            self.error(
                ("document", "source"),
                f'document.source: the source states "{phrase}" (…{before}{m.group(0)}…, '
                f"{where}) but no timescale encodes it; expected a timescale that quotes it "
                f"with that limit, or a not_deadlines entry quoting it with the reason it "
                f"sets no deadline",
            )

    @staticmethod
    def _quote_list(entry: dict[str, Any]) -> list[str]:
        quotes = entry.get("quote")
        return [quotes] if isinstance(quotes, str) else [q for q in quotes or () if isinstance(q, str)]

    def quotes(self, value: Any, p: PathKey) -> Iterator[tuple[PathKey, str]]:
        """Every string under a key named `quote`, with its path."""
        if isinstance(value, dict):
            for key, item in value.items():
                if key == "quote":
                    if isinstance(item, str):
                        yield p + (key,), item
                    elif isinstance(item, list):
                        yield from ((p + (key, i), q) for i, q in enumerate(item) if isinstance(q, str))
                else:
                    yield from self.quotes(item, p + (key,))
        elif isinstance(value, list):
            for i, item in enumerate(value):
                yield from self.quotes(item, p + (i,))

    def graph(self) -> None:
        stages = self.items(("stages",))
        if not stages:
            return
        order: list[str] = []
        where: dict[str, PathKey] = {}
        edges: dict[str, list[tuple[str, PathKey]]] = {}
        for p, stage in stages:
            if stage.get("id") is None:
                return
            ident = str(stage["id"])
            order.append(ident)
            where[ident] = p
            edges[ident] = []
            for n, transition in self.items(p + ("next",)):
                for q, target in self.strings(n, transition, "stage"):
                    edges[ident].append((target, q))
        # cycles (depth-first; each cycle reported once, where it closes)
        state: dict[str, int] = {}
        stack: list[str] = []
        reported: set[frozenset[str]] = set()

        def visit(node: str) -> None:
            state[node] = 1
            stack.append(node)
            for target, q in edges.get(node, []):
                if state.get(target) == 1:
                    cycle = stack[stack.index(target) :] + [target]
                    members = frozenset(cycle)
                    if members not in reported:
                        reported.add(members)
                        self.error(
                            q,
                            f"{yaml_path(q)}: the stages form a cycle "
                            f"({' → '.join(cycle)}); escalation only moves on to a "
                            f"later stage",
                        )
                elif target not in state and target in edges:
                    visit(target)
            stack.pop()
            state[node] = 2

        for ident in order:
            if ident not in state:
                visit(ident)
        # reachability from the first stage
        first = order[0]
        seen = {first}
        todo = [first]
        while todo:
            for target, _ in edges.get(todo.pop(), []):
                if target in edges and target not in seen:
                    seen.add(target)
                    todo.append(target)
        for ident in order[1:]:
            if ident not in seen:
                label = "the last stage" if ident == order[-1] else "stage"
                self.error(
                    where[ident] + ("id",),
                    f"{yaml_path(where[ident])}: {label} '{ident}' cannot be reached from "
                    f"the first stage '{first}' (no stage's next leads to it)",
                )

    def date(self, p: PathKey, value: Any) -> dt.date | None:
        if isinstance(value, dt.datetime):
            self.error(p, f"{yaml_path(p)}: expected a date as YYYY-MM-DD, got a date and time")
            return None
        if isinstance(value, dt.date):
            return value
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                pass
        if value is not None:
            self.error(p, f"{yaml_path(p)}: expected a date as YYYY-MM-DD, got {_show(value)}")
        return None

    def dates(self) -> None:
        document = self.data.get("document")
        if isinstance(document, dict):
            implemented = self.date(("document", "implemented"), document.get("implemented"))
            review = self.date(("document", "review"), document.get("review"))
            if implemented and review and review < implemented:
                self.error(
                    ("document", "review"),
                    f"document.review: review date {review.isoformat()} is before the "
                    f"implementation date {implemented.isoformat()}; expected a review "
                    f"date on or after it",
                )
            elif review and review < self.today:
                overdue = review + dt.timedelta(days=1)
                self.warning(
                    ("document", "review"),
                    f"review date {review.isoformat()} has passed (overdue since "
                    f"{overdue.isoformat()}); document.review should say when the "
                    f"procedure is next due for review",
                )
        for p, day in self.items(("calendar", "closure_days")):
            self.date(p + ("date",), day.get("date"))

    def all_timescales(self) -> list[tuple[PathKey, dict[str, Any]]]:
        found = []
        for p, _ in self.items(("stages",)):
            found.extend(self.items(p + ("timescales",)))
        found.extend(self.items(("child_protection", "timescales")))
        return found

    def timescales(self) -> None:
        for p, t in self.all_timescales():
            where = yaml_path(p)
            has_within = t.get("within") is not None
            has_words = t.get("in_words") is not None
            if has_within and has_words:
                self.error(p + ("in_words",), f"{where}: expected within or in_words, not both", key=True)
            elif not has_within and not has_words:
                self.error(
                    p,
                    f"{where}: missing a timescale: expected within (working_days, hours "
                    f"or calendar_days) or in_words ({', '.join(IN_WORDS)})",
                )
            if has_words and t["in_words"] not in IN_WORDS:
                self.error(
                    p + ("in_words",),
                    f"{where}.in_words: expected one of "
                    f"{', '.join(IN_WORDS)}, got {_show(t['in_words'])}"
                    f"{_suggest(str(t['in_words']), IN_WORDS)}",
                )
            if has_within:
                self.within(p + ("within",), t["within"])

    def wordings(self) -> None:
        """A timescale says what its source says: its `wording` is in its quote
        (and so in the source), its `within` and `also` readings are the numbers
        and units the wording states, and no more or fewer; an `in_words`
        timescale's wording has those words; `from.text` is in the quote; a
        reading of the handbook's (`stated: false`) says so in a `note`. A
        contact's condition is in its transition's quote."""
        for p, t in self.all_timescales():
            wording = t.get("wording")
            quotes = self._quote_list(t)
            if not isinstance(wording, str) or not quotes:
                continue
            where = yaml_path(p + ("wording",))
            said = [normalise_quote(q).casefold() for q in quotes]
            if not any(normalise_quote(wording).casefold() in q for q in said):
                self.error(
                    p + ("wording",),
                    f'{where}: "{wording}" is not in the timescale\'s '
                    f"quote; expected the source's own words for the limit, "
                    f"as they stand in the quote",
                )
            stated = _limits(wording)
            readings: list[tuple[PathKey, Any]] = []
            if isinstance(t.get("within"), dict):
                readings.append((p + ("within",), t["within"]))
            for q, reading in self.items(p + ("also",)):
                if isinstance(reading.get("within"), dict):
                    readings.append((q + ("within",), reading["within"]))
                text = reading.get("wording")
                if (
                    isinstance(text, str)
                    and normalise_quote(text).casefold() not in normalise_quote(wording).casefold()
                ):
                    self.error(
                        q + ("wording",),
                        f'{yaml_path(q + ("wording",))}: "{text}" is not in the timescale\'s wording "{wording}"',
                    )
            encoded = []
            for q, within in readings:
                units = [(u, within[u]) for u in UNITS if isinstance(within.get(u), int)]
                if len(units) != 1:
                    continue
                unit, n = units[0]
                encoded.append((unit, n))
                if (unit, n) not in stated:
                    says = ", ".join(_amount(m, u) for u, m in stated) or "no number of working days, hours or days"
                    self.error(
                        q + (unit,),
                        f"{yaml_path(q + (unit,))}: {_amount(n, unit)} is not "
                        f'what the wording "{wording}" states ({says}); '
                        f"expected the source's number and unit",
                    )
            if readings and len(encoded) == len(readings) and all(e in stated for e in encoded):
                for unit, n in stated:
                    if (unit, n) not in encoded:
                        self.error(
                            p + ("wording",),
                            f"{where}: the wording also states "
                            f"{_amount(n, unit)}, which is not encoded; "
                            f"expected it as `within` or as an `also` reading",
                        )
            words = t.get("in_words")
            if (
                isinstance(words, str)
                and words in IN_WORDS
                and not any(phrase in normalise_quote(wording).casefold() for phrase in IN_WORDS_PHRASES[words])
            ):
                self.error(
                    p + ("in_words",),
                    f"{yaml_path(p + ('in_words',))}: the wording "
                    f'"{wording}" does not say {IN_WORDS[words]}; '
                    f"expected the in_words that the source's words state",
                )
            counted = t.get("from")
            if isinstance(counted, dict):
                text = counted.get("text")
                if isinstance(text, str) and not any(normalise_quote(text).casefold() in q for q in said):
                    self.error(
                        p + ("from", "text"),
                        f'{yaml_path(p + ("from", "text"))}: "{text}" '
                        f"is not in the timescale's quote; expected the "
                        f"source's words for what the limit counts from",
                    )
                if counted.get("stated") is False and not t.get("note"):
                    self.error(
                        p + ("from", "stated"),
                        f"{yaml_path(p + ('from', 'stated'))}: the source "
                        f"does not say what this counts from, so the "
                        f"timescale needs a note saying what the handbook "
                        f"counts it from",
                    )
        for sp, _ in self.items(("stages",)):
            for n, transition in self.items(sp + ("next",)):
                words = " ".join(normalise_quote(q).casefold() for q in self._quote_list(transition))
                for q, contact in self.items(n + ("contacts",)):
                    condition = contact.get("condition")
                    if isinstance(condition, str) and normalise_quote(condition).casefold() not in words:
                        self.error(
                            q + ("condition",),
                            f'{yaml_path(q + ("condition",))}: "{condition}" '
                            f"is not in the transition's quote; expected the "
                            f"source's words for when this contact is made",
                        )

    def anchors(self) -> None:
        """A limit counts from what its source's words name: an event a stage's
        text names is counted from by that stage's limits only; words that name
        a stage ("of stage 1", "of the previous stage") match `from.stage`,
        unless the file marks them `ambiguous` with a note; a computed limit
        says what it counts from in the source's words (`from.text`), or is
        marked `stated: false` with a note."""
        events = {str(e.get("id")): (p, e) for p, e in self.items(("events",))}
        stages = {str(s.get("id")): s for _, s in self.items(("stages",))}
        previous: dict[str, list[str]] = defaultdict(list)
        for sid, stage in stages.items():
            for t in stage.get("next") or ():
                if isinstance(t, dict) and t.get("stage") is not None:
                    previous[str(t["stage"])].append(sid)
        for p, event in events.values():
            owner = event.get("stage")
            if owner is not None and str(owner) not in stages:
                self.unknown(p + ("stage",), "stage", str(owner), stages)
        for sp, stage in self.items(("stages",)):
            sid = str(stage.get("id"))
            for p, t in self.items(sp + ("timescales",)):
                counted = t.get("from")
                if not isinstance(counted, dict):
                    continue
                event_id = counted.get("event")
                owner = events.get(str(event_id), (None, {}))[1].get("stage") if event_id is not None else None
                if owner is not None and str(owner) != sid:
                    self.error(
                        p + ("from", "event"),
                        f"{yaml_path(p + ('from', 'event'))}: '{event_id}' is an event of stage "
                        f"'{owner}' (its `stage`), but this limit belongs to stage '{sid}'; "
                        f"what the source names at each stage is an event of its own: "
                        f"expected an event whose `stage` is '{sid}'",
                    )
                self.named_stage(p, counted, sid, stages, previous.get(sid, []))
                if counted.get("ambiguous") is True and not t.get("note"):
                    self.error(
                        p + ("from", "ambiguous"),
                        f"{yaml_path(p + ('from', 'ambiguous'))}: the source's words for what "
                        f"this counts from are read by the handbook, so the timescale needs a "
                        f"note saying which reading and why",
                    )
                if t.get("within") is not None and not counted.get("text") and counted.get("stated") is not False:
                    self.error(
                        p + ("from",),
                        f"{yaml_path(p + ('from',))}: the limit does not say what it counts "
                        f"from in the source's words; expected from.text (the words, as they "
                        f"stand in the quote), or `stated: false` and a note where the source "
                        f"does not say",
                    )

    def named_stage(
        self, p: PathKey, counted: dict[str, Any], sid: str, stages: dict[str, dict[str, Any]], previous: list[str]
    ) -> None:
        """`from.text` that names a stage agrees with `from.stage`."""
        text = counted.get("text")
        if not isinstance(text, str) or counted.get("ambiguous") is True:
            return
        m = _NAMED_STAGE.search(text)
        if m is None:
            return
        if m.group(1):
            named = [i for i, s in stages.items() if str(s.get("number") or i).casefold() == m.group(1).casefold()]
        else:
            named = previous
        target = counted.get("stage")
        if named and (target is None or str(target) not in named):
            where = p + ("from", "stage") if target is not None else p + ("from", "event")
            self.error(
                where,
                f'{yaml_path(where)}: the source\'s words "{text}" name stage '
                f"{' or '.join(repr(n) for n in named)}, not "
                f"{repr(str(target)) if target is not None else 'an event'}; expected "
                f"from.stage {named[0]!r}, or `ambiguous: true` with a note where the "
                f"words can be read another way",
            )

    def unreconciled(self) -> None:
        """Two computed limits on one action of a stage (the same sentence with
        another limit), counted from the same event but differing, are a
        conflict in the source: the file names it in `conflicts`."""
        listed = {
            (str(c.get("stage")), str(t))
            for _, c in self.items(("conflicts",))
            for t in (c.get("timescales") or ())
            if isinstance(c.get("timescales"), list)
        }
        for sp, stage in self.items(("stages",)):
            sid = str(stage.get("id"))
            computed = [
                (p, t)
                for p, t in self.items(sp + ("timescales",))
                if isinstance(t.get("within"), dict) and isinstance(t.get("from"), dict)
            ]
            for i, (_, a) in enumerate(computed):
                for q, b in computed[i + 1 :]:
                    same_event = (a["from"].get("stage"), a["from"].get("event")) == (
                        b["from"].get("stage"),
                        b["from"].get("event"),
                    )
                    if a["within"] == b["within"] or not same_event:
                        continue
                    if (sid, str(a.get("id"))) in listed and (sid, str(b.get("id"))) in listed:
                        continue
                    qa, qb = self._quote_list(a), self._quote_list(b)
                    if not any(_similar(x, y) >= 0.8 for x in qa for y in qb):
                        continue
                    self.error(
                        q + ("within",),
                        f"{yaml_path(q + ('within',))}: '{b.get('id')}' and '{a.get('id')}' "
                        f"give one action two different limits from the same event (the "
                        f"source's two sentences differ only in the limit); expected a "
                        f"conflicts entry for stage '{sid}' naming both, saying what the "
                        f"source says",
                    )

    def placeholders(self) -> None:
        """No value is still a placeholder marked TODO."""

        def walk(value: Any, p: PathKey) -> None:
            if isinstance(value, dict):
                for key, item in value.items():
                    walk(item, p + (key,))
            elif isinstance(value, list):
                for i, item in enumerate(value):
                    walk(item, p + (i,))
            elif isinstance(value, str) and _TODO.search(value):
                self.error(
                    p,
                    f'{yaml_path(p)}: still a placeholder ("{_clip(value)}"); expected '
                    f"what the source says, in place of the TODO",
                )

        walk(self.data, ())

    def within(self, p: PathKey, within: Any) -> None:
        where = yaml_path(p)
        if not isinstance(within, dict):
            self.error(p, f"{where}: expected a mapping with one of {', '.join(UNITS)}, got {_show(within)}")
            return
        for key in within:
            if key not in UNITS:
                self.error(
                    p + (key,),
                    f"unknown unit '{key}' in {where} (expected one of: {', '.join(UNITS)}){_suggest(key, UNITS)}",
                    key=True,
                )
        units = [u for u in UNITS if u in within]
        if not units and all(k in UNITS for k in within):
            self.error(p, f"{where}: expected one of {', '.join(UNITS)}, got none of them")
        elif len(units) > 1:
            self.error(p, f"{where}: expected exactly one of {', '.join(UNITS)}, got {' and '.join(units)}")
        for unit in units:
            n = within[unit]
            if isinstance(n, bool) or not isinstance(n, int) or n < 1:
                self.error(p + (unit,), f"{where}.{unit}: expected a whole number of 1 or more, got {_show(n)}")

    def calendar(self) -> None:
        calendar = self.data.get("calendar")
        if isinstance(calendar, dict) and "nation" in calendar and calendar["nation"] not in NATIONS:
            nation = calendar["nation"]
            self.error(
                ("calendar", "nation"),
                f"calendar.nation: expected one of "
                f"{', '.join(NATIONS)}, got {_show(nation)}"
                f"{_suggest(str(nation), NATIONS)}",
            )


# --------------------------------------------------------------------------
# Running the layers


def _check_one(shown: str, schema: _Schema, today: dt.date) -> FileOutcome:
    outcome = FileOutcome()

    def add(line: int, column: int, message: str, severity: str = "error") -> None:
        outcome.problems.append(Problem(shown, line, column, severity, message))

    read = read_protocol_file(shown)
    for line, col, message in read.problems:
        add(line, col, message)
    if read.problems or read.data is None:
        return outcome
    outcome.data = read.data
    if schema.validator is None:
        return outcome  # the schema's own problem is reported once, by check_paths
    with naming(read.data):  # "stage 2", not stages[1]
        found = _schema_problems(read.data, read.positions, schema.validator)
        for line, col, message in found:
            add(line, col, message)
        if found:
            return outcome
        for line, col, severity, message in _Meaning(shown, read.data, read.positions, today).run():
            add(line, col, message, severity)
    return outcome


def _sort(problems: list[Problem]) -> list[Problem]:
    unique = list(dict.fromkeys(problems))
    return sorted(unique, key=lambda p: (p.path, p.line, p.column))


def check_file(path: str, *, schema_path: str | Path | None = None, today: dt.date | None = None) -> FileOutcome:
    """Checks one file; its data is set whenever it could be read."""
    schema = _schema_for(Path(schema_path) if schema_path else SCHEMA_PATH)
    try:
        outcome = _check_one(path, schema, today or dt.date.today())
    except Exception as e:  # a gap in the checks: still a message, never a traceback
        outcome = FileOutcome([Problem(path, 1, 1, "error", f"could not be checked: {type(e).__name__}: {e}")])
    if schema.problem is not None:
        outcome.problems.append(schema.problem)
    outcome.problems = _sort(outcome.problems)
    return outcome


def _expand(paths: Sequence[str]) -> tuple[list[str], list[Problem]]:
    """Files to check, as the user named them, and problems with the names."""
    files: list[str] = []
    problems: list[Problem] = []
    if not paths:
        paths = [_display(PROTOCOLS_DIR)]
    for given in paths:
        p = Path(given)
        try:
            is_dir = p.is_dir()
        except OSError:
            is_dir = False
        if is_dir:
            try:
                found = protocol_files(p)
            except OSError as e:
                problems.append(Problem(given, 1, 1, "error", f"cannot list folder: {e.strerror or e}"))
                continue
            if not found:
                problems.append(Problem(given, 1, 1, "error", "folder has no protocol files (*.yaml)"))
            files.extend(os.path.join(given, f.name) for f in found)
        else:
            files.append(given)
    return list(dict.fromkeys(files)), problems


def check_paths(
    paths: Sequence[str], *, schema_path: str | Path | None = None, today: dt.date | None = None
) -> list[Problem]:
    """Every problem in the named files and folders (default: the project's protocols/),
    sorted by path, line and column."""
    files, problems = _expand(list(paths))
    schema = _schema_for(Path(schema_path) if schema_path else SCHEMA_PATH)
    day = today or dt.date.today()
    for shown in files:
        try:
            problems.extend(_check_one(shown, schema, day).problems)
        except Exception as e:  # a gap in the checks: still a message, never a traceback
            problems.append(Problem(shown, 1, 1, "error", f"could not be checked: {type(e).__name__}: {e}"))
    if schema.problem is not None and files:
        problems.append(schema.problem)
    return _sort(problems)


def main(paths: Sequence[str], protocols: str | None = None) -> int:
    """`handbook check [PATH ...]`, or `handbook check [--protocols DIR]`: 0
    when every file is valid (warnings allowed), 1 otherwise. With no PATH it
    checks the protocols folder (`places.protocols_folder`) and, where that
    was a default, says which on stderr before its summary."""
    from . import places

    if not paths:
        chosen = places.protocols_folder(protocols)
        paths = [_display(chosen.folder)]
        chosen.say_which()
    try:
        problems = check_paths(list(paths))
        for p in problems:
            print(p.format())
        errors = sum(p.severity == "error" for p in problems)
        warnings = len(problems) - errors
        print(
            f"handbook check: {errors} error{'s' if errors != 1 else ''}, "
            f"{warnings} warning{'s' if warnings != 1 else ''}",
            file=sys.stderr,
        )
        return 1 if errors else 0
    except BrokenPipeError:
        raise
    except Exception as e:  # never a traceback, whatever the input
        where = paths[0]
        print(f"{where}:1:1: could not be checked: {type(e).__name__}: {e}")
        return 1
