"""The calculator's start-up on the networks and PCs it is for: a progress
bar counting the runtime's bytes, announced politely; no limit on the whole
start while bytes arrive, a plain message and a Retry when they stop; the
trimmed standard library and no lock file; and a repeat visit that starts
from the memory snapshot in the browser's HTTP cache, falling back to the
normal start when the snapshot is missing or damaged.

The snapshot tests use browser contexts without request routing: Playwright
turns the HTTP cache off for a context that routes requests, and the
snapshot is used only from that cache.
"""

from __future__ import annotations

import json
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlparse

import pytest

from tests.browser.test_calculator import (
    EMPTY_STORAGE,
    expected,
    expected_dates,
    fragment,
    shown_dates,
    storage_used,
)
from tests.support import axe
from tests.support.browser import slow_link
from tests.support.server import SiteServer
from tests.support.site_data import code_dir

pytestmark = pytest.mark.browser

READY_MS = 60_000
ANSWER_MS = 15_000
#: The page gives up when nothing has arrived for 20 s (STALL_SECONDS in runtime-client.js).
STALL_S = 20
CASE = ("safeguarding-children-partnership", "2", "2026-12-22")

READY_PATH = """() => { const e = performance.getEntriesByName("calculator-ready")[0];
  return e && e.detail ? e.detail.path : null; }"""

# Records every text the polite status region is given, and the bar's values.
STATUS_RECORDER = """
window.__status = []; window.__bar = [];
// At "interactive": the page is parsed, and the calculator's (deferred) module has not run yet.
document.addEventListener("readystatechange", () => {
  if (document.readyState !== "interactive") return;
  const root = document.querySelector("[data-calculator]");
  const status = root.querySelector("[data-calc-progress-status]");
  const bar = root.querySelector("[data-calc-progress-bar]");
  new MutationObserver(() => { if (status.textContent) window.__status.push(status.textContent); })
    .observe(status, { childList: true, characterData: true, subtree: true });
  new MutationObserver(() => window.__bar.push(Number(bar.value)))
    .observe(bar, { attributes: true, attributeFilter: ["value"] });
  const setter = Object.getOwnPropertyDescriptor(HTMLProgressElement.prototype, "value").set;
  Object.defineProperty(bar, "value", { set(v) { setter.call(this, v); window.__bar.push(Number(v)); },
                                        get() { return Number(this.getAttribute("value")); } });
});
"""


def manifest(site_dir: Path) -> dict:
    return json.loads((site_dir / "assets" / "calculator" / "manifest.json").read_text(encoding="utf-8"))


def runtime_dir(site_dir: Path) -> Path:
    return site_dir / "assets" / "pyodide" / manifest(site_dir)["pyodide"]["version"]


def wait_settled(page, timeout_ms: int = READY_MS) -> str:
    page.wait_for_selector("[data-calculator]:not([data-state='loading'])", state="attached", timeout=timeout_ms)
    return page.get_attribute("[data-calculator]", "data-state")


def wait_answer(page) -> None:
    page.wait_for_function(
        "() => Number(document.querySelector('[data-calculator]').dataset.answers || 0) > 0", timeout=ANSWER_MS
    )


def visit(page, url: str, wait_snapshot: bool = False) -> str:
    """Open the calculator at CASE, wait for its answer, and return how
    Pyodide started ("snapshot" or "normal"). With `wait_snapshot`, also wait
    for the low-priority fetch of the snapshot after the first answer."""
    slug, stage, start = CASE
    target = url + "calculator/" + fragment(slug, stage, start)
    page.goto(target)
    assert wait_settled(page) == "ready", page.inner_text("[data-calc-message]")
    wait_answer(page)
    if wait_snapshot:  # the worker has read it to its end, into the HTTP cache
        page.wait_for_function(
            "() => performance.getEntriesByName('calculator-snapshot-kept').length > 0", timeout=READY_MS
        )
    assert shown_dates(page) == expected_dates(expected(slug, stage, start))
    return page.evaluate(READY_PATH)


# ---------------------------------------------------------------- what a first visit downloads


