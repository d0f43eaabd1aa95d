"""`handbook record`: a dated entry in a partnership's change history, an
amendment or a correction, compared with the copy last recorded; `handbook
check`'s reminder of a change not yet recorded; a history file that does not
fit its schema refused in one line per problem. Each test works on a copy of
the real protocols in a temporary folder."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
import yaml

from authoring.diff.reference_start import working_start
from authoring.display import handbook_command
from authoring.history.history_file import read_history
from authoring.holiday_table import build_table
from authoring.reading.problems import ProtocolError
from tests.support.cli import handbook

ROOT = Path(__file__).resolve().parents[2]
SUNDAY = "2026-12-06"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A copy of the protocols, without their recorded history."""
    target = tmp_path / "protocols"
    shutil.copytree(ROOT / "protocols", target, ignore=shutil.ignore_patterns("history"))
    return target


def _replace(path: Path, was: str, now: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert was in text
    path.write_text(text.replace(was, now), encoding="utf-8")


def _record(folder: Path, *slugs: str):
    return handbook("record", *slugs, "--protocols", str(folder), "--today", SUNDAY)


def test_a_first_record_keeps_the_file_to_compare_with_and_adds_no_entry(folder):
    result = _record(folder, "lscp")
    assert result.returncode == 0, result.stderr
    assert "LSCP: first record" in result.stdout
    assert (folder / "history" / "recorded" / "lscp.yaml").read_bytes() == (folder / "lscp.yaml").read_bytes()
    assert (folder / "history" / "recorded" / "sources" / "lscp.txt").is_file()
    assert not (folder / "history" / "lscp.yaml").exists()
    assert "nothing changed" in _record(folder, "lscp").stdout


def test_a_changed_source_text_is_an_amendment_with_its_due_dates_from_a_working_day(folder):
    _record(folder, "lscp")
    for path in (folder / "lscp.yaml", folder / "sources" / "lscp.txt"):
        _replace(path, "5 working days of step 1", "3 working days of step 1")
    _replace(folder / "lscp.yaml", "within: {working_days: 5}", "within: {working_days: 3}")
    result = _record(folder, "lscp")
    assert result.returncode == 0, result.stderr
    (entry,) = read_history(folder, "lscp", "LSCP").entries
    assert (entry.id, entry.kind, entry.date) == ("lscp/2026-12-06/1", "amendment", dt.date(2026, 12, 6))
    # Recorded on a Sunday: the due dates are for a step starting on Monday.
    assert entry.start == dt.date(2026, 12, 7)
    (moved,) = entry.moved
    assert "within 5 working days → within 3 working days" in moved.text
    assert (moved.old_due, moved.new_due) == (dt.date(2026, 12, 14), dt.date(2026, 12, 10))
    assert "for a step starting on Mon 7 Dec 2026" in entry.summary
    assert "Sun" not in (folder / "history" / "lscp.yaml").read_text(encoding="utf-8")


def test_a_changed_file_with_the_same_source_text_is_a_correction(folder):
    _record(folder)
    _replace(folder / "salford.yaml", "action: The practitioner's manager contacts", "action: The manager contacts")
    assert _record(folder).returncode == 0
    (entry,) = read_history(folder, "salford", "Salford").entries
    assert entry.kind == "correction"
    assert entry.kind_words == "Correction of the handbook's reading"
    assert "no due date moved" in entry.summary
    # A second change the same day gets the next id; the newest comes first.
    _replace(folder / "salford.yaml", "action: The manager contacts", "action: The manager calls")
    _record(folder)
    assert [e.id for e in read_history(folder, "salford", "Salford").entries] == [
        "salford/2026-12-06/2",
        "salford/2026-12-06/1",
    ]


def test_check_reminds_of_a_change_not_yet_recorded(folder):
    _record(folder)
    assert "since its last record" not in handbook("check", "--protocols", str(folder)).stderr
    _replace(folder / "cscp.yaml", "Give feedback to all parties.", "Give feedback to everyone.")
    result = handbook("check", "--protocols", str(folder))
    record = f"`{handbook_command()} record cscp --protocols {folder}`"
    assert f"cscp.yaml: changed since its last record; {record}" in result.stderr


def test_a_history_file_that_does_not_fit_its_schema_is_refused_with_its_line(folder):
    history = folder / "history"
    history.mkdir()
    entry = {"id": "cscp/2026-12-02/1", "date": "soon", "kind": "fix", "summary": "x", "start": "2026-12-02"}
    (history / "cscp.yaml").write_text(
        yaml.safe_dump({"slug": "cscp", "name": "CSCP", "changes": [{**entry, "differences": []}]}), encoding="utf-8"
    )
    with pytest.raises(ProtocolError) as caught:
        read_history(folder, "cscp", "CSCP")
    text = str(caught.value)
    assert "cscp.yaml:" in text and "kind" in text and "date" in text and "differences" in text
    result = _record(folder, "cscp")
    _replace(folder / "cscp.yaml", "Give feedback to all parties.", "Give feedback to everyone.")
    result = _record(folder, "cscp")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "history/cscp.yaml:" in result.stderr


def test_a_record_of_a_slug_with_no_file_says_so_in_one_line(folder):
    result = _record(folder, "nowhere")
    assert result.returncode == 2
    assert result.stderr.strip().endswith("no such protocol file (expected SLUG as in SLUG.yaml)")


@pytest.mark.parametrize(
    ("day", "start"),
    [("2026-12-05", "2026-12-07"), ("2026-12-25", "2026-12-29"), ("2026-12-08", "2026-12-08")],
)
def test_due_dates_are_counted_from_a_working_day(day, start):
    table = build_table("england-and-wales")
    assert working_start(dt.date.fromisoformat(day), table) == dt.date.fromisoformat(start)


def test_the_recorded_history_of_the_five_partnerships_is_read_and_every_entry_is_a_correction():
    """The corrections already made to the five files, recovered from the repository's history."""
    for path in sorted((ROOT / "protocols").glob("*.yaml")):
        history = read_history(ROOT / "protocols", path.stem, path.stem)
        assert history.entries, path.stem
        assert all(e.kind == "correction" for e in history.entries)
        assert all(working_start(e.start, build_table("england-and-wales")) == e.start for e in history.entries)
        assert (ROOT / "protocols" / "history" / "recorded" / path.name).read_bytes() == path.read_bytes(), (
            f"{path.name} changed since its last record: run `handbook record {path.stem}`"
        )


def test_a_new_edition_is_an_amendment_dated_the_day_it_takes_effect_counted_from_the_next_working_day(folder):
    _record(folder, "lscp")
    _replace(
        folder / "lscp.yaml", "source: sources/lscp.txt\n", "source: sources/lscp.txt\n  in_force_from: 2027-03-27\n"
    )
    result = _record(folder, "lscp")
    assert result.returncode == 0, result.stderr
    (entry,) = read_history(folder, "lscp", "LSCP").entries
    # Saturday 27 March 2027; Monday 29 March is Easter Monday.
    assert (entry.kind, entry.date, entry.start) == ("amendment", dt.date(2027, 3, 27), dt.date(2027, 3, 30))
    assert entry.summary == (
        "LSCP amended its procedure with a new edition in force from Sat 27 Mar 2027, replacing the earlier "
        "edition: 1 difference; no due date moved for a step starting on Tue 30 Mar 2027."
    )
    assert [d.text for d in entry.differences] == ["In force from: not stated → Sat 27 Mar 2027"]
