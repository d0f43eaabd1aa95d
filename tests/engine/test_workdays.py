"""The counting rule, pinned by dates worked out by hand from GOV.UK's bank holidays
for England and Wales, then checked as properties over the whole calendar."""

from __future__ import annotations

import datetime as dt
import functools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from authoring.holiday_table import build_table
from calculator.nonworking import NonWorkingTable, OutOfRange
from calculator.workdays import add_calendar_days, add_hours, add_working_days

D = dt.date.fromisoformat


@pytest.fixture(scope="module")
def table() -> NonWorkingTable:
    return build_table("england-and-wales")


# Working days: literal tables -------------------------------------------------
# (start, working days, due, [(skipped date, name)])
CHRISTMAS_AND_NEW_YEAR = [
    ("2026-12-22", 5, "2026-12-31", [("2026-12-25", "Christmas Day"), ("2026-12-28", "Boxing Day (observed)")]),
    ("2026-12-24", 1, "2026-12-29", [("2026-12-25", "Christmas Day"), ("2026-12-28", "Boxing Day (observed)")]),
    ("2026-12-31", 1, "2027-01-04", [("2027-01-01", "New Year's Day")]),
    ("2020-12-24", 2, "2020-12-30", [("2020-12-25", "Christmas Day"), ("2020-12-28", "Boxing Day (observed)")]),
    (
        "2020-12-24",
        5,
        "2021-01-05",
        [("2020-12-25", "Christmas Day"), ("2020-12-28", "Boxing Day (observed)"), ("2021-01-01", "New Year's Day")],
    ),
    ("2021-12-23", 1, "2021-12-24", []),
    (
        "2021-12-23",
        2,
        "2021-12-29",
        [("2021-12-27", "Christmas Day (observed)"), ("2021-12-28", "Boxing Day (observed)")],
    ),
    (
        "2021-12-23",
        5,
        "2022-01-04",
        [
            ("2021-12-27", "Christmas Day (observed)"),
            ("2021-12-28", "Boxing Day (observed)"),
            ("2022-01-03", "New Year's Day (observed)"),
        ],
    ),
    ("2022-12-23", 1, "2022-12-28", [("2022-12-26", "Boxing Day"), ("2022-12-27", "Christmas Day (observed)")]),
    (
        "2022-12-23",
        5,
        "2023-01-04",
        [
            ("2022-12-26", "Boxing Day"),
            ("2022-12-27", "Christmas Day (observed)"),
            ("2023-01-02", "New Year's Day (observed)"),
        ],
    ),
]

EASTER = [
    ("2024-03-28", 1, "2024-04-02", [("2024-03-29", "Good Friday"), ("2024-04-01", "Easter Monday")]),
    ("2024-03-27", 2, "2024-04-02", [("2024-03-29", "Good Friday"), ("2024-04-01", "Easter Monday")]),
    ("2025-04-17", 2, "2025-04-23", [("2025-04-18", "Good Friday"), ("2025-04-21", "Easter Monday")]),
    ("2026-04-02", 5, "2026-04-13", [("2026-04-03", "Good Friday"), ("2026-04-06", "Easter Monday")]),
]

ONE_OFF_HOLIDAYS = [
    (
        "2022-06-01",
        1,
        "2022-06-06",
        [("2022-06-02", "Spring Bank Holiday"), ("2022-06-03", "Platinum Jubilee of Elizabeth II")],
    ),
    ("2022-09-16", 1, "2022-09-20", [("2022-09-19", "State Funeral of Queen Elizabeth II")]),
    ("2023-05-05", 1, "2023-05-09", [("2023-05-08", "Coronation of Charles III")]),
    ("2023-04-28", 5, "2023-05-09", [("2023-05-01", "May Day"), ("2023-05-08", "Coronation of Charles III")]),
]

