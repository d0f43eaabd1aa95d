"""Reading protocol files: bytes to plain data with the line and column of
every value.

`read_protocol_file` does the file-level and YAML-level work (size, encoding,
syntax, duplicate keys, aliases, tags) and returns the data together with a
map from each value's path to its position in the file. Whether the data is a
valid protocol is `authoring.check`'s job; `authoring.checked` loads the
files that pass it.

Command line and build only: this module needs PyYAML, which the browser
never loads.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import stat
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from . import places

__all__ = [
    "MAX_FILE_BYTES",
    "MAX_SOURCE_BYTES",
    "MAX_NESTING",
    "PROTOCOLS_DIR",
    "SCHEMA_PATH",
    "Position",
    "Problem",
    "ProtocolError",
    "SourceMap",
    "ReadResult",
    "read_protocol_file",
    "leads_outside",
    "read_source_text",
    "protocol_files",
    "to_plain",
    "describe_character",
    "naming",
    "ordinal",
    "yaml_path",
]

#: A protocol file is a few tens of kilobytes; anything over this is refused
#: before it is parsed.
MAX_FILE_BYTES = 250_000

#: A source text (`sources/<slug>.txt`, the procedure's words every quote is
#: checked against) is tens of kilobytes; a 500-page document is under 2 MB.
#: Larger is refused by `handbook check` and, before anything is written, by
#: `handbook new`, so what `new` writes is never refused for its size.
MAX_SOURCE_BYTES = 2_000_000

#: Deeper nesting than this is refused while the file is still being scanned
#: (the deepest real protocol value is about six levels down).
MAX_NESTING = 64

#: The project's own protocols folder (see `places`: a command chooses its
#: folder with `places.protocols_folder`) and the JSON Schema every protocol
#: file is checked against.
PROTOCOLS_DIR = places.PROJECT_PROTOCOLS
SCHEMA_PATH = places.PROTOCOL_SCHEMA

_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_TAG = "tag:yaml.org,2002:"
#: The only YAML types a protocol file may use: plain data.
_ALLOWED_TAGS = {_TAG + t for t in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map")}

Position = tuple[int, int]  # (line, column), both 1-based
PathKey = tuple[str | int, ...]


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with (or worth knowing about) a protocol file."""

    path: str
    line: int
    column: int
    severity: str  # "error" or "warning"
    message: str

    def format(self) -> str:
        prefix = "warning: " if self.severity == "warning" else ""
        return f"{self.path}:{self.line}:{self.column}: {prefix}{self.message}"

    def __str__(self) -> str:
        return self.format()


class ProtocolError(Exception):
    """A protocol file (or folder of them) failed the check."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(p.format() for p in self.problems))

    def __str__(self) -> str:
        return "\n".join(p.format() for p in self.problems)


@dataclass
class SourceMap:
    """Where each value (and each mapping key) sits in the file.

    Paths are tuples of keys and list indexes: ("stages", 2, "timescales", 0).
    """

    values: dict[PathKey, Position] = field(default_factory=dict)
    keys: dict[PathKey, Position] = field(default_factory=dict)

    def value(self, path: Iterable[str | int]) -> Position:
        """The position of the value at `path`, or of its nearest ancestor."""
        p = tuple(path)
        while p:
            if p in self.values:
                return self.values[p]
            p = p[:-1]
        return self.values.get((), (1, 1))

    def key(self, path: Iterable[str | int]) -> Position:
        """The position of the key naming `path` (falls back to its value)."""
        p = tuple(path)
        if p in self.keys:
            return self.keys[p]
        return self.value(p)


@dataclass
class ReadResult:
    """What reading one file gave: data and positions, or problems."""

    data: Any = None
    positions: SourceMap = field(default_factory=SourceMap)
    problems: list[tuple[int, int, str]] = field(default_factory=list)  # (line, column, message)


@dataclass(frozen=True)
class _Names:
    """What a person calls the stages of the file being read: its stage word
    ("Stage", "Step") and each stage's id by its place in the list."""

    stage_word: str = "stage"
    stage_ids: dict[int, str] = field(default_factory=dict)


_naming: ContextVar[_Names] = ContextVar("naming", default=_Names())  # noqa: B039 (never mutated: `naming` sets a new one)


