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
import sys
import unicodedata
from pathlib import Path

from .check import _display, normalise_quote
from .loader import PROTOCOLS_DIR

__all__ = ["NewError", "extract_text", "normalise_source", "skeleton", "create", "main"]

_KEBAB = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")

#: Characters a PDF's text layer carries that nobody types: the typographic
#: ligatures (ﬁ, ﬂ, ...) become their letters; soft hyphens and zero-width
#: characters go.
_LIGATURES = {chr(c): unicodedata.normalize("NFKC", chr(c)) for c in range(0xFB00, 0xFB07)}
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"))

#: The longest quote the skeleton takes from the source's first line.
_QUOTE_CHARS = 120


class NewError(Exception):
    """Bad input to `handbook new`: one line, exit 2."""


# Reading the source document ----------------------------------------------------------


def _pdf_lines(path: Path) -> list[str]:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    shown = _display(path)
    log = logging.getLogger("pypdf")  # its warnings about damaged files: our one line says it
    level = log.level
    log.setLevel(logging.CRITICAL)
    try:
        reader = PdfReader(str(path))
        if reader.is_encrypted:
            try:
                reader.decrypt("")
            except Exception:
                raise NewError(f"{shown}: the PDF is protected by a password; save an unprotected "
                               f"copy and try again") from None
        lines: list[str] = []
        for page in reader.pages:
            lines.extend((page.extract_text() or "").splitlines())
            lines.append("")
    except NewError:
        raise
    except (PdfReadError, OSError, ValueError, KeyError, TypeError) as e:
        raise NewError(f"{shown}: cannot read it as a PDF ({type(e).__name__}: {e})") from None
    finally:
        log.setLevel(level)
    if not any(line.strip() for line in lines):
        raise NewError(f"{shown}: the PDF has no text to read (is it a scanned image?); save the "
                       f"procedure as a Word or text file, or run it through text recognition first")
    return lines


def _docx_lines(path: Path) -> list[str]:
    import zipfile

    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from docx.table import Table

    shown = _display(path)
    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as e:
        raise NewError(f"{shown}: cannot read it as a Word .docx file ({type(e).__name__}); "
                       f"open it in Word and save it as a .docx") from None
    lines: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            for row in block.rows:
                cells: list[str] = []
                seen: set[int] = set()
                for cell in row.cells:  # a merged cell is returned once per grid column
                    if id(cell._tc) not in seen:
                        seen.add(id(cell._tc))
                        cells.append(cell.text)
                lines.append("  ".join(cells))
            lines.append("")
        else:
            lines.append(block.text)
            lines.append("")
    return lines


def _text_lines(path: Path) -> list[str]:
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8-sig").splitlines()
    except UnicodeDecodeError as e:
        raise NewError(f"{_display(path)}: the text file is not UTF-8 (byte 0x{raw[e.start]:02x} at "
                       f"offset {e.start}); save it as UTF-8") from None


_READERS = {".pdf": _pdf_lines, ".docx": _docx_lines, ".txt": _text_lines, ".text": _text_lines,
            ".md": _text_lines}


def extract_text(path: Path) -> list[str]:
    """The document's lines, as its library reads them (not yet normalised)."""
    shown = _display(path)
    if not path.is_file():
        raise NewError(f"{shown}: no such file")
    suffix = path.suffix.lower()
    if suffix == ".doc":
        raise NewError(f"{shown}: an old Word .doc file cannot be read; open it in Word and save "
                       f"it as a .docx")
    reader = _READERS.get(suffix)
    if reader is None:
        raise NewError(f"{shown}: expected a PDF (.pdf), Word (.docx) or text (.txt) file")
    try:
        return reader(path)
    except OSError as e:
        raise NewError(f"{shown}: cannot read it ({e.strerror or e})") from None


def normalise_source(lines: list[str]) -> str:
    """The source text as `handbook check` compares quotes: each line without
    HTML tags or emphasis marks, its white space folded to single spaces;
    ligatures spelt out, invisible characters removed, at most one blank line
    between paragraphs. A quote copied from any part of it matches."""
    out: list[str] = []
    for line in lines:
        line = "".join(_LIGATURES.get(c, c) for c in line).translate(_INVISIBLE)
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
            found.append((n, f"{'…' if start else ''}{line[start:end]}{'…' if end < len(line) else ''}"))
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
        listing = "\n".join(f"#   line {n}: {line}" for n, line in limits)
        limits_note = (f"# TODO: the source states a time limit in {len(limits)} place"
                       f"{'s' if len(limits) != 1 else ''} (by line of {source_name}); each needs a "
                       f"timescale that quotes it:\n{listing}\n")
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
    if not _KEBAB.match(slug):
        raise NewError(f"handbook new: slug '{slug}' is not kebab-case; expected lower-case letters "
                       f"and digits joined by single hyphens, e.g. my-partnership")
    if not protocols.is_dir():
        raise NewError(f"handbook new: {_display(protocols)}: no such folder of protocol files")
    protocol_path = protocols / f"{slug}.yaml"
    source_name = f"sources/{slug}.txt"
    source_path = protocols / source_name
    for path in (protocol_path, source_path):
        if path.exists():
            raise NewError(f"handbook new: {_display(path)} already exists; nothing was written "
                           f"(choose another slug, or remove the file first)")
    text = normalise_source(extract_text(source))
    if not text:
        raise NewError(f"{_display(source)}: the document has no text to read")
    source_path.parent.mkdir(exist_ok=True)
    with open(source_path, "x", encoding="utf-8") as f:
        f.write(text)
    with open(protocol_path, "x", encoding="utf-8") as f:
        f.write(skeleton(slug, source_name, text, source.name))
    return protocol_path, source_path, text


def main(args) -> int:
    protocols = Path(args.protocols) if args.protocols else PROTOCOLS_DIR
    try:
        protocol_path, source_path, text = create(args.slug, Path(args.source), protocols)
    except NewError as e:
        print(e, file=sys.stderr)
        return 2
    words = len(text.split())
    lines = text.count("\n")
    shown = _display(protocol_path)
    serve = f"handbook serve --protocols {_display(protocols)}" if args.protocols else "handbook serve"
    print(f"Wrote {_display(source_path)}: the text of {Path(args.source).name} ({words:,} words, "
          f"{lines:,} lines), as quotes are compared.")
    print(f"Wrote {shown}: a skeleton, the facts still to fill marked TODO; until they are "
          f"filled, `handbook check` lists each, with every time limit of the source that no "
          f"timescale encodes yet, and the site shows its problems instead of a page.")
    print("Next:")
    print(f"  1. Fill in {shown}: replace every TODO with what the source says, quoting its "
          f"words from {_display(source_path)} (protocols/README.md describes every field).")
    print(f"  2. Check it: handbook check {shown}")
    print(f"  3. Preview it: {serve} (its page is partnerships/{args.slug}/)")
    return 0
