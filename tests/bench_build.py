"""Benchmark of the site build at scale (a script, not a test: pytest does not collect it).

    .venv/bin/python tests/bench_build.py [--sizes 5,205] [--repeat N] [--repeat-largest N]

For each size N it writes N synthetic protocols (copies of the real ones in
protocols/, each with its own slug, name and source text) to a temporary
folder and measures, in a fresh process each time:

- `handbook build --protocols DIR --site-dir OUT`;
- `handbook serve`'s builder (the one its live-reload server calls): its first
  build, then an author's save (one partnership's stage renamed) until that
  partnership's page is rebuilt, then the same file made invalid until its page
  shows the problem, then fixed until its page is back (goal: 2 s each);
- the baseline: plain MkDocs (same theme, same settings, the search plugin, no
  plugin) building the same pages as hand-written Markdown. The Markdown is what
  the handbook's plugin generates for those N protocols, dumped to files first
  (not timed), so both builds render the same text.

It prints the median wall time and peak memory (the child's own maximum
resident set size) of each, their ratio (goal: at most 1.25 at every size),
with and without the part of the calculator bundling step that does not
depend on N (copying the Pyodide runtime and the wheel; the plugin has no
switch to turn it off, so it is timed inside the build and subtracted), and how the
build time grows with N (goal: linear). Then the gzipped weight of a
partnership page, the comparison page and the search index at the smallest
and largest size, and whether the comparison page's filter still works at the
largest size (in Chromium, when Playwright is installed).
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a script: the project's tests package

from tests.support.many_protocols import make_protocols  # noqa: E402

GOAL_RATIO = 1.25
#: An author's save in `handbook serve` to its page rebuilt, in seconds.
GOAL_SAVE_S = 2.0
GZIP_LEVEL = 9
CHILD_TIMEOUT_S = 600

# ------------------------------------------------------------ child processes
# The script runs itself as the child, so each measurement is a fresh
# interpreter whose own peak memory is reported at exit.


def _child_handbook(args: list[str]) -> dict:
    """`handbook build ARGS`, timing the calculator bundling step inside it:
    the whole step, and its part that does not depend on N (copying the
    Pyodide runtime and fetching the wheel)."""
    timing = {"bundle_s": 0.0, "runtime_s": 0.0}
    from handbook_site.bundle import assemble, runtime, wheel  # the plugin uses these same module objects

    def timed(function, key):
        def wrapper(*a, **k):
            t0 = time.perf_counter()
            try:
                return function(*a, **k)
            finally:
                timing[key] += time.perf_counter() - t0

        return wrapper

    assemble.bundle_calculator = timed(assemble.bundle_calculator, "bundle_s")
    runtime.copy_pyodide = timed(runtime.copy_pyodide, "runtime_s")
    wheel.project_wheel = timed(wheel.project_wheel, "runtime_s")
    from authoring.cli import main

    code = main(["build", *args])
    return {"exit": code, **timing}


def _child_mkdocs(args: list[str]) -> dict:
    from mkdocs.__main__ import cli

    try:
        cli.main(args=["build", "--quiet", *args], standalone_mode=False)
        code = 0
    except SystemExit as e:
        code = e.code or 0
    return {"exit": code, "bundle_s": 0.0, "runtime_s": 0.0}


def _child_serve(args: list[str]) -> dict:
    """`handbook serve`'s builder on the protocols folder `args[0]`: its first
    build, then an author's save (a stage renamed in one partnership's file)
    until the rebuild has written its page; then the same file made invalid (a
    YAML slip) until its page shows the problem, and fixed until its page is
    back. The file is put back after."""
    folder = Path(args[0])
    os.environ.update(HANDBOOK_PROTOCOLS=str(folder), HANDBOOK_PREVIEW="1")
    sys.dont_write_bytecode = True  # as `handbook serve` does
    from authoring.site import mkdocs_run, preview

    with tempfile.TemporaryDirectory(prefix="handbook-bench-serve-") as site_name:
        site = Path(site_name)
        rebuild = preview.Rebuild(str(mkdocs_run.config_file()), site, "http://127.0.0.1:8000/", "127.0.0.1:8000")
        config = rebuild.config()
        config.plugins.on_startup(command="serve", dirty=False)
        t0 = time.perf_counter()
        rebuild(config)
        first_s = time.perf_counter() - t0
        edited = sorted(folder.glob("*.yaml"))[len(list(folder.glob("*.yaml"))) // 2]
        text = edited.read_text(encoding="utf-8")
        found = re.search(r"(?m)^    title: (.+)$", text[text.index("\nstages:") :])
        if found is None:
            raise SystemExit(f"{edited}: no stage title to rename")
        renamed = found.group(1) + " (renamed)"
        page = site / "partnerships" / edited.stem / "index.html"
        try:
            save = _saved(rebuild, edited, text.replace(found.group(0), f"    title: {renamed}", 1), page, renamed)
            invalid = _saved(rebuild, edited, text.replace("\nstages:", "\nstages: [", 1), page, "to fix")
            fixed = _saved(rebuild, edited, text, page, found.group(1))
        finally:
            edited.write_text(text, encoding="utf-8")
    return {
        "exit": 0 if save[2] and invalid[2] and fixed[2] else 1,
        "first_s": first_s,
        "save_s": save[0],
        "save_cpu_s": save[1],
        "invalid_s": invalid[0],
        "fixed_s": fixed[0],
        "bundle_s": 0.0,
        "runtime_s": 0.0,
    }


def _saved(rebuild, path: Path, text: str, page: Path, shown: str) -> tuple[float, float, bool]:
    """Save `text` to `path` and rebuild: wall and CPU seconds, and whether `page` then shows `shown`."""
    path.write_text(text, encoding="utf-8")
    t0, c0 = time.perf_counter(), time.process_time()
    rebuild()
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    return wall, cpu, not rebuild.failed and shown in page.read_text(encoding="utf-8")


def _child(kind: str, args: list[str]) -> int:
    t0 = time.perf_counter()
    children = {"handbook": _child_handbook, "mkdocs": _child_mkdocs, "serve": _child_serve}
    result = children[kind](args)
    result["inner_s"] = time.perf_counter() - t0
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)  # a wheel build, when not cached
    result["peak_kib"] = own.ru_maxrss  # KiB on Linux
    result["cpu_s"] = own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime
    print("BENCH " + json.dumps(result))
    return int(result["exit"] or 0)


def measure(kind: str, args: list[str]) -> dict:
    """Run one build in a fresh process; wall time measured from outside."""
    t0 = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, __file__, "--child", kind, *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=CHILD_TIMEOUT_S,
    )
    wall = time.perf_counter() - t0
    lines = [line for line in proc.stdout.splitlines() if line.startswith("BENCH ")]
    if proc.returncode != 0 or not lines:
        raise SystemExit(f"{kind} build failed (exit {proc.returncode}):\n{proc.stdout[-2000:]}\n{proc.stderr[-2000:]}")
    result = json.loads(lines[-1][len("BENCH ") :])
    result["wall_s"] = wall
    return result


# ------------------------------------------------------------ the baseline project


def _dump_markdown(protocols_dir: Path, project: Path) -> int:
    """Child mode: write the pages the plugin generates, as plain files, into a
    MkDocs project with the handbook's settings minus the plugin."""
    import yaml
    from mkdocs.config import load_config
    from mkdocs.structure.files import get_files

    os.environ["HANDBOOK_PROTOCOLS"] = str(protocols_dir)
    docs = project / "docs"
    cfg = load_config(config_file=str(ROOT / "mkdocs.yml"), site_dir=str(project / "unused"))
    cfg.plugins.on_startup(command="build", dirty=False)
    cfg = cfg.plugins.on_config(cfg)
    files = cfg.plugins.on_files(get_files(cfg), config=cfg)
    pages = 0
    for f in files:
        out = docs / f.src_uri
        out.parent.mkdir(parents=True, exist_ok=True)
        if f.abs_src_path:
            shutil.copyfile(f.abs_src_path, out)
        else:
            out.write_bytes(f.content_bytes)
        pages += f.is_documentation_page()

    settings = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    settings["plugins"] = [p for p in settings.get("plugins", []) if p != "handbook"]
    settings["docs_dir"] = "docs"
    settings["site_dir"] = "site"
    theme = settings.get("theme") or {}
    if isinstance(theme, dict) and theme.get("custom_dir"):
        theme["custom_dir"] = str((ROOT / theme["custom_dir"]).resolve())
    settings["nav"] = _plain_titles(cfg.nav)
    (project / "mkdocs.yml").write_text(yaml.safe_dump(settings, sort_keys=False), encoding="utf-8")
    print(f"BENCH {json.dumps({'pages': pages})}")
    return 0


