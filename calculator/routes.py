"""The routes on from a stage, as the answer gives them: the one taken, its people with their contact details.

A person's details are the source's; the contacts the partnership adds for
that role come beside them under `added`, each with its own label saying so.

Standard library only, so it runs unchanged in CPython and Pyodide.
"""

from __future__ import annotations

from typing import Any

from . import wording
from .model import Protocol, Stage, Transition, mid_sentence

__all__ = ["route_taken", "stage_ref", "person", "transition", "added_for"]


def route_taken(stage: Stage, urgent: bool | None) -> Transition | None:
    """The route a reader takes when this stage does not resolve things: the
    only one there is, or, where the stage branches, the one the reader chose.
    None at the last stage and where the reader has not said which way."""
    if not stage.next:
        return None
    whens = {t.when for t in stage.next}
    if whens <= {"unresolved"}:
        return stage.next[0]
    if urgent is None:
        return None
    wanted = "urgent" if urgent else "non-urgent"
    for t in stage.next:
        if t.when == wanted:
            return t
    return None


def stage_ref(protocol: Protocol, stage: Stage) -> dict[str, Any]:
    return {"id": stage.id, "title": stage.title, "label": stage.label(protocol.stage_word)}


def _role_title(protocol: Protocol, role_id: str) -> str:
    try:
        return protocol.role(role_id).title
    except KeyError:
        return role_id


def added_for(protocol: Protocol, role_id: str | None) -> list[dict[str, Any]]:
    """The contacts the partnership adds for a role (for the whole procedure
    with None), each labelled as its addition: never the source's words."""
    return [
        {
            "role": c.role,
            "name": c.name,
            "phone": c.phone,
            "tel": c.tel,
            "email": c.email,
            "url": c.link,
            "note": c.note,
            "added_by": c.added_by,
            "checked": c.checked.isoformat(),
            "label": wording.added_label(c.added_by, c.checked),
        }
        for c in protocol.added_contacts
        if c.role == role_id
    ]


def person(protocol: Protocol, role_id: str, condition: str | None = None) -> dict[str, Any]:
    """A role with every contact detail the source gives for it, and those
    the partnership adds (`added`)."""
    try:
        role = protocol.role(role_id)
    except KeyError:
        return {
            "role": role_id,
            "title": role_id,
            "condition": condition,
            "phone": None,
            "email": None,
            "address": [],
            "quote": [],
            "added": added_for(protocol, role_id),
        }
    contact = role.contact
    return {
        "role": role.id,
        "title": role.title,
        "condition": condition,
        "phone": contact.phone if contact else None,
        "email": contact.email if contact else None,
        "address": list(contact.address) if contact else [],
        "quote": list(contact.quote) if contact else [],
        "added": added_for(protocol, role.id),
    }


def transition(protocol: Protocol, t: Transition) -> dict[str, Any]:
    try:
        ref = stage_ref(protocol, protocol.stage(t.stage))
    except KeyError:
        ref = {"id": t.stage, "title": None, "label": None}
    contacts = []
    for r in t.contacts:
        condition = t.condition_for(r)
        title = _role_title(protocol, r)
        contacts.append(f"{title} ({mid_sentence(condition)})" if condition else title)
    return {
        **ref,
        "when": t.when,
        "contacts": contacts,
        "contact_details": [person(protocol, r, t.condition_for(r)) for r in t.contacts],
        "quote": list(t.quote),
    }
