"""`deadlines.answer`: the JSON contract, the order of deadlines, branches,
conflicts, the timeline, closure days, and an independent oracle."""

from __future__ import annotations

import datetime as dt
import functools
import json
import random
from pathlib import Path
from typing import Any

import pytest
import yaml

from authoring import commands
from authoring.holiday_table import build_table
from calculator.deadlines import answer
from calculator.explanation import explain
from calculator.model import Protocol
from calculator.nonworking import OutOfRange
from calculator.question import BadDate, UnknownEvent, UnknownProtocol, UnknownStage, find_protocol
from calculator.wording import READING_TEXT
from tests.engine.test_holiday_table import govuk_bank_holidays
from tests.support.cli import handbook, handbook_process

ROOT = Path(__file__).resolve().parents[2]
SCP = "safeguarding-children-partnership"


@pytest.fixture(scope="module")
def table():
    return build_table("england-and-wales")


def _real(slug: str) -> Protocol:
    if not (ROOT / "protocols" / f"{slug}.yaml").is_file():
        pytest.fail(f"protocols/{slug}.yaml is missing")
    return commands.protocol_by_slug(slug)


def _stage(stage_id: str, timescales=(), next_=(), **extra) -> dict[str, Any]:
    return {
        "id": stage_id,
        "title": f"Stage {stage_id} title",
        "quote": "q",
        "timescales": list(timescales),
        "next": list(next_),
        **extra,
    }


def _wd(ts_id: str, working_days: int) -> dict[str, Any]:
    return {
        "id": ts_id,
        "action": f"do {ts_id}",
        "wording": f"within {working_days} working days",
        "quote": "q",
        "within": {"working_days": working_days},
    }


def _made_up(stages, closure_days=(), conflicts=(), roles=()) -> Protocol:
    """A protocol written in the test, for rules no real source exercises."""
    return Protocol.from_dict(
        {
            "slug": "made-up",
            "name": "Made-up partnership",
            "document": {"title": "t"},
            "calendar": {"nation": "england-and-wales", "closure_days": list(closure_days)},
            "roles": list(roles) or [{"id": "boss", "title": "The boss"}],
            "stages": list(stages),
            "conflicts": list(conflicts),
        }
    )


# The contract -------------------------------------------------------------
DEADLINE_KEYS = {
    "timescale": str,
    "action": str,
    "wording": str,
    "quote": list,
    "counted_from": dict,
    "needs": (str, type(None)),
    "readings": list,
    "lands_on": (dict, type(None)),
    "within": (dict, type(None)),
    "in_words": (str, type(None)),
    "due": (str, type(None)),
    "weekday": (str, type(None)),
    "counting": (str, type(None)),
    "skipped": list,
    "note": (str, type(None)),
    "repeats": (str, type(None)),
    "conflict": (dict, type(None)),
}
TRANSITION_KEYS = {"id": str, "title": str, "label": str, "when": str, "contacts": list}


def _has_shape(value: dict, shape: dict) -> None:
    missing = set(shape) - set(value)
    assert not missing, f"missing keys {sorted(missing)}"
    for key, kind in shape.items():
        assert isinstance(value[key], kind), f"{key}: {value[key]!r}"


def _check_deadline(d: dict) -> None:
    _has_shape(d, DEADLINE_KEYS)
    if d["within"] is not None:
        assert len(d["within"]) == 1 and next(iter(d["within"])) in ("working_days", "hours", "calendar_days")
        assert isinstance(next(iter(d["within"].values())), int)
    for s in d["skipped"]:
        assert set(s) == {"date", "name"}
        dt.date.fromisoformat(s["date"])
    if d["due"] is not None:
        due = dt.date.fromisoformat(d["due"])
        assert d["weekday"] == due.strftime("%A")
    cf = d["counted_from"]
    assert set(cf) >= {"event", "text", "label", "date", "stated", "projected"}
    if d["within"] is not None:
        # a computed limit has a date exactly when the day it counts from is known
        assert (d["due"] is None) == (cf["date"] is None) == (d["needs"] == cf["event"])
    if d["conflict"] is not None:
        assert set(d["conflict"]) >= {"text", "earlier", "other"} and "safe" not in d["conflict"]
        assert isinstance(d["conflict"]["earlier"], bool)
    for r in d["readings"]:
        assert "safe" not in r and isinstance(r["earlier"], bool)


