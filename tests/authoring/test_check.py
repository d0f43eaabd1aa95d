"""`handbook check`: every malformed protocol gives the exact lines it should,
in the PATH:LINE:COLUMN format, fast and without a traceback; the real
protocols pass."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from authoring.check import check_paths
from authoring.checked import load_protocol, load_protocols, protocol_data
from authoring.reading.file_text import MAX_FILE_BYTES
from authoring.reading.loader import read_protocol_file
from authoring.reading.problems import ProtocolError
from calculator.model import Protocol
from tests.support.cli import handbook, handbook_process

ROOT = Path(__file__).resolve().parents[2]
MALFORMED = ROOT / "tests" / "malformed"
VALID = MALFORMED / "valid-minimal.yaml"
CASES = yaml.safe_load((MALFORMED / "cases.yaml").read_text(encoding="utf-8"))["cases"]
LINE_FORMAT = re.compile(r"^[^:]+:\d+:\d+: ")
#: The issue's bound for any single input, bad or good.
SECONDS_PER_FILE = 2.0


def run_check(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    """`python -m authoring.cli check ARGS...` in a process of its own: the entry point itself."""
    return handbook_process("check", *args, cwd=cwd, timeout=60)


def check_in_process(*args: str) -> subprocess.CompletedProcess:
    """The same command run in this process (tests/support/cli.py), from the repository's root."""
    return handbook("check", *args, cwd=ROOT)


def lines_after_path(problems, path: str) -> list[str]:
    out = []
    for p in problems:
        line = p.format()
        assert line.startswith(path + ":"), line
        out.append(line[len(path) + 1 :])
    return out


def matches(expected: str, line: str) -> bool:
    if expected.endswith("..."):
        return line.startswith(expected[:-3])
    return line == expected


def assert_well_formed(stdout: str, stderr: str) -> None:
    for line in stdout.splitlines():
        assert LINE_FORMAT.match(line), f"not PATH:LINE:COLUMN: {line!r}"
    assert "Traceback" not in stdout and "Traceback" not in stderr


# --------------------------------------------------------------------------
# The corpus


def test_the_corpus_has_at_least_35_malformed_files_each_listed_in_cases_yaml():
    listed = {c["file"] for c in CASES}
    on_disk = {p.name for p in MALFORMED.iterdir() if p.is_file()} - {"cases.yaml", "valid-minimal.yaml"}
    assert listed == on_disk
    assert len(listed) >= 35


def test_the_minimal_valid_protocol_that_every_case_is_based_on_passes_with_nothing_to_say():
    assert check_paths([str(VALID)]) == []


@pytest.mark.parametrize("case", CASES, ids=[c["file"] for c in CASES])
def test_each_malformed_file_gives_exactly_the_lines_its_case_expects(case):
    path = os.path.relpath(MALFORMED / case["file"])
    start = time.perf_counter()
    problems = check_paths([path])
    elapsed = time.perf_counter() - start
    got = lines_after_path(problems, path)
    expected = case["expect"]
    assert len(got) == len(expected), "\n".join(got)
    for want, line in zip(expected, got, strict=True):
        assert matches(want, line), f"expected {want!r}\n     got {line!r}"
    has_error = any(p.severity == "error" for p in problems)
    assert has_error == (case.get("exit", 1) == 1)
    assert all(LINE_FORMAT.match(p.format()) for p in problems)
    assert not any("could not be checked" in p.message for p in problems)
    assert elapsed < SECONDS_PER_FILE, f"{case['file']} took {elapsed:.2f} s"


