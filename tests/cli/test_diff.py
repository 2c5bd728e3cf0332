"""``docgen diff``: exit codes as diff(1), the terminal redline, the HTML and DOCX files."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest

from generator.cli import main
from tests.conftest import SEED, SOURCES

_ANSI = re.compile(r"\x1b\[[0-9;]*m")


@pytest.fixture
def changed(tmp_path: Path) -> Path:
    """Return a term sheet like the seed but with five survival years and $25 consideration."""
    text = SEED.read_text(encoding="utf-8")
    text = text.replace("survival_years: 3 ", "survival_years: 5 ")
    text = text.replace("consideration: 10.00", "consideration: 25.00")
    path = tmp_path / "changed.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("document_id", sorted(SOURCES))
def test_seed_against_the_filed_text_exits_0(
    document_id: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["diff", str(SOURCES[document_id]), str(SEED), "--document", document_id])
    out = capsys.readouterr().out
    assert code == 0
    assert "No differences" in out
    assert "[-" not in out and "{+" not in out


def test_the_agreement_of_a_term_sheet_is_found_without_document(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["diff", str(SOURCES["release"]), str(SEED)]) == 0
    assert "No differences" in capsys.readouterr().out


def test_two_term_sheets_exit_1_with_the_redline_and_the_keys(
    changed: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["diff", str(SEED), str(changed)])
    out = capsys.readouterr().out
    assert code == 1
    assert "[-three (3)-]{+five (5)+} years" in out
    assert "[-Ten-]{+Twenty-Five+} Dollars ($[-10.00-]{+25.00+})" in out
    assert "indemnification.survival_years: 3 -> 5" in out
    assert "release.consideration: 10.00 -> 25.00" in out
    assert "changed clauses: survival, survival_period" in out
    assert "\x1b[" not in out  # piped: plain marks, no colour


def test_context_limits_the_lines_shown(changed: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main(["diff", str(SEED), str(changed), "--document", "indemnification", "--context", "0"])
    narrow = capsys.readouterr().out
    main(["diff", str(SEED), str(changed), "--document", "indemnification", "--context", "5"])
    wide = capsys.readouterr().out
    hunk = narrow.split("@@\n", 1)[1].split("\n\n", 1)[0]
    assert len(hunk.splitlines()) == 1 and "{+five (5)+}" in hunk
    assert len(wide.splitlines()) > len(narrow.splitlines()) + 5
    assert "@@ Indemnification Agreement: survival @@" in narrow


def test_colour_strikes_deletions_red_and_shows_insertions_green(
    changed: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["diff", str(SEED), str(changed), "--document", "indemnification", "--color", "always"])
    out = capsys.readouterr().out
    assert "\x1b[31;9mthree (3)\x1b[0m\x1b[32;4mfive (5)\x1b[0m" in out
    assert "[-" not in out
    assert "five (5)" in _ANSI.sub("", out)


def test_html_and_docx_files_are_written(
    changed: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    html, docx = tmp_path / "redline.html", tmp_path / "redline.docx"
    args = ["diff", str(SEED), str(changed), "--document", "indemnification"]
    code = main([*args, "--html", str(html), "--docx", str(docx), "--author", "R. Eviewer"])
    assert code == 1
    out = capsys.readouterr().out
    assert f"wrote {html}" in out and f"wrote {docx}" in out
    page = html.read_text(encoding="utf-8")
    assert "<del" in page and "<ins" in page
    assert page.index("Summary of changes") < page.index("INDEMNIFICATION AGREEMENT")
    assert "indemnification.survival_years: 3 -&gt; 5" in page or "survival_years: 3 -> 5" in page
    with zipfile.ZipFile(io.BytesIO(docx.read_bytes())) as package:
        body = package.read("word/document.xml").decode("utf-8")
    assert 'w:author="R. Eviewer"' in body
    assert "<w:delText" in body and "<w:ins " in body


def test_keeping_furniture_makes_page_markers_count(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["diff", str(SOURCES["indemnification"]), str(SEED), "--document", "indemnification"]
    assert main([*args, "--keep-furniture"]) == 1
    assert "[-<PAGE>-]" in capsys.readouterr().out
    assert main([*args, "--keep-letter-spacing"]) == 0  # both sides letter-space RECITALS
    capsys.readouterr()


def test_keeping_quotes_tells_curly_from_straight(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old, new = tmp_path / "old.txt", tmp_path / "new.txt"
    old.write_text('the "Company" agrees\n', encoding="utf-8")
    new.write_text("the “Company” agrees\n", encoding="utf-8")
    assert main(["diff", str(old), str(new)]) == 0
    assert main(["diff", str(old), str(new), "--keep-quotes"]) == 1
    assert '[-"-]{+“+}Company' in capsys.readouterr().out


def test_keeping_whitespace_makes_line_wrapping_count(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old, new = tmp_path / "old.txt", tmp_path / "new.txt"
    old.write_text("one two\nthree\n", encoding="utf-8")
    new.write_text("one two three\n", encoding="utf-8")
    assert main(["diff", str(old), str(new)]) == 0
    assert main(["diff", str(old), str(new), "--keep-whitespace"]) == 1
    assert "two[-⏎-]{+·+}three" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["diff", "missing.txt", str(SEED)], "missing.txt: no such file"),
        (["diff", str(SEED), "notes.rtf"], "notes.rtf: cannot compare a .rtf file"),
        (["diff", str(SEED), str(SEED), "--document", "lease"], "no document 'lease'"),
        (["diff", str(SEED), str(SEED), "--context", "-1"], "--context: expected a number"),
    ],
)
def test_trouble_exits_2_with_a_sentence_and_no_traceback(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert message in err
    assert "Traceback" not in err


def test_an_invalid_term_sheet_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("effective_date: tomorrow\n", encoding="utf-8")
    assert main(["diff", str(bad), str(SEED)]) == 2
    assert "bad.yaml" in capsys.readouterr().err


def test_an_unwritable_output_exits_2(
    changed: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    code = main(["diff", str(SEED), str(changed), "--html", str(blocker / "x.html")])
    assert code == 2
    assert "Traceback" not in capsys.readouterr().err