ODD_STARTS = [
    # A Saturday or Sunday start: the next Monday is working day 1.
    ("2026-01-10", 1, "2026-01-12", []),
    ("2026-01-11", 1, "2026-01-12", []),
    # One working day from a Friday is the Monday.
    ("2026-01-09", 1, "2026-01-12", []),
    # A bank holiday start is not counted, nor listed as skipped.
    ("2026-04-03", 1, "2026-04-07", [("2026-04-06", "Easter Monday")]),
    ("2026-12-25", 1, "2026-12-29", [("2026-12-28", "Boxing Day (observed)")]),
    # Leap days.
    ("2024-02-28", 1, "2024-02-29", []),
    ("2024-02-29", 1, "2024-03-01", []),
    ("2028-02-28", 1, "2028-02-29", []),
    ("2028-02-29", 5, "2028-03-07", []),
    # Long counts still land on the right day.
    ("2026-01-05", 20, "2026-02-02", []),
    ("2026-03-30", 10, "2026-04-15", [("2026-04-03", "Good Friday"), ("2026-04-06", "Easter Monday")]),
]


@pytest.mark.parametrize(
    "start, working_days, due, skipped", CHRISTMAS_AND_NEW_YEAR + EASTER + ONE_OFF_HOLIDAYS + ODD_STARTS
)
def test_the_nth_working_day_after_the_start_is_due_and_skipped_bank_holidays_are_named(
    table, start, working_days, due, skipped
):
    got_due, got_skipped = add_working_days(table, D(start), working_days)
    assert got_due == D(due)
    assert [(d.isoformat(), name) for d, name in got_skipped] == skipped


# Hours and calendar days ------------------------------------------------------
@pytest.mark.parametrize(
    "start, hours, due",
    [
        ("2026-01-13", 24, "2026-01-14"),  # Tuesday -> Wednesday
        ("2026-01-09", 72, "2026-01-12"),  # Friday -> Monday: weekends count
        ("2026-01-10", 24, "2026-01-11"),  # Saturday -> Sunday
        ("2026-12-24", 48, "2026-12-26"),  # bank holidays count too
        ("2026-01-13", 25, "2026-01-15"),  # part of a day rounds up
        ("2026-01-13", 1, "2026-01-14"),
        ("2026-01-13", 0, "2026-01-13"),
        ("2024-02-28", 24, "2024-02-29"),
    ],
)
def test_hours_are_counted_on_the_clock_and_rounded_up_to_whole_days(table, start, hours, due):
    assert add_hours(D(start), hours) == D(due)
    assert add_hours(D(start), hours, table) == D(due)


@pytest.mark.parametrize(
    "start, calendar_days, due",
    [
        ("2026-12-22", 7, "2026-12-29"),
        ("2028-02-25", 4, "2028-02-29"),
        ("2026-12-31", 1, "2027-01-01"),
    ],
)
def test_calendar_days_count_every_day(table, start, calendar_days, due):
    assert add_calendar_days(D(start), calendar_days, table) == D(due)


# Refusals ---------------------------------------------------------------------
def test_a_date_outside_the_table_is_refused_with_the_years_it_covers(table):
    with pytest.raises(OutOfRange) as err:
        table.is_working_day(D("2045-01-02"))
    assert str(err.value) == "2045-01-02 is outside the calendar, which covers 2019 to 2040"


@pytest.mark.parametrize("start", ["2018-12-31", "2041-01-02", "1999-01-01"])
def test_a_start_outside_the_table_is_refused(table, start):
    with pytest.raises(OutOfRange, match=f"^{start} is outside the calendar"):
        add_working_days(table, D(start), 1)


def test_a_due_date_beyond_the_table_is_refused_rather_than_guessed(table):
    # The message names the start the reader gave, and where the count went.
    with pytest.raises(
        OutOfRange,
        match="^a deadline counted from 2040-12-31 would fall on 2041-01-01, "
        "outside the calendar, which covers 2019 to 2040$",
    ):
        add_working_days(table, D("2040-12-31"), 1)
    with pytest.raises(OutOfRange, match="^a deadline counted from 2040-12-31 would fall on 2041-01-03, outside"):
        add_hours(D("2040-12-31"), 72, table)
    with pytest.raises(OutOfRange, match="^2041-01-01 is outside the calendar, which covers 2019 to 2040$"):
        add_working_days(table, D("2041-01-01"), 1)
    with pytest.raises(OutOfRange):
        add_calendar_days(D("2040-12-31"), 1, table)


