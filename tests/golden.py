"""Golden answers: what `handbook deadline` tells a reader, text and JSON, for
every stage and route of every protocol at fixed dates, kept under
tests/golden/ so that any change in what a reader is told shows in review as a
diff, line by line. tests/engine/test_golden.py compares; after a change you mean,
write them anew and review the diff:

    .venv/bin/python -m tests.golden
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path

from authoring.commands import protocol_by_slug, slugs
from authoring.places import PROJECT_PROTOCOLS
from calculator.model import Protocol
from calculator.naming import questions_for
from tests.support.cli import handbook

GOLDEN = Path(__file__).resolve().parent / "golden"

#: A Monday before Christmas (two bank holidays and a substitute day ahead), and
#: the Thursday before the spring bank holiday of 2027.
STARTS = ("2026-12-21", "2027-05-27")


def _routes(protocol: Protocol, stage) -> list[str | None]:
    branches = any(t.when != "unresolved" for s in protocol.stages for t in s.next)
    return [None, "--urgent", "--not-urgent"] if branches and not stage.branch else [None]


def questions(slug: str) -> Iterator[list[str]]:
    """Every question asked of the command for one protocol: each stage and
    route, at each start, with the stage's other dates given (the same day)
    and, where it asks for any, without them."""
    protocol = protocol_by_slug(slug)
    for stage in protocol.stages:
        asked = [q["event"] for q in questions_for(protocol, stage)]
        for start in STARTS:
            for route in _routes(protocol, stage):
                base = ["deadline", slug, stage.id, start, "--today", start] + ([route] if route else [])
                yield base
                if asked:
                    yield base + [arg for e in asked for arg in ("--date", f"{e}={start}")]


def answers(slug: str) -> tuple[str, str]:
    """The text and the JSON file for one protocol, as they should read."""
    text, data = [], {}
    # The project's own protocols, named, whatever the current folder (and so
    # no line saying which folder was used).
    folder = ["--protocols", str(PROJECT_PROTOCOLS)]
    for args in questions(slug):
        said = " ".join(["handbook", *args])
        run = handbook(*args, *folder)
        text.append(f"=== {said}\n(exit {run.returncode})\n{run.stdout}{run.stderr}")
        as_json = handbook(*args, *folder, "--json")
        data[said] = (
            json.loads(as_json.stdout)
            if as_json.returncode == 0
            else {"exit": as_json.returncode, "stderr": as_json.stderr}
        )
    return "\n".join(text), json.dumps(data, indent=1, ensure_ascii=False, sort_keys=True) + "\n"


def paths(slug: str) -> tuple[Path, Path]:
    return GOLDEN / f"{slug}.txt", GOLDEN / f"{slug}.json"


def write() -> list[Path]:
    GOLDEN.mkdir(exist_ok=True)
    written = []
    for slug in slugs():
        text, data = answers(slug)
        for path, content in zip(paths(slug), (text, data), strict=True):
            path.write_text(content, encoding="utf-8")
            written.append(path)
    return written


if __name__ == "__main__":
    for path in write():
        print(f"wrote {path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path}")
    sys.exit(0)
