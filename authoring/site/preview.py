"""`handbook serve`: the live preview for policy authors, rebuilt on every save.

MkDocs' live-reload server (`preview_server`) builds again whenever a file
changes in the protocols folder (with its scenarios and source texts), docs/,
build/, the calculator's code or mkdocs.yml. A save in the protocols folder
alone builds with the same configuration and plugin, as MkDocs' "dirty"
build: the plugin makes only the pages whose declared inputs changed and
keeps the others as written (build/incremental.py). A change anywhere else
(a template, the theme, the calculator) loads everything afresh and makes
every page. A protocol file that fails the check does not stop the rest:
the plugin builds every other page and puts its problems on its own
partnership's page (and in the terminal). A build that fails for another
reason (a scenario, a page, mkdocs.yml) does not stop the server either: its
problems are printed in the terminal and every page of the preview shows
them (`problems_page`) until a save fixes them, when the browser reloads the
real page by itself.
"""

from __future__ import annotations

import argparse
import logging
import os
import re
import shutil
import signal
import sys
import tempfile
import traceback
from pathlib import Path
from typing import Any

from . import mkdocs_run

from .. import places
from .preview_server import preview_server
from .problems_page import problems_page, publish_problems

__all__ = ["main", "dev_addr", "Rebuild", "code_state"]

_HOST = re.compile(r"[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\]")


def dev_addr(text: str) -> tuple[str, int]:
    """(host, port) of `--dev-addr HOST:PORT`: an ASCII host name or address
    (an IPv6 one in brackets) and a port of ASCII digits (`int` would take
    any script's digits, and MkDocs would print them back as the address)."""
    host, sep, port = text.rpartition(":")
    if not sep or not _HOST.fullmatch(host) or not re.fullmatch(r"[0-9]{1,5}", port) or not 0 < int(port) < 65536:
        raise ValueError(
            f"--dev-addr {text}: expected HOST:PORT in ASCII letters and digits, "
            f"the port from 1 to 65535, for example 127.0.0.1:8000"
        )
    return host.strip("[]"), int(port)