@pytest.mark.parametrize(
    "name",
    [
        "yaml-bomb.yaml",
        "timescale-zero.yaml",
        "yaml-tab-indentation.yaml",
        "review-date-passed.yaml",
        "empty-file.yaml",
    ],
)
def test_the_command_line_prints_the_same_lines_with_the_right_exit_status_and_no_traceback(name):
    case = next(c for c in CASES if c["file"] == name)
    path = os.path.relpath(MALFORMED / name, ROOT)
    result = run_check(path)
    assert result.returncode == case.get("exit", 1)
    assert_well_formed(result.stdout, result.stderr)
    lines = result.stdout.splitlines()
    assert len(lines) == len(case["expect"])
    for want, line in zip(case["expect"], lines, strict=True):
        assert line.startswith(path + ":")
        assert matches(want, line[len(path) + 1 :])


def test_the_installed_handbook_command_reports_a_broken_file_and_exits_1():
    handbook = Path(sys.executable).parent / "handbook"
    if not handbook.exists():
        pytest.skip("the `handbook` entry point is not installed; run scripts/setup.sh")
    result = subprocess.run(
        [str(handbook), "check", "tests/malformed/stage-cycle.yaml"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert_well_formed(result.stdout, result.stderr)
    assert "the stages form a cycle (1 → 2 → 3 → 1)" in result.stdout


def test_several_paths_are_reported_sorted_by_path_then_line_with_relative_paths_kept():
    names = ["unknown-top-level-field.yaml", "duplicate-key.yaml", "bad-nation.yaml"]
    paths = [f"tests/malformed/{n}" for n in names]
    result = check_in_process(*paths)
    assert result.returncode == 1
    assert_well_formed(result.stdout, result.stderr)
    keys = []
    for line in result.stdout.splitlines():
        path, line_no, col, _ = line.split(":", 3)
        assert path in paths
        keys.append((path, int(line_no), int(col)))
    assert keys == sorted(keys)
    assert {k[0] for k in keys} == set(paths)


def test_a_summary_if_any_goes_to_stderr_so_stdout_holds_only_problem_lines():
    result = check_in_process("tests/malformed/timescale-zero.yaml")
    assert result.stdout.splitlines() == [
        "tests/malformed/timescale-zero.yaml:50:32: stage 2, the 1st timescale, within.working_days: "
        "expected a whole number of 1 or more, got 0"
    ]


# --------------------------------------------------------------------------
# The real protocols


def test_the_protocols_folder_passes_with_salford_s_overdue_review_date_and_unused_roles_as_warnings():
    result = check_in_process()
    assert result.returncode == 0, result.stdout
    assert_well_formed(result.stdout, result.stderr)
    salford = [line for line in result.stdout.splitlines() if line.startswith("protocols/salford.yaml:")]
    assert len(salford) == 4
    assert re.match(
        r"protocols/salford\.yaml:\d+:\d+: warning: review date 2016-05-15 has passed "
        r"\(overdue since 2016-05-16\)",
        salford[0],
    )
    unused = [re.search(r"role '([a-z-]+)' is defined but", line) for line in salford[1:]]
    assert [m.group(1) for m in unused if m] == ["sscb-executive-committee", "sscb-sub-group-chairs", "lado"]
    assert all(": warning: " in line for line in result.stdout.splitlines())


def test_a_folder_argument_checks_every_yaml_file_in_it():
    result = check_in_process("protocols")
    assert result.returncode == 0, result.stdout
    assert "protocols/salford.yaml:" in result.stdout


def test_every_protocol_loads_into_the_model_and_as_plain_json_ready_data():
    protocols = load_protocols(ROOT / "protocols")
    files = sorted((ROOT / "protocols").glob("*.yaml"))
    assert [p.slug for p in protocols] == [f.stem for f in files]
    for f in files:
        data = protocol_data(f)
        json.dumps(data)  # dates are ISO strings, nothing else non-JSON
        assert data["slug"] == f.stem


def test_dates_in_protocol_data_are_iso_strings():
    data = protocol_data(VALID)
    assert data["document"] == {
        "title": "Example escalation procedure",
        "implemented": "2024-04-01",
        "review": "2099-04-01",
    }
    assert data["calendar"]["closure_days"][0]["date"] == "2024-12-27"


def test_load_protocol_returns_the_model_for_a_valid_file():
    protocol = load_protocol(VALID)
    assert isinstance(protocol, Protocol)
    assert [s.id for s in protocol.stages] == ["1", "2", "3"]
    assert protocol.stage("2").timescales[0].within.working_days == 5


def test_load_protocol_raises_protocol_error_whose_text_is_the_check_s_lines():
    path = MALFORMED / "next-missing-stage.yaml"
    with pytest.raises(ProtocolError) as raised:
        load_protocol(path)
    assert str(raised.value) == (
        f"{path}:61:16: stage 2, the 1st entry under next, stage: unknown stage '4' (stages are: 1, 2, 3)"
    )
    assert [p.line for p in raised.value.problems] == [61]


def test_load_protocols_raises_for_a_folder_holding_a_broken_file(tmp_path):
    (tmp_path / "valid-minimal.yaml").write_bytes(VALID.read_bytes())
    (tmp_path / "stage-cycle.yaml").write_bytes((MALFORMED / "stage-cycle.yaml").read_bytes())
    with pytest.raises(ProtocolError) as raised:
        load_protocols(tmp_path)
    assert [Path(p.path).name for p in raised.value.problems] == ["stage-cycle.yaml"]


# --------------------------------------------------------------------------
# Positions


def test_the_reader_records_1_based_line_and_column_of_keys_values_and_list_items():
    read = read_protocol_file(VALID)
    assert read.problems == []
    pos = read.positions
    assert pos.value(("slug",)) == (3, 7)
    assert pos.key(("slug",)) == (3, 1)
    assert pos.value(("stages", 1)) == (43, 5)
    assert pos.key(("stages", 1, "timescales", 0, "within")) == (51, 9)
    assert pos.value(("stages", 1, "timescales", 0, "within", "working_days")) == (51, 32)
    assert pos.value(("stages", 1, "forms", 0)) == (47, 13)


def test_a_review_date_is_overdue_from_the_day_after_it(tmp_path):
    assert check_paths([str(VALID)], today=dt.date(2099, 4, 1)) == []
    [warning] = check_paths([str(VALID)], today=dt.date(2099, 4, 2))
    assert warning.severity == "warning"
    assert warning.format() == (
        f"{VALID}:8:11: warning: review date 2099-04-01 has passed (overdue "
        f"since 2099-04-02); document.review should say when the procedure "
        f"is next due for review"
    )


# --------------------------------------------------------------------------
# Inputs made in the test: binary, wrong encodings, huge, missing, odd paths


def only_line(tmp_path: Path, name: str, content: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(content)
    problems = check_paths([str(path)])
    assert len(problems) == 1, problems
    line = problems[0].format()
    assert LINE_FORMAT.match(line)
    return line[len(str(path)) + 1 :]


def test_a_binary_file_is_refused_at_the_first_nul_byte(tmp_path):
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01"
    assert only_line(tmp_path, "binary.yaml", png) == (
        "3:1: file is binary (it contains a NUL byte); expected a UTF-8 text file (YAML)"
    )


def test_a_latin_1_file_is_refused_with_the_place_of_the_first_bad_byte(tmp_path):
    text = "slug: x\nname: Caf\u00e9 partnership\n".encode("latin-1")
    assert only_line(tmp_path, "latin.yaml", text) == (
        "2:10: file is not UTF-8 text (byte 0xe9 cannot be decoded); save it as UTF-8"
    )


def test_a_utf_16_file_is_named_as_such(tmp_path):
    assert only_line(tmp_path, "utf16.yaml", "slug: x\n".encode("utf-16")) == ("1:1: file is UTF-16; save it as UTF-8")


def test_a_utf_8_byte_order_mark_is_accepted(tmp_path):
    path = tmp_path / "valid-minimal.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + VALID.read_bytes())
    assert check_paths([str(path)]) == []


def test_a_10_mb_file_is_refused_before_parsing_and_quickly(tmp_path):
    path = tmp_path / "huge.yaml"
    line = b"- " + b"x" * 97 + b"\n"  # 100 bytes
    path.write_bytes(line * 100_000)
    start = time.perf_counter()
    problems = check_paths([str(path)])
    elapsed = time.perf_counter() - start
    assert [p.format() for p in problems] == [
        f"{path}:1:1: file is 10.0 MB; a protocol file is expected to be under 250.0 kB"
    ]
    assert elapsed < SECONDS_PER_FILE


def test_a_missing_file_is_reported_at_line_1_column_1():
    result = check_in_process("protocols/no-such-partnership.yaml")
    assert result.returncode == 1
    assert result.stdout == "protocols/no-such-partnership.yaml:1:1: file not found\n"


def test_a_folder_with_no_yaml_files_is_an_error(tmp_path):
    (tmp_path / "notes.txt").write_text("not a protocol")
    problems = check_paths([str(tmp_path)])
    assert [p.format() for p in problems] == [f"{tmp_path}:1:1: folder has no protocol files (*.yaml)"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX only")
def test_a_named_pipe_is_refused_without_waiting_for_it(tmp_path):
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    problems = check_paths([str(fifo)])
    assert [p.message for p in problems] == ["not a regular file; expected a protocol file (YAML)"]


def test_a_deep_flow_nesting_that_the_parser_handles_slowly_is_refused_at_once(tmp_path):
    path = tmp_path / "deep.yaml"
    path.write_text("a: " + "[" * 100_000 + "]" * 100_000)  # under the size limit
    start = time.perf_counter()
    problems = check_paths([str(path)])
    assert time.perf_counter() - start < SECONDS_PER_FILE
    # The 65th level (the mapping is the first) is the 64th "[", column 67; libyaml's
    # own cap of 1,000 levels, which its scanner reaches first, is not what is reported.
    assert [(p.line, p.column, p.message) for p in problems] == [(1, 67, "values are nested more than 64 levels deep")]


def test_a_missing_schema_is_reported_rather_than_skipped(tmp_path):
    problems = check_paths([str(VALID)], schema_path=tmp_path / "protocol.schema.json")
    assert [(p.line, p.message) for p in problems] == [
        (1, "the protocol JSON Schema is missing; protocols cannot be checked without it")
    ]


# --------------------------------------------------------------------------
# Whatever the input: never an exception, always the format


VALID_TEXT = VALID.read_text(encoding="utf-8")


@st.composite
def damaged_protocols(draw) -> str:
    """The valid protocol with a few characters deleted, replaced or inserted."""
    text = VALID_TEXT
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(text)))
        kind = draw(st.sampled_from(["delete", "replace", "insert"]))
        piece = draw(
            st.text(
                alphabet=st.sampled_from(list(" \t\n-:\"'[]{}&*!#|>%@`0123456789abc,.?\x00\x07é")),
                min_size=1,
                max_size=4,
            )
        )
        if kind == "delete":
            text = text[:at] + text[at + len(piece) :]
        elif kind == "replace":
            text = text[:at] + piece + text[at + len(piece) :]
        else:
            text = text[:at] + piece + text[at:]
    return text


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(damaged_protocols())
def test_a_damaged_protocol_never_raises_and_every_line_keeps_the_format(text):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "valid-minimal.yaml"
        path.write_text(text, encoding="utf-8")
        problems = check_paths([str(path)])
    for p in problems:
        assert LINE_FORMAT.match(p.format())
        assert p.line >= 1 and p.column >= 1
        assert "could not be checked" not in p.message, p.message


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=300))
def test_arbitrary_bytes_never_raise(content):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "noise.yaml"
        path.write_bytes(content)
        problems = check_paths([str(path)])
    assert problems  # noise is never a valid protocol
    for p in problems:
        assert LINE_FORMAT.match(p.format())
        assert "could not be checked" not in p.message, p.message


