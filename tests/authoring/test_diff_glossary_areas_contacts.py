"""`handbook diff` (and so `handbook record`) names in plain words each change to a file's glossary (an
entry added or removed, its meaning changed, its expansion now the handbook's gloss), its areas and the
contacts its partnership adds: none of them is "only the file's layout"."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from tests.authoring.test_diff import changes_between, copy_protocol


def _edit(data: dict) -> None:
    entries = {e["term"]: e for e in data["glossary"]}
    entries["LSCP"]["means"] = "a Local Safeguarding Children Partnership"
    slo = entries["SLO"]
    del slo["quote"]
    slo["gloss"] = "handbook"
    slo["note"] = "The handbook's reading."
    data["glossary"] = [e for e in data["glossary"] if e["term"] != "ASAP"]
    data["glossary"].append({"term": "HoS", "means": "Head of Service", "gloss": "handbook"})


def test_each_glossary_change_is_named_in_plain_words(tmp_path: Path):
    old = copy_protocol(tmp_path, "lscp", version="old")
    new = copy_protocol(tmp_path, "lscp", _edit, version="new")
    words = [(c.kind, c.what, c.description) for c in changes_between(old, new)]
    assert words == [
        ("removed", "glossary", "Glossary entry removed: ASAP (as soon as possible)"),
        (
            "changed",
            "glossary",
            "Glossary, LSCP: a Safeguarding Children Partnership whose place (the L) the source never names"
            " → a Local Safeguarding Children Partnership",
        ),
        ("changed", "glossary", "Glossary, SLO: the source's expansion → the handbook's gloss"),
        ("changed", "glossary", "Glossary, SLO, note: none → The handbook's reading."),
        ("added", "glossary", "Glossary entry added: HoS, Head of Service (the handbook's gloss)"),
    ]


def _edit_facts(data: dict) -> None:
    data["areas"] = [{"name": "Lakeside"}]
    data["added_contacts"] = [
        {
            "name": "Children's Services front door",
            "phone": "01632 960 000",
            "added_by": "The partnership's business unit",
            "checked": dt.date(2026, 12, 1),
        }
    ]


def test_areas_and_the_contacts_a_partnership_adds_are_named_too(tmp_path: Path):
    old = copy_protocol(tmp_path, "salford", version="old")
    new = copy_protocol(tmp_path, "salford", _edit_facts, version="new")
    words = [c.description for c in changes_between(old, new)]
    assert words == [
        "Area removed: Salford",
        "Area added: Lakeside",
        "Contact the partnership adds, added: Children's Services front door",
    ]
