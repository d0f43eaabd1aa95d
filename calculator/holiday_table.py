"""Build a `NonWorkingTable` from the `holidays` library (command line and build only).

The browser never imports this module: the build turns the library's answer
into a table for a stated range of years and ships that as JSON.

The default range is 2019 to 2040: far enough back for escalations still being
reviewed, far enough ahead for any deadline a reader will ask about. The
library's dates for future years follow the statutory rules it encodes;
one-off holidays proclaimed later (a jubilee, a state funeral) reach it in a
new release, which is why the table names the library version it came from.
"""

from __future__ import annotations

import datetime as dt
import functools

from .model import NATIONS
from .nonworking import NonWorkingTable

__all__ = ["DEFAULT_FIRST_YEAR", "DEFAULT_LAST_YEAR", "build_table"]

DEFAULT_FIRST_YEAR = 2019
DEFAULT_LAST_YEAR = 2040


@functools.lru_cache(maxsize=None)
def build_table(nation: str, first_year: int = DEFAULT_FIRST_YEAR,
                last_year: int = DEFAULT_LAST_YEAR) -> NonWorkingTable:
    """The bank holidays of `nation` (a key of `model.NATIONS`) that fall on a
    weekday, named as the `holidays` library names them. Built once per
    process for each nation and range (the table is immutable)."""
    if nation not in NATIONS:
        raise KeyError(f"unknown nation {nation!r}; expected one of: {', '.join(NATIONS)}")
    import holidays  # lazily: the library is large and the browser never needs it

    by_date = holidays.country_holidays(
        "GB", subdiv=NATIONS[nation]["subdiv"], years=range(first_year, last_year + 1))
    days: dict[dt.date, str] = {}
    for day, name in by_date.items():
        if day.weekday() < 5 and first_year <= day.year <= last_year:
            days[day] = name
    return NonWorkingTable(
        nation=nation,
        region=NATIONS[nation]["name"],
        source=f"holidays {holidays.__version__}",
        first_year=first_year,
        last_year=last_year,
        days=days,
    )
