"""What a reader is told, pinned: every stage and route of every protocol at
fixed dates, as the command line says it in text and in JSON, equals the
reviewed files under tests/golden/ (written by `python -m tests.golden`)."""

from __future__ import annotations

import difflib

import pytest

from authoring.commands import slugs
from tests.golden import STARTS, answers, paths, questions

REWRITE = "after a change you mean, run `.venv/bin/python -m tests.golden` and review the diff"


@pytest.mark.parametrize("slug", slugs())
def test_the_answers_read_as_the_golden_files_say(slug):
    text_path, json_path = paths(slug)
    assert text_path.is_file() and json_path.is_file(), f"no golden answers for {slug}: {REWRITE}"
    for path, now in zip((text_path, json_path), answers(slug), strict=True):
        kept = path.read_text(encoding="utf-8")
        if kept != now:
            diff = "".join(
                difflib.unified_diff(kept.splitlines(True), now.splitlines(True), str(path.name), "now", n=2)
            )
            pytest.fail(f"what readers are told has changed ({REWRITE}):\n{diff[:6000]}")


@pytest.mark.parametrize("slug", slugs())
def test_the_golden_answers_cover_every_stage_and_route_at_each_date(slug):
    from authoring.commands import protocol_by_slug

    protocol = protocol_by_slug(slug)
    asked = list(questions(slug))
    for stage in protocol.stages:
        for start in STARTS:
            assert any(a[2] == stage.id and a[3] == start for a in asked), (stage.id, start)
    if any(t.when == "urgent" for s in protocol.stages for t in s.next):
        assert any("--urgent" in a for a in asked) and any("--not-urgent" in a for a in asked)
