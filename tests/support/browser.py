"""Launching Chromium for the browser tests and the benchmarks: Debian's
builds when present (Playwright cannot download its own browsers here), else
Playwright's own build where one is installed.

The tests run in Debian's `chromium-headless-shell`, the same Blink and V8
as the browser without its user interface (what Playwright itself runs
headless tests in): the whole suite is bound by the two cores' CPU, and the
shell took about 40% less of it for the same pages. The benchmarks measure
the full browser, `/usr/bin/chromium`, as a reader's."""

from __future__ import annotations

import os
import re
import shutil
from urllib.parse import urlparse

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


#: The headless shell, where installed (scripts/setup.sh installs it for the tests).
HEADLESS_SHELL = "/usr/bin/chromium-headless-shell"


def chromium_executable(*, for_tests: bool = False) -> str | None:
    """HANDBOOK_CHROMIUM if set; for the tests the headless shell first;
    then Debian's browser; None: Playwright's own."""
    for candidate in (
        os.environ.get("HANDBOOK_CHROMIUM"),
        HEADLESS_SHELL if for_tests else None,
        "/usr/bin/chromium",
        shutil.which("chromium"),
        shutil.which("chromium-browser"),
    ):
        if candidate and os.path.exists(candidate):
            return candidate
    return None  # let Playwright use its own browser


#: The tests' Chromium compiles WebAssembly with V8's baseline compiler alone
#: (Liftoff, never tiered up to optimised code). The calculator answers the
#: same; each of the suite's calculator starts takes about a second less on a
#: 2-core machine, where optimising Pyodide's binary competes with the start
#: itself. The benchmarks launch without it, as a reader's browser runs.
TEST_ARGS = ["--js-flags=--liftoff-only"]


def launch(playwright, *, for_tests: bool = False, **kwargs):
    """Chromium, headless; `for_tests`: the headless shell, with TEST_ARGS."""
    args = CHROMIUM_ARGS + (TEST_ARGS if for_tests else [])
    executable = chromium_executable(for_tests=for_tests)
    return playwright.chromium.launch(executable_path=executable, args=args, headless=True, **kwargs)


def block_other_hosts(target, site_url: str) -> list[str]:
    """Abort every request from `target` (a page or a browser context) to a
    host other than the site's, and return the list the aborted URLs are
    recorded in: the tests assert it stays empty."""
    local = urlparse(site_url).netloc
    external: list[str] = []

    def route(r):
        u = urlparse(r.request.url)
        if u.scheme in ("http", "https", "ws", "wss") and u.netloc != local:
            external.append(r.request.url)
            return r.abort()
        return r.continue_()

    target.route(elsewhere(local), route)
    return external


def elsewhere(local: str) -> re.Pattern[str]:
    """URLs with a network scheme whose host is not `local` (host:port). The
    browser matches a pattern itself, so the site's own requests (the Pyodide
    runtime's megabytes among them) never wait on this process; `route`
    above checks each match again."""
    return re.compile(rf"^(https?|wss?)://(?!{re.escape(local)}([/?#]|$))", re.IGNORECASE)


def abort_requests(target, pattern: str) -> list[str]:
    """Abort every request from `target` (a page or a browser context) whose
    URL matches the glob `pattern`, and return the list of aborted URLs, so a
    test can check that it blocked something."""
    aborted: list[str] = []

    def abort(route):
        aborted.append(route.request.url)
        return route.abort()

    target.route(pattern, abort)
    return aborted


def slow_link(context, page, mbit: float = 20, latency_ms: int = 40) -> None:
    """The page's network made `mbit` Mbit/s each way with `latency_ms` of
    latency (Chromium's emulation over the DevTools protocol)."""
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    rate = mbit * 1_000_000 / 8
    cdp.send(
        "Network.emulateNetworkConditions",
        {"offline": False, "latency": latency_ms, "downloadThroughput": rate, "uploadThroughput": rate},
    )
