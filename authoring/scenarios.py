"""Training scenario files read, each checked against its protocol.

A scenario file (`protocols/scenarios/<protocol-slug>-<short-name>.yaml`, JSON
Schema `scenario.schema.json` beside it) tells a short, generic case story in
one partnership's procedure and gives the day each stage begins. `load_scenario`
checks it against the schema and against its protocol (the protocol exists,
every stage does, the dates are real and in order) and reports each problem as
`PATH:LINE:COLUMN: message`, like `handbook check` does for protocols.

What the engine says at each event of a scenario is `walkthrough`'s job.

Command line and build only (reads YAML, validates with `jsonschema`).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from calculator.model import Protocol

from . import places
from .reading.loader import read_protocol_file
from .reading.plain_data import to_plain

__all__ = [
    "Event",
    "Scenario",
    "ScenarioError",
    "SCHEMA_PATH",
    "load_scenario",
    "load_scenarios",
]

SCHEMA_PATH = places.SCENARIO_SCHEMA


class ScenarioError(ValueError):
    """A scenario file with problems; `str()` is one `PATH:LINE:COLUMN: message` line each."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass(frozen=True)
class Event:
    stage: str
    date: dt.date
    what: str
    urgent: bool | None = None  # None: the story does not say (no route is taken at a branch)
    dates: tuple[tuple[str, dt.date], ...] = ()  # other events' dates the story gives


@dataclass(frozen=True)
class Scenario:
    slug: str
    title: str
    protocol: str
    story: str
    events: tuple[Event, ...]
    questions: tuple[str, ...] = ()
    path: str = ""


# Reading -------------------------------------------------------------------------------------
def _read(path: Path) -> tuple[Any, Any]:
    """The file's data and `SourceMap`, read as protocol files are (size,
    encoding, YAML syntax, duplicate keys, tags); `ScenarioError` otherwise."""
    result = read_protocol_file(path)
    if result.problems:
        raise ScenarioError(
            [f"{path}:{line}:{col}: {_scenario_words(message)}" for line, col, message in result.problems]
        )
    return result.data, result.positions


def _scenario_words(message: str) -> str:
    """The reader's messages about the file as a whole name a protocol's fields."""
    if message.startswith(("file holds only comments", "the file must hold a mapping")):
        return "expected a scenario: a mapping with title, protocol, story and events"
    return message


def _field(at: Iterable[Any]) -> str:
    out = ""
    for part in at:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"


