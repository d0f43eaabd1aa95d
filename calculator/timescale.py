"""A protocol's time limits as typed, read-only objects: how long, counted from what, read which ways.

Standard library only, so it runs unchanged in CPython and Pyodide.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .values import quotes_of
from .wording import day_began, plural

__all__ = ["STAGE_EVENT_PREFIX", "Within", "CountedFrom", "Reading", "Timescale"]

#: The prefix of the event "the day stage ID began": `stage-1`, `stage-4-urgent`.
STAGE_EVENT_PREFIX = "stage-"


@dataclass(frozen=True)
class Within:
    """A computed timescale: exactly one of the three units is set."""

    working_days: int | None = None
    hours: int | None = None
    calendar_days: int | None = None

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Within:
        return cls(
            working_days=d.get("working_days"),
            hours=d.get("hours"),
            calendar_days=d.get("calendar_days"),
        )

    def as_dict(self) -> dict[str, int]:
        return {
            k: v
            for k, v in (
                ("working_days", self.working_days),
                ("hours", self.hours),
                ("calendar_days", self.calendar_days),
            )
            if v is not None
        }

    def describe(self) -> str:
        """ "5 working days", "48 hours", "1 calendar day"."""
        if self.working_days is not None:
            return plural(self.working_days, "working day")
        if self.hours is not None:
            return plural(self.hours, "hour")
        return plural(self.calendar_days or 0, "calendar day")


@dataclass(frozen=True)
class CountedFrom:
    """The event a timescale is counted from: the day a named stage began
    (`stage`), or one of the protocol's own `events`. `text` is the source's
    words for it ("of stage 1"); `stated` is False where the source does not
    say and the anchor is the handbook's reading (the timescale's `note` says so)."""

    stage: str | None = None
    event: str | None = None
    text: str | None = None
    stated: bool = True
    #: True where the source's words for the anchor (`text`) can be read more
    #: than one way and `stage`/`event` is the handbook's reading of them.
    ambiguous: bool = False

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> CountedFrom:
        stage = d.get("stage")
        return cls(
            stage=str(stage) if stage is not None else None,
            event=d.get("event"),
            text=d.get("text"),
            stated=bool(d.get("stated", True)),
            ambiguous=bool(d.get("ambiguous", False)),
        )

    @property
    def reading(self) -> str | None:
        """None where the anchor is the source's own; "unstated" where the
        source does not say what the limit counts from; "ambiguous" where its
        words for it can be read more than one way. Either way the anchor is
        the handbook's reading, and the timescale's note says why."""
        if not self.stated:
            return "unstated"
        return "ambiguous" if self.ambiguous else None

    def describe(self) -> str:
        """The source's words for the event, or a plain name for it."""
        if self.text:
            return self.text
        return day_began(f"stage {self.stage}") if self.stage is not None else str(self.event)

    @property
    def event_id(self) -> str:
        """`stage-<ID>` for a stage's start, else the protocol's event id."""
        return f"{STAGE_EVENT_PREFIX}{self.stage}" if self.stage is not None else str(self.event)


@dataclass(frozen=True)
class Reading:
    """A second reading the source itself gives of one limit: "48 hours (2 working days)"."""

    within: Within
    wording: str

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Reading:
        return cls(within=Within.from_dict(d["within"]), wording=d["wording"])


@dataclass(frozen=True)
class Timescale:
    id: str
    action: str
    wording: str
    quote: tuple[str, ...]
    within: Within | None = None
    in_words: str | None = None
    counted_from: CountedFrom = field(default_factory=CountedFrom)
    note: str | None = None
    repeats: str | None = None
    also: tuple[Reading, ...] = ()
    #: The source's words for when the action applies at all ("If necessary"),
    #: where it does not always: never shown as something to do now.
    condition: str | None = None

    @classmethod
    def from_dict(cls, d: Mapping[str, Any], stage_id: str | None = None) -> Timescale:
        """`stage_id`: the stage the timescale belongs to, the anchor where data
        without a `from` is read (`handbook check` requires one in files)."""
        within = d.get("within")
        return cls(
            id=d["id"],
            action=d["action"],
            wording=d["wording"],
            quote=quotes_of(d.get("quote")),
            within=Within.from_dict(within) if within else None,
            in_words=d.get("in_words"),
            counted_from=(CountedFrom.from_dict(d["from"]) if d.get("from") else CountedFrom(stage=stage_id)),
            note=d.get("note"),
            repeats=d.get("repeats"),
            also=tuple(Reading.from_dict(r) for r in d.get("also") or ()),
            condition=d.get("condition"),
        )

    @property
    def is_computed(self) -> bool:
        return self.within is not None
