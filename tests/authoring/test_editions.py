"""Earlier editions: `handbook check` checks each and their order; `handbook revise`
starts the next edition from a revised .txt or .docx document, end to end."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.support.cli import ROOT, handbook

FIXTURE = ROOT / "tests" / "editions" / "protocols"
REAL = "safeguarding-children-partnership"


def _copy_fixture(tmp_path: Path) -> Path:
    folder = tmp_path / "protocols"
    shutil.copytree(FIXTURE, folder)
    return folder


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def _check(folder: Path):
    return handbook("check", "--protocols", str(folder))


def test_the_two_edition_fixture_checks_clean_edition_included():
    run = _check(FIXTURE)
    assert run.returncode == 0, run.stdout


def test_check_reads_the_earlier_edition_itself(tmp_path):
    folder = _copy_fixture(tmp_path)
    old = folder / "editions" / "wyreford" / "2025-09-01.yaml"
    _edit(old, "within: {working_days: 10}", "within: {working_days: 7}")
    run = _check(folder)
    assert run.returncode == 1
    assert "editions/wyreford/2025-09-01.yaml:" in run.stdout


def test_an_edition_whose_day_is_not_its_file_name_is_refused(tmp_path):
    folder = _copy_fixture(tmp_path)
    _edit(
        folder / "editions" / "wyreford" / "2025-09-01.yaml", "in_force_from: 2025-09-01", "in_force_from: 2025-09-02"
    )
    run = _check(folder)
    assert run.returncode == 1
    assert "document.in_force_from: 2025-09-02 is not the day in the file's name (2025-09-01.yaml)" in run.stdout


def test_a_current_edition_not_after_the_earlier_one_is_refused(tmp_path):
    folder = _copy_fixture(tmp_path)
    _edit(folder / "wyreford.yaml", "in_force_from: 2027-04-01", "in_force_from: 2025-09-01")
    run = _check(folder)
    assert run.returncode == 1
    line = next(x for x in run.stdout.splitlines() if "is not after" in x)
    assert "wyreford.yaml:" in line and "2025-09-01 is not after 2025-09-01" in line
    assert "editions/wyreford/2025-09-01.yaml" in line


def test_checking_one_current_file_checks_its_editions_order(tmp_path):
    folder = _copy_fixture(tmp_path)
    assert handbook("check", str(folder / "wyreford.yaml")).returncode == 0
    _edit(folder / "wyreford.yaml", "in_force_from: 2027-04-01", "in_force_from: 2025-06-01")
    run = handbook("check", str(folder / "wyreford.yaml"))
    assert run.returncode == 1
    line = next(x for x in run.stdout.splitlines() if "is not after" in x)
    assert line.startswith(f"{folder / 'wyreford.yaml'}:") and "2025-06-01 is not after 2025-09-01" in line
    assert (
        len(
            [
                x
                for x in handbook("check", str(folder), str(folder / "wyreford.yaml")).stdout.splitlines()
                if "is not after" in x
            ]
        )
        == 1
    )
    assert handbook("check", str(folder / "editions" / "wyreford" / "2025-09-01.yaml")).returncode == 0


def test_a_current_file_with_earlier_editions_must_say_when_it_took_effect(tmp_path):
    folder = _copy_fixture(tmp_path)
    _edit(folder / "wyreford.yaml", "  in_force_from: 2027-04-01\n", "")
    run = _check(folder)
    assert run.returncode == 1
    assert "document: expected in_force_from, the day this edition took effect (after 2025-09-01" in run.stdout


def test_the_deadline_command_refuses_editions_out_of_order(tmp_path):
    folder = _copy_fixture(tmp_path)
    _edit(folder / "wyreford.yaml", "in_force_from: 2027-04-01", "in_force_from: 2024-01-01")
    run = handbook("deadline", "wyreford", "1", "2026-12-01", "--protocols", str(folder))
    assert run.returncode == 2
    assert "not a valid protocol file" in run.stderr and "Traceback" not in run.stderr


def test_an_earliest_edition_gives_no_day_and_editions_need_a_current_file(tmp_path):
    folder = _copy_fixture(tmp_path)
    (folder / "editions" / "wyreford" / "2025-09-01.yaml").rename(folder / "editions" / "wyreford" / "earliest.yaml")
    run = _check(folder)
    assert "earliest.yaml is the edition whose first day is not known" in run.stdout
    (folder / "editions" / "wyreford" / "earliest.yaml").rename(folder / "editions" / "wyreford" / "v1.yaml")
    run = _check(folder)
    assert "file name 'v1.yaml': an earlier edition is named by the day it took effect" in run.stdout
    (folder / "wyreford.yaml").unlink()
    shutil.rmtree(folder / "editions" / "wyreford")
    (folder / "editions" / "other").mkdir()
    shutil.copy(FIXTURE / "editions" / "wyreford" / "2025-09-01.yaml", folder / "editions" / "other")
    shutil.copy(FIXTURE / "wyreford.yaml", folder / "kept.yaml")
    run = _check(folder)
    assert "earlier editions of 'other' but no current file; expected other.yaml beside editions/" in run.stdout


# handbook revise ---------------------------------------------------------------------------------------------


def _real_partnership(tmp_path: Path) -> Path:
    folder = tmp_path / "protocols"
    (folder / "sources").mkdir(parents=True)
    shutil.copy(ROOT / "protocols" / f"{REAL}.yaml", folder)
    shutil.copy(ROOT / "protocols" / "sources" / f"{REAL}.txt", folder / "sources")
    return folder


def _revised_lines() -> list[str]:
    text = (ROOT / "protocols" / "sources" / f"{REAL}.txt").read_text(encoding="utf-8")
    text = text.replace("within **5 working days** of stage 1", "within **3 working days** of stage 1")
    return text.replace("Stage 3 – Senior Manager to", "Stage 3 – Senior Leader to").splitlines()


def _document(tmp_path: Path, kind: str) -> Path:
    lines = _revised_lines()
    if kind == "txt":
        path = tmp_path / "revised.txt"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return path
    import docx

    document = docx.Document()
    for line in lines:
        document.add_paragraph(line.replace("**", ""))
    path = tmp_path / "revised.docx"
    document.save(str(path))
    return path


def _tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("kind", ["txt", "docx"])
def test_revise_starts_the_next_edition_and_lists_what_no_longer_matches(tmp_path, kind):
    folder = _real_partnership(tmp_path)
    before = _tree(folder)
    run = handbook("revise", REAL, "--source", str(_document(tmp_path, kind)), "--from", "2027-04-01",
                   "--protocols", str(folder))  # fmt: skip
    assert run.returncode == 0, run.stderr
    edition = folder / "editions" / REAL / "earliest.yaml"
    # nothing the author wrote is lost: the old file and source, byte for byte but the source's name
    old_source = f"sources/{REAL}-earliest.txt"
    assert (folder / old_source).read_bytes() == before[f"sources/{REAL}.txt"]
    assert edition.read_text(encoding="utf-8") == before[f"{REAL}.yaml"].decode().replace(
        f"source: sources/{REAL}.txt", f"source: {old_source}"
    )
    current = (folder / f"{REAL}.yaml").read_text(encoding="utf-8")
    assert current == before[f"{REAL}.yaml"].decode().replace(
        f"source: sources/{REAL}.txt\n", f"source: sources/{REAL}.txt\n  in_force_from: 2027-04-01\n"
    )
    assert "within 3 working days of stage 1" in (folder / "sources" / f"{REAL}.txt").read_text(encoding="utf-8")
    out = run.stdout
    limits, quotes = out.split("Limits that changed (1):")[1].split("Quotes not found in the new text (1):")
    assert "within 5 working days of stage 1" in limits and "(encoded as within {working_days: 5})" in limits
    assert "closest new passage, line" in limits and "within 3 working days of stage 1" in limits
    assert "Stage 3 – Senior Manager to Senior Manager Discussion" in quotes
    assert "Stage 3 – Senior Leader to Senior Manager Discussion" in quotes

    # the list is what the check finds; once the file follows it, the check passes
    assert _check(folder).returncode == 1
    path = folder / f"{REAL}.yaml"
    for old, new in [("within 5 working days of stage 1", "within 3 working days of stage 1")] * 2 + [
        ("Stage 3 – Senior Manager to", "Stage 3 – Senior Leader to"),
        (
            'within: {working_days: 5}\n        from: {stage: "1"',
            'within: {working_days: 3}\n        from: {stage: "1"',
        ),
    ]:
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    assert _check(folder).returncode == 0, _check(folder).stdout
    answer = handbook("deadline", REAL, "2", "2026-12-02", "--date", "stage-1=2026-11-30", "--json",
                      "--protocols", str(folder))  # fmt: skip
    result = json.loads(answer.stdout)
    assert result["edition"]["name"] == "the earliest edition"
    assert (
        "The edition in force from 1 April 2027 says “within 3 working days of stage 1”"
        in (result["edition"]["changes"][0]["text"])
    )

    # running it again is refused, and writes nothing
    after = _tree(folder)
    again = handbook("revise", REAL, "--source", str(_document(tmp_path, kind)), "--from", "2027-04-01",
                     "--protocols", str(folder))  # fmt: skip
    assert again.returncode == 2
    assert "is not after 2027-04-01" in again.stderr and "nothing was written" in again.stderr
    assert _tree(folder) == after


def test_revise_refuses_an_unknown_partnership_and_a_bad_day(tmp_path):
    folder = _real_partnership(tmp_path)
    document = _document(tmp_path, "txt")
    run = handbook("revise", "nope", "--source", str(document), "--from", "2027-04-01", "--protocols", str(folder))
    assert run.returncode == 2 and "no partnership 'nope'" in run.stderr
    run = handbook("revise", REAL, "--source", str(document), "--from", "1 April", "--protocols", str(folder))
    assert run.returncode == 2 and "'1 April' is not a date; expected YYYY-MM-DD" in run.stderr
    assert not (folder / "editions").exists()


def test_revise_refuses_where_the_edition_file_already_exists(tmp_path):
    folder = _real_partnership(tmp_path)
    (folder / "editions" / REAL).mkdir(parents=True)
    (folder / "editions" / REAL / "earliest.yaml").write_text("kept\n", encoding="utf-8")
    before = _tree(folder)
    run = handbook("revise", REAL, "--source", str(_document(tmp_path, "txt")), "--from", "2027-04-01",
                   "--protocols", str(folder))  # fmt: skip
    assert run.returncode == 2 and "already exists; nothing was written" in run.stderr
    assert _tree(folder) == before
