"""The web servers' files at the built site's root, written once every page is built.

`_headers` (Netlify, Cloudflare Pages), Apache's `.htaccess` and IIS's
`web.config`, so the built folder works as it is when copied onto any of
them. Written last, so that every page is checked, whoever wrote it: the
policy allows the inline scripts the handbook ships, and a page with any
other stops the build.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.exceptions import PluginError

from authoring.site import server_config

from . import headers
from .code_folder import code_folder

__all__ = ["write_server_files"]


def write_server_files(site_dir: Path, site_url: str | None) -> None:
    """Write the servers' files into `site_dir`, with the policy of the built
    pages. The error page's way to the root is as MkDocs gives it: the path
    of the site's URL."""
    pages = (
        (path.relative_to(site_dir).as_posix(), path.read_text(encoding="utf-8"))
        for path in sorted(site_dir.rglob("*.html"))
    )
    try:
        hashes = headers.shipped_script_hashes(pages, urlsplit(site_url or "/").path)
    except headers.UnknownInlineScript as e:
        raise PluginError(f"{site_dir}/{e}") from None
    (site_dir / "_headers").write_text(headers.headers_file(hashes, code_folder()), encoding="utf-8")
    # Apache's .htaccess and IIS's web.config, read from the site's own folder.
    csp = headers.content_security_policy(hashes)
    for name, server in server_config.SITE_ROOT_FILES.items():
        template = (server_config.DEPLOY_DIR / server_config.SERVERS[server]).read_text(encoding="utf-8")
        (site_dir / name).write_text(server_config.render(template, csp, code_folder()), encoding="utf-8")
