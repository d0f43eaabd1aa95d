"""LSCP's answer on screen says "step", its own word for a stage, never
"stage", in Chromium at 1280×800 with the reader's clock fixed: headings,
the engine's sentences, the print header and the link's note alike. Axe
finds nothing. With HANDBOOK_SHOTS=DIR each answer is saved as a screenshot there."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from tests.support import axe
from tests.support.calculator_page import ANSWER_MS, fix_today, fragment, open_or_ask

pytestmark = pytest.mark.browser

TODAY = "2026-12-04"
STAGE = re.compile(r"\bstages?\b", re.IGNORECASE)
#: LSCP answers with every kind of sentence that names a stage: projected
#: dates, the timeline's heading, a timeline that cannot be dated, a step
#: with no timescale, the last step.
ANSWERS = {
    "step-2-projected": ("2", "2026-11-02", None, {"stage-1": "2026-10-26"}),
    "step-2-undated": ("2", "2026-11-02", None, {}),
    "step-3-urgent": ("3", "2026-11-30", True, {}),
    "step-4-non-urgent": ("4-non-urgent", "2026-11-30", None, {}),
}


@pytest.fixture(scope="module")
def started(browser):
    """One page whose clock reads TODAY, kept for the module's answers (Python starts once)."""
    ctx = browser.new_context(viewport={"width": 1280, "height": 800})
    fix_today(ctx, TODAY)
    page = ctx.new_page()
    page.errors = []
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    yield page
    ctx.close()


@pytest.fixture
def reader(started):
    """The page: no script error on it during the test."""
    yield started
    assert started.errors == []


@pytest.mark.parametrize("name", list(ANSWERS))
def test_lscp_answer_says_step_never_stage(reader, site_url, name):
    stage, start, urgent, dates = ANSWERS[name]
    open_or_ask(reader, site_url + "calculator/" + fragment("lscp", stage, start, urgent=urgent, dates=dates))
    reader.wait_for_selector("[data-calc-answer-title]", timeout=ANSWER_MS)
    answer = reader.locator("[data-role='answer']")
    shown = answer.inner_text()
    # The print header too, all but the page's address (an identifier: `stage=2`).
    everything = answer.evaluate(
        "a => { const c = a.cloneNode(true); c.querySelectorAll('.calc-print-url').forEach((u) => u.remove());"
        " return c.innerText || c.textContent; }"
    )
    assert "Step" in shown
    assert not STAGE.findall(shown), shown
    assert not STAGE.findall(everything), everything
    axe.assert_none(reader)
    folder = os.environ.get("HANDBOOK_SHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        reader.evaluate("() => document.querySelector('[data-calc-answer-title]').scrollIntoView({block: 'start'})")
        reader.screenshot(path=str(Path(folder) / f"lscp-{name}-desktop.png"), full_page=False)
        answer.screenshot(path=str(Path(folder) / f"lscp-{name}-answer.png"))
