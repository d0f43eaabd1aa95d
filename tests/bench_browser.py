"""Benchmark of the browser calculator against bare Pyodide (prints figures).

    .venv/bin/python tests/bench_browser.py [--site-dir DIR] [--runs N] [--net-runs N]

Builds the site (or takes --site-dir), copies it to a temporary folder, adds
a bare page there that only calls `loadPyodide()` with its defaults (the
full standard library, the lock file) from the same copy of Pyodide, and
serves both from one server: nginx with the documented settings
(docs/deploy/nginx.conf: the build's .gz copies, a year's caching for the
versioned runtime) where nginx is installed, else the test server with the
site's `_headers`. In Chromium it measures, as medians over N runs, the two
pages alternating so drift in the machine's load hits both alike:

- a second baseline: the same bare `loadPyodide()` in a module worker, off
  the page's thread as the calculator runs it, so that what the worker alone
  gains is told apart from what the calculator's own work does;
- on localhost, a first visit (a fresh browser profile on disk, as a
  reader's, whose HTTP cache keeps large files) and a repeat visit (same
  profile, after the calculator's low-priority fetch of its memory
  snapshot has finished, and the first visit's page kept open READING_S
  seconds after its answer, as a reader reads it; the same pause for the
  bare pages), every time taken in the page: time from navigation to the calculator's first
  answer for a `#protocol=` URL, against the bare page's time from
  navigation to `loadPyodide()` resolving; and how the calculator started
  (snapshot or normal);
- a first visit at 5, 10 and 25 Mbit/s (Chromium's network emulation over
  the DevTools protocol, 40 ms latency), both pages;
- bytes transferred by each visit (response bodies as nginx's access log
  records them; with the test server, as the browser reports them),
  and the gzipped size of the calculator's own files (wheel, scripts,
  styles, JSON, the partial's HTML), with the runtime's files apart;
- where the calculator's start-up time goes (its User Timing measures), the
  longest main-thread task from starting Pyodide to the first answer, and the
  time from a changed input to the updated answer once ready.

The harness waits for each page's User Timing mark with a
PerformanceObserver in the page, not by polling: Playwright's polling runs
at every animation frame, and the frames it forces took main-thread and
compositor time from the very start it was measuring.

It prints the goals beside the figures and always exits 0: it is a
benchmark, not a test (pytest does not collect it).
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.support.browser import CHROMIUM_ARGS, chromium_executable, launch  # noqa: E402
from tests.support.nginx import Nginx, nginx_executable  # noqa: E402
from tests.support.server import SiteServer  # noqa: E402
from tests.support.site_data import code_dir  # noqa: E402

FRAGMENT = "#protocol=safeguarding-children-partnership&stage=2&start=2026-12-22"
GOAL_REPEAT = 0.40  # repeat visit vs bare Pyodide warm
GOAL_FIRST_LOCAL = 1.05  # first visit vs bare Pyodide cold, localhost
GOAL_FIRST_SLOW = 0.85  # first visit vs bare Pyodide at 5 Mbit/s
GOAL_OWN_GZIP_BYTES = 150 * 1024
GOAL_LONGTASK_MS = 50
GOAL_CHANGE_MS = 20
SPEEDS_MBIT = (5, 10, 25)
LATENCY_MS = 40
TIMEOUT_MS = 180_000
#: How long a first visit's page stays open after its answer (or Pyodide's
#: start, for the bare pages) before the repeat visit: a reader reads it.
READING_S = 3

BARE_HTML = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Bare Pyodide</title></head>
<body><p id="state">loading</p><script type="module" src="bare.js"></script></body></html>
"""

BARE_JS = """import { loadPyodide } from "../assets/pyodide/%(version)s/pyodide.mjs";
const pyodide = await loadPyodide({ indexURL: new URL("../assets/pyodide/%(version)s/", import.meta.url).href });
performance.mark("pyodide-ready");
document.getElementById("state").textContent = "ready " + pyodide.version;
"""

# The same bare loadPyodide(), off the page's thread in a module worker (as
# the calculator runs it): a second baseline, to tell what the worker itself
# gains from what the calculator's own work (trimmed library, snapshot) does.
BARE_WORKER_HTML = BARE_HTML.replace("bare.js", "bare-worker.js").replace("Bare Pyodide", "Bare Pyodide in a worker")

