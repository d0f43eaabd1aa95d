"""What one build reads: the protocols, checked, with their training scenarios, as one typed object.

A build refuses any invalid protocol file; the live preview builds the valid
ones and keeps each invalid one apart, to show its problems on its own page
(and in the terminal).
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from mkdocs.exceptions import PluginError

from authoring.checked import Unbuilt, load_each_protocol, load_protocols
from authoring.holiday_table import build_table
from authoring.reading.loader import read_protocol_file
from authoring.reading.problems import ProtocolError
from authoring.scenarios import Scenario, ScenarioError, load_scenarios
from calculator.model import Protocol
from calculator.nonworking import NonWorkingTable

from .links import Links

__all__ = ["BuildInputs", "read_inputs", "scenario_protocol", "build_date"]


@dataclass(frozen=True)
class BuildInputs:
    """What one build loaded, for every page it makes."""

    #: The protocols folder.
    folder: Path
    #: The protocols that check, by name.
    protocols: list[Protocol]
    #: In the live preview, the files that do not check, by name (a build has none).
    unbuilt: list[Unbuilt]
    #: The nations the protocols' calendars name, sorted.
    nations: list[str]
    #: The table the counting page's examples count with.
    table: NonWorkingTable
    #: Each nation's table (built once, and cached, by `build_table`).
    table_for_nation: Callable[[str], NonWorkingTable]
    scenarios: list[Scenario]
    links: Links
    #: The build date.
    today: dt.date


def build_date() -> dt.date:
    """The build date; SOURCE_DATE_EPOCH makes a build reproducible."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date()
    return dt.date.today()


def read_inputs(folder: Path, preview: bool, use_directory_urls: bool) -> BuildInputs:
    """Everything a build reads from the protocols `folder`."""
    protocols, unbuilt = _load(folder, preview)
    nations = sorted({p.calendar.nation for p in protocols})
    counting_nation = "england-and-wales" if "england-and-wales" in nations or not nations else nations[0]
    return BuildInputs(
        folder=folder,
        protocols=protocols,
        unbuilt=unbuilt,
        nations=nations,
        table=build_table(counting_nation),
        table_for_nation=build_table,
        scenarios=_scenarios(folder, protocols, unbuilt),
        links=Links(use_directory_urls=use_directory_urls),
        today=build_date(),
    )


def _load(folder: Path, preview: bool) -> tuple[list[Protocol], list[Unbuilt]]:
    """The protocols, checked, sorted by name; in the preview, the files with problems too."""
    if not folder.is_dir():
        raise PluginError(f"{folder}: no such folder of protocol files")
    try:
        if preview:
            loaded, unbuilt = load_each_protocol(folder)
        else:
            loaded, unbuilt = list(load_protocols(folder)), []
    except ProtocolError as e:
        raise PluginError(str(e)) from None
    if not loaded and not unbuilt:
        raise PluginError(f"{folder}: no protocol files (*.yaml) found")
    _say_unbuilt(unbuilt)
    return (
        sorted(loaded, key=lambda p: (p.name.casefold(), p.slug)),
        sorted(unbuilt, key=lambda u: (u.name.casefold(), u.slug)),
    )


def _say_unbuilt(unbuilt: list[Unbuilt]) -> None:
    """Each file's problems, straight to the terminal: a warning logged through
    MkDocs would stop its strict build, and the point here is that the preview
    goes on."""
    for u in unbuilt:
        for problem in u.problems:
            print(problem.format(), file=sys.stderr)
        count = len(u.problems)
        print(
            f"handbook serve: {u.path.name}: {count} problem{'s' if count != 1 else ''}; the "
            f"preview shows them on its page, partnerships/{u.slug}/, and builds every other "
            f"page",
            file=sys.stderr,
        )


def scenario_protocol(path: Path) -> object:
    """The slug a scenario file names (None where it cannot be read: its
    loading then reports why)."""
    data = read_protocol_file(path).data  # bounded as every protocol or scenario file is read
    return data.get("protocol") if isinstance(data, dict) else None


def _scenarios(folder: Path, protocols: list[Protocol], unbuilt: list[Unbuilt]) -> list[Scenario]:
    """The training scenarios; in the preview, those of a partnership whose
    file has problems wait until it is fixed."""
    waiting = {u.slug for u in unbuilt}
    try:
        return load_scenarios(
            folder / "scenarios",
            {p.slug: p for p in protocols},
            build_table,
            skip=(lambda path: scenario_protocol(path) in waiting) if waiting else None,
        )
    except ScenarioError as e:
        raise PluginError(str(e)) from None
