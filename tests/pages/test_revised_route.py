"""The revised-document route as a new author takes it, end to end.

A procedure as a Word file starts a partnership (`handbook new`); the author
fills it in, checks it and records it. The partnership then revises its
procedure as a PDF, one limit shorter: `handbook revise` starts the next
edition and lists what no longer matches; the author updates the file from
that list; the check passes; the preview's changes page shows the new edition
against the published one; `handbook record` dates an amendment the day the
edition takes effect; What's new and the feed carry it. The only steps done
by hand are the author's: filling in the skeleton and following revise's list.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import feedparser
import pytest

from authoring.diff.saved_files import changes_since_record
from authoring.history.history_file import read_history
from authoring.holiday_table import build_table
from handbook_site.changes_page import render_markdown
from handbook_site.inputs import read_inputs
from handbook_site.site_pages import site_pages
from tests.support.cli import handbook

FIRST = [
    "Wyreford Escalation Procedure",
    "Stage 1: Practitioners discuss",
    "The practitioners discuss the disagreement within 2 working days of it arising.",
    "Stage 2: Line managers discuss",
    "The line managers discuss the matter within 5 working days of stage 1.",
]
REVISED = [line.replace("within 5 working", "within 3 working") for line in FIRST]
RUNNING_HEADER = "Wyreford Escalation Procedure v2 OFFICIAL"

#: What the author writes in place of the skeleton's TODOs.
FILLED = """\
slug: wyreford
name: Wyreford
document:
  title: Escalation procedure
  source: sources/wyreford.txt
  quote: "Wyreford Escalation Procedure"
calendar:
  nation: england-and-wales
areas:
  - name: Wyreford
    quote: "Wyreford Escalation Procedure"
added_contacts: []
roles:
  - id: practitioners
    title: The practitioners who disagree
    quote: "The practitioners discuss the disagreement"
  - id: line-managers
    title: Line managers
    quote: "The line managers discuss the matter"
stages:
  - id: "1"
    title: "Practitioners discuss"
    quote: "Stage 1: Practitioners discuss"
    involved: [practitioners]
    timescales:
      - id: discussion
        action: The practitioners discuss the disagreement
        within: {working_days: 2}
        from: {stage: "1", text: "of it arising"}
        wording: "within 2 working days of it arising"
        quote: "The practitioners discuss the disagreement within 2 working days of it arising."
    next:
      - stage: "2"
        when: unresolved
        contacts: [line-managers]
        quote: "Stage 2: Line managers discuss"
  - id: "2"
    title: "Line managers discuss"
    quote: "Stage 2: Line managers discuss"
    involved: [line-managers]
    timescales:
      - id: managers-discussion
        action: The line managers discuss the matter
        within: {working_days: 5}
        from: {stage: "1", text: "of stage 1"}
        wording: "within 5 working days of stage 1"
        quote: "The line managers discuss the matter within 5 working days of stage 1."
    next: []
"""


def _docx(path: Path) -> Path:
    import docx

    document = docx.Document()
    for line in FIRST:
        if line.startswith("Stage "):
            document.add_heading(line, level=2)
        else:
            document.add_paragraph(line)
    document.save(str(path))
    return path


def _pdf(path: Path) -> Path:
    """The revised procedure, with a running header and a page number."""
    from fpdf import FPDF

    class Procedure(FPDF):
        def header(self) -> None:
            self.set_font("Helvetica", size=8)
            self.cell(text=RUNNING_HEADER, new_x="LMARGIN", new_y="NEXT")

        def footer(self) -> None:
            self.set_y(-15)
            self.set_font("Helvetica", size=8)
            self.cell(text=f"Page {self.page_no()} of {{nb}}")

    pdf = Procedure()
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    for line in REVISED:
        pdf.cell(text=line, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))
    return path


def _run(*args: str, folder: Path | None = None, code: int = 0):
    result = handbook(*args, *(("--protocols", str(folder)) if folder else ()))
    assert result.returncode == code, result.stdout + result.stderr
    return result


@pytest.fixture(scope="module")
def route(tmp_path_factory) -> Path:
    """The folder after the whole route, each command's output checked on the way."""
    tmp = tmp_path_factory.mktemp("route")
    folder = tmp / "protocols"
    folder.mkdir()
    path = folder / "wyreford.yaml"

    _run("new", "wyreford", "--source", str(_docx(tmp / "procedure.docx")), folder=folder)
    _run("check", str(path), code=1)  # the TODOs left to fill
    path.write_text(FILLED, encoding="utf-8")
    _run("check", str(path))
    first = _run("record", "wyreford", folder=folder, code=0)
    assert first.stdout == "Wyreford: first record; later changes are compared with this version\n"

    revised = _run("revise", "wyreford", "--source", str(_pdf(tmp / "revised.pdf")), "--from", "2027-04-01",
                   folder=folder)  # fmt: skip
    assert f'the running header "{RUNNING_HEADER}"' in revised.stdout
    assert RUNNING_HEADER not in (folder / "sources" / "wyreford.txt").read_text(encoding="utf-8")
    assert "Limits that changed (1):" in revised.stdout
    assert "closest new passage, line 5" in revised.stdout
    assert f"record wyreford --protocols {folder} (an amendment dated 1 April 2027" in revised.stdout
    _run("check", str(path), code=1)  # what revise listed

    # the author follows revise's list: the quote, the wording and the limit
    text = path.read_text(encoding="utf-8").replace(
        "within 5 working days of stage 1", "within 3 working days of stage 1"
    )
    path.write_text(text.replace("within: {working_days: 5}", "within: {working_days: 3}"), encoding="utf-8")
    checked = _run("check", str(path))
    assert "changed since its last record" in checked.stderr
    return folder