def _check_contract(result: dict) -> None:
    _has_shape(
        result,
        {
            "protocol": str,
            "stage": dict,
            "start": str,
            "urgent": (bool, type(None)),
            "deadlines": list,
            "child_protection": list,
            "review": (dict, type(None)),
            "questions": list,
            "dates": dict,
            "if_resolved": list,
            "gaps": list,
            "next": (dict, type(None)),
            "branches": list,
            "records": list,
            "forms": list,
            "timeline": list,
            "calendar": dict,
        },
    )
    _has_shape(result["stage"], {"id": str, "title": str, "label": str})
    dt.date.fromisoformat(result["start"])
    for d in result["deadlines"]:
        _check_deadline(d)
    if result["next"] is not None:
        _has_shape(result["next"], TRANSITION_KEYS)
        assert all(isinstance(c, str) for c in result["next"]["contacts"])
    for b in result["branches"]:
        _has_shape(b, TRANSITION_KEYS)
    assert all(isinstance(r, str) for r in result["records"])
    for f in result["forms"]:
        _has_shape(f, {"id": str, "name": str})
    for entry in result["timeline"]:
        _has_shape(entry, {"stage": dict, "start": (str, type(None)), "deadlines": list})
        for d in entry["deadlines"]:
            _check_deadline(d)
    _has_shape(result["calendar"], {"region": str, "source": str, "covers": list})
    assert all(isinstance(y, str) and len(y) == 4 for y in result["calendar"]["covers"])
    assert json.loads(json.dumps(result)) == result


def test_the_contract_example_counts_from_stage_1_with_christmas_skipped(table):
    result = answer(_real(SCP), "2", "2026-12-24", table, dates={"stage-1": "2026-12-21"})
    _check_contract(result)
    assert result["protocol"] == SCP
    assert result["stage"] == {
        "id": "2",
        "title": "Direct manager to manager discussion",
        "label": "Stage 2",
        "note": None,
    }
    assert result["start"] == "2026-12-24" and result["urgent"] is None
    assert result["dates"] == {"stage-1": "2026-12-21", "stage-2": "2026-12-24"}
    [d] = result["deadlines"]
    assert d["wording"] == "within 5 working days of stage 1"
    assert d["within"] == {"working_days": 5}
    # "of stage 1" may mean its start or its end: the handbook's reading, said so
    assert d["counted_from"] == {
        "event": "stage-1",
        "text": "of stage 1",
        "label": "the day stage 1 began",
        "date": "2026-12-21",
        "stated": True,
        "reading": "ambiguous",
        "reading_text": READING_TEXT["ambiguous"],
        "projected": False,
    }
    assert (d["due"], d["weekday"], d["counting"]) == ("2026-12-30", "Wednesday", "working days")
    assert d["skipped"] == [
        {"date": "2026-12-25", "name": "Christmas Day"},
        {"date": "2026-12-28", "name": "Boxing Day (observed)"},
    ]
    assert result["next"]["id"] == "3"
    assert result["next"]["contacts"] == ["Senior managers (the line managers' own line managers)"]
    assert result["calendar"] == {
        "region": "England and Wales",
        "source": table.source,
        "covers": ["2019", "2040"],
        "definition": None,
    }


def test_without_the_date_it_counts_from_a_deadline_has_none_and_says_what_it_needs(table):
    result = answer(_real(SCP), "2", "2026-12-24", table)
    _check_contract(result)
    [d] = result["deadlines"]
    assert (d["due"], d["needs"], d["counted_from"]["date"]) == (None, "stage-1", None)
    assert result["questions"] == [
        {
            "event": "stage-1",
            "name": "the day stage 1 began",
            "hint": None,
            "question": "When did stage 1 (Direct professional to professional discussion) begin?",
        }
    ]
    assert "No date yet" in explain(d, "Stage")


@pytest.mark.parametrize(
    "slug", ["safeguarding-children-partnership", "cscp", "lscp", "salford", "staffordshire-stoke-on-trent"]
)
def test_every_stage_of_every_protocol_keeps_the_contract(table, slug):
    protocol = _real(slug)
    for stage in protocol.stages:
        for urgent in _routes(protocol, stage):
            _check_contract(answer(protocol, stage.id, "2026-06-01", table, urgent=urgent, today=dt.date(2026, 6, 15)))


def _routes(protocol, stage) -> tuple:
    """The `urgent` answers a reader at this stage can give: none where the
    procedure never branches, the stage's own where it is on a branch."""
    if not any(t.when != "unresolved" for s in protocol.stages for t in s.next):
        return (None,)
    if stage.branch:
        return (None, stage.branch == "urgent")
    return (None, True, False)


def test_a_timescale_given_only_in_words_has_no_date_and_comes_first(table):
    result = answer(_real(SCP), "1", "2026-01-09", table)
    words, computed = result["deadlines"]
    assert words["timescale"] == "discussion"
    assert (words["within"], words["due"], words["weekday"], words["counting"]) == (None, None, None, None)
    assert words["in_words"] == "immediately" and words["wording"] == "This must occur immediately"
    assert computed["within"] == {"working_days": 2} and computed["due"] == "2026-01-13"


