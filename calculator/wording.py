"""The words every view of an answer shares, each said once: dates as readers see them, rules, labels, notes.

The command line, the site's pages and the browser's calculator all show
these, so a change to one of them is made here and shows in every view (and
in the golden answers). Dates are written from the tables below, never from
the machine's locale.

Standard library only, so it runs unchanged in CPython and Pyodide.
"""

from __future__ import annotations

import datetime as dt

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
]

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def long_date(day: dt.date) -> str:
    """ "Thursday 31 December 2026"."""
    return f"{WEEKDAYS[day.weekday()]} {day.day} {MONTHS[day.month - 1]} {day.year}"


def plain_date(day: dt.date) -> str:
    """ "31 December 2026"."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def compact_date(day: dt.date) -> str:
    """ "Thu 31 Dec 2026", for a table's narrow cell."""
    return f"{WEEKDAYS[day.weekday()][:3]} {day.day} {MONTHS[day.month - 1][:3]} {day.year}"


def day_month(day: dt.date) -> str:
    """ "4 Jan": a day in a list of days skipped, whose year is the deadline's."""
    return f"{day.day} {MONTHS[day.month - 1][:3]}"


def plural(n: int, word: str) -> str:
    """ "1 working day", "3 working days"."""
    return f"{n} {word}{'' if n == 1 else 's'}"


def day_name(name: str) -> str:
    """How a sentence names a non-working day: "a Sunday", but "Christmas Day"."""
    return f"a {name}" if name in WEEKDAYS else name


#: How each unit of a computed limit is counted, as the answer's `counting` says it.
COUNTING = {
    "working_days": "working days",
    "hours": "hours, on the clock",
    "calendar_days": "calendar days",
}

#: How a limit in hours is counted, as a clause of a sentence.
HOURS_RULE = "hours are counted on the clock, weekends and bank holidays included"

#: The counting rule in one sentence, beside a list of deadlines.
COUNTING_RULE = f"Working days are counted from the day after the day counted from; {HOURS_RULE}."

#: Said of a date counted from a stage the reader has not reached: the timeline's assumption.
PROJECTED = "if each stage before it runs to its limit"

#: The same, as a short tag in a line of the timeline.
PROJECTED_TAG = "(projected)"

#: The heading of the later stages' dates.
TIMELINE_HEADING = "Timeline if each later stage runs to its limit:"

#: Where a stage has no time limit.
NO_TIMESCALE = "The source gives no timescale for this stage."

#: Where a limit cannot be dated because the day it counts from is not known.
NO_DATE = "No date yet"

#: The same, in a table's cell or a flowchart's box.
NO_TIMESCALE_SHORT = "No timescale in the source"

#: A limit's anchor chosen by the handbook where the source does not settle it.
HANDBOOKS_READING = "the handbook's reading"

#: What a reader is told where the anchor of a limit is the handbook's reading
#: (`counted_from.reading`), said once for every view.
READING_TEXT = {
    "unstated": f"the source does not say what this is counted from; this is {HANDBOOKS_READING}",
    "ambiguous": "the source's words for what this is counted from can be read more than one way; "
    f"this is {HANDBOOKS_READING}",
}

#: Labels of the two dates a source's own definition of a working day can give.
DEFINITION_LABELS = {
    "handbook": "the handbook's count, which also skips bank holidays",
    "source": "by the source's definition, “{quote}”, which does not skip bank holidays",
}

#: The handbook's note beside a source's own definition of a working day.
DEFINITION_NOTE = (
    "The source says “{quote}”; the handbook also skips bank holidays, and where one "
    "falls inside a limit it shows both dates."
)


# ------------------------------------------------------------ the question, said back


def began_on(stage: str, date: str) -> str:
    """ "Stage 1 began on Monday 21 December 2026": the reader's own stage's start."""
    return f"{stage} began on {date}"


def given_date(event: str, date: str) -> str:
    """ "The day step 1 began: Monday 26 October 2026": another date the reader gave."""
    return f"{event[:1].upper()}{event[1:]}: {date}"


#: The reader's answer where the procedure branches.
URGENT_SAID = {
    True: "You said the disagreement is urgent.",
    False: "You said the disagreement is not urgent.",
}


def today_is(date: str) -> str:
    return f"Today is {date}."


def review_passed(date: str) -> str:
    """Beside "Review date passed:", the date a procedure was due for review."""
    return f"this procedure gives {date} as the date it was due for review."


def working_days_skip(region: str) -> str:
    return f"Working days skip weekends and the bank holidays of {region}."


def covers_text(first: str, last: str) -> str:
    """ "between 1 January 2019 and 31 December 2040": the days a calendar covers."""
    return f"between {first} and {last}"


