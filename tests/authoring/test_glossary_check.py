"""`handbook check` and the glossary: every abbreviation of the five sources
has an entry, an expansion the source gives is held to its quote, and an
abbreviation with no entry is a warning."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from authoring.check import check_paths
from authoring.checks.glossary import abbreviations

ROOT = Path(__file__).resolve().parents[2]
PROTOCOLS = ROOT / "protocols"
FILES = sorted(PROTOCOLS.glob("*.yaml"))


def copy_with(tmp_path: Path, name: str, old: str, new: str) -> Path:
    """A copy of a real protocol beside its sources, with `old` replaced once."""
    shutil.copytree(PROTOCOLS / "sources", tmp_path / "sources")
    text = (PROTOCOLS / name).read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    target = tmp_path / name
    target.write_text(text.replace(old, new), encoding="utf-8")
    return target


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_every_abbreviation_in_each_source_has_an_entry_in_its_protocol_s_glossary(path):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    source = (path.parent / data["document"]["source"]).read_text(encoding="utf-8")
    terms = {entry["term"] for entry in data.get("glossary") or ()}
    assert set(abbreviations(source)) <= terms


def test_the_five_sources_hold_the_abbreviations_the_glossary_was_written_for():
    found = {
        p.stem: sorted(set(abbreviations(p.read_text(encoding="utf-8")))) for p in (PROTOCOLS / "sources").glob("*.txt")
    }
    assert found == {
        "cscp": ["CSCP", "HoS"],
        "lscp": ["ASAP", "LSCP", "PPET", "SLO"],
        "safeguarding-children-partnership": [],
        "salford": ["D.O.B", "LADO", "SSCB"],
        "staffordshire-stoke-on-trent": ["DOB", "LSCB", "NB", "NHS", "SCB", "SCYVS"],
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("the senior management (minimum HoS)", ["HoS"]),
        ("the SLO's view, then both SLOs", ["SLO", "SLO"]),
        ("Name of Child/Young Person: D.O.B", ["D.O.B"]),
        ("FORMAL ESCALATION FORM (to be used at Stage 3 and 4 only)", []),
        ("SECTION 7B (Staffordshire)", []),
        ("DOB:\n\nNHS number:", ["DOB", "NHS"]),
        ("a TODO to fill", []),
        ("An ordinary Sentence of Words", []),
    ],
)
def test_abbreviations_are_capitals_but_not_a_heading_set_in_capitals(text, expected):
    assert list(abbreviations(text)) == expected


def test_an_abbreviation_with_no_entry_is_a_warning_at_its_first_place_and_the_file_still_passes(tmp_path):
    target = copy_with(
        tmp_path,
        "cscp.yaml",
        "  - term: HoS\n    means: Head of Service\n",
        "  - term: HoX\n    means: Head of Service\n",
    )
    problems = check_paths([str(target)])
    assert all(p.severity == "warning" for p in problems)
    messages = [p.message for p in problems]
    assert any("the abbreviation 'HoS' has no glossary entry" in m for m in messages), messages
    assert any("'HoX' is not in the source text" in m for m in messages), messages
    first = next(p for p in problems if "'HoS'" in p.message)
    text = target.read_text(encoding="utf-8").splitlines()
    assert "HoS" in text[first.line - 1]


def test_a_quote_that_does_not_hold_the_expansion_is_an_error_at_the_quote(tmp_path):
    target = copy_with(tmp_path, "lscp.yaml", "    means: Senior Liaison Officer\n", "    means: Senior Link Officer\n")
    problems = [p for p in check_paths([str(target)]) if p.severity == "error"]
    assert len(problems) == 1
    assert "the source's words for 'SLO' do not hold 'Senior Link Officer'" in problems[0].message
    assert (
        '"LSCP Senior Liaison Officer (SLO)"' in target.read_text(encoding="utf-8").splitlines()[problems[0].line - 1]
    )


def test_an_entry_is_either_the_source_s_quoted_expansion_or_the_handbook_s_gloss_never_both(tmp_path):
    target = copy_with(
        tmp_path,
        "lscp.yaml",
        '    quote: "LSCP Senior Liaison Officer (SLO)"\n',
        '    quote: "LSCP Senior Liaison Officer (SLO)"\n    gloss: handbook\n',
    )
    problems = [p.message for p in check_paths([str(target)]) if p.severity == "error"]
    assert problems == ["the 2nd entry under glossary: expected exactly one of quote, gloss, got quote and gloss"], (
        problems
    )
