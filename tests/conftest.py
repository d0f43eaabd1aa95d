"""Shared fixtures: the site built once per test session, served locally with
the shipped headers, and a Chromium that refuses (and records) any request to
another host."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.browser import block_other_hosts, launch
from tests.support.server import SiteServer

ROOT = Path(__file__).resolve().parent.parent

#: Modules whose every test builds or serves the site (or runs Pyodide under
#: Node): the quick tier (`bash scripts/test.sh --quick`) leaves them out.
SITE_MODULES = {
    "test_site_build",
    "test_serve",
    "test_serve_security",
    "test_build_site_dir",
    "test_hostile_site",
    "test_bundle_runtime",
}


def pytest_collection_modifyitems(config, items) -> None:
    """Tiers: `browser` for a test that needs Chromium, `site` for one that
    needs a built site (the fixture or a build of its own). The quick tier
    runs the rest: `-m "not browser and not site"`."""
    for item in items:
        fixtures = set(getattr(item, "fixturenames", ()))
        if fixtures & {"browser", "context", "page"}:
            item.add_marker(pytest.mark.browser)
        if (
            fixtures & {"site_dir", "site_url", "hostile_site"}
            or item.module.__name__.rsplit(".", 1)[-1] in SITE_MODULES
        ):
            item.add_marker(pytest.mark.site)


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory) -> Path:
    """The handbook built from protocols/ by `handbook build`, once per session."""
    out = tmp_path_factory.mktemp("site")
    assert not any(out.iterdir())  # built into an empty folder: tests/test_build_site_dir.py counts on it
    result = subprocess.run(
        [sys.executable, "-m", "authoring.cli", "build", "--site-dir", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        pytest.fail(f"handbook build failed:\n{result.stdout}\n{result.stderr}")
    return out


@pytest.fixture(scope="session")
def hostile_folder(tmp_path_factory) -> Path:
    """The protocols of tests/hostile/ with the payloads in every text field."""
    from tests.test_hostile_site import hostile_protocols

    return hostile_protocols(tmp_path_factory.mktemp("hostile") / "protocols")


@pytest.fixture(scope="session")
def hostile_site(hostile_folder, tmp_path_factory) -> Path:
    """The site `handbook build` makes of the hostile files, once per session:
    read as files by tests/test_hostile_site.py, served to Chromium by
    tests/browser/test_hostile_pages.py."""
    out = tmp_path_factory.mktemp("hostile-site")
    result = subprocess.run(
        [sys.executable, "-m", "authoring.cli", "build", "--protocols", str(hostile_folder), "--site-dir", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return out


@pytest.fixture(scope="session")
def site_url(site_dir):
    with SiteServer(site_dir) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        b = launch(p)
        yield b
        b.close()


@pytest.fixture
def context(browser):
    ctx = browser.new_context()
    yield ctx
    ctx.close()


@pytest.fixture
def page(context, site_url):
    """A page whose requests to any other host are blocked and recorded in
    `page.external_requests`."""
    pg = context.new_page()
    pg.external_requests = block_other_hosts(pg, site_url)
    yield pg
    pg.close()