def _names_of(data: Any) -> _Names:
    """The names in a protocol's data, or in its YAML node tree while it is built."""
    if isinstance(data, yaml.MappingNode):
        fields = {k.value: v for k, v in data.value if isinstance(k, yaml.ScalarNode)}
        word = fields.get("stage_word")
        stages = fields.get("stages")
        ids: dict[int, str] = {}
        if isinstance(stages, yaml.SequenceNode):
            for i, item in enumerate(stages.value):
                if isinstance(item, yaml.MappingNode):
                    for k, v in item.value:
                        if isinstance(k, yaml.ScalarNode) and k.value == "id" and isinstance(v, yaml.ScalarNode):
                            ids[i] = v.value
        word_text = word.value if isinstance(word, yaml.ScalarNode) else None
    elif isinstance(data, dict):
        word_text = data.get("stage_word")
        stages = data.get("stages")
        ids = (
            {
                i: str(s["id"])
                for i, s in enumerate(stages)
                if isinstance(s, dict) and isinstance(s.get("id"), (str, int)) and s.get("id") != ""
            }
            if isinstance(stages, list)
            else {}
        )
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
    "gaps": "gap",
    "also": "other reading",
    "if_resolved": "statement if resolved",
    "stages": "stage",
}


def ordinal(n: int) -> str:
    """1 -> "1st", 2 -> "2nd", 11 -> "11th", 23 -> "23rd"."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


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
        if key == "stages" and depth == 1 and part in names.stage_ids:
            segments.append(f"{names.stage_word} {names.stage_ids[part]}")
        elif key in _ITEM_NAMES:
            segments.append(f"the {ordinal(part + 1)} {_ITEM_NAMES[key]}")
        elif key:
            segments.append(f"the {ordinal(part + 1)} entry under {key}")
        else:
            segments.append(f"the {ordinal(part + 1)} item")
    if keys:
        segments.append(".".join(keys))
    return ", ".join(segments)


# --------------------------------------------------------------------------
# File level


def protocol_files(folder: Path) -> list[Path]:
    """The protocol files in a folder: every *.yaml, in name order."""
    return sorted(p for p in folder.iterdir() if p.suffix == ".yaml" and not p.name.startswith(".") and p.is_file())


def leads_outside(path: Path, folder: Path) -> bool:
    """True when `path`, every symbolic link in it followed (and `..` taken),
    is not inside `folder`: a file named in (or listed from) a protocols
    folder is read only from inside it, so that a link cannot publish a file
    from elsewhere on the machine. A link loop leads nowhere: True."""
    try:
        real = Path(os.path.realpath(path, strict=False))
        root = Path(os.path.realpath(folder, strict=False))
    except (OSError, RuntimeError, ValueError):
        return True
    return real != root and root not in real.parents


def _link_loop(path: Path) -> bool:
    try:
        os.path.realpath(path, strict=True)
    except FileNotFoundError:
        return False
    except OSError:  # ELOOP, and the like
        return True
    return False


def _read_text(path: Path, result: ReadResult) -> str | None:
    """The file's text, or None with the reason in `result.problems`."""
    if leads_outside(path, path.parent) or _link_loop(path):
        result.problems.append(
            (
                1,
                1,
                "file is a link that leads outside its folder (or nowhere); "
                "expected the file itself in the folder (a link is followed "
                "only within it)",
            )
        )
        return None
    try:
        st = path.stat()
    except FileNotFoundError:
        result.problems.append((1, 1, "file not found"))
        return None
    except OSError as e:
        result.problems.append((1, 1, f"cannot read file: {e.strerror or e}"))
        return None
    if not stat.S_ISREG(st.st_mode):
        result.problems.append((1, 1, "not a regular file; expected a protocol file (YAML)"))
        return None
    if st.st_size > MAX_FILE_BYTES:
        result.problems.append(
            (1, 1, f"file is {_size(st.st_size)}; a protocol file is expected to be under {_size(MAX_FILE_BYTES)}")
        )
        return None
    if st.st_size == 0:
        result.problems.append(
            (1, 1, "file is empty; expected a protocol (slug, name, document, calendar, stages, ...)")
        )
        return None
    try:
        with open(path, "rb") as f:
            raw = f.read(MAX_FILE_BYTES + 1)
    except OSError as e:
        result.problems.append((1, 1, f"cannot read file: {e.strerror or e}"))
        return None
    if len(raw) > MAX_FILE_BYTES:
        result.problems.append(
            (
                1,
                1,
                f"file is over {_size(MAX_FILE_BYTES)}; a protocol file is "
                f"expected to be under {_size(MAX_FILE_BYTES)}",
            )
        )
        return None
    wide = wide_encoding(raw)
    if wide:
        result.problems.append((1, 1, f"file is {wide}; save it as UTF-8"))
        return None
    nul = raw.find(b"\x00")
    if nul >= 0:
        line, col = _offset_position(raw, nul)
        result.problems.append(
            (line, col, "file is binary (it contains a NUL byte); expected a UTF-8 text file (YAML)")
        )
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        line, col = _offset_position(raw, e.start)
        result.problems.append(
            (line, col, f"file is not UTF-8 text (byte 0x{raw[e.start]:02x} cannot be decoded); save it as UTF-8")
        )
        return None
    text = text.removeprefix("\ufeff")
    if not text.strip():
        result.problems.append(
            (1, 1, "file holds only white space; expected a protocol (slug, name, document, calendar, stages, ...)")
        )
        return None
    return text


