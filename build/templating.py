"""The Jinja2 environment every generated page is rendered with.

Templates live in build/templates/ and are compiled once per build. Output is
Markdown with HTML blocks, and every field of a protocol or scenario file is
text: so every value a template writes is escaped for both
(`page_text.escape`: HTML entities, and character references for
Markdown's special characters), unless it is already markup (a macro's
output, `|safe`, the `time` filter's `<time>` element). A page title goes in
the front matter through `front_matter_title`: escaped the same way (the theme
shows a title as HTML) and quoted for YAML.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from pathlib import Path

import jinja2
from markupsafe import Markup

from authoring import places
from calculator import wording
from calculator.naming import dates_needed_for, event_question, limit_anchor, questions_for, urgent_question_hint

from .browser_modules import calculator_modules
from .code_folder import code_folder
from .page_text import escape

__all__ = [
    "TEMPLATES",
    "environment",
    "compiled_templates",
    "long_date",
    "short_date",
    "text",
    "front_matter_title",
    "library_name",
]

TEMPLATES = places.TEMPLATES


def long_date(day: dt.date | None) -> str:
    """ "Tuesday 22 December 2026" (`calculator.wording`'s), or nothing."""
    return wording.long_date(day) if day else ""


def short_date(day: dt.date | None) -> str:
    """ "22 December 2026" (`calculator.wording`'s), or nothing."""
    return wording.plain_date(day) if day else ""


def text(value: object) -> Markup:
    """A value as text on a generated page (markup stays as it is)."""
    if hasattr(value, "__html__"):
        return Markup(value)
    return Markup(escape(value))


def library_name(source: str) -> str:
    """A calendar's source named for a reader, without the library's version
    ("holidays 0.109" gives "holidays"): a version number means nothing to a
    reader, and changes with every build."""
    return source.split()[0] if source.strip() else source


def front_matter_title(value: object) -> Markup:
    """`title: {{ x | front_matter_title }}`: the text escaped as on the page,
    as a YAML double-quoted string (JSON's is one; ASCII only, so no character
    YAML would refuse or fold)."""
    return Markup(json.dumps(str(text(value)), ensure_ascii=True))


@functools.cache
def compiled_templates() -> jinja2.BytecodeCache | None:
    """Jinja2's own cache of compiled templates, kept between builds in the
    project's cache (`.cache/jinja/`; Jinja2 keys each by its template's
    source, so an edited template is compiled again); None with the cache off."""
    folder = places.cache_dir()
    if folder is None:
        return None
    (folder / "jinja").mkdir(parents=True, exist_ok=True)
    return jinja2.FileSystemBytecodeCache(str(folder / "jinja"))


@functools.cache
def environment(extra_paths: tuple[Path, ...] = ()) -> jinja2.Environment:
    """The one Jinja2 environment of a build (cached: every template is
    compiled once per process, not once per page)."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([TEMPLATES, *extra_paths]),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
        finalize=text,
        bytecode_cache=compiled_templates(),
    )
    env.filters["front_matter_title"] = front_matter_title
    env.filters["long_date"] = long_date
    env.filters["short_date"] = short_date
    env.filters["iso"] = lambda d: d.isoformat() if d else ""
    env.filters["library_name"] = library_name
    # The calculator's form asks, per stage, for the dates its deadlines count from.
    env.globals["questions_for"] = questions_for
    env.globals["event_question"] = event_question
    env.globals["dates_needed_for"] = dates_needed_for
    env.globals["urgent_question_hint"] = urgent_question_hint
    env.globals["limit_anchor"] = limit_anchor
    # The words every view of an answer shares (`{{ wording.HOURS_RULE }}`), said once.
    env.globals["wording"] = wording
    # The calculator's modules, named up front so the browser fetches them side by side.
    env.globals["calculator_modules"] = calculator_modules()
    env.globals["calculator_code"] = code_folder()
    return env
