"""The skeleton protocol file `handbook new` writes from a new source text.

Every fact still to fill is a placeholder marked `TODO`, which `handbook
check` lists; the comments point to the source's lines for each part (its
time limits, its contact details, what it says about child protection), and
the stages are made from its stage headings (`new_stages`), each quoting its
heading.
"""

from __future__ import annotations

import json

from .new_findings import Passage, child_protection_limits, contact_details, time_limits
from .new_stages import Heading, stage_headings

__all__ = ["ADDED_CONTACTS_SECTION", "AREAS_SECTION", "skeleton"]

#: The longest quote the skeleton takes from the source's first line.
_QUOTE_CHARS = 120
#: The passages of each kind the skeleton lists, by line; the rest are counted.
_LISTED = 60

#: The skeleton's section for the places the partnership covers: an empty list
#: (nothing for the check to report) under what to fill in.
AREAS_SECTION = """\
# TODO: the places the partnership covers (each local authority area or
# town), so that a reader who searches for theirs finds this partnership. For
# each, `- name: Wyreford`, with `quote:` the source's words where it names
# the area; without `quote` where the partnership gives it (the pages say so).
areas: []
"""

#: The skeleton's optional section for the partnership's own contacts: an
#: empty list (nothing for the check to report) under a commented example to
#: copy, its placeholders marked TODO.
ADDED_CONTACTS_SECTION = """\
# Optional: whom to call. Most procedures name roles only ("Senior managers");
# the partnership may add its own contacts and practice resources beside them
# (a team and its number, a local escalation form's page, the LADO page).
# They are the partnership's words, never the source's (no `quote`), and the
# pages label each as its addition, with the day it was last checked. Leave
# the list empty if there are none; for each one, copy this, remove the #s
# and fill it in (at least one of phone, email and url):
#   - role: TODO-role-id        # the role it is for; leave out for the whole procedure
#     name: "TODO: team, service or page"
#     phone: "TODO: 0161 000 0000"
#     email: "TODO: team@example.gov.uk"
#     url: "TODO: https://www.example.gov.uk/escalation"
#     note: "TODO: when to use it (optional)"
#     added_by: "TODO: who in the partnership added it"
#     checked: TODO-YYYY-MM-DD  # the day someone last checked it works
added_contacts: []
"""

#: What a child-protection limit in words needs, with an example to copy.
_CHILD_PROTECTION_EXAMPLE = """\
# A limit in words there ("immediately") is not counted from a stage's start:
# it needs an event to count from (the concern arising) under `events`, and
# a timescale under `child_protection` counted from it. For example (remove
# the #s and fill it in):
# events:
#   - id: concern-identified
#     name: "TODO: the concern arising, in the source's words"
#     question: "TODO: When did the concern arise?"
#     quote: "TODO: where the source names it"
# child_protection:
#   timescales:
#     - id: concern-referred
#       action: "TODO: what must happen, in plain words"
#       in_words: immediately
#       from: {event: concern-identified, text: "TODO: the source's words for it"}
#       wording: "immediately"
#       quote: "TODO: the sentence that sets it"
"""


def _q(text: str) -> str:
    """A YAML double-quoted string (JSON's string syntax is YAML's)."""
    return json.dumps(text, ensure_ascii=False)


def _first_words(text: str) -> str:
    """The source's first line (up to about 120 characters, cut at a word):
    a quote that is found in the source, for every quote the skeleton needs."""
    first = next(line for line in text.splitlines() if line.strip())
    if len(first) <= _QUOTE_CHARS:
        return first
    cut = first[:_QUOTE_CHARS].rsplit(" ", 1)[0]
    return cut or first[:_QUOTE_CHARS]


def _listing(passages: list[Passage]) -> str:
    """One comment line per passage, by line; past `_LISTED`, a count."""
    listing = "\n".join(f"#   line {p.line}: {p.excerpt}" for p in passages[:_LISTED])
    if len(passages) > _LISTED:  # the skeleton stays far under a protocol file's bound
        listing += f"\n#   ... and {len(passages) - _LISTED} more after line {passages[_LISTED - 1].line}"
    return listing + "\n"


def _limits_note(limits: list[Passage], source_name: str) -> str:
    if not limits:
        return "# The source states no time limit in working days, hours or days, or in words.\n"
    return (
        f"# TODO: the source states a time limit in {len(limits)} place"
        f"{'s' if len(limits) != 1 else ''} (by line of {source_name}); each needs a "
        f"timescale that quotes it:\n{_listing(limits)}"
    )


