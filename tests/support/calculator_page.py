"""Driving the calculator in a Playwright page: its URL fragment, waiting for
it to start and to answer, reading the dates it shows, axe-core, and a fixed
"today" for the reader's clock."""

from __future__ import annotations

from pathlib import Path
from string import Template
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[2]
#: Pyodide starts in 1-4 s on an idle machine; a busy shared one can take far longer.
READY_MS = 60_000
ANSWER_MS = 10_000


def fragment(
    slug: str, stage: str, start: str | None = None, urgent: bool | None = None, dates: dict | None = None
) -> str:
    """`#protocol=…&stage=…&start=…[&EVENT=date…][&urgent=1|0]`, as the page writes it."""
    params = {"protocol": slug, "stage": stage}
    if start:
        params["start"] = start
    params.update(dates or {})
    if urgent is not None:
        params["urgent"] = "1" if urgent else "0"
    return "#" + urlencode(params)


#: The page's `Date` fixed at `$iso`, noon local time (see `fix_today`).
FIXED_DATE = Template(
    """(() => {
      const fixed = new Date("${iso}T12:00:00").getTime();
      const Real = Date;
      class FixedDate extends Real {
        constructor(...args) { if (args.length) super(...args); else super(fixed); }
        static now() { return fixed; }
      }
      globalThis.Date = FixedDate;
    })();"""
)


def fix_today(page_or_context, iso: str) -> None:
    """The reader's clock reads `iso` (noon, local time) in the page: `Date()`
    and `Date.now()` only, so the calculator's worker and timers run as usual."""
    page_or_context.add_init_script(FIXED_DATE.substitute(iso=iso))


def wait_ready(page) -> None:
    page.wait_for_selector("[data-calculator][data-state='ready']", state="attached", timeout=READY_MS)


def answers_count(page) -> int:
    return int(page.get_attribute("[data-calculator]", "data-answers") or 0)


def wait_for_answer(page, before: int) -> None:
    page.wait_for_function(
        "n => Number(document.querySelector('[data-calculator]').dataset.answers || 0) > n",
        arg=before,
        timeout=ANSWER_MS,
    )


def open_answer(page, url: str) -> None:
    """Go to a calculator URL with a fragment and wait for its answer."""
    page.goto(url)
    wait_ready(page)
    page.wait_for_function(
        "() => Number(document.querySelector('[data-calculator]').dataset.answers || 0) > 0", timeout=ANSWER_MS
    )


def ask(page, fragment_text: str) -> None:
    """On a page whose calculator has answered already: the answer for
    `fragment_text` (`#protocol=…`), asked as a reader following a link to the
    same page would, by its fragment alone. The fragment is cleared first
    without an event, so that the page hears a change even when the answer
    shown is already this one."""
    before = answers_count(page)
    page.evaluate(
        """f => { history.replaceState(history.state, "", location.pathname + location.search);
                             location.hash = f; }""",
        fragment_text,
    )
    wait_for_answer(page, before)


def open_or_ask(page, url: str) -> None:
    """The answer for `url` (a calculator's page with a `#protocol=`
    fragment): on a page already answering at that address, asked by the
    fragment alone (`ask`, from the top of the page), so that Python starts
    once for many questions; else opened as a reader's link opens it."""
    base, _, wanted = url.partition("#")
    if page.url.partition("#")[0] == base and page.evaluate(
        "() => { const c = document.querySelector('[data-calculator]');"
        " return !!c && c.dataset.state === 'ready' && Number(c.dataset.answers || 0) > 0; }"
    ):
        page.evaluate("() => window.scrollTo(0, 0)")
        ask(page, "#" + wanted)
    else:
        open_answer(page, url)


def shown_dates(page) -> list[str]:
    return page.eval_on_selector_all("[data-calc-result] time", "ts => ts.map(t => t.getAttribute('datetime'))")


def stage_radio(slug: str, stage: str) -> str:
    return f"[data-calc-field='stage'][data-protocol='{slug}'][value='{stage}']"


def fill_date(page, group: str, iso: str) -> None:
    """Type `iso` (YYYY-MM-DD) into the date input of the group matching the
    selector `group`, as a reader would: day, month, year, without leading zeros."""
    year, month, day = (str(int(part)) for part in iso.split("-"))
    for part, value in (("day", day), ("month", month), ("year", year)):
        page.fill(f"{group} [data-calc-part='{part}']", value)


def choose_stage(page, slug: str, stage: str) -> None:
    """On the calculator page: the partnership, then the stage."""
    page.select_option("[data-calc-field='protocol']", slug)
    page.check(stage_radio(slug, stage))