def wide_encoding(raw: bytes) -> str | None:
    """ "UTF-32" or "UTF-16" for text that starts with the byte order mark of
    either (UTF-32's little-endian mark begins with UTF-16's: looked at first)."""
    if raw.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return "UTF-32"
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "UTF-16"
    return None


def read_source_text(folder: Path, name: str) -> tuple[str | None, str | None]:
    """The source text `name` (a path relative to the protocols `folder`, as
    `document.source` gives it) and None, or None and what is wrong, in words
    that follow "document.source: ". Only a regular file inside the folder
    (links followed) and under `MAX_SOURCE_BYTES` is read."""
    if os.path.isabs(name):
        return None, (f"'{name}' is an absolute path; expected a path relative to the protocol file")
    path = folder / name
    if leads_outside(path, folder) or _link_loop(path):
        return None, (
            f"'{name}' leads outside the protocols folder (through '..' or a link); "
            f"expected the source text itself, in the folder's sources/"
        )
    try:
        st = path.stat()
    except OSError:
        st = None
    if st is None:
        return None, f"file '{name}' not found (looked for it next to the protocol file)"
    if not stat.S_ISREG(st.st_mode):
        return None, f"'{name}' is not a regular file; expected a UTF-8 text file"
    try:
        with open(path, "rb") as f:
            raw = f.read(MAX_SOURCE_BYTES + 1)
    except OSError as e:
        return None, f"cannot read '{name}' ({e.strerror or e})"
    if len(raw) > MAX_SOURCE_BYTES:
        return None, (
            f"'{name}' is {_size(max(st.st_size, len(raw)))}; a source text is expected "
            f"to be under {_size(MAX_SOURCE_BYTES)}"
        )
    wide = wide_encoding(raw)
    if wide:
        return None, f"'{name}' is {wide}; save it as UTF-8"
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError:
        return None, f"cannot read '{name}' as UTF-8 text (UnicodeDecodeError)"


def _size(n: int) -> str:
    if n >= 1_000_000 and n % 1_000_000 == 0 and n == MAX_FILE_BYTES:
        return f"{n // 1_000_000} MB"
    if n >= 1_000_000:
        return f"{n / 1_000_000:.1f} MB"
    if n >= 1_000:
        return f"{n / 1_000:.1f} kB"
    return f"{n} bytes"


def _offset_position(raw: bytes, offset: int) -> Position:
    before = raw[:offset]
    line = before.count(b"\n") + 1
    start = before.rfind(b"\n") + 1
    column = len(before[start:].decode("utf-8", errors="replace")) + 1
    return line, column


def _text_position(text: str, index: int) -> Position:
    before = text[:index]
    return before.count("\n") + 1, index - (before.rfind("\n") + 1) + 1


# --------------------------------------------------------------------------
# YAML level


def _mark(mark: Any) -> Position:
    return (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)


def _syntax_problem(text: str, e: yaml.YAMLError) -> tuple[int, int, str]:
    """A YAML syntax error in plain words, at the line and column at fault."""
    if isinstance(e, yaml.MarkedYAMLError):
        mark = e.problem_mark or e.context_mark
        if "could not find expected ':'" in (e.problem or "") and e.context_mark is not None:
            mark = e.context_mark  # the line that lacks it, not the one after
        line, col = _mark(mark)
        return line, col, f"YAML syntax: {_syntax_words(text, e, line, col)}"
    if isinstance(e, yaml.reader.ReaderError):
        line, col = _text_position(text, min(e.position, len(text)))
        return (
            line,
            col,
            (
                f"YAML syntax: the invisible control character {describe_character(chr(e.character))} "
                f"cannot be in a YAML file: delete it"
            ),
        )
    return (
        1,
        1,
        (
            "YAML syntax: the file cannot be read as YAML; check for a tab, an unclosed quote "
            "or bracket, or an indentation slip"
        ),
    )