def test_the_build_ships_a_trimmed_standard_library_and_the_lock_file_info(site_dir):
    found = manifest(site_dir)
    stdlib = runtime_dir(site_dir) / found["pyodide"]["stdlib"]
    full = runtime_dir(site_dir) / "python_stdlib.zip"
    assert stdlib.is_file() and stdlib.name != full.name
    assert stdlib.with_name(stdlib.name + ".gz").stat().st_size < full.stat().st_size / 2
    assert found["pyodide"]["lock"]["packages"] == {}
    assert found["pyodide"]["lock"]["info"]["abi_version"]
    assert found["download"]["total"] == sum(found["download"]["files"].values())
    for name in ("pyodide.asm.wasm", "pyodide.asm.mjs"):
        for suffix in (".gz", ".br"):
            assert (runtime_dir(site_dir) / (name + suffix)).is_file()


def test_a_first_visit_fetches_neither_the_full_standard_library_nor_the_lock_file(browser, site_url, site_dir):
    context = browser.new_context()
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(urlparse(r.url).path))
    try:
        assert visit(page, site_url) == "normal"
    finally:
        context.close()
    names = [p.rsplit("/", 1)[-1] for p in requests]
    assert manifest(site_dir)["pyodide"]["stdlib"] in names
    assert "python_stdlib.zip" not in names
    assert "pyodide-lock.json" not in names


# Scripts of the calculator that the page does not name up front: the entry
# (its own script tag), the worker and what it imports, the compiler's worker,
# and modules imported only later (the calendar file, the theme's hold).
NOT_PRELOADED = {
    "calculator.js",
    "worker.js",
    "compiler.js",
    "compiled-module.js",
    "snapshot-file.js",
    "snapshot-read.js",
    "snapshot-reader.js",
    "warm-start.js",
    "ics.js",
    "theme-later.js",
}


def test_the_page_names_every_module_it_loads_up_front_so_a_slow_link_fetches_them_side_by_side(browser, site_url):
    """Each module the calculator's page imports is in a <link rel="modulepreload">
    (else a slow link waits a round trip per level of imports), and each one
    named is used (no bytes wasted)."""
    context = browser.new_context()
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(urlparse(r.url).path))
    try:
        visit(page, site_url)
        preloaded = {
            href.rsplit("/", 1)[-1]
            for href in page.eval_on_selector_all('link[rel="modulepreload"]', "links => links.map(l => l.href)")
        }
    finally:
        context.close()
    loaded = {p.rsplit("/", 1)[-1] for p in requests if "/assets/calculator/" in p and p.endswith(".js")}
    assert len(preloaded) >= 5
    assert preloaded <= loaded
    assert loaded - preloaded <= NOT_PRELOADED


# ---------------------------------------------------------------- progress


def test_the_progress_bar_counts_up_to_the_whole_download_and_is_announced_politely(browser, site_url):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    context.add_init_script(STATUS_RECORDER)
    page = context.new_page()
    try:
        # Slow enough for the bar to show several values before the runtime is in.
        slow_link(context, page, mbit=20)
        slug, stage, start = CASE
        page.goto(site_url + "calculator/" + fragment(slug, stage, start))
        page.wait_for_selector("[data-calc-progress]:not([hidden])", timeout=10_000)
        box = page.locator("[data-calc-progress]").bounding_box()
        assert box and 0 <= box["y"] and box["y"] + box["height"] <= 844, "the progress bar is off-screen on a phone"
        assert page.get_attribute("[data-calc-progress-status]", "role") == "status"
        assert wait_settled(page) == "ready"
        wait_answer(page)
        bar = page.evaluate("window.__bar")
        status = page.evaluate("window.__status")
    finally:
        context.close()
    assert bar == sorted(bar), "the bar went backwards"
    assert len(set(bar)) >= 4 and max(bar) == 100
    assert status[0] == "Loading the calculator."
    assert "25% downloaded" in " ".join(status)
    assert status[-1] == "The calculator is ready."
    # Politely: a handful of announcements, not one per percent.
    assert len(status) <= 8


# ---------------------------------------------------------------- a stalled download, and Retry


