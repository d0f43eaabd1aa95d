"""A deadline is counted under the edition in force on the day its stage began,
with one line where a later edition changed the limit or the route
(the two-edition fixture in tests/editions/)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import pytest

from authoring.checked import load_editions, load_protocol, protocol_data
from authoring.holiday_table import build_table
from calculator import browser
from calculator.edition_answer import answer_in_force
from calculator.editions import Editions
from calculator.model import Protocol
from tests.support.cli import ROOT, handbook

FIXTURE = ROOT / "tests" / "editions" / "protocols"
OLD = FIXTURE / "editions" / "wyreford" / "2025-09-01.yaml"


def _json(*args: str) -> dict:
    run = handbook("deadline", "wyreford", *args, "--json", "--protocols", str(FIXTURE))
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)


def test_a_case_that_began_before_the_amendment_is_counted_under_the_old_edition_with_both_dates():
    result = _json("2", "2026-12-02", "--date", "stage-1=2026-11-30", "--today", "2026-12-02")
    assert result["edition"]["in_force_from"] == "2025-09-01"
    assert result["edition"]["text"] == (
        "Counted under the edition in force from 1 September 2025, in force when this stage began (2 December 2026)."
    )
    [limit] = result["deadlines"]
    assert (limit["within"], limit["due"]) == ({"working_days": 10}, "2026-12-14")
    assert result["edition"]["changes"] == [
        {
            "in_force_from": "2027-04-01",
            "timescale": "managers-discussion",
            "text": "Counted under the edition in force from 1 September 2025, when this stage began: "
            "“within 10 working days of stage 1”, due 14 December 2026. The edition in force from "
            "1 April 2027 says “within 5 working days of stage 1”, due 7 December 2026.",
        }
    ]


def test_a_case_that_began_after_the_amendment_is_counted_under_the_new_edition_with_no_note():
    result = _json("2", "2027-04-06", "--date", "stage-1=2027-04-05", "--today", "2027-04-06")
    assert result["edition"]["in_force_from"] == "2027-04-01"
    assert result["edition"]["changes"] == []
    [limit] = result["deadlines"]
    assert (limit["within"], limit["due"]) == ({"working_days": 5}, "2027-04-12")


def test_the_day_an_edition_takes_effect_is_counted_under_it():
    result = _json("1", "2027-04-01", "--today", "2027-04-01")
    assert result["edition"]["name"] == "the edition in force from 1 April 2027"
    result = _json("1", "2027-03-31", "--today", "2027-03-31")
    assert result["edition"]["name"] == "the edition in force from 1 September 2025"


def test_the_text_answer_names_the_edition_and_says_the_change_under_the_limit():
    run = handbook(
        "deadline", "wyreford", "2", "2026-12-02", "--date", "stage-1=2026-11-30", "--today", "2026-12-02",
        "--protocols", str(FIXTURE),
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    text = " ".join(run.stdout.split())
    assert "Counted under the edition in force from 1 September 2025, in force when this stage began" in text
    assert (
        "The edition in force from 1 April 2027 says “within 5 working days of stage 1”, due 7 December 2026." in text
    )


def test_a_partnership_with_one_edition_answers_without_an_edition_field():
    result = json.loads(handbook("deadline", "salford", "1", "2026-12-01", "--today", "2026-12-01", "--json").stdout)
    assert "edition" not in result


def _fixture_editions() -> Editions:
    return load_editions(load_protocol(FIXTURE / "wyreford.yaml"), FIXTURE)


def test_a_later_edition_that_sends_the_route_elsewhere_or_drops_the_stage_is_said_in_one_line():
    editions = _fixture_editions()
    old, new = editions.all
    rerouted = dataclasses.replace(new, stages=tuple(s for s in new.stages if s.id != "3"))
    table = build_table("england-and-wales")
    result = answer_in_force(Editions((old, rerouted)), "2", "2026-12-02", table, dates={"stage-1": "2026-11-30"})
    lines = [c["text"] for c in result["edition"]["changes"]]
    assert any("if not resolved, Stage 3 (Senior manager to senior manager discussion)" in line for line in lines)
    result = answer_in_force(Editions((old, rerouted)), "3", "2026-12-02", table, dates={"stage-2": "2026-11-30"})
    assert [c["text"] for c in result["edition"]["changes"]] == [
        "The edition in force from 1 April 2027 has no Stage 3."
    ]


def test_the_browser_carries_the_editions_and_answers_as_the_command_line_does():
    data = {**protocol_data(FIXTURE / "wyreford.yaml"), "editions": [protocol_data(OLD)]}
    table = build_table("england-and-wales").as_dict()
    browser.load(json.dumps({"wyreford": data}, default=str), json.dumps({"england-and-wales": table}))
    question = {"slug": "wyreford", "stage": "2", "start": "2026-12-02", "dates": {"stage-1": "2026-11-30"}}
    reply = json.loads(browser.ask(json.dumps({**question, "today": "2026-12-02"})))
    expected = _json("2", "2026-12-02", "--date", "stage-1=2026-11-30", "--today", "2026-12-02")
    assert reply["edition"] == expected["edition"]
    assert reply["deadlines"] == expected["deadlines"]


@pytest.mark.parametrize("day", ["2020-01-01", "2025-08-31"])
def test_a_day_before_every_dated_edition_is_counted_under_the_earliest(day):
    editions = _fixture_editions()
    assert editions.in_force_on(dt.date.fromisoformat(day)) is editions.all[0]


def test_editions_are_ordered_oldest_first_an_undated_one_earliest():
    current = _fixture_editions().current
    undated = dataclasses.replace(current, document=dataclasses.replace(current.document, in_force_from=None))
    dated = _fixture_editions().all[0]
    assert Editions.of(current, [dated, undated]).all == (undated, dated, current)
    assert isinstance(current, Protocol)


# The timeline: each later stage under the edition in force on the day it would begin -------------------------

PROJECTED_UNDER_NEW = (
    "Counted under the edition in force from 1 April 2027, in force on the day this stage is projected to begin."
)


def test_a_later_stage_projected_to_begin_after_an_amendment_is_counted_under_it_and_says_so():
    # Stage 1 began 30 March 2027 (the old edition): its limit ends 1 April 2027, the day the new one took effect.
    result = _json("1", "2027-03-30", "--today", "2027-03-30")
    assert result["edition"]["in_force_from"] == "2025-09-01"
    stage2, *rest = result["timeline"]
    assert stage2["start"] == "2027-04-01"
    [limit] = stage2["deadlines"]
    assert (limit["within"], limit["due"]) == ({"working_days": 5}, "2027-04-06")  # not the old 10: 13 April
    assert stage2["note"] == PROJECTED_UNDER_NEW
    assert rest and all(entry["note"] == PROJECTED_UNDER_NEW for entry in rest)


def test_a_later_stage_projected_to_begin_before_an_amendment_keeps_the_edition_of_the_readers_stage():
    result = _json("1", "2026-12-01", "--today", "2026-12-01")
    stage2 = result["timeline"][0]
    [limit] = stage2["deadlines"]
    assert limit["within"] == {"working_days": 10}
    assert stage2["note"] is None


def test_a_later_stage_the_amendment_dropped_ends_the_projection_in_one_line():
    old, new = _fixture_editions().all
    without_2 = dataclasses.replace(new, stages=tuple(s for s in new.stages if s.id != "2"))
    table = build_table("england-and-wales")
    result = answer_in_force(Editions((old, without_2)), "1", "2027-03-30", table)
    assert result["timeline"] == []
    assert result["timeline_note"] == "The edition in force from 1 April 2027 has no Stage 2."


def test_the_text_answer_names_the_edition_under_each_later_stage_it_counts():
    run = handbook("deadline", "wyreford", "1", "2027-03-30", "--today", "2027-03-30", "--protocols", str(FIXTURE))
    assert run.returncode == 0, run.stderr
    timeline = run.stdout.split("Timeline")[1]
    assert "Tuesday 6 April 2027 — within 5 working days of stage 1" in timeline
    assert PROJECTED_UNDER_NEW in timeline


def test_a_later_stage_the_reader_dated_after_an_amendment_is_counted_under_it_as_begun_not_projected():
    result = _json("1", "2027-03-22", "--date", "stage-2=2027-04-02", "--today", "2027-03-22")
    stage2 = result["timeline"][0]
    assert (stage2["start"], stage2["projected"]) == ("2027-04-02", False)
    assert stage2["deadlines"][0]["within"] == {"working_days": 5}
    assert stage2["note"] == (
        "Counted under the edition in force from 1 April 2027, in force on the day this stage began."
    )