def _plain_titles(nav):
    """The navigation with each title as plain text: the plugin's are Markup
    (escaped HTML), which YAML cannot write and the theme escapes anyway."""
    if isinstance(nav, list):
        return [_plain_titles(item) for item in nav]
    if isinstance(nav, dict):
        return {str(k.unescape()) if hasattr(k, "unescape") else k: _plain_titles(v) for k, v in nav.items()}
    return nav


def baseline_project(protocols_dir: Path, project: Path) -> int:
    proc = subprocess.run(
        [sys.executable, __file__, "--dump", str(protocols_dir), str(project)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=CHILD_TIMEOUT_S,
    )
    lines = [line for line in proc.stdout.splitlines() if line.startswith("BENCH ")]
    if proc.returncode != 0 or not lines:
        raise SystemExit(f"writing the baseline Markdown failed:\n{proc.stdout[-2000:]}\n{proc.stderr[-2000:]}")
    return json.loads(lines[-1][len("BENCH ") :])["pages"]


# ------------------------------------------------------------ page weight


def gzipped_bytes(path: Path) -> tuple[int, int]:
    raw = path.read_bytes()
    return len(raw), len(gzip.compress(raw, compresslevel=GZIP_LEVEL, mtime=0))


def weights(site: Path, slug: str) -> dict[str, tuple[int, int]]:
    return {
        "partnership page": gzipped_bytes(site / "partnerships" / slug / "index.html"),
        "comparison page": gzipped_bytes(site / "compare" / "index.html"),
        "search index": gzipped_bytes(site / "search" / "search_index.json"),
    }


def check_compare_filter(site: Path, count: int) -> str:
    """Type into the comparison page's filter in Chromium; say what happened."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return "not checked (Playwright is not installed)"
    sys.path.insert(0, str(ROOT))
    from tests.support.browser import launch
    from tests.support.server import SiteServer

    # One partnership's name: exactly one row should stay (at any N, even 5).
    target = f"LSCP (copy {max(1, count // 5)})"
    with SiteServer(site) as url, sync_playwright() as p:
        browser = launch(p)
        try:
            page = browser.new_page()
            page.goto(url + "compare/")
            rows = page.locator("#compare-table tr[data-compare-row]").count()
            if not page.locator("[data-compare-filter]").is_visible():
                return f"NO working filter: {rows} rows and the filter is hidden"
            t0 = time.perf_counter()
            page.fill("#compare-filter-input", target)
            shown = page.locator("#compare-table tr[data-compare-row]:not([hidden])").count()
            typed_ms = (time.perf_counter() - t0) * 1000
            message = page.inner_text("#compare-filter-count")
            page.fill("#compare-filter-input", "")
            back = page.locator("#compare-table tr[data-compare-row]:not([hidden])").count()
        finally:
            browser.close()
    verdict = "works" if shown == 1 and back == rows else "DOES NOT WORK"
    return (
        f"filter {verdict}: {rows} rows; typing {target!r} shows {shown} "
        f'("{message}") in {typed_ms:.0f} ms; clearing it shows {back}'
    )


# ------------------------------------------------------------ figures


def fit(xs: list[float], ys: list[float]) -> tuple[float, float, float]:
    """Least-squares line y = a + b x: (a, b, R²)."""
    n = len(xs)
    mx, my = sum(xs) / n, sum(ys) / n
    sxx = sum((x - mx) ** 2 for x in xs)
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    b = sxy / sxx
    a = my - b * mx
    ss_tot = sum((y - my) ** 2 for y in ys)
    ss_res = sum((y - (a + b * x)) ** 2 for x, y in zip(xs, ys, strict=True))
    return a, b, (1 - ss_res / ss_tot) if ss_tot else 1.0


def run(sizes: list[int], repeat: int, repeat_largest: int) -> int:
    print(
        f"Python {sys.version.split()[0]}, {os.cpu_count()} CPU(s); sizes {sizes}; "
        f"median of {repeat} runs ({repeat_largest} at {max(sizes)}); each build in a fresh process; "
        f"load average {os.getloadavg()[0]:.1f}"
    )
    results: dict[int, dict[str, list[dict]]] = {}
    kept_sites: dict[int, tuple[Path, str]] = {}
    with tempfile.TemporaryDirectory(prefix="handbook-bench-") as tmp_name:
        tmp = Path(tmp_name)
        first = True
        for n in sizes:
            protocols = tmp / f"protocols-{n}"
            slugs = make_protocols(n, protocols)
            project = tmp / f"plain-{n}"
            pages = baseline_project(protocols, project)
            if first:  # the first build may also make the calculator wheel (cached after)
                warm = measure("handbook", ["--protocols", str(protocols), "--site-dir", str(tmp / "warm")])
                print(
                    f"warm-up build at N={n} (not counted): {warm['wall_s']:.2f} s, "
                    f"of which bundling {warm['bundle_s']:.2f} s (runtime and wheel {warm['runtime_s']:.2f} s)"
                )
                shutil.rmtree(tmp / "warm", ignore_errors=True)
                first = False
            runs = repeat_largest if n == max(sizes) else repeat
            results[n] = {"handbook": [], "plain": []}
            for r in range(runs):
                site = tmp / f"site-{n}-{r}"
                results[n]["handbook"].append(
                    measure("handbook", ["--protocols", str(protocols), "--site-dir", str(site)])
                )
                plain_site = project / "site"
                shutil.rmtree(plain_site, ignore_errors=True)
                results[n]["plain"].append(
                    measure("mkdocs", ["-f", str(project / "mkdocs.yml"), "-d", str(plain_site)])
                )
                if r == runs - 1 and n in (min(sizes), max(sizes)):
                    kept_sites[n] = (site, slugs[0])
                else:
                    shutil.rmtree(site, ignore_errors=True)
            results[n]["serve"] = [measure("serve", [str(protocols)]) for _ in range(runs)]
            print(f"  N={n}: {pages} pages, {runs} run(s) done")

        print()
        print(f"Build time and peak memory (median; goal: handbook / plain <= {GOAL_RATIO})")
        print("  wall = elapsed seconds; CPU = user + system seconds of the build process, which")
        print("  other work on the machine disturbs less; bundling = the plugin's whole calculator")
        print("  bundling step; runtime = its part that does not depend on N (copying the Pyodide")
        print("  runtime, fetching the cached wheel), subtracted in the last ratio")
        print(
            f"{'N':>5}{'handbook':>10}{'plain':>8}{'ratio':>7}{'handbook':>10}{'plain':>8}{'ratio':>7}"
            f"{'bundling':>10}{'runtime':>9}{'ratio':>7}{'handbook':>10}{'plain':>8}"
        )
        print(
            f"{'':>5}{'wall s':>10}{'wall s':>8}{'wall':>7}{'CPU s':>10}{'CPU s':>8}{'CPU':>7}"
            f"{'wall s':>10}{'wall s':>9}{'excl.':>7}{'peak MB':>10}{'peak MB':>8}"
        )
        rows = []
        for n in sizes:
            h, p = results[n]["handbook"], results[n]["plain"]

            def med(runs, key):
                return statistics.median(x[key] for x in runs)

            hw, hc, hb, hr = med(h, "wall_s"), med(h, "cpu_s"), med(h, "bundle_s"), med(h, "runtime_s")
            pw, pc = med(p, "wall_s"), med(p, "cpu_s")
            hm, pm = med(h, "peak_kib") / 1024, med(p, "peak_kib") / 1024
            rows.append((n, hw, hc, hr, pw, pc))
            ok = "" if max(hw / pw, hc / pc) <= GOAL_RATIO else "  over goal"
            print(
                f"{n:>5}{hw:>10.2f}{pw:>8.2f}{hw / pw:>7.2f}{hc:>10.2f}{pc:>8.2f}{hc / pc:>7.2f}"
                f"{hb:>10.2f}{hr:>9.2f}{(hc - hr) / pc:>7.2f}{hm:>10.1f}{pm:>8.1f}{ok}"
            )

        print()
        print(f"handbook serve: an author's save to its page rebuilt (median; goal <= {GOAL_SAVE_S:.0f} s)")
        print("  (wall seconds; CPU = the process's own, which other work on the machine disturbs less)")
        print("  then the same file made invalid until its page shows the problem, and fixed")
        print(f"{'N':>5}{'first build s':>15}{'save s':>9}{'save CPU s':>12}{'invalid s':>11}{'fixed s':>9}")
        for n in sizes:
            serve = results[n]["serve"]
            first, save, save_cpu, invalid, fixed = (
                statistics.median(x[key] for x in serve)
                for key in ("first_s", "save_s", "save_cpu_s", "invalid_s", "fixed_s")
            )
            print(
                f"{n:>5}{first:>15.2f}{save:>9.2f}{save_cpu:>12.2f}{invalid:>11.2f}{fixed:>9.2f}"
                f"{'' if max(save, invalid, fixed) <= GOAL_SAVE_S else '  over goal'}"
            )

        if len(sizes) >= 2:
            print()
            print("Growth with N (goal: linear), on CPU seconds")
            xs = [float(n) for n, *_ in rows]
            for label, ys in (
                ("handbook", [r[2] for r in rows]),
                ("handbook excl. runtime", [r[2] - r[3] for r in rows]),
                ("plain MkDocs", [r[5] for r in rows]),
            ):
                a, b, r2 = fit(xs, ys)
                line = f"  {label:<23} fit: {a:5.2f} s + {b * 1000:6.1f} ms x N, R^2 = {r2:.4f}"
                if len(rows) >= 3:
                    (n0, t0), (n1, t1), (n2, t2) = [(n, y) for (n, *_), y in zip(rows, ys, strict=True)][-3:]
                    early, late = (t1 - t0) / (n1 - n0), (t2 - t1) / (n2 - n1)
                    line += (
                        f"; ms per extra partnership {n0}->{n1}: {early * 1000:.1f}, "
                        f"{n1}->{n2}: {late * 1000:.1f} (ratio {late / early:.2f}; 1 = linear)"
                    )
                print(line)

        print()
        print(f"Page weight (bytes; gzip level {GZIP_LEVEL})")
        print(f"{'N':>5}  {'page':<18}{'raw':>12}{'gzipped':>12}")
        for n in sorted(kept_sites):
            site, slug = kept_sites[n]
            for name, (raw, gz) in weights(site, slug).items():
                print(f"{n:>5}  {name:<18}{raw:>12,}{gz:>12,}")

        largest = max(sizes)
        if largest in kept_sites:
            print()
            print(f"Comparison page at N={largest}: {check_compare_filter(kept_sites[largest][0], largest)}")
    print(
        f"\nload average at the end: {os.getloadavg()[0]:.1f} (on {os.cpu_count()} CPUs; "
        "well above the CPU count means other work disturbed the wall times)"
    )
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--child"]:
        return _child(argv[1], argv[2:])
    if argv[:1] == ["--dump"]:
        return _dump_markdown(Path(argv[1]), Path(argv[2]))
    parser = argparse.ArgumentParser(description="Build time, memory and page weight at scale.")
    parser.add_argument("--sizes", default="5,205", help="numbers of partnerships (default 5,205)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per size; the median is shown (default 3)")
    parser.add_argument("--repeat-largest", type=int, default=None, help="runs at the largest size (default: --repeat)")
    args = parser.parse_args(argv)
    try:
        sizes = sorted({int(s) for s in args.sizes.split(",") if s.strip()})
    except ValueError:
        parser.error(f"--sizes: expected numbers separated by commas, got {args.sizes!r}")
    if not sizes or min(sizes) < 1 or args.repeat < 1:
        parser.error("--sizes and --repeat must be at least 1")
    return run(sizes, args.repeat, args.repeat_largest or args.repeat)


if __name__ == "__main__":
    sys.exit(main())
