"""A real nginx serving a built site under /handbook/ with the documented
settings (docs/deploy/nginx.conf), for the deployment tests.

The snippet is used as published: only its two placeholders are filled in
(the site folder, and the Content-Security-Policy copied from the site's
`_headers`), then it is included into a minimal main configuration written to
a temporary folder. nginx runs in the foreground on 127.0.0.1 at a free port,
as the current user, and is stopped on exit (or after `max_seconds` at most).
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SNIPPET = ROOT / "docs" / "deploy" / "nginx.conf"
PREFIX = "/handbook/"
#: What the published snippets say, to be replaced on installation.
SITE_PLACEHOLDER = "/var/www/handbook/"
CSP_PLACEHOLDER = "HANDBOOK_CONTENT_SECURITY_POLICY"

MAIN_CONFIG = """\
daemon off;
master_process off;
worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log warn;
events {{ worker_connections 256; }}
http {{
    access_log {tmp}/access.log;
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    sendfile on;
    server {{
        listen 127.0.0.1:{port};
        server_name localhost;
        include {snippet};
    }}
}}
"""


class NginxError(RuntimeError):
    pass


def nginx_executable() -> str | None:
    for candidate in (os.environ.get("HANDBOOK_NGINX"), shutil.which("nginx"), "/usr/sbin/nginx"):
        if candidate and os.path.exists(candidate):
            return candidate
    return None


def csp_from_headers_file(site_dir: Path) -> str:
    """The Content-Security-Policy value the build wrote to `_headers`."""
    path = Path(site_dir) / "_headers"
    for line in path.read_text(encoding="utf-8").splitlines():
        name, _, value = line.strip().partition(":")
        if name.lower() == "content-security-policy":
            return value.strip()
    raise NginxError(f"{path}: no Content-Security-Policy line")


def installed_snippet(site_dir: Path, csp: str, snippet: Path = SNIPPET) -> str:
    """docs/deploy/nginx.conf with its placeholders filled in."""
    text = snippet.read_text(encoding="utf-8")
    for placeholder in (SITE_PLACEHOLDER, CSP_PLACEHOLDER):
        if placeholder not in text:
            raise NginxError(f"{snippet}: expected the placeholder {placeholder}")
    if '"' in csp or "\n" in csp:
        raise NginxError("the Content-Security-Policy cannot hold a double quote or a line break")
    folder = str(Path(site_dir).resolve()).rstrip("/") + "/"
    return text.replace(SITE_PLACEHOLDER, folder).replace(CSP_PLACEHOLDER, csp)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Nginx:
    """`with Nginx(site_dir) as url:` gives http://127.0.0.1:PORT/handbook/."""

    def __init__(self, site_dir: Path, max_seconds: float = 900, executable: str | None = None):
        self.site_dir = Path(site_dir)
        self.executable = executable or nginx_executable()
        if not self.executable:
            raise NginxError("nginx is not installed (Debian: apt-get install -y nginx-light)")
        self.max_seconds = max_seconds
        self.csp = csp_from_headers_file(self.site_dir)
        self._tmp = tempfile.TemporaryDirectory(prefix="handbook-nginx-")
        self.tmp = Path(self._tmp.name)
        self.proc: subprocess.Popen | None = None
        self._timer: threading.Timer | None = None
        self.port = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}{PREFIX}"

    def _write_config(self) -> Path:
        snippet = self.tmp / "handbook.conf"
        snippet.write_text(installed_snippet(self.site_dir, self.csp), encoding="utf-8")
        main = self.tmp / "nginx.conf"
        main.write_text(MAIN_CONFIG.format(tmp=self.tmp, port=self.port, snippet=snippet), encoding="utf-8")
        return main

    def _command(self, main: Path, *extra: str) -> list[str]:
        return [self.executable, "-p", str(self.tmp), "-c", str(main), "-e", str(self.tmp / "error.log"), *extra]

    def check(self) -> str:
        """`nginx -t` on the generated configuration; returns its output."""
        self.port = self.port or _free_port()
        main = self._write_config()
        result = subprocess.run(self._command(main, "-t"), capture_output=True, text=True, timeout=30)
        if result.returncode != 0:
            raise NginxError(f"nginx -t rejected the configuration:\n{result.stderr}")
        return result.stderr

    def start(self) -> str:
        for _ in range(5):  # another process may take the free port first
            self.port = _free_port()
            main = self._write_config()
            self.proc = subprocess.Popen(
                self._command(main), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
            )
            if self._wait_until_serving():
                self._timer = threading.Timer(self.max_seconds, self.stop)
                self._timer.daemon = True
                self._timer.start()
                return self.url
            self.stop()
        raise NginxError(f"nginx did not start: {self._log()}")

    def _wait_until_serving(self, timeout_s: float = 10) -> bool:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                return False
            try:
                with urllib.request.urlopen(self.url, timeout=1):
                    return True
            except urllib.error.HTTPError:
                return True  # it answers; the tests say whether the answer is right
            except OSError:
                time.sleep(0.05)
        return False

    def _log(self) -> str:
        log = self.tmp / "error.log"
        return log.read_text(encoding="utf-8", errors="replace")[-2000:] if log.exists() else ""

    def stop(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGQUIT)  # graceful: finish the requests under way
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=5)
        if self.proc is not None and self.proc.stderr:
            self.proc.stderr.close()
        self.proc = None

    def __enter__(self) -> str:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
        self._tmp.cleanup()