def test_the_last_stage_has_no_next_stage_and_no_timeline(table):
    result = answer(_real(SCP), "5", "2026-01-05", table, dates={"notification": "2026-01-05"})
    assert result["next"] is None and result["branches"] == [] and result["timeline"] == []
    assert result["route_note"] is None
    assert result["deadlines"][0]["due"] == "2026-01-12"


def test_records_include_the_stage_s_own_and_the_protocol_s_duties(table):
    protocol = _real(SCP)
    result = answer(protocol, "4", "2026-01-05", table)
    assert result["records"] == [protocol.stages[3].records[0].text, protocol.record_keeping[0].text]


# Order, branches, conflicts -----------------------------------------------
def test_a_protocol_wide_record_that_repeats_a_stage_s_record_is_not_repeated(table):
    result = answer(_real("staffordshire-stoke-on-trent"), "1", "2026-01-05", table)
    assert sum("approve and date the record" in r for r in result["records"]) == 1


def test_computed_deadlines_are_sorted_by_due_date_after_the_ones_in_words(table):
    protocol = _made_up(
        [
            _stage(
                "1",
                [
                    _wd("slow", 5),
                    {"id": "now", "action": "a", "wording": "at once", "quote": "q", "in_words": "immediately"},
                    _wd("fast", 1),
                    {"id": "clock", "action": "a", "wording": "72 hours", "quote": "q", "within": {"hours": 72}},
                ],
            )
        ]
    )
    result = answer(protocol, "1", "2026-01-07", table)  # a Wednesday
    assert [(d["timescale"], d["due"]) for d in result["deadlines"]] == [
        ("now", None),
        ("fast", "2026-01-08"),
        ("clock", "2026-01-10"),
        ("slow", "2026-01-14"),
    ]
    assert result["deadlines"][2]["counting"] == "hours, on the clock"


def _branching() -> Protocol:
    return _made_up(
        [
            _stage(
                "3",
                [_wd("meet", 2)],
                [
                    {"stage": "4-urgent", "when": "urgent", "contacts": ["boss"]},
                    {"stage": "4-non-urgent", "when": "non-urgent"},
                ],
            ),
            _stage(
                "4-urgent",
                [
                    {
                        "id": "date-set",
                        "action": "a",
                        "wording": "within 24 hours",
                        "quote": "q",
                        "within": {"hours": 24},
                    }
                ],
                number="4",
                branch="urgent",
            ),
            _stage("4-non-urgent", [], number="4", branch="non-urgent"),
        ]
    )


def test_the_urgent_flag_chooses_a_branch_and_without_it_no_route_is_taken(table):
    protocol = _branching()
    urgent = answer(protocol, "3", "2026-01-05", table, urgent=True)
    calm = answer(protocol, "3", "2026-01-05", table, urgent=False)
    unsaid = answer(protocol, "3", "2026-01-05", table)
    assert unsaid["next"] is None and unsaid["route_note"] and unsaid["timeline"] == []
    assert [b["id"] for b in unsaid["branches"]] == ["4-urgent", "4-non-urgent"]
    assert (urgent["next"]["id"], urgent["next"]["when"], urgent["next"]["contacts"]) == (
        "4-urgent",
        "urgent",
        ["The boss"],
    )
    assert (calm["next"]["id"], calm["next"]["when"]) == ("4-non-urgent", "non-urgent")
    assert [b["id"] for b in calm["branches"]] == ["4-urgent", "4-non-urgent"] == [b["id"] for b in urgent["branches"]]
    assert urgent["next"]["label"] == "Stage 4 (urgent)"


def test_a_stage_number_shared_by_two_branches_is_resolved_by_the_urgent_flag(table):
    protocol = _branching()
    assert answer(protocol, "4", "2026-01-05", table, urgent=True)["stage"]["id"] == "4-urgent"
    assert answer(protocol, "4", "2026-01-05", table, urgent=False)["stage"]["id"] == "4-non-urgent"
    assert answer(protocol, "4-urgent", "2026-01-05", table)["stage"]["id"] == "4-urgent"
    with pytest.raises(UnknownStage, match="has more than one route: give its id"):
        answer(protocol, "4", "2026-01-05", table)


def test_an_unknown_stage_is_refused_with_the_stage_ids_there_are(table):
    with pytest.raises(UnknownStage) as err:
        answer(_branching(), "9", "2026-01-05", table)
    assert str(err.value) == "unknown stage '9' for made-up; expected one of: 3, 4-urgent, 4-non-urgent"


