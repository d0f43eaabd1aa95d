"""Every command works from any folder. Run from an author's own folder that
holds `protocols/` (here a copy of the handbook's, plus a partnership found
only in the copy), a command uses that folder and says so on stderr; run from
a folder with none, it uses the handbook's own protocols and says so; given
`--protocols DIR`, it uses DIR and says nothing. The handbook's own files
(schemas, templates, docs/deploy, mkdocs.yml) are found wherever the command
runs. Each command runs by subprocess, as a person types it.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.error import HTTPError, URLError
from urllib.request import urlopen

import pytest

from tests.support.cli import handbook_process

ROOT = Path(__file__).resolve().parents[2]
PROJECT = ROOT / "protocols"
#: What a command says when it took ./protocols, or the handbook's own.
HERE_NOTE = f"handbook: using the protocols in .{os.sep}protocols"
PROJECT_NOTE = f"handbook: using the handbook's own protocols in {PROJECT} "
#: The partnership only the author's copy has: Salford's file under another slug and name.
ONLY_HERE = "only-here"
ONLY_HERE_NAME = "Only Here Children Board"
BUILD_SECONDS = 600


def handbook(cwd: Path, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    env = {**os.environ}
    env.pop("HANDBOOK_PROTOCOLS", None)
    return handbook_process(*args, cwd=cwd, env=env, timeout=timeout)


def _project_files() -> list[tuple[str, int]]:
    return sorted((p.relative_to(PROJECT).as_posix(), p.stat().st_mtime_ns) for p in PROJECT.rglob("*"))


@pytest.fixture
def authors_folder(tmp_path) -> Path:
    """A folder of an author's own: a copy of protocols/ with one more partnership."""
    folder = tmp_path / "author"
    shutil.copytree(PROJECT, folder / "protocols")
    text = (PROJECT / "salford.yaml").read_text(encoding="utf-8")
    assert text.count("\nslug: salford\n") == 1 and text.count("\nname: Salford Safeguarding Children Board\n") == 1
    text = text.replace("\nslug: salford\n", f"\nslug: {ONLY_HERE}\n").replace(
        "\nname: Salford Safeguarding Children Board\n", f"\nname: {ONLY_HERE_NAME}\n"
    )
    (folder / "protocols" / f"{ONLY_HERE}.yaml").write_text(text, encoding="utf-8")
    return folder


@pytest.fixture
def no_protocols_folder(tmp_path) -> Path:
    """A folder with no protocols/ in it."""
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    return folder


@pytest.fixture(autouse=True)
def the_projects_protocols_are_left_as_they_are():
    before = _project_files()
    yield
    after = _project_files()
    added = {name for name, _ in after} - {name for name, _ in before}
    for name in sorted(added, reverse=True):  # what a command wrote there by mistake, removed
        path = PROJECT / name
        path.rmdir() if path.is_dir() else path.unlink()
    assert after == before, f"the handbook's own protocols changed: {sorted(added)}"


# check ------------------------------------------------------------------------
def test_check_in_an_authors_folder_checks_its_protocols_and_says_which(authors_folder):
    result = handbook(authors_folder, "check")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stderr.splitlines()[0] == HERE_NOTE
    # each copy of Salford's: its review date passed, three roles no page shows
    assert result.stderr.splitlines()[-1] == "handbook check: 0 errors, 8 warnings"
    paths = [line.split(":", 1)[0] for line in result.stdout.splitlines()]
    assert paths == ["protocols/only-here.yaml"] * 4 + ["protocols/salford.yaml"] * 4


def test_check_reports_a_broken_copy_with_the_copys_path(authors_folder):
    (authors_folder / "protocols" / "broken.yaml").write_text("slug: broken\nname: [unclosed\n", encoding="utf-8")
    result = handbook(authors_folder, "check")
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == HERE_NOTE
    assert "Traceback" not in result.stdout + result.stderr
    assert any(line.startswith("protocols/broken.yaml:3:1: YAML syntax") for line in result.stdout.splitlines())
    assert str(ROOT) not in result.stdout


def test_check_with_no_protocols_folder_checks_the_handbooks_own_and_says_so(no_protocols_folder):
    result = handbook(no_protocols_folder, "check")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stderr.startswith(PROJECT_NOTE)
    assert [line.split(":", 1)[0] for line in result.stdout.splitlines()] == [str(PROJECT / "salford.yaml")] * 4


def test_check_protocols_names_the_folder_from_anywhere_and_says_nothing_more(authors_folder, no_protocols_folder):
    folder = authors_folder / "protocols"
    result = handbook(no_protocols_folder, "check", "--protocols", str(folder))
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stderr == "handbook check: 0 errors, 8 warnings\n"
    assert str(folder / "only-here.yaml") in result.stdout