@pytest.mark.waits  # the calculator's 20 s stall timer
def test_a_stalled_download_fails_within_the_stated_time_and_retry_then_answers(browser, site_url):
    context = browser.new_context()
    page = context.new_page()
    held = []
    # The binary's request gets no answer at all: nothing arrives, nothing fails.
    page.route("**/pyodide.asm.wasm", lambda route: held.append(route))
    slug, stage, start = CASE
    began = time.monotonic()
    page.goto(site_url + "calculator/" + fragment(slug, stage, start))
    try:
        assert wait_settled(page, (STALL_S + 25) * 1000) == "failed"
        took = time.monotonic() - began
        assert held, "the test did not hold the binary's request"
        assert STALL_S - 1 <= took <= STALL_S + 25
        message = page.inner_text("[data-calc-message]")
        assert "the network stopped" in message and "20 seconds" in message
        assert page.is_visible(f"[data-calc-fallback] table[data-protocol='{slug}']")
        assert page.is_visible("[data-calc-retry]")
        axe.assert_none(page)
        # Retry, with the network back: no reload, the same page answers.
        page.unroute("**/pyodide.asm.wasm")
        page.evaluate("window.__samePage = true")
        page.click("[data-calc-retry]")
        assert page.get_attribute("[data-calculator]", "data-state") == "loading"
        axe.assert_none(page)
        assert wait_settled(page) == "ready", page.inner_text("[data-calc-message]")
        wait_answer(page)
        assert page.evaluate("window.__samePage") is True
        assert shown_dates(page) == expected_dates(expected(slug, stage, start))
        assert page.is_hidden("[data-calc-retry]")
    finally:
        context.close()


def test_webassembly_blocked_says_so_and_offers_no_retry(context, site_url):
    context.add_init_script("delete globalThis.WebAssembly;")
    page = context.new_page()
    page.goto(site_url + "calculator/" + fragment(*CASE))
    assert wait_settled(page, 5_000) == "failed"
    assert "WebAssembly is blocked here" in page.inner_text("[data-calc-message]")
    assert page.is_hidden("[data-calc-retry]")


def test_axe_finds_no_violation_while_the_calculator_loads(browser, site_url):
    context = browser.new_context()
    page = context.new_page()
    held = []
    page.route("**/pyodide.asm.wasm", lambda route: held.append(route))
    try:
        page.goto(site_url + "calculator/" + fragment(*CASE))
        page.wait_for_selector("[data-calc-progress]:not([hidden])", timeout=10_000)
        page.wait_for_function("() => document.querySelector('[data-calc-progress-bar]').value > 0", timeout=20_000)
        assert page.get_attribute("[data-calculator]", "data-state") == "loading"
        axe.assert_none(page)
    finally:
        context.close()


# ---------------------------------------------------------------- the theme's script and search index

INDEX_REQUESTED = """() => { const e = performance.getEntriesByType("resource")
  .find(r => r.name.endsWith("/search/search_index.json")); return e ? e.startTime : null; }"""

THEME_REQUESTED = """() => { const e = performance.getEntriesByType("resource")
  .find(r => /\\/assets\\/javascripts\\/bundle\\.[0-9a-f]+\\.min\\.js$/.test(r.name));
  return e ? e.startTime : null; }"""


def _theme_requested(page) -> float:
    page.wait_for_function(f"() => ({THEME_REQUESTED})() !== null", timeout=20_000)
    return page.evaluate(THEME_REQUESTED)


def _index_requested(page) -> float:
    page.wait_for_function(f"() => ({INDEX_REQUESTED})() !== null", timeout=20_000)
    return page.evaluate(INDEX_REQUESTED)


def test_a_protocol_link_starts_the_theme_and_search_after_the_first_answer_and_search_then_works(browser, site_url):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        assert visit(page, site_url) in ("normal", "snapshot")
        answered = page.evaluate("performance.getEntriesByName('calculator-first-answer')[0].startTime")
        assert _theme_requested(page) >= answered
        assert _index_requested(page) >= answered
        # The theme started after its DOMContentLoaded had passed, and works.
        page.click("[data-md-component=search-query]")
        page.keyboard.type("escalation")
        page.wait_for_selector(".md-search-result__item", timeout=20_000)
    finally:
        context.close()


