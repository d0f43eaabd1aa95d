"""A YAML syntax error told in plain words, at the place at fault.

libyaml says what its parser expected ("could not find expected ':'"); an
author needs to hear what to change ("this line has no colon: a field is
written as 'name: value'"). `syntax_problem` reads libyaml's problem together
with the text itself to say that.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

import yaml

from .positions import mark_position, text_position

__all__ = ["syntax_problem", "describe_character"]

#: The names of the control characters Unicode gives none (U+0000 to U+001F).
_CONTROL_NAMES = (
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
)


def describe_character(c: str) -> str:
    """A character named so that it can be seen: "a tab", "'a'", "’ (U+2019
    RIGHT SINGLE QUOTATION MARK)", "U+0007 (BELL)"."""
    if c == "\t":
        return "a tab"
    if c == " ":
        return "a space"
    if c.isascii() and c.isalnum():
        return f"'{c}'"
    name = unicodedata.name(c, "")
    if not name and ord(c) < 32:
        name = _CONTROL_NAMES[ord(c)]
    if not c.isprintable() or c.isspace():
        return f"U+{ord(c):04X}{' (' + name + ')' if name else ''}"
    return f"{c} (U+{ord(c):04X}{' ' + name if name else ''})"


def syntax_problem(text: str, e: yaml.YAMLError) -> tuple[int, int, str]:
    """A YAML syntax error in plain words, at the line and column at fault."""
    if isinstance(e, yaml.MarkedYAMLError):
        mark = e.problem_mark or e.context_mark
        if "could not find expected ':'" in (e.problem or "") and e.context_mark is not None:
            mark = e.context_mark  # the line that lacks it, not the one after
        line, col = mark_position(mark)
        return line, col, f"YAML syntax: {_syntax_words(_Fault.of(text, e, line, col))}"
    if isinstance(e, yaml.reader.ReaderError):
        line, col = text_position(text, min(e.position, len(text)))
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


def _indent(line_text: str) -> int:
    return len(line_text) - len(line_text.lstrip(" "))


def _spaces(n: int) -> str:
    return f"{n} space{'s' if n != 1 else ''}"


@dataclass(frozen=True)
class _Fault:
    """libyaml's problem and the text around it: the line at fault (`here`),
    the character there (`at`), the line its context starts on, and the last
    line above with something on it (`previous`)."""

    lines: list[str]
    line: int
    col: int
    here: str
    at: str
    problem: str
    context: str
    c_line: int
    c_col: int
    previous: str

    @classmethod
    def of(cls, text: str, e: yaml.MarkedYAMLError, line: int, col: int) -> _Fault:
        lines = text.split("\n")
        here = lines[line - 1] if 0 < line <= len(lines) else ""
        c_line, c_col = mark_position(e.context_mark) if e.context_mark is not None else (line, col)
        previous = next(
            (
                lines[n - 1]
                for n in range(line - 1, 0, -1)
                if lines[n - 1].strip() and not lines[n - 1].lstrip().startswith("#")
            ),
            "",
        )
        at = here[col - 1] if 0 < col <= len(here) else ""
        return cls(lines, line, col, here, at, e.problem or "", e.context or "", c_line, c_col, previous)


def _tab(f: _Fault) -> str | None:
    if "\t" in f.here[: f.col] or "tab" in f.problem:
        return "a tab is used here: indent with spaces, not tabs"
    return None


def _quote_never_closed(f: _Fault) -> str | None:
    if not ("end of stream" in f.problem and "quoted scalar" in f.context):
        return None
    opening = f.lines[f.c_line - 1]
    mark = "'" if 0 < f.c_col <= len(opening) and opening[f.c_col - 1] == "'" else '"'
    return (
        f"the quote ({mark}) opened on line {f.c_line}, column {f.c_col} is never closed: end the "
        f"value with {mark} on the same line"
    )


def _bracket_not_closed(f: _Fault) -> str | None:
    if not ("expected ',' or ']'" in f.problem or "expected ',' or '}'" in f.problem):
        return None
    opener, closer, kind = ("[", "]", "list") if "]" in f.problem else ("{", "}", "mapping")
    return (
        f"the {kind} opened with {opener} on line {f.c_line}, column {f.c_col} is not closed: end "
        f"it with {closer} on the same line, with a comma between its items"
    )


def _escape(f: _Fault) -> str | None:
    if "unknown escape character" not in f.problem:
        return None
    escaped = f.here[f.col] if f.col < len(f.here) else ""
    return (
        f"a backslash in a double-quoted value starts an escape, and \\{escaped} is not one: "
        f"write \\\\ for a backslash, or put the value in single quotes"
    )


