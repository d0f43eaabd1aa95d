"""A `NonWorkingTable` built from the `holidays` library (command line or build only).

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
import importlib.metadata
import json
import os
from pathlib import Path

from calculator.model import NATIONS
from calculator.nonworking import NonWorkingTable

from . import places

__all__ = ["DEFAULT_FIRST_YEAR", "DEFAULT_LAST_YEAR", "build_table", "table_from_library", "cache_dir"]

DEFAULT_FIRST_YEAR = 2019
DEFAULT_LAST_YEAR = 2040


@functools.cache
def build_table(
    nation: str, first_year: int = DEFAULT_FIRST_YEAR, last_year: int = DEFAULT_LAST_YEAR
) -> NonWorkingTable:
    """The bank holidays of `nation` (a key of `model.NATIONS`) that fall on a
    weekday, named as the `holidays` library names them.

    Built once per process for each nation and range (the table is
    immutable), and kept on disk between runs (see `cache_dir`): the answer
    depends only on the library's version, the nation and the years, and
    importing and running the library costs about a tenth of a second, which
    every `handbook deadline` and every build would otherwise pay."""
    if nation not in NATIONS:
        raise KeyError(f"unknown nation {nation!r}; expected one of: {', '.join(NATIONS)}")
    cached = _cache_file(nation, first_year, last_year)
    if cached is not None:
        try:
            return NonWorkingTable.from_dict(json.loads(cached.read_text(encoding="utf-8")))
        except (OSError, ValueError, KeyError, TypeError):
            pass  # absent or unreadable: build it afresh
    table = table_from_library(nation, first_year, last_year)
    if cached is not None:
        try:
            cached.parent.mkdir(parents=True, exist_ok=True)
            partial = cached.with_suffix(f".{os.getpid()}.tmp")
            partial.write_text(json.dumps(table.as_dict(), sort_keys=True), encoding="utf-8")
            partial.replace(cached)  # atomic: a reader never sees half a file
        except OSError:
            pass  # a read-only checkout still works, only slower
    return table


def table_from_library(
    nation: str, first_year: int = DEFAULT_FIRST_YEAR, last_year: int = DEFAULT_LAST_YEAR
) -> NonWorkingTable:
    """`build_table` without the cache: straight from the `holidays` library."""
    import holidays  # lazily: the library is large and the browser never needs it

    by_date = holidays.country_holidays("GB", subdiv=NATIONS[nation]["subdiv"], years=range(first_year, last_year + 1))
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


def cache_dir() -> Path | None:
    """Where tables are kept between runs: $HANDBOOK_CACHE_DIR, else `.cache/`
    in the project folder. HANDBOOK_CACHE_DIR set to an empty string turns the
    cache off."""
    return places.cache_dir()


def _cache_file(nation: str, first_year: int, last_year: int) -> Path | None:
    folder = cache_dir()
    if folder is None:
        return None
    try:
        version = importlib.metadata.version("holidays")
    except importlib.metadata.PackageNotFoundError:
        return None
    return folder / "holidays" / f"{version}-{nation}-{first_year}-{last_year}.json"