def test_a_quote_that_is_not_in_the_source_text_is_an_error_at_the_quote(tmp_path):
    real = ROOT / "protocols" / "safeguarding-children-partnership.yaml"
    shutil.copytree(ROOT / "protocols" / "sources", tmp_path / "sources")
    text = real.read_text(encoding="utf-8").replace(
        '"Stage 2 – Direct Manager to Manager Discussion"', '"Stage 2 – Direct Manager Discussion"'
    )
    target = tmp_path / real.name
    target.write_text(text, encoding="utf-8")
    problems = [p.format() for p in check_paths([str(target)])]
    line = next(i for i, row in enumerate(text.splitlines(), 1) if "Stage 2 – Direct Manager Discussion" in row)
    assert len(problems) == 1
    assert problems[0].startswith(f"{target}:{line}:")
    assert "quote not found in the source text 'sources/safeguarding-children-partnership.txt'" in problems[0]


def test_a_file_with_three_independent_problems_gets_all_three_in_one_run_sorted_by_line(tmp_path):
    real = ROOT / "protocols" / "safeguarding-children-partnership.yaml"
    shutil.copytree(ROOT / "protocols" / "sources", tmp_path / "sources")
    text = real.read_text(encoding="utf-8")
    text = text.replace("slug: safeguarding-children-partnership", "slug: another-partnership", 1)  # meaning
    text = text.replace("nation: england-and-wales", "nation: england", 1)  # schema
    text = text.replace('"Stage 2 – Direct Manager to Manager Discussion"', '"Stage 2 – Direct Manager Discussion"')
    target = tmp_path / real.name
    target.write_text(text, encoding="utf-8")
    problems = check_paths([str(target)])
    lines = text.splitlines()

    def line_of(words: str) -> int:
        return next(i for i, row in enumerate(lines, 1) if words in row)

    assert [(p.line, p.message.split(":")[0]) for p in problems] == [
        (line_of("slug: another-partnership"), "slug"),
        (line_of("nation: england"), "calendar.nation"),
        (line_of("Stage 2 – Direct Manager Discussion"), "stage 2, quote"),
    ], "\n".join(p.format() for p in problems)


