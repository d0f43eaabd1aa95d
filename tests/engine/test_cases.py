"""Deadline cases written as data (tests/cases/<slug>.yaml), each run through the
command line (in this process), and how `handbook list` and `handbook deadline` treat bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from tests.support.cli import handbook

ROOT = Path(__file__).resolve().parents[2]
CASES_DIR = ROOT / "tests" / "cases"
PROTOCOL_SLUGS = sorted(p.stem for p in (ROOT / "protocols").glob("*.yaml"))
CASE_KEYS = {"name", "stage", "start", "urgent", "dates", "today", "expect"}
EXPECT_KEYS = {"due", "next", "skipped"}
#: Optional expectations: the event each deadline is counted from and its date,
#: the events whose dates are missing, both readings of a limit given two ways,
#: the routes offered where no route is taken, the same-day duties, the review.
EXPECT_MORE = {
    "counted_from",
    "needs",
    "readings",
    "branches",
    "duties",
    "review_overdue",
    "lands_on",
    # the later stages' starts and why the projection stops; the
    # two dates a source's own definition of a working day gives
    "timeline",
    "timeline_note",
    "definition",
}
MIN_CASES_PER_PROTOCOL = 5


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
            if "refused" in case["expect"]:  # input the answer refuses: one line, exit 2
                assert set(case["expect"]) == {"refused"}, case["name"]
            else:
                assert EXPECT_KEYS <= set(case["expect"]) <= EXPECT_KEYS | EXPECT_MORE, case["name"]
            assert case["name"].endswith(".") and case["name"][0].isupper(), case["name"]


def _args(slug: str, case: dict) -> list[str]:
    args = [
        "deadline",
        slug,
        str(case["stage"]),
        str(case["start"]),
        "--json",
        "--today",
        str(case.get("today", "2026-12-02")),
    ]
    if case.get("urgent") is True:
        args.append("--urgent")
    elif case.get("urgent") is False:
        args.append("--not-urgent")
    for event, day in (case.get("dates") or {}).items():
        args += ["--date", f"{event}={day}"]
    return args


def _run_case(slug: str, case: dict) -> dict:
    run = handbook(*_args(slug, case))
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)


@pytest.mark.parametrize("slug, case", list(_all_cases()))
def test_each_case_gets_the_dates_and_next_stage_worked_out_by_hand(slug, case):
    expect = case["expect"]
    if "refused" in expect:
        run = handbook(*_args(slug, case))
        assert (run.returncode, run.stdout) == (2, "")
        assert run.stderr.count("\n") == 1 and expect["refused"] in run.stderr, run.stderr
        return
    result = _run_case(slug, case)
    assert [d["due"] for d in result["deadlines"] if d["due"] is not None] == _dates(expect["due"])
    assert (result["next"]["id"] if result["next"] else None) == (
        None if expect["next"] is None else str(expect["next"])
    )
    skipped = []
    for d in result["deadlines"]:
        skipped += [s["date"] for s in d["skipped"] if s["date"] not in skipped]
    assert skipped == _dates(expect["skipped"])
    if not expect["due"] and "needs" not in expect:
        assert all(d["within"] is None for d in result["deadlines"])
    dated = [d for d in result["deadlines"] if d["due"] is not None]
    if "counted_from" in expect:
        # every dated deadline: the event it is counted from, and that event's date
        assert [[d["counted_from"]["event"], d["counted_from"]["date"]] for d in dated] == [
            [e, str(day)] for e, day in expect["counted_from"]
        ]
    for d in dated:
        assert d["counted_from"]["date"] is not None and d["needs"] is None
    undated = [d for d in result["deadlines"] if d["within"] is not None and d["due"] is None]
    assert [d["needs"] for d in undated] == expect.get("needs", [])
    for d in undated:
        assert d["counted_from"]["date"] is None and d["counted_from"]["event"] == d["needs"]
    if "readings" in expect:
        assert [[[r["wording"], r["due"], r["earlier"]] for r in d["readings"]] for d in dated if d["readings"]] == [
            [[w, str(day), earlier] for w, day, earlier in group] for group in expect["readings"]
        ]
    if "branches" in expect:
        assert result["next"] is None and result["route_note"]
        assert [[b["id"], b["when"]] for b in result["branches"]] == expect["branches"]
    if "duties" in expect:
        assert [c["in_words"] for c in result["child_protection"] if c["in_words"]] == expect["duties"]
    if "review_overdue" in expect:
        assert (result["review"] or {}).get("overdue") is expect["review_overdue"]
    if "timeline" in expect:
        assert [[e["stage"]["id"], e["start"]] for e in result["timeline"]] == [
            [str(i), None if day is None else str(day)] for i, day in expect["timeline"]
        ]
    if "timeline_note" in expect:
        assert expect["timeline_note"] in (result["timeline_note"] or result["route_note"] or "")
    if "definition" in expect:
        # [the handbook's date, the date by the source's own definition of a working day]
        assert [
            [r["due"] for r in d["readings"]] for d in dated if any(r.get("definition") for r in d["readings"])
        ] == [[str(a), str(b)] for a, b in expect["definition"]]
    if "lands_on" in expect:
        assert [[d["lands_on"]["date"], d["lands_on"]["name"]] for d in dated if d["lands_on"]] == [
            [str(day), name] for day, name in expect["lands_on"]
        ]


# The command line's contract --------------------------------------------------
@pytest.mark.parametrize(
    "args, message",
    [
        (["no-such-partnership", "1", "2026-01-05"], "unknown partnership 'no-such-partnership'"),
        (["lscp", "9", "2026-01-05"], "unknown stage '9' for lscp; expected one of: 1, 2, 3, 4-urgent, 4-non-urgent"),
        (["lscp", "1", "2026-13-01"], "2026-13-01 is not a real date"),
        (["lscp", "1", "2026-02-30"], "2026-02-30 is not a real date"),
        (["lscp", "1", "26/12/2026"], "is not a date in the form YYYY-MM-DD"),
        (["lscp", "1", "tomorrow"], "'tomorrow' is not a date in the form YYYY-MM-DD"),
        (["lscp", "1", "1999-01-01"], "1999-01-01 is outside the calendar, which covers 2019 to 2040"),
        (
            ["lscp", "2", "2026-01-05", "--date", "stage-9=2026-01-01"],
            "unknown event 'stage-9' for lscp; expected one of: stage-1,",
        ),
        (["lscp", "2", "2026-01-05", "--date", "notification=2026-01-01"], "unknown event 'notification' for lscp"),
        (["lscp", "2", "2026-01-05", "--date", "stage-1"], "--date 'stage-1': expected EVENT=YYYY-MM-DD"),
        (["lscp", "2", "2026-01-05", "--date", "stage-1=2026-02-30"], "--date stage-1: 2026-02-30 is not a real date"),
        (["lscp", "2", "2026-01-05", "--date", "stage-1=1990-01-01"], "1990-01-01 is outside the calendar"),
        (["lscp", "2", "2026-01-05", "--date", "stage-2=2026-01-06"], "two dates for stage-2"),
        (["lscp", "4", "2026-01-05"], "step 4 of lscp has more than one route: give its id (4-urgent, 4-non-urgent)"),
    ],
)
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
    run = handbook(
        "deadline",
        "safeguarding-children-partnership",
        "2",
        "2026-12-22",
        "--date",
        "stage-1=2026-12-21",
        "--today",
        "2026-12-02",
    )
    assert run.returncode == 0, run.stderr
    assert "Wednesday 30 December 2026" in run.stdout
    assert "within 5 working days of stage 1" in run.stdout
    assert "counted from: Monday 21 December 2026, the day stage 1 began" in " ".join(run.stdout.split())
    assert "2026-12-25 Christmas Day" in run.stdout
    assert "in 18 working days" in run.stdout
    assert "Stage 3" in run.stdout  # what comes next
    assert "Timeline" in run.stdout


def test_a_deadline_whose_event_has_no_date_says_which_date_it_needs():
    run = handbook("deadline", "safeguarding-children-partnership", "2", "2026-12-24")
    assert run.returncode == 0, run.stderr
    assert "No date yet" in run.stdout
    assert "--date stage-1=YYYY-MM-DD" in run.stdout
    assert (
        "Thursday 31 December 2026" not in run.stdout
        and "Tuesday 5 January 2027" not in run.stdout.split("Timeline")[0]
    )


def test_records_are_printed_once():
    run = handbook("deadline", "staffordshire-stoke-on-trent", "1", "2026-12-22")
    record = " ".join(run.stdout.split("Record:")[1].split())
    assert record.count("approve and date the record") == 1


def test_help_states_the_event_anchored_contract():
    run = handbook("deadline", "--help")
    assert run.returncode == 0
    text = " ".join(run.stdout.split())
    for words in (
        "--date EVENT=YYYY-MM-DD",
        "--urgent",
        "--not-urgent",
        "stage-<ID>",
        "never counted from another day",
        '"needs": EVENT',
    ):
        assert words in text, words


def test_an_invalid_protocol_file_exits_2_with_one_line_pointing_to_handbook_check(tmp_path, capsys):
    import argparse

    from authoring import commands

    (tmp_path / "broken.yaml").write_text("slug: broken\nname: [unclosed\n", encoding="utf-8")
    status = commands.main(
        argparse.Namespace(
            command="deadline",
            slug="broken",
            stage="1",
            start="2026-01-05",
            urgent=None,
            json=True,
            date=[],
            today=None,
            protocols=str(tmp_path),
        )
    )
    err = capsys.readouterr().err
    assert status == 2
    assert len(err.splitlines()) == 1
    assert "broken.yaml" in err and "handbook check" in err
