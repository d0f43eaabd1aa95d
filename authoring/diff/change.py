"""One difference between two versions of a protocol."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from ..reading.plain_data import to_plain

__all__ = ["Change"]


@dataclass(frozen=True)
class Change:
    """One difference between the old and the new version of a protocol.

    `kind` is "added", "removed" or "changed"; `what` is one of "stage",
    "timescale", "contact", "form", "duty", "role", "document", "calendar",
    "glossary";
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
