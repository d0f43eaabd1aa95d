"""One thing wrong with a protocol file, as `PATH:LINE:COLUMN: message`.

`Problem` is one line of `handbook check`'s report; `ProtocolError` carries
the problems of a file (or a folder of them) that failed the check.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

__all__ = ["Problem", "ProtocolError"]


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with (or worth knowing about) a protocol file."""

    path: str
    line: int
    column: int
    severity: str  # "error" or "warning"
    message: str

    def format(self) -> str:
        prefix = "warning: " if self.severity == "warning" else ""
        return f"{self.path}:{self.line}:{self.column}: {prefix}{self.message}"

    def __str__(self) -> str:
        return self.format()


class ProtocolError(Exception):
    """A protocol file (or folder of them) failed the check."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(p.format() for p in self.problems))

    def __str__(self) -> str:
        return "\n".join(p.format() for p in self.problems)