def test_a_role_no_stage_form_or_contact_names_is_a_warning_at_its_id_and_the_file_still_passes(tmp_path):
    text = VALID.read_text(encoding="utf-8").replace(
        "roles:\n",
        'roles:\n  - id: chair\n    title: The independent chair\n    quote: "the independent chair"\n',
    )
    target = tmp_path / "valid-minimal.yaml"
    target.write_text(text, encoding="utf-8")
    problems = check_paths([str(target)])
    assert [(p.line, p.column, p.severity) for p in problems] == [(15, 9, "warning")]
    assert "role 'chair' is defined but no stage, way on, form or added contact names it" in problems[0].message


def test_the_worst_case_file_just_under_the_size_limit_is_checked_faster_than_pyyaml_reads_it(tmp_path):
    # Many stages that each need the full schema: the slowest valid-looking input.
    stage = '  - id: "s{n}"\n    title: T\n    quote: Q\n    next: []\n'
    head = "slug: big\nname: Big\ndocument: {title: T}\ncalendar: {nation: england-and-wales}\nstages:\n"
    body, n = [], 0
    while len(head) + sum(map(len, body)) < MAX_FILE_BYTES - 200:
        body.append(stage.format(n=n))
        n += 1
    path = tmp_path / "big.yaml"
    text = head + "".join(body)
    path.write_text(text, encoding="utf-8")
    # The baseline, measured in the same run so that the machine's speed cancels
    # out: PyYAML's own pure-Python reading of the same text. The check (a
    # position-tracking read, the schema and the graph over 4,500 stages) costs
    # 0.7-0.8 of it; growing worse than linearly with the stages would be many
    # times it. Absolute figures: `time .venv/bin/handbook check FILE`.
    start = time.perf_counter()
    yaml.load(text, Loader=yaml.SafeLoader)
    baseline = time.perf_counter() - start
    start = time.perf_counter()
    problems = check_paths([str(path)])
    elapsed = time.perf_counter() - start
    assert problems, "thousands of unreachable stages must be reported"
    assert all(re.match(r"^[^:]+:\d+:\d+: ", p.format()) for p in problems)
    assert elapsed < 1.5 * baseline, f"took {elapsed:.2f} s; PyYAML alone {baseline:.2f} s"


