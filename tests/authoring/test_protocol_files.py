"""The protocol files are faithful to their sources.

Every file validates against protocols/protocol.schema.json and loads into the
model; every `quote` is found verbatim in the file's source text (that every
timescale phrase of a source is encoded is `handbook check`'s rule, tested
with the malformed corpus); and the particular facts of each source that
matter most are pinned down.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from authoring.reading.plain_data import to_plain
from calculator import model, timescale

ROOT = Path(__file__).resolve().parents[2]
PROTOCOLS = ROOT / "protocols"
SCHEMA_PATH = PROTOCOLS / "protocol.schema.json"
FILES = sorted(PROTOCOLS.glob("*.yaml"))
SEEDS = ROOT.parent / "shared" / "seeds"

#: Which numbered source each protocol file encodes.
SEED_NUMBERS = {
    "safeguarding-children-partnership": "000",
    "cscp": "001",
    "lscp": "002",
    "salford": "003",
    "staffordshire-stoke-on-trent": "004",
}

NUMBER = r"(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"

NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
}

#: How each in-words timescale may be worded in a source.
IN_WORDS_PHRASES = {
    "immediately": r"immediately",
    "same-working-day": r"same working day",
    "as-soon-as-possible": r"as soon as possible|ASAP",
    "without-delay": r"without delay",
    "earliest-opportunity": r"earliest opportunity",
    "as-a-matter-of-urgency": r"as a matter of urgency",
}


# Helpers -------------------------------------------------------------------


def normalise(text: str) -> str:
    """Source and quote alike: no HTML tags, no Markdown emphasis, single spaces."""
    text = re.sub(r"<[^>]+>", "", text)
    text = text.replace("*", "")
    return re.sub(r"\s+", " ", text).strip()


def load(path: Path) -> dict[str, Any]:
    with path.open(encoding="utf-8") as f:
        return yaml.safe_load(f)


def source_text(path: Path) -> str:
    data = load(path)
    return (PROTOCOLS / data["document"]["source"]).read_text(encoding="utf-8")


def quotes_in(value: Any, where: str = "") -> Iterator[tuple[str, str]]:
    """Every string under a key named `quote`, anywhere in the tree, with its path."""
    if isinstance(value, dict):
        for key, item in value.items():
            here = f"{where}.{key}" if where else str(key)
            if key == "quote":
                for text in [item] if isinstance(item, str) else item:
                    yield here, text
            else:
                yield from quotes_in(item, here)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from quotes_in(item, f"{where}[{i}]")


def timescales_of(data: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    for stage in data["stages"]:
        for t in stage.get("timescales") or ():
            yield f"stage {stage['id']}", t
    for t in (data.get("child_protection") or {}).get("timescales") or ():
        yield "child_protection", t


def as_list(quote: str | list[str]) -> list[str]:
    return [quote] if isinstance(quote, str) else list(quote)


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def validator(schema):
    cls = jsonschema.Draft202012Validator
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def by_slug(slug: str) -> dict[str, Any]:
    return load(PROTOCOLS / f"{slug}.yaml")


files = pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])


# The schema ----------------------------------------------------------------


def test_there_is_a_protocol_file_for_every_source():
    assert {p.stem for p in FILES} >= set(SEED_NUMBERS)


def test_the_schema_is_a_valid_draft_2020_12_schema(schema):
    jsonschema.Draft202012Validator.check_schema(schema)


def test_every_property_in_the_schema_has_a_title_and_a_description(schema):
    missing = []

    def walk(node: Any, where: str) -> None:
        if isinstance(node, dict):
            for name, prop in (node.get("properties") or {}).items():
                if not ("title" in prop and "description" in prop) and not (
                    "$ref" in prop and _target_has_docs(schema, prop["$ref"])
                ):
                    missing.append(f"{where}.{name}")
            for key, value in node.items():
                walk(value, f"{where}.{key}")
        elif isinstance(node, list):
            for i, value in enumerate(node):
                walk(value, f"{where}[{i}]")

    walk(schema, "#")
    assert missing == []


def _target_has_docs(schema: dict[str, Any], ref: str) -> bool:
    target = schema
    for part in ref.removeprefix("#/").split("/"):
        target = target[part]
    return "title" in target and "description" in target


def test_the_schema_enums_are_the_models_vocabularies(schema):
    defs = schema["$defs"]
    assert defs["timescale"]["properties"]["in_words"]["enum"] == list(model.IN_WORDS)
    assert defs["calendar"]["properties"]["nation"]["enum"] == list(model.NATIONS)


def _minimal() -> dict[str, Any]:
    return {
        "slug": "example",
        "name": "Example",
        "document": {"title": "Example"},
        "calendar": {"nation": "england-and-wales"},
        "stages": [
            {
                "id": "1",
                "title": "One",
                "quote": "Stage 1",
                "timescales": [
                    {
                        "id": "t",
                        "action": "Act",
                        "wording": "within 2 working days",
                        "quote": "within 2 working days",
                        "within": {"working_days": 2},
                        "from": {"stage": "1"},
                    }
                ],
                "next": [],
            }
        ],
    }


def test_a_minimal_protocol_is_valid(validator):
    assert list(validator.iter_errors(_minimal())) == []


REJECTED = [
    (lambda d: d.update(slgu="typo"), "an unknown top-level key"),
    (lambda d: d["stages"][0].update(tilte="typo"), "an unknown stage key"),
    (lambda d: d["stages"][0].update(id=1), "a stage id that is not a string"),
    (lambda d: d["stages"][0].update(id="Stage One"), "a stage id that is not kebab-case"),
    (lambda d: d["stages"][0]["timescales"][0].update(in_words="immediately"), "both within and in_words"),
    (lambda d: d["stages"][0]["timescales"][0].pop("within"), "neither within nor in_words"),
    (
        lambda d: d["stages"][0]["timescales"][0].update(within={"working_days": 2, "hours": 48}),
        "a within with two units",
    ),
    (lambda d: d["stages"][0]["timescales"][0].update(within={"days": 2}), "a within with a unit it does not know"),
    (lambda d: d["stages"][0]["timescales"][0].update(within={"working_days": 0}), "a within of zero"),
    (lambda d: d["stages"][0]["timescales"][0].update(in_words="soonish"), "an unknown in_words"),
    (lambda d: d["stages"][0]["timescales"][0].pop("quote"), "a timescale with no quote"),
    (lambda d: d["stages"][0]["timescales"][0].update(quote=""), "an empty quote"),
    (lambda d: d["stages"][0]["timescales"][0].update(quote=[]), "an empty list of quotes"),
    (lambda d: d["stages"][0]["timescales"][0].update(**{"from": {"when": "lunch"}}), "a from with an unknown key"),
    (
        lambda d: d["stages"][0]["timescales"][0].update(**{"from": {"stage": "1", "event": "x"}}),
        "a from naming both a stage and an event",
    ),
    (
        lambda d: d["stages"][0]["timescales"][0].update(**{"from": {"text": "of stage 1"}}),
        "a from naming neither a stage nor an event",
    ),
    (lambda d: d["stages"][0]["timescales"][0].pop("from"), "a timescale that does not say what it counts from"),
    (lambda d: d["calendar"].update(nation="wales"), "an unknown nation"),
    (lambda d: d["document"].update(review="15 May 2016"), "a date that is not YYYY-MM-DD"),
    (lambda d: d["stages"][0].update(next=[{"stage": "2", "when": "later", "quote": "x"}]), "an unknown next.when"),
    (lambda d: d["stages"][0].update(branch="soon"), "an unknown branch"),
    (lambda d: d.update(stages=[]), "no stages"),
    (lambda d: d.pop("calendar"), "no calendar"),
    (lambda d: d.update(roles=[{"id": "x", "title": "X"}]), "a role with no quote"),
]


@pytest.mark.parametrize("mutate, why", [pytest.param(m, w, id=w) for m, w in REJECTED])
def test_the_schema_rejects(validator, mutate, why):
    data = _minimal()
    mutate(data)
    assert list(validator.iter_errors(data)), f"the schema accepted {why}"


# Every file ------------------------------------------------------------------


@files
def test_the_file_validates_against_the_schema(validator, path):
    errors = [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(to_plain(load(path)))
    ]
    assert errors == []


@files
def test_the_file_points_the_yaml_language_server_at_the_schema(path):
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first == f"# yaml-language-server: $schema={SCHEMA_PATH.name}"


@files
def test_the_file_loads_into_the_model(path):
    protocol = model.Protocol.from_dict(load(path))
    assert protocol.slug == path.stem
    assert protocol.stages


@files
def test_the_file_names_its_source_text(path):
    assert (PROTOCOLS / load(path)["document"]["source"]).is_file()


@files
def test_every_quote_is_found_verbatim_in_the_source(path):
    source = normalise(source_text(path))
    missing = [f"{where}: {text!r}" for where, text in quotes_in(load(path)) if normalise(text) not in source]
    assert missing == []


@files
def test_every_timescale_wording_is_part_of_its_own_quote(path):
    bad = [
        f"{where} {t['id']}: {t['wording']!r}"
        for where, t in timescales_of(load(path))
        if not any(normalise(t["wording"]) in normalise(q) for q in as_list(t["quote"]))
    ]
    assert bad == []


@files
def test_every_timescale_says_what_its_wording_says(path):
    bad = []
    for where, t in timescales_of(load(path)):
        wording = normalise(t["wording"])
        if "in_words" in t:
            ok = re.search(IN_WORDS_PHRASES[t["in_words"]], wording, re.IGNORECASE)
        else:
            ((unit, n),) = t["within"].items()
            word = {"working_days": r"working days?", "hours": r"hours?", "calendar_days": r"days?"}[unit]
            numbers = [
                int(x) if x.isdigit() else NUMBER_WORDS[x.lower()]
                for x in re.findall(rf"\b({NUMBER})\s+{word}\b", wording, re.IGNORECASE)
            ]
            ok = n in numbers
        if not ok:
            bad.append(f"{where} {t['id']}: {t['wording']!r}")
    assert bad == []


@files
def test_every_id_a_file_refers_to_exists_in_that_file(path):
    data = load(path)
    roles = [r["id"] for r in data.get("roles") or ()]
    forms = [f["id"] for f in data.get("forms") or ()]
    stages = [s["id"] for s in data["stages"]]
    timescales = [t["id"] for _, t in timescales_of(data)]
    problems = [
        f"duplicate id {i!r}"
        for ids in (roles, forms, stages, timescales)
        for i in sorted(set(ids))
        if ids.count(i) > 1
    ]
    for stage in data["stages"]:
        here = f"stage {stage['id']}"
        problems += [f"{here} involves unknown role {r!r}" for r in stage.get("involved") or () if r not in roles]
        problems += [f"{here} uses unknown form {f!r}" for f in stage.get("forms") or () if f not in forms]
        for step in stage.get("next") or ():
            if step["stage"] not in stages:
                problems.append(f"{here} goes to unknown stage {step['stage']!r}")
            contacts = [c["role"] if isinstance(c, dict) else c for c in step.get("contacts") or ()]
            problems += [f"{here} contacts unknown role {r!r}" for r in contacts if r not in roles]
        for t in stage.get("timescales") or ():
            counted = t["from"]
            if "stage" in counted and counted["stage"] not in stages:
                problems.append(f"{here} {t['id']} counts from unknown stage {counted['stage']!r}")
            if "event" in counted and counted["event"] not in [e["id"] for e in data.get("events") or ()]:
                problems.append(f"{here} {t['id']} counts from unknown event {counted['event']!r}")
    for form in data.get("forms") or ():
        problems += [
            f"form {form['id']} goes to unknown role {r!r}" for r in form.get("send_to") or () if r not in roles
        ]
    for conflict in data.get("conflicts") or ():
        stage = next((s for s in data["stages"] if s["id"] == conflict["stage"]), None)
        if stage is None:
            problems.append(f"conflict names unknown stage {conflict['stage']!r}")
            continue
        own = [t["id"] for t in stage.get("timescales") or ()]
        problems += [
            f"conflict names {t!r}, not a timescale of stage {stage['id']}"
            for t in conflict["timescales"]
            if t not in own
        ]
    assert problems == []


@files
def test_every_way_on_names_whom_to_contact_and_the_last_stage_has_none(path):
    data = load(path)
    assert data["stages"][-1]["next"] == []
    silent = [
        f"stage {s['id']} -> {n['stage']}" for s in data["stages"] for n in s.get("next") or () if not n.get("contacts")
    ]
    assert silent == []


@files
def test_every_form_field_is_labelled_as_the_source_labels_it(path):
    source = normalise(source_text(path)).lower()
    labels = [
        f if isinstance(f, str) else f["label"]
        for form in load(path).get("forms") or ()
        for f in form.get("fields") or ()
    ]
    assert [label for label in labels if normalise(label).lower() not in source] == []


@files
def test_the_source_copy_is_the_seed_it_was_made_from(path):
    slug = path.stem
    if slug not in SEED_NUMBERS:
        pytest.skip(f"{slug} has no numbered seed")
    if not SEEDS.is_dir():
        if os.environ.get("CI") == "true":
            pytest.fail(f"the seed folder {SEEDS.relative_to(ROOT.parent)} beside the repository is missing")
        pytest.skip("the seed folder beside the repository is not present")
    seeds = sorted(SEEDS.glob(f"{SEED_NUMBERS[slug]}_*.txt"))
    assert len(seeds) == 1, f"expected one seed numbered {SEED_NUMBERS[slug]}"
    assert (PROTOCOLS / "sources" / f"{slug}.txt").read_bytes() == seeds[0].read_bytes()


# Particular sources --------------------------------------------------------


def test_the_cscp_procedure_has_five_stages_and_no_timescales_at_all():
    data = by_slug("cscp")
    assert [s["id"] for s in data["stages"]] == ["1", "2", "3", "4", "5"]
    assert list(timescales_of(data)) == []
    assert not data.get("conflicts")
    form = model.Protocol.from_dict(data).form("escalation-notification-form")
    assert form.fields_given is False and form.fields == ()


def test_the_lscp_step_3_splits_into_an_urgent_and_a_non_urgent_step_4():
    protocol = model.Protocol.from_dict(by_slug("lscp"))
    assert protocol.stage_word == "Step"
    assert {(t.when, t.stage) for t in protocol.stage("3").next} == {
        ("urgent", "4-urgent"),
        ("non-urgent", "4-non-urgent"),
    }
    urgent, non_urgent = protocol.stage("4-urgent"), protocol.stage("4-non-urgent")
    assert (urgent.number, urgent.branch, non_urgent.number, non_urgent.branch) == ("4", "urgent", "4", "non-urgent")
    assert {(t.in_words, t.within) for t in urgent.timescales} == {
        ("as-soon-as-possible", None),
        (None, timescale.Within(hours=24)),
    }
    assert non_urgent.timescales == ()


def test_the_staffordshire_file_declares_the_stage_5_conflict_between_2_working_days_and_72_hours():
    protocol = model.Protocol.from_dict(by_slug("staffordshire-stoke-on-trent"))
    stage = protocol.stage("5")
    withins = {t.id: t.within for t in stage.timescales}
    conflicts = [c for c in protocol.conflicts if c.stage == "5"]
    assert len(conflicts) == 1
    assert len(conflicts[0].timescales) == 2
    assert {withins[t] for t in conflicts[0].timescales} == {
        timescale.Within(working_days=2),
        timescale.Within(hours=72),
    }
    assert len(protocol.partnerships) == 2


def test_salford_gives_its_dates_its_unit_phone_number_and_its_return_address():
    protocol = model.Protocol.from_dict(by_slug("salford"))
    assert protocol.document.implemented == dt.date(2014, 5, 15)
    assert protocol.document.review == dt.date(2016, 5, 15)
    assert protocol.calendar.nation == "england-and-wales"
    contacts = [r.contact for r in protocol.roles if r.contact]
    assert "0161 603 4350" in [c.phone for c in contacts]
    assert ("Sutherland House", "Swinton", "M27 6AY") in [c.address for c in contacts]
    notice = protocol.form("escalation-notice")
    assert [f.label for f in notice.fields][:2] == ["Name of Child/Young Person", "D.O.B"]
    assert notice.send_to


def test_an_area_the_partnership_adds_needs_no_quote_and_the_page_says_who_gives_it(validator):
    data = _minimal()
    data["areas"] = [{"name": "Swinton"}]
    assert list(validator.iter_errors(data)) == []
    data["areas"] = [{"quote": "x"}]
    assert list(validator.iter_errors(data)), "an area with no name"
