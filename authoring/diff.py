"""What changes between two versions of a protocol, in plain words.

`handbook diff OLD [NEW] [--start DATE] [--json]` compares two versions of one
protocol file by meaning, not by line: stages, timescales, contacts, forms,
duties, roles, the document's dates and the calendar are matched by their ids
and every difference is named ("Stage 2, timescale 'managers-discussion':
within 5 working days → within 3 working days"). For every computed timescale
whose due date moves, it gives the due date under each version for a
reference start date, worked out by the deadline engine ("Thu 31 Dec 2026 →
Tue 29 Dec 2026").

OLD and NEW are file paths, or `REV:PATH` for a file at a git revision (read
with `git show`; PATH is relative to the current folder). Without NEW, OLD must
be `REV:PATH` and NEW is the working copy of PATH.

The reference start date defaults to today's date.

Exit status: 0 whether or not there are differences ("no differences" is
printed when there are none); 2 for bad input (an invalid protocol file, a
git error, a malformed date), with the problem on stderr and no traceback.

`diff_protocols` and `render_markdown` are pure (data in, data or text out), so
the live preview can show the same comparison as a page: `working_copy_changes`
compares every protocol file of a folder with its last committed version and
`render_preview_index` lists the results (`handbook serve` only).
"""

from __future__ import annotations

import argparse
import datetime as dt
import difflib
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from calculator.model import IN_WORDS, Protocol, Stage, Statement, Timescale, mid_sentence
from calculator.nonworking import NonWorkingTable

from .loader import to_plain
from .page_text import escape

__all__ = [
    "Change",
    "DiffError",
    "WorkingCopy",
    "diff_protocols",
    "render_text",
    "render_markdown",
    "as_json",
    "working_copy_changes",
    "render_preview_index",
    "main",
]

TableForNation = Callable[[str], NonWorkingTable]


class DiffError(Exception):
    """Bad input for `handbook diff`; its text is printed as it stands."""


@dataclass(frozen=True)
class Change:
    """One difference between the old and the new version of a protocol.

    `kind` is "added", "removed" or "changed"; `what` is one of "stage",
    "timescale", "contact", "form", "duty", "role", "document", "calendar";
    `path` locates the item in the version that has it (the new one, unless
    it was removed). `deadline` is set for a computed timescale: the due date
    for the reference start under each version (None where that version has
    no computed date).
    """

    kind: str
    what: str
    path: str
    description: str
    old: Any = None
    new: Any = None
    deadline: dict[str, dt.date | None] | None = None

    def as_dict(self) -> dict[str, Any]:
        deadline = None
        if self.deadline is not None:
            deadline = {k: (v.isoformat() if v else None) for k, v in self.deadline.items()}
        return {
            "kind": self.kind,
            "what": self.what,
            "path": self.path,
            "description": self.description,
            "old": to_plain(self.old),
            "new": to_plain(self.new),
            "deadline": deadline,
        }


def format_date(day: dt.date | None) -> str:
    """ "Thu 31 Dec 2026", or "no date"."""
    if day is None:
        return "no date"
    return f"{day:%a} {day.day} {day:%b %Y}"


# Plain words for the parts of a protocol ----------------------------------------
def timescale_words(t: Timescale | None) -> str:
    """How long a timescale gives: "within 5 working days", "immediately"."""
    if t is None:
        return "no timescale"
    if t.within is not None:
        return f"within {t.within.describe()}"
    if t.in_words:
        return IN_WORDS.get(t.in_words, t.in_words.replace("-", " "))
    return "no timescale stated"


def _stage_name(protocol: Protocol, stage: Stage) -> str:
    return stage.label(protocol.stage_word)


def _list_words(items: Iterable[str]) -> str:
    items = list(items)
    return ", ".join(items) if items else "none"


def _role_title(protocol: Protocol, role_id: str) -> str:
    try:
        return protocol.role(role_id).title
    except KeyError:
        return role_id


def _form_name(protocol: Protocol, form_id: str) -> str:
    try:
        return protocol.form(form_id).name
    except KeyError:
        return form_id


# Deadlines through the engine ---------------------------------------------------
class _Deadlines:
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
            from calculator.deadlines import answer

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