def describe_character(c: str) -> str:
    """A character named so that it can be seen: "a tab", "'a'", "’ (U+2019
    RIGHT SINGLE QUOTATION MARK)", "U+0007 (BELL)"."""
    import unicodedata

    if c == "\t":
        return "a tab"
    if c == " ":
        return "a space"
    if c.isascii() and c.isalnum():
        return f"'{c}'"
    name = unicodedata.name(c, "")
    if not name and ord(c) < 32:
        name = (
            "NULL",
            "START OF HEADING",
            "START OF TEXT",
            "END OF TEXT",
            "END OF TRANSMISSION",
            "ENQUIRY",
            "ACKNOWLEDGE",
            "BELL",
            "BACKSPACE",
            "TAB",
            "LINE FEED",
            "LINE TABULATION",
            "FORM FEED",
            "CARRIAGE RETURN",
            "SHIFT OUT",
            "SHIFT IN",
            "DATA LINK ESCAPE",
            "DEVICE CONTROL ONE",
            "DEVICE CONTROL TWO",
            "DEVICE CONTROL THREE",
            "DEVICE CONTROL FOUR",
            "NEGATIVE ACKNOWLEDGE",
            "SYNCHRONOUS IDLE",
            "END OF TRANSMISSION BLOCK",
            "CANCEL",
            "END OF MEDIUM",
            "SUBSTITUTE",
            "ESCAPE",
            "FILE SEPARATOR",
            "GROUP SEPARATOR",
            "RECORD SEPARATOR",
            "UNIT SEPARATOR",
        )[ord(c)]
    if not c.isprintable() or c.isspace():
        return f"U+{ord(c):04X}{' (' + name + ')' if name else ''}"
    return f"{c} (U+{ord(c):04X}{' ' + name if name else ''})"


def _indent(line_text: str) -> int:
    return len(line_text) - len(line_text.lstrip(" "))


def _spaces(n: int) -> str:
    return f"{n} space{'s' if n != 1 else ''}"


def _unclosed_quote(lines: list[str], first: int, last: int) -> str | None:
    """'the quote (") opened on line N, column M' for a line in first..last
    with an odd number of double quotes (comments and escaped quotes aside)."""
    for n in range(max(1, first), min(last, len(lines)) + 1):
        body = lines[n - 1].split(" #")[0].replace('\\"', "")
        if body.count('"') % 2 == 1:
            return f'the quote (") opened on line {n}, column {body.index(chr(34)) + 1}'
    return None


