"""Launching Chromium for the browser tests: Debian's /usr/bin/chromium when
present (Playwright cannot download its own browsers here), else Playwright's
own build where one is installed."""

from __future__ import annotations

import os
import shutil

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_executable() -> str | None:
    for candidate in (os.environ.get("HANDBOOK_CHROMIUM"), "/usr/bin/chromium",
                      shutil.which("chromium"), shutil.which("chromium-browser")):
        if candidate and os.path.exists(candidate):
            return candidate
    return None  # let Playwright use its own browser


def launch(playwright, **kwargs):
    return playwright.chromium.launch(
        executable_path=chromium_executable(), args=CHROMIUM_ARGS, headless=True, **kwargs)
