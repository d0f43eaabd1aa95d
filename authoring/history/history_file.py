"""One partnership's change history file read (checked against its schema) or written.

The file is `history/<slug>.yaml` beside the protocols. `handbook record`
writes it; nobody edits it by hand, and a file that does not fit
`protocols/history.schema.json` is refused with each problem as
`PATH:LINE:COLUMN: message`, never a traceback.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from .. import places
from ..checks.schema_errors import schema_problems
from ..display import display_path
from ..reading.loader import read_protocol_file
from ..reading.problems import Problem, ProtocolError
from .entries import History

__all__ = ["HEADER", "history_path", "read_history", "read_histories", "write_history"]

#: The first lines of every history file.
HEADER = (
    "# The change history of one partnership's page in the handbook: what readers\n"
    "# see under 'What's new' and in the feeds. Written by `handbook record`;\n"
    "# do not edit it by hand.\n"
)


def history_path(protocols: Path, slug: str) -> Path:
    return places.history_folder(protocols) / f"{slug}.yaml"


@functools.cache
def _validator() -> Any:
    schema = json.loads(places.HISTORY_SCHEMA.read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


def read_history(protocols: Path, slug: str, name: str) -> History:
    """The recorded history of `slug` (empty when none is recorded yet);
    `ProtocolError` for a file that does not fit the schema."""
    path = history_path(protocols, slug)
    if not path.exists():
        return History(slug, name)
    shown = display_path(path)
    result = read_protocol_file(path)
    problems = [Problem(shown, line, column, "error", message) for line, column, message in result.problems]
    if result.data is not None:
        found = schema_problems(result.data, result.positions, _validator()).found
        problems += [Problem(shown, line, column, "error", message) for line, column, message in found]
        if not problems and result.data["slug"] != slug:
            line, column = result.positions.value(("slug",))
            problems.append(
                Problem(
                    shown, line, column, "error", f"slug: {result.data['slug']} does not match the file name {slug}"
                )
            )
    if problems:
        raise ProtocolError(problems)
    return History.from_dict(result.data)


def read_histories(protocols: Path, names: dict[str, str]) -> dict[str, History]:
    """The history of every slug in `names` (slug → the partnership's name)."""
    return {slug: read_history(protocols, slug, name) for slug, name in names.items()}


class _NoAliases(yaml.SafeDumper):
    """Every value written out in full: the file is read as a protocol file is, without aliases."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def write_history(protocols: Path, history: History) -> Path:
    path = history_path(protocols, history.slug)
    path.parent.mkdir(parents=True, exist_ok=True)
    text = yaml.dump(history.as_dict(), Dumper=_NoAliases, sort_keys=False, allow_unicode=True, width=100)
    path.write_text(HEADER + text, encoding="utf-8")
    return path
