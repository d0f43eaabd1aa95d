"""`handbook new SLUG --source FILE`: a new partnership's starting point.

Reads the procedure's own document (a PDF, a Word .docx or a text file) with
maintained libraries (pypdf, python-docx), writes its text to
`sources/<slug>.txt` normalised as quotes are compared, and a skeleton
`<slug>.yaml`: every fact still to fill is a placeholder marked `TODO`, and
each quote the schema requires is the source's first line. `handbook check`
lists every placeholder and every time limit of the source that no timescale
encodes yet, and the preview shows them on the partnership's page, until the
file is complete; no page is published from an unfinished file.

Command line only: pypdf and python-docx are imported when a file of that
kind is read.
"""

from __future__ import annotations

import json
import logging
import re
import signal
import sys
import threading
import time
import unicodedata
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .check import _display, normalise_quote
from .file_text import MAX_FILE_BYTES, MAX_SOURCE_BYTES, leads_outside, wide_encoding

__all__ = ["NewError", "extract_text", "normalise_source", "skeleton", "create", "main"]

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

# Bounds on what a document may cost to read, whatever is in it (a procedure
# is tens of pages; these are far above any real one). The source text written
# is bounded by `file_text.MAX_SOURCE_BYTES`, as `handbook check` bounds it.
#: The longest slug: it names two files and a page's address.
MAX_SLUG_CHARS = 64
#: The document file itself.
MAX_DOCUMENT_BYTES = 50_000_000
#: A PDF's pages, and what pypdf may inflate or parse for any one stream or
#: page tree (its own limits, lowered from its defaults of 75 MB and 100,000).
MAX_PAGES = 2_000
_PDF_LIMITS = dict(
    maximum_declared_stream_length=20_000_000,
    zlib_maximum_output_length=20_000_000,
    lzw_maximum_output_length=20_000_000,
    run_length_maximum_output_length=20_000_000,
    array_based_stream_maximum_output_length=20_000_000,
    brotli_maximum_output_length=20_000_000,
    stream_decoding_work_maximum_length=50_000_000,
    page_tree_maximum_entries=MAX_PAGES * 2,
    page_tree_maximum_page_entries=200_000,
)
#: A .docx is a zip: what its parts unpack to, as the zip declares it (and
#: zipfile holds each part to), in all and for any one part (the XML that
#: python-docx parses), and how many parts it may have.
MAX_UNPACKED_BYTES = 100_000_000
MAX_PART_BYTES = 10_000_000
MAX_PARTS = 5_000
#: Reading stops after this long, whatever the document.
MAX_READ_SECONDS = 60
#: The time limits the skeleton lists, by line; the rest are counted.
_LISTED_LIMITS = 60


class NewError(Exception):
    """Bad input to `handbook new`: one line, exit 2."""


# Reading the source document ----------------------------------------------------------


def _one_line(e: BaseException, limit: int = 160) -> str:
    text = " ".join(str(e).split())
    text = f"{type(e).__name__}: {text}" if text else type(e).__name__
    return text if len(text) <= limit else text[: limit - 3] + "..."


class _Budget:
    """The text read so far and the time taken, against the bounds."""

    def __init__(self, shown: str):
        self.shown = shown
        self.chars = 0
        self.started = time.monotonic()

    def add(self, lines: list[str], text: str) -> None:
        self.chars += len(text)
        if self.chars > MAX_SOURCE_BYTES:
            raise NewError(
                f"{self.shown}: its text is over {MAX_SOURCE_BYTES:,} characters; a source "
                f"text is expected to be under {MAX_SOURCE_BYTES // 1_000_000} MB: save "
                f"the procedure alone, without appendices, and try again"
            )
        if time.monotonic() - self.started > MAX_READ_SECONDS:
            raise _too_slow(self.shown)
        lines.extend(text.splitlines())


class _TimeUp(BaseException):
    """Reading ran past `MAX_READ_SECONDS`. Not an `Exception`: the libraries'
    own `except Exception` (a damaged file read as best it can be) must not
    swallow it."""


@contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    """Interrupts the block after `seconds` (where the platform has a timer
    signal and this is the main thread; elsewhere the budget is checked
    between pages and paragraphs)."""
    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expired(signum, frame):
        raise _TimeUp()

    previous = signal.signal(signal.SIGALRM, expired)
    # Again every 50 ms once the time is up: an interruption that lands in
    # code that ignores exceptions (a garbage collector's callback, a
    # finaliser) is lost, and the next one stops the reading.
    signal.setitimer(signal.ITIMER_REAL, seconds, 0.05)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _too_slow(shown: str) -> NewError:
    return NewError(
        f"{shown}: reading it took over {MAX_READ_SECONDS} seconds; save it again (or as a text file) and try again"
    )


