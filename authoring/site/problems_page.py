"""The page the live preview shows while the site cannot be built.

Every problem line (`PATH:LINE:COLUMN: message` for a protocol or scenario
file) is listed as in the terminal; `publish_problems` puts the page in place
of every page of the preview until a save fixes them.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

__all__ = ["PAGE_STYLE", "problems_page", "publish_problems"]

_PROBLEM = re.compile(r"^(?P<where>.+?:\d+:\d+): (?P<message>.*)$")

#: The page's only style (the preview's policy allows it by its hash).
PAGE_STYLE = """
body { font: 1.125rem/1.5 system-ui, Arial, Helvetica, sans-serif; color: #111; background: #fff;
       margin: 0 auto; max-width: 60rem; padding: 1.5rem; }
h1 { font-size: 1.75rem; color: #8a1c1c; }
ul { padding-left: 1.25rem; }
li { margin: 0 0 0.75rem; }
code { font: 1rem/1.4 ui-monospace, Menlo, Consolas, monospace; background: #f3f3f3;
       padding: 0.1rem 0.25rem; }
"""


def problems_page(problems: list[str]) -> str:
    """The page the preview shows while the site cannot be built: every problem
    line (`PATH:LINE:COLUMN: message` for a protocol or scenario file), as in
    the terminal. No script of its own; the preview adds its live reload."""
    items = []
    for line in problems:
        m = _PROBLEM.match(line)
        if m:
            items.append(f"<li><code>{html.escape(m['where'])}</code>: {html.escape(m['message'])}</li>")
        else:
            items.append(f"<li>{html.escape(line)}</li>")
    count = len(problems)
    return "\n".join(
        [
            "<!doctype html>",
            '<html lang="en-GB">',
            "<head>",
            '<meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            "<title>The handbook could not be built – Escalation Handbook preview</title>",
            f"<style>{PAGE_STYLE}</style>",
            "</head>",
            "<body>",
            "<main>",
            "<h1>The handbook could not be built</h1>",
            f"<p>{count} problem{'s' if count != 1 else ''} stop{'' if count != 1 else 's'} the build. "
            "Each names the file, the line and the column, and what was expected there:</p>",
            '<ul class="problems">',
            *items,
            "</ul>",
            "<p>Fix the file and save it: the preview rebuilds, and this page turns back into the "
            "handbook by itself. The same lines are in the terminal running <code>handbook serve</code>.</p>",
            "</main>",
            "</body>",
            "</html>",
            "",
        ]
    )


def publish_problems(site_dir: Path, page: str) -> None:
    """Every page of the preview becomes the problems page; so do the home page
    and the page for any address that has no file."""
    site_dir.mkdir(parents=True, exist_ok=True)
    for path in site_dir.rglob("*.html"):
        path.write_text(page, encoding="utf-8")
    for name in ("index.html", "404.html"):
        (site_dir / name).write_text(page, encoding="utf-8")
