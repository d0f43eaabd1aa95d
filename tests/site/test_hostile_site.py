"""Hostile protocol and scenario files: every field is text, on every page.

A real protocol and its training scenario are copied into a temporary
protocols folder with every payload of tests/hostile/site/payloads.yaml
appended to every text field (scripts, event handlers, Markdown links, images
and attribute lists, raw HTML, other hosts). The files still pass `handbook
check`, and the site built from them must show all of it as text: no element
or attribute from the files, no `javascript:` link, nothing from another
host, the Content-Security-Policy allowing exactly the handbook's own inline
scripts, and the `<title>`, the navigation and the header giving the text
escaped.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import yaml

from handbook_site import headers
from tests.support.cli import handbook

ROOT = Path(__file__).resolve().parents[2]
HOSTILE = ROOT / "tests" / "hostile" / "site"
PAYLOADS: dict[str, str] = yaml.safe_load((HOSTILE / "payloads.yaml").read_text(encoding="utf-8"))["payloads"]
#: Every payload, each on a line of its own (so each may start a Markdown
#: line), the attribute list last.
PAYLOAD = "\n".join(PAYLOADS.values())
SLUG = "lscp"
#: Fields whose values the schema restricts to identifiers, dates, numbers,
#: fixed words or a pattern: no text there to inject.
NOT_TEXT = {
    "slug",
    "id",
    "stage",
    "source",
    "nation",
    "way",
    "protocol",
    "when",
    "event",
    "phone",
    "email",
    "in_words",
    "kind",
    "date",
    "review",
    "implemented",
    "role",
    "forms",
    "involved",
    "contacts",
    "send_to",
    "stage_word",
    "checked",
    "from",
    "timescales",
}
#: An id (a list of ids is under the key of the list).
IDENTIFIER = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
#: Fields a timescale's or a transition's quote must contain (`handbook check`).
QUOTED_IN_PARENT = ("wording", "condition")


def _inject(value, key=None, texts=None):
    """`value` with PAYLOAD appended to every text field; each injected quote
    is added to `texts`, for the source text."""
    if isinstance(value, dict):
        # Another reading of a limit is words of the timescale's own wording:
        # it keeps them.
        out = {k: v if k in ("also", "quote") else _inject(v, k, texts) for k, v in value.items()}
        if "quote" in value:
            # Each passage stays quoted as it is (the check finds every time
            # limit the source states in a quote), and again with the payloads.
            quotes = value["quote"] if isinstance(value["quote"], list) else [value["quote"]]
            injected = [q + " " + PAYLOAD for q in quotes]
            out["quote"] = quotes + injected
            texts.extend(injected)
        if isinstance(value.get("from"), dict) and "text" in value["from"]:
            out["from"] = {**value["from"], "text": value["from"]["text"] + " " + PAYLOAD}
        if "quote" in out:
            # What a timescale counts from, its wording and a contact's
            # condition must stand in the quote: add them to it.
            extra = [out[k] for k in QUOTED_IN_PARENT if isinstance(out.get(k), str)]
            if isinstance(out.get("from"), dict) and isinstance(out["from"].get("text"), str):
                extra.append(out["from"]["text"])
            extra += [
                c["condition"]
                for c in out.get("contacts") or []
                if isinstance(c, dict) and isinstance(c.get("condition"), str)
            ]
            out["quote"] = out["quote"] + extra
            texts.extend(extra)
        if "term" in out and "means" in out and "quote" in out:
            # A glossary entry's every quote holds both its term and what it means.
            expansion = f"{out['term']} ({out['means']})"
            out["quote"] = [expansion]
            texts.append(expansion)
        return out
    if isinstance(value, list):
        return [_inject(v, key, texts) for v in value]
    if isinstance(value, str) and key not in NOT_TEXT and not IDENTIFIER.fullmatch(value):
        return value + " " + PAYLOAD
    return value


def hostile_protocols(folder: Path) -> Path:
    """A protocols folder with the real protocol SLUG and its scenarios, every
    text field carrying every payload."""
    src = ROOT / "protocols"
    (folder / "sources").mkdir(parents=True)
    (folder / "scenarios").mkdir()
    shutil.copy(src / "protocol.schema.json", folder)
    shutil.copy(src / "scenarios" / "scenario.schema.json", folder / "scenarios")
    quotes: list[str] = []
    data = _inject(_with_every_kind_of_field(yaml.safe_load((src / f"{SLUG}.yaml").read_text(encoding="utf-8"))), texts=quotes)
    (folder / f"{SLUG}.yaml").write_text(
        yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1 << 20), encoding="utf-8"
    )
    source = (src / "sources" / f"{SLUG}.txt").read_text(encoding="utf-8")
    (folder / "sources" / f"{SLUG}.txt").write_text(source + "\n" + "\n\n".join(quotes) + "\n", encoding="utf-8")
    for scenario in sorted((src / "scenarios").glob(f"{SLUG}-*.yaml")):
        injected = _inject(yaml.safe_load(scenario.read_text(encoding="utf-8")), texts=[])
        (folder / "scenarios" / scenario.name).write_text(
            yaml.safe_dump(injected, allow_unicode=True, sort_keys=False, width=1 << 20), encoding="utf-8"
        )
    return folder


def _with_every_kind_of_field(data: dict) -> dict:
    """The protocol with the text fields it lacks added, so that they carry the
    payloads too: a contact the partnership adds (its name, note, who added it)
    and a condition on a limit (words of the limit's own quote)."""
    role = data["stages"][0]["involved"][0]
    checked = (dt.date.today() - dt.timedelta(days=30)).isoformat()
    data["added_contacts"] = [
        {
            "role": role,
            "name": "Duty team",
            "phone": "0161 496 0000",
            "email": "duty.team@example.gov.uk",
            "note": "Weekdays",
            "added_by": "The partnership",
            "checked": checked,
        }
    ]
    timescale = next(ts for st in data["stages"] for ts in st.get("timescales", []) if ts.get("quote"))
    quote = timescale["quote"] if isinstance(timescale["quote"], str) else timescale["quote"][0]
    timescale["condition"] = " ".join(quote.split()[:4])
    return data


# The fixtures `hostile_folder` and `hostile_site` (built once per session) are in tests/conftest.py.
#: Elements the payloads would make, by their text: `<b>bold</b>`, `*md*`,
#: `*emphasis*`, `` `code` ``, `[a link](…)`.
MADE = {("b", "bold"), ("em", "md"), ("em", "emphasis"), ("code", "code"), ("a", "a link")}
MADE_TAGS = {tag for tag, _ in MADE}


class _Page(HTMLParser):
    """Every element, attribute, inline script and the text of the `<title>`,
    the navigation's links and the header's title of one page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.scripts: list[str] = []
        self.title = ""
        self.nav_links: list[str] = []
        self.header_titles: list[str] = []
        self._open: list[tuple[str, str]] = []  # (tag, what its text is collected for)
        self._script: list[str] | None = None
        self._titled = False
        #: The text of each element that a payload would make (tag, text).
        self.made: list[tuple[str, str]] = []
        self._made: list[tuple[str, list[str]]] = []

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        self.elements.append((tag, a))
        cls = a.get("class", "").split()
        if tag in MADE_TAGS:
            self._made.append((tag, []))
        if tag == "script" and "src" not in a and a.get("type", "") in ("", "module", "text/javascript"):
            self._script = []
        if tag == "title" and not self._titled:  # the page's, not an SVG's
            self._titled = True
            self._open.append((tag, "title"))
        elif tag == "a" and "md-nav__link" in cls:
            self._open.append((tag, "nav"))
            self.nav_links.append("")
        elif tag == "span" and "md-ellipsis" in cls and any(w == "header" for _, w in self._open):
            self._open.append((tag, "header-title"))
            self.header_titles.append("")
        elif tag == "div" and "md-header__topic" in cls:
            self._open.append((tag, "header"))
        elif self._open and tag not in ("br", "img", "input", "meta", "link"):
            self._open.append((tag, ""))

    def handle_endtag(self, tag):
        if tag in MADE_TAGS:
            for i in range(len(self._made) - 1, -1, -1):
                if self._made[i][0] == tag:
                    made, text = self._made.pop(i)
                    self.made.append((made, "".join(text).strip()))
                    break
        if tag == "script" and self._script is not None:
            self.scripts.append("".join(self._script))
            self._script = None
        while self._open:
            t, _ = self._open.pop()
            if t == tag:
                break

    def handle_data(self, data):
        for _, text in self._made:
            text.append(data)
        if self._script is not None:
            self._script.append(data)
        for _, what in self._open:
            if what == "title":
                self.title += data
            elif what == "nav":
                self.nav_links[-1] += data
            elif what == "header-title":
                self.header_titles[-1] += data


def _parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    page.close()
    return page


def _words(text: str) -> str:
    return " ".join(text.split())


URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "poster", "data", "srcset", "background", "cite"}


def test_the_hostile_files_pass_the_check(hostile_folder):
    result = handbook("check", *map(str, sorted(hostile_folder.glob("*.yaml"))))
    assert result.returncode == 0, result.stdout + result.stderr


def markup_found(name: str, html_text: str, origin: str | None = None) -> list[str]:
    """Markup from the hostile files on a page named `name`: an event handler,
    a `javascript:` or another host's URL (one at `origin`, the site's own, is
    not), a `markdown` attribute, an inline script that would set the
    payloads' flag."""
    page = _Page()
    page.feed(html_text)
    page.close()
    found = []
    for tag, attrs in page.elements:
        for attr, value in attrs.items():
            v = value.strip().lower()
            if attr.startswith("on"):
                found.append(f"{name}: <{tag} {attr}=…>")
            own = origin is not None and v.startswith(origin.lower())
            if (
                attr in URL_ATTRIBUTES
                and not own
                and (v.startswith(("javascript:", "//", "http:", "https:", "data:text")) or "evil.example" in v)
            ):
                found.append(f"{name}: <{tag} {attr}={value!r}>")
            if attr == "markdown":
                found.append(f"{name}: <{tag} markdown=…>")
    for script in page.scripts:
        if "hostileScriptRan" in script:
            found.append(f"{name}: <script>{script[:60]}")
    found += [f"{name}: <{tag}>{text}</{tag}>" for tag, text in page.made if (tag, text) in MADE]
    found += [
        f"{name}: <img alt='an image'>"
        for tag, attrs in page.elements
        if tag == "img" and attrs.get("alt") == "an image"
    ]
    return found