# --------------------------------------------------------------------------
# Where a problem is, as a person names it


def test_paths_name_stages_by_their_id_and_word_and_other_items_by_their_place_from_1():
    from authoring.reading.yaml_paths import naming, ordinal, yaml_path

    data = {"stage_word": "Step", "stages": [{"id": "1"}, {"id": "4-urgent"}, {"id": "x"}, {"id": "x"}]}
    with naming(data):
        assert (
            yaml_path(("stages", 1, "next", 0, "contacts", 2))
            == "step 4-urgent, the 1st entry under next, the 3rd contact"
        )
        assert yaml_path(("stages", 0, "timescales", 1, "within", "hours")) == "step 1, the 2nd timescale, within.hours"
        assert yaml_path(("stages", 3, "id")) == "the 4th stage, id"  # an id two stages share
        assert yaml_path(("calendar", "closure_days", 10, "date")) == "calendar, the 11th closure day, date"
        assert yaml_path(("document", "quote", 0)) == "document, the 1st quote"
    assert yaml_path(("stages", 1)) == "the 2nd stage"  # outside a file: by place
    assert [ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 22, 101, 111)] == [
        "1st",
        "2nd",
        "3rd",
        "4th",
        "11th",
        "12th",
        "13th",
        "21st",
        "22nd",
        "101st",
        "111th",
    ]


