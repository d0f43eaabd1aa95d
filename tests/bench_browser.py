"""Benchmark of the browser calculator against bare Pyodide (prints figures).

    .venv/bin/python tests/bench_browser.py [--site-dir DIR] [--runs N]

Builds the site (or takes --site-dir), copies it to a temporary folder, adds
a bare page there that only calls `loadPyodide()` from the same files, serves
both from one local server with the headers the site ships in `_headers` (its
Content-Security-Policy, and a year's caching for the versioned Pyodide
runtime, which the bare page uses too), and in Chromium measures, as medians
over N runs:

- cold (fresh browser context) and warm-cache (same context, reload) time from
  navigation to the calculator's first answer for a `#protocol=` URL, against
  the bare page's time from navigation to `loadPyodide()` resolving; and, to
  show where the difference comes from, a third page with Pyodide alone
  started the way the calculator starts it (in a module worker, its binary
  compiled by the site's compiler.js beside it), with no theme and no
  calculator;
- bytes transferred (response bodies), and the gzipped size of the
  calculator's own files (wheel, scripts, styles, JSON, the partial's HTML);
- the longest main-thread task ('longtask' entries): over the whole load, and
  from the moment the page starts Pyodide (the calculator's
  `calculator-start` mark; navigation on the bare pages) to the first answer,
  with the script each long animation frame spent its time in, so a long task
  can be put down to the theme's scripts or the calculator's;
- the time from a changed input to the updated answer once ready.

It prints the goals beside the figures and always exits 0: it is a
benchmark, not a test (pytest does not collect it).
"""

from __future__ import annotations

import argparse
import gzip
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.support.browser import launch  # noqa: E402
from tests.support.server import SiteServer  # noqa: E402

FRAGMENT = "#protocol=safeguarding-children-partnership&stage=2&start=2026-12-22"
GOAL_RATIO = 1.10
GOAL_OWN_GZIP_BYTES = 150 * 1024
GOAL_LONGTASK_MS = 50
GOAL_CHANGE_MS = 20

