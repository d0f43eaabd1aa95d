"""`handbook diff` between any two files or folders, whatever their names,
without git: a backup copy elsewhere is read as the partnership its slug names,
beside the source text it quotes."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.support.cli import handbook

ROOT = Path(__file__).resolve().parents[2]
PROTOCOLS = ROOT / "protocols"


def test_a_backup_copy_with_another_name_and_no_source_beside_it_is_compared(tmp_path):
    backup = tmp_path / "backups" / "salford-before-my-edit.yaml"
    backup.parent.mkdir()
    shutil.copy(PROTOCOLS / "salford.yaml", backup)
    text = backup.read_text(encoding="utf-8")
    backup.write_text(text.replace("action: The practitioner's manager contacts", "action: The manager contacts"))
    result = handbook("diff", str(backup), str(PROTOCOLS / "salford.yaml"), "--start", "2026-12-07", cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert "action “The manager contacts the Operational/Service Manager”" in result.stdout
    assert "1 difference, 0 due dates changed" in result.stdout


def test_a_backup_copy_that_fails_the_check_is_named_as_given(tmp_path):
    backup = tmp_path / "old.yaml"
    backup.write_text((PROTOCOLS / "cscp.yaml").read_text(encoding="utf-8").replace("stages:", "stages: 3\nx:", 1))
    result = handbook("diff", str(backup), str(PROTOCOLS / "cscp.yaml"), cwd=ROOT)
    assert result.returncode == 2
    assert result.stderr.startswith(str(backup)) and "Traceback" not in result.stderr


def test_two_folders_are_paired_by_partnership_whatever_their_files_are_called(tmp_path):
    old, new = tmp_path / "old", tmp_path / "new"
    shutil.copytree(PROTOCOLS / "sources", old / "sources")
    shutil.copytree(PROTOCOLS / "sources", new / "sources")
    shutil.copy(PROTOCOLS / "lscp.yaml", old / "lscp-v1.yaml")
    shutil.copy(PROTOCOLS / "cscp.yaml", old / "cscp.yaml")
    text = (PROTOCOLS / "lscp.yaml").read_text(encoding="utf-8")
    (new / "lscp.yaml").write_text(text.replace("action: Discuss the disagreement", "action: Talk it over"))
    shutil.copy(PROTOCOLS / "salford.yaml", new / "salford.yaml")
    result = handbook("diff", str(old), str(new), "--start", "2026-12-07")
    assert result.returncode == 0, result.stderr
    blocks = result.stdout.split("\n\n")
    assert blocks[0].startswith("cscp: ") and "the partnership was removed" in blocks[0]
    assert "action “Discuss the disagreement” → “Talk it over”" in result.stdout
    assert "salford: " in result.stdout and "is new" in result.stdout
