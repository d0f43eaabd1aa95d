"""The text of a file in a protocols folder, read only within bounds.

A protocol file is read only from inside its folder (a link is followed only
within it), only when it is a regular file under `MAX_FILE_BYTES`, and only as
UTF-8 text; a source text (`sources/<slug>.txt`) likewise, under
`MAX_SOURCE_BYTES`. Whatever is wrong comes back in words, never raised.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from .positions import offset_position

__all__ = [
    "MAX_FILE_BYTES",
    "MAX_SOURCE_BYTES",
    "FileProblem",
    "protocol_files",
    "leads_outside",
    "read_protocol_text",
    "read_source_text",
    "wide_encoding",
]

#: A protocol file is a few tens of kilobytes; anything over this is refused
#: before it is parsed.
MAX_FILE_BYTES = 250_000

#: A source text (`sources/<slug>.txt`, the procedure's words every quote is
#: checked against) is tens of kilobytes; a 500-page document is under 2 MB.
#: Larger is refused by `handbook check` and, before anything is written, by
#: `handbook new`, so what `new` writes is never refused for its size.
MAX_SOURCE_BYTES = 2_000_000

#: (line, column, message): what is wrong with a file, where.
FileProblem = tuple[int, int, str]

_EXPECTED_PROTOCOL = "expected a protocol (slug, name, document, calendar, stages, ...)"


def protocol_files(folder: Path) -> list[Path]:
    """The protocol files in a folder: every *.yaml, in name order."""
    return sorted(p for p in folder.iterdir() if p.suffix == ".yaml" and not p.name.startswith(".") and p.is_file())


def leads_outside(path: Path, folder: Path) -> bool:
    """True when `path`, every symbolic link in it followed (and `..` taken),
    is not inside `folder`: a file named in (or listed from) a protocols
    folder is read only from inside it, so that a link cannot publish a file
    from elsewhere on the machine. A link loop leads nowhere: True."""
    try:
        real = Path(os.path.realpath(path, strict=False))
        root = Path(os.path.realpath(folder, strict=False))
    except (OSError, RuntimeError, ValueError):
        return True
    return real != root and root not in real.parents


def _link_loop(path: Path) -> bool:
    try:
        os.path.realpath(path, strict=True)
    except FileNotFoundError:
        return False
    except OSError:  # ELOOP, and the like
        return True
    return False


def _size(n: int) -> str:
    if n >= 1_000_000 and n % 1_000_000 == 0 and n == MAX_FILE_BYTES:
        return f"{n // 1_000_000} MB"
    if n >= 1_000_000:
        return f"{n / 1_000_000:.1f} MB"
    if n >= 1_000:
        return f"{n / 1_000:.1f} kB"
    return f"{n} bytes"


def wide_encoding(raw: bytes) -> str | None:
    """ "UTF-32" or "UTF-16" for text that starts with the byte order mark of
    either (UTF-32's little-endian mark begins with UTF-16's: looked at first)."""
    if raw.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return "UTF-32"
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "UTF-16"
    return None


def _refusal_before_reading(path: Path) -> str | None:
    """Why the file at `path` is not read at all (where it leads, what it is,
    its size on disk), or None."""
    if leads_outside(path, path.parent) or _link_loop(path):
        return (
            "file is a link that leads outside its folder (or nowhere); "
            "expected the file itself in the folder (a link is followed "
            "only within it)"
        )
    try:
        st = path.stat()
    except FileNotFoundError:
        return "file not found"
    except OSError as e:
        return f"cannot read file: {e.strerror or e}"
    if not stat.S_ISREG(st.st_mode):
        return "not a regular file; expected a protocol file (YAML)"
    if st.st_size > MAX_FILE_BYTES:
        return f"file is {_size(st.st_size)}; a protocol file is expected to be under {_size(MAX_FILE_BYTES)}"
    if st.st_size == 0:
        return f"file is empty; {_EXPECTED_PROTOCOL}"
    return None


def _decode(raw: bytes) -> tuple[str | None, FileProblem | None]:
    """The protocol file's bytes as text, or what is wrong with them, where."""
    if len(raw) > MAX_FILE_BYTES:
        return None, (
            1,
            1,
            f"file is over {_size(MAX_FILE_BYTES)}; a protocol file is expected to be under {_size(MAX_FILE_BYTES)}",
        )
    wide = wide_encoding(raw)
    if wide:
        return None, (1, 1, f"file is {wide}; save it as UTF-8")
    nul = raw.find(b"\x00")
    if nul >= 0:
        line, col = offset_position(raw, nul)
        return None, (line, col, "file is binary (it contains a NUL byte); expected a UTF-8 text file (YAML)")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        line, col = offset_position(raw, e.start)
        return None, (
            line,
            col,
            f"file is not UTF-8 text (byte 0x{raw[e.start]:02x} cannot be decoded); save it as UTF-8",
        )
    text = text.removeprefix("\ufeff")
    if not text.strip():
        return None, (1, 1, f"file holds only white space; {_EXPECTED_PROTOCOL}")
    return text, None


def read_protocol_text(path: Path) -> tuple[str | None, FileProblem | None]:
    """A protocol file's text and None, or None and what is wrong with the
    file (a link leading outside, not a regular file, too large, empty, not
    UTF-8), where."""
    refusal = _refusal_before_reading(path)
    if refusal:
        return None, (1, 1, refusal)
    try:
        with open(path, "rb") as f:
            raw = f.read(MAX_FILE_BYTES + 1)
    except OSError as e:
        return None, (1, 1, f"cannot read file: {e.strerror or e}")
    return _decode(raw)


def read_source_text(folder: Path, name: str) -> tuple[str | None, str | None]:
    """The source text `name` (a path relative to the protocols `folder`, as
    `document.source` gives it) and None, or None and what is wrong, in words
    that follow "document.source: ". Only a regular file inside the folder
    (links followed) and under `MAX_SOURCE_BYTES` is read."""
    if os.path.isabs(name):
        return None, (f"'{name}' is an absolute path; expected a path relative to the protocol file")
    path = folder / name
    if leads_outside(path, folder) or _link_loop(path):
        return None, (
            f"'{name}' leads outside the protocols folder (through '..' or a link); "
            f"expected the source text itself, in the folder's sources/"
        )
    try:
        st = path.stat()
    except OSError:
        return None, f"file '{name}' not found (looked for it next to the protocol file)"
    if not stat.S_ISREG(st.st_mode):
        return None, f"'{name}' is not a regular file; expected a UTF-8 text file"
    try:
        with open(path, "rb") as f:
            raw = f.read(MAX_SOURCE_BYTES + 1)
    except OSError as e:
        return None, f"cannot read '{name}' ({e.strerror or e})"
    if len(raw) > MAX_SOURCE_BYTES:
        return None, (
            f"'{name}' is {_size(max(st.st_size, len(raw)))}; a source text is expected "
            f"to be under {_size(MAX_SOURCE_BYTES)}"
        )
    wide = wide_encoding(raw)
    if wide:
        return None, f"'{name}' is {wide}; save it as UTF-8"
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError:
        return None, f"cannot read '{name}' as UTF-8 text (UnicodeDecodeError)"
