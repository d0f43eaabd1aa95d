"""The `_headers` file at the site root, in the Netlify/Cloudflare Pages format.

It holds the Content-Security-Policy, with the MIME types the handbook needs.

Pure: the built HTML in, the file's text out. The CSP allows inline scripts
only by the SHA-256 hash of each script in `SHIPPED_INLINE_SCRIPTS`, the one
list of the inline scripts the handbook ships; never of whatever a page
happens to contain. A page with any other inline script stops the build
(`shipped_script_hashes` raises `UnknownInlineScript`, naming the page).
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable

__all__ = [
    "inline_scripts",
    "content_security_policy",
    "headers_file",
    "SHIPPED_INLINE_SCRIPTS",
    "SCOPE",
    "page_scope",
    "shipped_scripts",
    "shipped_script_hashes",
    "UnknownInlineScript",
    "SECURITY_HEADERS",
    "TYPE_RULES",
    "CACHE_RULES",
]

#: Where the page's way to the site root stands in a shipped script.
SCOPE = "@SCOPE@"

#: Every inline script the handbook ships, and so every one its
#: Content-Security-Policy allows. The handbook's own scripts are files
#: (docs/assets/); these two are the theme's (Material for MkDocs 9.x,
#: partials/javascripts/base.html, with the page's way to the site root at
#: SCOPE, and partials/javascripts/content.html). A theme upgrade that changes
#: them fails the build, naming a page: check the new script, then copy it here.
SHIPPED_INLINE_SCRIPTS = (
    '__md_scope=new URL("' + SCOPE + '",location),__md_hash=e=>[...e].reduce(((e,_)=>(e<<5)-e+'
    "_.charCodeAt(0)),0),__md_get=(e,_=localStorage,t=__md_scope)=>JSON.parse(_.getItem("
    't.pathname+"."+e)),__md_set=(e,_,t=localStorage,a=__md_scope)=>{try{t.setItem('
    'a.pathname+"."+e,JSON.stringify(_))}catch(e){}}',
    "var target=document.getElementById(location.hash.slice(1));target&&target.name&&"
    '(target.checked=target.name.startsWith("__tabbed_"))',
)


class UnknownInlineScript(ValueError):
    """A built page holds an inline script the handbook does not ship."""


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


def _hash(script: str) -> str:
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def page_scope(page: str, error_root: str = "/") -> str:
    """The way from a built page (its path in the site, "partnerships/x/index.html")
    to the site root, as MkDocs gives it to the theme: relative ("." at the
    root, "../.." two folders down), except on the error page (404.html),
    which has `error_root`, the path of the site's URL."""
    if page == "404.html":
        return error_root
    depth = page.count("/")
    return "/".join([".."] * depth) if depth else "."


def shipped_scripts(scope: str) -> list[str]:
    """The shipped inline scripts as a page with that way to the root has them."""
    return [script.replace(SCOPE, scope) for script in SHIPPED_INLINE_SCRIPTS]


def shipped_script_hashes(pages: Iterable[tuple[str, str]], error_root: str = "/") -> list[str]:
    """`'sha256-…'` sources of the shipped inline scripts, for every way to the
    root the pages have (each page given as its path in the site and its
    HTML), sorted. Raises UnknownInlineScript, naming the page, where a page
    holds any inline script other than those."""
    scopes = set()
    for name, html in pages:
        scope = page_scope(name, error_root)
        scopes.add(scope)
        allowed = shipped_scripts(scope)
        for script in inline_scripts(html):
            if script not in allowed:
                shown = " ".join(script.split())
                shown = shown if len(shown) <= 60 else shown[:60] + "…"
                raise UnknownInlineScript(
                    f"{name}: an inline script the handbook does not ship ({shown!r}); the "
                    f"Content-Security-Policy allows only those in build/headers.py "
                    f"(SHIPPED_INLINE_SCRIPTS)"
                )
    return sorted({_hash(script) for scope in scopes for script in shipped_scripts(scope)})


def content_security_policy(hashes: Iterable[str]) -> str:
    script_src = " ".join(["'self'", "'wasm-unsafe-eval'", *hashes])
    return "; ".join(
        [
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
        ]
    )


SECURITY_HEADERS = [
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "no-referrer"),
    ("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=()"),
]

#: Types some servers get wrong; Pyodide refuses .wasm served as anything
#: else, and a feed reader knows an Atom feed by its type.
TYPE_RULES = [
    ("/*.wasm", "application/wasm"),
    ("/*.mjs", "text/javascript; charset=utf-8"),
    ("/*.whl", "application/zip"),
    ("/*.atom", "application/atom+xml; charset=utf-8"),
]


#: Kept for a year without asking again: what sits in a folder whose name
#: changes whenever its content does. The Pyodide runtime's is named after
#: its version; the calculator's code's (`code_folder`), after its digest,
#: is added by `headers_file` with that build's name. Everything else is
#: left to the server's default, which revalidates.
IMMUTABLE = "public, max-age=31536000, immutable"
CACHE_RULES = [
    ("/assets/pyodide/*", IMMUTABLE),
]


def headers_file(hashes: Iterable[str], code_folder: str | None = None) -> str:
    """The file's text: the policy allowing `hashes`, and `code_folder` (the
    calculator's code folder, from the site's root) kept for a year."""
    lines = [
        "# Headers for the Escalation Handbook; written by the build, do not edit.",
        "# docs/publishing.md gives the same for nginx, Apache and IIS.",
        "/*",
        f"  Content-Security-Policy: {content_security_policy(hashes)}",
    ]
    lines += [f"  {name}: {value}" for name, value in SECURITY_HEADERS]
    for pattern, mime in TYPE_RULES:
        lines += [pattern, f"  Content-Type: {mime}"]
    cached = CACHE_RULES + ([(f"/{code_folder}/*", IMMUTABLE)] if code_folder else [])
    for pattern, cache in cached:
        lines += [pattern, f"  Cache-Control: {cache}"]
    return "\n".join(lines) + "\n"
