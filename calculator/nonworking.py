"""The non-working weekdays of one nation over a stated range of years.

A `NonWorkingTable` is what the deadline arithmetic reads: the bank holidays
(and any local closure days) that fall on a weekday, for an inclusive range of
years. Outside that range it knows nothing, and says so with `OutOfRange`
rather than guessing. It travels as JSON, so the browser gets the table the
build computed instead of loading the `holidays` library.

Standard library only, so it runs unchanged in CPython and Pyodide.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from .refusals import deadline_outside_calendar, outside_calendar

__all__ = ["NonWorkingTable", "OutOfRange"]


class OutOfRange(ValueError):
    """A date outside the years a table covers."""

    def __init__(self, day: dt.date, first_year: int, last_year: int, start: dt.date | None = None) -> None:
        self.day = day
        self.first_year = first_year
        self.last_year = last_year
        self.start = start
        if start is not None and start != day:
            message = deadline_outside_calendar(start.isoformat(), day.isoformat(), first_year, last_year)
        else:
            message = outside_calendar(day.isoformat(), first_year, last_year)
        super().__init__(message)


def _is_weekend(day: dt.date) -> bool:
    return day.weekday() >= 5


class NonWorkingTable:
    """Non-working weekdays (bank holidays, closure days) with their names.

    Weekends are non-working by rule and are not listed. `days` holds only
    weekdays; a weekend date passed in is dropped, since it changes nothing.
    """

    __slots__ = (
        "nation",
        "region",
        "source",
        "first_year",
        "last_year",
        "days",
        "first_ordinal",
        "last_ordinal",
        "ordinals",
        "working_before",
        "working_ordinals",
        "listed_before",
        "_ordinal_set",
        "_with_closures",
        "_weekends_only",
    )

    def __init__(
        self, nation: str, region: str, source: str, first_year: int, last_year: int, days: Mapping[dt.date, str]
    ) -> None:
        if first_year > last_year:
            raise ValueError(f"first_year {first_year} is after last_year {last_year}")
        self.nation = nation
        self.region = region
        self.source = source
        self.first_year = int(first_year)
        self.last_year = int(last_year)
        self.days: dict[dt.date, str] = {
            d: days[d] for d in sorted(days) if not _is_weekend(d) and first_year <= d.year <= last_year
        }
        self.first_ordinal = dt.date(self.first_year, 1, 1).toordinal()
        self.last_ordinal = dt.date(self.last_year, 12, 31).toordinal()
        #: Sorted ordinals of the non-working weekdays, for bisecting.
        self.ordinals: list[int] = [d.toordinal() for d in self.days]
        self._ordinal_set = frozenset(self.ordinals)
        # For constant-time counting: the working days in order, and for each
        # day of the range how many working days fall on or before it.
        # The same for the listed non-working weekdays, to find what a count skipped.
        self.working_ordinals: list[int] = []
        self.working_before: list[int] = []
        self.listed_before: list[int] = []
        working, closed = self.working_ordinals, self._ordinal_set
        listed = 0
        for o in range(self.first_ordinal, self.last_ordinal + 1):
            if o in closed:
                listed += 1
            elif (o - 1) % 7 < 5:  # ordinal 1 is a Monday
                working.append(o)
            self.working_before.append(len(working))
            self.listed_before.append(listed)
        self._with_closures: dict[tuple[tuple[dt.date, str], ...], NonWorkingTable] = {}
        self._weekends_only: NonWorkingTable | None = None

    # Serialisation --------------------------------------------------------
    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> NonWorkingTable:
        first, last = data["covers"]
        return cls(
            nation=data["nation"],
            region=data["region"],
            source=data["source"],
            first_year=int(first),
            last_year=int(last),
            days={dt.date.fromisoformat(k): v for k, v in data["days"].items()},
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "nation": self.nation,
            "region": self.region,
            "source": self.source,
            "covers": [str(self.first_year), str(self.last_year)],
            "days": {d.isoformat(): name for d, name in self.days.items()},
        }

    def with_closures(self, closure_days: Iterable[Any]) -> NonWorkingTable:
        """A new table that also treats a protocol's local closure days as non-working.

        `closure_days` holds objects with `.date` and `.name` (the model's
        `ClosureDay`) or `(date, name)` pairs. A closure day on a bank holiday
        keeps the bank holiday's name.
        """
        extra: dict[dt.date, str] = {}
        for item in closure_days:
            day, name = (item.date, item.name) if hasattr(item, "date") else item
            extra[day] = name
        if not extra:
            return self
        key = tuple(sorted(extra.items()))
        table = self._with_closures.get(key)
        if table is None:  # built once per set of closure days
            table = NonWorkingTable(
                self.nation, self.region, self.source, self.first_year, self.last_year, {**extra, **self.days}
            )
            self._with_closures[key] = table
        return table

    def weekends_only(self) -> NonWorkingTable:
        """The same range with weekends alone non-working: a source's own
        definition of a working day that names weekends only."""
        if not self.days:
            return self
        if self._weekends_only is None:
            self._weekends_only = NonWorkingTable(
                self.nation, self.region, self.source, self.first_year, self.last_year, {}
            )
        return self._weekends_only

    # Questions --------------------------------------------------------------
    def covers(self, day: dt.date) -> bool:
        return self.first_ordinal <= day.toordinal() <= self.last_ordinal

    def require(self, day: dt.date) -> dt.date:
        """`day` itself, or `OutOfRange` when the table does not cover it."""
        if not self.first_ordinal <= day.toordinal() <= self.last_ordinal:
            raise OutOfRange(day, self.first_year, self.last_year)
        return day

    def is_working_day(self, day: dt.date) -> bool:
        """Monday to Friday and not a listed non-working day."""
        self.require(day)
        return day.weekday() < 5 and day.toordinal() not in self._ordinal_set

    def name(self, day: dt.date) -> str | None:
        """The name of a listed non-working weekday, else None."""
        return self.days.get(day)

    def non_working_between(self, after: dt.date, before: dt.date) -> list[tuple[dt.date, str]]:
        """Listed non-working weekdays strictly between `after` and `before`."""
        lo = bisect.bisect_right(self.ordinals, after.toordinal())
        hi = bisect.bisect_left(self.ordinals, before.toordinal())
        days = self.days
        out = []
        for o in self.ordinals[lo:hi]:
            d = dt.date.fromordinal(o)
            out.append((d, days[d]))
        return out

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, NonWorkingTable):
            return NotImplemented
        return self.as_dict() == other.as_dict()

    def __repr__(self) -> str:
        return (
            f"NonWorkingTable({self.region!r}, {self.first_year}-{self.last_year}, "
            f"{len(self.days)} non-working weekdays, {self.source!r})"
        )