def test_no_markup_from_the_files_survives_on_any_page(hostile_site):
    pages = sorted(hostile_site.rglob("*.html"))
    assert len(pages) > 10
    found = []
    for path in pages:
        found += markup_found(path.relative_to(hostile_site).as_posix(), path.read_text(encoding="utf-8"))
    assert found == []


def test_every_text_field_is_shown_as_text(hostile_site):
    """The partnership's page shows each payload, in the characters of the
    file, in its heading and in the body (many times: one per field)."""
    page = (hostile_site / "partnerships" / SLUG / "index.html").read_text(encoding="utf-8")
    text = _words(_visible(page))
    for name, payload in PAYLOADS.items():
        assert text.count(_words(payload)) >= 20, name


def _visible(html_text: str) -> str:
    """The text of a page (tags dropped, references decoded)."""

    class Text(HTMLParser):
        def __init__(self):
            super().__init__(convert_charrefs=True)
            self.parts: list[str] = []
            self.skip = 0

        def handle_starttag(self, tag, attrs):
            self.skip += tag in ("script", "style")

        def handle_endtag(self, tag):
            self.skip -= tag in ("script", "style") and self.skip > 0

        def handle_data(self, data):
            if not self.skip:
                self.parts.append(data)

    t = Text()
    t.feed(html_text)
    return " ".join(t.parts)