def _conflicting() -> Protocol:
    return _made_up(
        [
            _stage(
                "5",
                [
                    _wd("two-working-days", 2),
                    {
                        "id": "seventy-two-hours",
                        "action": "refer",
                        "wording": "within 72 hours",
                        "quote": "q",
                        "within": {"hours": 72},
                    },
                ],
            )
        ],
        conflicts=[
            {"text": "The source says both.", "stage": "5", "timescales": ["two-working-days", "seventy-two-hours"]}
        ],
    )


@pytest.mark.parametrize(
    "start, hours_due, working_due, earlier",
    [
        ("2026-01-09", "2026-01-12", "2026-01-13", "seventy-two-hours"),  # Friday: Monday vs Tuesday
        ("2026-01-13", "2026-01-16", "2026-01-15", "two-working-days"),  # Tuesday: Friday vs Thursday
        ("2026-01-10", "2026-01-13", "2026-01-13", None),  # Saturday: both Tuesday
    ],
)
def test_both_readings_of_a_conflict_are_shown_and_the_earlier_is_marked_earlier(
    table, start, hours_due, working_due, earlier
):
    result = answer(_conflicting(), "5", start, table)
    by_id = {d["timescale"]: d for d in result["deadlines"]}
    assert by_id["seventy-two-hours"]["due"] == hours_due
    assert by_id["two-working-days"]["due"] == working_due
    for ts_id, other in (("seventy-two-hours", "two-working-days"), ("two-working-days", "seventy-two-hours")):
        conflict = by_id[ts_id]["conflict"]
        assert conflict["text"] == "The source says both." and conflict["other"] == other
        assert conflict["earlier"] is (earlier == ts_id)


def test_staffordshire_stage_5_shows_both_readings_and_marks_72_hours_earlier_from_a_friday(table):
    protocol = _real("staffordshire-stoke-on-trent")
    [conflict] = protocol.conflicts
    result = answer(protocol, conflict.stage, "2026-01-09", table)
    shown = {d["timescale"]: d for d in result["deadlines"]}
    assert set(conflict.timescales) <= set(shown)
    hours = next(shown[t] for t in conflict.timescales if shown[t]["within"] == {"hours": 72})
    working = next(shown[t] for t in conflict.timescales if shown[t]["within"] == {"working_days": 2})
    assert (hours["due"], hours["weekday"]) == ("2026-01-12", "Monday")
    assert (working["due"], working["weekday"]) == ("2026-01-13", "Tuesday")
    assert hours["conflict"]["earlier"] is True and working["conflict"]["earlier"] is False
    assert hours["conflict"]["other"] == working["timescale"]


def test_lscp_step_3_leads_to_the_urgent_meeting_only_when_urgent(table):
    protocol = _real("lscp")
    urgent = answer(protocol, "3", "2026-01-05", table, urgent=True)
    calm = answer(protocol, "3", "2026-01-05", table, urgent=False)
    unsaid = answer(protocol, "3", "2026-01-05", table)
    assert unsaid["next"] is None and len(unsaid["branches"]) == 2
    # the source's own words for each route, and what it leaves unsaid
    assert any("If the SLO's cannot resolve the issue" in q for q in unsaid["branches"][0]["quote"])
    assert "does not say what happens to a non-urgent disagreement" in unsaid["gaps"][0]["text"]
    assert urgent["next"]["when"] == "urgent" and calm["next"]["when"] == "non-urgent"
    assert protocol.stage(urgent["next"]["id"]).branch == "urgent"
    assert protocol.stage(calm["next"]["id"]).branch == "non-urgent"
    assert answer(protocol, "4", "2026-01-05", table, urgent=True)["stage"]["id"] == urgent["next"]["id"]
    assert answer(protocol, "4", "2026-01-05", table, urgent=False)["stage"]["id"] == calm["next"]["id"]


# Timeline ---------------------------------------------------------------------
def test_the_timeline_counts_each_later_deadline_from_its_own_event(table):
    result = answer(_real(SCP), "1", "2026-12-21", table)
    assert [(e["stage"]["id"], e["start"], [d["due"] for d in e["deadlines"]]) for e in result["timeline"]] == [
        # stage 2 is taken to begin when stage 1's plan is due (Wed 23 Dec), but its
        # discussion counts from the day stage 1 began: 5 working days of Mon 21 Dec
        ("2", "2026-12-23", ["2026-12-30"]),
        # stage 3 counts from the (projected) start of stage 2: 5 working days of 23 Dec
        ("3", "2026-12-30", ["2027-01-04"]),
        ("4", "2027-01-04", ["2027-01-06"]),
        # mediation counts from notification to the Business Office, an event of
        # stage 5's own: projected on the day stage 5 is projected to begin
        ("5", "2027-01-06", ["2027-01-13"]),
    ]
    [stage_2] = result["timeline"][0]["deadlines"]
    assert stage_2["counted_from"]["date"] == "2026-12-21" and not stage_2["counted_from"]["projected"]
    [stage_3] = result["timeline"][1]["deadlines"]
    assert stage_3["counted_from"]["date"] == "2026-12-23" and stage_3["counted_from"]["projected"]
    mediation = result["timeline"][3]["deadlines"][0]["counted_from"]
    assert (mediation["event"], mediation["date"], mediation["projected"]) == ("notification", "2027-01-06", True)


