"""One small data folder per failure mode (``tests/data/<case>/``), through the real CLI.

Each expected file, line, column and rule code below was worked out from how the fixture
was built (``tests/data/make_fixtures.py`` says where each problem was planted), not
copied from the tool's output. Every run happens on a copy in ``tmp_path`` with an empty
working directory, and checks that nothing was written anywhere.
"""

from __future__ import annotations

import importlib.util
import json
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import fastexcel
import pytest
from click.testing import CliRunner, Result

from wres_cli.cli import main
from wres_cli.load import load_folder
from wres_cli.pipeline import check

DATA = Path(__file__).parent / "data"
WRES = Path(sys.executable).parent / "wres"


@dataclass(frozen=True)
class Found:
    """An issue the output must carry, located as a spreadsheet user would look for it."""

    file: str
    rule: str
    line: int | None = None
    column: str | None = None
    letter: str | None = None
    value: str | None = None
    says: tuple[str, ...] = ()
    """Phrases the message must contain."""
    severity: str = "error"

    def location(self) -> str:
        """``file:line: column "Header" (C)``, the documented text format."""
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        if self.column is not None:
            where += f': column "{self.column}"'
            if self.letter is not None:
                where += f" ({self.letter})"
        return where

    def pattern(self) -> re.Pattern[str]:
        value = "" if self.value is None else f' \\(value "{re.escape(self.value)}"\\)'
        return re.compile(
            rf"^\s*{re.escape(self.location())}: {self.severity}: .*{value} "
            rf"\[{re.escape(self.rule)}\]$",
            re.MULTILINE,
        )


@dataclass(frozen=True)
class Case:
    folder: str
    exit_code: int
    found: tuple[Found, ...]

    def count(self, severity: str) -> int:
        return sum(1 for f in self.found if f.severity == severity)


WF = "workforce.csv"
NO_CATEGORY = Found(WF, "no-assignment-category", 1, severity="warning")
"""A valid workforce file without an assignment category column: nothing was excluded."""
RECRUITMENT = "recruitment.csv"
SURVEY = "staff_survey.csv"

FAILING = [
    Case(
        "missing_column",
        1,
        (Found(WF, "missing-column", 1, "pay_band", says=("[columns.workforce] pay_band = ",)),),
    ),
    Case(
        "unmapped_header",
        1,
        (
            Found(
                WF,
                "missing-column",
                1,
                "ethnic_origin",
                says=(
                    'closest header: "Ethnic Background"',
                    'wres.toml: [columns.workforce] ethnic_origin = "Ethnic Background"',
                ),
            ),
        ),
    ),
    Case("empty_file", 1, (Found(WF, "empty-file", 1),)),
    Case("header_only", 1, (Found(WF, "no-rows", 1),)),
    Case(
        "undecodable",
        3,
        (Found(WF, "undecodable", 3, "Ethnic Origin", "B", says=("0x81",)),),
    ),
    # a Windows-1252 file (é on line 2) with one byte no encoding has (0x8D) on line 5
    Case(
        "undecodable_cp1252",
        3,
        (Found(WF, "undecodable", 5, "Ethnic Origin", "B", says=("0x8D",)),),
    ),
    # PNG bytes: the first control byte (0x1A) follows the signature's CR LF, on line 2;
    # the "header" of a binary file is no column
    Case("binary_csv", 3, (Found(WF, "not-a-table", 2, says=("binary",)),)),
    Case(
        "duplicate_id",
        1,
        (Found(WF, "duplicate-id", 7, "Employee Number", "A", "10002", ("line 3",)),),
    ),
    Case(
        "duplicate_header",
        1,
        (Found(WF, "duplicate-column", 1, "Pay Band", "E", says=('"Pay Band" (C)',)),),
    ),
    Case("bad_yes_no", 1, (Found(RECRUITMENT, "bad-yes-no", 4, "Appointed?", "D", "Pending"),)),
    Case(
        "bad_date",
        1,
        (
            Found(RECRUITMENT, "bad-date", 3, "Shortlisting Date", "E", "31/02/2024"),
            Found(RECRUITMENT, "bad-date", 5, "Shortlisting Date", "E", "next tuesday"),
        ),
    ),
    Case(
        "appointed_not_shortlisted",
        1,
        (Found(RECRUITMENT, "appointed-not-shortlisted", 4, "Appointed?", "D", "Y"),),
    ),
    Case(
        "negative_count",
        1,
        (Found(SURVEY, "out-of-range", 4, "Number of Respondents", "C", "-3"),),
    ),
    Case("percent_over_100", 1, (Found(SURVEY, "out-of-range", 7, "Percentage", "D", "104.5"),)),
    Case(
        "positive_over_respondents",
        1,
        (Found(SURVEY, "positive-exceeds-respondents", 3, "Positive Count", "D", "130"),),
    ),
    Case(
        "survey_indicator_9",
        1,
        (Found(SURVEY, "not-allowed", 9, "Indicator", "A", "9", ("5, 6, 7, 8",)),),
    ),
    # title rows, a blank row, the header on line 4: "Band 10" is on line 7
    Case(
        "xlsx_bad_band",
        1,
        (
            Found("workforce.xlsx", "unknown-pay-band", 7, "Pay Band", "C", "Band 10"),
            Found("workforce.xlsx", "header-row", 4, severity="info"),
        ),
    ),
    # the same sheet one column to the right: Pay Band is column D
    Case(
        "xlsx_offset",
        1,
        (Found("workforce.xlsx", "unknown-pay-band", 7, "Pay Band", "D", "Band 10"),),
    ),
    # line 2 is 44 characters long; the unterminated string meets the newline at character 45
    Case("toml_syntax", 3, (Found("wres.toml", "config-syntax", 2, "character 45"),)),
    Case(
        "toml_unknown_key",
        1,
        (Found("wres.toml", "config-invalid", 6, value="10", says=("options.supress_below",)),),
    ),
]

