"""The files a generated page declares it reads, named as keys, with each key's digest for one build.

A page of `site_pages` names its inputs (`Page.reads`): one partnership's
file (with its source text), one scenario's file, or every partnership's
file at once (a shared page that lists them all). The preview compares a
page's fingerprint, the digests of what it reads, with the build before to
know whether the page can stay as it is (`incremental`). A page that names
nothing is made again on every build.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from pathlib import Path

from authoring.edition_files import edition_files

from .inputs import BuildInputs

__all__ = ["EVERY_PROTOCOL", "protocol_input", "scenario_input", "digests", "fingerprint"]

#: Every valid partnership's file with its source text: what a page listing them all reads. (A
#: file with problems has no key: the check may read any file, so its page is made every time.)
EVERY_PROTOCOL = "protocols"


def protocol_input(slug: str) -> str:
    """One partnership's file, with the source text it names, its recorded
    history and its earlier editions."""
    return f"protocol:{slug}"


def scenario_input(path: str) -> str:
    """One training scenario's file."""
    return f"scenario:{Path(path).name}"


def _file_digest(paths: Iterable[Path]) -> str:
    h = hashlib.sha256()
    for path in paths:
        h.update(str(path).encode("utf-8") + b"\0")
        try:
            h.update(path.read_bytes())
        except OSError as e:  # a missing file is an input too: its page says so
            h.update(f"unreadable: {type(e).__name__}".encode())
        h.update(b"\0")
    return h.hexdigest()


def digests(build: BuildInputs) -> dict[str, str]:
    """Each input key of this build and the digest of its files' bytes."""
    keys: dict[str, str] = {}
    for p in build.protocols:
        files = [build.folder / f"{p.slug}.yaml", build.folder / "history" / f"{p.slug}.yaml"]
        if p.document.source:
            files.append(build.folder / p.document.source)
        # Its earlier editions and their source texts, which its page lists (by
        # name, not a pattern: "salford-*" would take in "salford-north"'s too).
        for edition in edition_files(build.folder, p.slug):
            files += [edition, build.folder / "sources" / f"{p.slug}-{edition.stem}.txt"]
        keys[protocol_input(p.slug)] = _file_digest(files)
    for sc in build.scenarios:
        keys[scenario_input(sc.path)] = _file_digest([Path(sc.path)])
    keys[EVERY_PROTOCOL] = hashlib.sha256(
        "\n".join(f"{k} {v}" for k, v in sorted(keys.items()) if k.startswith("protocol:")).encode()
    ).hexdigest()
    return keys


def fingerprint(reads: frozenset[str] | None, keys: dict[str, str], today: dt.date) -> str | None:
    """The page's fingerprint: the digests of what it reads, and the build
    date (None: the page names nothing it reads, or an input this build does
    not have, so it is made again)."""
    if reads is None or not reads <= keys.keys():
        return None
    text = "\n".join([today.isoformat(), *(f"{k} {keys[k]}" for k in sorted(reads))])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
