"""`handbook serve`, the live preview: an edit to a protocol reaches the page,
the calculator's data, the scenario walk-through and the page of changes
without a restart; a broken edit shows its file, line, column and what was
expected, in the browser's page and in the terminal, and the server goes on
until a save fixes it.

Each test runs the real command on a copy of protocols/ in a temporary git
repository, and polls the served pages (bounded) while the server rebuilds.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.error import HTTPError, URLError
from urllib.request import urlopen

import pytest

from authoring.holiday_table import build_table
from calculator.workdays import add_working_days
from tests.support import axe
from tests.support.cli import handbook_process

ROOT = Path(__file__).resolve().parents[2]

#: The build date the preview is given (SOURCE_DATE_EPOCH): Tuesday 22 December
#: 2026, so the page of changes counts across Christmas.
TODAY = dt.date(2026, 12, 22)
STARTUP_SECONDS = 120
REBUILD_SECONDS = 60

#: LSCP step 2: "The discussion between managers must occur within 5 working days of step 1".
FIVE_DAYS = (
    'within: {working_days: 5}\n        from: {stage: "1", text: "of step 1", ambiguous: true}\n'
    '        wording: "within 5 working days of step 1"\n'
    '        quote: "The discussion between managers must occur within 5 working days of step 1,'
)
THREE_DAYS = FIVE_DAYS.replace("5", "3")
ZERO_DAYS = THREE_DAYS.replace("working_days: 3", "working_days: 0")
#: One problem alone: a limit of no days, its quote as the source words it.
ZERO_FROM_FIVE = FIVE_DAYS.replace("working_days: 5", "working_days: 0")
#: The same sentence in the source text: a procedure that changes its limit says so.
SOURCE_FIVE = "must occur within 5 working days of step 1"
SOURCE_THREE = SOURCE_FIVE.replace("5", "3")
SCENARIO = "scenarios/lscp-urgent-referral-threshold/"
STEP_1_BEGINS = dt.date(2027, 4, 29)  # the scenario's first event; step 2 counts from it


def _text(page: str) -> str:
    """A page's text as a reader sees it: tags dropped, entities decoded, spaces collapsed."""
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", "", page)))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Preview:
    """A running `handbook serve` on a copy of the protocols."""

    def __init__(self, folder: Path, log: Path) -> None:
        self.folder = folder
        self.log = log
        self.url = f"http://127.0.0.1:{_free_port()}/"
        env = {
            **os.environ,
            "SOURCE_DATE_EPOCH": str(
                int(dt.datetime(TODAY.year, TODAY.month, TODAY.day, 12, tzinfo=dt.UTC).timestamp())
            ),
        }
        env.pop("HANDBOOK_PROTOCOLS", None)
        self._out = log.open("w", encoding="utf-8")
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "authoring.cli",
                "serve",
                "--protocols",
                str(folder),
                "--dev-addr",
                self.url[len("http://") : -1],
            ],
            cwd=ROOT,
            stdout=self._out,
            stderr=subprocess.STDOUT,
            env=env,
        )

    def terminal(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def get(self, path: str) -> tuple[int, str]:
        """Status and body; a request made during a rebuild waits for it."""
        try:
            with urlopen(self.url + path, timeout=REBUILD_SECONDS) as r:
                return r.status, r.read().decode("utf-8")
        except HTTPError as e:
            return e.code, e.read().decode("utf-8", errors="replace")

    def wait_for(self, what: str, check, seconds: float = REBUILD_SECONDS):
        """Poll `check()` until it returns something true; fail after `seconds`
        or as soon as the server has exited."""
        deadline = time.monotonic() + seconds
        last: object = None
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(
                    f"handbook serve exited ({self.process.returncode}) while waiting for {what}:\n{self.terminal()}"
                )
            try:
                last = check()
            except (URLError, ConnectionError, OSError) as e:
                last = e
            if last and not isinstance(last, Exception):
                return last
            time.sleep(0.3)
        pytest.fail(
            f"after {seconds} s, still waiting for {what} (last: {str(last)[:300]})\nterminal:\n{self.terminal()}"
        )

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self._out.close()


@pytest.fixture
def preview(tmp_path):
    """`handbook serve` on a copy of protocols/ (with its recorded history), committed in its own git repository."""
    repo = tmp_path / "repo"
    folder = repo / "protocols"
    shutil.copytree(ROOT / "protocols", folder)
    git = ["git", "-c", "user.name=Test", "-c", "user.email=test@example.invalid", "-c", "commit.gpgsign=false"]
    subprocess.run(["git", "init", "-q"], cwd=repo, check=True)
    subprocess.run([*git, "add", "."], cwd=repo, check=True)
    subprocess.run([*git, "commit", "-q", "-m", "protocols"], cwd=repo, check=True)
    server = Preview(folder, tmp_path / "terminal.log")
    try:
        server.wait_for("the first build", lambda: server.get("partnerships/lscp/")[0] == 200, STARTUP_SECONDS)
        yield server
    finally:
        server.stop()
    assert server.process.returncode is not None


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} not found once in {path.name}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def _managers_discussion(protocols_json: str) -> dict:
    data = json.loads(protocols_json)["lscp"]
    stage_2 = next(s for s in data["stages"] if s["id"] == "2")
    return next(t for t in stage_2["timescales"] if t["id"] == "managers-discussion")["within"]


