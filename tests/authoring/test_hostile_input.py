"""Hostile files: each gets its one-line message and exit code, quickly, and
nothing outside the protocols folder is read or written.

`tests/hostile/input/` holds the small hostile files; the large ones (zip and
PDF bombs, oversized texts) and the links are made here at run time, so the
repository stays small and the links work wherever it is checked out. The
table below gives each file the command it is given to, the exit code it
must get and a fragment of the one line it must be told. (The committed files
are remade by `python -m tests.authoring.test_hostile_input`.)

No browser and no site build: every command runs in this process.
"""

from __future__ import annotations

import io
import os
import random
import re
import shutil
import time
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from authoring import cli
from authoring.check import check_paths
from authoring.reading.file_text import MAX_FILE_BYTES, MAX_SOURCE_BYTES

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "tests" / "hostile" / "input"
#: Every hostile file is dealt with within this (the slowest, a 200 MB zip
#: bomb, is refused before anything is unpacked).
SECONDS = 5.0
#: `handbook check` on a protocol with any quote up to the file size bound.
CHECK_SECONDS = 2.0
LINE = re.compile(r"^.+:\d+:\d+: .+$")


# Making hostile files ---------------------------------------------------------------


def pdf_bytes(objects: dict[int, bytes]) -> bytes:
    """A PDF by hand: the numbered objects, an xref table, object 1 the catalog."""
    out = bytearray(b"%PDF-1.7\n")
    offsets = {}
    for number in sorted(objects):
        offsets[number] = len(out)
        out += b"%d 0 obj\n" % number + objects[number] + b"\nendobj\n"
    xref = len(out)
    size = max(objects) + 1
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    for number in range(1, size):
        out += b"%010d 00000 n \n" % offsets.get(number, 0)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (size, xref)
    return bytes(out)


def _stream(data: bytes, compressed: bool = True) -> bytes:
    body = zlib.compress(data, 9) if compressed else data
    flate = b" /Filter /FlateDecode" if compressed else b""
    return b"<< /Length %d%s >>\nstream\n" % (len(body), flate) + body + b"\nendstream"


_FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
_TEXT = b"BT /F1 12 Tf 72 720 Td (Stage 1: within 5 working days) Tj ET\n"


def _page(parent: int, contents: int = 4) -> bytes:
    return (
        b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R "
        b">> >> /Contents %d 0 R >>" % (parent, contents)
    )


def flate_bomb_pdf() -> bytes:
    """One page whose content stream inflates to 100 MB (100 kB in the file)."""
    content = _TEXT * (100_000_000 // len(_TEXT))
    return pdf_bytes(
        {
            1: b"<< /Type /Catalog /Pages 2 0 R >>",
            2: b"<< /Type /Pages /Kids [5 0 R] /Count 1 >>",
            3: _FONT,
            4: _stream(content),
            5: _page(2),
        }
    )


def deep_page_tree_pdf(depth: int = 300) -> bytes:
    """A page tree `depth` levels deep, one page at the bottom."""
    objects = {1: b"<< /Type /Catalog /Pages 10 0 R >>", 3: _FONT, 4: _stream(_TEXT)}
    for level in range(depth):
        number = 10 + level
        parent = b" /Parent %d 0 R" % (number - 1) if level else b""
        objects[number] = b"<< /Type /Pages /Kids [%d 0 R] /Count 1%s >>" % (number + 1, parent)
    objects[10 + depth] = _page(10 + depth - 1)
    return pdf_bytes(objects)


def many_pages_pdf(pages: int = 3_000) -> bytes:
    """One page object listed `pages` times in the page tree."""
    kids = b" ".join([b"5 0 R"] * pages)
    return pdf_bytes(
        {
            1: b"<< /Type /Catalog /Pages 2 0 R >>",
            2: b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, pages),
            3: _FONT,
            4: _stream(_TEXT),
            5: _page(2),
        }
    )


def cyclic_page_tree_pdf() -> bytes:
    """A page tree whose node lists itself among its kids."""
    return pdf_bytes(
        {
            1: b"<< /Type /Catalog /Pages 2 0 R >>",
            2: b"<< /Type /Pages /Kids [2 0 R 5 0 R] /Count 2 >>",
            3: _FONT,
            4: _stream(_TEXT),
            5: _page(2),
        }
    )