# Comparison -------------------------------------------------------------------------
class _Differ:
    def __init__(self, old: Protocol, new: Protocol, start: dt.date, table_for_nation: TableForNation) -> None:
        self.old = old
        self.new = new
        self.old_due = _Deadlines(old, start, table_for_nation)
        self.new_due = _Deadlines(new, start, table_for_nation)
        self.changes: list[Change] = []

    def add(
        self,
        kind: str,
        what: str,
        path: str,
        description: str,
        old: Any = None,
        new: Any = None,
        deadline: dict[str, dt.date | None] | None = None,
    ) -> None:
        self.changes.append(Change(kind, what, path, description, old, new, deadline))

    def run(self) -> list[Change]:
        self.document()
        self.calendar()
        self.stages()
        self.roles()
        self.forms()
        self.conflicts()
        self.protocol_duties()
        self.child_protection_timescales()
        return self.changes

    # Document and partnerships -----------------------------------------------------
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
            ("source", "Source file"),
        ):
            a, b = getattr(od, field), getattr(nd, field)
            if a != b:
                words = (
                    (lambda v: format_date(v) if isinstance(v, dt.date) else v)
                    if field in ("implemented", "review")
                    else (lambda v: v)
                )
                a_text = words(a) if a is not None else "not stated"
                b_text = words(b) if b is not None else "not stated"
                kind = "added" if a is None else "removed" if b is None else "changed"
                self.add(kind, "document", f"document.{field}", f"{label}: {a_text} → {b_text}", a, b)

    # Calendar ---------------------------------------------------------------------------
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

    # Stages ---------------------------------------------------------------------------
    def stages(self) -> None:
        o, n = self.old, self.new
        old_ids = [s.id for s in o.stages]
        new_ids = [s.id for s in n.stages]
        for i, s in enumerate(o.stages):
            if s.id not in new_ids:
                name = _stage_name(o, s)
                self.add("removed", "stage", f"stages[{i}]", f"{name} removed: {s.title}", s.title, None)
                for j, t in enumerate(s.timescales):
                    self.timescale_removed(s, t, f"stages[{i}].timescales[{j}]")
        for i, s in enumerate(n.stages):
            if s.id not in old_ids:
                name = _stage_name(n, s)
                self.add("added", "stage", f"stages[{i}]", f"{name} added: {s.title}", None, s.title)
                for j, t in enumerate(s.timescales):
                    self.timescale_added(s, t, f"stages[{i}].timescales[{j}]")
        common_old = [i for i in old_ids if i in new_ids]
        common_new = [i for i in new_ids if i in old_ids]
        if common_old != common_new:
            words = lambda p, ids: ", ".join(_stage_name(p, p.stage(i)) for i in ids)  # noqa: E731
            self.add(
                "changed",
                "stage",
                "stages",
                f"Order of stages: {words(o, common_old)} → {words(n, common_new)}",
                common_old,
                common_new,
            )
        for i, s in enumerate(n.stages):
            if s.id in old_ids:
                self.stage(o.stage(s.id), s, f"stages[{i}]")

    def stage(self, a: Stage, b: Stage, path: str) -> None:
        o, n = self.old, self.new
        name = _stage_name(n, b)
        if a.title != b.title:
            self.add("changed", "stage", f"{path}.title", f"{name} title: {a.title} → {b.title}", a.title, b.title)
        if (a.number, a.branch) != (b.number, b.branch):
            self.add("changed", "stage", path, f"{name} label: {_stage_name(o, a)} → {name}", _stage_name(o, a), name)
        if a.quote != b.quote:
            self.add(
                "changed",
                "stage",
                f"{path}.quote",
                f"{name}: the quoted source text changed",
                list(a.quote),
                list(b.quote),
            )
        # Who is involved.
        self.id_list(
            "role",
            f"{path}.involved",
            f"{name}, people involved",
            a.involved,
            b.involved,
            lambda p, r: _role_title(p, r),
        )
        # Forms used at the stage.
        self.id_list("form", f"{path}.forms", f"{name}, forms", a.forms, b.forms, lambda p, f: _form_name(p, f))
        # Duties: actions and records.
        self.statements(f"{path}.actions", f"{name}, action", a.actions, b.actions)
        self.statements(f"{path}.records", f"{name}, record to keep", a.records, b.records)
        # Where the stage goes next, and whom to contact.
        self.transitions(a, b, path, name)
        # Timescales.
        old_t = {t.id: t for t in a.timescales}
        new_ids = [t.id for t in b.timescales]
        for j, t in enumerate(a.timescales):
            if t.id not in new_ids:
                self.timescale_removed(a, t, f"{path}.timescales[{j}]")
        for j, t in enumerate(b.timescales):
            tpath = f"{path}.timescales[{j}]"
            if t.id not in old_t:
                self.timescale_added(b, t, tpath)
            else:
                self.timescale_changed(a, old_t[t.id], b, t, tpath)

    def transitions(self, a: Stage, b: Stage, path: str, name: str) -> None:
        o, n = self.old, self.new
        old_next = {(t.stage, t.when): t for t in a.next}
        new_keys = [(t.stage, t.when) for t in b.next]

        def target(p: Protocol, stage_id: str) -> str:
            try:
                return _stage_name(p, p.stage(stage_id))
            except KeyError:
                return f"stage {stage_id}"

        def when(w: str) -> str:
            return "" if w == "unresolved" else f" ({w})"

        for k, t in enumerate(a.next):
            if (t.stage, t.when) not in new_keys:
                self.add(
                    "removed",
                    "contact",
                    f"{path}.next[{k}]",
                    f"{name}: no longer goes on to {target(o, t.stage)}{when(t.when)}",
                    t.stage,
                    None,
                )
        for k, t in enumerate(b.next):
            tpath = f"{path}.next[{k}]"
            if (t.stage, t.when) not in old_next:
                contacts = _list_words(mid_sentence(_role_title(n, c)) for c in t.contacts)
                self.add(
                    "added",
                    "contact",
                    tpath,
                    f"{name}: now goes on to {target(n, t.stage)}{when(t.when)}, contacting {contacts}",
                    None,
                    t.stage,
                )
                continue
            before = old_next[(t.stage, t.when)]
            for c in before.contacts:
                if c not in t.contacts:
                    self.add(
                        "removed",
                        "contact",
                        f"{tpath}.contacts",
                        f"{name}, contact before {target(n, t.stage)}{when(t.when)} removed: {_role_title(o, c)}",
                        c,
                        None,
                    )
            for c in t.contacts:
                if c not in before.contacts:
                    self.add(
                        "added",
                        "contact",
                        f"{tpath}.contacts",
                        f"{name}, contact before {target(n, t.stage)}{when(t.when)} added: {_role_title(n, c)}",
                        None,
                        c,
                    )

    def id_list(
        self,
        what: str,
        path: str,
        label: str,
        a: Sequence[str],
        b: Sequence[str],
        title: Callable[[Protocol, str], str],
    ) -> None:
        for x in a:
            if x not in b:
                self.add("removed", what, path, f"{label}: removed {title(self.old, x)}", x, None)
        for x in b:
            if x not in a:
                self.add("added", what, path, f"{label}: added {title(self.new, x)}", None, x)

    def statements(self, path: str, label: str, a: Sequence[Statement], b: Sequence[Statement]) -> None:
        """Statements have no ids: pair them by their text, in order."""
        old_texts = [s.text for s in a]
        new_texts = [s.text for s in b]
        matcher = difflib.SequenceMatcher(a=old_texts, b=new_texts, autojunk=False)
        for op, i1, i2, j1, j2 in matcher.get_opcodes():
            if op == "equal":
                for i, j in zip(range(i1, i2), range(j1, j2), strict=True):
                    if a[i].quote != b[j].quote:
                        self.add(
                            "changed",
                            "duty",
                            f"{path}[{j}].quote",
                            f"{label}: the quoted source text changed for “{b[j].text}”",
                            list(a[i].quote),
                            list(b[j].quote),
                        )
                continue
            pairs = min(i2 - i1, j2 - j1) if op == "replace" else 0
            for k in range(pairs):
                self.add(
                    "changed",
                    "duty",
                    f"{path}[{j1 + k}]",
                    f"{label} changed: “{a[i1 + k].text}” → “{b[j1 + k].text}”",
                    a[i1 + k].text,
                    b[j1 + k].text,
                )
            for i in range(i1 + pairs, i2):
                self.add("removed", "duty", f"{path}[{i}]", f"{label} removed: “{a[i].text}”", a[i].text, None)
            for j in range(j1 + pairs, j2):
                self.add("added", "duty", f"{path}[{j}]", f"{label} added: “{b[j].text}”", None, b[j].text)

    # Timescales -------------------------------------------------------------------------
    def _timescale_name(self, protocol: Protocol, stage: Stage | None, t: Timescale) -> str:
        where = _stage_name(protocol, stage) if stage is not None else "Child protection"
        return f"{where}, timescale '{t.id}'"

    def _due(self, which: str, stage: Stage | None, t: Timescale) -> dt.date | None:
        if not t.is_computed:
            return None
        if stage is None:
            return self._due_direct(which, t)
        source = self.old_due if which == "old" else self.new_due
        return source.due(stage.id, t.id)

    def _due_direct(self, which: str, t: Timescale) -> dt.date | None:
        """A timescale outside the stages (child protection), counted the same way."""
        from calculator.workdays import add_calendar_days, add_hours, add_working_days

        source = self.old_due if which == "old" else self.new_due
        table = source.table_for_nation(source.protocol.calendar.nation).with_closures(
            source.protocol.calendar.closure_days
        )
        w = t.within
        if w is None:
            return None
        if w.working_days is not None:
            return add_working_days(table, source.start, w.working_days)[0]
        if w.hours is not None:
            return add_hours(source.start, w.hours, table)
        return add_calendar_days(source.start, w.calendar_days or 0, table)

    def timescale_added(self, stage: Stage | None, t: Timescale, path: str) -> None:
        due = self._due("new", stage, t)
        self.add(
            "added",
            "timescale",
            path,
            f"{self._timescale_name(self.new, stage, t)} added: {t.action}, {timescale_words(t)}",
            None,
            _timescale_value(t),
            {"old": None, "new": due} if t.is_computed else None,
        )

    def timescale_removed(self, stage: Stage | None, t: Timescale, path: str) -> None:
        due = self._due("old", stage, t)
        self.add(
            "removed",
            "timescale",
            path,
            f"{self._timescale_name(self.old, stage, t)} removed: {t.action}, {timescale_words(t)}",
            _timescale_value(t),
            None,
            {"old": due, "new": None} if t.is_computed else None,
        )

    def timescale_changed(self, sa: Stage | None, a: Timescale, sb: Stage | None, b: Timescale, path: str) -> None:
        name = self._timescale_name(self.new, sb, b)
        parts = []
        if (a.within, a.in_words) != (b.within, b.in_words):
            parts.append(f"{timescale_words(a)} → {timescale_words(b)}")
        if a.counted_from != b.counted_from:
            parts.append(f"counted from {a.counted_from.describe()} → counted from {b.counted_from.describe()}")
        if a.action != b.action:
            parts.append(f"action “{a.action}” → “{b.action}”")
        if a.wording != b.wording:
            parts.append(f"wording “{a.wording}” → “{b.wording}”")
        if a.repeats != b.repeats:
            parts.append(f"repeats {a.repeats or 'once'} → {b.repeats or 'once'}")
        if a.quote != b.quote:
            parts.append("the quoted source text changed")
        if a.note != b.note:
            parts.append("the note changed")
        deadline = None
        if a.is_computed or b.is_computed:
            old_due, new_due = self._due("old", sa, a), self._due("new", sb, b)
            if old_due != new_due:
                deadline = {"old": old_due, "new": new_due}
                if not parts:
                    parts.append("same timescale, but the due date moves with the calendar")
        if parts:
            self.add(
                "changed",
                "timescale",
                path,
                f"{name}: " + "; ".join(parts),
                _timescale_value(a),
                _timescale_value(b),
                deadline,
            )

    def child_protection_timescales(self) -> None:
        a = {t.id: t for t in self.old.child_protection_timescales}
        b_ids = [t.id for t in self.new.child_protection_timescales]
        for j, t in enumerate(self.old.child_protection_timescales):
            if t.id not in b_ids:
                self.timescale_removed(None, t, f"child_protection.timescales[{j}]")
        for j, t in enumerate(self.new.child_protection_timescales):
            path = f"child_protection.timescales[{j}]"
            if t.id not in a:
                self.timescale_added(None, t, path)
            else:
                self.timescale_changed(None, a[t.id], None, t, path)

    # Roles, forms, conflicts, protocol-wide duties ---------------------------------------
    def paired(self, olds, news, what: str, key: str, name: str):
        """Report entries (roles, forms) removed or added by id, and yield
        `(path, before, after)` for those in both versions."""
        old = {x.id: x for x in olds}
        new_ids = {x.id for x in news}
        for i, x in enumerate(olds):
            if x.id not in new_ids:
                label = getattr(x, name)
                self.add("removed", what, f"{key}[{i}]", f"{what.capitalize()} removed: {label}", label, None)
        for i, x in enumerate(news):
            if x.id not in old:
                label = getattr(x, name)
                self.add("added", what, f"{key}[{i}]", f"{what.capitalize()} added: {label}", None, label)
            else:
                yield f"{key}[{i}]", old[x.id], x

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
            old_labels = [x.label for x in before.fields]
            new_labels = [x.label for x in f.fields]
            matcher = difflib.SequenceMatcher(a=old_labels, b=new_labels, autojunk=False)
            for op, i1, i2, j1, j2 in matcher.get_opcodes():
                if op == "equal":
                    for i, j in zip(range(i1, i2), range(j1, j2), strict=True):
                        if before.fields[i].lines != f.fields[j].lines:
                            self.add(
                                "changed",
                                "form",
                                f"{path}.fields[{j}]",
                                f"{f.name}, field “{new_labels[j]}”: {before.fields[i].lines} → "
                                f"{f.fields[j].lines} lines on the printed form",
                                before.fields[i].lines,
                                f.fields[j].lines,
                            )
                    continue
                pairs = min(i2 - i1, j2 - j1) if op == "replace" else 0
                for k in range(pairs):
                    self.add(
                        "changed",
                        "form",
                        f"{path}.fields[{j1 + k}]",
                        f"{f.name}, field “{old_labels[i1 + k]}” → “{new_labels[j1 + k]}”",
                        old_labels[i1 + k],
                        new_labels[j1 + k],
                    )
                for i in range(i1 + pairs, i2):
                    self.add(
                        "removed",
                        "form",
                        f"{path}.fields[{i}]",
                        f"{f.name}, field removed: “{old_labels[i]}”",
                        old_labels[i],
                        None,
                    )
                for j in range(j1 + pairs, j2):
                    self.add(
                        "added",
                        "form",
                        f"{path}.fields[{j}]",
                        f"{f.name}, field added: “{new_labels[j]}”",
                        None,
                        new_labels[j],
                    )
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
                lambda p, r: _role_title(p, r),
            )
            a_used = [before.used] if before.used else []
            b_used = [f.used] if f.used else []
            self.statements(f"{path}.used", f"{f.name}, when it is used", a_used, b_used)
            self.statements(f"{path}.notes", f"{f.name}, note", before.notes, f.notes)

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


