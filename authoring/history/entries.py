"""A partnership's recorded changes as typed, read-only data.

An `Entry` is one recorded change: an amendment of the procedure (its source
text changed, or a new edition) or a correction of the handbook's own reading
(the file changed, the source text did not), dated, with each difference in
`handbook diff`'s words and the due dates it moved for a stage that starts on
the working day `start`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

__all__ = ["KINDS", "Difference", "Entry", "History"]

#: The two kinds of change, with the words a reader sees for each.
KINDS = {
    "amendment": "Amendment of the procedure",
    "correction": "Correction of the handbook's reading",
}


@dataclass(frozen=True)
class Difference:
    """One difference in `handbook diff`'s words, with the due date under each
    version where it moved one (None where that version has no date)."""

    text: str
    moves_due_date: bool = False
    old_due: dt.date | None = None
    new_due: dt.date | None = None

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Difference:
        due = data.get("due")
        if not due:
            return cls(data["text"])
        return cls(data["text"], True, due.get("old"), due.get("new"))

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"text": self.text}
        if self.moves_due_date:
            out["due"] = {"old": self.old_due, "new": self.new_due}
        return out


@dataclass(frozen=True)
class Entry:
    """One recorded change; `id` never changes once written (a feed's entry id)."""

    id: str
    date: dt.date
    kind: str
    start: dt.date
    summary: str
    differences: tuple[Difference, ...]

    @property
    def kind_words(self) -> str:
        return KINDS[self.kind]

    @property
    def moved(self) -> tuple[Difference, ...]:
        """The differences that move a due date."""
        return tuple(d for d in self.differences if d.moves_due_date)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Entry:
        return cls(
            data["id"],
            data["date"],
            data["kind"],
            data["start"],
            data["summary"],
            tuple(Difference.from_dict(d) for d in data["differences"]),
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "date": self.date,
            "kind": self.kind,
            "summary": self.summary,
            "start": self.start,
            "differences": [d.as_dict() for d in self.differences],
        }


@dataclass(frozen=True)
class History:
    """One partnership's recorded changes, newest first."""

    slug: str
    name: str
    entries: tuple[Entry, ...] = ()

    @property
    def last_updated(self) -> dt.date | None:
        return self.entries[0].date if self.entries else None

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> History:
        entries = sorted((Entry.from_dict(e) for e in data.get("changes") or ()), key=lambda e: e.date, reverse=True)
        return cls(data["slug"], data["name"], tuple(entries))

    def with_entry(self, entry: Entry, name: str) -> History:
        """This history with `entry` added (and the partnership's name as it is now)."""
        entries = sorted((entry, *self.entries), key=lambda e: e.date, reverse=True)
        return History(self.slug, name, tuple(entries))

    def as_dict(self) -> dict[str, Any]:
        return {"slug": self.slug, "name": self.name, "changes": [e.as_dict() for e in self.entries]}