def test_without_a_protocol_link_the_theme_and_its_search_index_load_at_once(browser, site_url):
    context = browser.new_context()
    page = context.new_page()
    held = []
    page.route("**/pyodide.asm.wasm", lambda route: held.append(route))  # the calculator never answers
    try:
        page.goto(site_url + "calculator/")
        assert _theme_requested(page) < 5_000
        assert _index_requested(page) < 5_000
        assert not page.evaluate("performance.getEntriesByName('calculator-first-answer').length")
    finally:
        context.close()


def test_a_reader_who_touches_the_page_gets_the_search_index_before_the_answer(browser, site_url):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    held = []
    page.route("**/pyodide.asm.wasm", lambda route: held.append(route))  # Python cannot start yet
    try:
        page.goto(site_url + "calculator/" + fragment(*CASE))
        page.wait_for_selector("[data-calc-progress]:not([hidden])", timeout=10_000)
        page.wait_for_timeout(500)
        assert page.evaluate(INDEX_REQUESTED) is None, "the index loaded before the reader did anything"
        page.keyboard.press("Shift")
        _index_requested(page)
        assert not page.evaluate("performance.getEntriesByName('calculator-first-answer').length")
    finally:
        context.close()


# ---------------------------------------------------------------- the snapshot


def test_a_repeat_visit_starts_from_the_snapshot_with_the_same_answers_and_stores_nothing(browser, site_url):
    context = browser.new_context()
    context.add_init_script(STATUS_RECORDER)
    page = context.new_page()
    try:
        assert visit(page, site_url, wait_snapshot=True) == "normal"
        page.goto("about:blank")
        assert visit(page, site_url) == "snapshot"
        # Every file counted as in (Pyodide's module, imported from the cache
        # without the counter, too): a start that stalls is not "the network stopped".
        assert max(page.evaluate("window.__bar"), default=0) == 100
        # Other questions on the snapshot path, against the engine in CPython.
        for slug, stage, start in (
            ("lscp", "2", "2020-12-23"),
            ("salford", "3", "2026-04-02"),
            ("staffordshire-stoke-on-trent", "1", "2025-12-24"),
        ):
            before = int(page.get_attribute("[data-calculator]", "data-answers") or 0)
            page.evaluate("f => { location.hash = f; }", fragment(slug, stage, start))
            page.wait_for_function(
                "n => Number(document.querySelector('[data-calculator]').dataset.answers) > n",
                arg=before,
                timeout=ANSWER_MS,
            )
            assert shown_dates(page) == expected_dates(expected(slug, stage, start))
        assert storage_used(page) == EMPTY_STORAGE
        assert page.evaluate(SNAPSHOT_STATUS) == "used"
    finally:
        context.close()


def test_after_a_normal_start_s_answer_a_worker_prepares_the_next_visit_and_never_fetches_the_binary(browser, site_url):
    """warm-start.js loads Pyodide's JavaScript a second time after the first
    answer (so that the browser keeps its compiled code for the next visit),
    stops where Pyodide asks for its binary without fetching it, and closes
    itself; the compiling worker outlives it; a visit that started from the
    snapshot prepares nothing."""
    context = browser.new_context()
    page = context.new_page()
    binaries: list[str] = []
    page.on("request", lambda r: binaries.append(r.url) if r.url.endswith("/pyodide.asm.wasm") else None)
    started: list[str] = []
    closed: list[str] = []

    def watch(worker) -> None:
        started.append(urlparse(worker.url).path)
        worker.on("close", lambda w: closed.append(urlparse(w.url).path))

    page.on("worker", watch)
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        assert visit(page, site_url, wait_snapshot=True) == "normal"
        deadline = 20_000
        while not any(p.endswith("/warm-start.js") for p in closed) and deadline > 0:
            page.wait_for_timeout(250)
            deadline -= 250
        assert any(p.endswith("/warm-start.js") for p in started)
        assert any(p.endswith("/warm-start.js") for p in closed), "it did not close itself"
        assert len(binaries) == 1  # the compiling worker's; none from warm-start.js
        # The compiling worker is still there: the browser writes the binary's
        # compiled code to its cache from it while Python runs (compiler.js).
        assert any(p.endswith("/compiler.js") for p in started)
        assert not any(p.endswith("/compiler.js") for p in closed)
        page.goto("about:blank")
        started.clear()
        assert visit(page, site_url) == "snapshot"
        page.wait_for_timeout(1000)
        assert not any(p.endswith("/warm-start.js") for p in started)
        assert errors == []
    finally:
        context.close()