LOADING = [
    Case(
        "header_only_disciplinary",
        0,
        (Found("disciplinary.csv", "no-events", 1, severity="warning"), NO_CATEGORY),
    ),
    Case("unmapped_header_mapped", 0, (NO_CATEGORY,)),
    Case("xlsx_title_rows", 0, (Found("workforce.xlsx", "header-row", 4, severity="info"),)),
    Case(
        "cp1252",
        0,
        (
            Found(WF, "encoding", severity="info"),
            Found(WF, "extra-columns", 1, says=("Department",), severity="info"),
            NO_CATEGORY,
        ),
    ),
    Case(
        "esr_headers",
        0,
        (
            Found(
                WF,
                "extra-columns",
                1,
                says=("Full Name, Staff Group, FTE",),
                severity="info",
            ),
            Found(
                WF,
                "excluded-assignment-category",
                5,
                column="Assignment Category",
                letter="G",
                says=("1 assignment row(s)",),
                severity="info",
            ),
        ),
    ),
    Case("utf8_bom", 0, (NO_CATEGORY,)),
    Case("mixed_bands", 0, (NO_CATEGORY,)),
]

ALL = FAILING + LOADING
BY_NAME = {c.folder: c for c in ALL}


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` (relative path -> bytes)."""
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


@dataclass
class Workspace:
    """A copy of one fixture folder, and the empty working directory the run starts in."""

    folder: Path
    cwd: Path
    before: dict[str, bytes]

    def assert_untouched(self, case: str) -> None:
        assert snapshot(self.folder) == self.before, "the data folder was modified"
        assert snapshot(DATA / case) == self.before, "the committed fixture changed"
        assert list(self.cwd.iterdir()) == [], "files appeared in the working directory"
        siblings = sorted(p.name for p in self.folder.parent.iterdir())
        assert siblings == sorted([self.folder.name, self.cwd.name]), "files beside the folder"


MakeWorkspace = Callable[[str], Workspace]


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> MakeWorkspace:
    """Factory: copy a fixture folder into ``tmp_path`` and chdir into an empty folder."""
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    monkeypatch.chdir(cwd)

    def make(case: str) -> Workspace:
        folder = tmp_path / case
        shutil.copytree(DATA / case, folder)
        return Workspace(folder, cwd, snapshot(folder))

    return make


def invoke(folder: Path, *options: str) -> Result:
    result = CliRunner().invoke(main, ["validate", str(folder), *options])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert "Traceback" not in result.output
    return result


def issue_lines(output: str, severity: str) -> list[str]:
    return [line for line in output.splitlines() if re.search(rf": {severity}: .*\]$", line)]


def assert_reported(case: Case, output: str) -> None:
    for found in case.found:
        match = found.pattern().search(output)
        assert match, f"expected {found.location()}: {found.severity}: ... [{found.rule}]\n{output}"
        for phrase in found.says:
            assert phrase in match.group(0), f"{phrase!r} not in {match.group(0)!r}"
    # nothing else went wrong: exactly the planted errors and warnings
    for severity in ("error", "warning"):
        assert len(issue_lines(output, severity)) == case.count(severity), output


@pytest.mark.parametrize("case", ALL, ids=[c.folder for c in ALL])
def test_text_output(case: Case, workspace: MakeWorkspace) -> None:
    space = workspace(case.folder)
    result = invoke(space.folder)
    assert result.exit_code == case.exit_code, result.output
    assert "Traceback" not in result.stderr
    status = "valid" if case.exit_code == 0 else "INVALID"
    assert result.output.startswith(f"{space.folder}: {status} — ")
    assert_reported(case, result.output)
    space.assert_untouched(case.folder)


@pytest.mark.parametrize(
    "name", ["duplicate_id", "bad_date", "undecodable", "toml_unknown_key", "xlsx_offset"]
)
def test_json_output(name: str, workspace: MakeWorkspace) -> None:
    case = BY_NAME[name]
    space = workspace(name)
    result = invoke(space.folder, "--format", "json")
    assert result.exit_code == case.exit_code
    doc = json.loads(result.stdout)
    assert doc["exit_code"] == case.exit_code
    assert doc["valid"] is (case.exit_code == 0)
    for found in (f for f in case.found if f.severity == "error"):
        issue = next(
            i for i in doc["errors"] if i["rule"] == found.rule and i["line"] == found.line
        )
        assert issue["file"] == found.file
        assert issue["column"] == found.column
        assert issue["column_letter"] == found.letter
        assert issue["value"] == found.value
        assert issue["severity"] == "error"
    space.assert_untouched(name)


@pytest.mark.parametrize("name", ["duplicate_id", "toml_syntax", "binary_csv"])
def test_github_output(name: str, workspace: MakeWorkspace) -> None:
    case = BY_NAME[name]
    space = workspace(name)
    result = invoke(space.folder, "--format", "github")
    assert result.exit_code == case.exit_code
    found = case.found[0]
    col = f",col={ord(found.letter) - 64}" if found.letter else ""
    annotation = (
        f"::error file={space.folder}/{found.file},line={found.line}{col},title={found.rule}::"
    )
    assert any(line.startswith(annotation) for line in result.stdout.splitlines()), result.stdout
    space.assert_untouched(name)


@pytest.mark.parametrize("name", ["binary_csv", "toml_syntax", "duplicate_id", "esr_headers"])
def test_console_script(name: str, workspace: MakeWorkspace) -> None:
    """The installed ``wres`` command: exit code, located message, nothing on stderr."""
    case = BY_NAME[name]
    space = workspace(name)
    proc = subprocess.run(
        [str(WRES), "validate", str(space.folder)],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert proc.returncode == case.exit_code, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr
    assert "Traceback" not in proc.stdout
    assert proc.stderr == ""
    assert_reported(case, proc.stdout)
    space.assert_untouched(name)


def test_missing_folder_is_a_usage_error(workspace: MakeWorkspace) -> None:
    space = workspace("mixed_bands")
    result = CliRunner().invoke(main, ["validate", str(space.folder / "no-such-year")])
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    space.assert_untouched("mixed_bands")


def test_unmapped_header_loads_once_mapped() -> None:
    """The fix the missing-column message proposes, written into wres.toml, works."""
    failing = (DATA / "unmapped_header" / WF).read_bytes()
    assert (DATA / "unmapped_header_mapped" / WF).read_bytes() == failing
    toml = (DATA / "unmapped_header_mapped" / "wres.toml").read_text()
    assert '[columns.workforce]\nethnic_origin = "Ethnic Background"' in toml
    validated = check(DATA / "unmapped_header_mapped")
    assert validated.result.valid
    assert validated.tables["workforce"]["ethnic_group"].to_list() == [
        "White",
        "BME",
        "BME",
        "White",
        "BME",
    ]


def test_awkward_exports_are_read_as_written() -> None:
    """Encodings, title rows, ESR headers and band spellings end up as the right values."""
    cp1252 = check(DATA / "cp1252")
    assert cp1252.result.files[0].encoding == "cp1252"
    # the value as read (the prepared tables carry its group, not the text)
    read = load_folder(DATA / "cp1252").tables["workforce"].frame
    assert read["ethnic_origin"].to_list()[0] == "A White \u2013 British"
    assert cp1252.tables["workforce"]["ethnic_group"].to_list() == ["White", "BME", "BME", "White"]

    bom = check(DATA / "utf8_bom")
    assert bom.result.files[0].encoding == "utf-8-sig"
    assert bom.result.files[0].columns["staff_id"] == "Employee Number"

    xlsx = check(DATA / "xlsx_title_rows").tables["workforce"]
    assert xlsx["staff_id"].to_list() == ["10001", "10002", "10003", "10004"]  # numeric cells
    assert xlsx["_line"].to_list() == [5, 6, 7, 8]

    esr = check(DATA / "esr_headers")
    assert esr.result.files[0].columns["staff_id"] == "Employee Number"
    assert esr.tables["workforce"]["staff_id"].to_list() == ["10001", "10002", "10003"]  # no Bank

    bands = check(DATA / "mixed_bands").tables["workforce"]["band"].to_list()
    assert [bands[0], bands[2], bands[3], bands[4]] == ["Band 5", "Band 6", "VSM", "Consultant"]
    assert bands[1] is not None
    assert bands[1].casefold() == "band 8a"


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_fixtures", DATA / "make_fixtures.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_committed_fixtures_match_their_generator(tmp_path: Path) -> None:
    """The comments in make_fixtures.py say where each problem is; the files must agree."""
    names = _generator().write_all(tmp_path)
    assert sorted(names) == sorted(c.folder for c in ALL)
    for name in names:
        fresh, committed = snapshot(tmp_path / name), snapshot(DATA / name)
        assert fresh.keys() == committed.keys(), name
        for file, data in fresh.items():
            if file.endswith(".xlsx"):  # compare cells: zip bytes may vary by xlsxwriter version
                cells = [
                    fastexcel.read_excel(d).load_sheet(0, header_row=None).to_polars().rows()
                    for d in (data, committed[file])
                ]
                assert cells[0] == cells[1], f"{name}/{file}"
            else:
                assert data == committed[file], f"{name}/{file}"
    assert (DATA / "empty_file" / WF).stat().st_size == 0
    assert b"\x00" in (DATA / "binary_csv" / WF).read_bytes()
