"""The site's folder for the calculator's code, named by a digest of that code.

The calculator's code (docs/assets/calculator/: its modules, workers and
stylesheet) is served from `assets/calculator/<digest>/`: a new version of
any file is a new folder, so servers let browsers keep the folder's files
without asking again (docs/deploy/: `immutable`). A repeat visit then starts
the calculator without a round trip for each of its scripts; only the page
and the data the build writes beside the folder (manifest.js, the protocols,
the wheel) are checked with the server.
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

from authoring import places

__all__ = ["CODE", "code_folder"]

#: Where the calculator's code is, in docs/ (and, under its folder, in the site).
CODE = "assets/calculator"


@functools.cache
def code_folder(folder: Path = places.DOCS / CODE) -> str:
    """The site's folder for the calculator's code, `assets/calculator/` and
    the first 12 hex digits of the SHA-256 of its files (each file's name
    and bytes, in name order): it changes with any file of the code."""
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.iterdir() if p.is_file()):
        data = path.read_bytes()
        digest.update(f"{path.name}\0{len(data)}\0".encode())
        digest.update(data)
    return f"{CODE}/{digest.hexdigest()[:12]}"