def test_after_a_stage_with_no_computed_deadline_the_timeline_has_no_dates(table):
    protocol = _made_up(
        [
            _stage("1", [_wd("a", 2)], [{"stage": "2"}]),
            _stage(
                "2",
                [
                    {
                        "id": "b",
                        "action": "a",
                        "wording": "as soon as possible",
                        "quote": "q",
                        "in_words": "as-soon-as-possible",
                    }
                ],
                [{"stage": "3"}],
            ),
            _stage("3", [_wd("c", 5)]),
        ]
    )
    result = answer(protocol, "1", "2026-01-05", table)
    assert [(e["stage"]["id"], e["start"]) for e in result["timeline"]] == [("2", "2026-01-07"), ("3", None)]
    assert result["timeline"][1]["deadlines"][0]["needs"] == "stage-3"
    [c] = result["timeline"][1]["deadlines"]
    assert c["within"] == {"working_days": 5} and c["due"] is None


def test_the_timeline_stops_giving_dates_where_the_calendar_ends(table):
    result = answer(_real(SCP), "1", "2040-12-20", table)
    assert result["deadlines"][1]["due"] == "2040-12-24"
    result = answer(_real(SCP), "2", "2040-12-24", table, dates={"stage-1": "2040-12-20"})
    stage_3 = result["timeline"][0]
    assert stage_3["start"] == "2040-12-31" and stage_3["deadlines"][0]["due"] is None
    assert "outside the calendar" in stage_3["note"]
    assert all(e["start"] is None for e in result["timeline"][1:])


# Closure days and input -----------------------------------------------------
def test_a_protocol_s_closure_days_are_skipped_and_named(table):
    protocol = _made_up(
        [_stage("1", [_wd("a", 5)])],
        closure_days=[
            {"date": "2026-12-29", "name": "Offices closed between Christmas and New Year"},
            {"date": "2026-12-30", "name": "Offices closed between Christmas and New Year"},
        ],
    )
    [d] = answer(protocol, "1", "2026-12-22", table)["deadlines"]
    assert d["due"] == "2027-01-05"
    assert [s["date"] for s in d["skipped"]] == ["2026-12-25", "2026-12-28", "2026-12-29", "2026-12-30", "2027-01-01"]
    assert d["skipped"][2]["name"] == "Offices closed between Christmas and New Year"


@pytest.mark.parametrize(
    "start, message",
    [
        ("2026-13-01", "2026-13-01 is not a real date: month must be in 1..12"),
        ("2026-02-30", "2026-02-30 is not a real date: day is out of range for month"),
        ("26/12/2026", "'26/12/2026' is not a date in the form YYYY-MM-DD (for example 2026-12-22)"),
        ("tomorrow", "'tomorrow' is not a date in the form YYYY-MM-DD (for example 2026-12-22)"),
        ("20261222", "'20261222' is not a date in the form YYYY-MM-DD (for example 2026-12-22)"),
    ],
)
def test_a_malformed_start_date_is_refused_with_one_line_saying_why(table, start, message):
    with pytest.raises(BadDate) as err:
        answer(_real(SCP), "1", start, table)
    assert str(err.value) == message


def test_a_start_outside_the_calendar_is_refused_even_without_computed_deadlines(table):
    protocol = _made_up([_stage("1")])
    with pytest.raises(OutOfRange, match="^1999-01-01 is outside the calendar, which covers 2019 to 2040$"):
        answer(protocol, "1", "1999-01-01", table)


def test_an_unknown_partnership_is_refused_with_the_slugs_there_are():
    with pytest.raises(UnknownProtocol, match=f"unknown partnership 'nope'; expected one of: .*{SCP}"):
        commands.protocol_by_slug("nope")
    with pytest.raises(UnknownProtocol):
        find_protocol([_real(SCP)], "nope")


