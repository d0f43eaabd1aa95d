"""Stages compared between two versions: their order, titles, people, forms, duties, routes.

Stages are paired by id; within a stage, who is involved and the forms by id,
actions and records by their text, where the stage goes next by its target
and condition, and its timescales as `timescales` compares them.
"""

from __future__ import annotations

from calculator.model import Protocol, Stage, mid_sentence

from .timescales import TimescaleChanges
from .words import form_name, list_words, role_title, stage_name

__all__ = ["StageChanges"]


class StageChanges(TimescaleChanges):
    """Records the differences in the stages."""

    def stages(self) -> None:
        o, n = self.old, self.new
        old_ids = [s.id for s in o.stages]
        new_ids = [s.id for s in n.stages]
        for i, s in enumerate(o.stages):
            if s.id not in new_ids:
                name = stage_name(o, s)
                self.add("removed", "stage", f"stages[{i}]", f"{name} removed: {s.title}", s.title, None)
                for j, t in enumerate(s.timescales):
                    self.timescale_removed(s, t, f"stages[{i}].timescales[{j}]")
        for i, s in enumerate(n.stages):
            if s.id not in old_ids:
                name = stage_name(n, s)
                self.add("added", "stage", f"stages[{i}]", f"{name} added: {s.title}", None, s.title)
                for j, t in enumerate(s.timescales):
                    self.timescale_added(s, t, f"stages[{i}].timescales[{j}]")
        common_old = [i for i in old_ids if i in new_ids]
        common_new = [i for i in new_ids if i in old_ids]
        if common_old != common_new:
            words = lambda p, ids: ", ".join(stage_name(p, p.stage(i)) for i in ids)  # noqa: E731
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
        name = stage_name(n, b)
        if a.title != b.title:
            self.add("changed", "stage", f"{path}.title", f"{name} title: {a.title} → {b.title}", a.title, b.title)
        if (a.number, a.branch) != (b.number, b.branch):
            self.add("changed", "stage", path, f"{name} label: {stage_name(o, a)} → {name}", stage_name(o, a), name)
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
            lambda p, r: role_title(p, r),
        )
        # Forms used at the stage.
        self.id_list("form", f"{path}.forms", f"{name}, forms", a.forms, b.forms, lambda p, f: form_name(p, f))
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
                return stage_name(p, p.stage(stage_id))
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
                contacts = list_words(mid_sentence(role_title(n, c)) for c in t.contacts)
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
                        f"{name}, contact before {target(n, t.stage)}{when(t.when)} removed: {role_title(o, c)}",
                        c,
                        None,
                    )
            for c in t.contacts:
                if c not in before.contacts:
                    self.add(
                        "added",
                        "contact",
                        f"{tpath}.contacts",
                        f"{name}, contact before {target(n, t.stage)}{when(t.when)} added: {role_title(n, c)}",
                        None,
                        c,
                    )
