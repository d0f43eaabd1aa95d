"""How `handbook new` reads a document's lines: which are running lines,
which words broken over lines it joins, which lines are stage headings."""

from __future__ import annotations

import sys
import time

import pytest
import yaml

from authoring.display import handbook_command
from authoring.new_findings import contact_details, time_limits
from authoring.new_running_lines import leave_out_running_lines
from authoring.new_skeleton import skeleton
from authoring.new_stages import MAX_STAGES, stage_headings
from authoring.new_text import join_broken_words


def test_a_one_page_document_loses_its_protective_marking_and_page_number_only():
    lines, dropped = leave_out_running_lines(
        [
            [
                "Wyreford SCP Escalation Policy v2.1 OFFICIAL",
                "1",
                "Stage 1: Discuss",
                "within 2 working days",
                "Page 1 of 1",
            ]
        ]
    )
    assert [line for line in lines if line] == ["1", "Stage 1: Discuss", "within 2 working days"]
    assert [d.described() for d in dropped] == [
        'the running header "Wyreford SCP Escalation Policy v2.1 OFFICIAL" (on 1 page)',
        'the page number "Page 1 of 1" (on 1 page)',
    ]


def test_a_line_at_the_edge_of_most_pages_is_running_its_page_number_aside_and_a_bare_number_only_where_it_repeats():
    pages = [
        ["Escalation procedure, issue 3", f"Stage {n}", "Body one", f"Body two {n}", f"Closing {'abc'[n - 1]}", str(n)]
        for n in range(1, 4)
    ] + [["Escalation procedure, issue 3", "The last page", "Page 4"]]
    lines, dropped = leave_out_running_lines(pages)
    body = [line for line in lines if line]
    assert body == [
        line for n in range(1, 4) for line in (f"Stage {n}", "Body one", f"Body two {n}", f"Closing {'abc'[n - 1]}")
    ] + ["The last page"]
    assert [(d.text, d.where, d.pages) for d in dropped] == [
        ("Escalation procedure, issue 3", "header", 4),
        ("1", "page number", 3),
        ("Page 4", "page number", 1),
    ]


def test_a_line_that_differs_from_page_to_page_stays():
    pages = [["Stage 1: Discuss", "text"], ["Stage 2: Managers", "more text"]]
    lines, dropped = leave_out_running_lines(pages)
    assert dropped == [] and [line for line in lines if line] == ["Stage 1: Discuss", "text"] + [
        "Stage 2: Managers",
        "more text",
    ]


@pytest.mark.parametrize(
    "lines, joined, joins",
    [
        (["within 5 work-", "ing days"], ["within 5 working", "days"], ["work-ing → working"]),
        (["within 5 work\u00ad", "ing days"], ["within 5 working", "days"], ["work-ing → working"]),
        (["a multi-", "agency meeting"], ["a multi-agency", "meeting"], []),
        (
            ["the dis-", "agreement; a disagreement"],
            ["the disagreement;", "a disagreement"],
            ["dis-agreement → disagreement"],
        ),
        (["Stage 1 -", "Discuss"], ["Stage 1 -", "Discuss"], []),
    ],
)
def test_a_word_broken_over_a_line_s_end_is_joined_where_the_document_shows_it_is_one_word(lines, joined, joins):
    assert join_broken_words(lines) == (joined, joins)


def test_stage_headings_are_short_lines_of_their_own_numbered_in_order():
    text = "\n".join(
        [
            "Contents",
            "Stage 1: Discuss",
            "Stage 2: Managers",
            "Introduction",
            "Stage 2 of this procedure applies when the managers disagree.",
            "Stage 1: Discuss",
            "Practitioners talk.",
            "Stage 2 – Managers",
            "Stage 3",
            "Stage 4 Heads of service",
        ]
    )
    headings = stage_headings(text)
    assert [(h.line, h.number, h.title, h.quote) for h in headings] == [
        (6, 1, "Discuss", "Stage 1: Discuss"),
        (8, 2, "Managers", "Stage 2 – Managers"),
        (9, 3, "", "Stage 3"),
        (10, 4, "Heads of service", "Stage 4 Heads of service"),
    ]


def test_more_numbered_headings_than_a_procedure_has_stages_make_none():
    text = "\n".join(f"Step {n}: Do thing {n}" for n in range(1, MAX_STAGES + 2))
    assert stage_headings(text) == []
    assert len(stage_headings("\n".join(text.splitlines()[:MAX_STAGES]))) == MAX_STAGES


def test_a_source_that_calls_its_stages_steps_or_levels_gets_its_word_and_an_untitled_heading_a_placeholder():
    text = "Escalation\nStep 1: Discuss\nwithin 2 working days\nStep 2\nwithin 5 working days\n"
    data = yaml.safe_load(skeleton("steps", "sources/steps.txt", text, "steps.docx"))
    assert data["stage_word"] == "Step"
    assert [(s["id"], s["title"]) for s in data["stages"]] == [("1", "Discuss"), ("2", "TODO: heading of step 2")]


@pytest.mark.parametrize("line", ["a" * 1_000_000, "a." * 500_000, "a" * 1_000_000 + "-", "0" * 1_000_000])
def test_a_line_a_million_characters_long_is_read_in_linear_time(line):
    start = time.perf_counter()
    join_broken_words([line, "ing days"])
    contact_details(line)
    time_limits(line)
    stage_headings(line)
    leave_out_running_lines([[line, line], [line]])
    assert time.perf_counter() - start < 5


def test_the_command_is_named_as_it_was_run_or_bare_where_the_path_finds_it(tmp_path, monkeypatch):
    command = tmp_path / ".venv" / "bin" / "handbook"
    command.parent.mkdir(parents=True)
    command.write_text("#!/bin/sh\n", encoding="utf-8")
    command.chmod(0o755)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(sys, "argv", [".venv/bin/handbook", "new"])
    monkeypatch.setenv("PATH", "/nowhere")
    assert handbook_command() == ".venv/bin/handbook"
    monkeypatch.setenv("PATH", str(command.parent))
    assert handbook_command() == "handbook"
