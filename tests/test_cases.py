"""Deadline cases written as data (tests/cases/<slug>.yaml), each run through the
real command line, and how `handbook list` and `handbook deadline` treat bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
CASES_DIR = Path(__file__).resolve().parent / "cases"
PROTOCOL_SLUGS = sorted(p.stem for p in (ROOT / "protocols").glob("*.yaml"))
CASE_KEYS = {"name", "stage", "start", "urgent", "expect"}
EXPECT_KEYS = {"due", "next", "skipped"}
MIN_CASES_PER_PROTOCOL = 5


def handbook(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "calculator.cli", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)


def _case_files() -> dict[str, dict]:
    return {p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted(CASES_DIR.glob("*.yaml"))}


def _all_cases():
    for slug, data in _case_files().items():
        for case in data["cases"]:
            yield pytest.param(slug, case, id=f"{slug}: {case['name']}")


def _dates(values) -> list[str]:
    return [str(v) for v in values]


def test_every_partnership_has_at_least_five_cases_in_a_file_named_after_it():
    files = _case_files()
    assert sorted(files) == PROTOCOL_SLUGS
    for slug, data in files.items():
        assert data["protocol"] == slug
        assert len(data["cases"]) >= MIN_CASES_PER_PROTOCOL, slug
        for case in data["cases"]:
            assert set(case) <= CASE_KEYS and {"name", "stage", "start", "expect"} <= set(case), case
            assert set(case["expect"]) == EXPECT_KEYS, case["name"]
            assert case["name"].endswith(".") and case["name"][0].isupper(), case["name"]


@pytest.mark.parametrize("slug, case", list(_all_cases()))
def test_each_case_gets_the_dates_and_next_stage_worked_out_by_hand(slug, case):
    args = ["deadline", slug, str(case["stage"]), str(case["start"]), "--json"]
    if case.get("urgent"):
        args.append("--urgent")
    run = handbook(*args)
    assert run.returncode == 0, run.stderr
    result = json.loads(run.stdout)
    expect = case["expect"]
    assert [d["due"] for d in result["deadlines"] if d["due"] is not None] == _dates(expect["due"])
    assert (result["next"]["id"] if result["next"] else None) == (
        None if expect["next"] is None else str(expect["next"]))
    skipped = []
    for d in result["deadlines"]:
        skipped += [s["date"] for s in d["skipped"] if s["date"] not in skipped]
    assert skipped == _dates(expect["skipped"])
    if not expect["due"]:
        assert all(d["within"] is None for d in result["deadlines"])


# The command line's contract --------------------------------------------------
@pytest.mark.parametrize("args, message", [
    (["no-such-partnership", "1", "2026-01-05"], "unknown partnership 'no-such-partnership'"),
    (["lscp", "9", "2026-01-05"], "unknown stage '9' for lscp; expected one of: 1, 2, 3, 4-urgent, 4-non-urgent"),
    (["lscp", "1", "2026-13-01"], "2026-13-01 is not a real date"),
    (["lscp", "1", "2026-02-30"], "2026-02-30 is not a real date"),
    (["lscp", "1", "26/12/2026"], "is not a date in the form YYYY-MM-DD"),
    (["lscp", "1", "tomorrow"], "'tomorrow' is not a date in the form YYYY-MM-DD"),
    (["lscp", "1", "1999-01-01"], "1999-01-01 is outside the calendar, which covers 2019 to 2040"),
])
def test_bad_input_exits_2_with_one_line_on_stderr_and_no_traceback(args, message):
    run = handbook("deadline", *args, "--json")
    assert run.returncode == 2
    assert run.stdout == ""
    lines = run.stderr.splitlines()
    assert len(lines) == 1, run.stderr
    assert message in lines[0]
    assert "Traceback" not in run.stderr


def test_list_json_names_every_partnership_and_its_stages():
    run = handbook("list", "--json")
    assert run.returncode == 0, run.stderr
    listing = json.loads(run.stdout)
    assert sorted(item["slug"] for item in listing) == PROTOCOL_SLUGS
    for item in listing:
        assert set(item) == {"slug", "name", "stages"}
        assert isinstance(item["name"], str) and item["name"]
        assert item["stages"] and all(set(s) == {"id", "title"} for s in item["stages"])
        assert all(isinstance(s["id"], str) and isinstance(s["title"], str) for s in item["stages"])
    lscp = next(item for item in listing if item["slug"] == "lscp")
    assert [s["id"] for s in lscp["stages"]] == ["1", "2", "3", "4-urgent", "4-non-urgent"]


def test_deadline_prints_a_readable_answer_by_default():
    run = handbook("deadline", "safeguarding-children-partnership", "2", "2026-12-22")
    assert run.returncode == 0, run.stderr
    assert "Thursday 31 December 2026" in run.stdout
    assert "within 5 working days of stage 1" in run.stdout
    assert "2026-12-25 Christmas Day" in run.stdout
    assert "Stage 3" in run.stdout  # what comes next
    assert "Timeline" in run.stdout


def test_an_invalid_protocol_file_exits_2_with_one_line_pointing_to_handbook_check(tmp_path, monkeypatch, capsys):
    import argparse

    from calculator import commands

    (tmp_path / "broken.yaml").write_text("slug: broken\nname: [unclosed\n", encoding="utf-8")
    monkeypatch.setattr(commands, "PROTOCOLS_DIR", tmp_path)
    status = commands.main(argparse.Namespace(command="deadline", slug="broken", stage="1",
                                              start="2026-01-05", urgent=False, json=True))
    err = capsys.readouterr().err
    assert status == 2
    assert len(err.splitlines()) == 1
    assert "broken.yaml" in err and "handbook check" in err