BARE_WORKER_JS = """const worker = new Worker(new URL("bare-worker-inner.js", import.meta.url), { type: "module" });
worker.onmessage = (event) => {
  performance.mark("pyodide-ready");
  document.getElementById("state").textContent = "ready " + event.data;
};
"""

BARE_WORKER_INNER_JS = """import { loadPyodide } from "../assets/pyodide/%(version)s/pyodide.mjs";
const pyodide = await loadPyodide({ indexURL: new URL("../assets/pyodide/%(version)s/", import.meta.url).href });
postMessage(pyodide.version);
"""

LONGTASKS = """
window.__longtasks = [];
try {
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) window.__longtasks.push([entry.startTime, entry.duration]);
  }).observe({ type: "longtask", buffered: true });
} catch (e) {}
"""

LONGEST_SINCE = """([from, until]) => {
  const start = performance.getEntriesByName(from)[0];
  const end = performance.getEntriesByName(until)[0];
  const t0 = start ? start.startTime : 0, t1 = end ? end.startTime : Infinity;
  const inside = window.__longtasks.filter(([s, d]) => s + d > t0 && s < t1);
  return Math.max(0, ...inside.map(([s, d]) => d));
}"""

MARK_TIME = "name => { const e = performance.getEntriesByName(name); return e.length ? e[0].startTime : null; }"

# Resolves true once the page has the mark (false after the timeout): the
# page is not polled, so the wait costs it nothing.
WAIT_FOR_MARK = """([name, timeoutMs]) => new Promise((resolve) => {
  if (performance.getEntriesByName(name).length) return resolve(true);
  const observer = new PerformanceObserver((list) => {
    if (list.getEntriesByName(name).length) { observer.disconnect(); resolve(true); }
  });
  observer.observe({ type: "mark" });
  setTimeout(() => { observer.disconnect(); resolve(performance.getEntriesByName(name).length > 0); }, timeoutMs);
})"""

READY_DETAIL = """() => { const e = performance.getEntriesByName("calculator-ready")[0];
  return e && e.detail ? e.detail : {}; }"""

PHASES = (
    "page starts the calculator",
    "calculator: worker starting",
    "calculator: Pyodide starting",
    "calculator: snapshot read",
    "calculator: Python modules loading",
    "answer shown",
)

READ_PHASES = """() => {
  const started = performance.getEntriesByName("calculator-start")[0];
  const out = { "page starts the calculator": started ? started.startTime : 0 };
  for (const m of performance.getEntriesByType("measure"))
    if (m.name.startsWith("calculator: ")) out[m.name] = m.duration;
  const ready = performance.getEntriesByName("calculator-ready")[0];
  const shown = performance.getEntriesByName("calculator-first-answer")[0];
  if (ready && shown) out["answer shown"] = shown.startTime - ready.startTime;
  return out;
}"""

CHANGE_LATENCY = """async (rounds) => {
  const root = document.querySelector("[data-calculator]");
  // The day of the start date, typed again as a reader would: the answer
  // follows each valid change (a new stage would clear the dates instead).
  const day = Array.from(root.querySelectorAll("[data-calc-group='start'] [data-calc-part='day']"))
    .find(e => e.getClientRects().length);
  const times = [];
  for (let i = 0; i < rounds && day; i++) {
    const before = root.dataset.answers;
    const answered = new Promise(resolve => {
      const observer = new MutationObserver(() => {
        if (root.dataset.answers !== before) { observer.disconnect(); resolve(performance.now()); }
      });
      observer.observe(root, { attributes: true, attributeFilter: ["data-answers"] });
      setTimeout(() => { observer.disconnect(); resolve(null); }, 10000);  // never waits for ever
    });
    const t0 = performance.now();
    day.value = String(1 + ((Number(day.value) + i) % 27));
    day.dispatchEvent(new Event("input", { bubbles: true }));
    const t1 = await answered;
    times.push(t1 === null ? null : t1 - t0);
    await new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)));
  }
  return times;
}"""


