"""MkDocs run for a `handbook` command, its failures told in plain lines.

`handbook build` (`site`) and `handbook serve` (`preview`) both point MkDocs
at the protocols folder and report problems as plain lines: an invalid
protocol prints its `PATH:LINE:COLUMN: message` lines and exits 1, never a
traceback.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Callable
from pathlib import Path

from .. import places

__all__ = ["config_file", "run"]


def config_file() -> Path:
    """The project's mkdocs.yml (never one in the current folder)."""
    if places.MKDOCS_CONFIG.is_file():
        return places.MKDOCS_CONFIG
    raise FileNotFoundError(
        f"{places.MKDOCS_CONFIG} not found: the handbook's own files are missing beside its package"
    )


class _Lines(logging.Handler):
    """MkDocs' warnings and errors as one line each on stderr."""

    def emit(self, record: logging.LogRecord) -> None:
        try:
            message = record.getMessage()
            # Errors (an invalid protocol's PATH:LINE:COLUMN lines) print as they are.
            print(message if record.levelno >= logging.ERROR else f"{record.levelname}: {message}", file=sys.stderr)
        except Exception:  # pragma: no cover
            pass


def _logging(verbose: bool) -> None:
    log = logging.getLogger("mkdocs")
    log.setLevel(logging.INFO if verbose else logging.WARNING)
    if not any(isinstance(h, _Lines) for h in log.handlers):
        handler = _Lines()
        handler.setLevel(logging.INFO if verbose else logging.WARNING)
        log.addHandler(handler)
    log.propagate = False


def _protocols(args: argparse.Namespace) -> places.Protocols:
    """The protocols folder the build uses (`places.protocols_folder`), handed
    to the hooks through $HANDBOOK_PROTOCOLS, as a full path."""
    chosen = places.protocols_folder(getattr(args, "protocols", None))
    os.environ["HANDBOOK_PROTOCOLS"] = str(chosen.folder.resolve())
    return chosen


def run(args: argparse.Namespace, job: Callable[[argparse.Namespace, places.Protocols], int]) -> int:
    """`job(args, protocols folder)`'s exit status; MkDocs' failures (and any
    other) as plain lines on stderr with exit status 1."""
    from mkdocs.exceptions import Abort, MkDocsException

    chosen = _protocols(args)
    _logging(verbose=args.command == "serve")
    try:
        return job(args, chosen)
    except (MkDocsException, Abort) as e:
        message = str(e).strip() or type(e).__name__
        if not message.startswith("Aborted with a BuildError"):  # already printed, as logged
            print(message, file=sys.stderr)
        return 1
    except (FileNotFoundError, OSError) as e:
        print(f"handbook {args.command}: {e}", file=sys.stderr)
        return 1
    except Exception as e:  # a bug, not bad input: say what, without a traceback
        if os.environ.get("HANDBOOK_DEBUG"):
            raise
        print(
            f"handbook {args.command}: unexpected {type(e).__name__}: {e} (set HANDBOOK_DEBUG=1 for the traceback)",
            file=sys.stderr,
        )
        return 1