@pytest.fixture(scope="module")
def damaged_site(site_dir, tmp_path_factory):
    """A copy of the built site whose snapshot file (and, for a snapshot that
    passes the integrity check but cannot be restored, the hash the manifest
    gives) each test replaces."""
    copy = tmp_path_factory.mktemp("damaged") / "site"
    shutil.copytree(site_dir, copy)
    snapshot = manifest(copy)["pyodide"]["snapshot"]
    assert snapshot, "the build left the snapshot out"
    path = runtime_dir(copy) / snapshot["file"]
    originals = {
        "snapshot": path.read_bytes(),
        "integrity": snapshot["integrity"],
        "manifest": {
            name: (copy / "assets" / "calculator" / name).read_text(encoding="utf-8")
            for name in ("manifest.json", "manifest.js")
        },
    }
    return copy, path, originals


def _integrity(data: bytes) -> str:
    import base64
    import hashlib

    return "sha256-" + base64.b64encode(hashlib.sha256(data).digest()).decode("ascii")


def _another_builds(data: bytes) -> bytes:
    """The snapshot file with another build id in Pyodide's own header (bytes
    16-48 of the snapshot's first block, which the file holds first after its
    header and bitmap: see docs/assets/calculator/snapshot-file.js)."""
    import gzip
    import math
    import struct

    content = bytearray(gzip.decompress(data))
    magic, length, block, _kept = struct.unpack("<4I", content[:16])
    assert magic == int.from_bytes(b"hbs1", "little")
    first = 16 + math.ceil(math.ceil(length / block) / 8)
    assert content[first + 1 : first + 4] == b"snp", "not Pyodide's snapshot header"
    content[first + 16 : first + 48] = bytes(32)
    return gzip.compress(bytes(content), 9)


