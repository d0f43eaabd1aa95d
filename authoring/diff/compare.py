"""Every difference between two versions of a protocol, named in plain words.

Stages, timescales, contacts, forms, duties, roles, the document's dates,
the calendar, the areas, the contacts a partnership adds and the glossary
(by term) are matched and every difference is named ("Stage 2, timescale
'managers-discussion': within 5 working days → within 3 working days"),
with the due date under each version for a reference start where a
computed timescale's moves. Pure: data in, a list of `Change` out.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from calculator.model import Form, Protocol

from .change import Change
from .due_dates import TableForNation
from .glossary import glossary_changes
from .notes import note_changes
from .partnership_facts import added_contact_changes, area_changes
from .recorder import paired_by_text
from .stages import StageChanges
from .words import format_date, role_title

__all__ = ["diff_protocols"]


class _Differ(StageChanges):
    def run(self) -> list[Change]:
        self.document()
        self.calendar()
        self.stages()
        self.roles()
        self.forms()
        self.conflicts()
        self.protocol_duties()
        self.child_protection_timescales()
        area_changes(self)
        added_contact_changes(self)
        glossary_changes(self)
        note_changes(self)
        return self.changes

    def document(self) -> None:
        o, n = self.old, self.new
        if o.slug != n.slug:
            self.add("changed", "document", "slug", f"Slug: {o.slug} → {n.slug}", o.slug, n.slug)
        if o.name != n.name:
            self.add("changed", "document", "name", f"Name: {o.name} → {n.name}", o.name, n.name)
        old_names = [p.name for p in o.partnerships]
        new_names = [p.name for p in n.partnerships]
        for name in old_names:
            if name not in new_names:
                self.add("removed", "document", "partnerships", f"Partnership removed: {name}", name, None)
        for i, name in enumerate(new_names):
            if name not in old_names:
                self.add("added", "document", f"partnerships[{i}]", f"Partnership added: {name}", None, name)
        od, nd = o.document, n.document
        for field, label in (
            ("title", "Document title"),
            ("implemented", "Date of implementation"),
            ("review", "Date of review"),
            ("in_force_from", "In force from"),
            ("source", "Source file"),
        ):
            a, b = getattr(od, field), getattr(nd, field)
            if a != b:
                words = (
                    (lambda v: format_date(v) if isinstance(v, dt.date) else v)
                    if field in ("implemented", "review", "in_force_from")
                    else (lambda v: v)
                )
                a_text = words(a) if a is not None else "not stated"
                b_text = words(b) if b is not None else "not stated"
                kind = "added" if a is None else "removed" if b is None else "changed"
                self.add(kind, "document", f"document.{field}", f"{label}: {a_text} → {b_text}", a, b)

    def calendar(self) -> None:
        oc, nc = self.old.calendar, self.new.calendar
        if oc.nation != nc.nation:
            self.add(
                "changed",
                "calendar",
                "calendar.nation",
                f"Bank holidays: {oc.nation_name} → {nc.nation_name}",
                oc.nation,
                nc.nation,
            )
        old_days = {c.date: c.name for c in oc.closure_days}
        new_days = {c.date: c.name for c in nc.closure_days}
        for i, c in enumerate(oc.closure_days):
            if c.date not in new_days:
                self.add(
                    "removed",
                    "calendar",
                    f"calendar.closure_days[{i}]",
                    f"Closure day removed: {format_date(c.date)} ({c.name})",
                    c.date,
                    None,
                )
        for i, c in enumerate(nc.closure_days):
            if c.date not in old_days:
                self.add(
                    "added",
                    "calendar",
                    f"calendar.closure_days[{i}]",
                    f"Closure day added: {format_date(c.date)} ({c.name})",
                    None,
                    c.date,
                )
            elif old_days[c.date] != c.name:
                self.add(
                    "changed",
                    "calendar",
                    f"calendar.closure_days[{i}]",
                    f"Closure day {format_date(c.date)}: {old_days[c.date]} → {c.name}",
                    old_days[c.date],
                    c.name,
                )

    def roles(self) -> None:
        for path, before, r in self.paired(self.old.roles, self.new.roles, "role", "roles", "title"):
            if before.title != r.title:
                self.add(
                    "changed",
                    "role",
                    f"{path}.title",
                    f"Role '{r.id}': {before.title} → {r.title}",
                    before.title,
                    r.title,
                )
            a, b = before.contact, r.contact
            for field, label in (("phone", "telephone"), ("email", "email")):
                x = getattr(a, field) if a else None
                y = getattr(b, field) if b else None
                if x != y:
                    kind = "added" if x is None else "removed" if y is None else "changed"
                    self.add(
                        kind,
                        "contact",
                        f"{path}.contact.{field}",
                        f"{r.title}, {label}: {x or 'none'} → {y or 'none'}",
                        x,
                        y,
                    )
            x = list(a.address) if a else []
            y = list(b.address) if b else []
            if x != y:
                kind = "added" if not x else "removed" if not y else "changed"
                self.add(
                    kind,
                    "contact",
                    f"{path}.contact.address",
                    f"{r.title}, postal address: {', '.join(x) or 'none'} → {', '.join(y) or 'none'}",
                    x,
                    y,
                )

    def forms(self) -> None:
        for path, before, f in self.paired(self.old.forms, self.new.forms, "form", "forms", "name"):
            if before.name != f.name:
                self.add(
                    "changed", "form", f"{path}.name", f"Form '{f.id}': {before.name} → {f.name}", before.name, f.name
                )
            self.form_fields(path, before, f)
            if before.fields_given != f.fields_given:
                self.add(
                    "changed",
                    "form",
                    f"{path}.fields_given",
                    f"{f.name}: "
                    + (
                        "the source now gives its fields" if f.fields_given else "the source no longer gives its fields"
                    ),
                    before.fields_given,
                    f.fields_given,
                )
            self.id_list(
                "form",
                f"{path}.send_to",
                f"{f.name}, send to",
                before.send_to,
                f.send_to,
                lambda p, r: role_title(p, r),
            )
            a_used = [before.used] if before.used else []
            b_used = [f.used] if f.used else []
            self.statements(f"{path}.used", f"{f.name}, when it is used", a_used, b_used)
            self.statements(f"{path}.notes", f"{f.name}, note", before.notes, f.notes)

    def form_fields(self, path: str, before: Form, f: Form) -> None:
        """A form's fields, paired by their labels, in order."""
        old_labels = [x.label for x in before.fields]
        new_labels = [x.label for x in f.fields]
        for kind, i, j in paired_by_text(old_labels, new_labels):
            where = f"{path}.fields[{i if kind == 'removed' else j}]"
            if kind == "equal" and before.fields[i].lines != f.fields[j].lines:
                self.add(
                    "changed",
                    "form",
                    where,
                    f"{f.name}, field “{new_labels[j]}”: {before.fields[i].lines} → "
                    f"{f.fields[j].lines} lines on the printed form",
                    before.fields[i].lines,
                    f.fields[j].lines,
                )
            elif kind == "changed":
                self.add(
                    "changed",
                    "form",
                    where,
                    f"{f.name}, field “{old_labels[i]}” → “{new_labels[j]}”",
                    old_labels[i],
                    new_labels[j],
                )
            elif kind == "removed":
                self.add("removed", "form", where, f"{f.name}, field removed: “{old_labels[i]}”", old_labels[i], None)
            elif kind == "added":
                self.add("added", "form", where, f"{f.name}, field added: “{new_labels[j]}”", None, new_labels[j])

    def conflicts(self) -> None:
        def key(c: Any) -> tuple[str, tuple[str, ...]]:
            return (c.stage, tuple(sorted(c.timescales)))

        old = {key(c): c for c in self.old.conflicts}
        new = {key(c): c for c in self.new.conflicts}
        for i, c in enumerate(self.old.conflicts):
            if key(c) not in new:
                self.add(
                    "removed",
                    "timescale",
                    f"conflicts[{i}]",
                    f"Conflict in the source no longer shown: {c.text}",
                    c.text,
                    None,
                )
        for i, c in enumerate(self.new.conflicts):
            if key(c) not in old:
                self.add(
                    "added", "timescale", f"conflicts[{i}]", f"Conflict in the source now shown: {c.text}", None, c.text
                )
            elif old[key(c)].text != c.text:
                self.add(
                    "changed",
                    "timescale",
                    f"conflicts[{i}]",
                    f"Conflict in the source: “{old[key(c)].text}” → “{c.text}”",
                    old[key(c)].text,
                    c.text,
                )

    def protocol_duties(self) -> None:
        o, n = self.old, self.new
        for attr, label in (
            ("purpose", "Purpose"),
            ("principles", "Principle"),
            ("record_keeping", "Record-keeping duty"),
            ("child_protection", "Child protection rule"),
            ("after", "After the escalation"),
        ):
            self.statements(attr, label, getattr(o, attr), getattr(n, attr))


def diff_protocols(old: Protocol, new: Protocol, start: dt.date, table_for_nation: TableForNation) -> list[Change]:
    """Every difference between two versions of a protocol, with the effect on
    computed due dates for a stage that starts on `start`.

    `table_for_nation(nation)` returns the `NonWorkingTable` for a nation key
    (`authoring.holiday_table.build_table` on the command line).
    """
    return _Differ(old, new, start, table_for_nation).run()
