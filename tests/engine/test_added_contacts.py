"""The contacts a partnership adds, in the answer: beside the role they belong
to (`added` of each person involved or contacted to move on), the ones for the
whole procedure in `added_contacts`, each labelled as the partnership's, never
the source's; the same in `handbook deadline`'s text and JSON."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from authoring.checked import load_protocols
from authoring.holiday_table import build_table
from calculator.deadlines import answer
from calculator.model import Protocol
from tests.support.cli import handbook

ROOT = Path(__file__).resolve().parents[2]
FOLDER = ROOT / "tests" / "pages" / "added_contacts"
SLUG = "added-contacts-example"
LABEL = "The partnership's addition, not the procedure's text: added by the partnership's business unit, checked "


@pytest.fixture(scope="module")
def protocol() -> Protocol:
    (found,) = load_protocols(FOLDER)
    return found


def ask(protocol: Protocol, stage: str) -> dict:
    table = build_table("england-and-wales")
    return answer(protocol, stage, "2026-11-02", table, today=dt.date(2026, 11, 3))


def test_the_contacts_added_for_a_role_come_with_that_role_wherever_the_answer_names_it(protocol):
    at_1 = ask(protocol, "1")
    (practitioners,) = at_1["involved"]
    assert practitioners["added"] == []
    (managers,) = at_1["next"]["contact_details"]
    assert [a["name"] for a in managers["added"]] == ["Children's Services duty team", "Escalation form <b>online</b>"]
    duty = managers["added"][0]
    assert duty == {
        "role": "managers",
        "name": "Children's Services duty team",
        "phone": "0161 496 0000",
        "tel": "tel:01614960000",
        "email": "duty.team@example.gov.uk",
        "url": None,
        "note": "Weekdays 9am to 5pm; out of hours, the emergency duty team.",
        "added_by": "the partnership's business unit",
        "checked": "2026-10-01",
        "label": LABEL + "1 October 2026",
    }
    # The source's own details of the role stay as they were, apart from the partnership's.
    assert managers["phone"] is None and managers["quote"] == []
    at_2 = ask(protocol, "2")
    assert [a["name"] for a in at_2["involved"][0]["added"]] == [a["name"] for a in managers["added"]]


def test_a_resource_for_the_whole_procedure_is_in_every_answer_and_never_under_a_role(protocol):
    for stage in ("1", "2", "3"):
        result = ask(protocol, stage)
        (lado,) = result["added_contacts"]
        assert lado["role"] is None and lado["url"] == "https://www.example.gov.uk/lado"
        assert lado["tel"] == "tel:+441614960001" and lado["label"] == LABEL + "15 September 2026"
        people = result["involved"] + (result["next"]["contact_details"] if result["next"] else [])
        assert all(a["role"] == p["role"] for p in people for a in p["added"])


def test_only_a_web_address_is_given_as_a_link():
    data = {
        "slug": "x",
        "name": "X",
        "document": {"title": "X"},
        "calendar": {"nation": "england-and-wales"},
        "stages": [{"id": "1", "title": "One", "quote": "q"}],
        "added_contacts": [
            {"name": "Bad", "url": "javascript:alert(1)", "added_by": "a", "checked": "2026-01-01"},
            {"name": "Good", "url": "HTTPS://example.gov.uk", "added_by": "a", "checked": "2026-01-01"},
        ],
    }
    result = answer(Protocol.from_dict(data), "1", "2026-11-02", build_table("england-and-wales"))
    assert [a["url"] for a in result["added_contacts"]] == [None, "HTTPS://example.gov.uk"]


def test_the_command_line_shows_them_labelled_in_text_and_json(protocol):
    args = ("deadline", SLUG, "1", "2026-11-02", "--protocols", str(FOLDER), "--today", "2026-11-03")
    text = handbook(*args)
    assert text.returncode == 0, text.stderr
    out = text.stdout
    assert "  Contact: Their line managers\n    + Children's Services duty team; phone 0161 496 0000" in out
    assert "Contacts the partnership adds, for the whole procedure:\n  + Local Authority Designated Officer" in out
    assert " ".join(out.split()).count("The partnership's addition, not the procedure's text") == 3
    as_json = json.loads(handbook(*args, "--json").stdout)
    assert as_json["added_contacts"][0]["name"] == "Local Authority Designated Officer (LADO)"
    assert len(as_json["next"]["contact_details"][0]["added"]) == 2


def test_a_protocol_without_added_contacts_answers_with_empty_lists():
    result = answer(
        Protocol.from_dict(
            {
                "slug": "x",
                "name": "X",
                "document": {"title": "X"},
                "calendar": {"nation": "england-and-wales"},
                "roles": [{"id": "r", "title": "R", "quote": "q"}],
                "stages": [{"id": "1", "title": "One", "quote": "q", "involved": ["r"]}],
            }
        ),
        "1",
        "2026-11-02",
        build_table("england-and-wales"),
    )
    assert result["added_contacts"] == [] and result["involved"][0]["added"] == []
