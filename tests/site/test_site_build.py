"""The built handbook: every page there, offline, with the headers it needs,
the counting page's dates from the engine, and bad protocols refused."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import html
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest
import yaml

from authoring.holiday_table import build_table
from calculator.model import Protocol
from calculator.workdays import add_hours, add_working_days
from tests.support.cli import handbook_process
from tests.support.site_data import code_dir

ROOT = Path(__file__).resolve().parents[2]
PROTOCOLS = [
    Protocol.from_dict(yaml.safe_load(p.read_text(encoding="utf-8")))
    for p in sorted((ROOT / "protocols").glob("*.yaml"))
]


def _text(page: str) -> str:
    """The visible text of a page, tags dropped and entities decoded, spaces
    collapsed; a glossary term's own tags (inline, within a word's run) leave
    no space."""
    inline = re.sub(r'<(abbr|span) class="gloss"[^>]*>(.*?)</\1>', r"\2", page)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", inline)))


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def _page(site_dir: Path, url: str) -> str:
    return _read(site_dir / url / "index.html")


def test_handbook_build_exits_0_and_writes_the_home_page(site_dir):
    assert (site_dir / "index.html").is_file()
    assert (site_dir / "404.html").is_file()


def test_mkdocs_build_strict_with_the_same_config_is_clean(tmp_path):
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            "--strict",
            "--site-dir",
            str(tmp_path / "site"),
            "--config-file",
            str(ROOT / "mkdocs.yml"),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert not re.search(r"^(WARNING|ERROR)\b", result.stderr, re.M), result.stderr


@pytest.mark.parametrize("protocol", PROTOCOLS, ids=lambda p: p.slug)
def test_every_partnership_has_a_page_with_an_inline_svg_flowchart_and_its_text_alternative(site_dir, protocol):
    page = _page(site_dir, f"partnerships/{protocol.slug}")
    svg = re.search(r"<svg [^>]*class=\"flowchart-svg\"[^>]*>", page)
    assert svg, "no inline flowchart"
    # Its text alternative is the page's numbered list of stages, which the
    # chart's caption (its description) names and links to.
    caption_id = f"flowchart-{protocol.slug}-caption"
    described = re.search(r'aria-describedby="([^"]+)"', svg.group(0))
    assert described and described.group(1).split()[0] == caption_id, svg.group(0)  # then the chart's terms, if any
    caption = re.search(rf'id="{caption_id}"[^>]*>(.*?)</figcaption>', page, re.S)
    assert caption and 'href="#summary"' in caption.group(1), "the caption does not lead to the list of stages"
    steps = re.search(r'<ol class="steps" id="stages">(.*?)\n</ol>', page, re.S)
    assert steps, "no text alternative"
    listed = re.findall(r'<li class="step[^"]*" data-stage="([^"]+)"', steps.group(1))
    assert listed == [s.id for s in protocol.stages]
    drawn = re.findall(r'<g class="fc-stage" data-stage="([^"]+)"', page)
    assert drawn == [s.id for s in protocol.stages]
    assert "<script" not in page[page.index("<svg") : page.index("</svg>")]


@pytest.mark.parametrize("protocol", PROTOCOLS, ids=lambda p: p.slug)
def test_every_partnership_page_has_its_sections_and_the_source_s_words_beside_each_timescale(site_dir, protocol):
    page = _page(site_dir, f"partnerships/{protocol.slug}")
    for anchor in (
        "about",
        "before-you-start",
        "raising",
        "principles",
        "flowchart",
        "stages",
        "conflicts",
        "records",
        "after",
        "source",
        "deadlines",
    ):
        assert f'id="{anchor}"' in page, anchor
    assert f'id="timescales-{protocol.slug}"' in page
    text = _text(page)
    for stage in protocol.stages:
        assert f'id="stage-{stage.id}"' in page
        for t in stage.timescales:
            for q in t.quote:
                assert re.sub(r"\s+", " ", q) in text, q
    for c in protocol.conflicts:
        assert c.text.split()[0] in text
        assert text.count("Conflict in the source") >= 2  # at the stage and in its own section


def test_a_review_date_in_the_past_is_shown_plainly_as_overdue(site_dir):
    today = dt.date.today()
    checked = 0
    for p in PROTOCOLS:
        page = _text(_page(site_dir, f"partnerships/{p.slug}"))
        if p.document.review and p.document.review < today:
            r = p.document.review
            assert f"Review date passed: the source was due for review on {r.day} {r:%B %Y}" in page
            checked += 1
        else:
            assert "Review date passed" not in page
    assert checked, "no protocol with a past review date to check (salford's is 2016)"


def test_the_source_text_is_copied_into_the_site_and_linked(site_dir):
    for p in PROTOCOLS:
        copied = site_dir / "sources" / f"{p.slug}.txt"
        assert copied.read_bytes() == (ROOT / "protocols" / p.document.source).read_bytes()
        assert f'href="../../sources/{p.slug}.txt"' in _page(site_dir, f"partnerships/{p.slug}")


def test_comparison_counting_forms_and_calculator_pages_exist(site_dir):
    compare = _page(site_dir, "compare")
    for p in PROTOCOLS:
        assert f'href="../partnerships/{p.slug}/"' in compare
    assert compare.count("data-compare-row") == len(PROTOCOLS)
    assert "worked-example" in _page(site_dir, "counting")
    assert (site_dir / "calculator" / "index.html").is_file()
    forms_index = _page(site_dir, "forms")
    for p in PROTOCOLS:
        for f in p.forms:
            form_page = _page(site_dir, f"forms/{p.slug}-{f.id}")
            assert f"forms/{p.slug}-{f.id}/" in forms_index or f"{p.slug}-{f.id}/" in forms_index
            text = _text(form_page)
            if f.fields_given:
                for field in f.fields:
                    assert field.label in text
                assert form_page.count('class="form-line"') == sum(x.lines for x in f.fields)
            else:
                assert "does not give this form's fields" in text
                assert 'class="form-line"' not in form_page


EXTERNAL = re.compile(
    r"""(?:\b(?:src|href|action|poster|data)\s*=\s*["']?|url\(\s*["']?|@import\s+["'])"""
    r"""\s*((?:https?:)?//[^"')\s>]+)""",
    re.I,
)


