"""`handbook new SLUG --source FILE`: a new partnership's starting point.

Reads the procedure's own document (a PDF, a Word .docx or a text file) with
maintained libraries (pypdf, python-docx), writes its text to
`sources/<slug>.txt` normalised as quotes are compared, and a skeleton
`<slug>.yaml`: every fact still to fill is a placeholder marked `TODO`, and
each quote the schema requires is the source's first line. `handbook check`
lists every placeholder and every time limit of the source that no timescale
encodes yet, and the preview shows them on the partnership's page, until the
file is complete; no page is published from an unfinished file.

Reading the document is `new_document`'s job.
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from pathlib import Path

from . import places
from .display import display_path
from .new_document import NewError, extract_text
from .quotes import normalise_quote
from .reading.file_text import MAX_FILE_BYTES, MAX_SOURCE_BYTES, leads_outside
from .time_phrases import IN_WORDS_PHRASES, LIMIT

__all__ = ["normalise_source", "ADDED_CONTACTS_SECTION", "skeleton", "create", "main"]

_KEBAB = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")

#: Characters a PDF's text layer carries that nobody types: the typographic
#: ligatures (ﬁ, ﬂ, ...) become their letters; soft hyphens and zero-width
#: characters go.
_LIGATURES = {chr(c): unicodedata.normalize("NFKC", chr(c)) for c in range(0xFB00, 0xFB07)}
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"))
#: And what a YAML file cannot hold (control characters, lone surrogates,
#: non-characters), which a damaged text layer can carry: the skeleton quotes
#: and lists the source's lines.
_UNPRINTABLE = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")

#: The longest quote the skeleton takes from the source's first line.
_QUOTE_CHARS = 120

#: The longest slug: it names two files and a page's address.
MAX_SLUG_CHARS = 64
#: The time limits the skeleton lists, by line; the rest are counted.
_LISTED_LIMITS = 60


def normalise_source(lines: list[str]) -> str:
    """The source text as `handbook check` compares quotes: each line without
    HTML tags or emphasis marks, its white space folded to single spaces;
    ligatures spelt out, invisible characters removed, at most one blank line
    between paragraphs. A quote copied from any part of it matches."""
    out: list[str] = []
    for line in lines:
        line = _UNPRINTABLE.sub("", "".join(_LIGATURES.get(c, c) for c in line).translate(_INVISIBLE))
        line = normalise_quote(line)
        if line or (out and out[-1]):
            out.append(line)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out) + "\n" if out else ""


# The skeleton ---------------------------------------------------------------------------


def _first_words(text: str) -> str:
    """The source's first line (up to about 120 characters, cut at a word):
    a quote that is found in the source, for every quote the skeleton needs."""
    first = next(line for line in text.splitlines() if line.strip())
    if len(first) <= _QUOTE_CHARS:
        return first
    cut = first[:_QUOTE_CHARS].rsplit(" ", 1)[0]
    return cut or first[:_QUOTE_CHARS]


def _time_limits(text: str) -> list[tuple[int, str]]:
    """The source's lines that state a time limit ("5 working days", "72
    hours", "immediately"...), as the check reads limits: each one the file
    has to encode as a timescale."""
    words = "|".join(re.escape(p) for group in IN_WORDS_PHRASES.values() for p in group)
    limit = re.compile(rf"{LIMIT.pattern}|\b(?:{words})\b", re.IGNORECASE)
    found = []
    for n, line in enumerate(text.splitlines(), 1):
        for m in limit.finditer(line):
            start, end = max(0, m.start() - 40), min(len(line), m.end() + 20)
            excerpt = line[start:end]
            if len(excerpt) > _QUOTE_CHARS:  # a number thousands of digits long, say
                excerpt, end = excerpt[:_QUOTE_CHARS], len(line) + 1
            found.append((n, f"{'…' if start else ''}{excerpt}{'…' if end < len(line) else ''}"))
    return found


def _q(text: str) -> str:
    """A YAML double-quoted string (JSON's string syntax is YAML's)."""
    return json.dumps(text, ensure_ascii=False)


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


def skeleton(slug: str, source_name: str, text: str, document_name: str) -> str:
    """A protocol file whose facts still to fill are marked TODO: `handbook
    check` lists each, and each time limit of the source no timescale encodes
    yet, until the file is complete."""
    first = _q(_first_words(text))
    limits = _time_limits(text)
    if limits:
        listing = "\n".join(f"#   line {n}: {line}" for n, line in limits[:_LISTED_LIMITS])
        if len(limits) > _LISTED_LIMITS:  # the skeleton stays far under a protocol file's bound
            listing += f"\n#   ... and {len(limits) - _LISTED_LIMITS} more after line {limits[_LISTED_LIMITS - 1][0]}"
        limits_note = (
            f"# TODO: the source states a time limit in {len(limits)} place"
            f"{'s' if len(limits) != 1 else ''} (by line of {source_name}); each needs a "
            f"timescale that quotes it:\n{listing}\n"
        )
    else:
        limits_note = "# The source states no time limit in working days, hours or days, or in words.\n"
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
document:
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
# TODO: add roles (everyone the source says to involve or contact), forms,
# purpose, principles, record_keeping and child_protection where the source
# has them.
{ADDED_CONTACTS_SECTION}{limits_note}stages:
  # TODO: one entry per stage, in the source's order. Each stage gets its
  # timescales (one per time limit the source sets: `within` for a number of
  # working days, hours or calendar days, `in_words` for "immediately" and
  # the like) and its `next` (the stage that follows, when, who to contact).
  - id: "1"
    title: "TODO: heading of the first stage"
    # TODO: the stage's heading or opening words (this is the source's first line).
    quote: {first}
    next: []
"""