def test_the_preview_shows_the_new_edition_against_the_published_one_before_the_record(route):
    (saved,) = changes_since_record(route, dt.date(2026, 12, 7), build_table)
    assert saved.start == dt.date(2027, 4, 1)  # counted under the new edition, from the day it takes effect
    page = render_markdown(saved.changes, saved.name, saved.start)
    assert "# Changes to Wyreford" in page
    assert "Your saved file is a new edition of the procedure, in force from" in page
    assert (
        '<time datetime="2027-04-08">Thu 8 Apr 2027</time> → <time datetime="2027-04-06">Tue 6 Apr 2027</time>' in page
    )
    assert "HEAD" not in page and "working copy" not in page


@pytest.fixture(scope="module")
def recorded(route) -> Path:
    result = _run("record", "wyreford", "--today", "2026-12-07", folder=route)
    assert result.stdout == (
        "Wyreford: recorded. Wyreford amended its procedure with a new edition in force from Thu 1 Apr 2027, "
        "replacing the earlier edition: 2 differences; 1 due date moved for a stage starting on Thu 1 Apr 2027.\n"
    )
    return route


def test_the_record_is_an_amendment_dated_the_day_the_edition_takes_effect(recorded):
    (entry,) = read_history(recorded, "wyreford", "Wyreford").entries
    assert (entry.id, entry.kind, entry.date, entry.start) == (
        "wyreford/2027-04-01/1",
        "amendment",
        dt.date(2027, 4, 1),
        dt.date(2027, 4, 1),
    )
    (moved,) = entry.moved
    assert "within 5 working days → within 3 working days" in moved.text
    assert (moved.old_due, moved.new_due) == (dt.date(2027, 4, 8), dt.date(2027, 4, 6))
    assert _run("check", folder=recorded).stderr.count("changed since its last record") == 0


def test_what_s_new_and_the_feed_carry_the_dated_amendment(recorded):
    pages = {p.src: p for p in site_pages(read_inputs(recorded, False, True), False)}
    whats_new = pages["whats-new/index.md"].render()
    assert '<time datetime="2027-04-01">' in whats_new
    assert "Amendment of the procedure." in whats_new
    feed = feedparser.parse(pages["feeds/wyreford.atom"].render())
    assert not feed.bozo, feed.get("bozo_exception")
    (entry,) = feed.entries
    assert entry.updated.startswith("2027-04-01")
    assert "Wyreford amended its procedure with a new edition in force from Thu 1 Apr 2027" in entry.summary


def test_diff_counts_a_new_edition_from_the_day_it_takes_effect(route):
    result = handbook("diff", str(route / "editions" / "wyreford" / "earliest.yaml"), str(route / "wyreford.yaml"))
    assert result.returncode == 0, result.stderr
    assert "deadlines for a stage starting Thu 1 Apr 2027" in result.stdout
    assert "due: Thu 8 Apr 2027 → Tue 6 Apr 2027" in result.stdout