#: how the snapshot is damaged -> (its bytes from the original, whether the
#: manifest's hash is made to match them, what the worker reports).
DAMAGE = {
    "missing": (None, False, "not cached"),
    "truncated, hash unchanged": (lambda b: b[: len(b) // 2], False, "rejected"),
    "another build's, hash unchanged": (_another_builds, False, "rejected"),
    # The hash matches: only the restore itself can tell (Pyodide's build id check).
    "another build's, hash matching": (_another_builds, True, "restore failed"),
    # The hash matches: the file's own format tells (it ends early).
    "truncated, hash matching": (lambda b: b[: len(b) // 2], True, "restore failed"),
}


def _damage(damaged, how: str) -> None:
    site, path, originals = damaged
    change, rehash, _ = DAMAGE[how]
    for suffix in (".gz", ".br"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)
    for name, text in originals["manifest"].items():
        (site / "assets" / "calculator" / name).write_text(text, encoding="utf-8")
    if change is None:
        path.unlink(missing_ok=True)
        return
    data = change(originals["snapshot"])
    path.write_bytes(data)
    if rehash:
        for name, text in originals["manifest"].items():
            (site / "assets" / "calculator" / name).write_text(
                text.replace(originals["integrity"], _integrity(data)), encoding="utf-8"
            )


SNAPSHOT_STATUS = """() => { const e = performance.getEntriesByName("calculator-ready")[0];
  return e && e.detail ? e.detail.snapshot : null; }"""


@pytest.mark.parametrize("how", list(DAMAGE))
def test_a_missing_or_damaged_snapshot_falls_back_to_the_normal_start_and_answers(browser, damaged_site, how):
    _damage(damaged_site, how)
    with SiteServer(damaged_site[0]) as url:
        context = browser.new_context()
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        try:
            if how == "missing":
                assert visit(page, url) == "normal"
                page.wait_for_timeout(1000)  # the low-priority fetch finds nothing
            else:
                assert visit(page, url, wait_snapshot=True) == "normal"
            page.goto("about:blank")
            assert visit(page, url) == "normal"
            assert page.evaluate(SNAPSHOT_STATUS) == DAMAGE[how][2]
            assert errors == []
        finally:
            context.close()


def _repeat_visits(browser, damaged_site, cases) -> None:
    """For each (how the snapshot is damaged, or "whole"; the path the repeat
    visit starts by; what the worker reports of the snapshot): a first visit,
    then a repeat visit, in one context, with no script error."""
    site, path, originals = damaged_site
    for how, started, status in cases:
        if how == "whole":
            _damage(damaged_site, "missing")  # the manifests as built, no copies beside the file
            path.write_bytes(originals["snapshot"])
        else:
            _damage(damaged_site, how)
        with SiteServer(site) as url:
            context = browser.new_context()
            page = context.new_page()
            errors: list[str] = []
            page.on("pageerror", lambda e, errors=errors: errors.append(str(e)))
            try:
                assert visit(page, url, wait_snapshot=True) == "normal"
                page.goto("about:blank")
                assert visit(page, url) == started, how
                assert page.evaluate(SNAPSHOT_STATUS) == status, how
                assert errors == []
            finally:
                context.close()


@contextmanager
def _script_changed(site: Path, name: str, before: str = "", after: str = "") -> Iterator[None]:
    """The calculator's script `name` in the built site with text put before
    and after it, as it was again afterwards."""
    script = code_dir(site) / name
    source = script.read_text(encoding="utf-8")
    script.write_text(before + source + after, encoding="utf-8")
    try:
        yield
    finally:
        script.write_text(source, encoding="utf-8")


#: Ways the snapshot's reader can fail the calculator's worker: (the script
#: changed, text put before it, text put after it, the repeat-visit cases).
READER_FAILS = {
    "the reader cannot start": ("snapshot-reader.js", 'throw new Error("the reader cannot start");\n', "", 2),
    "no channel between workers": ("runtime-client.js", "globalThis.MessageChannel = undefined;\n", "", 2),
    # After worker.js's READER_PATIENCE_MS.
    "the reader never answers": ("snapshot-reader.js", "", "\nself.onmessage = () => {};\n", 1),
}


@pytest.mark.parametrize("how", READER_FAILS)
def test_where_the_snapshot_s_reader_fails_the_worker_reads_the_snapshot_itself(browser, damaged_site, how):
    """The snapshot's reader (snapshot-reader.js) failing as it starts, the
    page unable to join it to the calculator's worker, or the reader never
    answering: the calculator's worker asks the cache and reads the snapshot
    itself. A whole one is used, and one that fails its check falls back to
    the normal start, as it does from the reader (not to "the network
    stopped", nor a calculator waiting for ever)."""
    site, path, originals = damaged_site
    name, before, after, count = READER_FAILS[how]
    cases = (("whole", "snapshot", "used"), ("truncated, hash unchanged", "normal", "rejected"))[:count]
    with _script_changed(site, name, before, after):
        _repeat_visits(browser, damaged_site, cases)


def test_where_the_page_cannot_compute_a_digest_the_fetch_checks_the_snapshot_s_integrity(browser, damaged_site):
    """Served over plain http (an intranet), a page has no crypto.subtle: the
    snapshot's reader then has the fetch check the integrity value over the
    whole file before unpacking it (elsewhere it unpacks as it reads and
    checks the SHA-256 at the end). Either way a whole snapshot is used and
    one that is not the build's file is rejected."""
    site, path, originals = damaged_site
    as_over_http = 'Object.defineProperty(self, "crypto", { value: {}, configurable: true });\n'
    with _script_changed(site, "snapshot-reader.js", before=as_over_http):
        _repeat_visits(
            browser,
            damaged_site,
            (
                ("whole", "snapshot", "used"),
                ("truncated, hash unchanged", "normal", "rejected"),
                ("truncated, hash matching", "normal", "restore failed"),
            ),
        )
