"""What a reader is told about the contacts a partnership adds: that they are its own, not the procedure's, and how current."""

from __future__ import annotations

import datetime as dt

from .dates import plain_date

__all__ = ["ADDED_HEADING", "ADDED_GENERAL", "added_label"]

#: The heading over the contacts and resources a partnership adds.
ADDED_HEADING = "Contacts the partnership adds"

#: Said over the added contacts that belong to no one role.
ADDED_GENERAL = "For the whole procedure"


def added_label(added_by: str, checked: dt.date) -> str:
    """ "Added by the partnership (its business unit), checked 1 March 2026 —
    not part of the procedure's text": beside every contact it adds."""
    return f"Added by the partnership ({added_by}), checked {plain_date(checked)} — not part of the procedure's text"
