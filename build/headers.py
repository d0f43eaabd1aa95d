"""The `_headers` file at the site root: the Content-Security-Policy and the
MIME types the handbook needs, in the Netlify/Cloudflare Pages format.

Pure: the built HTML in, the file's text out. The CSP allows inline scripts
only by the SHA-256 hash of each one actually found in the pages, computed
here at build time.
"""

from __future__ import annotations

import base64
import hashlib
import re
from typing import Iterable

__all__ = ["inline_scripts", "script_hashes", "content_security_policy", "headers_file",
           "SECURITY_HEADERS", "TYPE_RULES", "CACHE_RULES"]

#: Script types the browser executes (an empty type means JavaScript).
_EXECUTED = {"", "text/javascript", "application/javascript", "module", "text/ecmascript"}


_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.IGNORECASE | re.DOTALL)
_SRC = re.compile(r"""(?:^|\s)src\s*=""", re.IGNORECASE)
_TYPE = re.compile(r"""(?:^|\s)type\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)


def inline_scripts(html: str) -> list[str]:
    """The text of every inline script the browser would run, exactly as
    written (as the browser does, a script ends at the first `</script`).
    A regular expression rather than a full HTML parse: the build runs this
    over every page, and every page grows with the number of partnerships."""
    found = []
    for match in _SCRIPT.finditer(html):
        attrs = match.group(1)
        if _SRC.search(attrs):
            continue
        t = _TYPE.search(attrs)
        kind = next((g for g in t.groups() if g is not None), "") if t else ""
        if kind.strip().lower() in _EXECUTED:
            found.append(match.group(2))
    return found


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


#: The Pyodide runtime sits in a folder named after its version, so a copy
#: never changes: keep it for a year without asking again. Everything else is
#: left to the server's default, which revalidates.
CACHE_RULES = [
    ("/assets/pyodide/*", "public, max-age=31536000, immutable"),
]


def headers_file(hashes: Iterable[str]) -> str:
    lines = ["# Headers for the Escalation Handbook; written by the build, do not edit.",
             "# docs/publishing.md gives the same for nginx, Apache and IIS.", "/*",
             f"  Content-Security-Policy: {content_security_policy(hashes)}"]
    lines += [f"  {name}: {value}" for name, value in SECURITY_HEADERS]
    for pattern, mime in TYPE_RULES:
        lines += [pattern, f"  Content-Type: {mime}"]
    for pattern, cache in CACHE_RULES:
        lines += [pattern, f"  Cache-Control: {cache}"]
    return "\n".join(lines) + "\n"