def test_the_title_navigation_and_header_give_the_name_escaped(hostile_site, hostile_folder):
    data = yaml.safe_load((hostile_folder / f"{SLUG}.yaml").read_text(encoding="utf-8"))
    name = _words(data["name"])
    page = _parse(hostile_site / "partnerships" / SLUG / "index.html")
    assert _words(page.title) == f"{name} - Escalation Handbook"
    assert name in [_words(t) for t in page.header_titles]
    assert name in [_words(link) for link in page.nav_links]
    # Every page's navigation has the name, as text.
    home = _parse(hostile_site / "index.html")
    assert name in [_words(link) for link in home.nav_links]
    scenario = yaml.safe_load(next((hostile_folder / "scenarios").glob("*.yaml")).read_text(encoding="utf-8"))
    assert _words(scenario["title"]) in [_words(link) for link in home.nav_links]


def test_the_policy_allows_exactly_the_handbook_s_own_inline_scripts(hostile_site):
    policy = next(
        line
        for line in (hostile_site / "_headers").read_text(encoding="utf-8").splitlines()
        if "Content-Security-Policy:" in line
    )
    script_src = re.search(r"script-src ([^;]+)", policy).group(1).split()
    listed = {s for s in script_src if s.startswith("'sha256-")}
    pages = [
        (p.relative_to(hostile_site).as_posix(), p.read_text(encoding="utf-8")) for p in hostile_site.rglob("*.html")
    ]
    assert listed == set(headers.shipped_script_hashes(pages))
    shipped = {headers._hash(s) for scope in (".", "..", "../..", "/") for s in headers.shipped_scripts(scope)}
    assert listed <= shipped
    for name, html_text in pages:
        assert all("hostileScriptRan" not in s for s in headers.inline_scripts(html_text)), name