def test_deadlines_passed_by_today_are_marked_overdue_with_how_long_ago(table):
    result = answer(_real(SCP), "2", "2026-12-22", table, today=dt.date(2027, 1, 4), dates={"stage-1": "2026-12-21"})
    d = result["deadlines"][0]
    assert d["overdue"] is True and d["due"] == "2026-12-30"
    # 31 Dec and 4 Jan: New Year's Day does not count
    assert d["relative"] == {"status": "passed", "working_days": -2, "days": -5, "text": "passed 2 working days ago"}
    ahead = answer(_real(SCP), "2", "2026-12-22", table, today=dt.date(2026, 12, 24), dates={"stage-1": "2026-12-21"})[
        "deadlines"
    ][0]
    # 29 and 30 Dec: the Boxing Day substitute (28 Dec) does not count
    assert ahead["overdue"] is False and ahead["relative"]["text"] == "in 2 working days"
    today = answer(_real(SCP), "2", "2026-12-22", table, today=dt.date(2026, 12, 30), dates={"stage-1": "2026-12-21"})[
        "deadlines"
    ][0]
    assert today["relative"]["text"] == "today"


def test_every_salford_answer_carries_the_same_working_day_duty_and_the_overdue_review(table):
    protocol = _real("salford")
    for stage in protocol.stages:
        result = answer(protocol, stage.id, "2026-12-01", table, today=dt.date(2026, 12, 2))
        assert [c["in_words"] for c in result["child_protection"] if c["in_words"]] == ["same-working-day"]
        assert result["review"] == {"date": "2016-05-15", "overdue": True}
    stage_3 = answer(protocol, "3", "2026-12-01", table)
    assert any(p["phone"] == "0161 603 4350" for p in stage_3["involved"])


def test_forty_eight_hours_two_working_days_gives_both_dates_the_earlier_labelled(table):
    [_, d] = answer(_real("lscp"), "1", "2027-03-24", table)["deadlines"]
    assert [(r["wording"], r["due"], r["earlier"]) for r in d["readings"]] == [
        ("2 working days", "2027-03-30", False),
        ("48 hours", "2027-03-26", True),
    ]
    assert d["readings"][1]["lands_on"] == {"date": "2027-03-26", "name": "Good Friday"}


def test_an_unknown_event_is_refused_with_the_events_there_are(table):
    with pytest.raises(UnknownEvent, match="unknown event 'lunch' for lscp; expected one of: stage-1"):
        answer(_real("lscp"), "2", "2026-01-05", table, dates={"lunch": "2026-01-05"})


STAGE_1 = {
    "event": "stage-1",
    "text": "of stage 1",
    "label": "the day stage 1 began",
    "date": "2026-12-21",
    "stated": True,
    "projected": False,
}


@pytest.mark.parametrize(
    "deadline, line",
    [
        (
            {
                "wording": "within 5 working days of stage 1",
                "due": "2026-12-30",
                "within": {"working_days": 5},
                "counted_from": STAGE_1,
                "skipped": [
                    {"date": "2026-12-25", "name": "Christmas Day"},
                    {"date": "2026-12-28", "name": "Boxing Day (observed)"},
                ],
            },
            "Wednesday 30 December 2026 — within 5 working days of stage 1, counted from Monday 21 December "
            "2026 (the day stage 1 began); skips 25 Dec Christmas Day, 28 Dec Boxing Day (observed)",
        ),
        (
            {
                "wording": "within 72 hours",
                "due": "2026-12-25",
                "within": {"hours": 72},
                "skipped": [],
                "counted_from": {
                    **STAGE_1,
                    "date": "2026-12-22",
                    "stated": False,
                    "reading": "unstated",
                    "reading_text": READING_TEXT["unstated"],
                },
                "lands_on": {"date": "2026-12-25", "name": "Christmas Day"},
            },
            "Friday 25 December 2026 — within 72 hours, counted from Tuesday 22 December 2026 (the day stage 1 "
            "began; the source does not say what this is counted from; this is the handbook's reading); falls "
            "on a non-working day: "
            "Christmas Day; hours are counted on the clock, weekends and bank holidays included",
        ),
        (
            {
                "wording": "This must occur immediately",
                "due": None,
                "within": None,
                "skipped": [],
                "in_words": "immediately",
            },
            "Immediately — This must occur immediately",
        ),
        (
            {
                "wording": "as soon as possible",
                "due": None,
                "within": None,
                "skipped": [],
                "in_words": "as-soon-as-possible",
            },
            "As soon as possible — as soon as possible",
        ),
        (
            {
                "wording": "within 5 working days of stage 1",
                "due": None,
                "within": {"working_days": 5},
                "skipped": [],
                "counted_from": {**STAGE_1, "date": None},
                "needs": "stage-1",
            },
            "No date yet — within 5 working days of stage 1: counted from the day stage 1 began, a date not given",
        ),
    ],
)
def test_explain_gives_one_readable_line(deadline, line):
    assert explain(deadline, "Stage") == line


