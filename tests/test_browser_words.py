"""The words calculator.browser gives the page beside an answer: every date
as the engine writes it, and the sentences about the question, so that the
browser keeps no month names and no sentences of its own."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from authoring import commands
from authoring.checked import protocol_data
from authoring.holiday_table import build_table
from calculator import browser
from calculator.deadlines import answer
from calculator.page_words import covers_text, page_words


def test_every_date_of_an_answer_has_the_engine_s_long_and_short_text():
    result = answer(
        commands.protocol_by_slug("lscp"),
        "2",
        "2026-11-02",
        build_table("england-and-wales"),
        today=dt.date(2026, 12, 2),
        dates={"stage-1": "2026-10-26"},
    )
    words = page_words(result, "Stage")
    assert words["dates"]["2026-11-02"] == "Monday 2 November 2026"
    assert words["short_dates"]["2026-11-02"] == "2 November 2026"
    assert set(words["dates"]) >= {"2026-10-26", "2026-11-04", "2026-12-02"}
    assert words["given"] == ["The day step 1 began: Monday 26 October 2026", "Step 2 began on Monday 2 November 2026"]
    assert words["today"] == "Today is Wednesday 2 December 2026."
    assert words["urgent"] is None
    assert words["calendar"] == "Working days skip weekends and the bank holidays of England and Wales."


def test_a_day_a_date_lands_on_is_named_as_a_sentence_names_it():
    result = answer(
        commands.protocol_by_slug("lscp"),
        "3",
        "2026-12-23",
        build_table("england-and-wales"),
        today=dt.date(2026, 12, 2),
    )
    # 48 hours from 23 December 2026, on the clock, lands on Christmas Day.
    assert page_words(result, "Stage")["lands_on"] == {"Christmas Day": "This is Christmas Day, not a working day."}


def test_the_calendar_s_years_are_said_from_the_first_day_to_the_last():
    assert covers_text(2019, 2040) == "between 1 January 2019 and 31 December 2040"


def test_each_deadline_s_sentences_and_the_calendar_file_s_events_are_the_engine_s():
    result = answer(
        commands.protocol_by_slug("lscp"),
        "2",
        "2026-11-02",
        build_table("england-and-wales"),
        today=dt.date(2026, 12, 2),
        dates={"stage-1": "2026-10-26"},
    )
    words = page_words(result, "Stage")
    stage_2 = [key for key in words["deadlines"] if key.startswith("2/")]
    assert stage_2, "the reader's stage's deadlines are keyed by its id"
    said = words["deadlines"][stage_2[0]]
    assert said["counted_from"].startswith("Counted from ")
    assert said["procedure"].startswith("The procedure: “")
    for event in words["calendar_events"]:
        assert event["summary"].startswith("Step 2: ")
        assert event["description"][0] == f"{result['name']}, Step 2: {result['stage']['title']}."
    assert words["said"]["no_timescale"] == "The source gives no timescale for this stage."


def test_the_answer_carries_the_partnership_s_glossary_with_the_lines_its_pages_show():
    data = protocol_data(Path(__file__).resolve().parents[1] / "protocols" / "lscp.yaml")
    table = build_table("england-and-wales").as_dict()
    browser.load(json.dumps({"lscp": data}, default=str), json.dumps({"england-and-wales": table}, default=str))
    terms = json.loads(browser.ask(json.dumps({"slug": "lscp", "stage": "1", "start": "2026-11-02"})))["words"]["terms"]
    assert {
        "term": "SLO",
        "explanation": "SLO: Senior Liaison Officer (as the source expands it)",
        "abbreviation": True,
    } in terms
    assert [t["term"] for t in terms] == [g["term"] for g in data["glossary"]]
    lscp = next(t for t in terms if t["term"] == "LSCP")
    assert lscp["explanation"].endswith("(the handbook's gloss: the source never expands it)")
