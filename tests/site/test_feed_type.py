"""Every way the handbook is served gives its Atom feeds the type `application/atom+xml`.

A feed reader, and a browser offering to subscribe, knows a feed by its
type: the published server settings (nginx served for real where it is
installed; Apache and IIS as text), the `_headers` file the build writes,
the preview server and the tests' own server.
"""

from __future__ import annotations

import re
import urllib.request
from pathlib import Path

import pytest
from mkdocs.livereload import LiveReloadServer

from handbook_site.headers import TYPE_RULES
from handbook_site.history_pages import FEED_PATH, feed_path
from tests.support.nginx import Nginx, nginx_executable
from tests.support.server import SiteServer

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "docs" / "deploy"
ATOM = "application/atom+xml"
FEED = '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom"/>\n'


@pytest.fixture
def tiny_site(tmp_path: Path) -> Path:
    """A folder with one feed and the `_headers` the served settings read."""
    (tmp_path / "feeds").mkdir()
    (tmp_path / FEED_PATH).write_text(FEED, encoding="utf-8")
    rules = "".join(f"{pattern}\n  Content-Type: {mime}\n" for pattern, mime in TYPE_RULES)
    (tmp_path / "_headers").write_text(f"/*\n  Content-Security-Policy: default-src 'self'\n{rules}", encoding="utf-8")
    return tmp_path


def _type_of(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as answer:
        return answer.headers["Content-Type"].split(";")[0].strip()


def test_every_feed_is_named_so_its_type_is_atom():
    assert FEED_PATH.endswith(".atom") and feed_path("salford").endswith(".atom")


def test_the_published_nginx_settings_serve_a_feed_as_atom(tiny_site):
    if not nginx_executable():
        pytest.skip("nginx is not installed (Debian: apt-get install -y nginx-light)")
    with Nginx(tiny_site, max_seconds=60) as url:
        assert _type_of(url + FEED_PATH) == ATOM


@pytest.mark.parametrize(
    "name, pattern",
    [
        ("nginx.conf", r"application/atom\+xml\s+atom;"),
        ("apache.conf", r"AddType application/atom\+xml \.atom\n"),
        ("web.config", r'<mimeMap fileExtension="\.atom" mimeType="application/atom\+xml" />'),
    ],
)
def test_each_published_server_setting_names_the_atom_type(name, pattern):
    assert re.search(pattern, (DEPLOY / name).read_text(encoding="utf-8")), name


def test_the_headers_file_the_build_writes_names_the_atom_type():
    assert ("/*.atom", f"{ATOM}; charset=utf-8") in TYPE_RULES


def test_the_preview_server_serves_a_feed_as_atom():
    assert LiveReloadServer._guess_type(FEED_PATH) == ATOM


def test_the_tests_server_serves_a_feed_as_atom(tiny_site):
    with SiteServer(tiny_site) as url:
        assert _type_of(url + FEED_PATH) == ATOM
