"""The built handbook behind a real nginx, at a sub-path, with the documented
settings (docs/deploy/nginx.conf) as published: only the site folder and the
Content-Security-Policy from the site's `_headers` are filled in.

Checks the types, the security and cache headers, that every page and asset
loads from under /handbook/, and that the calculator gives, in Chromium, the
same dates as the engine computes here in CPython.

The other two server set-ups (Apache, IIS) cannot run here; their files are
checked for the same types, headers and placeholder.
"""

from __future__ import annotations

import os
import re
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlencode, urlparse

import pytest
import yaml

from authoring.holiday_table import build_table
from calculator.deadlines import answer
from calculator.model import Protocol
from tests.support.answers import shown_dates
from tests.support.browser import block_other_hosts
from tests.support.calculator_page import ask
from tests.support.nginx import CSP_PLACEHOLDER, SITE_PLACEHOLDER, Nginx, csp_from_headers_file, nginx_executable
from tests.support.site_data import code_dir

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "docs" / "deploy"
READY_MS = 60_000
IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"
SECURITY_HEADERS = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "permissions-policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
}
REQUIRED_TYPES = {".wasm": "application/wasm", ".mjs": "text/javascript", ".whl": "application/zip"}

CSP_RECORDER = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`);
});
"""

PROTOCOLS = {
    p.slug: p
    for p in (
        Protocol.from_dict(yaml.safe_load(f.read_text(encoding="utf-8")))
        for f in sorted((ROOT / "protocols").glob("*.yaml"))
    )
}
TABLES = {nation: build_table(nation) for nation in {p.calendar.nation for p in PROTOCOLS.values()}}

CALCULATOR_CASES = [
    ("safeguarding-children-partnership", "2", "2026-12-22"),
    ("lscp", "2", "2020-12-23"),
    ("salford", "3", "2026-04-02"),
    ("staffordshire-stoke-on-trent", "1", "2025-12-24"),
    ("cscp", "2", "2026-03-30"),
]


def expected_dates(slug: str, stage: str, start: str) -> list[str]:
    """Every computed date in the order the calculator shows them."""
    protocol = PROTOCOLS[slug]
    return shown_dates(answer(protocol, stage, start, TABLES[protocol.calendar.nation]))


# ---------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def nginx(site_dir):
    if not nginx_executable():
        message = "nginx is not installed (Debian: apt-get install -y nginx-light)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    server = Nginx(site_dir)
    with server:
        yield server


@pytest.fixture(scope="module")
def served(nginx) -> str:
    return nginx.url


def _deployed_page(browser, served):
    """A page on the nginx-served site that records every response, blocks
    (and records) requests to any other host, and records CSP violations."""
    ctx = browser.new_context()
    external = block_other_hosts(ctx, served)
    responses: list = []
    errors: list[str] = []
    ctx.on("response", lambda r: responses.append(r))
    page = ctx.new_page()
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.add_init_script(CSP_RECORDER)
    page.external_requests, page.responses, page.errors = external, responses, errors
    return page


@pytest.fixture
def deployed_page(browser, served):
    page = _deployed_page(browser, served)
    yield page
    page.context.close()


@pytest.fixture(scope="module")
def deployed_calculator(browser, served, site_dir):
    """The calculator page under the sub-path, started once (on the first
    case's link): each case asks by the fragment, and every response, request
    and policy violation since it opened stays recorded."""
    pyodide_dir(site_dir)
    page = _deployed_page(browser, served)
    page.goto(served + "calculator/" + _calculator_fragment(*CALCULATOR_CASES[0]))
    page.wait_for_selector("[data-calculator]:not([data-state='loading'])", state="attached", timeout=READY_MS)
    yield page
    page.context.close()


def _calculator_fragment(slug: str, stage: str, start: str) -> str:
    return "#" + urlencode({"protocol": slug, "stage": stage, "start": start})


def fetch(url: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str]]:
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers or {}), timeout=30) as r:
            return r.status, {k.lower(): v for k, v in r.headers.items()}
    except urllib.error.HTTPError as e:
        return e.code, {k.lower(): v for k, v in e.headers.items()}


def pyodide_dir(site_dir: Path) -> Path:
    found = sorted((site_dir / "assets" / "pyodide").glob("*/pyodide.asm.wasm"))
    if not found:
        pytest.fail("the built site has no assets/pyodide/<version>/pyodide.asm.wasm: the calculator was not bundled")
    return found[0].parent


def loaded_from_subpath(page, served: str) -> list[str]:
    """Responses that failed, or came from outside the sub-path."""
    bad = []
    for r in page.responses:
        if r.url.startswith(("data:", "blob:")):
            continue
        if not r.url.startswith(served) or r.status >= 400:
            bad.append(f"{r.status} {r.url}")
    return bad


# ---------------------------------------------------------------- the server's set-up


def test_the_documented_nginx_settings_pass_nginx_own_check(nginx):
    assert "test is successful" in nginx.check()


def test_the_home_page_and_a_partnership_page_load_every_asset_from_the_sub_path(deployed_page, served):
    page = deployed_page
    for path in ("", "partnerships/lscp/"):
        page.goto(served + path)
        page.wait_for_load_state("load")
    assert urlparse(page.url).path == "/handbook/partnerships/lscp/"
    assert page.locator("h1").count() == 1
    assert len(page.responses) > 5  # pages, styles, scripts
    assert loaded_from_subpath(page, served) == []
    assert page.external_requests == []
    assert page.evaluate("window.__cspViolations") == []
    assert page.errors == []


@pytest.mark.parametrize("suffix, mime", sorted(REQUIRED_TYPES.items()))
def test_the_calculator_files_are_served_with_the_types_pyodide_needs(site_dir, served, suffix, mime):
    files = sorted(p for p in (site_dir / "assets").rglob(f"*{suffix}"))
    assert files, f"no {suffix} file in the built site"
    for path in files:
        status, headers = fetch(served + path.relative_to(site_dir).as_posix())
        assert status == 200
        assert headers["content-type"].split(";")[0].strip() == mime, path.name


@pytest.mark.parametrize(
    "path",
    [
        "",
        "partnerships/lscp/",
        "calculator/",
        "search/search_index.json",
        "assets/calculator/manifest.js",
        "no-such-page/",
    ],
)
def test_every_response_carries_the_security_headers_of_the_headers_file(site_dir, served, path):
    status, headers = fetch(served + path)
    assert status in (200, 404)
    assert headers["content-security-policy"] == csp_from_headers_file(site_dir)
    for name, value in SECURITY_HEADERS.items():
        assert headers[name] == value


def test_the_versioned_pyodide_files_are_cached_for_a_year_without_revalidation(site_dir, served):
    runtime = pyodide_dir(site_dir)
    files = sorted(p for p in runtime.iterdir() if p.is_file())
    for path in files:
        status, headers = fetch(served + path.relative_to(site_dir).as_posix())
        assert status == 200
        assert headers["cache-control"] == IMMUTABLE, path.name


def test_the_calculator_s_code_in_its_digest_folder_is_cached_for_a_year_without_revalidation(site_dir, served):
    """Its folder is named by a digest of the code (build/code_folder.py):
    a changed file is a new folder, so a browser keeps the files it has."""
    folder = code_dir(site_dir)
    files = sorted(p for p in folder.iterdir() if p.is_file())
    assert {"calculator.js", "worker.js", "compiler.js", "calculator.css"} <= {p.name for p in files}
    for path in files:
        status, headers = fetch(served + path.relative_to(site_dir).as_posix())
        assert status == 200
        assert headers["cache-control"] == IMMUTABLE, path.name


def _precompressed(site_dir: Path) -> list[Path]:
    """The large files the build wrote a `.gz` copy beside."""
    found = sorted(p.with_suffix("") for p in pyodide_dir(site_dir).glob("*.gz"))
    found += sorted(p.with_suffix("") for p in (site_dir / "assets" / "calculator").glob("*.json.gz"))
    return found


def test_the_precompressed_copies_are_served_to_a_browser_that_accepts_gzip(site_dir, served):
    files = _precompressed(site_dir)
    names = {p.name for p in files}
    assert {"pyodide.asm.wasm", "pyodide.asm.mjs", "protocols.json"} <= names
    assert any(n.startswith("python_stdlib-") for n in names), "no .gz of the trimmed standard library"
    for path in files:
        url = served + path.relative_to(site_dir).as_posix()
        status, headers = fetch(url, {"Accept-Encoding": "gzip"})
        assert status == 200
        assert headers.get("content-encoding") == "gzip", path.name
        # The build's own copy, sent as it is: its length, not one nginx made.
        assert int(headers["content-length"]) == path.with_name(path.name + ".gz").stat().st_size, path.name
        assert "Accept-Encoding" in headers.get("vary", ""), path.name
        if path.suffix == ".wasm":
            assert headers["content-type"] == "application/wasm"
            assert headers["cache-control"] == IMMUTABLE
        # A client that does not accept gzip gets the file itself.
        status, plain = fetch(url, {"Accept-Encoding": "identity"})
        assert status == 200 and "content-encoding" not in plain
        assert int(plain["content-length"]) == path.stat().st_size


def test_the_snapshot_is_sent_as_it_is_compressed_inside_and_never_with_a_content_encoding(site_dir, served):
    runtime = next((site_dir / "assets" / "pyodide").iterdir())
    snapshots = sorted(runtime.glob("snapshot-*"))
    assert [p.suffix for p in snapshots] == [".bin"], "a compressed copy would be sent in its place"
    path = snapshots[0]
    assert path.read_bytes()[:2] == b"\x1f\x8b", "the file is gzip inside"
    status, headers = fetch(served + path.relative_to(site_dir).as_posix(), {"Accept-Encoding": "gzip, br"})
    assert status == 200
    assert "content-encoding" not in headers
    assert int(headers["content-length"]) == path.stat().st_size
    assert headers["cache-control"] == IMMUTABLE


def test_the_theme_files_with_a_hash_in_their_name_are_cached_for_a_year(site_dir, served):
    hashed = [p for p in (site_dir / "assets").rglob("*.min.*") if re.search(r"\.[0-9a-f]{8}\.min\.(js|css)$", p.name)]
    assert hashed, "the theme's hashed scripts and styles were not found"
    for path in hashed:
        _, headers = fetch(served + path.relative_to(site_dir).as_posix())
        assert headers["cache-control"] == IMMUTABLE, path.name


@pytest.mark.parametrize(
    "path",
    [
        "",
        "index.html",
        "partnerships/lscp/",
        "compare/",
        "calculator/",
        "search/search_index.json",
        "assets/calculator/manifest.json",
        "assets/calculator/manifest.js",
        "assets/calculator/protocols.json",
        "assets/javascripts/list-filter.js",
    ],
)
def test_pages_and_unversioned_files_are_revalidated_on_each_visit(served, path):
    status, headers = fetch(served + path)
    assert status == 200
    assert headers["cache-control"] == REVALIDATE
    assert "etag" in headers and "last-modified" in headers


def test_nothing_is_served_outside_the_sub_path(served):
    root = served[: -len("handbook/")]
    status, _ = fetch(root + "index.html")
    assert status == 404


# ---------------------------------------------------------------- the calculator under the sub-path


@pytest.mark.parametrize(
    "slug, stage, start", CALCULATOR_CASES, ids=[f"{s} stage {st} from {d}" for s, st, d in CALCULATOR_CASES]
)
def test_the_calculator_under_the_sub_path_shows_the_dates_the_engine_computes(
    deployed_calculator, served, slug, stage, start
):
    page = deployed_calculator
    state = page.get_attribute("[data-calculator]", "data-state")
    assert state == "ready", page.inner_text("[data-calc-message]")
    ask(page, _calculator_fragment(slug, stage, start))
    shown = page.eval_on_selector_all("[data-calc-result] time", "ts => ts.map(t => t.getAttribute('datetime'))")
    assert shown == expected_dates(slug, stage, start)
    if (slug, stage, start) == CALCULATOR_CASES[0]:
        assert shown[0] == "2026-12-31"
    wasm = [r for r in page.responses if r.url.endswith(".wasm")]
    assert wasm and all(r.headers["content-type"] == "application/wasm" for r in wasm)
    assert loaded_from_subpath(page, served) == []
    assert page.external_requests == []
    assert page.evaluate("window.__cspViolations") == []
    assert page.errors == []


# ---------------------------------------------------------------- Apache and IIS, as text


def _deploy_text(name: str) -> str:
    return (DEPLOY / name).read_text(encoding="utf-8")


@pytest.mark.parametrize("name", ["nginx.conf", "apache.conf", "web.config"])
def test_each_server_set_up_names_every_required_type_and_header(name):
    text = _deploy_text(name)
    for suffix, mime in REQUIRED_TYPES.items():
        pattern = {
            "nginx.conf": rf"{re.escape(mime)}\s+[^;]*\b{suffix[1:]}\b[^;]*;",
            "apache.conf": rf"AddType\s+{re.escape(mime)}\s+[^\n]*\{suffix}\b",
            "web.config": rf'fileExtension="\{suffix}"\s+mimeType="{re.escape(mime)}"',
        }[name]
        assert re.search(pattern, text), f"{name}: no {mime} for {suffix}"
    for header in ["Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy", "Permissions-Policy"]:
        assert header in text, f"{name}: no {header}"
    for value in SECURITY_HEADERS.values():
        assert value in text, f"{name}: no {value}"
    sets_csp = rf'Content-Security-Policy"?\s+(value=)?"{CSP_PLACEHOLDER}"'
    assert len(re.findall(sets_csp, text)) == 1, f"{name}: the CSP must be set once, to the placeholder"
    assert "no-cache" in text.replace("DisableCache", "no-cache")
    assert "immutable" in text and ("31536000" in text or "365.00:00:00" in text)


def test_the_iis_web_config_is_well_formed_and_replaces_the_types_it_maps():
    tree = ET.fromstring(_deploy_text("web.config").encode("utf-8"))
    static = tree.find("./system.webServer/staticContent")
    assert static is not None
    removed = set()
    for child in static:
        if child.tag == "remove":
            removed.add(child.get("fileExtension"))
        elif child.tag == "mimeMap":
            assert child.get("fileExtension") in removed, child.get("fileExtension")
    headers = {h.get("name"): h.get("value") for h in tree.findall("./system.webServer/httpProtocol/customHeaders/add")}
    assert headers["Content-Security-Policy"] == CSP_PLACEHOLDER
    runtime = [loc for loc in tree.findall("./location") if loc.get("path") == "assets/pyodide"]
    assert runtime and runtime[0].find(".//clientCache").get("cacheControlCustom") == "public, immutable"


def test_the_apache_settings_serve_the_precompressed_copies_with_the_right_type_and_encoding():
    text = _deploy_text("apache.conf")
    for encoding, suffix in (("br", ".br"), ("gzip", ".gz")):
        assert f'RewriteCond "%{{REQUEST_FILENAME}}{suffix}" -s' in text
        assert f"Header append Content-Encoding {encoding}" in text
    for suffix, mime in (("wasm", "application/wasm"), ("mjs", "text/javascript"), ("zip", "application/zip")):
        assert re.search(rf'RewriteRule "\\.{suffix}\\.\(br\|gz\)\$" "-" \[T={re.escape(mime)},', text), suffix


def test_the_published_snippets_use_the_placeholder_the_test_server_fills_in():
    assert SITE_PLACEHOLDER in _deploy_text("nginx.conf")
    for name in ("apache.conf", "web.config"):
        assert CSP_PLACEHOLDER in _deploy_text(name)
