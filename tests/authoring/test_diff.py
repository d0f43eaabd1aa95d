"""`handbook diff`: what changes between two versions of a protocol, and how
each change moves the deadlines for a reference start date.

Every test edits a copy of a real protocol in a temporary folder. Expected due
dates are counted by hand from the counting rule (the start day is not
counted; weekends and the bank holidays of England and Wales are skipped).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from authoring.checked import load_protocol
from authoring.diff.compare import diff_protocols
from authoring.diff.output import render_text
from authoring.holiday_table import build_table
from handbook_site.changes_page import render_markdown
from tests.support.cli import handbook, handbook_process

ROOT = Path(__file__).resolve().parents[2]
PROTOCOLS = ROOT / "protocols"

#: Tuesday 22 December 2026: Christmas Day (Fri 25) and Boxing Day (observed,
#: Mon 28) fall in the next five working days.
START = dt.date(2026, 12, 22)


def table_for_nation(nation: str):
    return build_table(nation)


def copy_protocol(tmp_path: Path, slug: str, edit=None, version: str = "") -> Path:
    """A copy of protocols/<slug>.yaml (and the sources it quotes) in
    tmp_path/<version>/protocols/, after `edit(data)` changes its data in
    place. The file keeps its name: a protocol's slug is its file name."""
    folder = tmp_path / version / "protocols"
    if not (folder / "sources").exists():
        shutil.copytree(PROTOCOLS / "sources", folder / "sources")
        shutil.copy(PROTOCOLS / "protocol.schema.json", folder / "protocol.schema.json")
    data = yaml.safe_load((PROTOCOLS / f"{slug}.yaml").read_text(encoding="utf-8"))
    if edit is not None:
        # An edit that changes the procedure's words returns them as (old, new)
        # pairs: this version's source text says the new words too.
        for was, now in edit(data) or ():
            source = folder / data["document"]["source"]
            text = source.read_text(encoding="utf-8")
            # As quotes are compared: any white space, emphasis or tags between the words.
            words = re.compile(r"(?:\s|\*|<[^>]+>)+".join(map(re.escape, was.split())))
            assert words.search(text), was
            source.write_text(words.sub(now, text), encoding="utf-8")
            _requote(data, words, now)
    target = folder / f"{slug}.yaml"
    target.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return target


def _requote(value, words: re.Pattern, now: str) -> None:
    """Every quote in the data that held the old words now holds the new ones."""
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for key, item in list(items):
        if key == "quote" and isinstance(item, str):
            value[key] = words.sub(now, item)
        elif key == "quote" and isinstance(item, list):
            value[key] = [words.sub(now, q) if isinstance(q, str) else q for q in item]
        else:
            _requote(item, words, now)


def stage(data: dict, stage_id: str) -> dict:
    return next(s for s in data["stages"] if str(s["id"]) == stage_id)


def changes_between(old_path: Path, new_path: Path, start: dt.date = START):
    return diff_protocols(load_protocol(old_path), load_protocol(new_path), start, table_for_nation)