def _timescale_value(t: Timescale) -> dict[str, Any]:
    value: dict[str, Any] = {"id": t.id, "wording": t.wording, "from": t.counted_from.event_id}
    if t.within is not None:
        value["within"] = t.within.as_dict()
    if t.in_words:
        value["in_words"] = t.in_words
    return value


def diff_protocols(old: Protocol, new: Protocol, start: dt.date, table_for_nation: TableForNation) -> list[Change]:
    """Every difference between two versions of a protocol, with the effect on
    computed due dates for a stage that starts on `start`.

    `table_for_nation(nation)` returns the `NonWorkingTable` for a nation key
    (`authoring.holiday_table.build_table` on the command line).
    """
    return _Differ(old, new, start, table_for_nation).run()


# Output -------------------------------------------------------------------------------
def _deadline_line(change: Change) -> str | None:
    d = change.deadline
    if not d or d.get("old") == d.get("new"):
        return None
    return f"due: {format_date(d.get('old'))} → {format_date(d.get('new'))}"


def render_text(changes: Sequence[Change], protocol: str, old_label: str, new_label: str, start: dt.date) -> str:
    lines = [f"{protocol}: {old_label} → {new_label}", f"deadlines for a stage starting {format_date(start)}", ""]
    if not changes:
        lines.append("no differences")
        return "\n".join(lines) + "\n"
    width = max(len(c.kind) for c in changes)
    for c in changes:
        lines.append(f"{c.kind:<{width}}  {c.description}")
        due = _deadline_line(c)
        if due:
            lines.append(f"{'':<{width}}  {due}")
    moved = sum(1 for c in changes if _deadline_line(c))
    lines += [
        "",
        f"{len(changes)} difference{'s' if len(changes) != 1 else ''}, "
        f"{moved} due date{'s' if moved != 1 else ''} changed",
    ]
    return "\n".join(lines) + "\n"


