"""`handbook diff` (and so `handbook record`) names each change to a file's glossary in plain words:
an entry added or removed, its meaning changed, its expansion now the handbook's gloss."""

from __future__ import annotations

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