def build_site(out: Path) -> None:
    run = subprocess.run(
        [sys.executable, "-m", "authoring.cli", "build", "--site-dir", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if run.returncode != 0:
        sys.exit(f"bench_browser: the build failed:\n{run.stdout}\n{run.stderr}")


def own_files_gzip(site: Path, partial_html: str) -> dict[str, int]:
    sizes = {}
    calc = site / "assets" / "calculator"
    for path in sorted([*calc.iterdir(), *code_dir(site).iterdir()], key=lambda p: p.name):
        if path.is_dir() or path.suffix in (".gz", ".br"):
            continue
        sizes[path.name] = len(gzip.compress(path.read_bytes(), 9))
    sizes["(the partial's HTML)"] = len(gzip.compress(partial_html.encode("utf-8"), 9))
    return sizes


def median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def fmt_ms(value) -> str:
    return "n/a" if value is None else f"{value:,.0f} ms"


def fmt_bytes(value) -> str:
    return "n/a" if value is None else f"{value / 1e6:,.2f} MB"


def ratio(a, b):
    return a / b if a and b else None


def verdict(value, goal) -> str:
    return "n/a" if value is None else ("meets" if value <= goal else "MISSES")


class AccessLog:
    """Bytes nginx sent, per request, read from its access log (the
    combined format: ... "GET PATH HTTP/1.1" STATUS BYTES ...)."""

    def __init__(self, path: Path):
        self.path = path
        self.offset = 0

    def skip(self) -> None:
        self.offset = self.path.stat().st_size if self.path.exists() else 0

    def read(self) -> list[tuple[str, int]]:
        if not self.path.exists():
            return []
        with self.path.open("rb") as f:
            f.seek(self.offset)
            text = f.read().decode("utf-8", "replace")
            self.offset = f.tell()
        found = []
        for line in text.splitlines():
            match = re.search(r'"[A-Z]+ (\S+) [^"]*" (\d{3}) (\d+)', line)
            if match:
                found.append((match.group(1), int(match.group(3))))
        return found


@contextmanager
def serving(site: Path):
    """nginx with the documented settings where installed (and its access
    log, for the bytes sent), else the test server."""
    if nginx_executable():
        server = Nginx(site)
        with server as url:
            yield url, "nginx with docs/deploy/nginx.conf", AccessLog(server.tmp / "access.log")
    else:
        with SiteServer(site) as url:
            yield url, "the test server with the site's _headers (nginx is not installed)", None


class Visit:
    """One navigation in a context: time to the page's mark, bytes sent."""

    #: The server's access log, when it has one: then `bytes` are what it sent.
    log: AccessLog | None = None

    def __init__(self, context, url: str, mark: str, mbit: float | None = None):
        if self.log:
            self.log.skip()
        self.page = context.new_page()
        self.sent: list[tuple[str, int]] = []
        self.page.on("requestfinished", self._finished)
        if mbit:
            cdp = context.new_cdp_session(self.page)
            cdp.send("Network.enable")
            rate = mbit * 1_000_000 / 8
            cdp.send(
                "Network.emulateNetworkConditions",
                {"offline": False, "latency": LATENCY_MS, "downloadThroughput": rate, "uploadThroughput": rate},
            )
        self.page.goto(url)
        # A run that does not answer is counted, not fatal.
        self.ms = self.page.evaluate(MARK_TIME, mark) if self.wait_for_mark(mark, TIMEOUT_MS / 1000) else None
        self.bytes = sum(size for _, size in self.sent)

    def served(self) -> list[tuple[str, int]]:
        """(path, bytes) of each response since this visit began: from the
        server's log where there is one, else as the browser reported them."""
        if self.log:
            self.logged = getattr(self, "logged", []) + self.log.read()
            return self.logged
        return self.sent

    def bytes_without_snapshot(self) -> int:
        return sum(size for url, size in self.served() if "/snapshot-" not in url)

    def snapshot_bytes(self) -> int:
        return sum(size for url, size in self.served() if "/snapshot-" in url)

    def _finished(self, request):
        try:
            sizes = request.sizes()
            self.sent.append((request.url, sizes["responseBodySize"] + sizes["responseHeadersSize"]))
        except Exception:  # noqa: BLE001 - a request of a closed page
            pass

    def wait_for_mark(self, mark: str, timeout_s: float = 120) -> bool:
        try:
            return bool(self.page.evaluate(WAIT_FOR_MARK, [mark, timeout_s * 1000]))
        except Exception:  # noqa: BLE001 - the caller says what a missing mark means
            return False

    def read(self) -> None:
        """Stay on the page READING_S seconds, as a reader reading it, then close it."""
        self.page.wait_for_timeout(READING_S * 1000)
        self.page.close()


@contextmanager
def on_disk(playwright) -> Iterator:
    """A Chromium with a profile on disk, as a reader's: its HTTP cache keeps
    the snapshot between visits (an in-memory context's cache drops large
    entries). A fresh profile each time: the first visit is a first visit."""
    with tempfile.TemporaryDirectory(prefix="handbook-profile-") as folder:
        context = playwright.chromium.launch_persistent_context(
            folder, executable_path=chromium_executable(), args=CHROMIUM_ARGS, headless=True
        )
        try:
            yield context
        finally:
            context.close()


def run_local(playwright, bare_url: str, calc_url: str, runs: int, worker_url: str) -> dict:
    out = {
        key: []
        for key in (
            "bare_cold",
            "bare_warm",
            "worker_cold",
            "worker_warm",
            "calc_cold",
            "calc_warm",
            "bare_cold_bytes",
            "bare_warm_bytes",
            "calc_cold_bytes",
            "calc_warm_bytes",
            "paths",
            "snapshot_bytes",
            "phases_cold",
            "phases_warm",
            "longest",
        )
    }
    for _ in range(runs):
        with on_disk(playwright) as context:
            cold = Visit(context, bare_url, "pyodide-ready")
            out["bare_cold_bytes"].append(cold.bytes_without_snapshot())
            cold.read()
            warm = Visit(context, bare_url, "pyodide-ready")
            out["bare_warm_bytes"].append(warm.bytes_without_snapshot())
        out["bare_cold"].append(cold.ms)
        out["bare_warm"].append(warm.ms)

        with on_disk(playwright) as context:
            cold = Visit(context, worker_url, "pyodide-ready")
            cold.read()
            warm = Visit(context, worker_url, "pyodide-ready")
        out["worker_cold"].append(cold.ms)
        out["worker_warm"].append(warm.ms)

        with on_disk(playwright) as context:
            context.add_init_script(LONGTASKS)
            cold = Visit(context, calc_url, "calculator-first-answer")
            out["phases_cold"].append(cold.page.evaluate(READ_PHASES))
            out["longest"].append(cold.page.evaluate(LONGEST_SINCE, ["calculator-start", "calculator-first-answer"]))
            cold.wait_for_mark("calculator-snapshot-kept")  # the worker read it to its end, into the HTTP cache
            out["snapshot_bytes"].append(cold.snapshot_bytes())
            cold_bytes = cold.bytes_without_snapshot()
            cold.read()
            warm = Visit(context, calc_url, "calculator-first-answer")
            out["paths"].append(warm.page.evaluate(READY_DETAIL).get("path"))
            out["phases_warm"].append(warm.page.evaluate(READ_PHASES))
            out["longest"].append(warm.page.evaluate(LONGEST_SINCE, ["calculator-start", "calculator-first-answer"]))
        out["calc_cold"].append(cold.ms)
        out["calc_warm"].append(warm.ms)
        out["calc_cold_bytes"].append(cold_bytes)
        out["calc_warm_bytes"].append(warm.bytes_without_snapshot())
    return out


def run_network(browser, bare_url: str, calc_url: str, runs: int, mbit: float, worker_url: str) -> dict:
    out = {"bare": [], "calc": [], "worker": [], "bare_bytes": [], "calc_bytes": [], "worker_bytes": []}
    for _ in range(runs):
        for key, url, mark in (
            ("bare", bare_url, "pyodide-ready"),
            ("worker", worker_url, "pyodide-ready"),
            ("calc", calc_url, "calculator-first-answer"),
        ):
            context = browser.new_context()
            visit = Visit(context, url, mark, mbit=mbit)
            out[key].append(visit.ms)
            out[f"{key}_bytes"].append(visit.bytes_without_snapshot())
            context.close()
    return out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site-dir", type=Path, help="a built site (default: build one now)")
    parser.add_argument("--runs", type=int, default=5, help="runs per measurement on localhost (default 5)")
    parser.add_argument(
        "--net-runs", type=int, default=None, help="runs per emulated network speed (default: as --runs)"
    )
    args = parser.parse_args(argv)
    net_runs = args.net_runs or args.runs

    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="handbook-bench-") as tmp:
        site = Path(tmp) / "site"
        if args.site_dir:
            shutil.copytree(args.site_dir, site)
        else:
            print("building the site…", flush=True)
            build_site(site)
        versions = sorted(p.name for p in (site / "assets" / "pyodide").iterdir())
        if not versions:
            sys.exit("bench_browser: the site has no Pyodide runtime")
        bench = site / "bench"
        bench.mkdir()
        (bench / "index.html").write_text(BARE_HTML, encoding="utf-8")
        (bench / "bare.js").write_text(BARE_JS % {"version": versions[-1]}, encoding="utf-8")
        (bench / "worker.html").write_text(BARE_WORKER_HTML, encoding="utf-8")
        (bench / "bare-worker.js").write_text(BARE_WORKER_JS, encoding="utf-8")
        (bench / "bare-worker-inner.js").write_text(BARE_WORKER_INNER_JS % {"version": versions[-1]}, encoding="utf-8")
        runtime = site / "assets" / "pyodide" / versions[-1]

        with serving(site) as (url, server, log), sync_playwright() as p:
            Visit.log = log
            browser = launch(p)
            bare_url, calc_url = url + "bench/", url + "calculator/" + FRAGMENT
            worker_url = url + "bench/worker.html"
            # One throw-away visit each, so the OS file cache is warm for both.
            for warmup, mark in ((bare_url, "pyodide-ready"), (calc_url, "calculator-first-answer")):
                ctx = browser.new_context()
                Visit(ctx, warmup, mark)
                ctx.close()
            local = run_local(p, bare_url, calc_url, args.runs, worker_url)
            network = {
                mbit: run_network(browser, bare_url, calc_url, net_runs, mbit, worker_url) for mbit in SPEEDS_MBIT
            }

            ctx = browser.new_context()
            visit = Visit(ctx, calc_url, "calculator-first-answer")
            change = visit.page.evaluate(CHANGE_LATENCY, 30)
            partial = visit.page.eval_on_selector("[data-calculator]", "el => el.outerHTML")
            ctx.close()
            browser.close()

        own = own_files_gzip(site, partial)
        runtime_sizes = []
        heap = json.loads((site / "assets" / "calculator" / "manifest.json").read_text())["pyodide"]["snapshot"]
        for path in sorted(runtime.glob("snapshot-*.bin")):
            runtime_sizes.append(
                f"  {path.name:54s} {path.stat().st_size:11,} B as sent (gzip inside; "
                f"the snapshot it unpacks to: {heap['length']:,} B)"
            )
        for path in sorted(runtime.glob("python_stdlib-*.zip")):
            packed = {s: path.with_name(path.name + s) for s in (".gz", ".br")}
            runtime_sizes.append(
                f"  {path.name:54s} {path.stat().st_size:11,} B raw, "
                + ", ".join(f"{p.stat().st_size:,} B {s[1:]}" for s, p in packed.items() if p.exists())
            )
        full = runtime / "python_stdlib.zip"
        runtime_sizes.append(f"  {'python_stdlib.zip (what bare Pyodide loads)':54s} {full.stat().st_size:11,} B")

    print(f"\nBrowser calculator benchmark: Chromium, served by {server}")
    print(f"  page: calculator/{FRAGMENT}; bare page: loadPyodide() with its defaults from the same runtime")
    print(f"  medians of {args.runs} runs on localhost, {net_runs} at each emulated speed ({LATENCY_MS} ms latency)")

    def runs_of(values):
        return ", ".join(fmt_ms(v) if v is not None else "NO ANSWER" for v in values)

    print("\nLocalhost: time from navigation to bare Pyodide ready / the calculator's first answer")
    for label, key, goal in (("first visit", "cold", GOAL_FIRST_LOCAL), ("repeat visit", "warm", GOAL_REPEAT)):
        b, w, c = median(local[f"bare_{key}"]), median(local[f"worker_{key}"]), median(local[f"calc_{key}"])
        r, rw = ratio(c, b), ratio(c, w)
        print(
            f"  {label:13s} bare {fmt_ms(b):>9s}   bare in a worker {fmt_ms(w):>9s}   calculator {fmt_ms(c):>9s}   "
            f"{'n/a' if r is None else f'{r:.2f}x'} of bare (goal <= {goal:.2f}x: {verdict(r, goal)}), "
            f"{'n/a' if rw is None else f'{rw:.2f}x'} of bare in a worker"
        )
        print(
            f"  {'':13s} runs: bare {runs_of(local[f'bare_{key}'])}; in a worker {runs_of(local[f'worker_{key}'])}; "
            f"calculator {runs_of(local[f'calc_{key}'])}"
        )
    print(f"  repeat visits started from: {', '.join(str(p) for p in local['paths'])}")
    print(
        f"  bytes, first visit: bare {fmt_bytes(median(local['bare_cold_bytes']))}, "
        f"calculator {fmt_bytes(median(local['calc_cold_bytes']))} "
        f"(+ the snapshot after the first answer, {fmt_bytes(median(local['snapshot_bytes']))})"
    )
    print(
        f"  bytes, repeat visit: bare {fmt_bytes(median(local['bare_warm_bytes']))}, "
        f"calculator {fmt_bytes(median(local['calc_warm_bytes']))}"
    )

    print(f"\nFirst visit at emulated speeds ({LATENCY_MS} ms latency)")
    for mbit, figures in network.items():
        b, w, c = median(figures["bare"]), median(figures["worker"]), median(figures["calc"])
        r, rw = ratio(c, b), ratio(c, w)
        goal = f" (goal <= {GOAL_FIRST_SLOW:.2f}x: {verdict(r, GOAL_FIRST_SLOW)})" if mbit == 5 else ""
        answered = sum(v is not None for v in figures["calc"])
        print(
            f"  {mbit:>2} Mbit/s   bare {fmt_ms(b):>9s}   bare in a worker {fmt_ms(w):>9s}   "
            f"calculator {fmt_ms(c):>9s}   {'n/a' if r is None else f'{r:.2f}x'} of bare{goal}, "
            f"{'n/a' if rw is None else f'{rw:.2f}x'} of bare in a worker"
        )
        print(
            f"  {'':11s} runs: bare {runs_of(figures['bare'])}; in a worker {runs_of(figures['worker'])}; "
            f"calculator {runs_of(figures['calc'])}"
        )
        print(
            f"  {'':11s} bytes: bare {fmt_bytes(median(figures['bare_bytes']))}, "
            f"calculator {fmt_bytes(median(figures['calc_bytes']))}; "
            f"calculator answered in {answered} of {len(figures['calc'])} runs"
            + (" (goal: every run)" if mbit == 5 else "")
        )

    print("\nWhere the calculator's time goes (medians of its User Timing measures)")
    for label, key in (("first", "phases_cold"), ("repeat", "phases_warm")):
        cells = [
            f"{phase.removeprefix('calculator: ')} {fmt_ms(median([p.get(phase) for p in local[key]]))}"
            for phase in PHASES
        ]
        print(f"  {label:7s} " + "; ".join(cells))

    print("\nSizes")
    own_total = sum(own.values())
    print("  the calculator's own files, gzipped:")
    for name, size in own.items():
        print(f"    {name:52s} {size:9,} B")
    print(
        f"    {'total':52s} {own_total:9,} B  (goal <= {GOAL_OWN_GZIP_BYTES:,} B: "
        f"{verdict(own_total, GOAL_OWN_GZIP_BYTES)})"
    )
    for line in runtime_sizes:
        print(line)

    print("\nMain thread and interaction")
    longest = max(local["longest"]) if local["longest"] else None
    print(
        f"  longest task from starting Pyodide to the first answer: {fmt_ms(longest)}"
        f"   (goal: none over {GOAL_LONGTASK_MS} ms: {verdict(longest, GOAL_LONGTASK_MS)})"
    )
    answered = [t for t in change if t is not None]
    if not answered:
        print("  changed input to updated answer: no change was answered within 10 s")
        return 0
    print(
        f"  changed input to updated answer (30 changes of the start's day; {len(change) - len(answered)} unanswered):"
        f" median {median(answered):.1f} ms, worst {max(answered):.1f} ms"
        f"   (goal <= {GOAL_CHANGE_MS} ms: {verdict(median(answered), GOAL_CHANGE_MS)})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