def _time(day: dt.date | None) -> str:
    if day is None:
        return "no date"
    return f'<time datetime="{day.isoformat()}">{format_date(day)}</time>'


def _row(cells: Sequence[str]) -> str:
    return "<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>"


def _table(caption: str, heads: Sequence[str], rows: Sequence[str]) -> list[str]:
    """An HTML table, one line a row: a block Markdown leaves as it is, so
    no text in it is read as Markdown."""
    return [
        "<table>",
        f"<caption>{caption}</caption>",
        "<thead><tr>" + "".join(f'<th scope="col">{h}</th>' for h in heads) + "</tr></thead>",
        "<tbody>",
        *rows,
        "</tbody>",
        "</table>",
    ]


def render_markdown(
    changes: Sequence[Change],
    protocol: str = "",
    old_label: str = "old",
    new_label: str = "new",
    start: dt.date | None = None,
) -> str:
    """The comparison as a page for the site (Markdown whose body is HTML: a
    table, with `<time>` for each date). Every word from the files is text,
    escaped (`page_text.escape`), never Markdown or HTML."""
    title = f"Changes to {protocol}" if protocol else "Changes"
    out = [
        f"# {escape(title)}",
        "",
        f"<p>Comparing <strong>{escape(old_label)}</strong> (old) with <strong>{escape(new_label)}</strong> (new).</p>",
    ]
    if start is not None:
        out.append(f"<p>Due dates are for a stage that starts on {_time(start)}.</p>")
    out.append("")
    if not changes:
        out.append("<p>No differences.</p>")
        return "\n".join(out) + "\n"
    rows = []
    for c in changes:
        due = ""
        if c.deadline and c.deadline.get("old") != c.deadline.get("new"):
            due = f"{_time(c.deadline.get('old'))} → {_time(c.deadline.get('new'))}"
        rows.append(_row([escape(c.kind), escape(c.what), escape(c.description), due]))
    out += _table(
        "Each difference, with the due dates it moves", ["Change", "What", "Description", "Due date (old → new)"], rows
    )
    return "\n".join(out) + "\n"