def create(slug: str, source: Path, protocols: Path) -> tuple[Path, Path, str]:
    """Writes `sources/<slug>.txt` and `<slug>.yaml` in `protocols`; refuses to
    overwrite either. Returns both paths and the text written."""
    if len(slug) > MAX_SLUG_CHARS:
        raise NewError(
            f"handbook new: the slug is {len(slug)} characters long; expected at most "
            f"{MAX_SLUG_CHARS} (it names the files and the page's address): a short "
            f"name, e.g. my-partnership"
        )
    if not _KEBAB.match(slug):
        raise NewError(
            f"handbook new: slug '{slug}' is not kebab-case; expected lower-case letters "
            f"and digits joined by single hyphens, e.g. my-partnership"
        )
    if not protocols.is_dir():
        raise NewError(f"handbook new: {display_path(protocols)}: no such folder of protocol files")
    protocol_path = protocols / f"{slug}.yaml"
    source_name = f"sources/{slug}.txt"
    source_path = protocols / source_name
    if leads_outside(source_path, protocols):
        raise NewError(
            f"handbook new: {display_path(source_path.parent)} leads outside "
            f"{display_path(protocols)} (a link); nothing was written (the check reads a "
            f"source text only from inside the protocols folder)"
        )
    for path in (protocol_path, source_path):
        if path.exists():
            raise NewError(
                f"handbook new: {display_path(path)} already exists; nothing was written "
                f"(choose another slug, or remove the file first)"
            )
    text = normalise_source(extract_text(source))
    if not text:
        raise NewError(f"{display_path(source)}: the document has no text to read")
    size = len(text.encode("utf-8"))
    if size > MAX_SOURCE_BYTES:
        raise NewError(
            f"{display_path(source)}: its text is {size:,} bytes; a source text is expected to "
            f"be under {MAX_SOURCE_BYTES // 1_000_000} MB: save the procedure alone, "
            f"without appendices, and try again"
        )
    # Bounded (a line of the source, a bounded list of its time limits): far
    # under a protocol file's bound, so the check reads it and lists only what
    # is left to fill.
    protocol = skeleton(slug, source_name, text, source.name)
    if len(protocol.encode("utf-8")) > MAX_FILE_BYTES:
        raise NewError(
            f"{display_path(source)}: the skeleton would be over a protocol file's "
            f"{MAX_FILE_BYTES // 1_000} kB; nothing was written"
        )
    source_path.parent.mkdir(exist_ok=True)
    with open(source_path, "x", encoding="utf-8") as f:
        f.write(text)
    with open(protocol_path, "x", encoding="utf-8") as f:
        f.write(protocol)
    return protocol_path, source_path, text


def main(args) -> int:
    chosen = places.protocols_folder(args.protocols)
    protocols = chosen.folder
    try:
        protocol_path, source_path, text = create(args.slug, Path(args.source), protocols)
    except NewError as e:
        print(e, file=sys.stderr)
        return 2
    except OSError as e:  # writing the two files
        print(f"handbook new: cannot write {e.filename or 'the files'} ({e.strerror or e})", file=sys.stderr)
        return 2
    chosen.say_which()  # once written: a refusal stays one line
    words = len(text.split())
    lines = text.count("\n")
    shown = display_path(protocol_path)
    serve = f"handbook serve --protocols {display_path(protocols)}" if args.protocols else "handbook serve"
    print(
        f"Wrote {display_path(source_path)}: the text of {Path(args.source).name} ({words:,} words, "
        f"{lines:,} lines), as quotes are compared."
    )
    print(
        f"Wrote {shown}: a skeleton, the facts still to fill marked TODO; until they are "
        f"filled, `handbook check` lists each, with every time limit of the source that no "
        f"timescale encodes yet, and the site shows its problems instead of a page."
    )
    print("Next:")
    print(
        f"  1. Fill in {shown}: replace every TODO with what the source says, quoting its "
        f"words from {display_path(source_path)} (protocols/README.md describes every field)."
    )
    print(f"  2. Check it: handbook check {shown}")
    print(f"  3. Preview it: {serve} (its page is partnerships/{args.slug}/)")
    return 0
