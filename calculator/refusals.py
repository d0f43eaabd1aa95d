"""The one line a reader is told when the calculator cannot answer a question, each said once.

The command line prints these after `handbook:`; the browser shows them
beside the form field at fault. The sentences of an answer are in `wording`.

Standard library only, so it runs unchanged in CPython and Pyodide.
"""

from __future__ import annotations

__all__ = [
    "not_a_date",
    "not_a_real_date",
    "unknown_partnership",
    "several_routes",
    "unknown_stage",
    "unknown_event",
    "outside_calendar",
    "deadline_outside_calendar",
    "no_route",
    "route_contradicted",
    "out_of_order",
    "before_its_stage",
    "resolved_before",
    "two_dates",
    "no_calendar",
    "UNREADABLE_QUESTION",
    "NOT_LOADED",
    "bad_date_option",
    "date_option_twice",
    "in_date_option",
    "today_outside",
]


def not_a_date(value: str) -> str:
    return f"{value!r} is not a date in the form YYYY-MM-DD (for example 2026-12-22)"


def not_a_real_date(value: str, reason: str) -> str:
    return f"{value} is not a real date: {reason}"


def unknown_partnership(slug: str, slugs: list[str], where: str | None = None) -> str:
    """`where`: the folder of protocol files, where the command line read one."""
    said = f"unknown partnership {slug!r}; expected one of: {', '.join(slugs) or '(none)'}"
    return f"{said} (the files in {where})" if where else said


def several_routes(stage: str, slug: str, ids: list[str]) -> str:
    """A stage number with two branches, the reader not having said which."""
    return f"{stage} of {slug} has more than one route: give its id ({', '.join(ids)})"


def unknown_stage(stage: str, slug: str, ids: list[str]) -> str:
    return f"unknown stage {stage!r} for {slug}; expected one of: {', '.join(ids)}"


def unknown_event(event: str, slug: str, ids: list[str]) -> str:
    return f"unknown event {event!r} for {slug}; expected one of: {', '.join(ids)}"


def outside_calendar(day: str, first_year: int, last_year: int) -> str:
    return f"{day} is outside the calendar, which covers {first_year} to {last_year}"


def deadline_outside_calendar(start: str, day: str, first_year: int, last_year: int) -> str:
    """The start is covered; the deadline counted from it is not."""
    return (
        f"a deadline counted from {start} would fall on {day}, outside the calendar, "
        f"which covers {first_year} to {last_year}"
    )


def no_route(slug: str, flag: str) -> str:
    return f"{slug} has no urgent or non-urgent route; leave out {flag}"


def route_contradicted(stage: str, branch: str, flag: str) -> str:
    return f"{stage} is the {branch} route, which {flag} contradicts; leave it out or choose the other route"


def out_of_order(first: str, first_date: str, second: str, second_date: str, stage: str, later: str) -> str:
    """An earlier stage dated after a later one."""
    return f"{first} ({first_date}) is after {second} ({second_date}), but {stage} comes before {later}"


def before_its_stage(event: str, date: str, began: str, began_date: str) -> str:
    """An event a stage names dated before that stage began."""
    return f"{event} ({date}) is before {began} ({began_date}), but it happens at that stage"


def resolved_before(event: str, event_id: str, resolved_at: str, stage: str) -> str:
    """The disagreement dated as resolved at a stage before the reader's own."""
    return (
        f"a date for {event} ({event_id}) says the disagreement was resolved at {resolved_at}, so "
        f"{stage} would not begin; leave out that date or choose {resolved_at}"
    )


def two_dates(event: str, first: str, second: str) -> str:
    return f"two dates for {event}: {first} and {second}"


def no_calendar(nation: str) -> str:
    return f"No calendar of non-working days for {nation}."


#: The browser's question was not JSON the calculator could read.
UNREADABLE_QUESTION = "The calculator was asked a question it could not read."

#: The browser asked before the protocols were loaded.
NOT_LOADED = "The calculator's data has not been loaded."


def bad_date_option(pair: str) -> str:
    return f"--date {pair!r}: expected EVENT=YYYY-MM-DD, e.g. stage-1=2026-12-21"


def date_option_twice(event: str) -> str:
    return f"--date {event} is given twice"


def in_date_option(event: str, reason: str) -> str:
    return f"--date {event}: {reason}"


def today_outside(today: str, first_year: int, last_year: int) -> str:
    return f"--today {today}: outside the calendar, which covers {first_year} to {last_year}"
