"""`handbook new SLUG --source FILE`: a new partnership from the procedure's
own PDF, Word or text file, in a skeleton whose unfinished parts the check
lists and the build refuses to publish; the source's text is written as
quotes are compared; nothing is overwritten; bad input is one line and exit 2."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from authoring.check import check_paths
from authoring.new_skeleton import ADDED_CONTACTS_SECTION
from authoring.quotes import normalise_quote
from tests.support.cli import handbook_process

ROOT = Path(__file__).resolve().parents[2]
LIBERATION = Path("/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf")

TITLE = "Resolving Professional Disagreements"
#: A sentence with what text extraction and copying tend to lose: a curly
#: apostrophe and a double space.
SENTENCE = "The practitioner’s  manager must be notified within 2 working days, and the matter confirmed in writing."


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    # A site build on a busy shared machine can take minutes: bounded generously.
    return handbook_process(*args, cwd=cwd, timeout=600)


@pytest.fixture()
def protocols(tmp_path: Path) -> Path:
    """An empty protocols folder with the schema (the check reads it from the repository)."""
    folder = tmp_path / "protocols"
    folder.mkdir()
    return folder


def make_docx(path: Path) -> Path:
    import docx

    document = docx.Document()
    document.add_heading(TITLE, level=1)
    document.add_paragraph(SENTENCE)
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Stage 1"
    table.cell(0, 1).text = "Practitioners discuss"
    table.cell(1, 0).text = "Stage 2"
    table.cell(1, 1).text = "Managers discuss"
    document.save(str(path))
    return path


def make_pdf(path: Path) -> Path:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    if LIBERATION.is_file():  # a Unicode font, for the curly apostrophe
        pdf.add_font("Liberation", fname=str(LIBERATION))
        pdf.set_font("Liberation", size=12)
        sentence = SENTENCE
    else:
        pdf.set_font("Helvetica", size=12)
        sentence = SENTENCE.replace("’", "'")
    pdf.cell(text=TITLE, new_x="LMARGIN", new_y="NEXT")
    pdf.cell(text=sentence, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))
    return path


def written(protocols: Path, slug: str) -> tuple[str, str]:
    return (
        (protocols / f"{slug}.yaml").read_text(encoding="utf-8"),
        (protocols / "sources" / f"{slug}.txt").read_text(encoding="utf-8"),
    )


@pytest.mark.parametrize("kind", ["docx", "pdf"])
def test_a_word_or_pdf_file_becomes_a_source_text_and_a_skeleton_whose_gaps_the_check_lists(kind, tmp_path, protocols):
    source = (make_docx if kind == "docx" else make_pdf)(tmp_path / f"procedure.{kind}")
    result = run("new", "new-partnership", "--source", str(source), "--protocols", str(protocols))
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    protocol, text = written(protocols, "new-partnership")

    # The source's words, as quotes are compared: each line normalised, so a
    # quote copied from it matches.
    assert text.splitlines()[0] == TITLE
    expected_sentence = normalise_quote(
        SENTENCE if kind == "docx" or LIBERATION.is_file() else SENTENCE.replace("’", "'")
    )
    assert expected_sentence in text.splitlines()
    assert all(line == normalise_quote(line) for line in text.splitlines())
    if kind == "docx":
        assert "Stage 1 Practitioners discuss" in text.splitlines()  # a table row is a line

    # The skeleton marks what is left to fill and quotes the first line; the
    # check lists each placeholder and the time limit no timescale encodes yet,
    # and nothing else.
    problems = check_paths([str(protocols / "new-partnership.yaml")])
    # The Word file's table names its stages ("Stage 1", "Stage 2"): each is
    # a stage, its title the heading's; the PDF has no stage headings.
    untitled = ["stage 1, title"] if kind == "pdf" else []
    assert sorted(p.message.split(":")[0] for p in problems if "placeholder" in p.message) == [
        "document.title",
        "name",
        *untitled,
    ]
    limits = [p.message for p in problems if "placeholder" not in p.message]
    assert len(limits) == 1 and limits[0].startswith('document.source: the source states "2 working days"')
    assert f"sources/new-partnership.txt, line {text.splitlines().index(expected_sentence) + 1}" in limits[0]
    data = yaml.safe_load(protocol)
    assert data["slug"] == "new-partnership"
    assert data["document"]["source"] == "sources/new-partnership.txt"
    assert data["name"].startswith("TODO")
    if kind == "pdf":
        assert data["stages"][0]["title"].startswith("TODO")
        assert data["stages"][0]["quote"] == TITLE
    else:
        assert [(s["id"], s["title"], s["quote"]) for s in data["stages"]] == [
            ("1", "Practitioners discuss", "Stage 1 Practitioners discuss"),
            ("2", "Managers discuss", "Stage 2 Managers discuss"),
        ]
    assert protocol.count("# TODO") >= 5
    # The time limit the source states is listed, with its line, as a timescale to add.
    line = text.splitlines().index(expected_sentence) + 1
    assert "# TODO: the source states a time limit in 1 place" in protocol
    assert re.search(
        rf"^#   line {line}: ….*must be notified within 2 working days, and the matter con…$", protocol, re.M
    )

    # It says what to do next.
    assert "Next:" in result.stdout
    assert "handbook check" in result.stdout and "handbook serve" in result.stdout


def test_a_text_file_works_the_same_and_its_emphasis_tags_and_spacing_are_normalised(tmp_path, protocols):
    source = tmp_path / "procedure.txt"
    source.write_text("**Escalation**   Procedure\n\n\n\nStage 1<sup>st</sup>\tdiscuss ﬁrst\u00ad\n", encoding="utf-8")
    assert run("new", "from-text", "--source", str(source), "--protocols", str(protocols)).returncode == 0
    _, text = written(protocols, "from-text")
    assert text == "Escalation Procedure\n\nStage 1st discuss first\n"
    problems = check_paths([str(protocols / "from-text.yaml")])
    assert problems and all("still a placeholder" in p.message for p in problems)


def test_the_skeleton_asks_for_the_partnership_s_own_contacts_in_an_optional_section_the_check_does_not_fail(
    tmp_path, protocols
):
    source = tmp_path / "procedure.txt"
    source.write_text("Escalation procedure\n\nStage 1 practitioners discuss\n", encoding="utf-8")
    assert run("new", "with-contacts", "--source", str(source), "--protocols", str(protocols)).returncode == 0
    protocol, _ = written(protocols, "with-contacts")
    assert ADDED_CONTACTS_SECTION in protocol
    assert yaml.safe_load(protocol)["added_contacts"] == []
    assert "# Optional: whom to call." in protocol and "never the source's" in protocol
    # The empty section is not a placeholder left to fill.
    problems = check_paths([str(protocols / "with-contacts.yaml")])
    assert not [p for p in problems if "added" in p.message], [p.message for p in problems]

    # Its commented example, copied and filled in, is a valid added contact.
    example = [line[1:] for line in ADDED_CONTACTS_SECTION.splitlines() if line.startswith("#   ")]
    filled = "\n".join(re.sub(r"\s+# .*$", "", line) for line in example)
    for placeholder, value in {
        "TODO-role-id": "practitioners",
        "TODO: team, service or page": "Duty team",
        "TODO: 0161 000 0000": "0161 000 0000",
        "TODO: team@example.gov.uk": "team@example.gov.uk",
        "TODO: https://www.example.gov.uk/escalation": "https://www.example.gov.uk/escalation",
        "TODO: when to use it (optional)": "Weekdays",
        "TODO: who in the partnership added it": "The business unit",
        "TODO-YYYY-MM-DD": "2026-01-05",
    }.items():
        assert placeholder in filled
        filled = filled.replace(placeholder, value)
    data = yaml.safe_load(
        protocol.replace(
            "added_contacts: []",
            "roles:\n  - id: practitioners\n"
            "    title: Practitioners\n    quote: Stage 1 practitioners discuss\n"
            "added_contacts:\n" + filled,
        )
    )
    assert data["added_contacts"][0]["checked"].isoformat() == "2026-01-05"
    (protocols / "with-contacts.yaml").write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    after = check_paths([str(protocols / "with-contacts.yaml")])
    assert not [p for p in after if "added" in p.message], [p.message for p in after]


def test_it_refuses_to_overwrite_a_protocol_or_source_file_with_one_line_and_exit_2(tmp_path, protocols):
    source = make_docx(tmp_path / "procedure.docx")
    (protocols / "taken.yaml").write_text("slug: taken\n", encoding="utf-8")
    result = run("new", "taken", "--source", str(source), "--protocols", str(protocols))
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "taken.yaml already exists" in result.stderr
    assert (protocols / "taken.yaml").read_text(encoding="utf-8") == "slug: taken\n"
    assert not (protocols / "sources" / "taken.txt").exists()

    (protocols / "sources").mkdir()
    (protocols / "sources" / "other.txt").write_text("kept\n", encoding="utf-8")
    result = run("new", "other", "--source", str(source), "--protocols", str(protocols))
    assert result.returncode == 2 and "other.txt already exists" in result.stderr
    assert (protocols / "sources" / "other.txt").read_text(encoding="utf-8") == "kept\n"
    assert not (protocols / "other.yaml").exists()


@pytest.mark.parametrize(
    "name, content, expected",
    [
        ("procedure.pdf", b"not a pdf at all", "cannot read it as a PDF"),
        ("procedure.docx", b"PK not really a zip", "cannot read it as a Word .docx file"),
        ("procedure.doc", b"\xd0\xcf\x11\xe0", "save it as a .docx"),
        ("procedure.rtf", b"{\\rtf1}", "expected a PDF (.pdf), Word (.docx) or text (.txt) file"),
        ("procedure.txt", b"caf\xe9", "is not UTF-8"),
        ("procedure.txt", b"  \n\n", "has no text to read"),
    ],
)
def test_a_document_it_cannot_read_is_one_line_naming_the_file_and_exit_2(name, content, expected, tmp_path, protocols):
    source = tmp_path / name
    source.write_bytes(content)
    result = run("new", "unread", "--source", str(source), "--protocols", str(protocols))
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1, result.stderr
    assert expected in result.stderr and name in result.stderr
    assert "Traceback" not in result.stderr
    assert list(protocols.iterdir()) == []


def test_a_slug_that_is_not_kebab_case_is_refused(tmp_path, protocols):
    source = make_docx(tmp_path / "procedure.docx")
    result = run("new", "My_Partnership", "--source", str(source), "--protocols", str(protocols))
    assert result.returncode == 2 and "not kebab-case" in result.stderr
    assert list(protocols.iterdir()) == []


@pytest.mark.site
def test_an_unfinished_skeleton_is_not_published_the_build_names_what_is_left(tmp_path):
    folder = tmp_path / "protocols"
    shutil.copytree(ROOT / "protocols", folder)
    source = make_pdf(tmp_path / "procedure.pdf")
    assert run("new", "new-partnership", "--source", str(source), "--protocols", str(folder)).returncode == 0
    site = tmp_path / "site"
    result = run("build", "--protocols", str(folder), "--site-dir", str(site))
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert "new-partnership.yaml" in result.stderr and "still a placeholder" in result.stderr
    assert not (site / "partnerships" / "new-partnership" / "index.html").exists()