@contextmanager
def _quiet() -> Iterator[None]:
    """The libraries' own warnings about a damaged file silenced: our one line says it."""
    log = logging.getLogger("pypdf")
    level = log.level
    log.setLevel(logging.CRITICAL)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        log.setLevel(level)


_PASSWORD = "the PDF is protected by a password; save an unprotected copy and try again"


def _pdf_lines(path: Path) -> list[str]:
    from pypdf import PdfReader, apply_configuration

    shown = _display(path)
    budget = _Budget(shown)
    with _quiet(), apply_configuration(**_PDF_LIMITS):  # type: ignore[arg-type]
        reader = PdfReader(str(path))
        if reader.is_encrypted:
            try:  # no password: only a restriction on editing
                opened = bool(reader.decrypt(""))
            except Exception:  # an encryption pypdf cannot open without an extra library
                opened = False
            if not opened:
                raise NewError(f"{shown}: {_PASSWORD}")
        pages = len(reader.pages)
        if pages > MAX_PAGES:
            raise NewError(
                f"{shown}: the PDF has {pages:,} pages; a procedure is expected to have "
                f"under {MAX_PAGES:,}: save the procedure alone and try again"
            )
        lines: list[str] = []
        for page in reader.pages:
            budget.add(lines, page.extract_text() or "")
            lines.append("")
    if not any(line.strip() for line in lines):
        raise NewError(
            f"{shown}: the PDF has no text to read (is it a scanned image?); save the "
            f"procedure as a Word or text file, or run it through text recognition first"
        )
    return lines


def _unpacked_size(path: Path, shown: str) -> None:
    """Refuses a .docx whose zip would unpack to more than the bounds, before
    python-docx unpacks anything."""
    import zipfile

    with zipfile.ZipFile(path) as package:
        parts = package.infolist()
    if len(parts) > MAX_PARTS:
        raise NewError(
            f"{shown}: the Word file has {len(parts):,} parts; a .docx is expected to have "
            f"under {MAX_PARTS:,}: open it in Word and save it as a .docx"
        )
    total = sum(p.file_size for p in parts)
    largest = max(parts, key=lambda p: p.file_size, default=None)
    if largest is None:
        return
    if total > MAX_UNPACKED_BYTES or (
        largest.file_size > MAX_PART_BYTES and not largest.filename.startswith("word/media/")
    ):
        raise NewError(
            f"{shown}: the Word file unpacks to {total:,} bytes ({largest.filename} alone "
            f"to {largest.file_size:,}); a .docx is expected to unpack to under "
            f"{MAX_UNPACKED_BYTES // 1_000_000} MB, its text to under "
            f"{MAX_PART_BYTES // 1_000_000} MB: open it in Word and save it as a .docx"
        )


def _docx_lines(path: Path) -> list[str]:
    import docx
    from docx.table import Table, _Cell

    shown = _display(path)
    budget = _Budget(shown)
    _unpacked_size(path, shown)
    with _quiet():
        document = docx.Document(str(path))
        lines: list[str] = []
        for block in document.iter_inner_content():
            if isinstance(block, Table):
                for row in block.rows:
                    # Each cell's text once, where it is written: a merged cell
                    # is not repeated for each grid column or row it spans.
                    cells = [_Cell(tc, block).text for tc in row._tr.tc_lst if tc.vMerge != "continue"]
                    budget.add(lines, "  ".join(cells))
                lines.append("")
            else:
                budget.add(lines, block.text)
                lines.append("")
    return lines


def _text_lines(path: Path) -> list[str]:
    with open(path, "rb") as f:
        raw = f.read(MAX_DOCUMENT_BYTES + 1)
    _refuse_large(path, len(raw))
    wide = wide_encoding(raw)
    if wide:
        raise NewError(f"{_display(path)}: the text file is {wide}; save it as UTF-8")
    try:
        return raw.decode("utf-8-sig").splitlines()
    except UnicodeDecodeError as e:
        raise NewError(
            f"{_display(path)}: the text file is not UTF-8 (byte 0x{raw[e.start]:02x} at "
            f"offset {e.start}); save it as UTF-8"
        ) from None


def _refuse_large(path: Path, size: int) -> None:
    if size > MAX_DOCUMENT_BYTES:
        raise NewError(
            f"{_display(path)}: the file is over {MAX_DOCUMENT_BYTES // 1_000_000} MB; a "
            f"procedure's document is expected to be smaller: save the procedure alone "
            f"and try again"
        )


