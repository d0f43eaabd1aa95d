"""MkDocs' live-reload server, made to answer only a browser on this machine.

It answers only for the address it is bound to, `localhost` and 127.0.0.1 in
`Host` (a page from elsewhere, its name rebound to this machine, gets 421),
only GET and HEAD (405), no NUL in a path (400), and every answer carries the
site's Content-Security-Policy (from the `_headers` the build writes) allowing
the live-reload script MkDocs puts in that page (by its hash) and the
problems page's style.
"""

from __future__ import annotations

import base64
import hashlib
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from .problems_page import PAGE_STYLE
from .server_config import csp_from_headers

__all__ = ["preview_server"]

#: The policy while no build has written `_headers` (the problems page alone).
_FALLBACK_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'self'"
)

StartResponse = Callable[..., Any]


def _sha256_source(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def _add_sources(policy: str, directive: str, sources: list[str]) -> str:
    """The policy with `sources` added to one of its directives."""
    parts = [p.strip() for p in policy.split(";") if p.strip()]
    for i, part in enumerate(parts):
        if part.split()[0] == directive:
            parts[i] = " ".join([part, *sources])
            break
    else:
        parts.append(" ".join([directive, "'self'", *sources]))
    return "; ".join(parts)


def _host_name(header: str) -> str:
    """The host of a `Host` header, without its port, in lower case."""
    header = header.strip().lower()
    if header.startswith("["):
        return header[1 : header.find("]")] if "]" in header else header
    name, sep, port = header.rpartition(":")
    return name if sep and port.isdigit() else header


class _Guard:
    """What the preview refuses, and the headers it adds to every answer;
    the live-reload script of the answer being made is kept per thread."""

    def __init__(self, site_dir: Path, host: str) -> None:
        self.site_dir = site_dir
        self.allowed = frozenset({host.lower(), "localhost", "127.0.0.1"})
        self.style = _sha256_source(PAGE_STYLE)
        self.local = threading.local()

    def site_policy(self) -> str:
        try:
            text = (self.site_dir / "_headers").read_text(encoding="utf-8")
        except OSError:
            return _FALLBACK_POLICY
        return csp_from_headers(text) or _FALLBACK_POLICY

    def security_headers(self) -> list[tuple[str, str]]:
        policy = _add_sources(self.site_policy(), "style-src", [self.style])
        script = getattr(self.local, "script", None)
        if script is not None:
            policy = _add_sources(policy, "script-src", [_sha256_source(script)])
        return [
            ("Content-Security-Policy", policy),
            ("X-Content-Type-Options", "nosniff"),
            ("Referrer-Policy", "no-referrer"),
        ]

    def refuse(
        self, start_response: StartResponse, status: str, text: str, extra: Iterable[tuple[str, str]] = ()
    ) -> list[bytes]:
        body = text.encode("utf-8")
        start_response(
            status,
            [
                ("Content-Type", "text/plain; charset=utf-8"),
                ("Content-Length", str(len(body))),
                *extra,
                *self.security_headers(),
            ],
        )
        return [body]

    def refusal(self, environ: dict[str, Any], start_response: StartResponse) -> list[bytes] | None:
        """The answer to a request the preview does not serve, or None."""
        self.local.script = None
        if environ.get("REQUEST_METHOD", "") not in ("GET", "HEAD"):
            return self.refuse(
                start_response,
                "405 Method Not Allowed",
                "handbook serve answers GET and HEAD only\n",
                [("Allow", "GET, HEAD")],
            )
        if _host_name(environ.get("HTTP_HOST", "")) not in self.allowed:
            return self.refuse(
                start_response,
                "421 Misdirected Request",
                f"handbook serve answers only for {', '.join(sorted(self.allowed))}\n",
            )
        if "\0" in environ.get("PATH_INFO", ""):
            return self.refuse(start_response, "400 Bad Request", "no such page\n")
        return None

    def with_headers(self, start_response: StartResponse) -> StartResponse:
        """`start_response` that puts the preview's policy in place of any other."""

        def respond(status, headers, exc_info=None):
            headers = [(k, v) for k, v in headers if k.lower() != "content-security-policy"]
            return start_response(status, headers + self.security_headers(), exc_info)

        return respond

    def keep_script(self, content: bytes, out: bytes) -> None:
        """Keep the live-reload script MkDocs put into `content` (giving
        `out`) for this answer's policy."""
        at = content.rfind(b"</body>")
        at = len(content) if at < 0 else at
        added = out[at : len(out) - (len(content) - at)]
        if added.startswith(b"<script>") and added.endswith(b"</script>"):
            self.local.script = added[len(b"<script>") : -len(b"</script>")].decode("utf-8")


def preview_server(base: type, site_dir: Path, host: str) -> type:
    """MkDocs' live-reload server (`base`), answering only a browser on this
    machine asking for the preview, with the site's policy on every answer."""
    guard = _Guard(site_dir, host)

    class PreviewServer(base):
        # A stop does not wait for the browsers' open requests (the live
        # reload's poll lasts a minute), and never for the serving thread.
        block_on_close = False
        daemon_threads = True

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.serve_thread.daemon = True

        def serve_request(self, environ, start_response):
            refused = guard.refusal(environ, start_response)
            if refused is not None:
                return refused
            body = super().serve_request(environ, guard.with_headers(start_response))
            if environ.get("REQUEST_METHOD", "") == "HEAD":
                close = getattr(body, "close", None)
                if close:
                    close()
                return []
            return body

        def _inject_js_into_html(self, content, epoch):
            """MkDocs' page with its live-reload script; the script's text is
            kept for this answer's policy."""
            out = super()._inject_js_into_html(content, epoch)
            guard.keep_script(content, out)
            return out

    return PreviewServer
