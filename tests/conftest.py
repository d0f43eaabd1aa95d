"""Shared fixtures: the site built once per test session, served locally with
the shipped headers, and a Chromium that refuses (and records) any request to
another host."""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.browser import block_other_hosts, launch
from tests.support.cli import handbook_process
from tests.support.server import SiteServer

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent

#: The tier of every test under a folder of tests/: `browser` needs Chromium,
#: `site` builds, bundles or serves the site (or runs Pyodide under Node). The
#: quick tier (`bash scripts/test.sh --quick`) leaves both out.
FOLDER_TIERS = {"browser": pytest.mark.browser, "site": pytest.mark.site}
#: Fixtures that build or serve the site: a test elsewhere that asks for one is
#: in the `site` tier too.
SITE_FIXTURES = {"site_dir", "site_url", "hostile_site"}
BROWSER_FIXTURES = {"browser", "context", "page"}


def pytest_collection_modifyitems(config, items) -> None:
    """Tiers, by folder (tests/browser/, tests/site/) and by fixture: the
    quick tier runs the rest, `-m "not browser and not site"`. Tests marked
    `waits` (most of their time on a real clock, not the CPU) go first, so
    that other tests run beside their wait instead of after it."""
    items.sort(key=lambda item: item.get_closest_marker("waits") is None)
    for item in items:
        folder = item.path.relative_to(TESTS).parts[0]
        if folder in FOLDER_TIERS:
            item.add_marker(FOLDER_TIERS[folder])
        fixtures = set(getattr(item, "fixturenames", ()))
        if fixtures & BROWSER_FIXTURES:
            item.add_marker(pytest.mark.browser)
        if fixtures & SITE_FIXTURES:
            item.add_marker(pytest.mark.site)


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@contextlib.contextmanager
def one_build_at_a_time(tmp_path_factory) -> Iterator[None]:
    """Builds take turns across the session's workers (`pytest -n`): a fresh
    machine's first build fills the build's cache (about a minute of CPU), and
    the next one finds it full instead of making it again beside it."""
    lock = tmp_path_factory.getbasetemp().parent / "handbook-build.lock"
    with open(lock, "w") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        yield


def built_once(tmp_path_factory, name: str, *args: str) -> Path:
    """`handbook build ARGS --site-dir FOLDER` into an empty folder, once per
    test session: under `pytest -n` the workers share the first one's build
    (none of them changes it; a test that needs a changed site copies it)."""
    run = os.environ.get("PYTEST_XDIST_TESTRUNUID")
    base = tmp_path_factory.getbasetemp()
    shared = base.parent / f"{name}-{run}" if run else base / name
    with one_build_at_a_time(tmp_path_factory):
        if not (shared / ".built").is_file():
            if shared.exists():
                shutil.rmtree(shared)  # a build that failed half-way
            out = shared / "site"
            out.mkdir(parents=True)
            result = handbook_process(*args, "--site-dir", str(out))
            if result.returncode != 0:
                pytest.fail(f"handbook {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
            (shared / ".built").touch()
    return shared / "site"


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory) -> Path:
    """The handbook built from protocols/ by `handbook build`, once per session."""
    return built_once(tmp_path_factory, "site", "build")


@pytest.fixture(scope="session")
def hostile_folder(tmp_path_factory) -> Path:
    """The protocols of tests/hostile/ with the payloads in every text field."""
    from tests.site.test_hostile_site import hostile_protocols

    return hostile_protocols(tmp_path_factory.mktemp("hostile") / "protocols")


@pytest.fixture(scope="session")
def hostile_site(hostile_folder, tmp_path_factory) -> Path:
    """The site `handbook build` makes of the hostile files, once per session:
    read as files by tests/site/test_hostile_site.py, served to Chromium by
    tests/browser/test_hostile_pages.py."""
    return built_once(tmp_path_factory, "hostile-site", "build", "--protocols", str(hostile_folder))


@pytest.fixture(scope="session")
def site_url(site_dir):
    with SiteServer(site_dir) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        b = launch(p, for_tests=True)
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