# ------------------------------------------------------------ where a date stands against today

#: A date that is today.
DUE_TODAY = "today"


def due_in(amount: int, unit: str) -> str:
    """ "in 3 working days" ("working day" or "day")."""
    return f"in {plural(amount, unit)}"


def passed_ago(amount: int, unit: str) -> str:
    """ "passed 16 working days ago"."""
    return f"passed {plural(amount, unit)} ago"


# ------------------------------------------------------------ the timeline's notes


def resolved_note(event: str, date: str, stage: str) -> str:
    """Why no later stage is shown: the reader dated the disagreement's resolution."""
    return (
        f"You gave the date of {event} ({date}): the source's later stages apply only where "
        f"{stage} does not resolve the disagreement, so none is shown."
    )


def blocked_note(stage: str, event: str) -> str:
    """Why the later stages have no dates: a limit of `stage` counts from an undated `event`."""
    return (
        f"The later stages cannot be dated: a limit of {stage} is counted from {event}, a date not "
        "given, so it is not known when that stage reaches its limit."
    )


def branch_note(stage: str) -> str:
    """Why the timeline stops where the procedure branches and the reader has not chosen."""
    return (
        f"The route after {stage} depends on which way the disagreement goes; choose a route to see the dates after it."
    )


def no_dates_from_here(reason: str) -> str:
    return f"No dates from here: {reason}."


#: How a later stage's start is said where it is projected, and where the reader gave it.
BEGINS = "begins"
BEGINS_PROJECTED = ", if the stage before runs to its limit"
BEGINS_GIVEN = " (the date you gave)"


# ------------------------------------------------------------ one deadline


def counted_from(date: str, label: str, *, projected: bool = False, reading: str | None = None) -> str:
    """ "Counted from Monday 21 December 2026, the day stage 1 began", with what the handbook assumed."""
    said = f"Counted from {date}, {label}" + (f", {PROJECTED}" if projected else "")
    return f"{said}. {reading[:1].upper()}{reading[1:]}." if reading else f"{said}."


def procedure_says(wording: str, counting: str | None) -> str:
    """ "The procedure: “within 5 working days of stage 1”, counted in working days."."""
    return f"The procedure: “{wording}”" + (f", counted in {counting}" if counting else "") + "."


def skipped_list(days: list[tuple[str, str]]) -> str:
    """ "25 December 2026 (Christmas Day), 28 December 2026 (Boxing Day)": each day and its name."""
    return ", ".join(f"{date} ({name})" for date, name in days)


def skips(days: list[tuple[str, str]]) -> str:
    return f"Skips {skipped_list(days)}."


def counted_from_undated(event: str) -> str:
    """ "counted from the day stage 1 began, a date not given"."""
    return f"counted from {event}, a date not given"


def not_given(event: str) -> str:
    """ "it is counted from the day stage 1 began, a date not given."."""
    return f"it is {counted_from_undated(event)}."


def give_it_above(question: str) -> str:
    """Where the form asks for the date a limit needs."""
    return f"Give it above (“{question}”) to see the date."


def same_date(wordings: list[str]) -> str:
    """ "48 hours and 2 working days give the same date"."""
    return f"{' and '.join(wordings)} give the same date"


#: The tag of the earlier of two dates one limit can give.
EARLIER = "earlier"


def not_working(day: str) -> str:
    """ "Christmas Day, not a working day" (`day` as `day_name` says it)."""
    return f"{day}, not a working day"


def lands_on(day: str) -> str:
    return f"This is {not_working(day)}."


def repeats_for(period: str) -> str:
    return f"Repeats for {period}."


def timeline_row(action: str, wording: str, detail: str) -> str:
    """ "— send the form (“within 5 working days”; counted from 21 December 2026, …)"."""
    return f" — {action} (“{wording}”{detail})"


def reading_tags(reading: str | None, *, earlier: bool, lands: str | None) -> str:
    """ "(48 hours, earlier, a Sunday, not a working day)": what the timeline says beside a date."""
    tags = [t for t in (reading, EARLIER if earlier else None, not_working(lands) if lands else None) if t]
    return f" ({', '.join(tags)})" if tags else ""


def timeline_from(date: str, label: str, *, projected: bool, reading: str | None) -> str:
    """The part of a timeline row saying what a dated limit counts from."""
    said = f"; counted from {date}, {label}" + (f" {PROJECTED_TAG}" if projected else "")
    return said + (f"; {reading}" if reading else "")


# ------------------------------------------------------------ the calendar file's events


def event_summary(stage: str, action: str, reading: str | None) -> str:
    return f"{stage}: {action}" + (f" ({reading})" if reading else "")


