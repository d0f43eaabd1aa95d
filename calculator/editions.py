"""Which of a partnership's editions was in force on a given day.

A partnership's current file may have earlier editions, each a complete
protocol with the date it took effect (`document.in_force_from`; the earliest
may have none). A deadline is counted under the edition in force on the day
its stage began.

Standard library only, so it runs unchanged in CPython and Pyodide.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from .model import Protocol

__all__ = ["Editions"]


@dataclass(frozen=True)
class Editions:
    """Every edition of one partnership, oldest first; the last is the current file."""

    all: tuple[Protocol, ...]

    @classmethod
    def of(cls, current: Protocol, earlier: Sequence[Protocol] = ()) -> Editions:
        """The current edition with the earlier ones, in any order (an undated one is the earliest)."""
        ordered = sorted(earlier, key=lambda p: (p.document.in_force_from is not None, p.document.in_force_from))
        return cls((*ordered, current))

    @property
    def current(self) -> Protocol:
        return self.all[-1]

    @property
    def several(self) -> bool:
        """Whether there is more than one edition (only then does an answer name the one it used)."""
        return len(self.all) > 1

    def in_force_on(self, day: dt.date) -> Protocol:
        """The latest edition in force on `day`; the earliest one for a day before them all."""
        chosen = self.all[0]
        for edition in self.all[1:]:
            since = edition.document.in_force_from
            if since is not None and since <= day:
                chosen = edition
        return chosen

    def later_than(self, edition: Protocol) -> tuple[Protocol, ...]:
        """The editions that took effect after `edition`, oldest first."""
        return self.all[self.all.index(edition) + 1 :]
