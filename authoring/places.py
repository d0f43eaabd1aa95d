"""Where things are: the one module that knows.

Two kinds of place, never mixed up:

- **The project's own files** (the protocol and scenario schemas, the page
  templates, the hand-written pages and the server settings in docs/,
  mkdocs.yml, the npm packages, the cache): found from where this package is
  installed (the project's folder, with `pip install -e .`), never from the
  current folder, so every command works from any folder.
- **The protocols folder a command works on**: `--protocols DIR` where given;
  else `protocols/` in the current folder, where there is one (an author's
  own folder, or the project's folder itself); else the project's own
  `protocols/`. A command that took a default says which folder it used, in
  one line on stderr (`note`).

Nothing else in the command line or the build works out a path from
`__file__` or the current folder.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "PROJECT",
    "PROJECT_PROTOCOLS",
    "PROTOCOL_SCHEMA",
    "SCENARIO_SCHEMA",
    "HISTORY_SCHEMA",
    "DOCS",
    "DEPLOY",
    "BUILD",
    "TEMPLATES",
    "CALCULATOR",
    "MKDOCS_CONFIG",
    "NODE_MODULES",
    "cache_dir",
    "Protocols",
    "protocols_folder",
    "history_folder",
    "default_site_dir",
]

#: The project's folder: the one that holds this package.
PROJECT = Path(__file__).resolve().parent.parent

#: The project's own protocols, the default where the current folder has none.
PROJECT_PROTOCOLS = PROJECT / "protocols"
#: The JSON Schema every protocol file is checked against (the project's,
#: wherever the protocols being checked are).
PROTOCOL_SCHEMA = PROJECT_PROTOCOLS / "protocol.schema.json"
#: The JSON Schema of a partnership's change history (`handbook record` writes it).
HISTORY_SCHEMA = PROJECT_PROTOCOLS / "history.schema.json"
#: The JSON Schema of a training scenario file.
SCENARIO_SCHEMA = PROJECT_PROTOCOLS / "scenarios" / "scenario.schema.json"

#: The hand-written pages and the browser's assets.
DOCS = PROJECT / "docs"
#: The tested web server settings (docs/publishing.md shows them).
DEPLOY = DOCS / "deploy"
#: The site's generators (MkDocs' hooks, the bundler) and their templates.
BUILD = PROJECT / "build"
TEMPLATES = BUILD / "templates"
#: The calculator's code (the engine the site bundles).
CALCULATOR = PROJECT / "calculator"
#: The site's MkDocs configuration.
MKDOCS_CONFIG = PROJECT / "mkdocs.yml"
#: The npm packages (the Pyodide runtime) the build bundles.
NODE_MODULES = PROJECT / "node_modules"


def cache_dir() -> Path | None:
    """Where what is slow to make is kept between runs: $HANDBOOK_CACHE_DIR,
    else `.cache/` in the project's folder. HANDBOOK_CACHE_DIR set to an empty
    string turns the cache off (None)."""
    configured = os.environ.get("HANDBOOK_CACHE_DIR")
    if configured is not None:
        return Path(configured) if configured else None
    return PROJECT / ".cache"


@dataclass(frozen=True)
class Protocols:
    """The protocols folder a command uses, and how it was chosen: "given"
    (`--protocols DIR`), "here" (`protocols/` in the current folder) or
    "project" (the project's own)."""

    folder: Path
    chosen: str

    def note(self) -> str | None:
        """The line a command prints on stderr when it took a default; None
        for a folder given with --protocols."""
        if self.chosen == "here":
            return f"handbook: using the protocols in .{os.sep}protocols"
        if self.chosen == "project":
            return (
                f"handbook: using the handbook's own protocols in {self.folder} "
                f"(there is no ./protocols here; give a folder with --protocols DIR)"
            )
        return None

    def say_which(self) -> None:
        """Print `note`, if any, on stderr: never on stdout, which holds a
        command's answer alone (pure JSON with --json)."""
        note = self.note()
        if note:
            print(note, file=sys.stderr)


def protocols_folder(given: str | os.PathLike | None = None) -> Protocols:
    """The protocols folder in use: `given` (as typed, relative to the current
    folder), else ./protocols where it is a folder, else the project's own."""
    if given:
        return Protocols(Path(given), "given")
    here = Path("protocols")
    if here.is_dir():
        return Protocols(here, "here")
    return Protocols(PROJECT_PROTOCOLS, "project")


def history_folder(protocols: Path) -> Path:
    """Where a protocols folder keeps its change history (`handbook record`)."""
    return protocols / "history"


def default_site_dir() -> Path:
    """Where `handbook build` writes the site, and where `handbook
    server-config` reads it, unless told: `site/` in the current folder."""
    return Path("site")