class _Collect(logging.Handler):
    """The warnings and errors MkDocs logs during one build, one line each."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        try:
            self.lines.extend(line for line in record.getMessage().splitlines() if line.strip())
        except Exception:  # pragma: no cover
            pass


def _unexpected(exc: BaseException) -> str:
    """One line for an exception that is not bad input (a slip in build/*.py, say),
    naming the project file and line where it happened."""
    if isinstance(exc, SyntaxError) and exc.filename:
        return f"{exc.filename}:{exc.lineno or 1}:{exc.offset or 1}: {type(exc).__name__}: {exc.msg}"
    where = ""
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if Path(frame.filename).resolve().is_relative_to(places.PROJECT) and ".venv" not in frame.filename:
            where = f"{frame.filename}:{frame.lineno}: "
            break
    return f"{where}unexpected {type(exc).__name__}: {exc}"


def _forget_generators() -> None:
    """Let edits to build/*.py reach the next rebuild: Python imports the
    site's package (MkDocs loads its plugin through it) once per process
    otherwise."""
    for name in [n for n in sys.modules if n == "handbook_site" or n.startswith("handbook_site.")]:
        del sys.modules[name]


def code_state(paths: list[Path]) -> dict[str, tuple[int, int]]:
    """Each file under `paths` (the site's code, templates, theme, pages and
    configuration) with its modification time and size."""
    state: dict[str, tuple[int, int]] = {}
    for root in paths:
        for path in [root] if root.is_file() else sorted(root.rglob("*")):
            try:
                st = path.stat()
            except OSError:
                continue
            if path.is_file():
                state[str(path)] = (st.st_mtime_ns, st.st_size)
    return state


class _NotDirty(logging.Filter):
    """MkDocs' warning about a dirty build: the plugin keeps only pages it
    knows are unchanged, and a warning would stop the strict build."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "'dirty' build" not in record.getMessage()


class Rebuild:
    """The preview's build: on failure, it prints the problems and publishes
    them as the preview's pages. Never raises, so the server goes on serving
    and the browsers reload either way."""

    def __init__(self, config_path: str, site_dir: Path, serve_url: str, address: str) -> None:
        self.config_path = config_path
        self.site_dir = site_dir
        self.serve_url = serve_url
        self.address = address
        self.failed = False
        #: Everything but the protocols folder: a change there starts afresh.
        self.code = [places.BUILD, places.DOCS, places.CALCULATOR, Path(config_path)]
        self.kept: tuple[Any, dict[str, tuple[int, int]]] | None = None

    def _config(self, given: Any) -> tuple[Any, bool]:
        """The configuration to build with, and whether it is the last build's
        (its plugin then keeps the pages it can): a new one whenever the code,
        templates, theme, pages or mkdocs.yml changed."""
        state = code_state(self.code)
        if given is None and self.kept is not None and self.kept[1] == state:
            return self.kept[0], True
        if given is None:
            _forget_generators()
            given = self.config()
        self.kept = (given, state)
        return given, False

    def config(self) -> Any:
        from mkdocs.config import load_config

        config = load_config(config_file=self.config_path, site_dir=str(self.site_dir), dev_addr=self.address)
        config.site_url = self.serve_url
        return config

    def __call__(self, config: Any = None) -> None:
        from mkdocs.commands.build import build
        from mkdocs.exceptions import MkDocsException

        logger = logging.getLogger("mkdocs")
        collect = _Collect()
        logger.addHandler(collect)
        problems: list[str] = []
        not_dirty = _NotDirty()
        logging.getLogger("mkdocs.commands.build").addFilter(not_dirty)
        try:
            config, same = self._config(config)
            build(config, serve_url=self.serve_url, dirty=same)
        except MkDocsException as e:  # an invalid protocol, scenario, page or mkdocs.yml
            problems = collect.lines or [str(e).strip() or type(e).__name__]
        except Exception as e:
            problems = [_unexpected(e)]
            print(problems[0], file=sys.stderr)  # MkDocs did not log this one
        finally:
            logger.removeHandler(collect)
            logging.getLogger("mkdocs.commands.build").removeFilter(not_dirty)
        self.report(problems)

    def report(self, problems: list[str]) -> None:
        if problems:
            publish_problems(self.site_dir, problems_page(problems))
            print(
                f"handbook serve: the build failed; {self.serve_url} shows the problems until they are fixed",
                file=sys.stderr,
            )
        elif self.failed:
            print(f"handbook serve: the build succeeded again; {self.serve_url} is up to date", file=sys.stderr)
        self.failed = bool(problems)


def _error_pages(server: Any, site_dir: Path) -> Any:
    """The server's answer for 404 and 500: the site's page, with the live reload."""

    def error_handler(code: int) -> bytes | None:
        page = site_dir / f"{code}.html"
        if code not in (404, 500) or not page.is_file():
            return None
        content = page.read_bytes()
        inject = getattr(server, "_inject_js_into_html", None)  # live reload, as on every page
        return inject(content, getattr(server, "_visible_epoch", 0)) if inject else content

    return error_handler


def _serve(args: argparse.Namespace, chosen: places.Protocols) -> int:
    from mkdocs.livereload import LiveReloadServer

    try:
        host, port = dev_addr(args.dev_addr)
    except ValueError as e:
        print(f"handbook serve: {e}", file=sys.stderr)
        return 2
    chosen.say_which()
    # The plugin adds the page of changes since the last record in the preview,
    # and a fresh plugin is loaded for every rebuild (see _forget_generators).
    os.environ["HANDBOOK_PREVIEW"] = "1"
    sys.dont_write_bytecode = True  # nothing written into the watched build/ folder
    config_path = str(mkdocs_run.config_file())
    site_dir = Path(tempfile.mkdtemp(prefix="handbook-preview-"))
    serve_url = f"http://[{host}]:{port}/" if ":" in host else f"http://{host}:{port}/"
    rebuild = Rebuild(config_path, site_dir, serve_url, args.dev_addr)
    server = preview_server(LiveReloadServer, site_dir, host)(builder=rebuild, host=host, port=port, root=str(site_dir))
    server.error_handler = _error_pages(server, site_dir)
    watched = [chosen.folder.resolve(), *rebuild.code]
    return _run(server, rebuild, watched, site_dir)


def _run(server: Any, rebuild: Rebuild, watched: list[Path], site_dir: Path) -> int:
    """Build, watch, serve until Ctrl-C or SIGTERM; then close the socket and
    remove the preview's folder."""
    from mkdocs.exceptions import MkDocsException

    def stop(signum, frame):
        # The first SIGTERM stops the server as Ctrl-C does; another while it
        # stops ends the process at once.
        signal.signal(signal.SIGTERM, lambda *_: os._exit(128 + signal.SIGTERM))
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, stop)
    config = None
    stopped = False
    try:
        try:
            try:
                config = rebuild.config()
            except MkDocsException:
                config = None  # the first build reports it
            if config is not None:
                config.plugins.on_startup(command="serve", dirty=False)
            rebuild(config)
            for path in watched:
                if path.exists():
                    server.watch(str(path))
            if config is not None:
                server.watch(config.docs_dir)
                server = config.plugins.on_serve(server, config=config, builder=rebuild) or server
            server.serve()
        except KeyboardInterrupt:
            stopped = True
        finally:
            server.shutdown()  # the socket is closed here: nothing listens after this
    finally:
        if config is not None:
            config.plugins.on_shutdown()
        shutil.rmtree(site_dir, ignore_errors=True)
        signal.signal(signal.SIGTERM, previous)
    if stopped:
        print("handbook serve: stopped", file=sys.stderr)
    return 0


def main(args: argparse.Namespace) -> int:
    """`handbook serve`'s exit status."""
    return mkdocs_run.run(args, _serve)