def test_check_given_paths_and_protocols_is_refused_in_one_line(authors_folder):
    result = handbook(authors_folder, "check", "protocols/salford.yaml", "--protocols", "protocols")
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == "handbook check: give PATHs or --protocols DIR, not both\n"


# list -------------------------------------------------------------------------
def test_list_json_in_an_authors_folder_lists_its_partnership_and_stdout_stays_json(authors_folder):
    result = handbook(authors_folder, "list", "--json")
    assert result.returncode == 0, result.stderr
    listing = json.loads(result.stdout)
    assert ONLY_HERE in [p["slug"] for p in listing]
    assert result.stderr == HERE_NOTE + "\n"


def test_list_json_with_no_protocols_folder_lists_the_handbooks_own(no_protocols_folder):
    result = handbook(no_protocols_folder, "list", "--json")
    assert result.returncode == 0, result.stderr
    assert [p["slug"] for p in json.loads(result.stdout)] == sorted(p.stem for p in PROJECT.glob("*.yaml"))
    assert result.stderr.startswith(PROJECT_NOTE) and result.stderr.count("\n") == 1


def test_list_protocols_dir_from_another_folder(authors_folder, no_protocols_folder):
    result = handbook(no_protocols_folder, "list", "--json", "--protocols", str(authors_folder / "protocols"))
    assert result.returncode == 0, result.stderr
    assert ONLY_HERE in [p["slug"] for p in json.loads(result.stdout)]
    assert result.stderr == ""


def test_list_a_protocols_folder_that_is_not_there_is_refused_in_one_line(no_protocols_folder):
    result = handbook(no_protocols_folder, "list", "--protocols", "nowhere")
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == "handbook: nowhere: no such folder of protocol files\n"