def password_pdf() -> bytes:
    """A PDF that opens only with a password (RC4, which pypdf reads alone)."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(612, 792)
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


_CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    b'<Default Extension="xml" ContentType="application/xml"/>'
    b'<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
    b'officedocument.wordprocessingml.document.main+xml"/></Types>'
)
_RELS = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    b'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
)
_W = b'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def docx_bytes(document_xml: bytes) -> bytes:
    """The smallest .docx python-docx opens, with this main document."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", _CONTENT_TYPES)
        z.writestr("_rels/.rels", _RELS)
        z.writestr("word/document.xml", document_xml)
    return out.getvalue()


def _paragraphs(*texts: str) -> bytes:
    body = b"".join(b"<w:p><w:r><w:t>%s</w:t></w:r></w:p>" % t.encode() for t in texts)
    return b'<?xml version="1.0" encoding="UTF-8"?><w:document %s><w:body>%s</w:body></w:document>' % (_W, body)


def malformed_docx() -> bytes:
    """A .docx whose document.xml stops half-way through an element."""
    return docx_bytes(_paragraphs("Resolving professional disagreements")[:-40])


def zip_bomb_docx(unpacked: int = 200_000_000) -> bytes:
    """A .docx whose document.xml inflates to `unpacked` bytes (under 1 MB in the file)."""
    out = io.BytesIO()
    paragraph = b"<w:p><w:r><w:t>within 5 working days</w:t></w:r></w:p>" * 20_000
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", _CONTENT_TYPES)
        z.writestr("_rels/.rels", _RELS)
        with z.open("word/document.xml", "w", force_zip64=True) as f:
            f.write(b'<?xml version="1.0"?><w:document %s><w:body>' % _W)
            for _ in range(unpacked // len(paragraph)):
                f.write(paragraph)
            f.write(b"</w:body></w:document>")
    return out.getvalue()


def huge_grid_span_docx() -> bytes:
    """A table cell that says it spans a billion grid columns (python-docx's
    `row.cells` repeats a cell once per column it spans)."""
    cell = b'<w:tc><w:tcPr><w:gridSpan w:val="1000000000"/></w:tcPr><w:p><w:r><w:t>Stage 1</w:t></w:r></w:p></w:tc>'
    table = b"<w:tbl><w:tblGrid><w:gridCol/></w:tblGrid><w:tr>%s</w:tr></w:tbl>" % cell
    return docx_bytes(b'<?xml version="1.0"?><w:document %s><w:body>%s<w:p/></w:body></w:document>' % (_W, table))


YAML_BOMB = (
    "\n".join(
        ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
        + [
            f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, "
            f"*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, "
            f"*{chr(97 + i)}]"
            for i in range(8)
        ]
    )
    + "\n"
)

#: The small hostile files kept in the repository, and how each is made.
COMMITTED: dict[str, Callable[[], bytes]] = {
    "yaml-bomb.yaml": lambda: YAML_BOMB.encode(),
    "utf-32.yaml": lambda: "slug: utf-32\nname: Written in UTF-32\n".encode("utf-32"),
    "utf-32.txt": lambda: "Resolving professional disagreements\n".encode("utf-32"),
    "utf-16.txt": lambda: "Resolving professional disagreements\n".encode("utf-16"),
    "malformed.docx": malformed_docx,
    "huge-grid-span.docx": huge_grid_span_docx,
    "password.pdf": password_pdf,
    "deep-page-tree.pdf": deep_page_tree_pdf,
    "cyclic-page-tree.pdf": cyclic_page_tree_pdf,
    "many-pages.pdf": many_pages_pdf,
}


def write_corpus(folder: Path = CORPUS) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, make in COMMITTED.items():
        (folder / name).write_bytes(make())


# The protocols folder a hostile file is put in -------------------------------------------


@pytest.fixture()
def protocols(tmp_path: Path) -> Path:
    """A copy of the repository's protocols folder (files, sources, scenarios)."""
    folder = tmp_path / "protocols"
    shutil.copytree(ROOT / "protocols", folder)
    return folder


def _with_quote(folder: Path, quote: str) -> Path:
    """salford.yaml with its area's quote replaced by `quote` (not in the source)."""
    path = folder / "salford.yaml"
    text = path.read_text(encoding="utf-8")
    old = '  - name: Salford\n    quote: "Salford Safeguarding Children Board"\n'
    assert text.count(old) == 1
    path.write_text(text.replace(old, f'  - name: Salford\n    quote: "{quote}"\n'), encoding="utf-8")
    return path


def _outside(tmp_path: Path, name: str = "secret.txt") -> Path:
    """A file outside the protocols folder, as /etc/passwd is on a build machine."""
    secret = tmp_path / "elsewhere" / name
    secret.parent.mkdir(exist_ok=True)
    secret.write_text("root:x:0:0:root:/root:/bin/bash\nSalford Safeguarding Children Board\n", encoding="utf-8")
    return secret


def _symlink(link: Path, target: Path) -> None:
    try:
        link.unlink(missing_ok=True)
        link.symlink_to(target)
    except (OSError, NotImplementedError) as e:  # Windows without the right to make links
        pytest.skip(f"cannot make a symbolic link here: {e}")


# The table: file -> command, exit code, message ----------------------------------------------


@dataclass(frozen=True)
class Case:
    name: str
    make: Callable[[Path, Path], list[str]]  # (tmp_path, protocols) -> the command's arguments
    exit: int
    fragment: str


def _source_linked_out(tmp, folder):
    _symlink(folder / "sources" / "salford.txt", _outside(tmp))
    return ["check", str(folder / "salford.yaml")]


def _sources_folder_linked_out(tmp, folder):
    secret = _outside(tmp, "salford.txt")
    shutil.rmtree(folder / "sources")
    _symlink(folder / "sources", secret.parent)
    return ["check", str(folder / "salford.yaml")]


def _source_through_dotdot(tmp, folder):
    secret = _outside(tmp, "salford.txt")
    (folder / "sources" / "salford.txt").unlink()
    _symlink(folder / "sources" / "salford.txt", Path("..") / ".." / secret.parent.name / secret.name)
    return ["check", str(folder / "salford.yaml")]


def _protocol_linked_out(tmp, folder):
    outside = tmp / "elsewhere" / "salford.yaml"
    outside.parent.mkdir(exist_ok=True)
    shutil.copy(folder / "salford.yaml", outside)
    _symlink(folder / "salford.yaml", outside)
    return ["check", str(folder / "salford.yaml")]


def _link_loop(tmp, folder):
    _symlink(folder / "loop.yaml", folder / "loop.yaml")
    return ["check", str(folder / "loop.yaml")]


def _source_is_a_fifo(tmp, folder):
    if not hasattr(os, "mkfifo"):
        pytest.skip("no named pipes here")
    (folder / "sources" / "salford.txt").unlink()
    os.mkfifo(folder / "sources" / "salford.txt")
    return ["check", str(folder / "salford.yaml")]


def _oversized_source(tmp, folder):
    with open(folder / "sources" / "salford.txt", "ab") as f:
        f.truncate(MAX_SOURCE_BYTES + 1)  # sparse: no time spent writing it
    return ["check", str(folder / "salford.yaml")]


def _copy(name: str, target: str | None = None):
    def make(tmp, folder):
        shutil.copy(CORPUS / name, folder / (target or name))
        return ["check", str(folder / (target or name))]

    return make


def _quote(length: int | None, unit: str):
    """A quote of `length` characters (None: as long as the file's bound allows)."""

    def make(tmp, folder):
        room = MAX_FILE_BYTES - (folder / "salford.yaml").stat().st_size - 100
        n = room if length is None else length
        return ["check", str(_with_quote(folder, (unit * (n // len(unit) + 1))[:n]))]

    return make


def _new(source: Callable[[Path], Path], slug: str = "hostile"):
    def make(tmp, folder):
        return ["new", slug, "--source", str(source(tmp)), "--protocols", str(folder)]

    return make


def _corpus(name: str):
    return lambda tmp: CORPUS / name


def _written(name: str, make: Callable[[], bytes]):
    def source(tmp):
        path = tmp / name
        path.write_bytes(make())
        return path

    return source


def _new_into_linked_sources(tmp, folder):
    elsewhere = tmp / "elsewhere"
    elsewhere.mkdir()
    shutil.rmtree(folder / "sources")
    _symlink(folder / "sources", elsewhere)
    return _new(_corpus("huge-grid-span.docx"))(tmp, folder)


def _diff_option(tmp, folder):
    return ["diff", "--", f"--output={tmp / 'written-by-git.txt'}:protocols/salford.yaml"]


def _diff_option_as_new(tmp, folder):
    return ["diff", "protocols/salford.yaml", "--", f"--output={tmp / 'written-by-git.txt'}:x"]


CASES = [
    # 2. Links and paths that lead outside the protocols folder
    Case("source-linked-out", _source_linked_out, 1, "leads outside the protocols folder"),
    Case("sources-folder-linked-out", _sources_folder_linked_out, 1, "leads outside the protocols folder"),
    Case("source-through-dotdot-link", _source_through_dotdot, 1, "leads outside the protocols folder"),
    Case("protocol-linked-out", _protocol_linked_out, 1, "file is a link that leads outside its folder"),
    Case("link-loop", _link_loop, 1, "file is a link that leads outside its folder (or nowhere)"),
    Case("source-is-a-named-pipe", _source_is_a_fifo, 1, "is not a regular file"),
    # 3. Unbounded work
    Case("oversized-source", _oversized_source, 1, "a source text is expected to be under 2.0 MB"),
    Case("long-repetitive-quote-4kB", _quote(3_800, "a"), 1, "quote not found in the source text"),
    Case("long-repetitive-quote-12kB", _quote(11_900, "the Board "), 1, "quote not found in the source text"),
    Case("repetitive-quote-at-the-file-bound", _quote(None, "ab"), 1, "quote not found in the source text"),
    Case("yaml-bomb", _copy("yaml-bomb.yaml"), 1, "alias *a is not allowed"),
    Case("docx-zip-bomb", _new(_written("bomb.docx", zip_bomb_docx)), 2, "the Word file unpacks to"),
    Case("pdf-flate-bomb", _new(_written("bomb.pdf", flate_bomb_pdf)), 2, "cannot read it as a PDF (LimitReachedError"),
    Case("pdf-deep-page-tree", _new(_corpus("deep-page-tree.pdf")), 2, "cannot read it as a PDF (LimitReachedError"),
    Case("pdf-cyclic-page-tree", _new(_corpus("cyclic-page-tree.pdf")), 2, "cannot read it as a PDF"),
    Case("pdf-many-pages", _new(_corpus("many-pages.pdf")), 2, "the PDF has 3,000 pages"),
    Case("docx-huge-grid-span", _new(_corpus("huge-grid-span.docx")), 0, ""),
    Case(
        "text-over-the-source-bound",
        _new(_written("long.txt", lambda: b"Stage 1 escalation.\n" * 120_000)),
        2,
        "a source text is expected to be under 2 MB",
    ),
    Case("new-writing-through-a-link-out", _new_into_linked_sources, 2, "leads outside"),
    # 6. One line instead of a traceback
    Case(
        "docx-malformed-xml", _new(_corpus("malformed.docx")), 2, "cannot read it as a Word .docx file (XMLSyntaxError"
    ),
    Case("pdf-with-a-password", _new(_corpus("password.pdf")), 2, "the PDF is protected by a password"),
    Case(
        "slug-300-characters",
        _new(_corpus("utf-16.txt"), slug="a" * 300),
        2,
        "the slug is 300 characters long; expected at most 64",
    ),
    Case("utf-32-protocol", _copy("utf-32.yaml"), 1, "file is UTF-32; save it as UTF-8"),
    Case("utf-32-text", _new(_corpus("utf-32.txt")), 2, "the text file is UTF-32; save it as UTF-8"),
    Case("utf-16-text", _new(_corpus("utf-16.txt")), 2, "the text file is UTF-16; save it as UTF-8"),
    # 7. A revision that git would take for an option
    Case("diff-revision-as-an-option", _diff_option, 2, "a revision cannot start with '-'"),
    Case("diff-new-revision-as-an-option", _diff_option_as_new, 2, "a revision cannot start with '-'"),
]


def only_gaps(skeleton: Path) -> bool:
    """The check finds in a skeleton only what is left to fill: its
    placeholders and the source's time limits no timescale encodes yet (never
    its size, its YAML or its source text)."""
    problems = [p for p in check_paths([str(skeleton)]) if p.severity == "error"]
    return all("still a placeholder" in p.message or "but no timescale encodes it" in p.message for p in problems)


def run(argv: list[str], capsys) -> tuple[int, str, str, float]:
    capsys.readouterr()
    start = time.perf_counter()
    code = cli.main(argv)
    elapsed = time.perf_counter() - start
    out, err = capsys.readouterr()
    return code, out, err, elapsed


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_each_hostile_file_gets_its_one_line_and_exit_code_quickly(case, tmp_path, protocols, capsys, monkeypatch):
    monkeypatch.chdir(ROOT)  # `handbook diff REV:PATH` reads PATH from git, relative to here
    argv = case.make(tmp_path, protocols)
    code, out, err, elapsed = run(argv, capsys)
    assert code == case.exit, (out, err)
    assert elapsed < SECONDS, elapsed
    assert "Traceback" not in out + err
    if argv[0] == "check":
        lines = out.splitlines()
        assert lines and all(LINE.match(line) for line in lines), out
        assert any(case.fragment in line for line in lines), out
    elif code == 2:
        assert out == ""
        assert err.count("\n") == 1 and err.endswith("\n"), err
        assert case.fragment in err, err
    else:  # written: the check lists what is left to fill, and nothing else
        assert only_gaps(protocols / "hostile.yaml")
    assert not (tmp_path / "written-by-git.txt").exists()


def test_diff_reads_a_file_at_a_revision_no_further_than_the_file_bound(tmp_path, capsys, monkeypatch):
    import subprocess

    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "big.yaml").write_bytes(b"# " + b"x" * (MAX_FILE_BYTES + 10) + b"\n")
    for command in (
        ["init", "-q"],
        ["add", "big.yaml"],
        ["-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "big"],
    ):
        subprocess.run(["git", *command], cwd=repo, check=True, capture_output=True)
    monkeypatch.chdir(repo)
    code, out, err, elapsed = run(["diff", "HEAD:big.yaml", "big.yaml"], capsys)
    assert (code, out) == (2, "")
    assert err == (
        f"HEAD:big.yaml: the file is over {MAX_FILE_BYTES:,} bytes at that revision; a protocol "
        f"file is expected to be under {MAX_FILE_BYTES:,}\n"
    )


def test_nothing_of_a_linked_file_outside_reaches_the_message(tmp_path, protocols, capsys):
    argv = _source_linked_out(tmp_path, protocols)
    code, out, err, _ = run(argv, capsys)
    assert code == 1
    assert "root:" not in out and str(tmp_path / "elsewhere") not in out


def test_a_link_inside_the_protocols_folder_is_followed(tmp_path, protocols, capsys):
    (protocols / "texts").mkdir()
    (protocols / "sources" / "salford.txt").rename(protocols / "texts" / "salford.txt")
    _symlink(protocols / "sources" / "salford.txt", Path("..") / "texts" / "salford.txt")
    code, out, err, _ = run(["check", str(protocols / "salford.yaml")], capsys)
    assert code == 0, out


def test_a_scenario_linked_out_of_its_folder_is_refused_in_one_line(tmp_path, protocols):
    from authoring.checked import load_protocols
    from authoring.scenarios import ScenarioError, load_scenarios

    scenario = next((protocols / "scenarios").glob("salford-*.yaml"))
    outside = tmp_path / "elsewhere" / scenario.name
    outside.parent.mkdir()
    shutil.copy(scenario, outside)
    _symlink(scenario, outside)
    loaded = {p.slug: p for p in load_protocols(protocols)}
    with pytest.raises(ScenarioError) as raised:
        load_scenarios(protocols / "scenarios", loaded)
    assert raised.value.problems == [
        f"{scenario}:1:1: file is a link that leads outside its folder "
        f"(or nowhere); expected the file itself in the folder (a link "
        f"is followed only within it)"
    ]


def test_the_preview_reads_a_40_mb_scenario_no_further_than_its_size(tmp_path, protocols):
    """While a protocol is invalid, the preview reads which protocol each
    scenario follows: a huge scenario file is refused on its size, unread."""
    from handbook_site import inputs

    huge = protocols / "scenarios" / "salford-huge.yaml"
    with open(huge, "wb") as f:
        f.truncate(40_000_000)
    start = time.perf_counter()
    assert inputs.scenario_protocol(huge) is None
    assert time.perf_counter() - start < 0.5
    bomb = protocols / "scenarios" / "salford-bomb.yaml"
    bomb.write_text(YAML_BOMB + "protocol: salford\n", encoding="utf-8")
    assert inputs.scenario_protocol(bomb) is None


def slow_text_pdf(lines: int = 40_000) -> bytes:
    """One page of `lines` lines of text: pypdf's extraction of a page grows
    faster than its length (4 s for these 1.5 MB, 450 s for ten times as many)."""
    content = b"BT /F1 12 Tf 72 720 Td " + b"(Stage 1 within 5 working days) Tj T* " * lines + b"ET\n"
    return pdf_bytes(
        {
            1: b"<< /Type /Catalog /Pages 2 0 R >>",
            2: b"<< /Type /Pages /Kids [5 0 R] /Count 1 >>",
            3: _FONT,
            4: _stream(content),
            5: _page(2),
        }
    )


def test_reading_a_document_stops_at_the_time_bound_in_one_line(tmp_path, protocols, capsys, monkeypatch):
    from authoring import new_document

    monkeypatch.setattr(new_document, "MAX_READ_SECONDS", 1)
    source = tmp_path / "slow.pdf"
    source.write_bytes(slow_text_pdf(80_000))  # about 16 s to read whole on this machine
    code, out, err, elapsed = run(["new", "slow", "--source", str(source), "--protocols", str(protocols)], capsys)
    assert (code, out) == (2, "")
    assert err == f"{source}: reading it took over 1 seconds; save it again (or as a text file) and try again\n"
    assert elapsed < 5  # stopped at its bound (1 s), with room for a loaded machine


def test_past_the_first_quotes_not_found_a_file_s_quotes_are_named_without_the_search(tmp_path, protocols):
    from authoring.quotes import MAX_DIAGNOSED

    path = protocols / "salford.yaml"
    text = path.read_text(encoding="utf-8")
    wrong = [f'"Salford Safeguarding Children Board {n}"' for n in range(MAX_DIAGNOSED + 5)]
    path.write_text(
        text.replace(
            '    quote:\n      - "Salford Safeguarding Children Board"\n',
            "    quote:\n" + "".join(f"      - {w}\n" for w in wrong),
            1,
        ),
        encoding="utf-8",
    )
    messages = [p.message for p in check_paths([str(path)]) if "quote not found" in p.message]
    assert len(messages) == MAX_DIAGNOSED + 5
    assert sum("the closest passage is on line" in m for m in messages) == MAX_DIAGNOSED
    assert (
        sum(
            f"the closest passage is shown for the first {MAX_DIAGNOSED} quotes not found in a file" in m
            for m in messages
        )
        == 5
    )


# A long document's skeleton: the check lists what is left to fill, and nothing else ---------------------------------


def test_the_check_lists_only_the_gaps_of_a_skeleton_of_a_document_stating_thousands_of_limits_quickly(
    tmp_path, protocols, capsys
):
    source = tmp_path / "long.txt"
    source.write_text(
        "".join(f"Step {n}: the manager replies within {n % 9 + 1} working days.\n" for n in range(30_000)),
        encoding="utf-8",
    )
    code, out, err, elapsed = run(
        ["new", "long-procedure", "--source", str(source), "--protocols", str(protocols)], capsys
    )
    assert code == 0, err
    skeleton = protocols / "long-procedure.yaml"
    assert skeleton.stat().st_size < MAX_FILE_BYTES // 10
    assert "#   ... and 29940 more after line 60" in skeleton.read_text(encoding="utf-8")
    start = time.perf_counter()
    assert only_gaps(skeleton)
    assert time.perf_counter() - start < SECONDS


def test_a_source_stating_a_limit_thousands_of_times_in_a_quoted_passage_is_checked_quickly(protocols):
    """Each of the source's time phrases is looked for among the places each
    quote stands, by halving: 12,000 places of the same quoted passage (each
    phrase in its own) took minutes when every phrase was compared with
    every place."""
    passage = (
        "This must occur immediately with an acknowledgement and mutually agreed plan of action, "
        "including timescales within 48 hours (2 working days)"
    )
    assert passage in (protocols / "lscp.yaml").read_text(encoding="utf-8")
    with open(protocols / "sources" / "lscp.txt", "a", encoding="utf-8") as f:
        f.write("".join(f"{passage}.\n" for _ in range(12_000)))
    start = time.perf_counter()
    problems = [p for p in check_paths([str(protocols / "lscp.yaml")]) if p.severity == "error"]
    assert time.perf_counter() - start < SECONDS
    assert problems == []


# The closest-passage diagnostic: bounded time for any quote --------------------------------


@pytest.fixture(scope="module")
def quote_folder(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("quotes") / "protocols"
    shutil.copytree(ROOT / "protocols", folder, ignore=shutil.ignore_patterns("scenarios"))
    return folder


_UNITS = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=12)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
)
@given(
    unit=_UNITS,
    length=st.integers(min_value=1, max_value=MAX_FILE_BYTES - 60_000),
    repetitive=st.booleans(),
    seed=st.integers(min_value=0, max_value=2**16),
)
def test_check_finishes_in_bounded_time_for_any_quote_up_to_the_file_bound(
    quote_folder, unit, length, repetitive, seed
):
    """Repetitive quotes (a piece said again and again) and random ones (the
    piece's characters shuffled at random) that are not in the source."""
    import json

    if repetitive:
        quote = (unit * (length // len(unit) + 1))[:length]
    else:
        rng = random.Random(seed)
        quote = "".join(rng.choice(unit) for _ in range(length))
    path = quote_folder / "salford.yaml"
    original = (ROOT / "protocols" / "salford.yaml").read_text(encoding="utf-8")
    path.write_text(
        original.replace(
            '  - name: Salford\n    quote: "Salford Safeguarding Children Board"\n',
            f"  - name: Salford\n    quote: {json.dumps(quote, ensure_ascii=False)}\n",
        ),
        encoding="utf-8",
    )
    start = time.perf_counter()
    problems = check_paths([str(path)])
    elapsed = time.perf_counter() - start
    assert elapsed < CHECK_SECONDS, (elapsed, len(quote))
    assert all(p.line >= 1 for p in problems)


# Mutated documents: exit 0 (and a skeleton that checks) or one line and exit 2 ---------------


def _valid_pdf() -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_compression(False)  # mutations then reach the page's own operators
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    pdf.cell(text="Resolving Professional Disagreements", new_x="LMARGIN", new_y="NEXT")
    pdf.cell(text="The manager must be notified within 2 working days.", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def _valid_docx_xml() -> bytes:
    return _paragraphs("Resolving Professional Disagreements", "The manager must be notified within 2 working days.")


def _mutate(data: bytes, rng: random.Random) -> bytes:
    data = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        kind = rng.randrange(6)
        at = rng.randrange(len(data)) if data else 0
        if kind == 0 and data:  # flip a byte
            data[at] = rng.randrange(256)
        elif kind == 1:  # delete a span
            del data[at : at + rng.randint(1, 64)]
        elif kind == 2:  # repeat a span
            data[at:at] = data[at : at + rng.randint(1, 64)] * rng.randint(2, 50)
        elif kind == 3:  # insert random bytes
            data[at:at] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 16)))
        elif kind == 4:  # a number grows huge
            found = list(re.finditer(rb"\d+", bytes(data)))
            if found:
                m = rng.choice(found)
                data[m.start() : m.end()] = rng.choice([b"999999999999", b"-1", b"0", b"4294967296"])
        else:  # truncate
            del data[at:]
    return bytes(data)


MUTATIONS = 200  # of each kind of document


@pytest.mark.parametrize("kind", ["pdf", "docx-xml", "docx-zip"])
def test_mutated_documents_give_exit_0_or_one_line_and_exit_2(kind, tmp_path, capsys):
    rng = random.Random(f"issue-22-{kind}")
    valid = (
        _valid_pdf() if kind == "pdf" else docx_bytes(_valid_docx_xml()) if kind == "docx-zip" else _valid_docx_xml()
    )
    suffix = ".pdf" if kind == "pdf" else ".docx"
    outcomes: dict[int, int] = {}
    for n in range(MUTATIONS if kind != "docx-xml" else MUTATIONS // 2):
        folder = tmp_path / f"p{n}"
        folder.mkdir()
        mutated = _mutate(valid, rng)
        source = tmp_path / f"m{n}{suffix}"
        source.write_bytes(docx_bytes(mutated) if kind == "docx-xml" else mutated)
        code, out, err, elapsed = run(["new", "mutated", "--source", str(source), "--protocols", str(folder)], capsys)
        outcomes[code] = outcomes.get(code, 0) + 1
        assert elapsed < SECONDS, (n, elapsed)
        assert code in (0, 2), (n, code, err)
        if code == 2:
            assert err.count("\n") == 1 and err.endswith("\n") and out == "", (n, err)
            assert "Traceback" not in err
        else:
            assert only_gaps(folder / "mutated.yaml"), n
    assert outcomes.get(2), outcomes  # the mutations do damage


if __name__ == "__main__":
    write_corpus()
    print(f"wrote {len(COMMITTED)} files in {CORPUS.relative_to(ROOT)}")