def _step_2(page: str) -> str:
    return re.search(r'<h3 id="step-2".*?</section>', page, re.S).group(0)


def test_an_edited_timescale_reaches_the_page_the_calculator_the_scenario_and_the_changes_page_without_a_restart(
    preview,
):
    table = build_table("england-and-wales")
    due_5 = add_working_days(table, STEP_1_BEGINS, 5)[0]
    due_3 = add_working_days(table, STEP_1_BEGINS, 3)[0]
    assert due_5 != due_3

    status, page = preview.get("partnerships/lscp/")
    assert status == 200 and "within 3 working days of step 1" not in _text(page)
    assert _managers_discussion(preview.get("assets/calculator/protocols.json")[1]) == {"working_days": 5}
    assert f'due <time datetime="{due_5.isoformat()}"' in _step_2(preview.get(SCENARIO)[1])
    assert "no changes" in _text(preview.get("changes/")[1])
    pid = preview.process.pid

    _edit(preview.folder / "sources" / "lscp.txt", SOURCE_FIVE, SOURCE_THREE)
    _edit(preview.folder / "lscp.yaml", FIVE_DAYS, THREE_DAYS)

    preview.wait_for(
        "the new wording on the partnership's page",
        lambda: "within 3 working days of step 1" in _text(preview.get("partnerships/lscp/")[1]),
    )
    assert _managers_discussion(preview.get("assets/calculator/protocols.json")[1]) == {"working_days": 3}
    assert f'due <time datetime="{due_3.isoformat()}"' in _step_2(preview.get(SCENARIO)[1])

    changes = _text(preview.get("changes/")[1])
    assert "LSCP" in changes and "1 due date changed" in changes
    status, lscp = preview.get("changes/lscp/")
    assert status == 200
    assert "within 5 working days → within 3 working days" in _text(lscp)
    old_due = add_working_days(table, TODAY, 5)[0]  # Thu 31 Dec 2026, after Christmas
    new_due = add_working_days(table, TODAY, 3)[0]
    assert (
        f'<time datetime="{old_due.isoformat()}">Thu 31 Dec 2026</time> → <time datetime="{new_due.isoformat()}">'
    ) in lscp
    assert preview.process.pid == pid and preview.process.poll() is None


def test_a_broken_edit_shows_its_problems_on_its_own_page_and_in_the_terminal_and_every_other_page_keeps_working(
    preview,
):
    protocol = preview.folder / "lscp.yaml"
    _edit(protocol, FIVE_DAYS, ZERO_FROM_FIVE)
    lines = protocol.read_text(encoding="utf-8").splitlines()
    line = next(i for i, text in enumerate(lines, 1) if "working_days: 0" in text)
    expected = "working_days: expected a whole number of 1 or more, got 0"

    # The partnership's own page lists the problem, with its line and column.
    page = preview.wait_for(
        "the problem on the partnership's page",
        lambda: (lambda t: t if "problem to fix" in t else None)(_text(preview.get("partnerships/lscp/")[1])),
    )
    assert re.search(rf"lscp\.yaml:{line}:\d+: step 2, the 1st timescale, within\.{re.escape(expected)}", page), page
    assert "The handbook could not be built" not in page
    assert "livereload(" in preview.get("partnerships/lscp/")[1]  # reloads by itself when fixed
    # The terminal has the same line, with the file's full path.
    assert re.search(
        rf"^{re.escape(str(protocol))}:{line}:\d+: step 2, the 1st timescale, within\.{re.escape(expected)}$",
        preview.terminal(),
        re.M,
    )
    assert "handbook serve: lscp.yaml: 1 problem; the preview shows them on its page" in preview.terminal()
    assert "Traceback" not in preview.terminal()

    # Every other partnership's page, the calculator and the other scenarios are built as usual.
    for slug in ("salford", "cscp", "staffordshire-stoke-on-trent", "safeguarding-children-partnership"):
        status, other = preview.get(f"partnerships/{slug}/")
        assert status == 200 and "problem to fix" not in other and "<svg" in other
    status, calculator = preview.get("calculator/")
    assert status == 200 and "data-calculator" in calculator
    data = json.loads(preview.get("assets/calculator/protocols.json")[1])
    assert "salford" in data and "lscp" not in data
    assert preview.get("scenarios/salford-referral-threshold-at-christmas/")[0] == 200
    assert preview.get("no-such-page/")[0] == 404

    # A second mistake, in the YAML itself, replaces the first.
    _edit(protocol, ZERO_FROM_FIVE, ZERO_FROM_FIVE.replace("{working_days: 0}", "{working_days: 3"))
    page = preview.wait_for(
        "the YAML syntax error",
        lambda: (lambda t: t if "YAML" in t else None)(_text(preview.get("partnerships/lscp/")[1])),
    )
    assert re.search(r"lscp\.yaml:\d+:\d+: ", page)
    assert expected not in page
    assert preview.get("partnerships/salford/")[0] == 200
    assert preview.process.poll() is None

    _edit(preview.folder / "sources" / "lscp.txt", SOURCE_FIVE, SOURCE_THREE)
    _edit(protocol, ZERO_FROM_FIVE.replace("{working_days: 0}", "{working_days: 3"), THREE_DAYS)
    page = preview.wait_for(
        "the page back after the fix",
        lambda: (
            lambda s_p: s_p[1] if s_p[0] == 200 and ("within 3 working days of step 1" in _text(s_p[1])) else None
        )(preview.get("partnerships/lscp/")),
    )
    assert "problem to fix" not in page
    assert preview.get(SCENARIO)[0] == 200
    assert preview.process.poll() is None


