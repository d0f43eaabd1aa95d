"""`handbook new` reads a real procedure's document: a PDF and a Word file,
made here as a partnership's would be (four "Stage N:" headings, nine time
limits, some wrapped over a line's end or hyphenated across it, a running
header and footer with page numbers). Every limit is found, the headers and
footers are left out of the source text and said to be, the stages are made
from the headings, and `handbook check` lists only what is left to fill."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from authoring.check import check_paths
from authoring.display import handbook_command
from tests.support.cli import handbook

LIBERATION = Path("/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf")
HEADER = "Wyreford Safeguarding Children Partnership Escalation Policy v2.1 OFFICIAL"

#: The procedure's pages, line by line as it is printed: "|" ends a line
#: that a paragraph wraps over (the next line goes on with it).
PAGES = [
    [
        "Resolving Professional Differences",
        "Where there is a child protection concern, the practitioner must refer it",
        "to Children's Social Care immediately; the escalation procedure does not",
        "delay it. The Safeguarding Unit can be reached on 01632 960 123.",
        "Stage 1: Practitioners discuss",
        "The practitioners discuss the disagreement within 2",
        "working days of it arising, and agree a plan within 48 hours of the discussion.",
    ],
    [
        "Stage 2: Line managers discuss",
        "The line managers must discuss the matter within 5 work-",
        "ing days of stage 1 and record the outcome within 24 hours.",
        "The multi-",
        "agency meeting may follow.",
        "Stage 3: Heads of service",
        "The heads of service meet within 10 working days of stage 2 and reply",
        "to the practitioner within 3",
        "working days of the meeting.",
    ],
    [
        "Stage 4: The partnership's independent chair",
        "The chair reviews the case within 20 working days and gives a decision",
        "within 72",
        "hours of the review.",
    ],
]

#: The nine limits, as the check reads them (white space folded).
LIMITS = [
    "immediately",
    "2 working days",
    "48 hours",
    "5 working days",
    "24 hours",
    "10 working days",
    "3 working days",
    "20 working days",
    "72 hours",
]


def make_pdf(path: Path) -> Path:
    """A PDF whose every page carries the running header and "Page N of 3"."""
    from fpdf import FPDF

    class Procedure(FPDF):
        def header(self) -> None:
            self.set_font(self.font_family, size=8)
            self.cell(text=HEADER, new_x="LMARGIN", new_y="NEXT")

        def footer(self) -> None:
            self.set_y(-15)
            self.set_font(self.font_family, size=8)
            self.cell(text=f"Page {self.page_no()} of {{nb}}")

    pdf = Procedure()
    if LIBERATION.is_file():  # a Unicode font, for the apostrophes
        pdf.add_font("Liberation", fname=str(LIBERATION))
        family = "Liberation"
    else:
        family = "Helvetica"
    pdf.set_font(family, size=11)
    for page in PAGES:
        pdf.add_page()
        pdf.set_font(family, size=11)
        for line in page:
            pdf.cell(text=line, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))
    return path


def make_docx(path: Path) -> Path:
    """A Word file with the header and footer in their own parts, and the
    wrapped lines as manual line breaks inside one paragraph."""
    import docx

    document = docx.Document()
    section = document.sections[0]
    section.header.paragraphs[0].text = HEADER
    section.footer.paragraphs[0].text = "Page 1 of 3"
    for page in PAGES:
        paragraph = None
        for line in page:
            if line.startswith("Stage "):
                document.add_heading(line, level=2)
                paragraph = None
                continue
            if paragraph is None:
                paragraph = document.add_paragraph()
            else:
                paragraph.add_run().add_break()
            paragraph.add_run(line)
    document.save(str(path))
    return path


@pytest.fixture()
def protocols(tmp_path: Path) -> Path:
    folder = tmp_path / "protocols"
    folder.mkdir()
    return folder


@pytest.fixture(params=["pdf", "docx"])
def started(request, tmp_path, protocols):
    """`handbook new wyreford --source procedure.<kind>`: its output and what it wrote."""
    kind = request.param
    source = (make_pdf if kind == "pdf" else make_docx)(tmp_path / f"procedure.{kind}")
    result = handbook("new", "wyreford", "--source", str(source), "--protocols", str(protocols))
    assert result.returncode == 0, result.stderr
    protocol = (protocols / "wyreford.yaml").read_text(encoding="utf-8")
    text = (protocols / "sources" / "wyreford.txt").read_text(encoding="utf-8")
    return kind, result, protocol, text, protocols / "wyreford.yaml"


def test_every_limit_is_found_wrapped_over_a_line_or_hyphenated_across_one(started):
    kind, result, protocol, text, _ = started
    assert "# TODO: the source states a time limit in 9 places" in protocol
    listed = re.findall(r"^#   line (\d+): (.*)$", protocol.split("# TODO: the source states a time limit")[1], re.M)
    assert len(listed) == 9
    for (line, excerpt), limit in zip(listed, LIMITS, strict=True):
        assert limit in excerpt, (limit, excerpt)
        assert limit.split()[0] in text.splitlines()[int(line) - 1]  # the line where it starts
    # The hyphenated word is whole again; a compound's hyphen is kept.
    assert "within 5 working" in " ".join(text.split()) and "work-" not in text
    assert "multi-agency" in text
    assert "Joined 1 word broken over lines by a hyphen: work-ing → working." in result.stdout


def test_running_headers_footers_and_page_numbers_are_left_out_and_said_to_be(started):
    kind, result, _, text, _ = started
    assert "OFFICIAL" not in text and "Page " not in text
    assert text.splitlines()[0] == "Resolving Professional Differences"
    if kind == "pdf":
        said = (
            f'Left out of the source text: the running header "{HEADER}" (on 3 pages), '
            f'the page number "Page 1 of 3" (on 3 pages).'
        )
    else:
        said = f'Left out of the source text: the headers and footers of procedure.docx, "{HEADER}", "Page 1 of 3".'
    assert said in result.stdout.splitlines()


def test_each_stage_heading_becomes_a_stage_quoting_it_each_leading_to_the_next(started):
    kind, result, protocol, text, _ = started
    stages = yaml.safe_load(protocol)["stages"]
    assert [(s["id"], s["title"], s["quote"]) for s in stages] == [
        ("1", "Practitioners discuss", "Stage 1: Practitioners discuss"),
        ("2", "Line managers discuss", "Stage 2: Line managers discuss"),
        ("3", "Heads of service", "Stage 3: Heads of service"),
        ("4", "The partnership's independent chair", "Stage 4: The partnership's independent chair"),
    ]
    assert [s["next"] for s in stages] == [
        [{"stage": "2", "when": "unresolved", "quote": "Stage 2: Line managers discuss"}],
        [{"stage": "3", "when": "unresolved", "quote": "Stage 3: Heads of service"}],
        [{"stage": "4", "when": "unresolved", "quote": "Stage 4: The partnership's independent chair"}],
        [],
    ]
    assert "(4 stages from its stage headings)" in result.stdout
    # Each stage names the limits of its own text, by line.
    lines = text.splitlines()
    stage_2 = lines.index("Stage 2: Line managers discuss") + 1
    assert f"# TODO: its text (lines {stage_2}-" in protocol


def test_the_skeleton_prompts_for_areas_contacts_and_a_child_protection_event(started):
    _, _, protocol, text, _ = started
    data = yaml.safe_load(protocol)
    assert data["areas"] == []
    assert "# TODO: the places the partnership covers" in protocol
    # The number the source gives, by line, for a role's contact.
    phone = next(n for n, line in enumerate(text.splitlines(), 1) if "01632 960 123" in line)
    assert re.search(rf"^# The source gives contact details .*\n.*\n#   line {phone}: .*01632 960 123", protocol, re.M)
    # The child-protection "immediately" needs an event: the skeleton says so, with an example.
    cp = next(n for n, line in enumerate(text.splitlines(), 1) if "immediately" in line)
    assert "# TODO: the source sets a limit in words where it speaks of child protection" in protocol
    assert re.search(rf"^#   line {cp}: .*immediately", protocol, re.M)
    assert "it needs an event to count from (the concern arising) under `events`" in protocol
    assert "#       from: {event: concern-identified" in protocol


def test_the_check_lists_only_what_is_left_to_fill(started):
    *_, path = started
    problems = check_paths([str(path)])
    assert all(p.severity == "error" for p in problems)
    placeholders = sorted(p.message.split(":")[0] for p in problems if "still a placeholder" in p.message)
    assert placeholders == ["document.title", "name"]
    limits = [
        re.match(r'document.source: the source states "([^"]+)"', p.message)
        for p in problems
        if "but no timescale encodes it" in p.message
    ]
    assert sorted(m.group(1) for m in limits if m) == sorted(LIMITS)
    assert len(problems) == len(placeholders) + len(LIMITS)


def test_the_next_steps_name_the_command_as_run_and_the_readme_of_the_folder_used(tmp_path, protocols):
    (protocols / "README.md").write_text("# Our protocols\n", encoding="utf-8")
    source = tmp_path / "procedure.txt"
    source.write_text("Escalation procedure\n\nStage 1: Practitioners discuss\n", encoding="utf-8")
    result = handbook("new", "ours", "--source", str(source), "--protocols", str(protocols))
    assert result.returncode == 0, result.stderr
    command = handbook_command()
    assert f"({protocols / 'README.md'} describes every field)" in result.stdout
    assert f"  2. Check it: {command} check {protocols / 'ours.yaml'}" in result.stdout
    assert f"  3. Preview it: {command} serve --protocols {protocols} (its page" in result.stdout
    assert f"  4. Once it is ready: {command} record ours --protocols {protocols} (keeps" in result.stdout


def test_a_partnership_that_exists_is_pointed_to_handbook_revise_never_to_removing_its_file(tmp_path, protocols):
    source = make_docx(tmp_path / "v2.docx")
    (protocols / "wyreford.yaml").write_text("slug: wyreford\n", encoding="utf-8")
    result = handbook("new", "wyreford", "--source", str(source), "--protocols", str(protocols))
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == (
        f"handbook new: {protocols / 'wyreford.yaml'} already exists; nothing was written. A revised "
        f"document for this partnership starts its next edition, keeping this file: {handbook_command()} "
        f"revise wyreford --source {source} --from YYYY-MM-DD (the day the revision takes effect)\n"
    )
    assert (protocols / "wyreford.yaml").read_text(encoding="utf-8") == "slug: wyreford\n"
