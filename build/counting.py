"""The "How deadlines are counted" page: the counting rule, with worked examples
whose dates the deadline engine computes during the build.

Pure: a non-working-day table in, Markdown out. Only the starting points and
the timescales of the examples are chosen here; every date after them comes
from `calculator.workdays`, and the day-by-day account of each count from the
table.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import jinja2

from calculator.nonworking import NonWorkingTable
from calculator.workdays import add_hours, add_working_days

__all__ = ["EXAMPLES", "Example", "WorkedExample", "worked_examples", "render_counting"]


@dataclass(frozen=True)
class Example:
    """A starting point and a timescale; the answer is left to the engine."""

    title: str
    start: dt.date
    working_days: int | None = None
    hours: int | None = None


EXAMPLES = (
    Example("Five working days over Christmas", dt.date(2026, 12, 22), working_days=5),
    Example("Two working days from a Friday", dt.date(2026, 3, 6), working_days=2),
    Example("One working day from the Thursday before Easter", dt.date(2026, 4, 2), working_days=1),
    Example("A one-off bank holiday (2022)", dt.date(2022, 9, 15), working_days=2),
    Example("24 hours from a Tuesday", dt.date(2026, 3, 3), hours=24),
    Example("72 hours from a Friday", dt.date(2026, 3, 6), hours=72),
)


@dataclass(frozen=True)
class Day:
    date: dt.date
    kind: str  # "working", "weekend", "holiday", "clock"
    name: str | None  # the bank holiday's name
    count: int | None  # which working day (or hour-day) this is


@dataclass(frozen=True)
class WorkedExample:
    example: Example
    due: dt.date
    skipped: list[tuple[dt.date, str]]
    days: list[Day]

    @property
    def wording(self) -> str:
        e = self.example
        if e.working_days is not None:
            return f"within {e.working_days} working day{'s' if e.working_days != 1 else ''}"
        return f"within {e.hours} hours"


def _account(table: NonWorkingTable, example: Example, due: dt.date) -> list[Day]:
    """Each day after the start up to the due date, and how it was counted."""
    days = []
    count = 0
    day = example.start
    while day < due:
        day += dt.timedelta(days=1)
        if example.hours is not None:
            count += 1
            days.append(Day(day, "clock", table.name(day), count))
        elif day.weekday() >= 5:
            days.append(Day(day, "weekend", None, None))
        elif not table.is_working_day(day):
            days.append(Day(day, "holiday", table.name(day), None))
        else:
            count += 1
            days.append(Day(day, "working", None, count))
    return days


def worked_examples(table: NonWorkingTable, examples=EXAMPLES) -> list[WorkedExample]:
    out = []
    for e in examples:
        if e.working_days is not None:
            due, skipped = add_working_days(table, e.start, e.working_days)
        else:
            due, skipped = add_hours(e.start, e.hours, table), []
        out.append(WorkedExample(e, due, list(skipped), _account(table, e, due)))
    return out


def render_counting(
    template: jinja2.Template, table: NonWorkingTable, nations: list[str], calculator_href: str, compare_href: str
) -> str:
    return template.render(
        table=table,
        nations=nations,
        examples=worked_examples(table),
        calculator_href=calculator_href,
        compare_href=compare_href,
    )
