"""What an answer puts first: each deadline's status and order, every limit
passed with the next step, conditions in front, projections never passed,
badges in one unit beside each date, notes on unlikely dates, and the
child-protection reminder in every answer."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from authoring import commands
from authoring.holiday_table import build_table
from calculator.deadlines import answer
from calculator.now import STATUS_ORDER
from calculator.wording import CHILD_PROTECTION_NOTE, PROJECTED_BADGE

STAFFS = "staffordshire-stoke-on-trent"
TODAY = dt.date(2026, 12, 4)  # a Friday
TEN_WORKING_DAYS_AGO = "2026-11-20"


@pytest.fixture(scope="module")
def table():
    return build_table("england-and-wales")


def ask(table, slug, stage, start, today=TODAY, **kw):
    return answer(commands.protocol_by_slug(slug), stage, start, table, today=today, **kw)


@pytest.fixture(scope="module")
def staffs_3(table):
    """Staffordshire stage 3 begun and formally escalated ten working days ago."""
    return ask(table, STAFFS, "3", TEN_WORKING_DAYS_AGO, dates={"formal-escalation": TEN_WORKING_DAYS_AGO})


def test_a_stage_whose_limits_have_all_passed_says_so_first_with_the_procedure_s_next_step(staffs_3):
    assert staffs_3["now"]["limits_passed"] is True
    assert staffs_3["now"]["text"].startswith("Every time limit of stage 3 has passed.")
    assert staffs_3["next"]["id"] == "4" and staffs_3["next"]["contact_details"]
    text = commands.format_answer(staffs_3, "Stage")
    assert text.index("Every time limit of stage 3") < text.index("If not resolved: Stage 4") < text.index("Due")


def test_overdue_comes_first_and_a_conditional_action_last_with_its_condition_in_front(staffs_3):
    statuses = [d["status"] for d in staffs_3["deadlines"]]
    assert statuses == sorted(statuses, key=STATUS_ORDER.index)
    assert statuses[0] == "overdue"
    by_id = {d["timescale"]: d for d in staffs_3["deadlines"]}
    decision = by_id["decision-communicated"]
    assert decision["status"] == "conditional"
    assert "“Any decision making arising from this process”" in decision["condition"]
    assert by_id["meeting-held"]["status"] == "conditional" and "“If necessary”" in by_id["meeting-held"]["condition"]
    assert not [d for d in staffs_3["deadlines"] if d["status"] == "now"], "no words-only action applies as it stands"


def test_an_action_counted_from_an_undated_agreement_applies_only_where_the_source_says(table):
    result = ask(table, STAFFS, "2", "2026-12-01")
    plan = next(d for d in result["deadlines"] if d["timescale"] == "plan-fed-back")
    assert plan["status"] == "conditional"
    assert plan["condition"] == "Only where the procedure says: “Any agreed plan arising from this contact”"


def test_limits_not_all_passed_or_not_all_dated_leave_the_next_step_where_it_was(table):
    undated = ask(table, STAFFS, "3", TEN_WORKING_DAYS_AGO)  # the formal escalation not dated
    assert undated["now"] == {"limits_passed": False, "text": None}
    fresh = ask(table, STAFFS, "3", "2026-12-03")
    assert fresh["now"]["limits_passed"] is False
    assert "Every time limit" not in commands.format_answer(fresh, "Stage")


def test_a_projected_later_stage_is_never_passed(staffs_3):
    dated = [d for e in staffs_3["timeline"] for d in e["deadlines"] if d["due"]]
    assert dated and any(d["due"] < TODAY.isoformat() for d in dated), "the case needs projected dates before today"
    for d in dated:
        assert d["status"] == "projected" and d["overdue"] is None
        assert d["relative"]["status"] == "projected" and "passed" not in d["relative"]["text"]
        assert d["relative"]["text"].startswith(PROJECTED_BADGE)


def test_a_projected_date_still_ahead_says_how_many_working_days(table):
    result = ask(table, STAFFS, "3", "2026-12-03", dates={"formal-escalation": "2026-12-03"})
    ahead = [d["relative"]["text"] for e in result["timeline"] for d in e["deadlines"] if d["due"]]
    assert any(re.fullmatch(r"projected: in \d+ working days?", t) for t in ahead), ahead


def test_every_badge_names_its_unit(table):
    # Friday 4 December 2026: a limit of 48 hours from Thursday lands on Saturday, no working day away.
    result = ask(table, "lscp", "1", "2026-12-03")
    texts = [r["relative"]["text"] for d in result["deadlines"] for r in d["readings"] if r.get("relative")]
    texts += [d["relative"]["text"] for d in result["deadlines"] if d["relative"]]
    assert texts
    for text in texts:
        assert re.fullmatch(r"today|in \d+ (working|calendar) days?|passed \d+ (working|calendar) days? ago", text), (
            text
        )


def test_each_reading_of_a_limit_has_its_own_badge(table):
    result = ask(table, "lscp", "1", "2026-12-03")
    two = next(d for d in result["deadlines"] if len({r["due"] for r in d["readings"] if r["due"]}) > 1)
    badges = [r["relative"]["text"] for r in two["readings"]]
    assert len(badges) == 2 and all(badges)
    text = commands.format_answer(result, "Stage")
    for r in two["readings"]:
        assert r["relative"]["text"] in text


@pytest.mark.parametrize(
    ("start", "facts"),
    [
        ("2026-11-21", ["a Saturday, not a working day"]),
        ("2026-12-25", ["Christmas Day, not a working day"]),
        ("2026-12-09", ["after today"]),
        ("2026-12-12", ["a Saturday, not a working day", "after today"]),
    ],
)
def test_a_start_on_a_non_working_day_or_after_today_gets_one_line(table, start, facts):
    notes = ask(table, STAFFS, "1", start)["date_notes"]
    assert len(notes) == 1
    assert notes[0].startswith("You gave ") and "the day stage 1 began" in notes[0]
    assert all(f in notes[0] for f in facts)
    assert f"Handbook's note: {notes[0][:40]}" in commands.format_answer(ask(table, STAFFS, "1", start), "Stage")


def test_a_working_day_before_today_gets_no_note(table):
    assert ask(table, STAFFS, "1", "2026-12-01")["date_notes"] == []


def test_every_answer_carries_a_child_protection_reminder_the_source_s_where_it_states_one(table):
    salford = ask(table, "salford", "1", "2026-12-01")
    assert salford["child_protection"] and salford["child_protection_note"] is None
    staffs = ask(table, STAFFS, "1", "2026-12-01")
    assert staffs["child_protection"] == [] and staffs["child_protection_note"] == CHILD_PROTECTION_NOTE
    assert f"Handbook's note: {CHILD_PROTECTION_NOTE[:40]}" in commands.format_answer(staffs, "Stage")
