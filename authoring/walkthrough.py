"""A training scenario walked through its protocol by the deadline engine.

`walkthrough` asks the engine for each event's stage and date and says, for
each computed deadline, whether the next event came after it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from calculator.deadlines import answer
from calculator.model import Protocol
from calculator.nonworking import NonWorkingTable

from .scenarios import Event, Scenario

__all__ = ["Step", "walkthrough", "working_days_between"]


@dataclass
class Step:
    """One event of a scenario with the engine's answer for it.

    `answer` is `deadlines.answer()` for the event's stage and date. `checks`
    has one entry per computed deadline of the stage, comparing its due date
    with the next event: `{"timescale", "action", "due", "next_date",
    "after_due", "working_days_late"}` (`after_due` and `working_days_late`
    are None at the last event).
    """

    number: int
    event: Event
    label: str
    title: str
    answer: dict[str, Any]
    next_event: Event | None = None
    checks: list[dict[str, Any]] = field(default_factory=list)

    @property
    def late(self) -> bool:
        return any(c["after_due"] for c in self.checks)


def working_days_between(table: NonWorkingTable, after: dt.date, until: dt.date) -> int:
    """Working days after `after`, up to and including `until` (0 if `until` <= `after`)."""
    count = 0
    day = after + dt.timedelta(days=1)
    while day <= until:
        if table.is_working_day(day):
            count += 1
        day += dt.timedelta(days=1)
    return count


def walkthrough(scenario: Scenario, protocol: Protocol, table: NonWorkingTable) -> list[Step]:
    """For each event, the engine's answer for its stage and date, and whether
    the next event came after each computed deadline."""
    if scenario.protocol != protocol.slug:
        raise ValueError(f"scenario {scenario.slug} follows {scenario.protocol}, not {protocol.slug}")
    counting = table.with_closures(protocol.calendar.closure_days)
    steps = []
    events = scenario.events
    known: dict[str, dt.date] = {}
    for i, event in enumerate(events):
        # Every earlier event dates the start of its stage: a deadline counted
        # from an earlier stage is counted from that day.
        dates = {k: v for k, v in known.items() if k != f"stage-{event.stage}"}
        dates.update(event.dates)
        result = answer(protocol, event.stage, event.date, table, urgent=event.urgent, dates=dates)
        known[f"stage-{event.stage}"] = event.date
        stage = protocol.stage(event.stage)
        next_event = events[i + 1] if i + 1 < len(events) else None
        checks = []
        for d in result["deadlines"]:
            if d["due"] is None:
                continue
            due = dt.date.fromisoformat(d["due"])
            after_due = late_by = None
            if next_event is not None:
                after_due = next_event.date > due
                late_by = working_days_between(counting, due, next_event.date) if after_due else 0
            checks.append(
                {
                    "timescale": d["timescale"],
                    "action": d["action"],
                    "due": due,
                    "next_date": next_event.date if next_event else None,
                    "after_due": after_due,
                    "working_days_late": late_by,
                }
            )
        steps.append(
            Step(
                number=i + 1,
                event=event,
                label=stage.label(protocol.stage_word),
                title=stage.title,
                answer=result,
                next_event=next_event,
                checks=checks,
            )
        )
    return steps
