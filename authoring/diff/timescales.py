"""Timescales compared between two versions, with the due dates they move.

A stage's timescales and the child-protection timescales are paired by id;
a computed timescale's change carries the due date under each version for the
reference start (`due_dates`).
"""

from __future__ import annotations

import datetime as dt

from calculator.model import Protocol, Stage, Timescale

from .recorder import ChangeList
from .words import stage_name, timescale_value, timescale_words

__all__ = ["TimescaleChanges"]


class TimescaleChanges(ChangeList):
    """Records added, removed or changed timescales."""

    def _timescale_name(self, protocol: Protocol, stage: Stage | None, t: Timescale) -> str:
        where = stage_name(protocol, stage) if stage is not None else "Child protection"
        return f"{where}, timescale '{t.id}'"

    def _due(self, which: str, stage: Stage | None, t: Timescale) -> dt.date | None:
        if not t.is_computed:
            return None
        source = self.old_due if which == "old" else self.new_due
        if stage is None:
            return source.due_outside_stages(t)
        return source.due(stage.id, t.id)

    def timescale_added(self, stage: Stage | None, t: Timescale, path: str) -> None:
        due = self._due("new", stage, t)
        self.add(
            "added",
            "timescale",
            path,
            f"{self._timescale_name(self.new, stage, t)} added: {t.action}, {timescale_words(t)}",
            None,
            timescale_value(t),
            {"old": None, "new": due} if t.is_computed else None,
        )

    def timescale_removed(self, stage: Stage | None, t: Timescale, path: str) -> None:
        due = self._due("old", stage, t)
        self.add(
            "removed",
            "timescale",
            path,
            f"{self._timescale_name(self.old, stage, t)} removed: {t.action}, {timescale_words(t)}",
            timescale_value(t),
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
                timescale_value(a),
                timescale_value(b),
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
