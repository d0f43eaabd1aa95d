"""`handbook new SLUG --source FILE`: a new partnership's starting point.

Reads the procedure's own document (a PDF, a Word .docx or a text file;
`new_document`), leaves out its running headers, footers and page numbers
(`new_running_lines`), joins the words its lines break (`new_text`), writes
its text to `sources/<slug>.txt` normalised as quotes are compared, and a
skeleton `<slug>.yaml` (`new_skeleton`): every fact still to fill is a
placeholder marked `TODO`, with a stage for each of the source's stage
headings. `handbook check` lists every placeholder and every time limit of
the source that no timescale encodes yet, and the preview shows them on the
partnership's page, until the file is complete; no page is published from an
unfinished file. The command says what it left out and what to do next.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path

from . import places
from .display import display_path, handbook_command
from .new_document import NewError, extract_text
from .new_running_lines import Dropped, document_lines
from .new_skeleton import skeleton
from .new_stages import stage_headings
from .new_text import join_broken_words, normalise_source
from .reading.file_text import MAX_FILE_BYTES, MAX_SOURCE_BYTES, leads_outside

__all__ = ["Created", "SourceRead", "create", "left_out_lines", "main", "read_source"]

_KEBAB = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")

#: The longest slug: it names two files and a page's address.
MAX_SLUG_CHARS = 64


@dataclass(frozen=True)
class Created:
    """What `create` wrote, and what it did to the document's text on the way."""

    protocol_path: Path
    source_path: Path
    text: str
    dropped: list[Dropped]
    #: The Word file's own headers and footers, never in its body's text.
    apart: tuple[str, ...]
    joins: list[str]
    stages: int


def _refuse_slug(slug: str) -> None:
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


def _refuse_existing(protocol_path: Path, source_path: Path, slug: str, source: Path, command: str) -> None:
    """A partnership's file is never overwritten: a revised document starts
    its next edition (`handbook revise`), which keeps the filled-in file."""
    if protocol_path.exists():
        raise NewError(
            f"handbook new: {display_path(protocol_path)} already exists; nothing was written. "
            f"A revised document for this partnership starts its next edition, keeping this file: "
            f"{command} revise {slug} --source {display_path(source)} --from YYYY-MM-DD "
            f"(the day the revision takes effect)"
        )
    if source_path.exists():
        raise NewError(
            f"handbook new: {display_path(source_path)} already exists; nothing was written "
            f"(it is the source text of a partnership with this slug: choose another slug)"
        )


def create(slug: str, source: Path, protocols: Path, command: str = "handbook") -> Created:
    """Writes `sources/<slug>.txt` and `<slug>.yaml` in `protocols`; refuses to
    overwrite either (naming `command revise` for a partnership that exists)."""
    _refuse_slug(slug)
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
    _refuse_existing(protocol_path, source_path, slug, source, command)
    read = read_source(source)
    text = read.text
    # Bounded (a line of the source, bounded lists of its passages, at most
    # `MAX_STAGES` stages): far under a protocol file's bound, so the check
    # reads it and lists only what is left to fill.
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
    stages = len(stage_headings(text))
    return Created(protocol_path, source_path, text, read.dropped, read.apart, read.joins, stages)


@dataclass(frozen=True)
class SourceRead:
    """A document's text as quotes are compared, and what reading it left out or joined."""

    text: str
    dropped: list[Dropped]
    #: A Word file's own headers and footers, never in its body's text.
    apart: tuple[str, ...]
    joins: list[str]


def read_source(source: Path) -> SourceRead:
    """The source text of a procedure's document (a PDF's running lines left
    out, words broken over lines joined, normalised as quotes are compared);
    `NewError` where it has no text, or more than a source text may hold."""
    document = extract_text(source)
    lines, dropped = document_lines(document)
    lines, joins = join_broken_words(lines)
    text = normalise_source(lines)
    if not text:
        raise NewError(f"{display_path(source)}: the document has no text to read")
    size = len(text.encode("utf-8"))
    if size > MAX_SOURCE_BYTES:
        raise NewError(
            f"{display_path(source)}: its text is {size:,} bytes; a source text is expected to "
            f"be under {MAX_SOURCE_BYTES // 1_000_000} MB: save the procedure alone, "
            f"without appendices, and try again"
        )
    return SourceRead(text, dropped, document.apart, joins)


def left_out_lines(dropped: list[Dropped], apart: tuple[str, ...], joins: list[str], document_name: str) -> list[str]:
    """The lines saying what the source text leaves out of the document (a
    PDF's running lines, a Word file's headers and footers), and which words
    broken over lines it joined: `handbook new` and `handbook revise` print them."""
    said = []
    if dropped:
        shown = ", ".join(d.described() for d in dropped)
        said.append(f"Left out of the source text: {shown}.")
    if apart:
        shown = ", ".join(f'"{text}"' for text in apart)
        said.append(f"Left out of the source text: the headers and footers of {document_name}, {shown}.")
    if joins:
        shown = ", ".join(joins[:5]) + (f" and {len(joins) - 5} more" if len(joins) > 5 else "")
        count = len(joins)
        said.append(f"Joined {count} word{'s' if count != 1 else ''} broken over lines by a hyphen: {shown}.")
    return said


def _readme(protocols: Path) -> Path:
    """The README of the protocols folder in use, else the project's."""
    readme = protocols / "README.md"
    return readme if readme.is_file() else places.PROJECT_PROTOCOLS / "README.md"


def main(args) -> int:
    chosen = places.protocols_folder(args.protocols)
    protocols = chosen.folder
    command = handbook_command()
    try:
        created = create(args.slug, Path(args.source), protocols, command)
    except NewError as e:
        print(e, file=sys.stderr)
        return 2
    except OSError as e:  # writing the two files
        print(f"handbook new: cannot write {e.filename or 'the files'} ({e.strerror or e})", file=sys.stderr)
        return 2
    chosen.say_which()  # once written: a refusal stays one line
    name = Path(args.source).name
    text = created.text
    shown = display_path(created.protocol_path)
    folder = f" --protocols {display_path(protocols)}" if args.protocols else ""
    print(
        f"Wrote {display_path(created.source_path)}: the text of {name} ({len(text.split()):,} words, "
        f"{text.count(chr(10)):,} lines), as quotes are compared."
    )
    for line in left_out_lines(created.dropped, created.apart, created.joins, name):
        print(line)
    stages = f"{created.stages} stages from its stage headings" if created.stages else "one stage to fill"
    print(
        f"Wrote {shown}: a skeleton ({stages}), the facts still to fill marked TODO; until they are "
        f"filled, `{command} check` lists each, with every time limit of the source that no "
        f"timescale encodes yet, and the site shows its problems instead of a page."
    )
    print("Next:")
    print(
        f"  1. Fill in {shown}: replace every TODO with what the source says, quoting its "
        f"words from {display_path(created.source_path)} ({display_path(_readme(protocols))} "
        f"describes every field)."
    )
    print(f"  2. Check it: {command} check {shown}")
    print(f"  3. Preview it: {command} serve{folder} (its page is partnerships/{args.slug}/)")
    print(
        f"  4. Once it is ready: {command} record {args.slug}{folder} (keeps this version: each later "
        f"change is compared with it and listed for readers in What's new)"
    )
    return 0