def test_a_page_with_an_inline_script_the_handbook_does_not_ship_stops_the_build(tmp_path):
    """A template that writes an inline script of its own (a hand-written page
    here) fails the build, in one line naming the page."""
    project = tmp_path / "project"
    shutil.copytree(ROOT / "docs", project / "docs")
    (project / "docs" / "extra.md").write_text(
        "# Extra\n\n<script>document.title = 'not shipped'</script>\n", encoding="utf-8"
    )
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("custom_dir: build/overrides", f"custom_dir: {ROOT / 'build' / 'overrides'}")
    config = config.replace("base_path: [docs/deploy]", f"base_path: [{ROOT / 'docs' / 'deploy'}]")
    config = config.replace("validation:", "not_in_nav: /extra.md\nvalidation:")
    (project / "mkdocs.yml").write_text(config + f"\n  protocols_dir: {ROOT / 'protocols'}\n", encoding="utf-8")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            "--config-file",
            str(project / "mkdocs.yml"),
            "--site-dir",
            str(tmp_path / "site"),
        ],
        cwd=project,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    lines = [line for line in result.stderr.splitlines() if "inline script" in line]
    assert len(lines) == 1, result.stderr
    assert "extra/index.html: an inline script the handbook does not ship" in lines[0]
    assert "document.title" in lines[0]
    assert not (tmp_path / "site" / "_headers").exists()


def _markup_from(html_text: str) -> list[str]:
    """What, in a rendered page, came from the hostile text as markup."""
    page = _Page()
    page.feed(html_text)
    page.close()
    found = []
    for tag, attrs in page.elements:
        if tag in ("script", "img", "b", "em"):
            found.append(f"<{tag}>")
        found += [
            f"<{tag} {a}>"
            for a, v in attrs.items()
            if a.startswith("on") or a == "markdown" or "javascript:" in v or "evil.example" in v
        ]
    return found


def test_the_preview_s_page_of_changes_shows_protocol_text_as_text(tmp_path):
    import datetime as dt

    import markdown

    from authoring.diff.change import Change
    from authoring.diff.saved_files import SavedFile
    from handbook_site.changes_page import render_markdown, render_preview_index

    change = Change(
        "changed",
        PAYLOAD,
        "stages[0]",
        "Stage renamed: " + PAYLOAD,
        deadline={"old": dt.date(2026, 12, 31), "new": dt.date(2026, 12, 29)},
    )
    unreadable = SavedFile(tmp_path / "x.yaml", "x", PAYLOAD, "unreadable", message=PAYLOAD)
    extensions = ["attr_list", "md_in_html", "admonition", "toc", "tables"]
    for page in (
        render_markdown([change], PAYLOAD, dt.date(2026, 12, 22)),
        render_preview_index([unreadable]),
    ):
        rendered = markdown.markdown(page, extensions=extensions)
        assert _markup_from(rendered) == [], rendered
        for name in ("script", "markdown-link", "code-and-emphasis", "attribute-list"):
            assert _words(PAYLOADS[name]) in _words(_visible(rendered)), name
    assert '<time datetime="2026-12-31">' in render_markdown([change], "lscp")