# deadline ---------------------------------------------------------------------
def test_deadline_in_an_authors_folder_answers_for_its_partnership(authors_folder):
    args = ("deadline", ONLY_HERE, "1", "2026-12-21", "--today", "2026-12-21")
    result = handbook(authors_folder, *args, "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["protocol"] == ONLY_HERE
    assert result.stderr == HERE_NOTE + "\n"
    text = handbook(authors_folder, *args)
    assert text.returncode == 0 and text.stdout.startswith(f"{ONLY_HERE_NAME}: Stage 1")


def test_deadline_with_no_protocols_folder_names_the_folder_it_looked_in(no_protocols_folder):
    result = handbook(no_protocols_folder, "deadline", ONLY_HERE, "1", "2026-12-21", "--json")
    assert (result.returncode, result.stdout) == (2, "")
    assert len(result.stderr.splitlines()) == 1
    assert f"unknown partnership '{ONLY_HERE}'" in result.stderr
    assert f"(the files in {PROJECT}{os.sep})" in result.stderr
    ok = handbook(no_protocols_folder, "deadline", "salford", "1", "2026-12-21", "--json")
    assert ok.returncode == 0 and json.loads(ok.stdout)["protocol"] == "salford"
    assert ok.stderr.startswith(PROJECT_NOTE)


# new --------------------------------------------------------------------------
SOURCE = "Escalation procedure\n\nStage 1. Speak to the other worker within 5 working days.\n"


def test_new_in_an_authors_folder_writes_into_its_protocols(authors_folder):
    (authors_folder / "procedure.txt").write_text(SOURCE, encoding="utf-8")
    result = handbook(authors_folder, "new", "fresh", "--source", "procedure.txt")
    assert result.returncode == 0, result.stderr
    assert result.stderr == HERE_NOTE + "\n"
    assert (authors_folder / "protocols" / "fresh.yaml").is_file()
    assert (authors_folder / "protocols" / "sources" / "fresh.txt").is_file()
    assert "Wrote protocols/fresh.yaml" in result.stdout
    check = handbook(authors_folder, "check", "protocols/fresh.yaml")
    assert check.returncode == 1 and "still a placeholder" in check.stdout


def test_new_with_no_protocols_folder_uses_the_handbooks_own_and_never_overwrites(no_protocols_folder):
    (no_protocols_folder / "procedure.txt").write_text(SOURCE, encoding="utf-8")
    result = handbook(no_protocols_folder, "new", "salford", "--source", "procedure.txt")
    assert (result.returncode, result.stdout) == (2, "")
    # One line, naming the route for a revised document, never removing the filled-in file.
    assert result.stderr.startswith(f"handbook new: {PROJECT / 'salford.yaml'} already exists; nothing was written. ")
    assert result.stderr.count("\n") == 1 and "remove" not in result.stderr
    assert result.stderr.endswith(
        " revise salford --source procedure.txt --from YYYY-MM-DD (the day the revision takes effect)\n"
    )


# diff -------------------------------------------------------------------------
@pytest.mark.parametrize("where", ["authors_folder", "no_protocols_folder"])
def test_diff_between_two_files_from_any_folder(where, authors_folder, request):
    old = authors_folder / "old"
    shutil.copytree(authors_folder / "protocols", old)
    new = authors_folder / "protocols" / f"{ONLY_HERE}.yaml"
    new.write_text(
        new.read_text(encoding="utf-8").replace(
            f"\nname: {ONLY_HERE_NAME}\n", "\nname: Only Here Safeguarding Board\n"
        ),
        encoding="utf-8",
    )
    cwd = request.getfixturevalue(where)
    result = handbook(cwd, "diff", str(old / f"{ONLY_HERE}.yaml"), str(new), "--start", "2026-12-21")
    assert result.returncode == 0, result.stderr
    assert f"changed  Name: {ONLY_HERE_NAME} → Only Here Safeguarding Board" in result.stdout
    assert result.stderr == ""


# server-config ----------------------------------------------------------------
@pytest.mark.parametrize("where", ["authors_folder", "no_protocols_folder"])
def test_server_config_reads_site_here_and_the_settings_from_the_handbook(where, request):
    from authoring.site.server_config import DEPLOY_DIR, render

    cwd = request.getfixturevalue(where)
    (cwd / "site").mkdir()
    policy = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'"
    (cwd / "site" / "_headers").write_text(f"/*\n  Content-Security-Policy: {policy}\n", encoding="utf-8")
    result = handbook(cwd, "server-config", "nginx")
    assert result.returncode == 0, result.stderr
    assert result.stdout == render((DEPLOY_DIR / "nginx.conf").read_text(encoding="utf-8"), policy)


# build ------------------------------------------------------------------------
@pytest.mark.site
def test_build_in_an_authors_folder_builds_its_partnerships_into_site_here(authors_folder):
    result = handbook(authors_folder, "build", timeout=BUILD_SECONDS)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stderr and "SnippetMissingError" not in result.stderr
    assert HERE_NOTE in result.stderr.splitlines()
    site = authors_folder / "site"
    assert result.stdout == f"Built the handbook in {site}\n"
    assert ONLY_HERE_NAME in (site / "partnerships" / ONLY_HERE / "index.html").read_text(encoding="utf-8")
    # docs/publishing.md shows docs/deploy/nginx.conf: read from the handbook's folder, not this one
    assert "HANDBOOK_CONTENT_SECURITY_POLICY" in (site / "publishing" / "index.html").read_text(encoding="utf-8")
    config = handbook(authors_folder, "server-config", "nginx")
    assert config.returncode == 0, config.stderr
    assert "wasm-unsafe-eval" in config.stdout and "HANDBOOK_CONTENT_SECURITY_POLICY" not in config.stdout


@pytest.mark.site
def test_build_site_dir_with_no_protocols_folder_builds_the_handbooks_own(no_protocols_folder):
    result = handbook(no_protocols_folder, "build", "--site-dir", "out", timeout=BUILD_SECONDS)
    assert result.returncode == 0, result.stdout + result.stderr
    assert any(line.startswith(PROJECT_NOTE) for line in result.stderr.splitlines())
    site = no_protocols_folder / "out"
    assert (site / "partnerships" / "salford" / "index.html").is_file()
    assert not (site / "partnerships" / ONLY_HERE).exists()
    assert not (no_protocols_folder / "site").exists()


# serve ------------------------------------------------------------------------
def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _status(url: str) -> int | None:
    try:
        with urlopen(url, timeout=30) as r:
            return r.status
    except HTTPError as e:
        return e.code
    except (URLError, ConnectionError, OSError):
        return None


@pytest.mark.site
@pytest.mark.parametrize(
    "where, note, page, status",
    [
        ("authors_folder", HERE_NOTE, f"partnerships/{ONLY_HERE}/", 200),
        ("no_protocols_folder", PROJECT_NOTE, f"partnerships/{ONLY_HERE}/", 404),
    ],
    ids=["authors-folder", "no-protocols-folder"],
)
def test_serve_previews_the_folders_protocols_until_stopped(where, note, page, status, request, tmp_path):
    cwd = request.getfixturevalue(where)
    url = f"http://127.0.0.1:{_free_port()}/"
    env = {**os.environ}
    env.pop("HANDBOOK_PROTOCOLS", None)
    log = tmp_path / "terminal.log"
    with log.open("w", encoding="utf-8") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "authoring.cli", "serve", "--dev-addr", url[len("http://") : -1]],
            cwd=cwd,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        try:
            deadline = time.monotonic() + BUILD_SECONDS
            while _status(url) != 200:
                assert process.poll() is None, log.read_text(encoding="utf-8")
                assert time.monotonic() < deadline, log.read_text(encoding="utf-8")
                time.sleep(0.3)
            assert _status(url + page) == status
        finally:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)
    terminal = log.read_text(encoding="utf-8")
    assert process.returncode == 0, terminal
    assert terminal.splitlines()[0].startswith(note)
    assert "handbook serve: stopped" in terminal
    assert "Traceback" not in terminal and "SnippetMissingError" not in terminal