def test_the_last_covered_day_is_still_answered(table):
    assert add_working_days(table, D("2040-12-27"), 1)[0] == D("2040-12-28")
    assert table.covers(D("2040-12-31")) and not table.covers(D("2041-01-01"))
    assert table.covers(D("2019-01-01")) and not table.covers(D("2018-12-31"))


def test_zero_or_negative_working_days_are_refused(table):
    with pytest.raises(ValueError):
        add_working_days(table, D("2026-01-05"), 0)
    with pytest.raises(ValueError):
        add_hours(D("2026-01-05"), -1)


def test_a_closure_day_is_skipped_and_named_like_a_bank_holiday(table):
    closed = table.with_closures([(D("2026-12-29"), "Office closure")])
    due, skipped = add_working_days(closed, D("2026-12-22"), 5)
    assert due == D("2027-01-04")
    assert [(d.isoformat(), n) for d, n in skipped] == [
        ("2026-12-25", "Christmas Day"),
        ("2026-12-28", "Boxing Day (observed)"),
        ("2026-12-29", "Office closure"),
        ("2027-01-01", "New Year's Day"),
    ]
    # The national table itself is unchanged.
    assert add_working_days(table, D("2026-12-22"), 5)[0] == D("2026-12-31")


# Properties (Hypothesis) --------------------------------------------------------
starts = st.dates(min_value=dt.date(2019, 1, 1), max_value=dt.date(2040, 10, 31))
counts = st.integers(min_value=1, max_value=30)


def _days_between(after: dt.date, before: dt.date):
    day = after + dt.timedelta(days=1)
    while day < before:
        yield day
        day += dt.timedelta(days=1)


@settings(max_examples=400, deadline=None)
@given(start=starts, working_days=counts)
def test_property_exactly_n_working_days_fall_after_the_start_up_to_the_due_date(table, start, working_days):
    due, _ = add_working_days(table, start, working_days)
    assert due > start
    assert table.is_working_day(due)
    between = sum(1 for d in _days_between(start, due) if table.is_working_day(d))
    assert between == working_days - 1


@settings(max_examples=400, deadline=None)
@given(start=starts, working_days=counts)
def test_property_skipped_days_are_exactly_the_non_working_weekdays_passed_over(table, start, working_days):
    due, skipped = add_working_days(table, start, working_days)
    expected = [
        (d, table.name(d)) for d in _days_between(start, due) if d.weekday() < 5 and not table.is_working_day(d)
    ]
    assert skipped == expected
    assert all(name for _, name in skipped)


@settings(max_examples=300, deadline=None)
@given(start=starts, working_days=counts)
def test_property_the_due_date_agrees_with_the_holidays_library_own_working_day_count(table, start, working_days):
    assert add_working_days(table, start, working_days)[0] == _library().get_nth_working_day(start, working_days)


@functools.lru_cache(maxsize=1)
def _library():
    import holidays

    return holidays.country_holidays("GB", subdiv="ENG", years=range(2019, 2041))


@settings(max_examples=200, deadline=None)
@given(start=starts, hours=st.integers(min_value=0, max_value=24 * 30))
def test_property_hours_give_the_first_day_on_or_after_the_moment_they_run_out(start, hours):
    due = add_hours(start, hours)
    moment = dt.datetime.combine(start, dt.time()) + dt.timedelta(hours=hours)
    assert dt.datetime.combine(due, dt.time()) >= moment
    assert dt.datetime.combine(due - dt.timedelta(days=1), dt.time()) < moment
