"""A contact or practice resource a partnership adds beside its procedure's roles, as typed objects.

Most procedures name roles only ("Senior managers", "the SLO"); a partnership
may add whom to call and where to look (a team, a telephone number, a local
form's page), each beside the role it belongs to or, with no role, as a
resource for the whole procedure. These are the partnership's words, never
the source's: each carries who added it and when it was last checked, and
every view says so.

Standard library only, so it runs unchanged in CPython and Pyodide.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .values import date_of

__all__ = ["AddedContact", "phone_link"]


def phone_link(phone: str) -> str:
    """A telephone number as a `tel:` address: its digits and a leading +."""
    return "tel:" + re.sub(r"[^\d+]", "", phone)


@dataclass(frozen=True)
class AddedContact:
    """One contact or resource the partnership adds: for `role` (None for
    the whole procedure), how to reach it, who added it and when it was
    last checked."""

    name: str
    added_by: str
    checked: dt.date
    role: str | None = None
    phone: str | None = None
    email: str | None = None
    url: str | None = None
    note: str | None = None

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> AddedContact:
        checked = date_of(d["checked"])
        if checked is None:
            raise ValueError("an added contact needs the date it was checked")
        return cls(
            name=d["name"],
            added_by=d["added_by"],
            checked=checked,
            role=d.get("role"),
            phone=d.get("phone"),
            email=d.get("email"),
            url=d.get("url"),
            note=d.get("note"),
        )

    @property
    def tel(self) -> str | None:
        """The `tel:` address of its telephone number, where it has one."""
        return phone_link(self.phone) if self.phone else None

    @property
    def link(self) -> str | None:
        """Its web address, only where it is one (http or https): never a
        `javascript:` or other address a page would run or open."""
        return self.url if self.url and re.match(r"https?://", self.url, re.IGNORECASE) else None