def event_heading(partnership: str, stage: str, title: str) -> str:
    return f"{partnership}, {stage}: {title}."


def procedure_said(wording: str) -> str:
    return f"The procedure says: {wording}."


def reads_it_as(reading: str, *, earlier: bool) -> str:
    return f"This date reads it as {reading}" + (" (the earlier reading)" if earlier else "") + "."


def skipped_days(days: list[tuple[str, str]]) -> str:
    return f"Skipped: {skipped_list(days)}."


def date_not_working(date: str, day: str) -> str:
    """ "2026-12-25 is Christmas Day, not a working day."."""
    return f"{date} is {not_working(day)}."


def counted_from_day(date: str, label: str) -> str:
    """ "Counted from 2026-12-21 (the day stage 1 began)."."""
    return f"Counted from {date} ({label})."


# ------------------------------------------------------------ one line of the command line's timeline


def explained(dates: str, wording: str, counted: str) -> str:
    """ "Wednesday 30 December 2026 — within 5 working days of stage 1, counted from …"."""
    return f"{dates} — {wording}, {counted}"


def counted_from_line(date: str, label: str, *, projected: bool, reading: str | None) -> str:
    """ "counted from Monday 21 December 2026 (the day stage 1 began)", with what the handbook assumed."""
    what = label + (f", {PROJECTED}" if projected else "") + (f"; {reading}" if reading else "")
    return f"counted from {date} ({what})"


def reading_dated(date: str, reading: str, *, earlier: bool, lands: str | None) -> str:
    """ "Monday 4 January 2027 (2 working days, earlier; Christmas Day, not a working day)"."""
    tags = (f", {EARLIER}" if earlier else "") + (f"; {not_working(lands)}" if lands else "")
    return f"{date} ({reading}{tags})"


def falls_on(name: str) -> str:
    return f"falls on a non-working day: {name}"


def skips_short(days: list[tuple[str, str]]) -> str:
    """ "skips 25 Dec Christmas Day, 28 Dec Boxing Day (substitute day)"."""
    return "skips " + ", ".join(f"{date} {name}" for date, name in days)


def undated_line(wording: str, event: str) -> str:
    return f"{NO_DATE} — {wording}: {counted_from_undated(event)}"


def in_words_line(text: str, wording: str) -> str:
    """ "Immediately — immediately inform the line manager"."""
    return f"{text[:1].upper()}{text[1:]} — {wording}"


# ------------------------------------------------------------ the rest of an answer, said the same everywhere

#: Said at the reader's stage when no route leads on.
LAST_STAGE = "This is the last stage of the procedure."

#: The label before `review_due`.
REVIEW_PASSED = "Review date passed"


def review_due(date: str) -> str:
    """ "the source was due for review on 1 April 2026.", as the partnership's page says it."""
    return f"the source was due for review on {date}."


#: Said before what the source says happens if the disagreement is resolved at the reader's stage.
IF_RESOLVED = "If it is resolved at this stage, the source says:"

#: Said where the procedure branches and the command line was not told which way.
BRANCHES = "If not resolved, the procedure branches (say --urgent or --not-urgent):"


def not_given_option(event: str, needs: str) -> str:
    """The command line's line for a limit whose anchor the reader did not date."""
    return f"no date: counted from {event}, which is not given (--date {needs}=YYYY-MM-DD)"


def calendar_line(region: str, source: str, first: str, last: str) -> str:
    """The command line's last paragraph: the table's bank holidays, and the counting rule."""
    return f"Bank holidays of {region} ({source}), {first} to {last}. {COUNTING_RULE}"


# ------------------------------------------------------------ how a stage's start and a limit's anchor are named


def day_began(stage: str) -> str:
    """ "the day stage 2 began": the event a stage's start is."""
    return f"the day {stage} began"


def when_began(stage: str, title: str) -> str:
    """The form's question for a stage's start, where the source gives none."""
    return f"When did {stage} ({title}) begin?"


def own_stage_start(stage_word: str) -> str:
    """ "this stage's start": a flowchart's box naming its own stage's start."""
    return f"this {stage_word.lower()}'s start"


def anchor_unstated(label: str) -> str:
    return f"from {label} (handbook's reading)"


def anchor_ambiguous(label: str, words: str | None = None, *, compact: bool = False) -> str:
    """ "of stage 3, read by the handbook as from …", or in a box "from … (handbook's reading of “…”)"."""
    if compact:
        return f"from {label} (handbook's reading of “{words}”)" if words else f"from {label}"
    return f"{words + ', ' if words else ''}read by the handbook as from {label}"


def anchor_from(label: str) -> str:
    return f"from {label}"