def _schema() -> dict[str, Any]:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def _schema_problems(
    data: Any,
    path: str,
    values: Mapping[tuple[Any, ...], tuple[int, int]],
    keys: Mapping[tuple[Any, ...], tuple[int, int]],
) -> list[tuple[int, int, str]]:
    import jsonschema

    validator = jsonschema.Draft202012Validator(
        _schema(), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    problems = []
    for error in validator.iter_errors(data):
        at = tuple(error.absolute_path)
        line, col = values.get(at, (1, 1))
        name = _field(at)
        if error.validator == "additionalProperties" and isinstance(error.instance, dict):
            allowed = sorted(error.schema.get("properties", {}))
            for extra in sorted(set(error.instance) - set(allowed)):
                kl, kc = keys.get(at + (extra,), (line, col))
                problems.append(
                    (kl, kc, f"{_field(at + (extra,))}: unknown field; expected one of: {', '.join(allowed)}")
                )
            continue
        if error.validator == "required":
            missing = error.message.split("'")[1] if "'" in error.message else error.message
            message = f"{name}: missing required field '{missing}'"
        elif error.validator in ("pattern", "format") and at and at[-1] == "date":
            message = f"{name}: {error.instance!r} is not a date; expected YYYY-MM-DD"
        elif error.validator == "pattern" and at == ("protocol",):
            message = f"{name}: {error.instance!r} is not a slug; expected kebab-case, e.g. salford"
        elif error.validator in ("pattern", "minLength") and isinstance(error.instance, str):
            message = f"{name}: expected some text, not an empty string"
        elif error.validator == "type":
            expected = error.validator_value
            message = f"{name}: expected {expected}, not {type(error.instance).__name__} {error.instance!r}"
        elif error.validator == "minItems":
            message = f"{name}: expected at least {error.validator_value} item(s)"
        else:
            message = f"{name}: {error.message}"
        problems.append((line, col, message))
    return problems


def load_scenario(path: str | Path, protocols: Mapping[str, Protocol], table_for_nation: Any = None) -> Scenario:
    """Read and check one scenario file against the schema and its protocol.

    `protocols` maps slugs to loaded protocols. With `table_for_nation`, event
    dates outside the calendar's range are reported too. Raises `ScenarioError`.
    """
    path = Path(path)
    shown = str(path)
    data, positions = _read(path)
    values, keys = positions.values, positions.keys
    plain = to_plain(data)  # YAML's dates as ISO text, so the schema sees what the author wrote
    found = _schema_problems(plain, shown, values, keys)
    if not found:
        found = _protocol_problems(plain, path, protocols, values, table_for_nation)
    if found:
        found.sort(key=lambda p: (p[0], p[1]))
        raise ScenarioError([f"{shown}:{line}:{col}: {message}" for line, col, message in found])
    events = tuple(
        Event(
            stage=e["stage"],
            date=dt.date.fromisoformat(e["date"]),
            what=e["what"],
            urgent=e.get("urgent"),
            dates=tuple((k, dt.date.fromisoformat(v)) for k, v in (e.get("dates") or {}).items()),
        )
        for e in plain["events"]
    )
    return Scenario(
        slug=path.stem,
        title=plain["title"],
        protocol=plain["protocol"],
        story=plain["story"],
        events=events,
        questions=tuple(plain.get("questions") or ()),
        path=shown,
    )


Values = Mapping[tuple[Any, ...], tuple[int, int]]


def _protocol_problems(
    data: dict[str, Any],
    path: Path,
    protocols: Mapping[str, Protocol],
    values: Values,
    table_for_nation: Any,
) -> list[tuple[int, int, str]]:
    """What in the scenario does not fit its protocol: an unknown protocol,
    a file name without its slug, unknown stages or events, dates that are
    not real, outside the calendar or out of order."""
    problems = []
    slug = data["protocol"]
    if slug not in protocols:
        line, col = values.get(("protocol",), (1, 1))
        return [
            (line, col, f"protocol: no protocol {slug!r}; expected one of: {', '.join(sorted(protocols)) or '(none)'}")
        ]
    if not (path.stem == slug or path.stem.startswith(slug + "-")):
        problems.append(
            (1, 1, f"file name: expected it to begin with the protocol's slug, as {slug}-<short-name>.yaml")
        )
    protocol = protocols[slug]
    table = table_for_nation(protocol.calendar.nation) if table_for_nation else None
    previous: dt.date | None = None
    for i, event in enumerate(data["events"]):
        problems += _stage_problems(i, event, slug, [s.id for s in protocol.stages], values)
        line, col = values.get(("events", i, "date"), (1, 1))
        try:
            day = dt.date.fromisoformat(event["date"])
        except ValueError:
            problems.append((line, col, f"events[{i}].date: {event['date']!r} is not a real date; expected YYYY-MM-DD"))
            continue
        problems += [(line, col, message) for message in _date_problems(i, day, previous, table)]
        previous = day
        problems += _event_date_problems(i, event, slug, [e.id for e in protocol.events], values, (line, col))
    return problems


def _stage_problems(
    i: int, event: dict[str, Any], slug: str, stage_ids: list[str], values: Values
) -> list[tuple[int, int, str]]:
    """Event `i`'s stage, where the protocol has no such stage."""
    if event["stage"] in stage_ids:
        return []
    line, col = values.get(("events", i, "stage"), (1, 1))
    return [
        (
            line,
            col,
            f"events[{i}].stage: no stage {event['stage']!r} in {slug}; expected one of: {', '.join(stage_ids)}",
        )
    ]


def _date_problems(i: int, day: dt.date, previous: dt.date | None, table: Any) -> list[str]:
    """Event `i`'s date, where it is outside the calendar or before the event above it."""
    problems = []
    if table is not None and not table.covers(day):
        problems.append(
            f"events[{i}].date: {day.isoformat()} is outside the calendar, "
            f"which covers {table.first_year} to {table.last_year}"
        )
    if previous is not None and day < previous:
        problems.append(
            f"events[{i}].date: {day.isoformat()} is before the event "
            f"above it ({previous.isoformat()}); expected events in date order"
        )
    return problems


def _event_date_problems(
    i: int, event: dict[str, Any], slug: str, known_events: list[str], values: Values, at: tuple[int, int]
) -> list[tuple[int, int, str]]:
    """The other events' dates event `i` gives, where an event is unknown or a date is not real."""
    problems = []
    line, col = at
    for event_id, value in (event.get("dates") or {}).items():
        line, col = values.get(("events", i, "dates", event_id), (line, col))
        if event_id not in known_events:
            problems.append(
                (
                    line,
                    col,
                    f"events[{i}].dates.{event_id}: no event {event_id!r} in {slug}; "
                    f"expected one of: {', '.join(known_events) or '(none)'}",
                )
            )
            continue
        try:
            dt.date.fromisoformat(value)
        except ValueError:
            problems.append(
                (line, col, f"events[{i}].dates.{event_id}: {value!r} is not a real date; expected YYYY-MM-DD")
            )
    return problems


def load_scenarios(
    folder: str | Path,
    protocols: Mapping[str, Protocol],
    table_for_nation: Any = None,
    skip: Callable[[Path], bool] | None = None,
) -> list[Scenario]:
    """Every `*.yaml` scenario in `folder` (but those `skip` says to leave),
    sorted by file name; `ScenarioError` listing the problems of all files at once."""
    problems: list[str] = []
    scenarios = []
    for path in sorted(Path(folder).glob("*.yaml")):
        if skip is not None and skip(path):
            continue
        try:
            scenarios.append(load_scenario(path, protocols, table_for_nation))
        except ScenarioError as exc:
            problems.extend(exc.problems)
    if problems:
        raise ScenarioError(problems)
    return scenarios