def _syntax_words(text: str, e: yaml.MarkedYAMLError, line: int, col: int) -> str:
    """What is wrong, in plain words, from libyaml's problem and the text itself."""
    lines = text.split("\n")
    here = lines[line - 1] if 0 < line <= len(lines) else ""
    at = here[col - 1] if 0 < col <= len(here) else ""
    problem = e.problem or ""
    context = e.context or ""
    c_line, c_col = _mark(e.context_mark) if e.context_mark is not None else (line, col)
    previous = next(
        (
            lines[n - 1]
            for n in range(line - 1, 0, -1)
            if lines[n - 1].strip() and not lines[n - 1].lstrip().startswith("#")
        ),
        "",
    )

    if "\t" in here[:col] or "tab" in problem:
        return "a tab is used here: indent with spaces, not tabs"
    if "end of stream" in problem and "quoted scalar" in context:
        mark = "'" if 0 < c_col <= len(lines[c_line - 1]) and lines[c_line - 1][c_col - 1] == "'" else '"'
        return (
            f"the quote ({mark}) opened on line {c_line}, column {c_col} is never closed: end the "
            f"value with {mark} on the same line"
        )
    if "expected ',' or ']'" in problem or "expected ',' or '}'" in problem:
        opener, closer, kind = ("[", "]", "list") if "]" in problem else ("{", "}", "mapping")
        return (
            f"the {kind} opened with {opener} on line {c_line}, column {c_col} is not closed: end "
            f"it with {closer} on the same line, with a comma between its items"
        )
    if "unknown escape character" in problem:
        escaped = here[col] if col < len(here) else ""
        return (
            f"a backslash in a double-quoted value starts an escape, and \\{escaped} is not one: "
            f"write \\\\ for a backslash, or put the value in single quotes"
        )
    if "cannot start any token" in problem:
        return (
            f"a value cannot begin with {describe_character(at)}: put the whole value in double "
            f'quotes, e.g. "{here[col - 1 :].strip()}"'
        )
    if "alphabetic or numeric character" in problem and ("anchor" in context or "alias" in context or "tag" in context):
        sign = here[c_col - 1] if 0 < c_col <= len(here) else "&"
        return (
            f"a value cannot begin with {describe_character(sign)} (YAML reads it as an anchor, alias or "
            f"tag): put the whole value in double quotes"
        )
    quote = _unclosed_quote(lines, c_line if c_line < line else line - 1, line)
    if quote and (
        "expected key" in problem
        or "expected ':'" in problem
        or "mapping values" in problem
        or "<block end>" in problem
    ):
        return f'{quote} is not closed: end the value with " on the same line'
    if "mapping values are not allowed" in problem:
        key = re.match(r"^\s*(?:- )?[^:#\s][^:#]*:\s", here)
        if key and key.end() <= col - 1:
            start = key.end()
            value = here[start:].strip()
            return (
                f"the colon at column {col} is inside a value, where YAML reads ': ' as the start "
                f"of a field: put the whole value in double quotes, e.g. "
                f'{here[:start].strip()} "{value}"'
            )
        return (
            f"this line is indented by {_spaces(_indent(here))}, more than the field above it "
            f"({_spaces(_indent(previous))}), which already has a value: indent it like that "
            f"field, or move it to where it belongs"
        )
    if "could not find expected ':'" in problem:
        return (
            "this line has no colon: a field is written as 'name: value' (if the line goes on "
            "with the value above, indent it further than that field's name)"
        )
    if "expected key" in problem or "<block end>" in problem or "expected '-' indicator" in problem:
        wanted = c_col - 1
        what = "the list's items" if "collection" in context or "'-'" in problem else "the fields"
        # The line above's fields start after its "- "; a list item is compared
        # with the nearest list item above at about its indentation.
        above, label = _indent(previous), "the line above"
        if here.lstrip(" ").startswith("- "):
            for n in range(line - 1, 0, -1):
                other = lines[n - 1]
                if other.lstrip(" ").startswith("- ") and abs(_indent(other) - _indent(here)) <= 2:
                    above, label = _indent(other), f"the list item on line {n}"
                    break
        else:
            above += len(previous[above:]) - len(previous[above:].lstrip("- "))
        beside = f"{label} by {_spaces(above)}, and " if above != wanted else ""
        return (
            f"this line is indented by {_spaces(_indent(here))}, which lines up with nothing "
            f"above it ({beside}{what} from line {c_line} by {_spaces(wanted)}): give it the "
            f"indentation of the lines it belongs with"
        )
    return (
        "the file cannot be read from here on; check this line and the one above it for a tab, "
        "an unclosed quote or bracket, or an indentation slip"
    )


_TOO_DEEP = f"values are nested more than {MAX_NESTING} levels deep"


def _scan_events(text: str) -> tuple[int, int, str] | None:
    """Streams the parser's events once: syntax errors, aliases, nesting.

    Aliases are refused before anything is built, so a "billion laughs" file
    costs no more than its own length; nesting is capped for the same reason.
    """
    try:
        return _scan_event_stream(text)
    except yaml.MarkedYAMLError as e:
        # libyaml has a cap of its own (1,000 levels), which its scanner can
        # reach before the parser hands over the 65th level: scan the text
        # before libyaml's stop, whose first problem is at the latest that level.
        if "nesting depth" not in (e.problem or "") or e.problem_mark is None:
            raise
        try:
            found = _scan_event_stream(text[: e.problem_mark.index])
        except yaml.YAMLError:
            found = None
        if found is not None:
            return found
        line, col = _mark(e.problem_mark)
        return line, col, _TOO_DEEP


def _scan_event_stream(text: str) -> tuple[int, int, str] | None:
    depth = 0
    documents = 0
    for event in yaml.parse(text, Loader=_SafeLoader):
        if isinstance(event, yaml.AliasEvent):
            line, col = _mark(event.start_mark)
            return (
                line,
                col,
                (
                    f"alias *{event.anchor} is not allowed: a protocol file writes "
                    f"every value out in full (no anchors or aliases)"
                ),
            )
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > MAX_NESTING:
                line, col = _mark(event.start_mark)
                return line, col, _TOO_DEEP
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1
        elif isinstance(event, yaml.DocumentStartEvent):
            documents += 1
            if documents > 1:
                line, col = _mark(event.start_mark)
                return line, col, ("a second YAML document starts here; a protocol file holds exactly one")
    return None


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if value is None:
        return "nothing (null)"
    if isinstance(value, dt.date):
        return "a date"
    return type(value).__name__