BARE_HTML = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Bare Pyodide</title></head>
<body><p id="state">loading</p><script type="module" src="bare.js"></script></body></html>
"""

BARE_JS = """import { loadPyodide } from "../assets/pyodide/%(version)s/pyodide.mjs";
const pyodide = await loadPyodide({ indexURL: "../assets/pyodide/%(version)s/" });
performance.mark("pyodide-ready");
document.getElementById("state").textContent = "ready " + pyodide.version;
"""

# Pyodide alone, started the way the calculator starts it: in a module worker,
# with its binary compiled by the site's compiler.js in a second worker and
# handed over through compiled-module.js. No theme, no calculator: the floor
# that running Pyodide off the page's thread sets for the calculator.
BARE_WORKER_HTML = BARE_HTML.replace("bare.js", "bare-worker.js").replace(
    "Bare Pyodide", "Pyodide alone, started as the calculator starts it")

BARE_WORKER_JS = """const assets = new URL("../assets/", import.meta.url);
const worker = new Worker(new URL("bare-worker-inner.js", import.meta.url), { type: "module" });
worker.onmessage = (event) => {
  performance.mark("pyodide-ready");
  const at = (epoch) => epoch - performance.timeOrigin;
  performance.measure("calculator: worker starting", { start: 0, end: at(event.data.start) });
  performance.measure("calculator: Pyodide starting", { start: at(event.data.start), end: at(event.data.pyodide) });
  document.getElementById("state").textContent = "ready " + event.data.version;
};
const compiler = new Worker(new URL("calculator/compiler.js", assets));
compiler.onmessage = (event) => {
  worker.postMessage(event.data instanceof WebAssembly.Module ? event.data : null);
  compiler.terminate();
};
compiler.postMessage(new URL("pyodide/%(version)s/pyodide.asm.wasm", assets).href);
"""

BARE_WORKER_INNER_JS = """import { loadPyodide } from "../assets/pyodide/%(version)s/pyodide.mjs";
import { useCompiledModule } from "../assets/calculator/compiled-module.js";
let give;
const compiled = new Promise((resolve) => { give = resolve; });
self.onmessage = (event) => give(event.data);
const indexURL = new URL("../assets/pyodide/%(version)s/", import.meta.url).href;
const start = performance.timeOrigin + performance.now();
useCompiledModule(indexURL + "pyodide.asm.wasm", compiled);
const pyodide = await loadPyodide({ indexURL });
postMessage({ version: pyodide.version, start, pyodide: performance.timeOrigin + performance.now() });
"""

LONGTASKS = """
window.__longtasks = [];
window.__frames = [];
try {
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) window.__longtasks.push([entry.startTime, entry.duration]);
  }).observe({ type: "longtask", buffered: true });
} catch (e) {}
try {
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      if (entry.duration <= 50) continue;
      const scripts = entry.scripts.map((s) => [(s.sourceURL || s.invoker || "?").split("/").pop(), s.duration]);
      window.__frames.push([entry.startTime, entry.duration, scripts]);
    }
  }).observe({ type: "long-animation-frame", buffered: true });
} catch (e) {}
"""

LONGEST_SINCE = """([from, until]) => {
  const start = performance.getEntriesByName(from)[0];
  const end = performance.getEntriesByName(until)[0];
  const t0 = start ? start.startTime : 0, t1 = end ? end.startTime : Infinity;
  const inside = window.__longtasks.filter(([s, d]) => s + d > t0 && s < t1);
  return Math.max(0, ...inside.map(([s, d]) => d));
}"""

#: Where each page starts Pyodide: the calculator marks it; the bare pages at navigation.
START_MARKS = {"calculator-first-answer": "calculator-start", "pyodide-ready": "(navigation)"}

MARK_TIME = "name => { const e = performance.getEntriesByName(name); return e.length ? e[0].startTime : null; }"

#: The start-up phases, one after another from navigation: when the page starts
#: the calculator (the reference page: at once), then the User Timing measures
#: the calculator (and the reference page) record, then from the calculator
#: ready to its answer shown.
PHASES = ("page starts the calculator", "calculator: worker starting", "calculator: Pyodide starting",
          "calculator: Python modules loading", "answer shown")

READ_PHASES = """() => {
  const started = performance.getEntriesByName("calculator-start")[0];
  const out = { "page starts the calculator": started ? started.startTime : 0 };
  for (const m of performance.getEntriesByType("measure")) if (m.name.startsWith("calculator: ")) out[m.name] = m.duration;
  const ready = performance.getEntriesByName("calculator-ready")[0], shown = performance.getEntriesByName("calculator-first-answer")[0];
  if (ready && shown) out["answer shown"] = shown.startTime - ready.startTime;
  return out;
}"""

CHANGE_LATENCY = """async (rounds) => {
  const root = document.querySelector("[data-calculator]");
  const stage = root.querySelector('[data-calc-field="stage"]');
  const values = Array.from(stage.options).filter(o => o.value && !o.hidden && o.parentNode).map(o => o.value);
  const times = [];
  for (let i = 0; i < rounds; i++) {
    const before = root.dataset.answers;
    const answered = new Promise(resolve => {
      const observer = new MutationObserver(() => {
        if (root.dataset.answers !== before) { observer.disconnect(); resolve(performance.now()); }
      });
      observer.observe(root, { attributes: true, attributeFilter: ["data-answers"] });
    });
    const t0 = performance.now();
    stage.value = values[i % values.length];
    stage.dispatchEvent(new Event("change", { bubbles: true }));
    times.push((await answered) - t0);
    await new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)));
  }
  return times;
}"""


def build_site(out: Path) -> None:
    run = subprocess.run([sys.executable, "-m", "calculator.cli", "build", "--site-dir", str(out)],
                         cwd=ROOT, capture_output=True, text=True)
    if run.returncode != 0:
        sys.exit(f"bench_browser: the build failed:\n{run.stdout}\n{run.stderr}")


def own_files_gzip(site: Path, partial_html: str) -> dict[str, int]:
    sizes = {}
    for path in sorted((site / "assets" / "calculator").iterdir()):
        sizes[path.name] = len(gzip.compress(path.read_bytes(), 9))
    sizes["(the partial's HTML)"] = len(gzip.compress(partial_html.encode("utf-8"), 9))
    return sizes


def median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def fmt_ms(value) -> str:
    return "n/a" if value is None else f"{value:,.0f} ms"


def measure(browser, url: str, mark: str, runs: int, wait_selector: str) -> dict:
    cold, warm, cold_bytes, warm_bytes, longest, longest_starting, frames = [], [], [], [], [], [], []
    phases = {"cold": [], "warm": []}
    for _ in range(runs):
        context = browser.new_context()
        context.add_init_script(LONGTASKS)
        page = context.new_page()
        bodies: list[int] = []
        page.on("requestfinished", lambda r: bodies.append(r.sizes()["responseBodySize"]))
        page.goto(url)
        page.wait_for_selector(wait_selector, state="attached", timeout=60_000)
        page.wait_for_function(f"() => ({MARK_TIME})('{mark}') !== null", timeout=60_000)
        cold.append(page.evaluate(MARK_TIME, mark))
        phases["cold"].append(page.evaluate(READ_PHASES))
        cold_bytes.append(sum(bodies))
        tasks = page.evaluate("window.__longtasks")
        longest.append(max((d for _, d in tasks), default=0.0))
        longest_starting.append(page.evaluate(LONGEST_SINCE, [START_MARKS[mark], mark]))
        frames.extend(page.evaluate("window.__frames"))
        bodies.clear()
        page.reload()
        page.wait_for_selector(wait_selector, state="attached", timeout=60_000)
        page.wait_for_function(f"() => ({MARK_TIME})('{mark}') !== null", timeout=60_000)
        warm.append(page.evaluate(MARK_TIME, mark))
        phases["warm"].append(page.evaluate(READ_PHASES))
        warm_bytes.append(sum(bodies))
        context.close()
    return {"cold": median(cold), "warm": median(warm), "cold_bytes": median(cold_bytes),
            "warm_bytes": median(warm_bytes), "longest_task": max(longest) if longest else None,
            "longest_starting": max(longest_starting) if longest_starting else None,
            "frames": frames, "cold_all": cold, "warm_all": warm, "phases": phases}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site-dir", type=Path, help="a built site (default: build one now)")
    parser.add_argument("--runs", type=int, default=5, help="runs per measurement (default 5)")
    args = parser.parse_args(argv)

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
        (bench / "bare-worker.js").write_text(BARE_WORKER_JS % {"version": versions[-1]}, encoding="utf-8")
        (bench / "bare-worker-inner.js").write_text(BARE_WORKER_INNER_JS % {"version": versions[-1]},
                                                    encoding="utf-8")

        # The site's own `_headers` on every response, as deployed.
        with SiteServer(site) as url, \
                sync_playwright() as p:
            browser = launch(p)
            calc_url = url + "calculator/" + FRAGMENT
            # One throw-away run each, so the OS file cache is warm for both.
            for warmup, sel in ((url + "bench/", "#state"), (calc_url, "[data-calculator][data-state='ready']")):
                ctx = browser.new_context()
                pg = ctx.new_page()
                pg.goto(warmup)
                pg.wait_for_timeout(200)
                ctx.close()
            # Interleave the two so drift in the machine's load hits both alike.
            bare_runs, worker_runs, calc_runs = [], [], []
            for _ in range(args.runs):
                bare_runs.append(measure(browser, url + "bench/", "pyodide-ready", 1, "#state"))
                worker_runs.append(measure(browser, url + "bench/worker.html", "pyodide-ready", 1, "#state"))
                calc_runs.append(measure(browser, calc_url, "calculator-first-answer", 1,
                                         "[data-calculator][data-state='ready']"))

            def combine(runs):
                return {key: median([r[key] for r in runs]) for key in
                        ("cold", "warm", "cold_bytes", "warm_bytes")} | {
                    "longest_task": max(r["longest_task"] for r in runs),
                    "longest_starting": max(r["longest_starting"] for r in runs),
                    "frames": [f for r in runs for f in r["frames"]],
                    "cold_all": [r["cold"] for r in runs], "warm_all": [r["warm"] for r in runs],
                    "phases": {label: [p for r in runs for p in r["phases"][label]] for label in ("cold", "warm")}}

            bare, in_worker, calc = combine(bare_runs), combine(worker_runs), combine(calc_runs)

            ctx = browser.new_context()
            page = ctx.new_page()
            page.goto(calc_url)
            page.wait_for_function(f"() => ({MARK_TIME})('calculator-first-answer') !== null", timeout=60_000)
            change = page.evaluate(CHANGE_LATENCY, 30)
            partial = page.eval_on_selector("[data-calculator]", "el => el.outerHTML")
            ctx.close()
            browser.close()

        own = own_files_gzip(site, partial)
        runtime_bytes = sum(f.stat().st_size for f in (site / "assets" / "pyodide").rglob("*") if f.is_file())

    own_total = sum(own.values())
    print(f"\nBrowser calculator benchmark: median of {args.runs} runs, Chromium, localhost")
    print(f"  page: calculator/{FRAGMENT}")
    print("\nTime from navigation to ready / first answer")
    rows = (("bare loadPyodide() on the page", bare),
            ("Pyodide alone, started as the calculator starts it", in_worker),
            ("calculator's first answer", calc))
    for label in ("cold", "warm"):
        for name, figures in rows:
            runs = ", ".join(fmt_ms(v) for v in figures[f"{label}_all"])
            print(f"  {label}  {name:52s} {fmt_ms(figures[label]):>9s}   (runs: {runs})")
    for label in ("cold", "warm"):
        if bare[label] and calc[label]:
            ratio = calc[label] / bare[label]
            verdict = "meets" if ratio <= GOAL_RATIO else "MISSES"
            print(f"  ratio {label}: {ratio:.2f}x   (goal <= {GOAL_RATIO:.2f}x: {verdict})")
        if bare[label] and in_worker[label] and calc[label]:
            print(f"    of which: Pyodide off the page's thread {in_worker[label] / bare[label]:.2f}x of bare,"
                  f" the calculator {calc[label] / in_worker[label]:.2f}x of that")
    print("\nWhere the time goes (medians; User Timing measures the calculator records)")
    print(f"  {'':9s}{'phase':40s} {'Pyodide alone':>14s} {'calculator':>11s}")
    for label in ("cold", "warm"):
        for phase in PHASES:
            cells = []
            for figures in (in_worker, calc):
                cells.append(median([p.get(phase) for p in figures["phases"][label]]))
            print(f"  {label:9s}{phase.removeprefix('calculator: '):40s} {fmt_ms(cells[0]):>14s} {fmt_ms(cells[1]):>11s}")

    print("\nBytes transferred (response bodies)")
    print(f"  bare page, cold       {bare['cold_bytes']:,.0f} B;  warm {bare['warm_bytes']:,.0f} B")
    print(f"  calculator page, cold {calc['cold_bytes']:,.0f} B;  warm {calc['warm_bytes']:,.0f} B")
    print(f"  Pyodide runtime files on disk: {runtime_bytes:,} B")
    print("  the calculator's own files, gzipped:")
    for name, size in own.items():
        print(f"    {name:46s} {size:8,} B")
    verdict = "meets" if own_total <= GOAL_OWN_GZIP_BYTES else "MISSES"
    print(f"    {'total':46s} {own_total:8,} B  (goal <= {GOAL_OWN_GZIP_BYTES:,} B: {verdict})")
    print("\nMain thread ('longtask' entries, worst of all runs, cold and warm)")
    longest = calc["longest_starting"]
    verdict = "meets" if longest is not None and longest <= GOAL_LONGTASK_MS else "MISSES"
    print(f"  calculator page, from starting Pyodide to the first answer: {fmt_ms(longest)}"
          f"   (goal: none over {GOAL_LONGTASK_MS} ms: {verdict})")
    print(f"  calculator page, whole load (theme's scripts included):    {fmt_ms(calc['longest_task'])}")
    print(f"  bare page, whole load (loadPyodide() on the main thread):  {fmt_ms(bare['longest_task'])}")
    print(f"  Pyodide alone, started as the calculator starts it:         {fmt_ms(in_worker['longest_task'])}")
    print("  where the calculator page's long animation frames (> 50 ms) spent their script time:")
    spent: dict[str, list[float]] = {}
    for _, _, scripts in calc["frames"]:
        for name, duration in scripts:
            spent.setdefault(name or "?", []).append(duration)
    frame_count = len(calc["frames"])
    for name, durations in sorted(spent.items(), key=lambda kv: -max(kv[1])):
        print(f"    {name:46s} longest {max(durations):5.0f} ms, in {len(durations)} of {frame_count} long frames")
    if not spent:
        print(f"    no script over 5 ms in them ({frame_count} long frames: style, layout, paint or garbage collection)")
    print("\nChanged input to updated answer, once ready (30 changes of stage)")
    verdict = "meets" if median(change) <= GOAL_CHANGE_MS else "MISSES"
    print(f"  median {median(change):.1f} ms, worst {max(change):.1f} ms   (goal <= {GOAL_CHANGE_MS} ms: {verdict})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