def _first_character(f: _Fault) -> str | None:
    if "cannot start any token" in f.problem:
        return (
            f"a value cannot begin with {describe_character(f.at)}: put the whole value in double "
            f'quotes, e.g. "{f.here[f.col - 1 :].strip()}"'
        )
    if "alphabetic or numeric character" in f.problem and any(w in f.context for w in ("anchor", "alias", "tag")):
        sign = f.here[f.c_col - 1] if 0 < f.c_col <= len(f.here) else "&"
        return (
            f"a value cannot begin with {describe_character(sign)} (YAML reads it as an anchor, alias or "
            f"tag): put the whole value in double quotes"
        )
    return None


def _unclosed_quote(lines: list[str], first: int, last: int) -> str | None:
    """'the quote (") opened on line N, column M' for a line in first..last
    with an odd number of double quotes (comments and escaped quotes aside)."""
    for n in range(max(1, first), min(last, len(lines)) + 1):
        body = lines[n - 1].split(" #")[0].replace('\\"', "")
        if body.count('"') % 2 == 1:
            return f'the quote (") opened on line {n}, column {body.index(chr(34)) + 1}'
    return None


def _quote_not_closed(f: _Fault) -> str | None:
    quote = _unclosed_quote(f.lines, f.c_line if f.c_line < f.line else f.line - 1, f.line)
    if quote and any(w in f.problem for w in ("expected key", "expected ':'", "mapping values", "<block end>")):
        return f'{quote} is not closed: end the value with " on the same line'
    return None


def _colon_in_value(f: _Fault) -> str | None:
    if "mapping values are not allowed" not in f.problem:
        return None
    key = re.match(r"^\s*(?:- )?[^:#\s][^:#]*:\s", f.here)
    if key and key.end() <= f.col - 1:
        start = key.end()
        value = f.here[start:].strip()
        return (
            f"the colon at column {f.col} is inside a value, where YAML reads ': ' as the start "
            f"of a field: put the whole value in double quotes, e.g. "
            f'{f.here[:start].strip()} "{value}"'
        )
    return (
        f"this line is indented by {_spaces(_indent(f.here))}, more than the field above it "
        f"({_spaces(_indent(f.previous))}), which already has a value: indent it like that "
        f"field, or move it to where it belongs"
    )


def _no_colon(f: _Fault) -> str | None:
    if "could not find expected ':'" not in f.problem:
        return None
    return (
        "this line has no colon: a field is written as 'name: value' (if the line goes on "
        "with the value above, indent it further than that field's name)"
    )


def _indentation(f: _Fault) -> str | None:
    if not any(w in f.problem for w in ("expected key", "<block end>", "expected '-' indicator")):
        return None
    wanted = f.c_col - 1
    what = "the list's items" if "collection" in f.context or "'-'" in f.problem else "the fields"
    # The line above's fields start after its "- "; a list item is compared
    # with the nearest list item above at about its indentation.
    above, label = _indent(f.previous), "the line above"
    if f.here.lstrip(" ").startswith("- "):
        for n in range(f.line - 1, 0, -1):
            other = f.lines[n - 1]
            if other.lstrip(" ").startswith("- ") and abs(_indent(other) - _indent(f.here)) <= 2:
                above, label = _indent(other), f"the list item on line {n}"
                break
    else:
        above += len(f.previous[above:]) - len(f.previous[above:].lstrip("- "))
    beside = f"{label} by {_spaces(above)}, and " if above != wanted else ""
    return (
        f"this line is indented by {_spaces(_indent(f.here))}, which lines up with nothing "
        f"above it ({beside}{what} from line {f.c_line} by {_spaces(wanted)}): give it the "
        f"indentation of the lines it belongs with"
    )


#: Each reading of a fault, in the order they are tried: the first that fits says it.
_READINGS: tuple[Callable[[_Fault], str | None], ...] = (
    _tab,
    _quote_never_closed,
    _bracket_not_closed,
    _escape,
    _first_character,
    _quote_not_closed,
    _colon_in_value,
    _no_colon,
    _indentation,
)


def _syntax_words(f: _Fault) -> str:
    """What is wrong, in plain words, from libyaml's problem and the text itself."""
    for reading in _READINGS:
        words = reading(f)
        if words is not None:
            return words
    return (
        "the file cannot be read from here on; check this line and the one above it for a tab, "
        "an unclosed quote or bracket, or an indentation slip"
    )