def _roles_note(text: str, source_name: str) -> str:
    note = (
        "# TODO: add roles (everyone the source says to involve or contact), forms,\n"
        "# purpose, principles, record_keeping and child_protection where the source\n"
        "# has them.\n"
    )
    contacts = contact_details(text)
    if contacts:
        note += (
            f"# The source gives contact details (by line of {source_name}): each is its\n"
            f"# role's `contact`, as the source gives it, with a quote:\n{_listing(contacts)}"
        )
    cp_limits = child_protection_limits(text)
    if cp_limits:
        note += (
            f"# TODO: the source sets a limit in words where it speaks of child protection\n"
            f"# (by line of {source_name}):\n{_listing(cp_limits)}{_CHILD_PROTECTION_EXAMPLE}"
        )
    return note


def _stage_entry(heading: Heading, following: Heading | None, limits: list[Passage], last_line: int) -> str:
    """One stage made from its heading, its next the following stage's."""
    end = following.line - 1 if following else last_line
    own = [p.line for p in limits if heading.line <= p.line <= end]
    title = heading.title or f"TODO: heading of {heading.word.lower()} {heading.number}"
    entry = f'  - id: "{heading.number}"\n    title: {_q(title)}\n    quote: {_q(heading.quote)}\n'
    if own:
        lines = ", ".join(map(str, sorted(set(own))))
        entry += (
            f"    # TODO: its text (lines {heading.line}-{end}) states {len(own)} of the time limits above\n"
            f"    # (line{'s' if len(set(own)) != 1 else ''} {lines}): a timescale for each.\n"
        )
    if following is None:
        return entry + "    next: []\n"
    return entry + (
        "    # TODO: whom to contact to move on (`contacts`: role ids), and the source's\n"
        "    # words for moving on as the quote (this is the next stage's heading).\n"
        f'    next:\n      - stage: "{following.number}"\n        when: unresolved\n'
        f"        quote: {_q(following.quote)}\n"
    )


def _stages(text: str, limits: list[Passage], headings: list[Heading]) -> str:
    if not headings:
        first = _q(_first_words(text))
        return f"""\
stages:
  # TODO: one entry per stage, in the source's order (no stage headings such as
  # "Stage 1:" were found). Each stage gets its timescales (one per time limit
  # the source sets: `within` for a number of working days, hours or calendar
  # days, `in_words` for "immediately" and the like) and its `next` (the stage
  # that follows, when, who to contact).
  - id: "1"
    title: "TODO: heading of the first stage"
    # TODO: the stage's heading or opening words (this is the source's first line).
    quote: {first}
    next: []
"""
    last_line = text.count("\n")
    entries = "".join(
        _stage_entry(h, headings[i + 1] if i + 1 < len(headings) else None, limits, last_line)
        for i, h in enumerate(headings)
    )
    return (
        f"stages:\n  # One stage for each of the source's {len(headings)} stage headings, its\n"
        f"  # title and quote the heading's. Each stage gets its timescales (`within`\n"
        f"  # for a number of working days, hours or calendar days, `in_words` for\n"
        f'  # "immediately" and the like), who is `involved`, its `actions`.\n{entries}'
    )


def skeleton(slug: str, source_name: str, text: str, document_name: str) -> str:
    """A protocol file whose facts still to fill are marked TODO: `handbook
    check` lists each, and each time limit of the source no timescale encodes
    yet, until the file is complete."""
    first = _q(_first_words(text))
    limits = time_limits(text)
    headings = stage_headings(text)
    word = f"stage_word: {headings[0].word}\n" if headings and headings[0].word != "Stage" else ""
    rest = _roles_note(text, source_name) + ADDED_CONTACTS_SECTION + _limits_note(limits, source_name)
    return f"""\
# yaml-language-server: $schema=protocol.schema.json
#
# A new partnership, started with `handbook new` from {document_name}.
# Every value marked TODO is a placeholder: replace it with what the source
# says, quoting its own words from {source_name} in each `quote`.
# Nothing may be added that the source does not say. The fields are described
# in protocols/README.md.
slug: {slug}
# TODO: the partnership's name as the source gives it (an abbreviation if
# that is all it says).
name: "TODO: name of the partnership"
{word}document:
  # TODO: the document's title, in sentence case; its dates of implementation
  # and review where the source gives them (implemented: YYYY-MM-DD,
  # review: YYYY-MM-DD).
  title: "TODO: title of the procedure"
  source: {source_name}
  # TODO: the title and dates as the source writes them (this is its first line).
  quote: {first}
calendar:
  # TODO: whose bank holidays apply: england-and-wales, scotland or
  # northern-ireland.
  nation: england-and-wales
{AREAS_SECTION}{rest}{_stages(text, limits, headings)}"""
