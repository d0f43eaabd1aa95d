"""The table of non-working days built from the `holidays` library agrees with
GOV.UK's published bank holidays, and survives the trip to the browser as JSON."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import pytest

from authoring.holiday_table import DEFAULT_FIRST_YEAR, DEFAULT_LAST_YEAR, build_table, table_from_library
from calculator.model import NATIONS
from calculator.nonworking import NonWorkingTable

ROOT = Path(__file__).resolve().parents[2]
#: GOV.UK's bank holidays, kept beside the repository (not in it).
GOVUK_FILE = ROOT.parent / "shared" / "reference" / "govuk-bank-holidays.json"
COMPARED_YEARS = range(2019, 2029)


def _govuk_date(text: str) -> dt.date:
    if "/" in text:  # DD/MM/YYYY
        day, month, year = (int(x) for x in text.split("/"))
        return dt.date(year, month, day)
    return dt.date.fromisoformat(text)


def govuk_bank_holidays() -> dict[str, dict[dt.date, str]]:
    """{division: {date: title}} from GOV.UK's file, whichever of its two shapes
    it has: the public one (division -> events) or the one keyed by year. Skips
    the test when the file is absent, except on CI, where that is a failure."""
    if not GOVUK_FILE.is_file():
        message = f"GOV.UK bank holidays not found at {GOVUK_FILE.name} beside the repository"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    data = json.loads(GOVUK_FILE.read_text(encoding="utf-8"))
    divisions = data.get("divisions", data)
    result: dict[str, dict[dt.date, str]] = {}
    for key, value in divisions.items():
        if not isinstance(value, dict):
            continue
        division = next((d for d in ("england-and-wales", "scotland", "northern-ireland") if d in key), None)
        if division is None:
            continue
        if "events" in value:
            events = value["events"]
        else:
            events = [e for year, items in value.items() if year.isdigit() for e in items]
        result[division] = {_govuk_date(e["date"]): e["title"] for e in events}
    return result


@pytest.fixture(scope="module")
def govuk() -> dict[str, dict[dt.date, str]]:
    return govuk_bank_holidays()


@pytest.mark.parametrize("nation", list(NATIONS))
def test_the_table_from_holidays_lists_exactly_the_bank_holidays_gov_uk_publishes(govuk, nation):
    published = govuk[NATIONS[nation]["division"]]
    years = sorted({d.year for d in published} & set(COMPARED_YEARS))
    assert years, f"GOV.UK's file covers none of the years {COMPARED_YEARS.start}-{COMPARED_YEARS.stop - 1}"
    table = table_from_library(nation)
    ours = {d: n for d, n in table.days.items() if d.year in years}
    theirs = {d: n for d, n in published.items() if d.year in years}
    differences = [f"{d.isoformat()} only in holidays: {ours[d]}" for d in sorted(set(ours) - set(theirs))]
    differences += [f"{d.isoformat()} only on GOV.UK: {theirs[d]}" for d in sorted(set(theirs) - set(ours))]
    assert not differences, "\n".join(differences)


def test_the_gov_uk_file_covers_every_year_from_2019_to_2028_for_all_three_divisions(govuk):
    for division in ("england-and-wales", "scotland", "northern-ireland"):
        assert set(COMPARED_YEARS) <= {d.year for d in govuk[division]}, division


def test_the_default_table_covers_2019_to_2040_and_names_its_source():
    import holidays

    table = build_table("england-and-wales")
    assert (DEFAULT_FIRST_YEAR, DEFAULT_LAST_YEAR) == (2019, 2040)
    assert (table.first_year, table.last_year) == (2019, 2040)
    assert table.source == f"holidays {holidays.__version__}"
    assert table.region == "England and Wales"
    assert table.nation == "england-and-wales"


def test_the_table_holds_weekdays_only_with_the_library_names():
    table = build_table("england-and-wales", 2020, 2021)
    assert all(d.weekday() < 5 for d in table.days)
    # Boxing Day 2020 was a Saturday: only its substitute is listed.
    assert dt.date(2020, 12, 26) not in table.days
    assert table.days[dt.date(2020, 12, 28)] == "Boxing Day (observed)"
    assert table.days[dt.date(2021, 12, 27)] == "Christmas Day (observed)"
    assert {d.year for d in table.days} == {2020, 2021}


def test_each_nation_has_its_own_bank_holidays():
    scotland = build_table("scotland", 2026, 2026)
    northern_ireland = build_table("northern-ireland", 2026, 2026)
    england = build_table("england-and-wales", 2026, 2026)
    assert dt.date(2026, 1, 2) in scotland.days and dt.date(2026, 1, 2) not in england.days
    assert dt.date(2026, 3, 17) in northern_ireland.days and dt.date(2026, 3, 17) not in england.days
    assert dt.date(2026, 4, 6) in england.days and dt.date(2026, 4, 6) not in scotland.days


def test_an_unknown_nation_is_refused_with_the_choices():
    with pytest.raises(KeyError, match="england-and-wales, scotland, northern-ireland"):
        build_table("wales-only")


def test_the_table_survives_json_unchanged():
    table = build_table("england-and-wales")
    data = json.loads(json.dumps(table.as_dict()))
    assert set(data) == {"nation", "region", "source", "covers", "days"}
    assert data["covers"] == ["2019", "2040"]
    assert data["days"]["2026-12-25"] == "Christmas Day"
    again = NonWorkingTable.from_dict(data)
    assert again == table
    assert again.ordinals == table.ordinals


def test_closure_days_make_a_new_table_and_keep_bank_holiday_names():
    from calculator.model import ClosureDay

    table = build_table("england-and-wales", 2026, 2026)
    closed = table.with_closures(
        [
            ClosureDay(dt.date(2026, 12, 24), "Offices closed"),
            ClosureDay(dt.date(2026, 12, 25), "Offices closed"),
            ClosureDay(dt.date(2026, 12, 27), "Offices closed"),
        ]
    )  # a Sunday
    assert not closed.is_working_day(dt.date(2026, 12, 24))
    assert closed.days[dt.date(2026, 12, 24)] == "Offices closed"
    assert closed.days[dt.date(2026, 12, 25)] == "Christmas Day"
    assert dt.date(2026, 12, 27) not in closed.days
    assert table.is_working_day(dt.date(2026, 12, 24))
    assert table.with_closures([]) is table


def test_a_table_kept_on_disk_is_the_same_as_the_librarys_and_is_named_by_its_version(tmp_path, monkeypatch):
    import importlib.metadata

    monkeypatch.setenv("HANDBOOK_CACHE_DIR", str(tmp_path))
    build_table.cache_clear()
    try:
        first = build_table("scotland", 2024, 2026)  # written to the cache
        build_table.cache_clear()
        second = build_table("scotland", 2024, 2026)  # read back from it
    finally:
        build_table.cache_clear()
    version = importlib.metadata.version("holidays")
    kept = tmp_path / "holidays" / f"{version}-scotland-2024-2026.json"
    assert kept.is_file()
    assert first.as_dict() == second.as_dict() == table_from_library("scotland", 2024, 2026).as_dict()


def test_a_damaged_cache_file_is_rebuilt_from_the_library(tmp_path, monkeypatch):
    import importlib.metadata

    monkeypatch.setenv("HANDBOOK_CACHE_DIR", str(tmp_path))
    version = importlib.metadata.version("holidays")
    kept = tmp_path / "holidays" / f"{version}-northern-ireland-2025-2025.json"
    kept.parent.mkdir(parents=True)
    kept.write_text("{not json", encoding="utf-8")
    build_table.cache_clear()
    try:
        table = build_table("northern-ireland", 2025, 2025)
    finally:
        build_table.cache_clear()
    assert table.as_dict() == table_from_library("northern-ireland", 2025, 2025).as_dict()
