"""What a reader is told of a contact a partnership adds: its words, not the procedure's, checked on a stated day."""

from __future__ import annotations

import datetime as dt

from .dates import plain_date

__all__ = ["ADDED_HEADING", "ADDED_GENERAL", "added_label"]

#: The heading over the contacts and resources a partnership adds.
ADDED_HEADING = "Contacts the partnership adds"

#: Said over the added contacts that belong to no one role.
ADDED_GENERAL = "For the whole procedure"


def added_label(added_by: str, checked: dt.date) -> str:
    """ "The partnership's addition, not the procedure's text: added by its
    business unit, checked 1 March 2026": beside every contact it adds."""
    return f"The partnership's addition, not the procedure's text: added by {added_by}, checked {plain_date(checked)}"