# Oracle -------------------------------------------------------------------------
# An independent reading: the raw YAML (not the model), GOV.UK's published
# bank holidays (not the `holidays` library), and a day-by-day count.
ORACLE_CASES = 300
ORACLE_CLI_CASES = 20
#: Of those, the first cases run `python -m authoring.cli` in a process of its
#: own; the rest run the same command in this one (tests/support/cli.py).
ORACLE_CLI_PROCESSES = 4


def _oracle_due(start: dt.date, within: dict, closed: set[dt.date]) -> dt.date:
    ((unit, amount),) = within.items()
    if unit == "hours":
        days = amount // 24 + (1 if amount % 24 else 0)
        return start + dt.timedelta(days=days)
    if unit == "calendar_days":
        return start + dt.timedelta(days=amount)
    day, counted = start, 0
    while counted < amount:
        day += dt.timedelta(days=1)
        if day.weekday() < 5 and day not in closed:
            counted += 1
    return day


@functools.lru_cache(maxsize=1)
def _oracle_protocols() -> list[dict]:
    return [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((ROOT / "protocols").glob("*.yaml"))]


def _oracle_closed(raw: dict, govuk) -> set[dt.date]:
    closed = set(govuk[raw["calendar"]["nation"]])
    closed |= {dt.date.fromisoformat(str(c["date"])) for c in raw["calendar"].get("closure_days") or []}
    return closed


def _oracle_cases(count: int, seed: int):
    rng = random.Random(seed)
    raws = _oracle_protocols()
    first, last = dt.date(2019, 1, 1).toordinal(), dt.date(2028, 10, 31).toordinal()
    for _ in range(count):
        raw = rng.choice(raws)
        stage = rng.choice(raw["stages"])
        urgent = rng.random() < 0.5
        branches = {t.get("when") for s in raw["stages"] for t in s.get("next") or ()} - {"unresolved", None}
        if not branches:
            urgent = None
        elif stage.get("branch"):
            urgent = stage["branch"] == "urgent"
        yield raw, str(stage["id"]), dt.date.fromordinal(rng.randint(first, last)), urgent


def _oracle_events(raw: dict, stage_id: str) -> list[str]:
    """Every event a reader at this stage can date: not the disagreement
    resolved at another stage (a reader past it would not be here)."""
    return [f"stage-{s['id']}" for s in raw["stages"]] + [
        e["id"] for e in raw.get("events") or () if not (e.get("resolves") and str(e.get("stage")) != stage_id)
    ]


def _oracle_anchor(t: dict) -> str:
    counted = t["from"]
    return f"stage-{counted['stage']}" if "stage" in counted else counted["event"]


def _oracle_check(
    raw: dict, stage_id: str, start: dt.date, result: dict, closed: set[dt.date], all_dated: bool
) -> list[str]:
    """What the answer got wrong, as readable lines (empty when it agrees).
    `all_dated`: every event was given the start's date, so every limit counts
    from it; otherwise only the stage's own start is known, and a limit counted
    from any other event must have no date."""
    problems = []
    stages = {str(s["id"]): s for s in raw["stages"]}
    here = f"stage-{stage_id}"
    expected = {
        t["id"]: (
            _oracle_due(start, t["within"], closed).isoformat() if all_dated or _oracle_anchor(t) == here else None
        )
        for t in stages[stage_id].get("timescales") or []
        if t.get("within")
    }
    got = {d["timescale"]: d["due"] for d in result["deadlines"]}
    for ts_id, due in expected.items():
        if got.get(ts_id) != due:
            problems.append(f"{raw['slug']} {stage_id} from {start}: {ts_id} due {got.get(ts_id)}, oracle {due}")
    for ts_id, due in got.items():
        if ts_id not in expected and due is not None:
            problems.append(f"{raw['slug']} {stage_id} from {start}: {ts_id} has a date ({due}) the source lacks")
    if all_dated:
        # Every later stage's limits count from events dated to the start too.
        for entry in result["timeline"]:
            dues = [
                _oracle_due(start, t["within"], closed).isoformat()
                for t in stages[entry["stage"]["id"]].get("timescales") or []
                if t.get("within")
            ]
            if sorted(dues) != sorted(d["due"] for d in entry["deadlines"] if d["within"]):
                problems.append(
                    f"{raw['slug']} {stage_id} from {start}: stage {entry['stage']['id']} "
                    f"dues {[d['due'] for d in entry['deadlines']]}, oracle {dues}"
                )
    return problems


