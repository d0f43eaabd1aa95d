"""The flowchart drawn from a protocol's stages: structure, layout and its
text alternative. build/ is not a package, so the module is loaded by path."""

from __future__ import annotations

import importlib.util
import itertools
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml

from calculator.model import Protocol

ROOT = Path(__file__).resolve().parents[2]


def _load_flowchart():
    spec = importlib.util.spec_from_file_location("handbook_flowchart", ROOT / "build" / "flowchart.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


flowchart = _load_flowchart()


def _protocol(path: Path) -> Protocol:
    return Protocol.from_dict(yaml.safe_load(path.read_text(encoding="utf-8")))


PROTOCOL_FILES = sorted((ROOT / "protocols").glob("*.yaml"))


def synthetic_data() -> dict:
    return {
        "slug": "example",
        "name": "An Example Partnership",
        "document": {"title": "Example procedure"},
        "calendar": {"nation": "england-and-wales"},
        "stages": [
            {
                "id": "1",
                "title": "Talk to each other",
                "quote": "q",
                "timescales": [
                    {
                        "id": "talk",
                        "action": "Talk",
                        "wording": "within 2 working days",
                        "quote": "q",
                        "within": {"working_days": 2},
                        "from": {"stage": "1"},
                    }
                ],
                "next": [{"stage": "2", "when": "unresolved"}],
            },
            {
                "id": "2",
                "title": "Managers meet",
                "quote": "q",
                "timescales": [
                    {
                        "id": "meet",
                        "action": "Meet",
                        "wording": "within 2 working days",
                        "quote": "q",
                        "within": {"working_days": 2},
                        "from": {"stage": "2"},
                    },
                    {
                        "id": "meet-hours",
                        "action": "Meet",
                        "wording": "within 72 hours",
                        "quote": "q",
                        "within": {"hours": 72},
                        "from": {"stage": "2"},
                    },
                ],
                "next": [{"stage": "3a", "when": "urgent"}, {"stage": "3b", "when": "non-urgent"}],
            },
            {
                "id": "3a",
                "title": "Urgent meeting",
                "quote": "Stage 3 - Urgent resolution required",
                "number": "3",
                "branch": "urgent",
            },
            {
                "id": "3b",
                "title": "Sub group",
                "quote": "Stage 3 \u2013 Non-urgent and/or lessons learned",
                "number": "3",
                "branch": "non-urgent",
            },
        ],
        "conflicts": [{"text": "Two limits for one meeting.", "stage": "2", "timescales": ["meet", "meet-hours"]}],
    }


def synthetic() -> Protocol:
    return Protocol.from_dict(synthetic_data())


def with_if_resolved() -> Protocol:
    """The synthetic protocol whose stage 2 says what follows resolution."""
    said = {"text": "whether resolved or not, tell the Business Office", "quote": "q"}
    raw = synthetic_data()
    raw["stages"][1]["if_resolved"] = [said]
    return Protocol.from_dict(raw)


def _svg(protocol: Protocol) -> ET.Element:
    text = flowchart.svg(protocol, title_id="t", desc_id="d", describedby="steps")
    return ET.fromstring(text)  # fails on anything that is not well-formed XML


def _groups(root: ET.Element, cls: str) -> list[ET.Element]:
    return [g for g in root.iter("g") if g.get("class") == cls]


def _rect(g: ET.Element) -> tuple[float, float, float, float]:
    r = g.find("rect")
    return (float(r.get("x")), float(r.get("y")), float(r.get("width")), float(r.get("height")))


def test_the_chart_is_well_formed_svg_with_a_title_a_description_and_a_viewbox():
    root = _svg(synthetic())
    assert root.tag == "svg"
    assert root.get("role") == "img"
    assert root.get("viewBox", "").startswith("0 0 ")
    assert root.get("width") == "100%"
    assert root.find("title").text.startswith("Flowchart")
    assert "4 stages" in root.find("desc").text
    assert root.get("aria-labelledby") == "t d"
    assert root.get("aria-describedby") == "steps"


def test_every_stage_has_exactly_one_box_and_no_exit_the_source_does_not_give():
    root = _svg(synthetic())
    boxes = [g.get("data-stage") for g in _groups(root, "fc-stage")]
    assert boxes == ["1", "2", "3a", "3b"]
    assert _groups(root, "fc-exit") == []
    text = " ".join(root.itertext()).lower()
    assert "close" not in text and "resolved:" not in text


def test_a_stage_shows_what_its_source_says_follows_resolution_and_the_others_show_nothing():
    root = _svg(with_if_resolved())
    text = {g.get("data-stage"): " ".join(g.itertext()) for g in _groups(root, "fc-stage")}
    assert "If resolved:" in text["2"]
    assert "Whether resolved or not, tell the Business Office" in text["2"]
    for other in ("1", "3a", "3b"):
        assert "resolved:" not in text[other].lower(), other
    sentences = [s.sentence() for s in flowchart.steps(with_if_resolved())]
    assert "If resolved: Whether resolved or not, tell the Business Office." in sentences[1]
    assert not any("If resolved" in s for i, s in enumerate(sentences) if i != 1)


def test_every_timescale_in_a_box_says_what_it_is_for():
    root = _svg(synthetic())
    text = {g.get("data-stage"): " ".join(g.itertext()) for g in _groups(root, "fc-stage")}
    assert "Talk: within 2 working days" in text["1"]
    assert "Meet: within 72 hours" in text["2"]


def test_branches_sit_side_by_side_on_one_row_below_the_stage_that_splits():
    root = _svg(synthetic())
    by_id = {g.get("data-stage"): g for g in _groups(root, "fc-stage")}
    urgent, other, split = _rect(by_id["3a"]), _rect(by_id["3b"]), _rect(by_id["2"])
    assert by_id["3a"].get("data-row") == by_id["3b"].get("data-row")
    assert urgent[1] == other[1]  # same top
    assert urgent[0] + urgent[2] < other[0]  # left one ends before the right one starts
    assert urgent[1] > split[1] + split[3]  # both below the stage that splits


def test_no_two_boxes_or_terminals_overlap():
    for protocol in [synthetic(), *(_protocol(p) for p in PROTOCOL_FILES)]:
        root = _svg(protocol)
        rects = [_rect(g) for g in _groups(root, "fc-stage") + _groups(root, "fc-exit")]
        width, height = map(float, root.get("viewBox").split()[2:])
        for x, y, w, h in rects:
            assert 0 <= x and x + w <= width and 0 <= y and y + h <= height, protocol.slug
        for a, b in itertools.combinations(rects, 2):
            apart = a[0] + a[2] <= b[0] or b[0] + b[2] <= a[0] or a[1] + a[3] <= b[1] or b[1] + b[3] <= a[1]
            assert apart, (protocol.slug, a, b)


def test_a_conflict_in_the_source_is_marked_in_words_not_only_by_colour():
    root = _svg(synthetic())
    box = {g.get("data-stage"): g for g in _groups(root, "fc-stage")}["2"]
    text = " ".join(box.itertext())
    assert "conflict in the source" in text.lower()
    assert "(conflicting)" in text
    assert box.find("rect").get("stroke-dasharray")
    assert (
        "conflict" not in " ".join({g.get("data-stage"): g for g in _groups(root, "fc-stage")}["1"].itertext()).lower()
    )


def test_each_box_shows_its_timescale_shortened_or_says_there_is_none():
    root = _svg(synthetic())
    text = {g.get("data-stage"): " ".join(g.itertext()) for g in _groups(root, "fc-stage")}
    assert "within 2 working days" in text["1"]
    assert "within 72 hours" in text["2"]
    assert "No timescale in the source" in text["3a"]
    assert "\u2022 within" not in " ".join(text.values())  # never a timescale without what it is for


def test_text_is_at_least_16_units_high_so_it_is_legible_at_one_to_one():
    root = _svg(synthetic())
    sizes = [float(t.get("font-size")) for t in root.iter("tspan")]
    assert sizes and min(sizes) >= 16


def test_the_text_alternative_lists_every_stage_with_its_exits():
    chart = flowchart.steps(synthetic())
    assert [s.stage.id for s in chart] == ["1", "2", "3a", "3b"]
    assert "If not resolved: go to Stage 2." in chart[0].sentence()
    assert "\u201cUrgent resolution required\u201d: go to Stage 3 (urgent)." in chart[1].sentence()
    assert "Timescales: Meet: within 2 working days" in chart[1].sentence()
    assert "The source contradicts itself here." in chart[1].sentence()
    for s in chart:
        assert "close" not in s.sentence() and "If resolved" not in s.sentence()
    assert "The source names no further stage." in chart[3].sentence()


@pytest.mark.parametrize("path", PROTOCOL_FILES, ids=lambda p: p.stem)
def test_every_protocol_s_chart_has_a_box_for_each_stage_an_arrow_for_each_transition_and_no_close(path):
    protocol = _protocol(path)
    root = _svg(protocol)
    ids = [s.id for s in protocol.stages]
    assert [g.get("data-stage") for g in _groups(root, "fc-stage")] == ids
    assert "close" not in " ".join(root.itertext()).lower()
    for stage, g in zip(protocol.stages, _groups(root, "fc-stage"), strict=True):
        said = flowchart.if_resolved(stage)
        assert ("If resolved:" in " ".join(g.itertext())) == bool(said), stage.id
    expected = {(s.id, t.stage) for s in protocol.stages for t in s.next}
    assert {(g.get("data-from"), g.get("data-to")) for g in _groups(root, "fc-edge")} == expected


@pytest.mark.parametrize("path", PROTOCOL_FILES, ids=lambda p: p.stem)
def test_every_limit_in_a_box_says_what_it_counts_from_and_whose_reading_that_is(path):
    """Read alone, "within 5 working days" invites counting from the box's own
    stage: each computed limit carries its anchor, and the handbook's readings
    are said to be the handbook's."""
    protocol = _protocol(path)
    for stage in protocol.stages:
        for ts in stage.timescales:
            if ts.within is None:
                continue
            short = flowchart.short_timescale(ts, protocol)
            cf = ts.counted_from
            if cf.reading:
                assert "(handbook's reading" in short, short
            elif cf.stage is not None and cf.stage != stage.id:
                assert f"stage {cf.stage}" in short.lower() or f"step {cf.stage}" in short.lower(), short
            else:
                assert " from " in short or " of " in short, short


def test_the_named_anchors_of_the_sources_reach_the_boxes():
    by_slug = {p.stem: _protocol(p) for p in PROTOCOL_FILES}
    texts = {
        slug: [flowchart.short_timescale(t, p) for s in p.stages for t in s.timescales] for slug, p in by_slug.items()
    }
    assert (
        "within 5 working days from the day stage 1 began (handbook's reading of “of stage 1”)"
        in texts["safeguarding-children-partnership"]
    )
    assert "within 24 hours from this step's start (handbook's reading of “of step 3”)" in texts["lscp"]
    assert "within 5 working days of notification to the Business Office" in texts["safeguarding-children-partnership"]
