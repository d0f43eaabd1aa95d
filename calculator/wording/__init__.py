"""The words every view of an answer shares, each said once: dates as readers see them, rules, labels, notes.

The command line, the site's pages and the browser's calculator all show
these, so a change to one of them is made here and shows in every view (and
in the golden answers). Dates are written from the tables below, never from
the machine's locale.

Its modules hold them by kind (`dates`, `rules`, `question`, `today`,
`timeline`, `deadline`, `calendar_file`, `command_line`, `answer`, `naming`, `added`);
every view takes them from here, as `wording.X`.

Standard library only, so it runs unchanged in CPython and Pyodide.
"""

from __future__ import annotations

from .added import ADDED_GENERAL, ADDED_HEADING, added_label
from .answer import BRANCHES, IF_RESOLVED, LAST_STAGE, REVIEW_PASSED, calendar_line, not_given_option, review_due
from .calendar_file import (
    counted_from_day,
    date_not_working,
    event_heading,
    event_summary,
    procedure_said,
    reads_it_as,
    skipped_days,
)
from .command_line import (
    counted_from_line,
    explained,
    falls_on,
    in_words_line,
    reading_dated,
    skips_short,
    undated_line,
)
from .dates import MONTHS, WEEKDAYS, compact_date, day_month, day_name, long_date, plain_date, plural
from .deadline import (
    EARLIER,
    counted_from,
    counted_from_undated,
    give_it_above,
    lands_on,
    not_given,
    not_working,
    procedure_says,
    reading_tags,
    repeats_for,
    same_date,
    skipped_list,
    skips,
    timeline_from,
    timeline_row,
)
from .naming import anchor_ambiguous, anchor_from, anchor_unstated, day_began, own_stage_start, when_began
from .question import URGENT_SAID, began_on, covers_text, given_date, review_passed, today_is, working_days_skip
from .rules import (
    COUNTING,
    COUNTING_RULE,
    DEFINITION_LABELS,
    DEFINITION_NOTE,
    HANDBOOKS_READING,
    HOURS_RULE,
    NO_DATE,
    NO_TIMESCALE,
    NO_TIMESCALE_SHORT,
    PROJECTED,
    PROJECTED_TAG,
    READING_TEXT,
    TIMELINE_HEADING,
)
from .timeline import (
    BEGINS,
    BEGINS_GIVEN,
    BEGINS_PROJECTED,
    blocked_note,
    branch_note,
    no_dates_from_here,
    resolved_note,
)
from .today import DUE_TODAY, due_in, passed_ago

__all__ = [
    "WEEKDAYS",
    "MONTHS",
    "long_date",
    "plain_date",
    "compact_date",
    "day_month",
    "plural",
    "day_name",
    "COUNTING",
    "HOURS_RULE",
    "COUNTING_RULE",
    "PROJECTED",
    "PROJECTED_TAG",
    "TIMELINE_HEADING",
    "NO_TIMESCALE",
    "NO_DATE",
    "NO_TIMESCALE_SHORT",
    "HANDBOOKS_READING",
    "READING_TEXT",
    "DEFINITION_LABELS",
    "DEFINITION_NOTE",
    "began_on",
    "given_date",
    "URGENT_SAID",
    "today_is",
    "review_passed",
    "working_days_skip",
    "covers_text",
    "DUE_TODAY",
    "due_in",
    "passed_ago",
    "resolved_note",
    "blocked_note",
    "branch_note",
    "no_dates_from_here",
    "BEGINS",
    "BEGINS_PROJECTED",
    "BEGINS_GIVEN",
    "counted_from",
    "procedure_says",
    "skipped_list",
    "skips",
    "counted_from_undated",
    "not_given",
    "give_it_above",
    "same_date",
    "EARLIER",
    "not_working",
    "lands_on",
    "repeats_for",
    "timeline_row",
    "reading_tags",
    "timeline_from",
    "event_summary",
    "event_heading",
    "procedure_said",
    "reads_it_as",
    "skipped_days",
    "date_not_working",
    "counted_from_day",
    "explained",
    "counted_from_line",
    "reading_dated",
    "falls_on",
    "skips_short",
    "undated_line",
    "in_words_line",
    "LAST_STAGE",
    "REVIEW_PASSED",
    "review_due",
    "IF_RESOLVED",
    "BRANCHES",
    "not_given_option",
    "calendar_line",
    "day_began",
    "when_began",
    "own_stage_start",
    "anchor_unstated",
    "anchor_ambiguous",
    "anchor_from",
    "ADDED_HEADING",
    "ADDED_GENERAL",
    "added_label",
]
