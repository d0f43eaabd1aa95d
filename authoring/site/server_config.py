"""Web server settings for the built site, with its real Content-Security-Policy.

`handbook server-config` prints them; the build writes them into the site.

Pure: a settings template from docs/deploy/ and the policy in, the settings
out. The templates are the documented and tested settings; the only part that
changes from build to build is the policy (it carries the hashes of the
theme's inline scripts), so the build fills it in.
"""

from __future__ import annotations

from pathlib import Path

from .. import places

__all__ = ["CSP_PLACEHOLDER", "DEPLOY_DIR", "SERVERS", "SITE_ROOT_FILES", "render", "csp_from_headers", "main"]

CSP_PLACEHOLDER = "HANDBOOK_CONTENT_SECURITY_POLICY"
DEPLOY_DIR = places.DEPLOY

#: Server name -> its settings file in docs/deploy/.
SERVERS = {"nginx": "nginx.conf", "apache": "apache.conf", "iis": "web.config"}

#: Settings a server reads from the site's own folder, so the built folder
#: works as it is when copied there: file name in the site -> server.
SITE_ROOT_FILES = {".htaccess": "apache", "web.config": "iis"}


def render(template: str, csp: str) -> str:
    """The settings with the policy filled in."""
    if CSP_PLACEHOLDER not in template:
        raise ValueError(f"settings template has no {CSP_PLACEHOLDER} placeholder")
    return template.replace(CSP_PLACEHOLDER, csp)


def csp_from_headers(headers_text: str) -> str | None:
    """The Content-Security-Policy value in a `_headers` file, if any."""
    for line in headers_text.splitlines():
        name, _, value = line.strip().partition(":")
        if name.lower() == "content-security-policy":
            return value.strip()
    return None


def main(args) -> int:
    """`handbook server-config SERVER [--site-dir DIR]`: the settings for
    SERVER with the policy from DIR/_headers (build the site first)."""
    import sys

    headers_path = Path(args.site_dir or places.default_site_dir()) / "_headers"
    try:
        csp = csp_from_headers(headers_path.read_text(encoding="utf-8"))
    except OSError:
        print(
            f"handbook: {headers_path} not found; build the site first "
            f"(handbook build --site-dir {headers_path.parent})",
            file=sys.stderr,
        )
        return 2
    if not csp:
        print(f"handbook: {headers_path} has no Content-Security-Policy line", file=sys.stderr)
        return 2
    template = (DEPLOY_DIR / SERVERS[args.server]).read_text(encoding="utf-8")
    sys.stdout.write(render(template, csp))
    return 0
