"""`handbook serve` answers only an author's own browser, shows hostile files
as text, and stops when told.

The preview runs on hostile files (tests/hostile/site/): a valid protocol
whose every text field carries every payload, changed since its last record
(so the page of changes quotes it), and a file that fails the check with a
hostile name. A page from another site whose name is rebound to this machine
(DNS rebinding) sends its own name in `Host`: refused, as is every method but
GET and HEAD; every answer carries the site's Content-Security-Policy, with
the hash of the live-reload script MkDocs put in that very page.
"""

from __future__ import annotations

import base64
import hashlib
import http.client
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from authoring.history.baseline import save_baseline
from tests.site.test_hostile_site import PAYLOAD, SLUG, hostile_protocols, markup_found
from tests.site.test_serve import STARTUP_SECONDS, Preview
from tests.support.cli import handbook_process

ROOT = Path(__file__).resolve().parents[2]
BROKEN = "broken"


@pytest.fixture(scope="module")
def preview(tmp_path_factory):
    base = tmp_path_factory.mktemp("serve-security")
    repo = base / "repo"
    folder = repo / "protocols"
    (folder / "sources").mkdir(parents=True)
    (folder / "scenarios").mkdir()
    src = ROOT / "protocols"
    shutil.copy(src / "protocol.schema.json", folder)
    shutil.copy(src / "scenarios" / "scenario.schema.json", folder / "scenarios")
    shutil.copy(src / f"{SLUG}.yaml", folder)
    shutil.copy(src / "sources" / f"{SLUG}.txt", folder / "sources")
    save_baseline(folder / f"{SLUG}.yaml", folder)  # the published version, as `handbook record` keeps it
    # The saved file: the same protocol, hostile, and a hostile file that fails the check.
    hostile = hostile_protocols(base / "hostile")
    shutil.copy(hostile / f"{SLUG}.yaml", folder)
    shutil.copy(hostile / "sources" / f"{SLUG}.txt", folder / "sources")
    name = PAYLOAD.replace("\n", " ").replace('"', "'")
    (folder / f"{BROKEN}.yaml").write_text(f'slug: {BROKEN}\nname: "{name}"\nstages: nonsense\n', encoding="utf-8")
    server = Preview(folder, base / "terminal.log")
    try:
        server.wait_for("the first build", lambda: server.get(f"partnerships/{SLUG}/")[0] == 200, STARTUP_SECONDS)
        yield server
    finally:
        server.stop()


def _request(preview: Preview, method: str, path: str, host: str | None = None) -> http.client.HTTPResponse:
    address = preview.url[len("http://") : -1]
    conn = http.client.HTTPConnection(address, timeout=60)
    conn.putrequest(method, path, skip_host=True)
    conn.putheader("Host", host if host is not None else address)
    conn.endheaders()
    response = conn.getresponse()
    response.body = response.read()
    conn.close()
    return response


@pytest.mark.parametrize(
    "path",
    [
        f"partnerships/{SLUG}/",
        f"partnerships/{BROKEN}/",
        "changes/",
        f"changes/{SLUG}/",
        "",
        "scenarios/",
        "no-such-page/",
    ],
)
def test_the_preview_shows_the_hostile_files_as_text(preview, path):
    status, page = preview.get(path)
    assert status in (200, 404), page[:300]
    assert markup_found(path or "home", page, origin=preview.url) == []


def test_the_page_of_changes_quotes_the_hostile_text_as_text(preview):
    status, page = preview.get(f"changes/{SLUG}/")
    assert status == 200
    assert "&lt;script&gt;window.hostileScriptRan=true&lt;/script&gt;" in page
    assert "&#91;a link&#93;(javascript:" in page


def test_the_file_that_fails_the_check_has_its_name_escaped(preview):
    status, page = preview.get(f"partnerships/{BROKEN}/")
    assert status == 200
    assert "&lt;script&gt;window.hostileScriptRan=true" in page
    assert "<script>window.hostileScriptRan" not in page


@pytest.mark.parametrize(
    "host", ["evil.example", "evil.example:8000", "127.0.0.1.evil.example", "localhost.evil.example", ""]
)
def test_a_request_for_another_host_is_refused(preview, host):
    response = _request(preview, "GET", "/", host=host)
    assert response.status == 421
    assert b"handbook serve answers only for" in response.body
    response = _request(preview, "GET", "/changes/", host=host)
    assert response.status == 421
    assert b"lscp" not in response.body


@pytest.mark.parametrize("host", ["localhost", "LOCALHOST", "127.0.0.1", None])
def test_the_bound_address_and_localhost_are_answered(preview, host):
    port = preview.url.rsplit(":", 1)[1].strip("/")
    response = _request(preview, "GET", "/", host=None if host is None else f"{host}:{port}")
    assert response.status == 200


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE"])
def test_only_get_and_head_are_answered(preview, method):
    response = _request(preview, method, "/")
    assert response.status == 405
    assert response.getheader("Allow") == "GET, HEAD"