def run_cli(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    """`python -m authoring.cli diff ARGS...` in a process of its own: the entry point itself."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return handbook_process("diff", *args, cwd=cwd, env=env)


def diff_in_process(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    """The same command run in this process (tests/support/cli.py), in the folder `cwd`."""
    return handbook("diff", *args, cwd=cwd)


# Timescales and their deadlines -----------------------------------------------------
NUMBER_WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]


def set_working_days(t: dict, days: int) -> list[tuple[str, str]]:
    """A timescale's limit changed as a procedure would change it: its
    `within`, its wording, and the words of its quote and the source."""
    was = t["within"]["working_days"]
    number = re.compile(rf"\b({was}|{NUMBER_WORDS[was]})( working days?)", re.IGNORECASE)
    new_wording = number.sub(
        lambda m: (
            (str(days) if m.group(1).isdigit() else NUMBER_WORDS[days])
            + (" working days" if days != 1 else " working day")
        ),
        t["wording"],
        count=1,
    )
    pairs = [(t["wording"], new_wording)]
    quotes = t["quote"] if isinstance(t["quote"], list) else [t["quote"]]
    # The limit as each quote states it ("within 5 working days" beside the
    # wording's "within five working days") changes too: the source must not
    # go on stating the old limit with nothing to encode it.
    for q in quotes:
        if t["wording"] not in q and number.search(q):
            pairs.append(
                (
                    q,
                    number.sub(
                        lambda m: (
                            (str(days) if m.group(1).isdigit() else NUMBER_WORDS[days])
                            + (" working days" if days != 1 else " working day")
                        ),
                        q,
                        count=1,
                    ),
                )
            )
    quotes = [q.replace(t["wording"], new_wording) for q in quotes]
    t["quote"] = quotes if isinstance(t["quote"], list) else quotes[0]
    t["wording"] = new_wording
    t["within"] = {"working_days": days}
    return pairs


def shorten_stage_2(data: dict) -> list[tuple[str, str]]:
    t = stage(data, "2")["timescales"][0]
    assert t["id"] == "managers-discussion" and t["within"] == {"working_days": 5}
    return set_working_days(t, 3)


def test_a_shorter_timescale_is_named_with_its_old_and_new_deadline(tmp_path):
    old = copy_protocol(tmp_path, "safeguarding-children-partnership", version="old")
    new = copy_protocol(tmp_path, "safeguarding-children-partnership", shorten_stage_2, version="new")
    changes = changes_between(old, new)
    timescale = [c for c in changes if c.what == "timescale"]
    assert len(timescale) == 1
    c = timescale[0]
    assert c.kind == "changed"
    assert c.path == "stages[1].timescales[0]"
    assert "Stage 2, timescale 'managers-discussion'" in c.description
    assert "within 5 working days → within 3 working days" in c.description
    # 5 working days after Tue 22 Dec 2026: 23, 24, (25, 28 bank holidays), 29, 30, 31.
    # 3 working days: 23, 24, 29.
    assert c.deadline == {"old": dt.date(2026, 12, 31), "new": dt.date(2026, 12, 29)}
    text = render_text(changes, "safeguarding-children-partnership", "old.yaml", "new.yaml", START)
    assert "Thu 31 Dec 2026 → Tue 29 Dec 2026" in text


def test_every_changed_timescale_in_a_protocol_is_named(tmp_path):
    def shorten_all(data):
        pairs = []
        for s in data["stages"]:
            for t in s.get("timescales") or []:
                if t.get("within", {}).get("working_days", 0) > 1:
                    pairs += set_working_days(t, t["within"]["working_days"] - 1)
        return sorted(dict.fromkeys(pairs), key=lambda pair: -len(pair[0]))  # longest first

    old = copy_protocol(tmp_path, "staffordshire-stoke-on-trent", version="old")
    new = copy_protocol(tmp_path, "staffordshire-stoke-on-trent", shorten_all, version="new")
    expected = {
        (str(s["id"]), t["id"])
        for s in yaml.safe_load(old.read_text())["stages"]
        for t in s.get("timescales") or []
        if t.get("within", {}).get("working_days", 0) > 1
    }
    assert expected, "the protocol should have timescales longer than one working day"
    # (A timescale that only quotes the changed words is named too, for its quote.)
    changes = [
        c for c in changes_between(old, new) if c.what == "timescale" and c.old.get("within") != c.new.get("within")
    ]
    named = {(c.path, c.description) for c in changes}
    assert len(changes) == len(expected)
    for stage_id, timescale_id in expected:
        assert any(f"Stage {stage_id}, timescale '{timescale_id}'" in d for _, d in named)
    for c in changes:
        assert c.deadline["old"] is not None and c.deadline["new"] is not None
        assert c.deadline["new"] < c.deadline["old"]


def test_a_calendar_change_names_the_timescales_whose_due_date_moves(tmp_path):
    def close_on_23_december(data):
        data["calendar"]["closure_days"] = [{"date": dt.date(2026, 12, 23), "name": "Office closed"}]

    old = copy_protocol(tmp_path, "safeguarding-children-partnership", version="old")
    new = copy_protocol(tmp_path, "safeguarding-children-partnership", close_on_23_december, version="new")
    changes = changes_between(old, new)
    calendar = [c for c in changes if c.what == "calendar"]
    assert [c.kind for c in calendar] == ["added"]
    assert "Wed 23 Dec 2026 (Office closed)" in calendar[0].description
    moved = {c.path: c.deadline for c in changes if c.what == "timescale"}
    # Stage 2: 5 working days after 22 Dec, now also skipping 23 Dec: 24, 29, 30, 31, 4 Jan
    # (1 Jan 2027 is New Year's Day).
    assert moved["stages[1].timescales[0]"] == {"old": dt.date(2026, 12, 31), "new": dt.date(2027, 1, 4)}
    # Stage 1's plan: 2 working days: 23, 24 → 24, 29.
    assert moved["stages[0].timescales[1]"] == {"old": dt.date(2026, 12, 24), "new": dt.date(2026, 12, 29)}
    # "Immediately" has no date, so it does not move.
    assert "stages[0].timescales[0]" not in moved


# Stages, contacts, forms, duties, document ---------------------------------------------
def test_a_removed_stage_is_named_with_the_deadlines_it_took_away(tmp_path):
    def remove_stage_5(data):
        data["stages"] = [s for s in data["stages"] if str(s["id"]) != "5"]
        stage(data, "4")["next"] = []
        data["events"] = [e for e in data["events"] if str(e.get("stage")) != "5"]
        # the source still says it: the version says why it sets no deadline
        data["not_deadlines"] = [
            {
                "quote": "one of the Strategic Leads will offer mediation within 5 "
                "working days of notification to the Business Office",
                "reason": "This version leaves stage 5 out.",
            }
        ]

    old = copy_protocol(tmp_path, "safeguarding-children-partnership", version="old")
    new = copy_protocol(tmp_path, "safeguarding-children-partnership", remove_stage_5, version="new")
    changes = changes_between(old, new)
    by_what = {(c.kind, c.what): c for c in changes}
    assert by_what[("removed", "stage")].description == "Stage 5 removed: Partnership resolution"
    removed = [c for c in changes if c.kind == "removed" and c.what == "timescale"]
    assert len(removed) == 1
    assert "Stage 5, timescale 'mediation-offered' removed" in removed[0].description
    # 5 working days after 22 Dec 2026: 31 Dec.
    assert removed[0].deadline == {"old": dt.date(2026, 12, 31), "new": None}
    contact = by_what[("removed", "contact")]
    assert contact.description == "Stage 4: no longer goes on to Stage 5"


def test_an_added_contact_is_named(tmp_path):
    def add_contact(data):
        stage(data, "1")["next"][0]["contacts"].append("safeguarding-children-leads")

    old = copy_protocol(tmp_path, "safeguarding-children-partnership", version="old")
    new = copy_protocol(tmp_path, "safeguarding-children-partnership", add_contact, version="new")
    changes = changes_between(old, new)
    assert len(changes) == 1
    c = changes[0]
    assert (c.kind, c.what, c.path) == ("added", "contact", "stages[0].next[0].contacts")
    assert c.description == "Stage 1, contact before Stage 2 added: Safeguarding children leads"
    assert c.deadline is None


def test_a_changed_form_field_is_named_with_its_old_and_new_label(tmp_path):
    data = yaml.safe_load((PROTOCOLS / "salford.yaml").read_text(encoding="utf-8"))
    form = next(f for f in data["forms"] if f.get("fields"))
    first = form["fields"][0]
    old_label = first if isinstance(first, str) else first["label"]

    def rename_field(d):
        f = next(x for x in d["forms"] if x["id"] == form["id"])
        if isinstance(f["fields"][0], str):
            f["fields"][0] = "Child's full name"
        else:
            f["fields"][0]["label"] = "Child's full name"

    old = copy_protocol(tmp_path, "salford", version="old")
    new = copy_protocol(tmp_path, "salford", rename_field, version="new")
    changes = changes_between(old, new)
    assert len(changes) == 1
    c = changes[0]
    assert (c.kind, c.what) == ("changed", "form")
    assert c.old == old_label and c.new == "Child's full name"
    assert f"field “{old_label}” → “Child's full name”" in c.description


def test_a_changed_review_date_is_named(tmp_path):
    def postpone_review(data):
        data["document"]["review"] = dt.date(2018, 5, 15)

    old = copy_protocol(tmp_path, "salford", version="old")
    new = copy_protocol(tmp_path, "salford", postpone_review, version="new")
    changes = changes_between(old, new)
    assert [(c.kind, c.what, c.path) for c in changes] == [("changed", "document", "document.review")]
    assert changes[0].description == "Date of review: Sun 15 May 2016 → Tue 15 May 2018"


def test_a_removed_duty_is_named(tmp_path):
    def drop_record_keeping(data):
        data["record_keeping"] = []

    old = copy_protocol(tmp_path, "safeguarding-children-partnership", version="old")
    new = copy_protocol(tmp_path, "safeguarding-children-partnership", drop_record_keeping, version="new")
    changes = changes_between(old, new)
    assert [(c.kind, c.what) for c in changes] == [("removed", "duty")]
    assert changes[0].description.startswith("Record-keeping duty removed: “Record every escalation")


def test_two_identical_versions_have_no_differences(tmp_path):
    old = copy_protocol(tmp_path, "lscp", version="old")
    new = copy_protocol(tmp_path, "lscp", version="new")
    changes = changes_between(old, new)
    assert changes == []
    assert "no differences" in render_text(changes, "lscp", "old.yaml", "new.yaml", START)


def test_the_preview_page_gives_every_moved_deadline_as_a_time_element(tmp_path):
    old = copy_protocol(tmp_path, "safeguarding-children-partnership", version="old")
    new = copy_protocol(tmp_path, "safeguarding-children-partnership", shorten_stage_2, version="new")
    page = render_markdown(changes_between(old, new), "A Safeguarding Children Partnership", START)
    assert '<time datetime="2026-12-31">Thu 31 Dec 2026</time> → <time datetime="2026-12-29">' in page
    assert '<time datetime="2026-12-22">' in page


# The command ----------------------------------------------------------------------------
def test_the_command_prints_json_with_each_change_and_its_deadlines(tmp_path):
    old = copy_protocol(tmp_path, "safeguarding-children-partnership", version="old")
    new = copy_protocol(tmp_path, "safeguarding-children-partnership", shorten_stage_2, version="new")
    result = run_cli(str(old), str(new), "--start", "2026-12-22", "--json")
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["protocol"] == "safeguarding-children-partnership"
    assert (out["old"], out["new"], out["start"]) == (str(old), str(new), "2026-12-22")
    assert out["changes"] == [
        {
            "kind": "changed",
            "what": "timescale",
            "path": "stages[1].timescales[0]",
            "description": out["changes"][0]["description"],
            "old": {
                "id": "managers-discussion",
                "wording": "within 5 working days of stage 1",
                "from": "stage-1",
                "within": {"working_days": 5},
            },
            "new": {
                "id": "managers-discussion",
                "wording": "within 3 working days of stage 1",
                "from": "stage-1",
                "within": {"working_days": 3},
            },
            "deadline": {"old": "2026-12-31", "new": "2026-12-29"},
        }
    ]


def test_the_command_compares_a_git_revision_with_the_working_copy(tmp_path):
    repo = tmp_path / "repo"
    repo.mkdir()
    protocol = copy_protocol(repo, "safeguarding-children-partnership")
    git = ["git", "-c", "user.name=Test", "-c", "user.email=test@example.invalid"]
    subprocess.run(["git", "init", "-q"], cwd=repo, check=True)
    subprocess.run([*git, "add", "."], cwd=repo, check=True)
    subprocess.run([*git, "commit", "-q", "-m", "first"], cwd=repo, check=True)
    copy_protocol(repo, "safeguarding-children-partnership", shorten_stage_2)
    rel = protocol.relative_to(repo).as_posix()
    result = diff_in_process(f"HEAD:{rel}", "--start", "2026-12-22", cwd=repo)
    assert result.returncode == 0, result.stderr
    assert "within 5 working days → within 3 working days" in result.stdout
    assert "Thu 31 Dec 2026 → Tue 29 Dec 2026" in result.stdout
    # The same from a sub-folder, with the path relative to it.
    result = diff_in_process(
        "HEAD:safeguarding-children-partnership.yaml", "--start", "2026-12-22", cwd=protocol.parent
    )
    assert result.returncode == 0, result.stderr
    assert "Thu 31 Dec 2026 → Tue 29 Dec 2026" in result.stdout


def test_a_file_new_since_the_revision_is_said_to_be_new_in_one_line_with_exit_0(tmp_path):
    repo = tmp_path / "repo"
    repo.mkdir()
    copy_protocol(repo, "lscp")
    git = ["git", "-c", "user.name=Test", "-c", "user.email=test@example.invalid"]
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=repo, check=True)
    subprocess.run([*git, "add", "."], cwd=repo, check=True)
    subprocess.run([*git, "commit", "-q", "-m", "first"], cwd=repo, check=True)
    added = copy_protocol(repo, "salford")  # in the working copy only
    rel = added.relative_to(repo).as_posix()
    result = diff_in_process(f"main:{rel}", "--start", "2026-12-22", cwd=repo)
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"salford: {rel} is new since main, so there is no earlier version to compare it with.\n"
    assert result.stderr == ""
    result = diff_in_process(f"main:{rel}", "--start", "2026-12-22", "--json", cwd=repo)
    assert result.returncode == 0
    assert json.loads(result.stdout) == {
        "protocol": "salford",
        "old": f"main:{rel}",
        "new": rel,
        "start": "2026-12-22",
        "new_file": True,
        "changes": [],
    }
    # A file in neither is still an error, and so is an unknown revision (below).
    result = diff_in_process("main:protocols/nowhere.yaml", cwd=repo)
    assert result.returncode == 2 and "nowhere.yaml: no such file" in result.stderr


def test_an_unknown_git_revision_is_one_line_and_exit_2(tmp_path):
    repo = tmp_path / "repo"
    repo.mkdir()
    copy_protocol(repo, "lscp")
    subprocess.run(["git", "init", "-q"], cwd=repo, check=True)
    result = diff_in_process("no-such-revision:protocols/lscp.yaml", cwd=repo)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("no-such-revision:protocols/lscp.yaml: ")
    assert "Traceback" not in result.stderr


def test_an_invalid_protocol_file_gives_the_checkers_lines_and_exit_2(tmp_path):
    old = copy_protocol(tmp_path, "lscp", version="old")
    bad = copy_protocol(tmp_path, "lscp", version="bad")
    bad.write_text(old.read_text(encoding="utf-8").replace("stages:", "stages: [", 1), encoding="utf-8")
    result = diff_in_process(str(old), str(bad))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    first = result.stderr.splitlines()[0]
    assert first.startswith(f"{bad}:")
    line, column = first[len(str(bad)) + 1 :].split(":")[:2]
    assert line.isdigit() and column.isdigit()


@pytest.mark.parametrize(
    "args, expected",
    [
        (["{old}", "{old}", "--start", "2026-13-01"], "--start 2026-13-01: expected a date as YYYY-MM-DD"),
        (["{old}", "{old}", "--start", "1999-01-04"], "--start 1999-01-04: 1999-01-04 is outside the calendar"),
        (["{old}"], "give NEW too, or write OLD as REV:PATH"),
        (["{old}", "{missing}"], "no such file"),
    ],
)
def test_bad_input_is_one_line_on_stderr_and_exit_2(tmp_path, args, expected):
    old = copy_protocol(tmp_path, "lscp", version="old")
    missing = tmp_path / "missing.yaml"
    result = diff_in_process(*[a.format(old=old, missing=missing) for a in args])
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert expected in result.stderr


def test_the_handbook_s_own_notes_gaps_and_ways_to_raise_are_named(tmp_path):
    """What a reader sees beside the procedure's words, in the handbook's own
    words, is compared too: a correction to one is never 'only the layout'."""

    def correct_notes(data):
        data["name_note"] = "The partnership's full name is not given."
        data["raising"]["ways"][3]["recommended"] = True
        gapped = next(s for s in data["stages"] if s.get("gaps"))
        gapped["gaps"][0]["text"] = "The source does not say who chairs the meeting."
        data["stages"][0]["note"] = "The handbook reads this step as one meeting."

    old = copy_protocol(tmp_path, "lscp", version="old")
    new = copy_protocol(tmp_path, "lscp", correct_notes, version="new")
    said = [c.description for c in changes_between(old, new)]
    assert any(d.startswith("Note on the partnership's name: ") for d in said), said
    assert "Ways to raise a disagreement: telephone, face to face, online meeting, email (not recommended)" in " ".join(
        said
    ), said
    assert any("where the source is unclear changed" in d and "who chairs the meeting" in d for d in said), said
    assert any("the handbook's reading of its staging: " in d and "as one meeting" in d for d in said), said
    assert len(said) == 4, said