def as_json(changes: Sequence[Change], protocol: str, old_label: str, new_label: str, start: dt.date) -> dict[str, Any]:
    return {
        "protocol": protocol,
        "old": old_label,
        "new": new_label,
        "start": start.isoformat(),
        "changes": [c.as_dict() for c in changes],
    }


# The live preview's page ----------------------------------------------------------------
@dataclass(frozen=True)
class WorkingCopy:
    """One protocol file of a folder compared with its version at a git revision.

    `status` is "changed" (the file differs from the revision; `changes` may
    still be empty when only its layout or comments changed), "unchanged",
    "untracked" (not in git at that revision), "no-git" (the folder is not in
    a git repository) or "unreadable" (`message` says why).
    """

    path: Path
    slug: str
    status: str
    changes: tuple[Change, ...] = ()
    message: str = ""


def _git_names(folder: Path, *args: str) -> list[str] | None:
    """File names git prints (NUL-separated), run in `folder`; None if git fails."""
    try:
        result = subprocess.run(["git", *args], cwd=folder, capture_output=True)
    except OSError:
        return None
    if result.returncode != 0:
        return None
    return [n for n in result.stdout.decode("utf-8", "replace").split("\0") if n]


def working_copy_changes(
    folder: Path, start: dt.date, table_for_nation: TableForNation, rev: str = "HEAD"
) -> list[WorkingCopy]:
    """Every protocol file in `folder` compared with its version at git revision
    `rev`, with the effect on due dates for a stage that starts on `start`.

    Three git commands for the whole folder, then one `git show` per changed
    file; files git does not know are reported as such, never guessed at.
    """
    from .checked import load_protocol
    from .loader import ProtocolError, protocol_files

    folder = Path(folder)
    files = protocol_files(folder)
    if _git_names(folder, "rev-parse", "--show-toplevel") is None:
        return [WorkingCopy(f, f.stem, "no-git") for f in files]
    tracked = set(_git_names(folder, "ls-tree", "-z", "--name-only", rev, "--", ".") or ())
    changed = set(_git_names(folder, "diff", "--name-only", "-z", "--relative", rev, "--", ".") or ())
    entries = []
    for f in files:
        if f.name not in tracked:
            entries.append(WorkingCopy(f, f.stem, "untracked"))
            continue
        if f.name not in changed:
            entries.append(WorkingCopy(f, f.stem, "unchanged"))
            continue
        try:
            new = load_protocol(f)
            old = _load_revision(rev, f.name, cwd=folder)
        except (ProtocolError, DiffError) as exc:
            entries.append(WorkingCopy(f, f.stem, "unreadable", message=str(exc)))
            continue
        changes = tuple(diff_protocols(old, new, start, table_for_nation))
        entries.append(WorkingCopy(f, new.slug, "changed", changes))
    return entries


