"""The partnership's own facts beside its procedure's words, compared between two versions.

Those facts are the places it covers and the contacts it adds. Areas are
paired by name; added contacts by their name and the role they are for. Each
difference is named in plain words, as `compare` names the procedure's.
"""

from __future__ import annotations

from calculator.added_contacts import AddedContact

from .recorder import ChangeList
from .words import format_date, role_title

__all__ = ["area_changes", "added_contact_changes"]

#: An added contact's fields a reader sees, with their names in a sentence.
_FIELDS = (("phone", "telephone"), ("email", "email"), ("url", "web page"), ("note", "note"))


def area_changes(changes: ChangeList) -> None:
    """Add to `changes` every area added or removed."""
    old = [a.name for a in changes.old.areas]
    new = [a.name for a in changes.new.areas]
    for i, name in enumerate(old):
        if name not in new:
            changes.add("removed", "document", f"areas[{i}]", f"Area removed: {name}", name, None)
    for i, name in enumerate(new):
        if name not in old:
            changes.add("added", "document", f"areas[{i}]", f"Area added: {name}", None, name)


def _label(changes: ChangeList, c: AddedContact) -> str:
    return c.name if c.role is None else f"{c.name} (for {role_title(changes.new, c.role)})"


def added_contact_changes(changes: ChangeList) -> None:
    """Add to `changes` every contact the partnership added or removed, and
    each changed detail of one in both versions."""
    old = {(c.name, c.role): c for c in changes.old.added_contacts}
    new = {(c.name, c.role): c for c in changes.new.added_contacts}
    for i, c in enumerate(changes.old.added_contacts):
        if (c.name, c.role) not in new:
            words = f"Contact the partnership adds, removed: {_label(changes, c)}"
            changes.add("removed", "contact", f"added_contacts[{i}]", words, c.name, None)
    for i, c in enumerate(changes.new.added_contacts):
        path, before = f"added_contacts[{i}]", old.get((c.name, c.role))
        if before is None:
            words = f"Contact the partnership adds, added: {_label(changes, c)}"
            changes.add("added", "contact", path, words, None, c.name)
            continue
        for field, said in _FIELDS:
            a, b = getattr(before, field), getattr(c, field)
            if a != b:
                words = f"{_label(changes, c)}, {said}: {a or 'none'} → {b or 'none'}"
                changes.add("changed", "contact", f"{path}.{field}", words, a, b)
        if before.checked != c.checked:
            words = f"{_label(changes, c)}, last checked: {format_date(before.checked)} → {format_date(c.checked)}"
            changes.add("changed", "contact", f"{path}.checked", words, before.checked, c.checked)