def test_no_page_style_or_script_refers_to_another_host(site_dir):
    offenders = []
    for path in site_dir.rglob("*"):
        if path.suffix not in (".html", ".css", ".js", ".mjs", ".json", ".xml", ".atom", ".svg"):
            continue
        if path.name in ("sitemap.xml",):  # lists the site's own pages, never fetched by a page
            continue
        for m in EXTERNAL.finditer(path.read_text(encoding="utf-8", errors="replace")):
            offenders.append(f"{path.relative_to(site_dir)}: {m.group(1)}")
    assert offenders == []


def test_every_relative_link_in_every_page_leads_to_a_file_of_the_site(site_dir):
    missing = []
    for path in site_dir.rglob("*.html"):
        if path.name == "404.html":  # served for any missing path, so MkDocs makes its links root-relative
            continue
        for ref in re.findall(r'(?:href|src)="([^"]+)"', _read(path)):
            u = urlparse(ref)
            if u.scheme or ref.startswith("#") or ref.startswith("//"):
                continue
            assert not ref.startswith("/"), f"{path}: root-relative link {ref} breaks sub-path hosting"
            target = (path.parent / unquote(u.path)).resolve()
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                missing.append(f"{path.relative_to(site_dir)} -> {ref}")
    assert missing == []


def _inline_script_hashes(page: str) -> set[str]:
    out = set()
    for attrs, body in re.findall(r"<script(\s[^>]*)?>(.*?)</script>", page, re.S | re.I):
        attrs = attrs or ""
        if "src=" in attrs:
            continue
        kind = re.search(r'type="([^"]*)"', attrs)
        if kind and kind.group(1) not in ("", "text/javascript", "module"):
            continue
        out.add("'sha256-" + base64.b64encode(hashlib.sha256(body.encode()).digest()).decode() + "'")
    return out


def test_headers_file_has_the_csp_with_the_hash_of_every_inline_script(site_dir):
    text = _read(site_dir / "_headers")
    csp = re.search(r"^\s+Content-Security-Policy: (.+)$", text, re.M).group(1)
    directives = {d.split()[0]: d.split()[1:] for d in csp.split("; ")}
    assert directives["default-src"] == ["'self'"]
    assert "'wasm-unsafe-eval'" in directives["script-src"]
    assert "'unsafe-inline'" not in directives["script-src"]
    assert "'unsafe-eval'" not in directives["script-src"]
    needed = set()
    for path in site_dir.rglob("*.html"):
        needed |= _inline_script_hashes(_read(path))
    assert needed, "Material's pages have inline scripts; none found"
    assert needed <= set(directives["script-src"])
    assert "/*.wasm\n  Content-Type: application/wasm" in text
    assert "/*.mjs\n  Content-Type: text/javascript" in text
    assert "/*.whl\n  Content-Type: application/zip" in text
    assert "X-Content-Type-Options: nosniff" in text