class _Builder:
    """Turns a composed node tree into plain data, recording positions and
    refusing duplicate keys, non-data tags, non-text keys and impossible dates."""

    def __init__(self, result: ReadResult):
        self.result = result
        self.positions = result.positions
        self.constructor = yaml.constructor.SafeConstructor()

    def problem(self, node: yaml.Node, message: str) -> None:
        line, col = _mark(node.start_mark)
        self.result.problems.append((line, col, message))

    def build(self, node: yaml.Node, path: PathKey) -> Any:
        self.positions.values[path] = _mark(node.start_mark)
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

    def build_mapping(self, node: yaml.MappingNode, path: PathKey) -> dict[str, Any]:
        out: dict[str, Any] = {}
        seen: dict[str, yaml.Node] = {}
        where = yaml_path(path)
        for key_node, value_node in node.value:
            if key_node.tag == _TAG + "merge":
                self.problem(key_node, "merge key '<<' is not allowed: write every field out in full")
                continue
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag not in _ALLOWED_TAGS:
                self.problem(key_node, f"a field name must be plain text{' in ' + where if where else ''}")
                continue
            try:
                key = self.constructor.construct_object(key_node)
            except (ValueError, OverflowError, yaml.YAMLError):
                key = key_node.value
            if not isinstance(key, str):
                self.problem(
                    key_node,
                    f"field name {key_node.value!r}{' in ' + where if where else ''} "
                    f"is read as {_kind(key)}; field names are text",
                )
                continue
            if key in seen:
                first_line, first_col = _mark(seen[key].start_mark)
                self.problem(
                    key_node,
                    f"duplicate field '{key}'{' in ' + where if where else ''} "
                    f"(first given at line {first_line}, column {first_col}); "
                    f"each field is given once",
                )
                continue
            seen[key] = key_node
            self.positions.keys[path + (key,)] = _mark(key_node.start_mark)
            out[key] = self.build(value_node, path + (key,))
        return out


_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def _why_not_a_date(text: str) -> str:
    parts = text.strip()[:10].split("-")
    try:
        year, month, day = (int(p) for p in parts)
    except ValueError:
        return ""
    if not 1 <= month <= 12:
        return f" (there is no month {month})"
    if day >= 1:
        return f" ({_MONTHS[month - 1]} {year} has no day {day})"
    return f" (there is no day {day})"


def _tag_message(tag: str | None) -> str:
    shown = tag or "?"
    if shown.startswith(_TAG):
        shown = "!!" + shown[len(_TAG) :]
    return (
        f"YAML tag {shown} is not allowed: a protocol file holds plain data (text, numbers, "
        f"dates, true/false, lists and mappings)"
    )


def read_protocol_file(path: str | os.PathLike) -> ReadResult:
    """Reads one file into plain data and a `SourceMap`, or problems.

    Never raises for anything about the file's content.
    """
    result = ReadResult()
    text = _read_text(Path(path), result)
    if text is None:
        return result
    try:
        scan = _scan_events(text)
    except yaml.YAMLError as e:
        result.problems.append(_syntax_problem(text, e))
        return result
    if scan is not None:
        result.problems.append(scan)
        return result
    try:
        root = yaml.compose(text, Loader=_SafeLoader)
    except yaml.YAMLError as e:
        result.problems.append(_syntax_problem(text, e))
        return result
    if root is None:
        result.problems.append(
            (1, 1, "file holds only comments; expected a protocol (slug, name, document, calendar, stages, ...)")
        )
        return result
    with naming(root):
        data = _Builder(result).build(root, ())
    if result.problems:
        return result
    if not isinstance(data, dict):
        line, col = _mark(root.start_mark)
        found = "a list" if isinstance(data, list) else f"a single value ({_kind(data)})"
        if isinstance(data, str):
            found = "a single line of text"
        result.problems.append(
            (line, col, f"the file must hold a mapping of fields (slug: ..., name: ..., stages: ...), found {found}")
        )
        return result
    result.data = data
    return result


def to_plain(value: Any) -> Any:
    """The same data with dates (and date-times) as ISO strings and tuples as
    lists, ready for JSON."""
    if isinstance(value, dict):
        return {k: to_plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_plain(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value