def render_preview_index(
    entries: Sequence[WorkingCopy], start: dt.date, rev: str = "HEAD", hrefs: dict[str, str] | None = None
) -> str:
    """The live preview's list of protocol files and what changed in each since
    `rev`, as a page for the site (as `render_markdown`, the body is HTML and
    every word from the files is escaped text); `hrefs[slug]` links to a
    changed file's own page (`render_markdown`)."""
    hrefs = hrefs or {}
    out = [
        "# Changes since the last commit",
        "",
        '<div class="lede">',
        f"<p>For policy authors: each protocol file as it is now, compared with its version "
        f"at <code>{escape(rev)}</code>. Due dates are for a stage that starts on "
        f"{_time(start)}. This page is part of the live preview only "
        f"(<code>handbook serve</code>); the published handbook does not have it.</p>",
        "</div>",
        "",
    ]
    if not entries:
        out.append("<p>No protocol files.</p>")
        return "\n".join(out) + "\n"
    if all(e.status == "no-git" for e in entries):
        out.append(
            "<p>The protocols folder is not in a git repository, so there is no earlier "
            "version to compare with. To see changes, use "
            "<code>handbook diff OLD NEW</code> with two files.</p>"
        )
        return "\n".join(out) + "\n"
    rows = []
    for e in entries:
        if e.status == "changed":
            moved = sum(1 for c in e.changes if _deadline_line(c))
            words = (
                (
                    f"{len(e.changes)} difference{'s' if len(e.changes) != 1 else ''}, "
                    f"{moved} due date{'s' if moved != 1 else ''} changed"
                )
                if e.changes
                else ("the text changed, but no stage, timescale, contact, form or duty did")
            )
            if e.slug in hrefs:
                words = f'<a href="{escape(hrefs[e.slug])}">{words}</a>'
        else:
            words = {
                "unchanged": "no changes",
                "untracked": "not in git yet, so there is nothing to compare with",
                "no-git": "the protocols folder is not in a git repository, so there is nothing to compare with",
            }.get(e.status) or escape(" ".join(e.message.split()))
        rows.append(_row([f"<code>{escape(e.path.name)}</code>", words]))
    out += _table("Each protocol file since the last commit", ["Protocol file", "Since the last commit"], rows)
    return "\n".join(out) + "\n"