_READERS = {".pdf": _pdf_lines, ".docx": _docx_lines, ".txt": _text_lines, ".text": _text_lines, ".md": _text_lines}


def extract_text(path: Path) -> list[str]:
    """The document's lines, as its library reads them (not yet normalised)."""
    shown = _display(path)
    if not path.is_file():
        raise NewError(f"{shown}: no such file")
    suffix = path.suffix.lower()
    if suffix == ".doc":
        raise NewError(f"{shown}: an old Word .doc file cannot be read; open it in Word and save it as a .docx")
    reader = _READERS.get(suffix)
    if reader is None:
        raise NewError(f"{shown}: expected a PDF (.pdf), Word (.docx) or text (.txt) file")
    kind = {".pdf": "a PDF", ".docx": "a Word .docx file"}.get(suffix, "text")
    advice = {".pdf": "", ".docx": "; open it in Word and save it as a .docx"}.get(suffix, "")
    try:
        _refuse_large(path, path.stat().st_size)
        with _time_limit(MAX_READ_SECONDS):
            return reader(path)
    except _TimeUp:
        raise _too_slow(shown) from None
    except NewError:
        raise
    except OSError as e:
        if e.filename is None:  # raised inside a library (a seek past a damaged zip's start, say)
            raise NewError(f"{shown}: cannot read it as {kind} ({_one_line(e)}){advice}") from None
        raise NewError(f"{shown}: cannot read it ({e.strerror or e})") from None
    except MemoryError:
        raise NewError(f"{shown}: it is too large to read as {kind}{advice}") from None
    except Exception as e:  # anything a damaged or hostile file makes a library raise: one line
        raise NewError(f"{shown}: cannot read it as {kind} ({_one_line(e)}){advice}") from None


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
    from .check import _LIMIT, IN_WORDS_PHRASES

    words = "|".join(re.escape(p) for group in IN_WORDS_PHRASES.values() for p in group)
    limit = re.compile(rf"{_LIMIT.pattern}|\b(?:{words})\b", re.IGNORECASE)
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
{limits_note}stages:
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
        raise NewError(f"handbook new: {_display(protocols)}: no such folder of protocol files")
    protocol_path = protocols / f"{slug}.yaml"
    source_name = f"sources/{slug}.txt"
    source_path = protocols / source_name
    if leads_outside(source_path, protocols):
        raise NewError(
            f"handbook new: {_display(source_path.parent)} leads outside "
            f"{_display(protocols)} (a link); nothing was written (the check reads a "
            f"source text only from inside the protocols folder)"
        )
    for path in (protocol_path, source_path):
        if path.exists():
            raise NewError(
                f"handbook new: {_display(path)} already exists; nothing was written "
                f"(choose another slug, or remove the file first)"
            )
    text = normalise_source(extract_text(source))
    if not text:
        raise NewError(f"{_display(source)}: the document has no text to read")
    size = len(text.encode("utf-8"))
    if size > MAX_SOURCE_BYTES:
        raise NewError(
            f"{_display(source)}: its text is {size:,} bytes; a source text is expected to "
            f"be under {MAX_SOURCE_BYTES // 1_000_000} MB: save the procedure alone, "
            f"without appendices, and try again"
        )
    # Bounded (a line of the source, a bounded list of its time limits): far
    # under a protocol file's bound, so the check reads it and lists only what
    # is left to fill.
    protocol = skeleton(slug, source_name, text, source.name)
    if len(protocol.encode("utf-8")) > MAX_FILE_BYTES:
        raise NewError(
            f"{_display(source)}: the skeleton would be over a protocol file's "
            f"{MAX_FILE_BYTES // 1_000} kB; nothing was written"
        )
    source_path.parent.mkdir(exist_ok=True)
    with open(source_path, "x", encoding="utf-8") as f:
        f.write(text)
    with open(protocol_path, "x", encoding="utf-8") as f:
        f.write(protocol)
    return protocol_path, source_path, text


def main(args) -> int:
    from . import places

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
    shown = _display(protocol_path)
    serve = f"handbook serve --protocols {_display(protocols)}" if args.protocols else "handbook serve"
    print(
        f"Wrote {_display(source_path)}: the text of {Path(args.source).name} ({words:,} words, "
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
        f"words from {_display(source_path)} (protocols/README.md describes every field)."
    )
    print(f"  2. Check it: handbook check {shown}")
    print(f"  3. Preview it: {serve} (its page is partnerships/{args.slug}/)")
    return 0
