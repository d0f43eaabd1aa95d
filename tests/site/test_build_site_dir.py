"""`handbook build --site-dir DIR` empties DIR before it writes the site: it
writes only into a folder that does not exist, is empty, or holds a site it
wrote itself (its mark, `.handbook-site`); anything else is refused in one
line, with nothing deleted."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from authoring.site.build import SITE_MARK
from tests.support.cli import handbook, handbook_process

ROOT = Path(__file__).resolve().parents[2]


def _build(site_dir: Path) -> subprocess.CompletedProcess:
    return handbook_process("build", "--site-dir", str(site_dir))


def test_a_folder_that_holds_something_else_is_refused_and_left_as_it_is(tmp_path):
    folder = tmp_path / "my-documents"
    (folder / "notes").mkdir(parents=True)
    (folder / "report.docx").write_text("mine", encoding="utf-8")
    (folder / "notes" / "a.txt").write_text("mine too", encoding="utf-8")
    result = handbook("build", "--site-dir", str(folder), cwd=ROOT)  # refused before MkDocs: no process needed
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"handbook build: {folder} is not empty and holds no site")
    assert SITE_MARK in lines[0]
    assert sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*")) == [
        "notes",
        "notes/a.txt",
        "report.docx",
    ]


def test_a_file_is_refused(tmp_path):
    target = tmp_path / "site.txt"
    target.write_text("x", encoding="utf-8")
    result = handbook("build", "--site-dir", str(target), cwd=ROOT)
    assert result.returncode == 2
    assert result.stderr == f"handbook build: {target} is not a folder\n"
    assert target.read_text(encoding="utf-8") == "x"


def test_an_empty_folder_gets_the_site_and_its_mark(site_dir):
    """The session's site (tests/conftest.py) was built into a new, empty
    folder; the fixture fails the session unless that build exited 0."""
    assert (site_dir / SITE_MARK).is_file()
    assert (site_dir / "index.html").is_file()


def test_a_folder_that_does_not_exist_is_made_and_can_be_built_again(tmp_path):
    folder = tmp_path / "new" / "site"
    first = _build(folder)
    assert first.returncode == 0, first.stderr
    assert (folder / SITE_MARK).is_file()
    assert (folder / "index.html").is_file()
    (folder / "left-over.html").write_text("from an older build", encoding="utf-8")
    again = _build(folder)
    assert again.returncode == 0, again.stderr
    assert (folder / SITE_MARK).is_file()
    assert not (folder / "left-over.html").exists()


def test_a_site_built_before_the_mark_existed_is_known_by_its_headers_file(tmp_path):
    folder = tmp_path / "site"
    folder.mkdir()
    (folder / "_headers").write_text(
        "# Headers for the Escalation Handbook; written by the build, do not edit.\n/*\n", encoding="utf-8"
    )
    (folder / "index.html").write_text("an older build", encoding="utf-8")
    result = _build(folder)
    assert result.returncode == 0, result.stderr
    assert (folder / SITE_MARK).is_file()