# Command line -----------------------------------------------------------------------
def _split_revision(spec: str) -> tuple[str, str] | None:
    """("REV", "PATH") for "REV:PATH", None for a plain file path."""
    if os.path.exists(spec) or ":" not in spec:
        return None
    rev, _, path = spec.partition(":")
    if not rev or not path:
        return None
    if rev.startswith("-"):  # git would read it as one of its options
        raise DiffError(f"{spec}: a revision cannot start with '-'; expected REV:PATH, e.g. HEAD:{path}")
    return rev, path


def _git_show(rev: str, path: str, cwd: Path | None = None, limit: int | None = None) -> str:
    """The text of PATH (relative to `cwd`, default the current folder) at git
    revision REV; over `limit` bytes (default: a protocol file's bound) is refused."""
    from .loader import MAX_FILE_BYTES

    limit = MAX_FILE_BYTES if limit is None else limit
    git_path = path if path.startswith(("./", "../")) or os.path.isabs(path) else f"./{path}"
    if os.path.isabs(git_path):
        raise DiffError(f"{rev}:{path}: give PATH relative to the current folder")
    if rev.startswith("-"):
        raise DiffError(f"{rev}:{path}: a revision cannot start with '-'; expected REV:PATH")
    try:
        # --end-of-options: whatever REV holds, git reads it as a revision.
        with subprocess.Popen(
            ["git", "show", "--end-of-options", f"{rev}:{git_path}"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            cwd=cwd,
        ) as proc:
            out = proc.stdout.read(limit + 1) if proc.stdout else b""
            if len(out) > limit:
                proc.kill()
                proc.communicate()
                raise DiffError(
                    f"{rev}:{path}: the file is over {limit:,} bytes at that revision; "
                    f"a protocol file is expected to be under {MAX_FILE_BYTES:,}"
                )
            _, err = proc.communicate()
    except OSError as exc:
        raise DiffError(f"{rev}:{path}: cannot run git ({exc.strerror or exc})") from None
    if proc.returncode != 0:
        message = " ".join((err.decode("utf-8", "replace") or "git show failed").split())
        raise DiffError(f"{rev}:{path}: {message}")
    return out.decode("utf-8", "replace")


def _new_since(rev: str, path: str, cwd: Path | None = None) -> bool:
    """True when REV is a commit that does not have PATH (a file added since)."""
    git_path = path if path.startswith(("./", "../")) else f"./{path}"
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}"],
            capture_output=True,
            cwd=cwd,
        )
        if commit.returncode != 0:
            return False
        found = subprocess.run(
            ["git", "cat-file", "-e", "--end-of-options", f"{rev}:{git_path}"], capture_output=True, cwd=cwd
        )
    except OSError:
        return False
    return found.returncode != 0


