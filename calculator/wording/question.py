"""The reader's question said back: the dates given, the calendar used."""

from __future__ import annotations

__all__ = ["began_on", "given_date", "URGENT_SAID", "today_is", "review_passed", "working_days_skip", "covers_text"]


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
