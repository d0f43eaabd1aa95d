"""`handbook new`'s reading of a procedure's document (a PDF, a Word .docx or
a text file) as pages of lines, within bounds on what reading it may cost.

pypdf and python-docx are imported when a file of that kind is read. A PDF's
text comes page by page (its running headers and footers among the lines,
for `new_running_lines` to find); a Word file keeps its headers and footers
apart from its body, and they are read only to say they were left out.
"""

from __future__ import annotations

import logging
import signal
import sys
import threading
import time
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from .display import display_path
from .reading.file_text import MAX_SOURCE_BYTES, wide_encoding

__all__ = ["NewError", "DocumentText", "extract_text", "MAX_READ_SECONDS"]

# Bounds on what a document may cost to read, whatever is in it (a procedure
# is tens of pages; these are far above any real one). The source text written
# is bounded by `loader.MAX_SOURCE_BYTES`, as `handbook check` bounds it.
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


class NewError(Exception):
    """Bad input to `handbook new`: one line, exit 2."""


@dataclass(frozen=True)
class DocumentText:
    """A document's text as its library reads it, not yet normalised."""

    #: Each page's lines (a Word file's or a text file's body is one page,
    #: unless a text file separates its pages with form feeds).
    pages: list[list[str]]
    #: Whether the pages are a printed layout's (a PDF's, or a text file's
    #: pages), which may repeat a header and a footer among their lines.
    paged: bool
    #: The running headers and footers a Word file keeps apart from its body.
    apart: tuple[str, ...] = ()


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

    def lost(unraisable) -> None:
        if not isinstance(unraisable.exc_value, _TimeUp):
            hook(unraisable)

    previous = signal.signal(signal.SIGALRM, expired)
    # Again every 50 ms once the time is up: an interruption that lands in
    # code that ignores exceptions (a garbage collector's callback, a
    # finaliser) is lost, quietly (not "Exception ignored" on the
    # terminal), and the next one stops the reading.
    hook, sys.unraisablehook = sys.unraisablehook, lost
    signal.setitimer(signal.ITIMER_REAL, seconds, 0.05)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        sys.unraisablehook = hook


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


def _pdf_text(path: Path) -> DocumentText:
    from pypdf import PdfReader, apply_configuration

    shown = display_path(path)
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
        count = len(reader.pages)
        if count > MAX_PAGES:
            raise NewError(
                f"{shown}: the PDF has {count:,} pages; a procedure is expected to have "
                f"under {MAX_PAGES:,}: save the procedure alone and try again"
            )
        pages: list[list[str]] = []
        for page in reader.pages:
            pages.append([])
            budget.add(pages[-1], page.extract_text() or "")
    if not any(line.strip() for lines in pages for line in lines):
        raise NewError(
            f"{shown}: the PDF has no text to read (is it a scanned image?); save the "
            f"procedure as a Word or text file, or run it through text recognition first"
        )
    return DocumentText(pages, paged=True)


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


def _docx_text(path: Path) -> DocumentText:
    import docx
    from docx.table import Table, _Cell

    shown = display_path(path)
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
        apart = _headers_and_footers(document)
    return DocumentText([lines], paged=False, apart=apart)


def _headers_and_footers(document) -> tuple[str, ...]:
    """The text of each header and footer a Word file defines, once each."""
    texts: dict[str, None] = {}
    for section in document.sections:
        for part in (
            section.header,
            section.first_page_header,
            section.even_page_header,
            section.footer,
            section.first_page_footer,
            section.even_page_footer,
        ):
            if not part.is_linked_to_previous:
                for paragraph in part.paragraphs:
                    text = " ".join(paragraph.text.split())
                    if text:
                        texts[text] = None
    return tuple(texts)


def _text_text(path: Path) -> DocumentText:
    with open(path, "rb") as f:
        raw = f.read(MAX_DOCUMENT_BYTES + 1)
    _refuse_large(path, len(raw))
    wide = wide_encoding(raw)
    if wide:
        raise NewError(f"{display_path(path)}: the text file is {wide}; save it as UTF-8")
    try:
        decoded = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise NewError(
            f"{display_path(path)}: the text file is not UTF-8 (byte 0x{raw[e.start]:02x} at "
            f"offset {e.start}); save it as UTF-8"
        ) from None
    # Pages separated by form feeds (as PDF-to-text tools write them) stay pages.
    pages = [page.splitlines() for page in decoded.split("\f")]
    return DocumentText(pages, paged=len(pages) > 1)


def _refuse_large(path: Path, size: int) -> None:
    if size > MAX_DOCUMENT_BYTES:
        raise NewError(
            f"{display_path(path)}: the file is over {MAX_DOCUMENT_BYTES // 1_000_000} MB; a "
            f"procedure's document is expected to be smaller: save the procedure alone "
            f"and try again"
        )


_READERS = {".pdf": _pdf_text, ".docx": _docx_text, ".txt": _text_text, ".text": _text_text, ".md": _text_text}


def extract_text(path: Path) -> DocumentText:
    """The document's pages of lines, as its library reads them (not yet normalised)."""
    shown = display_path(path)
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
