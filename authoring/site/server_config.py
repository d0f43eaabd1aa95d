"""Web server settings for the built site, with its real Content-Security-Policy.

`handbook server-config` prints them; the build writes them into the site.

Pure: a settings template from docs/deploy/ and the policy in, the settings
out. The templates are the documented and tested settings; the parts that
change from build to build are the policy (it carries the hashes of the
theme's inline scripts) and, for IIS, which cannot name a folder by a
pattern, the calculator's code folder (named by a digest of the code): the
build fills them in.
"""

from __future__ import annotations

from pathlib import Path

from .. import places

__all__ = [
    "CSP_PLACEHOLDER",
    "CODE_PLACEHOLDER",
    "DEPLOY_DIR",
    "SERVERS",
    "SITE_ROOT_FILES",
    "render",
    "code_folder_in",
    "csp_from_headers",
    "main",
]

CSP_PLACEHOLDER = "HANDBOOK_CONTENT_SECURITY_POLICY"
#: Where a template names the calculator's code folder (`assets/calculator/<digest>`).
CODE_PLACEHOLDER = "HANDBOOK_CALCULATOR_CODE"
DEPLOY_DIR = places.DEPLOY

#: Server name -> its settings file in docs/deploy/.
SERVERS = {"nginx": "nginx.conf", "apache": "apache.conf", "iis": "web.config"}

#: Settings a server reads from the site's own folder, so the built folder
#: works as it is when copied there: file name in the site -> server.
SITE_ROOT_FILES = {".htaccess": "apache", "web.config": "iis"}


def render(template: str, csp: str, code: str | None = None) -> str:
    """The settings with the policy filled in, and the calculator's code
    folder `code` where the template names it."""
    if CSP_PLACEHOLDER not in template:
        raise ValueError(f"settings template has no {CSP_PLACEHOLDER} placeholder")
    if CODE_PLACEHOLDER in template and not code:
        raise ValueError(
            "no calculator code folder (assets/calculator/<digest>) for these settings; build the site first"
        )
    return template.replace(CSP_PLACEHOLDER, csp).replace(CODE_PLACEHOLDER, code or "")


def code_folder_in(site_dir: Path) -> str | None:
    """The built site's calculator code folder, from its root, if it has one."""
    calc = site_dir / "assets" / "calculator"
    found = sorted(p.name for p in calc.iterdir() if p.is_dir()) if calc.is_dir() else []
    return f"assets/calculator/{found[0]}" if len(found) == 1 else None


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

    site_dir = Path(args.site_dir or places.default_site_dir())
    headers_path = site_dir / "_headers"
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
    try:
        settings = render(template, csp, code_folder_in(site_dir))
    except ValueError as e:
        print(f"handbook: {site_dir}: {e}", file=sys.stderr)
        return 2
    sys.stdout.write(settings)
    return 0