def test_head_gives_the_headers_without_a_body(preview):
    response = _request(preview, "HEAD", f"/partnerships/{SLUG}/")
    assert response.status == 200
    assert response.body == b""
    assert response.getheader("Content-Security-Policy")


@pytest.mark.parametrize("path", ["/%00", "/%00/", "/partnerships/%00.html", "/a%00b/"])
def test_a_nul_in_the_path_is_a_bad_request_not_a_server_error(preview, path):
    assert _request(preview, "GET", path).status in (400, 404)


def _policy_sources(policy: str, directive: str) -> list[str]:
    for part in policy.split(";"):
        words = part.split()
        if words and words[0] == directive:
            return words[1:]
    return []


@pytest.mark.parametrize("path", [f"/partnerships/{SLUG}/", "/no-such-page/"])
def test_every_page_has_the_site_s_policy_with_the_live_reload_script_s_hash(preview, path):
    response = _request(preview, "GET", path)
    policy = response.getheader("Content-Security-Policy")
    assert policy and "'unsafe-inline'" not in policy
    site = preview.get("_headers")[1]
    site_policy = re.search(r"Content-Security-Policy: (.+)", site).group(1)
    for source in _policy_sources(site_policy, "script-src"):
        assert source in _policy_sources(policy, "script-src")
    body = response.body.decode("utf-8")
    injected = re.findall(r"<script>(.*?)</script>", body[body.rindex("</main>") if "</main>" in body else 0 :], re.S)[
        -1
    ]
    assert "livereload(" in injected
    digest = base64.b64encode(hashlib.sha256(injected.encode("utf-8")).digest()).decode("ascii")
    assert f"'sha256-{digest}'" in _policy_sources(policy, "script-src")
    assert response.getheader("X-Content-Type-Options") == "nosniff"


def test_a_dev_addr_in_other_digits_is_refused_in_one_line():
    result = handbook_process("serve", "--dev-addr", "127.0.0.1:８０８０", timeout=60)
    assert result.returncode == 2
    assert result.stdout == ""
    assert len(result.stderr.splitlines()) == 1
    assert result.stderr.startswith("handbook serve: --dev-addr 127.0.0.1:８０８０: expected HOST:PORT")


def _listening(url: str) -> bool:
    host, port = url[len("http://") : -1].rsplit(":", 1)
    try:
        with socket.create_connection((host, int(port)), timeout=1):
            return True
    except OSError:
        return False


def test_sigterm_closes_the_port_and_ends_the_process(tmp_path):
    folder = tmp_path / "protocols"
    shutil.copytree(ROOT / "protocols", folder)
    server = Preview(folder, tmp_path / "terminal.log")
    try:
        server.wait_for("the first build", lambda: server.get("partnerships/lscp/")[0] == 200, STARTUP_SECONDS)
        # A browser's live-reload poll is open (it would wait a minute for a rebuild).
        poll = socket.create_connection(("127.0.0.1", int(server.url.rsplit(":", 1)[1].strip("/"))))
        poll.sendall(b"GET /livereload/99999999999999/1 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        time.sleep(0.5)
        server.process.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + 5
        while _listening(server.url) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not _listening(server.url), "still listening 5 s after SIGTERM"
        server.process.wait(timeout=10)
        poll.close()
    finally:
        server.stop()
    assert server.process.returncode == 0
    assert "handbook serve: stopped" in server.terminal()


@pytest.mark.browser
@pytest.mark.parametrize("path", [f"partnerships/{SLUG}/", f"partnerships/{BROKEN}/", f"changes/{SLUG}/"])
def test_under_the_preview_s_policy_the_live_reload_runs_and_no_hostile_script(preview, browser, path):
    page = browser.new_page()
    messages: list[str] = []
    page.on("console", lambda m: messages.append(m.text))
    try:
        page.goto(preview.url + path, wait_until="load")
        page.wait_for_function("() => true")
        page.wait_for_timeout(500)
        assert "Enabled live reload" in messages
        assert not [m for m in messages if "Content Security Policy" in m], messages
        assert page.evaluate("() => window.hostileScriptRan === undefined")
    finally:
        page.close()


def test_sigterm_during_the_first_build_stops_it_quietly(tmp_path):
    folder = tmp_path / "protocols"
    shutil.copytree(ROOT / "protocols", folder)
    server = Preview(folder, tmp_path / "terminal.log")
    try:
        time.sleep(1.0)  # the first build has started (it takes longer than this)
        server.process.send_signal(signal.SIGTERM)
        server.process.wait(timeout=20)
    finally:
        server.stop()
    assert not _listening(server.url)
    # 0 once the command has set its handler; before that (Python still
    # starting on a busy machine) the signal's default ends it.
    assert server.process.returncode in (0, -signal.SIGTERM), server.terminal()
    assert "Traceback" not in server.terminal()
