"""Due dates by the deadline engine for one version of a protocol, from a reference start.

Every event a deadline counts from (a stage's start, a named event) is taken
to fall on the reference start, so that each due date is the limit counted
from that day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from calculator.deadlines import answer
from calculator.model import Protocol, Timescale
from calculator.nonworking import NonWorkingTable
from calculator.workdays import add_calendar_days, add_hours, add_working_days

__all__ = ["TableForNation", "DueDates"]

#: The `NonWorkingTable` for a nation key (`authoring.holiday_table.build_table`).
TableForNation = Callable[[str], NonWorkingTable]


class DueDates:
    """Due dates by the deadline engine, for one protocol and reference start:
    every event a deadline counts from (a stage's start, a named event) taken
    to fall on that day."""

    def __init__(self, protocol: Protocol, start: dt.date, table_for_nation: TableForNation) -> None:
        self.protocol = protocol
        self.start = start
        self.table_for_nation = table_for_nation
        self._by_stage: dict[str, dict[str, dt.date | None]] = {}

    def due(self, stage_id: str, timescale_id: str) -> dt.date | None:
        if stage_id not in self._by_stage:
            table = self.table_for_nation(self.protocol.calendar.nation)
            # Every event the deadlines count from is dated to the reference
            # start, so that each due date is the limit counted from that day.
            stage = self.protocol.stage(stage_id)
            dates = {
                t.counted_from.event_id: self.start
                for t in stage.timescales
                if t.counted_from.event_id != stage.event_id
            }
            result = answer(self.protocol, stage_id, self.start, table, dates=dates)
            self._by_stage[stage_id] = {
                d.get("timescale"): (dt.date.fromisoformat(d["due"]) if d.get("due") else None)
                for d in result["deadlines"]
            }
        return self._by_stage[stage_id].get(timescale_id)

    def due_outside_stages(self, t: Timescale) -> dt.date | None:
        """A timescale outside the stages (child protection), counted the same way."""
        table = self.table_for_nation(self.protocol.calendar.nation).with_closures(self.protocol.calendar.closure_days)
        w = t.within
        if w is None:
            return None
        if w.working_days is not None:
            return add_working_days(table, self.start, w.working_days)[0]
        if w.hours is not None:
            return add_hours(self.start, w.hours, table)
        return add_calendar_days(self.start, w.calendar_days or 0, table)