def test_a_problem_in_a_file_that_says_step_names_the_step(tmp_path):
    folder = tmp_path / "protocols"
    shutil.copytree(ROOT / "protocols", folder)
    path = folder / "lscp.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count("within: {working_days: 5}") == 1
    path.write_text(text.replace("within: {working_days: 5}", "within: {working_days: 0}"), encoding="utf-8")
    messages = [p.message for p in check_paths([str(path)])]
    assert messages == [
        "step 2, the 1st timescale, within.working_days: expected a whole number of 1 or more, got 0"
    ], messages


LIBYAML_WORDS = (
    "did not find expected",
    "while parsing",
    "while scanning",
    "cannot start any token",
    "mapping values are not allowed",
    "could not find expected",
    "end of stream",
    "<block end>",
    "#x",
)


@pytest.mark.parametrize("case", [c for c in CASES if "YAML syntax" in " ".join(c["expect"])], ids=lambda c: c["file"])
def test_a_yaml_syntax_error_is_in_plain_words_with_no_libyaml_phrase(case):
    path = os.path.relpath(MALFORMED / case["file"])
    [problem] = check_paths([path])
    assert problem.message.startswith("YAML syntax: ")
    assert not [w for w in LIBYAML_WORDS if w in problem.message], problem.message


# --------------------------------------------------------------------------
# A quote not found: the closest passage and where the two first differ


def _check_with(tmp_path, slug: str, old: str, new: str) -> tuple[list[str], str]:
    real = ROOT / "protocols" / f"{slug}.yaml"
    shutil.copytree(ROOT / "protocols" / "sources", tmp_path / "sources")
    text = real.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    text = text.replace(old, new)
    target = tmp_path / real.name
    target.write_text(text, encoding="utf-8")
    return [p.message for p in check_paths([str(target)]) if p.severity == "error"], text


