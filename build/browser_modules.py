"""The calculator page's JavaScript modules, found from the scripts' own import lines.

A module script's imports are found only as each module arrives, one round
trip per level of the graph; on a slow link that waits. The page names every
module of the graph up front (`<link rel="modulepreload">`), so the browser
fetches them side by side. The list is read from docs/assets/calculator/ at
build time, so it follows the code: a module added or dropped there is added
or dropped here without an edit.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

from authoring import places

from .code_folder import CODE

__all__ = ["ENTRY", "calculator_modules"]

#: The page's entry module (build/templates/calculator.html loads it).
ENTRY = "calculator.js"

# `import … from "./name.js"` and `import "./name.js"` at the start of a line
# ("../name.js": a module the build writes beside the code's folder):
# the static imports, which the browser fetches before running the module.
_STATIC_IMPORT = re.compile(r"""^\s*import\s+(?:[^"';]*?\s+from\s+)?["'](\.\.?/[\w.-]+\.js)["']""", re.MULTILINE)


@functools.cache
def calculator_modules(folder: Path = places.DOCS / CODE) -> tuple[str, ...]:
    """Every module the entry imports, directly or through another, in the
    order first met (the entry itself left out: its own script tag loads it),
    each relative to the code's folder ("form.js"). A module the build
    writes beside the folder ("../manifest.js") is listed, not read."""
    found: list[str] = []
    waiting = ["./" + ENTRY]
    while waiting:
        name = waiting.pop(0)
        path = folder / name
        if not name.startswith("./") or not path.is_file():
            continue
        for imported in _STATIC_IMPORT.findall(path.read_text(encoding="utf-8")):
            if imported != "./" + ENTRY and imported not in found:
                found.append(imported)
                waiting.append(imported)
    return tuple(name.removeprefix("./") for name in found)
