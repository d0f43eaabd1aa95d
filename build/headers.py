"""The `_headers` file at the site root: the Content-Security-Policy and the
MIME types the handbook needs, in the Netlify/Cloudflare Pages format.

Pure: the built HTML in, the file's text out. The CSP allows inline scripts
only by the SHA-256 hash of each one actually found in the pages, computed
here at build time.
"""

from __future__ import annotations

import base64
import hashlib
from html.parser import HTMLParser
from typing import Iterable

__all__ = ["inline_scripts", "script_hashes", "content_security_policy", "headers_file",
           "SECURITY_HEADERS", "TYPE_RULES"]

#: Script types the browser executes (an empty type means JavaScript).
_EXECUTED = {"", "text/javascript", "application/javascript", "module", "text/ecmascript"}


class _ScriptFinder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.scripts: list[str] = []
        self._inside = False
        self._buf: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "script":
            a = dict(attrs)
            self._inside = "src" not in a and (a.get("type") or "").strip().lower() in _EXECUTED
            self._buf = []

    def handle_endtag(self, tag):
        if tag == "script" and self._inside:
            self.scripts.append("".join(self._buf))
            self._inside = False

    def handle_data(self, data):
        if self._inside:
            self._buf.append(data)


def inline_scripts(html: str) -> list[str]:
    """The text of every inline script the browser would run, exactly as written."""
    finder = _ScriptFinder()
    finder.feed(html)
    finder.close()
    return finder.scripts


def script_hashes(pages: Iterable[str]) -> list[str]:
    """`'sha256-…'` sources for every distinct inline script in the pages, sorted."""
    found = set()
    for html in pages:
        for script in inline_scripts(html):
            digest = hashlib.sha256(script.encode("utf-8")).digest()
            found.add(f"'sha256-{base64.b64encode(digest).decode('ascii')}'")
    return sorted(found)


def content_security_policy(hashes: Iterable[str]) -> str:
    script_src = " ".join(["'self'", "'wasm-unsafe-eval'", *hashes])
    return "; ".join([
        "default-src 'self'",
        f"script-src {script_src}",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "worker-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'self'",
    ])


SECURITY_HEADERS = [
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "no-referrer"),
    ("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=()"),
]

#: Types some servers get wrong; Pyodide refuses .wasm served as anything else.
TYPE_RULES = [
    ("/*.wasm", "application/wasm"),
    ("/*.mjs", "text/javascript; charset=utf-8"),
    ("/*.whl", "application/zip"),
]


def headers_file(hashes: Iterable[str]) -> str:
    lines = ["# Headers for the Escalation Handbook; written by the build, do not edit.",
             "# docs/publishing.md gives the same for nginx, Apache and IIS.", "/*",
             f"  Content-Security-Policy: {content_security_policy(hashes)}"]
    lines += [f"  {name}: {value}" for name, value in SECURITY_HEADERS]
    for pattern, mime in TYPE_RULES:
        lines += [pattern, f"  Content-Type: {mime}"]
    return "\n".join(lines) + "\n"