def test_the_oracle_agrees_with_answer_for_hundreds_of_random_cases(table):
    govuk = govuk_bank_holidays()
    problems, computed, protocols = [], 0, {}
    for n, (raw, stage_id, start, urgent) in enumerate(_oracle_cases(ORACLE_CASES, seed=20261222)):
        if raw["slug"] not in protocols:
            protocols[raw["slug"]] = commands.protocol_by_slug(raw["slug"])
        protocol = protocols[raw["slug"]]
        all_dated = n % 2 == 0
        dates = {e: start for e in _oracle_events(raw, stage_id) if e != f"stage-{stage_id}"} if all_dated else {}
        result = answer(protocol, stage_id, start, commands.table_for(protocol), urgent=urgent, dates=dates)
        computed += sum(1 for d in result["deadlines"] if d["due"])
        problems += _oracle_check(raw, stage_id, start, result, _oracle_closed(raw, govuk), all_dated)
    assert not problems, "\n".join(problems[:20])
    assert computed > ORACLE_CASES // 3  # many cases really compared a date


def test_the_oracle_agrees_with_the_command_line(table):
    govuk = govuk_bank_holidays()
    problems = []
    for n, (raw, stage_id, start, urgent) in enumerate(_oracle_cases(ORACLE_CLI_CASES, seed=31122026)):
        all_dated = n % 2 == 0
        args = ["deadline", raw["slug"], stage_id, start.isoformat(), "--json"] + (
            [] if urgent is None else ["--urgent" if urgent else "--not-urgent"]
        )
        if all_dated:
            for e in _oracle_events(raw, stage_id):
                if e != f"stage-{stage_id}":
                    args += ["--date", f"{e}={start.isoformat()}"]
        if n < ORACLE_CLI_PROCESSES:  # the entry point itself, as a reader runs it
            run = handbook_process(*args, timeout=60)
        else:
            run = handbook(*args)
        assert run.returncode == 0, run.stderr
        problems += _oracle_check(raw, stage_id, start, json.loads(run.stdout), _oracle_closed(raw, govuk), all_dated)
    assert not problems, "\n".join(problems)


def test_a_date_counted_from_a_later_event_has_no_date_until_that_event_is_dated(table):
    protocol = _real("staffordshire-stoke-on-trent")
    by_id = {d["timescale"]: d for d in answer(protocol, "1", dt.date(2026, 12, 18), table)["deadlines"]}
    advised = by_id["outcome-advised"]  # "If agreement is reached ... within 1 working day"
    assert (advised["due"], advised["needs"]) == (None, "agreement-stage-1")
    assert by_id["matter-raised"]["due"] == "2026-12-21"
    dated = {
        d["timescale"]: d
        for d in answer(protocol, "1", dt.date(2026, 12, 18), table, dates={"agreement-stage-1": "2026-12-22"})[
            "deadlines"
        ]
    }
    assert dated["outcome-advised"]["due"] == "2026-12-23"
    assert dated["outcome-advised"]["counted_from"]["label"] == "agreement at stage 1"


def test_a_date_whose_starting_point_the_source_omits_says_so_and_what_it_was_counted_from(table):
    result = answer(_real("salford"), "3", dt.date(2026, 12, 18), table)
    dated = [d for d in result["deadlines"] if d["due"]]
    assert dated and all(d["counted_from"]["stated"] is False for d in dated)
    assert all("does not say what the 2 working days are counted from" in d["note"] for d in dated)
    assert all("the handbook's reading" in explain(d, "Stage") for d in dated)


@pytest.mark.parametrize(
    "slug", ["safeguarding-children-partnership", "cscp", "lscp", "salford", "staffordshire-stoke-on-trent"]
)
def test_no_projected_limit_has_passed_on_the_day_its_own_stage_begins(table, slug):
    """Each later stage taken to begin when the one before runs to its limit:
    none of its limits falls before that day, whatever the start (a limit
    counted from an earlier stage's start would, where the source's words
    allow another reading)."""
    protocol = _real(slug)
    late = []
    for offset in range(0, 400, 3):
        start = dt.date(2026, 1, 1) + dt.timedelta(days=offset)
        for stage in protocol.stages:
            for urgent in _routes(protocol, stage):
                for entry in answer(protocol, stage.id, start, table, urgent=urgent)["timeline"]:
                    late += [
                        f"{stage.id} from {start}: {entry['stage']['id']} begins {entry['start']}, "
                        f"{d['timescale']} due {d['due']}"
                        for d in entry["deadlines"]
                        if d["due"] and entry["start"] and d["due"] < entry["start"]
                    ]
    assert late == []