def _load_file(path: Path, shown_as: str | None = None) -> Protocol:
    from .checked import load_protocol
    from .loader import ProtocolError

    try:
        return load_protocol(path)
    except ProtocolError as exc:
        text = str(exc)
        if shown_as is not None:
            text = text.replace(str(path), shown_as)
        raise DiffError(text) from None
    except OSError as exc:
        raise DiffError(f"{shown_as or path}: cannot read the file ({exc.strerror or exc})") from None


def load_version(spec: str) -> Protocol:
    """A protocol from a file path or from `REV:PATH` at a git revision."""
    revision = _split_revision(spec)
    if revision is None:
        if not os.path.isfile(spec):
            raise DiffError(f"{spec}: no such file (expected a protocol file, or REV:PATH)")
        return _load_file(Path(spec))
    rev, path = revision
    return _load_revision(rev, path)


def _load_revision(rev: str, path: str, cwd: Path | None = None) -> Protocol:
    """The protocol at PATH (relative to `cwd`) as it was at git revision REV."""
    text = _git_show(rev, path, cwd)
    # Check that version exactly as the checker checks a file: under the same
    # file name, beside the source text it quotes (from the same revision);
    # then report any problem as REV:PATH.
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / Path(path).name
        copy.write_text(text, encoding="utf-8")
        _copy_source_text(rev, path, text, Path(tmp), cwd)
        return _load_file(copy, shown_as=f"{rev}:{path}")


def _copy_source_text(rev: str, path: str, text: str, folder: Path, cwd: Path | None = None) -> None:
    """Put the source text a protocol's `document.source` names beside its copy
    in `folder`, taken from the same revision (or, if it is not there, from the
    working copy). Anything odd is left for the checker to report."""
    import yaml

    try:
        data = yaml.safe_load(text)
        source = data["document"]["source"]
    except Exception:  # an invalid file: the checker says what is wrong with it
        return
    if not isinstance(source, str) or not source:
        return
    target = (folder / source).resolve()
    if folder.resolve() not in target.parents:
        return
    from .loader import MAX_SOURCE_BYTES, read_source_text

    beside = os.path.join(os.path.dirname(path), source)
    try:
        content = _git_show(rev, beside, cwd, limit=MAX_SOURCE_BYTES)
    except DiffError:
        # Read as the check reads it: only from inside the protocols folder, bounded.
        found, _ = read_source_text(Path(cwd or ".") / os.path.dirname(path), source)
        if found is None:
            return
        content = found
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(content, encoding="utf-8")


def run(old_spec: str, new_spec: str | None, start_text: str | None, as_json_output: bool) -> str:
    """The command's output text; `DiffError` for bad input."""
    if new_spec is None:
        revision = _split_revision(old_spec)
        if revision is None:
            raise DiffError(
                f"{old_spec}: give NEW too, or write OLD as REV:PATH "
                f"(for example HEAD:{old_spec}) to compare with the working copy"
            )
        new_spec = revision[1]
    if start_text is None:
        start = dt.date.today()
    else:
        try:
            start = dt.date.fromisoformat(start_text)
        except ValueError:
            raise DiffError(f"--start {start_text}: expected a date as YYYY-MM-DD") from None
    revision = _split_revision(old_spec)
    if revision is not None and not os.path.isabs(revision[1]) and _new_since(*revision):
        new = load_version(new_spec)
        if as_json_output:
            return (
                json.dumps(
                    {
                        "protocol": new.slug,
                        "old": old_spec,
                        "new": new_spec,
                        "start": start.isoformat(),
                        "new_file": True,
                        "changes": [],
                    },
                    indent=2,
                    ensure_ascii=False,
                )
                + "\n"
            )
        return (
            f"{new.slug}: {revision[1]} is new since {revision[0]}, so there is no earlier "
            f"version to compare it with.\n"
        )
    old = load_version(old_spec)
    new = load_version(new_spec)
    from calculator.nonworking import OutOfRange

    from .holiday_table import build_table as table_for_nation  # cached per nation

    try:
        for p in (old, new):
            table_for_nation(p.calendar.nation).require(start)
        changes = diff_protocols(old, new, start, table_for_nation)
    except OutOfRange as exc:
        raise DiffError(f"--start {start.isoformat()}: {exc}") from None
    if as_json_output:
        return json.dumps(as_json(changes, new.slug, old_spec, new_spec, start), indent=2, ensure_ascii=False) + "\n"
    return render_text(changes, new.slug, old_spec, new_spec, start)


def main(args: argparse.Namespace) -> int:
    try:
        output = run(args.old, args.new, args.start, args.json)
    except DiffError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    sys.stdout.write(output)
    return 0
