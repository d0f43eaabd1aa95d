"""Typed, read-only objects for one partnership's escalation protocol.

`Protocol.from_dict` turns already-validated data (from YAML on the command
line, from JSON in the browser) into these objects. It does not validate: that
is `authoring.check`'s job, which reports problems with file, line and column.
Standard library only, so it runs unchanged in CPython and Pyodide.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .added_contacts import AddedContact
from .glossary import GlossaryEntry
from .timescale import STAGE_EVENT_PREFIX, Timescale
from .values import date_of, quotes_of

__all__ = [
    "Statement",
    "Event",
    "Area",
    "Transition",
    "Stage",
    "Contact",
    "Role",
    "FormField",
    "Form",
    "Conflict",
    "ClosureDay",
    "Calendar",
    "WorkingDayDefinition",
    "Document",
    "Partnership",
    "Way",
    "Protocol",
    "IN_WORDS",
    "NATIONS",
    "mid_sentence",
]

#: Timescales the sources give only in words. Never turned into a date.
IN_WORDS: dict[str, str] = {
    "immediately": "immediately",
    "same-working-day": "on the same working day",
    "as-soon-as-possible": "as soon as possible",
    "without-delay": "without delay",
    "earliest-opportunity": "at the earliest opportunity",
    "as-a-matter-of-urgency": "as a matter of urgency",
}

#: Nations whose bank holidays a protocol can follow, with the GOV.UK division
#: name and the `holidays` library's GB subdivision code.
NATIONS: dict[str, dict[str, str]] = {
    "england-and-wales": {"name": "England and Wales", "division": "england-and-wales", "subdiv": "ENG"},
    "scotland": {"name": "Scotland", "division": "scotland", "subdiv": "SCT"},
    "northern-ireland": {"name": "Northern Ireland", "division": "northern-ireland", "subdiv": "NIR"},
}


def mid_sentence(title: str) -> str:
    """A role's title as it reads inside a sentence: "Each professional's line
    manager" becomes "each professional's line manager", while a name in title
    case or beginning with an acronym ("Named Safeguarding Leads", "CSCP
    Executive") keeps its capitals."""
    words = title.split(" ", 2)
    first = words[0]
    if len(words) > 1 and first[:1].isupper() and first[1:].islower() and first.isalpha() and words[1][:1].islower():
        return first.lower() + title[len(first) :]
    return title


@dataclass(frozen=True)
class Statement:
    """A duty, principle or action: plain words and the source's words."""

    text: str
    quote: tuple[str, ...] = ()

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Statement:
        return cls(text=d["text"], quote=quotes_of(d.get("quote")))


@dataclass(frozen=True)
class Event:
    """Something a timescale is counted from that is not a stage's start:
    "notification to the Business Office", "the matter being formally escalated"."""

    id: str
    name: str
    question: str
    quote: tuple[str, ...] = ()
    hint: str | None = None
    #: The stage whose text names the event; None for an event of the whole procedure.
    stage: str | None = None
    #: True where the event is the disagreement being resolved at its stage
    #: ("If agreement is reached"): the later stages do not follow it.
    resolves: bool = False

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Event:
        stage = d.get("stage")
        return cls(
            id=d["id"],
            name=d["name"],
            question=d["question"],
            quote=quotes_of(d.get("quote")),
            hint=d.get("hint"),
            stage=str(stage) if stage is not None else None,
            resolves=bool(d.get("resolves", False)),
        )


@dataclass(frozen=True)
class Area:
    """A place the partnership covers: quoted where its source names it, else
    as the partnership gives it."""

    name: str
    quote: tuple[str, ...] = ()

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Area:
        return cls(name=d["name"], quote=quotes_of(d.get("quote")))


@dataclass(frozen=True)
class Transition:
    """Where a stage goes when it does not resolve the disagreement."""

    stage: str
    when: str  # "unresolved", "urgent" or "non-urgent"
    contacts: tuple[str, ...] = ()
    quote: tuple[str, ...] = ()
    #: (role id, the source's condition) for a contact only made in some cases
    contact_conditions: tuple[tuple[str, str], ...] = ()

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Transition:
        contacts, conditions = [], []
        for c in d.get("contacts") or ():
            if isinstance(c, Mapping):
                contacts.append(c["role"])
                if c.get("condition"):
                    conditions.append((c["role"], c["condition"]))
            else:
                contacts.append(c)
        return cls(
            stage=str(d["stage"]),
            when=d.get("when", "unresolved"),
            contacts=tuple(contacts),
            quote=quotes_of(d.get("quote")),
            contact_conditions=tuple(conditions),
        )

    def condition_for(self, role_id: str) -> str | None:
        return dict(self.contact_conditions).get(role_id)


@dataclass(frozen=True)
class Stage:
    id: str
    title: str
    quote: tuple[str, ...]
    involved: tuple[str, ...] = ()
    actions: tuple[Statement, ...] = ()
    records: tuple[Statement, ...] = ()
    forms: tuple[str, ...] = ()
    timescales: tuple[Timescale, ...] = ()
    next: tuple[Transition, ...] = ()
    number: str | None = None
    branch: str | None = None  # "urgent" / "non-urgent" where a step splits
    note: str | None = None  # how the handbook reads the source's staging, where it is not explicit
    if_resolved: tuple[Statement, ...] = ()  # what the source says happens once it is resolved here
    gaps: tuple[Statement, ...] = ()  # where the source is silent or unclear (the handbook's words)
    began: str | None = None  # the question for the day this stage began, where the default misleads

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Stage:
        return cls(
            id=str(d["id"]),
            title=d["title"],
            quote=quotes_of(d.get("quote")),
            involved=tuple(d.get("involved") or ()),
            actions=tuple(Statement.from_dict(a) for a in d.get("actions") or ()),
            records=tuple(Statement.from_dict(a) for a in d.get("records") or ()),
            forms=tuple(d.get("forms") or ()),
            timescales=tuple(Timescale.from_dict(t, str(d["id"])) for t in d.get("timescales") or ()),
            next=tuple(Transition.from_dict(t) for t in d.get("next") or ()),
            number=str(d["number"]) if d.get("number") is not None else None,
            branch=d.get("branch"),
            note=d.get("note"),
            if_resolved=tuple(Statement.from_dict(a) for a in d.get("if_resolved") or ()),
            gaps=tuple(Statement.from_dict(a) for a in d.get("gaps") or ()),
            began=d.get("began"),
        )

    @property
    def event_id(self) -> str:
        """The event "the day this stage began"."""
        return f"{STAGE_EVENT_PREFIX}{self.id}"

    def label(self, stage_word: str = "Stage") -> str:
        """How a page names the stage: "Stage 2", "Step 4 (urgent)"."""
        text = f"{stage_word} {self.number or self.id}"
        return f"{text} ({self.branch})" if self.branch else text


@dataclass(frozen=True)
class Contact:
    phone: str | None = None
    email: str | None = None
    address: tuple[str, ...] = ()
    quote: tuple[str, ...] = ()

    @classmethod
    def from_dict(cls, d: Mapping[str, Any] | None) -> Contact | None:
        if not d:
            return None
        return cls(
            phone=d.get("phone"),
            email=d.get("email"),
            address=tuple(d.get("address") or ()),
            quote=quotes_of(d.get("quote")),
        )


@dataclass(frozen=True)
class Role:
    id: str
    title: str
    quote: tuple[str, ...] = ()
    contact: Contact | None = None
    note: str | None = None

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Role:
        return cls(
            id=d["id"],
            title=d["title"],
            quote=quotes_of(d.get("quote")),
            contact=Contact.from_dict(d.get("contact")),
            note=d.get("note"),
        )


@dataclass(frozen=True)
class FormField:
    label: str
    lines: int = 1  # how many lines a printed blank form leaves for it

    @classmethod
    def from_dict(cls, d: Mapping[str, Any] | str) -> FormField:
        if isinstance(d, str):
            return cls(label=d)
        return cls(label=d["label"], lines=int(d.get("lines", 1)))


@dataclass(frozen=True)
class Form:
    id: str
    name: str
    quote: tuple[str, ...]
    used: Statement | None = None
    fields: tuple[FormField, ...] = ()
    fields_given: bool = True  # False where the source names the form but not its fields
    send_to: tuple[str, ...] = ()
    notes: tuple[Statement, ...] = ()

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Form:
        used = d.get("used")
        return cls(
            id=d["id"],
            name=d["name"],
            quote=quotes_of(d.get("quote")),
            used=Statement.from_dict(used) if used else None,
            fields=tuple(FormField.from_dict(f) for f in d.get("fields") or ()),
            fields_given=bool(d.get("fields_given", True)),
            send_to=tuple(d.get("send_to") or ()),
            notes=tuple(Statement.from_dict(n) for n in d.get("notes") or ()),
        )


@dataclass(frozen=True)
class Conflict:
    """Two readings the source gives of one rule, stated as such."""

    text: str
    stage: str
    timescales: tuple[str, ...]

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Conflict:
        return cls(text=d["text"], stage=str(d["stage"]), timescales=tuple(d["timescales"]))


@dataclass(frozen=True)
class ClosureDay:
    date: dt.date
    name: str

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> ClosureDay:
        day = date_of(d["date"])
        if day is None:
            raise ValueError("a closure day needs a date")
        return cls(date=day, name=d["name"])


@dataclass(frozen=True)
class WorkingDayDefinition:
    """What the source itself says a working day leaves out ("Working day does
    not include weekends"): `skips_bank_holidays` is False where it names
    weekends only, so a bank holiday inside a window gives a second date."""

    quote: tuple[str, ...]
    skips_bank_holidays: bool

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> WorkingDayDefinition:
        return cls(quote=quotes_of(d.get("quote")), skips_bank_holidays="bank-holidays" in (d.get("skips") or ()))


@dataclass(frozen=True)
class Calendar:
    nation: str
    closure_days: tuple[ClosureDay, ...] = ()
    note: str | None = None
    quote: tuple[str, ...] = ()  # what the source says about working days
    #: The source's own definition of a working day where it gives one that
    #: skips less than the handbook does.
    definition: WorkingDayDefinition | None = None

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Calendar:
        definition = d.get("working_day")
        return cls(
            nation=d["nation"],
            closure_days=tuple(ClosureDay.from_dict(c) for c in d.get("closure_days") or ()),
            note=d.get("note"),
            quote=quotes_of(d.get("quote")),
            definition=WorkingDayDefinition.from_dict(definition) if definition else None,
        )

    @property
    def nation_name(self) -> str:
        return NATIONS[self.nation]["name"]


@dataclass(frozen=True)
class Document:
    title: str
    implemented: dt.date | None = None
    review: dt.date | None = None
    source: str | None = None
    title_note: str | None = None
    quote: tuple[str, ...] = ()
    in_force_from: dt.date | None = None  # where the partnership has more than one edition

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Document:
        return cls(
            title=d["title"],
            implemented=date_of(d.get("implemented")),
            review=date_of(d.get("review")),
            source=d.get("source"),
            title_note=d.get("title_note"),
            quote=quotes_of(d.get("quote")),
            in_force_from=date_of(d.get("in_force_from")),
        )

    def review_overdue(self, today: dt.date) -> bool:
        return self.review is not None and self.review < today


@dataclass(frozen=True)
class Partnership:
    name: str
    quote: tuple[str, ...] = ()

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Partnership:
        return cls(name=d["name"], quote=quotes_of(d.get("quote")))


@dataclass(frozen=True)
class Way:
    way: str
    recommended: bool

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Way:
        return cls(way=d["way"], recommended=bool(d["recommended"]))


@dataclass(frozen=True)
class Protocol:
    slug: str
    name: str
    partnerships: tuple[Partnership, ...]
    document: Document
    calendar: Calendar
    stages: tuple[Stage, ...]
    name_note: str | None = None
    stage_word: str = "Stage"
    purpose: tuple[Statement, ...] = ()
    principles: tuple[Statement, ...] = ()
    ways_to_raise: tuple[Way, ...] = ()
    raising_quote: tuple[str, ...] = ()
    child_protection: tuple[Statement, ...] = ()
    child_protection_timescales: tuple[Timescale, ...] = ()
    record_keeping: tuple[Statement, ...] = ()
    roles: tuple[Role, ...] = ()
    forms: tuple[Form, ...] = ()
    conflicts: tuple[Conflict, ...] = ()
    after: tuple[Statement, ...] = ()
    events: tuple[Event, ...] = ()
    areas: tuple[Area, ...] = ()
    gaps: tuple[Statement, ...] = ()  # where the source as a whole is unclear (the handbook's words)
    added_contacts: tuple[AddedContact, ...] = ()  # the partnership's own, never the source's
    glossary: tuple[GlossaryEntry, ...] = ()

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Protocol:
        raising = d.get("raising") or {}
        cp = d.get("child_protection") or {}
        return cls(
            slug=d["slug"],
            name=d["name"],
            name_note=d.get("name_note"),
            stage_word=d.get("stage_word", "Stage"),
            partnerships=tuple(Partnership.from_dict(p) for p in d.get("partnerships") or ()),
            document=Document.from_dict(d["document"]),
            calendar=Calendar.from_dict(d["calendar"]),
            stages=tuple(Stage.from_dict(s) for s in d["stages"]),
            purpose=tuple(Statement.from_dict(s) for s in d.get("purpose") or ()),
            principles=tuple(Statement.from_dict(s) for s in d.get("principles") or ()),
            ways_to_raise=tuple(Way.from_dict(w) for w in raising.get("ways") or ()),
            raising_quote=quotes_of(raising.get("quote")),
            child_protection=tuple(Statement.from_dict(s) for s in cp.get("rules") or ()),
            child_protection_timescales=tuple(Timescale.from_dict(t) for t in cp.get("timescales") or ()),
            record_keeping=tuple(Statement.from_dict(s) for s in d.get("record_keeping") or ()),
            roles=tuple(Role.from_dict(r) for r in d.get("roles") or ()),
            forms=tuple(Form.from_dict(f) for f in d.get("forms") or ()),
            conflicts=tuple(Conflict.from_dict(c) for c in d.get("conflicts") or ()),
            after=tuple(Statement.from_dict(s) for s in d.get("after") or ()),
            events=tuple(Event.from_dict(e) for e in d.get("events") or ()),
            areas=tuple(Area.from_dict(a) for a in d.get("areas") or ()),
            gaps=tuple(Statement.from_dict(s) for s in d.get("gaps") or ()),
            added_contacts=tuple(AddedContact.from_dict(c) for c in d.get("added_contacts") or ()),
            glossary=tuple(GlossaryEntry.from_dict(g) for g in d.get("glossary") or ()),
        )

    # Look-ups -----------------------------------------------------------
    def stage(self, stage_id: str) -> Stage:
        for s in self.stages:
            if s.id == stage_id:
                return s
        raise KeyError(stage_id)

    def role(self, role_id: str) -> Role:
        for r in self.roles:
            if r.id == role_id:
                return r
        raise KeyError(role_id)

    def form(self, form_id: str) -> Form:
        for f in self.forms:
            if f.id == form_id:
                return f
        raise KeyError(form_id)

    def event(self, event_id: str) -> Event:
        for e in self.events:
            if e.id == event_id:
                return e
        raise KeyError(event_id)

    def resolves(self, event_id: str) -> bool:
        """Whether the event is the disagreement being resolved (a stage's start is not)."""
        return any(e.id == event_id and e.resolves for e in self.events)

    def event_ids(self) -> list[str]:
        """Every event a date can be given for: each stage's start, then the protocol's own."""
        return [s.event_id for s in self.stages] + [e.id for e in self.events]

    def conflict_for(self, stage_id: str, timescale_id: str) -> Conflict | None:
        for c in self.conflicts:
            if c.stage == stage_id and timescale_id in c.timescales:
                return c
        return None