def test_handbook_build_still_refuses_a_folder_with_one_invalid_file(tmp_path):
    folder = tmp_path / "protocols"
    shutil.copytree(ROOT / "protocols", folder)
    _edit(folder / "lscp.yaml", FIVE_DAYS, ZERO_DAYS)
    result = handbook_process("build", "--protocols", str(folder), "--site-dir", str(tmp_path / "site"), timeout=300)
    assert result.returncode == 1
    assert re.search(
        r"lscp\.yaml:\d+:\d+: step 2, the 1st timescale, within\.working_days: "
        r"expected a whole number of 1 or more, got 0",
        result.stderr,
    ), result.stderr
    assert "Traceback" not in result.stderr


def test_a_partnership_started_with_handbook_new_from_a_pdf_shows_what_is_left_to_fill_in_the_preview(
    preview, tmp_path
):
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    pdf.cell(text="Escalation Policy for Resolving Professional Differences")
    pdf.output(str(tmp_path / "policy.pdf"))
    result = handbook_process("new", "new-partnership", "--source", str(tmp_path / "policy.pdf"), "--protocols", str(preview.folder), timeout=60)
    assert result.returncode == 0, result.stderr
    page = preview.wait_for(
        "the new partnership's page",
        lambda: (lambda s_p: s_p[1] if s_p[0] == 200 else None)(preview.get("partnerships/new-partnership/")),
    )
    # An unfinished skeleton is never shown as a page of the procedure: its
    # own page lists what is still a placeholder, as for any problem.
    text = _text(page)
    assert "problems to fix" in text
    assert 'name: still a placeholder ("TODO: name of the partnership")' in text
    assert "stage 1, title: still a placeholder" in text


@pytest.mark.browser
def test_an_open_page_reloads_by_itself_to_the_new_deadline_then_the_error_then_the_fixed_page(preview, browser):
    context = browser.new_context()
    page = context.new_page()
    try:
        page.goto(preview.url + "partnerships/lscp/", wait_until="load")
        assert "within 3 working days of step 1" not in page.inner_text("body")
        protocol = preview.folder / "lscp.yaml"
        timeout_ms = REBUILD_SECONDS * 1000

        _edit(preview.folder / "sources" / "lscp.txt", SOURCE_FIVE, SOURCE_THREE)
        _edit(protocol, FIVE_DAYS, THREE_DAYS)
        page.get_by_text("within 3 working days of step 1").first.wait_for(timeout=timeout_ms)

        _edit(protocol, THREE_DAYS, ZERO_DAYS)
        page.get_by_text("This partnership's file has 1 problem to fix").wait_for(timeout=timeout_ms)
        assert "lscp.yaml:" in page.inner_text("main")
        assert "expected a whole number of 1 or more, got 0" in page.inner_text("main")
        axe.assert_none(page)

        _edit(protocol, ZERO_DAYS, THREE_DAYS)
        page.get_by_text("within 3 working days of step 1").first.wait_for(timeout=timeout_ms)
        assert page.get_by_text("problem to fix").count() == 0
        assert preview.process.poll() is None
    finally:
        context.close()
