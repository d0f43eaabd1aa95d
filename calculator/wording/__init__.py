"""The words every view of an answer shares, each said once: dates as readers see them, rules, labels, notes.

The command line, the site's pages and the browser's calculator all show
these, so a change to one of them is made here and shows in every view (and
in the golden answers). Dates are written from the tables below, never from
the machine's locale.

Its modules hold them by kind (`dates`, `rules`, `question`, `today`,
`timeline`, `deadline`, `editions`, `calendar_file`, `command_line`, `answer`, `naming`,
`asking`, `now`, `added`, `glossary`);
every view takes them from here, as `wording.X`.

Standard library only, so it runs unchanged in CPython and Pyodide.
"""

# ruff: noqa: F403  (each module's own __all__ says what it gives; listed once, there)
from __future__ import annotations

from . import (
    added,
    answer,
    asking,
    calendar_file,
    command_line,
    dates,
    deadline,
    editions,
    glossary,
    naming,
    now,
    question,
    rules,
    timeline,
    today,
)
from .added import *
from .answer import *
from .asking import *
from .calendar_file import *
from .command_line import *
from .dates import *
from .deadline import *
from .editions import *
from .glossary import *
from .naming import *
from .now import *
from .question import *
from .rules import *
from .timeline import *
from .today import *

__all__ = [
    *added.__all__,
    *answer.__all__,
    *asking.__all__,
    *calendar_file.__all__,
    *command_line.__all__,
    *dates.__all__,
    *deadline.__all__,
    *editions.__all__,
    *glossary.__all__,
    *naming.__all__,
    *now.__all__,
    *question.__all__,
    *rules.__all__,
    *timeline.__all__,
    *today.__all__,
]
