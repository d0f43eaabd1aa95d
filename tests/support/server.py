"""A static server for the built site that behaves like the documented web
server set-ups: correct MIME types for .mjs/.wasm/.whl and the headers listed
in the site's own `_headers` file (Content-Security-Policy among them).

Python's plain `http.server` guesses types from the platform, which is not
good enough for Pyodide, hence the explicit table.
"""

from __future__ import annotations

import fnmatch
import functools
import http.server
import sys
import threading
import time
from pathlib import Path

MIME_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".json": "application/json",
    ".wasm": "application/wasm",
    ".whl": "application/zip",
    ".zip": "application/zip",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".ico": "image/x-icon",
    ".woff2": "font/woff2",
    ".txt": "text/plain; charset=utf-8",
    ".xml": "application/xml",
    ".atom": "application/atom+xml",
    ".ics": "text/calendar; charset=utf-8",
    ".gz": "application/gzip",
}


def parse_headers_file(path: Path) -> list[tuple[str, list[tuple[str, str]]]]:
    """Parse a Netlify/Cloudflare-style `_headers` file: a URL pattern on its
    own line, then indented `Name: value` lines."""
    rules: list[tuple[str, list[tuple[str, str]]]] = []
    if not path.exists():
        return rules
    for raw in path.read_text(encoding="utf-8").splitlines():
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        if not raw[0].isspace():
            rules.append((raw.strip(), []))
        elif rules and ":" in raw:
            name, value = raw.strip().split(":", 1)
            rules[-1][1].append((name.strip(), value.strip()))
    return rules


def _matches(pattern: str, url_path: str) -> bool:
    return fnmatch.fnmatchcase(url_path, pattern)


class _Handler(http.server.SimpleHTTPRequestHandler):
    rules: list = []
    prefix = "/"
    extra_headers: dict = {}
    requested: list = []
    drop: str | None = None

    def log_message(self, *args):  # keep test output quiet
        pass

    def do_GET(self):
        self.requested.append((time.time(), self.path))
        if self.drop and _matches(self.drop, self.path.split("?", 1)[0]):
            self.close_connection = True  # no answer at all: the browser sees the network fail
            return
        super().do_GET()

    def guess_type(self, path):
        return MIME_TYPES.get(Path(str(path)).suffix.lower(), "application/octet-stream")

    def translate_path(self, path):
        # Serve the site from a sub-path when asked (e.g. /handbook/).
        if self.prefix != "/":
            if not path.startswith(self.prefix):
                return str(Path(self.directory) / "__not_found__")
            path = "/" + path[len(self.prefix) :]
        return super().translate_path(path)

    def send_head(self):
        # A `.br` or `.gz` copy beside the file, when the browser accepts it,
        # as nginx's gzip_static and the documented Apache and IIS rules serve
        # them: same type as the file, with Content-Encoding.
        path = self.translate_path(self.path)
        accepted = {part.split(";")[0].strip() for part in self.headers.get("Accept-Encoding", "").split(",")}
        for encoding, suffix in (("br", ".br"), ("gzip", ".gz")):
            packed = path + suffix
            if encoding in accepted and Path(path).is_file() and Path(packed).is_file():
                try:
                    f = open(packed, "rb")
                except OSError:
                    break
                size = Path(packed).stat().st_size
                self.send_response(200)
                self.send_header("Content-Type", self.guess_type(path))
                self.send_header("Content-Encoding", encoding)
                self.send_header("Vary", "Accept-Encoding")
                self.send_header("Content-Length", str(size))
                self.send_header("Last-Modified", self.date_time_string(int(Path(path).stat().st_mtime)))
                self.end_headers()
                return f
        return super().send_head()

    def _rule_headers(self) -> list[tuple[str, str]]:
        url_path = self.path.split("?", 1)[0].split("#", 1)[0]
        if self.prefix != "/" and url_path.startswith(self.prefix):
            url_path = "/" + url_path[len(self.prefix) :]
        found = [h for pattern, headers in self.rules if _matches(pattern, url_path) for h in headers]
        return found + list(self.extra_headers.items())

    def send_header(self, keyword, value):
        # A `_headers` rule that sets Content-Type replaces the guessed one:
        # two Content-Type headers make Chromium refuse a .wasm file.
        if keyword.lower() == "content-type" and not getattr(self, "_sending_rules", False):
            if any(n.lower() == "content-type" for n, _ in self._rule_headers()):
                return
        super().send_header(keyword, value)

    def end_headers(self):
        self._sending_rules = True
        try:
            for name, value in self._rule_headers():
                self.send_header(name, value)
        finally:
            self._sending_rules = False
        super().end_headers()


class _Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        # A browser that closes a page (or a test that closes a context) while a
        # file is still being sent resets the connection: expected, not news.
        if isinstance(sys.exc_info()[1], (ConnectionResetError, BrokenPipeError)):
            return
        super().handle_error(request, client_address)


class SiteServer:
    """`with SiteServer(site_dir) as url:` serves the folder on 127.0.0.1.

    `requested` lists every GET as (its time since the epoch in seconds, its
    path and query), in the order they came; with `drop` (a glob of URL paths), those requests get no answer, the
    connection closed, as when the network stops."""

    def __init__(
        self,
        root: Path,
        prefix: str = "/",
        extra_headers: dict | None = None,
        use_headers_file: bool = True,
        drop: str | None = None,
    ):
        self.root = Path(root)
        self.prefix = prefix if prefix.endswith("/") else prefix + "/"
        rules = parse_headers_file(self.root / "_headers") if use_headers_file else []
        self.requested: list[tuple[float, str]] = []
        handler = type(
            "Handler",
            (_Handler,),
            {
                "rules": rules,
                "prefix": self.prefix,
                "extra_headers": dict(extra_headers or {}),
                "requested": self.requested,
                "drop": drop,
            },
        )
        self.httpd = _Server(("127.0.0.1", 0), functools.partial(handler, directory=str(self.root)))
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}{self.prefix}"

    def __enter__(self) -> str:
        self.thread.start()
        return self.url

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()