def test_counting_page_dates_are_the_engine_s(site_dir):
    page = _page(site_dir, "counting")
    table = build_table("england-and-wales")
    examples = re.findall(r'<div class="worked-example" ([^>]*)>(.*?)</div>', page, re.S)
    assert len(examples) >= 6
    kinds = set()
    for attrs, body in examples:
        a = dict(re.findall(r'([\w-]+)="([^"]*)"', attrs))
        start = dt.date.fromisoformat(a["data-start"])
        if "data-working-days" in a:
            due, skipped = add_working_days(table, start, int(a["data-working-days"]))
            kinds.add(("working_days", start.weekday()))
        else:
            due, skipped = add_hours(start, int(a["data-hours"]), table), []
            kinds.add(("hours", start.weekday()))
        shown = re.search(r'<time datetime="([\d-]+)" class="due">', body).group(1)
        assert shown == due.isoformat(), (a, shown, due)
        assert f'<time datetime="{start.isoformat()}" class="start">' in body
        for day, name in skipped:
            assert f'datetime="{day.isoformat()}"' in body and html.escape(name) in body
    assert ("working_days", 4) in kinds and ("hours", 1) in kinds and ("hours", 4) in kinds
    text = _text(page)
    assert f"{table.first_year} to {table.last_year}" in text
    assert "England and Wales" in text
    assert "counted on the clock" in text


def test_the_christmas_and_2022_examples_skip_the_named_bank_holidays(site_dir):
    text = _text(_page(site_dir, "counting"))
    assert "Christmas Day" in text
    assert "State Funeral" in text or "Funeral" in text


def test_an_invalid_protocol_fails_the_build_with_path_line_column_and_no_traceback(tmp_path):
    folder = tmp_path / "protocols"
    shutil.copytree(ROOT / "protocols", folder)
    broken = folder / "lscp.yaml"
    broken.write_text(
        broken.read_text(encoding="utf-8").replace("working_days: 5}", "working_days: five}", 1), encoding="utf-8"
    )
    result = handbook_process("build", "--protocols", str(folder), "--site-dir", str(tmp_path / "site"))
    assert result.returncode == 1, result.stdout + result.stderr
    output = result.stdout + result.stderr
    assert "Traceback" not in output
    assert re.search(r"^\S*lscp\.yaml:\d+:\d+: .*working_days", output, re.M), output


def test_headers_file_keeps_the_versioned_runtime_and_the_calculator_s_code_for_a_year_and_nothing_else(site_dir):
    from tests.support.server import parse_headers_file

    rules = parse_headers_file(site_dir / "_headers")
    cached = [
        (pattern, value) for pattern, headers in rules for name, value in headers if name.lower() == "cache-control"
    ]
    assert cached == [
        ("/assets/pyodide/*", "public, max-age=31536000, immutable"),
        (f"/{code_dir(site_dir).relative_to(site_dir).as_posix()}/*", "public, max-age=31536000, immutable"),
    ]
    versions = [p.name for p in (site_dir / "assets" / "pyodide").iterdir() if p.is_dir()]
    assert versions and all(v[0].isdigit() for v in versions), "the runtime folder is named by version"


HELD_SCRIPT = re.compile(r'<script type="text/plain" data-theme-later src="([^"]+)"></script>')
THEME_SCRIPT = re.compile(r'<script src="([^"]*assets/javascripts/bundle\.[0-9a-f]+\.min\.js)"></script>')


def test_on_pages_with_a_calculator_the_theme_s_script_alone_is_held_for_theme_later(site_dir):
    """theme-later.js starts the theme's script after the first answer on a
    `#protocol=` page: the build writes that one tag (the theme's, no other)
    as a tag the browser neither fetches nor runs, with theme-later.js after
    it; every other page runs the theme's script as the theme writes it."""
    with_calculator = 0
    for path in site_dir.rglob("*.html"):
        text = _read(path)
        held = HELD_SCRIPT.findall(text)
        if "data-calculator" in text and "<section" in text and 'class="calc"' in text:
            with_calculator += 1
            assert len(held) == 1, path
            assert re.search(r"assets/javascripts/bundle\.[0-9a-f]+\.min\.js$", held[0]), (path, held)
            assert not THEME_SCRIPT.search(text), path
            assert text.index(held[0]) < text.index("/theme-later.js"), path
        elif THEME_SCRIPT.search(text):
            assert held == [], path
    assert with_calculator >= 6  # the calculator page and each partnership's page
