"""A procedure's own word for its stages in every sentence of an answer:
LSCP's "Step" answers never say "stage" (event ids such as `stage-1` and the
source's own quotes aside), and a procedure whose word is "Stage" reads as before."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from typing import Any

import pytest

from authoring import commands
from authoring.holiday_table import build_table
from calculator.deadlines import answer
from calculator.naming import questions_for
from calculator.page_words import page_words
from calculator.question import INPUT_ERRORS
from calculator.wording import last_stage, no_timescale, projected, timeline_heading

LSCP = "lscp"
START = dt.date(2026, 12, 21)
TODAYS = (dt.date(2026, 12, 21), dt.date(2027, 3, 1))  # the day it began; every limit long passed
#: Identifiers (event ids in `--date stage-1=…` and "stage-1: Monday …"), not words.
IDENTIFIER = re.compile(r"\bstage-[\w-]+")
STAGE = re.compile(r"\bstages?\b", re.IGNORECASE)
#: Keys whose values are ids, or the source's own words (quoted as the source has them).
NOT_SENTENCES = {"event", "needs", "id", "timescale", "key", "quote", "protocol", "from", "status"}


def _sentences(value: Any, key: str = "") -> Iterator[str]:
    """Every string of a reply a reader may see, with the key it is under."""
    if key in NOT_SENTENCES:
        return
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _sentences(v, k)
    elif isinstance(value, list):
        for item in value:
            yield from _sentences(item, key)


def _says_stage(text: str) -> list[str]:
    return STAGE.findall(IDENTIFIER.sub("", text))


def _answers(table) -> Iterator[tuple[str, dict[str, Any]]]:
    """LSCP's answer at every step and route, with and without the other dates
    the step asks for (as the page asks them)."""
    protocol = commands.protocol_by_slug(LSCP)
    for stage in protocol.stages:
        asked = {q["event"] for q in questions_for(protocol, stage)} - {stage.event_id}
        earlier = {event: START.isoformat() for event in asked}
        for urgent in (None, True, False):
            for dates in ({}, earlier):
                for today in TODAYS:
                    try:
                        result = answer(protocol, stage.id, START, table, urgent=urgent, today=today, dates=dates)
                    except INPUT_ERRORS:
                        continue
                    yield f"{stage.id} urgent={urgent} dates={sorted(dates)} today={today}", result


@pytest.fixture(scope="module")
def table():
    return build_table("england-and-wales")


def test_no_lscp_answer_says_stage_in_text_or_json(table):
    said = []
    count = 0
    for name, result in _answers(table):
        count += 1
        text = commands.format_answer(result, "Step")
        reply = json.loads(json.dumps({**result, "words": page_words(result, "Step")}))
        said += [(name, line) for line in text.splitlines() if _says_stage(line)]
        said += [(name, s) for s in _sentences(reply) if _says_stage(s)]
    assert count > 20
    assert not said, said[:10]


def test_the_page_is_told_the_procedures_word(table):
    result = answer(commands.protocol_by_slug(LSCP), "2", START, table)
    assert page_words(result, "Step")["stage_word"] == "step"


def test_the_words_name_a_stage_in_the_procedures_word_and_stage_reads_as_before():
    assert projected("Stage") == "if each stage before it runs to its limit"
    assert timeline_heading("Stage") == "Timeline if each later stage runs to its limit:"
    assert no_timescale("Stage") == "The source gives no timescale for this stage."
    assert last_stage("Stage") == "This is the last stage of the procedure."
    assert last_stage("Step") == "This is the last step of the procedure."