def test_a_straight_apostrophe_for_a_curly_one_late_in_a_quote_is_named_with_both_characters(tmp_path):
    old = 'another professionals’ role and responsibilities"'
    messages, _ = _check_with(tmp_path, "staffordshire-stoke-on-trent", old, old.replace("’", "'"))
    assert len(messages) == 1
    message = messages[0]
    source = (ROOT / "protocols" / "sources" / "staffordshire-stoke-on-trent.txt").read_text(encoding="utf-8")
    line = next(i for i, row in enumerate(source.splitlines(), 1) if "another professionals’ role" in row)
    position = "Take the time to understand and appreciate another professionals’".index("’") + 1
    assert f"the closest passage is on line {line} of it" in message
    assert (
        f"they first differ at character {position} of the quote, where the quote has ' (U+0027 "
        f"APOSTROPHE) and the source ’ (U+2019 RIGHT SINGLE QUOTATION MARK)"
    ) in message
    assert 'quote "…nother professionals\' role and responsib…"' in message
    assert 'source "…nother professionals’ role and responsib…"' in message


def test_a_quote_missing_words_is_shown_where_it_leaves_the_source(tmp_path):
    messages, _ = _check_with(
        tmp_path,
        "safeguarding-children-partnership",
        '"Stage 2 – Direct Manager to Manager Discussion"',
        '"Stage 2 – Direct Manager Discussion"',
    )
    assert len(messages) == 1
    k = len("Stage 2 – Direct Manager ") + 1
    assert f"they first differ at character {k} of the quote, where the quote has 'D' and the source 't'" in messages[0]
    assert 'quote "… 2 – Direct Manager Discussion", source "… 2 – Direct Manager to Manager Discussio…"' in messages[0]


def test_a_quote_like_nothing_in_the_source_says_so_and_shows_its_start(tmp_path):
    messages, _ = _check_with(
        tmp_path,
        "salford",
        '"Date of implementation: 15th May 2014"',
        '"Quarterly returns are filed with the treasury by the first Monday"',
    )
    assert messages == [
        "document, the 2nd quote: quote not found in the source text 'sources/salford.txt': "
        '"Quarterly returns are filed with the treasury by the firs...", and '
        "nothing in it is close; expected the source's exact words (white space and "
        "*emphasis* marks aside)"
    ]


@pytest.mark.parametrize("source", sorted((ROOT / "protocols" / "sources").glob("*.txt")), ids=lambda p: p.name)
def test_the_positions_kept_while_normalising_give_the_same_text_as_the_check_compares(source):
    from authoring.quotes import normalise_quote, normalise_with_origins

    raw = source.read_text(encoding="utf-8")
    text, origins = normalise_with_origins(raw)
    assert text == normalise_quote(raw)
    assert len(origins) == len(text)
    assert all(raw[o] == c for o, c in zip(origins, text, strict=True) if c != " ")


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.sampled_from(list("ab *<>/sup\n\t\u00a0’'")), max_size=60))
def test_normalising_with_positions_agrees_with_the_check_on_any_text(raw):
    from authoring.quotes import normalise_quote, normalise_with_origins

    assert normalise_with_origins(raw)[0] == normalise_quote(raw)


def test_the_closest_passage_of_a_long_quote_in_the_longest_source_is_found_quickly():
    from authoring.quotes import not_found_message

    source = max((ROOT / "protocols" / "sources").glob("*.txt"), key=lambda p: p.stat().st_size)
    raw = source.read_text(encoding="utf-8")
    from authoring.quotes import normalise_quote

    text = normalise_quote(raw)
    quote = text[len(text) // 2 : len(text) // 2 + 400]
    changed = quote[:300] + ("X" if quote[300] != "X" else "Y") + quote[301:]
    start = time.perf_counter()
    message = not_found_message(changed, raw, source.name)
    elapsed = time.perf_counter() - start
    assert "they first differ at character 301 of the quote" in message
    assert elapsed < SECONDS_PER_FILE / 4, elapsed
