"""One way to drive a page in each browser engine readers use.

Chromium through Playwright; Firefox through puppeteer-core over WebDriver
BiDi (tests/support/firefox_driver.mjs); WebKit through Selenium, with
WebKitGTK's WebKitWebDriver driving its MiniBrowser under Xvfb.

Each driver has the same few methods: `goto`, `run` (a JavaScript function's
source, maybe async, run in the page), `wait` (until such a function returns
something truthy, polled in the page), `shot` (a PNG), `errors` (console
errors so far; not in WebKit, whose WebDriver has no log) and `close`.
"""

from __future__ import annotations

import glob
import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
FIREFOX_DRIVER = Path(__file__).with_name("firefox_driver.mjs")
ENGINES = ("chromium", "firefox", "webkit")
MISSING = "{what} is missing: run `bash scripts/setup.sh test`"

#: Polls `condition` in the page until it returns something truthy (that
#: value) or `ms` pass (null).
WAIT = """async () => {{
  const condition = {condition};
  const end = performance.now() + {ms};
  for (;;) {{
    const value = await condition();
    if (value) return value;
    if (performance.now() > end) return null;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }}
}}"""


class Driver:
    """What every engine's driver has; `wait` is built on `run`."""

    name = ""

    def goto(self, url: str) -> None:
        raise NotImplementedError

    def run(self, js: str) -> Any:
        raise NotImplementedError

    def shot(self, path: Path, full: bool = False) -> None:
        raise NotImplementedError

    def errors(self) -> list[str]:
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError

    def wait(self, condition: str, ms: int) -> Any:
        value = self.run(WAIT.format(condition=condition, ms=ms))
        if not value:
            raise AssertionError(f"{self.name}: still not true after {ms} ms: {condition}")
        return value


class ChromiumDriver(Driver):
    """A page in a new context of the session's Playwright Chromium."""

    name = "chromium"

    def __init__(self, browser) -> None:
        self.context = browser.new_context()
        self.page = self.context.new_page()
        self.console: list[str] = []
        self.page.on("console", lambda m: m.type == "error" and self.console.append(m.text))
        self.page.on("pageerror", lambda e: self.console.append(str(e)))

    def goto(self, url: str) -> None:
        self.page.goto(url)

    def run(self, js: str) -> Any:
        return self.page.evaluate(js)

    def shot(self, path: Path, full: bool = False) -> None:
        self.page.screenshot(path=str(path), full_page=full)

    def errors(self) -> list[str]:
        return list(self.console)

    def close(self) -> None:
        self.context.close()


class FirefoxDriver(Driver):
    """Firefox ESR driven by firefox_driver.mjs, one JSON line each way."""

    name = "firefox"

    def __init__(self) -> None:
        executable = shutil.which("firefox-esr") or shutil.which("firefox")
        if not executable:
            pytest.fail(MISSING.format(what="Firefox (Debian's firefox-esr)"))
        if not (ROOT / "node_modules" / "puppeteer-core").is_dir():
            pytest.fail(MISSING.format(what="puppeteer-core"))
        self.process = subprocess.Popen(
            ["node", str(FIREFOX_DRIVER), executable],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        self.version = self._reply().get("ready")

    def _reply(self) -> dict:
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        if not line:
            raise AssertionError("firefox: the driver stopped")
        return json.loads(line)

    def _ask(self, op: str, **fields: Any) -> Any:
        assert self.process.stdin is not None
        self.process.stdin.write(json.dumps({"op": op, **fields}) + "\n")
        self.process.stdin.flush()
        reply = self._reply()
        if "error" in reply:
            raise AssertionError(f"firefox: {op}: {reply['error']}")
        return reply.get("value")

    def goto(self, url: str) -> None:
        self._ask("goto", url=url)

    def run(self, js: str) -> Any:
        return self._ask("eval", js=js)

    def shot(self, path: Path, full: bool = False) -> None:
        self._ask("shot", path=str(path), full=full)

    def pdf(self, path: Path) -> None:
        self._ask("pdf", path=str(path))

    def errors(self) -> list[str]:
        return list(self._ask("errors"))

    def close(self) -> None:
        if self.process.stdin:
            self.process.stdin.close()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()


def minibrowser() -> str | None:
    """WebKitGTK's MiniBrowser, which Debian puts beside the library."""
    found = sorted(glob.glob("/usr/lib/*/webkit2gtk-4.*/MiniBrowser"))
    return found[-1] if found else None


class WebKitDriver(Driver):
    """MiniBrowser on a private Xvfb display, driven by WebKitWebDriver."""

    name = "webkit"

    def __init__(self) -> None:
        webdriver = pytest.importorskip("selenium.webdriver")
        from selenium.webdriver.webkitgtk.options import Options
        from selenium.webdriver.webkitgtk.service import Service

        browser, driver, xvfb = minibrowser(), shutil.which("WebKitWebDriver"), shutil.which("Xvfb")
        if not (browser and driver and xvfb):
            pytest.fail(MISSING.format(what="WebKitGTK (webkit2gtk-driver) or Xvfb"))
        read, write = os.pipe()
        self.xvfb = subprocess.Popen(
            [xvfb, "-displayfd", str(write), "-screen", "0", "1280x1024x24", "-nolisten", "tcp"], pass_fds=(write,)
        )
        os.close(write)
        with os.fdopen(read) as display:
            number = display.readline().strip()
        options = Options()
        options.binary_location = browser
        options.add_argument("--automation")
        service = Service(executable_path=driver, env={**os.environ, "DISPLAY": f":{number}"})
        self.driver = webdriver.WebKitGTK(options=options, service=service)
        self.driver.set_script_timeout(120)
        self.version = self.driver.capabilities.get("browserVersion")

    def goto(self, url: str) -> None:
        self.driver.get(url)

    def run(self, js: str) -> Any:
        script = (
            "const done = arguments[arguments.length - 1];"
            f"Promise.resolve().then({js}).then((v) => done({{value: v === undefined ? null : v}}),"
            " (e) => done({error: String(e && e.message || e)}));"
        )
        reply = self.driver.execute_async_script(script)
        if "error" in reply:
            raise AssertionError(f"webkit: {reply['error']}")
        return reply["value"]

    def shot(self, path: Path, full: bool = False) -> None:
        if full:
            height = self.run("() => document.documentElement.scrollHeight")
            self.driver.set_window_size(1280, min(int(height) + 100, 16000))
        self.driver.save_screenshot(str(path))
        if full:
            self.driver.set_window_size(1280, 1024)

    def close(self) -> None:
        try:
            self.driver.quit()
        finally:
            self.xvfb.terminate()
            self.xvfb.wait(timeout=10)


def open_driver(name: str, chromium=None) -> Driver:
    """A driver for engine `name`; Chromium's is a context of `chromium`, the session's browser."""
    if name == "chromium":
        return ChromiumDriver(chromium)
    if name == "firefox":
        return FirefoxDriver()
    return WebKitDriver()
