"""``docgen diff``: exit codes as diff(1), the terminal redline, the HTML and DOCX files."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from generator.cli import main
from tests.conftest import ROOT, SEED, SOURCES
from tests.readback import NO_SOFFICE, docx_package, docx_parts, soffice_convert
from tests.security.helpers import template_folder

_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def _texts(tmp_path: Path, old: str, new: str) -> tuple[Path, Path]:
    """Return two .txt files in `tmp_path` holding `old` and `new`."""
    paths = tmp_path / "old.txt", tmp_path / "new.txt"
    for path, text in zip(paths, (old, new), strict=True):
        path.write_text(text, encoding="utf-8")
    return paths


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
    out = capsys.readouterr().out
    assert "No differences" in out
    # It said no more: the reader could not tell which agreement had none.
    assert out.endswith(
        f"Note: {SEED} gives its General Release, the agreement whose words are closest to "
        f"{SOURCES['release']}'s (--document picks another)\n"
    )
    assert main(["diff", str(SOURCES["release"]), str(SEED), "--document", "release"]) == 0
    assert "Note:" not in capsys.readouterr().out


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


def test_next_door_changed_paragraphs_are_one_hunk_without_context(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old, new = _texts(tmp_path, "One a.\n\nTwo b.\n\nThree c.\n\nFour d.\n", "One x.\n\n"
                      "Two y.\n\nThree c.\n\nFour z.\n")  # fmt: skip
    main(["diff", str(old), str(new), "--context", "0"])
    hunks = capsys.readouterr().out.split("\n\nRedline of")[0].split("@@ new @@\n")[1:]
    assert hunks == ["One [-a-]{+x+}.\n\nTwo [-b-]{+y+}.\n\n", "Four [-d-]{+z+}."]


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
    # Names as reviewers type them: spaces and brackets are fine.
    html, docx = tmp_path / "Redline (Acme) v2.html", tmp_path / "Redline (Acme) v2.docx"
    args = ["diff", str(SEED), str(changed), "--document", "indemnification"]
    code = main([*args, "--html", str(html), "--docx", str(docx), "--author", "R. Eviewer"])
    assert code == 1
    captured = capsys.readouterr()
    assert f"wrote {html}" in captured.err and f"wrote {docx}" in captured.err
    assert "wrote" not in captured.out  # a piped redline holds the redline alone
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
    old, new = _texts(tmp_path, 'the "Company" agrees\n', "the “Company” agrees\n")
    assert main(["diff", str(old), str(new)]) == 0
    assert main(["diff", str(old), str(new), "--keep-quotes"]) == 1
    assert '[-"-]{+“+}Company' in capsys.readouterr().out


def test_keeping_whitespace_makes_line_wrapping_count(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old, new = _texts(tmp_path, "one two\nthree\n", "one two three\n")
    assert main(["diff", str(old), str(new)]) == 0
    assert main(["diff", str(old), str(new), "--keep-whitespace"]) == 1
    assert "two[-⏎-]{+·+}three" in capsys.readouterr().out


def test_a_no_break_space_and_a_lookalike_hyphen_show_for_what_they_are(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Printed raw, each mark would read the same on both sides of the change.
    old, new = _texts(tmp_path, "three (3) years under the by-laws\n", "three\u00a0(3) years "
                      "under the by\u2011laws\n")  # fmt: skip
    assert main(["diff", str(old), str(new), "--keep-quotes", "--keep-whitespace"]) == 1
    out = capsys.readouterr().out
    assert "three[-·-]{+°+}(3)" in out
    assert "[-by-laws-]{+by[U+2011]laws+}" in out


def test_a_space_between_two_clauses_of_one_change_is_a_plain_space(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # The separate-counsel sentence and the settlement sentence after it are two clauses, with
    # an unmarked space between them: deleted together, that space read "Parties.·No", as
    # though it were a change of spacing alone.
    from generator import diff

    acme = ROOT / "variables" / "acme-one-party.yaml"
    assert main(["diff", str(SEED), str(acme), "--document", "indemnification"]) == 1
    out = capsys.readouterr().out
    assert "Indemnifying Parties. No-]" in out
    text = diff(SEED, acme, "indemnification").write("txt").decode()
    assert "Indemnifying Parties. No-]" in text
    assert "Parties.\u00b7No" not in out + text


def test_spaces_at_a_changes_edges_print_plain_and_outside_its_marks(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # The deletion "... and (ii) " ends in a run of its own holding the space: shown
    # "(ii)·-]conduct", as though that space were a change of spacing alone. And the TXT read
    # "No-]{+ Party if the", the insertion's leading space inside its mark, where the terminal
    # printed "No-] {+Party if the".
    from generator import diff

    acme = ROOT / "variables" / "acme-one-party.yaml"
    assert main(["diff", str(SEED), str(acme), "--document", "indemnification"]) == 1
    out = capsys.readouterr().out
    text = diff(SEED, acme, "indemnification").write("txt").decode()
    for shown in (out, text):
        assert "(ii)-] conduct for which" in " ".join(shown.split())
        assert "\u00b7" not in shown  # no change of this pair is of spacing alone
        assert "Parties. No-] {+Party if the" in " ".join(shown.split())
        assert "{+ " not in shown and " +}" not in shown
        assert "[- " not in shown and " -]" not in shown


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["diff", "missing.txt", str(SEED)], "missing.txt: no such file"),
        (["diff", str(SEED), "notes.rtf"], "notes.rtf: cannot compare a .rtf file"),
        (
            ["diff", str(SEED), str(SEED), "--document", "lease"],
            "--document: there is no document 'lease'",
        ),
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


@pytest.mark.parametrize(
    ("outputs", "message"),
    [
        (["--html", "{old}"], "--html: {old} is OLD"),
        (["--docx", "{folder}/./new.txt"], "is NEW"),
        (["--html", "{folder}/x.out", "--docx", "{folder}/x.out"], "is also the --html file"),
        (["--html", "{folder}"], "is a folder"),
        (["--docx", "{folder}/later/"], "ends in a slash, so names a folder"),
    ],
)
def test_an_output_that_cannot_be_one_is_refused_before_comparing(
    outputs: list[str], message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old, new = _texts(tmp_path, "The Company agrees.\n", "The Company shall agree.\n")
    names = {"old": str(old), "folder": str(tmp_path)}
    argv = ["diff", str(old), str(new), *(o.format(**names) for o in outputs)]
    assert main(argv) == 2
    captured = capsys.readouterr()
    assert message.format(**names) in captured.err
    assert captured.out == ""  # refused before the comparison
    assert old.read_text(encoding="utf-8") == "The Company agrees.\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["new.txt", "old.txt"]


def test_both_outputs_in_one_folder_are_written_together(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old, new = _texts(tmp_path, "The Company agrees.\n", "The Company shall agree.\n")
    html, docx = tmp_path / "out" / "r.html", tmp_path / "out" / "r.docx"
    assert main(["diff", str(old), str(new), "--html", str(html), "--docx", str(docx)]) == 1
    assert html.is_file() and docx.is_file()
    assert capsys.readouterr().err.splitlines() == [f"wrote {html}", f"wrote {docx}"]


def test_a_letter_spaced_heading_without_blank_lines_is_no_change(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old, new = _texts(
        tmp_path,
        "Intro para.\nR E C I T A L S\nWHEREAS x.\n",
        "Intro para.\n\nR E C I T A L S\n\nWHEREAS x.\n",
    )
    assert main(["diff", str(old), str(new)]) == 0
    assert "No differences" in capsys.readouterr().out


@pytest.mark.skipif(NO_SOFFICE, reason="LibreOffice (soffice) is not installed")
def test_a_docx_against_libreoffices_text_export_of_it_is_no_change(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["render", str(SEED), "--out", str(tmp_path), "--format", "docx"]) == 0
    source = tmp_path / "indemnification.docx"
    text = soffice_convert(source, "txt:Text", tmp_path / "export")
    capsys.readouterr()
    assert main(["diff", str(source), str(text)]) == 0
    assert "No differences" in capsys.readouterr().out


def test_a_docx_zip_bomb_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import docx as python_docx

    buffer = io.BytesIO()
    python_docx.Document().save(buffer)
    bomb = tmp_path / "bomb.docx"
    with (
        zipfile.ZipFile(buffer) as src,
        zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "word/document.xml":
                data += b" " * (21 * 1024 * 1024)
            dst.writestr(info.filename, data)
    assert main(["diff", str(SOURCES["release"]), str(bomb)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"docgen: {bomb}: the document's text part unpacks to more than 20 MB")
    assert len(err.splitlines()) == 1


def _docgen(*args: str, **kwargs: object) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}  # as a user's shell may set it
    return subprocess.Popen(
        [sys.executable, "-m", "generator", *args],
        stderr=subprocess.PIPE,
        cwd=ROOT,
        env=env,
        **kwargs,  # type: ignore[call-overload]
    )


def test_a_bad_pdf_gets_one_line_and_nothing_from_pypdf(tmp_path: Path) -> None:
    junk = tmp_path / "junk.pdf"
    junk.write_bytes(b"\x89PNG\r\n\x1a\n" + b"x" * 64)
    proc = _docgen("diff", str(SOURCES["release"]), str(junk), stdout=subprocess.PIPE)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 2
    (line,) = err.decode().splitlines()  # pypdf's "invalid pdf header", "EOF marker" not shown
    assert line.startswith(f"docgen: {junk}: is not a readable PDF (")


@pytest.mark.skipif(not hasattr(os, "pipe") or sys.platform != "linux", reason="Linux pipes")
def test_a_reader_gone_mid_redline_ends_with_141(tmp_path: Path) -> None:
    """`docgen diff big big3 | head -1`: the pipe's reader leaves while the redline is written.

    With an unbuffered stdout, a long write that the pipe only partly takes was cut short
    without an error, and the command exited 1 as if all had been said.
    """
    import fcntl

    text = SOURCES["indemnification"].read_text(encoding="utf-8") * 20
    old, new = _texts(tmp_path, text, text.replace("Company", "Corporation", 1))
    read, write = os.pipe()
    try:
        fcntl.fcntl(write, fcntl.F_SETPIPE_SZ, 4096)  # far less than the redline
        proc = _docgen("diff", str(old), str(new), "--context", "100000", stdout=write)
    finally:
        os.close(write)
    try:
        first = os.read(read, 16)  # the redline has begun: the child is writing
    finally:
        os.close(read)
    _, err = proc.communicate(timeout=120)
    assert first.startswith(b"@@ ")
    assert proc.returncode == 141, err
    assert err == b""


@pytest.mark.parametrize("author", ["Bob\x07", "", "x" * 101, "two\nlines"])
def test_an_author_that_cannot_be_written_is_a_usage_error(
    author: str, changed: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "r.docx"
    assert main(["diff", str(SEED), str(changed), "--docx", str(out), "--author", author]) == 2
    assert "argument --author: expected a name on one line" in capsys.readouterr().err
    assert not out.exists()


def test_an_author_without_a_file_to_carry_it_is_refused(
    changed: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The README's own example gave --author alone, which changed nothing.
    assert main(["diff", str(SEED), str(changed), "--author", "Reviewer"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "--author: only the --docx and --html redlines carry an author" in captured.err


# -- paragraphs: a change stays in its paragraph; a split or join is a change -----------------

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def _resolve(path: Path, action: str) -> list[str]:
    """Return the paragraphs (tabs included) of the DOCX at `path` after accept or reject all."""
    from tests.test_redline import resolve

    return resolve(path.read_bytes(), action)


def _docx_paragraphs(path: Path) -> list[str]:
    import docx as python_docx

    return [p.text for p in python_docx.Document(str(path)).paragraphs]


def test_a_change_across_a_paragraph_break_stays_in_each_paragraph(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """QA: 'The buyer pays the [-sellers. Each of the sellers-]{+seller.+}', and rejecting
    every change gave one paragraph, 'Each of the sellershas been advised by counsel.'"""
    old, new = _texts(
        tmp_path,
        "The buyer pays the sellers.\n\nEach of the sellers has been advised by counsel.\n",
        "The buyer pays the seller.\n\nThe seller has been advised by counsel.\n",
    )
    docx, html = tmp_path / "r.docx", tmp_path / "r.html"
    assert main(["diff", str(old), str(new), "--docx", str(docx), "--html", str(html)]) == 1
    out = capsys.readouterr().out
    assert "The buyer pays the [-sellers-]{+seller+}.\n" in out
    assert "\n[-Each of the sellers-]{+The seller+} has been advised by counsel.\n" in out
    assert _resolve(docx, "reject") == [
        "The buyer pays the sellers.",
        "Each of the sellers has been advised by counsel.",
    ]
    assert _resolve(docx, "accept") == [
        "The buyer pays the seller.",
        "The seller has been advised by counsel.",
    ]
    page = html.read_text(encoding="utf-8")
    assert "<del" in page and "sellers</del>" in page and "Each of the sellers</del>" in page


@pytest.mark.parametrize("document_id", ["indemnification", "release"])
def test_signature_blocks_stay_blocks_of_their_own(
    document_id: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """QA: the release's signature lines were deleted inside "Signed as of this ... day of
    ...", and accepting dropped NEW's blank signing lines ("By:\\t\\t" became "By:")."""
    acme = SEED.parent / "acme-one-party.yaml"
    docx = tmp_path / "r.docx"
    args = ["diff", str(SEED), str(acme), "--document", document_id, "--docx", str(docx)]
    assert main(args) == 1
    out = capsys.readouterr().out
    assert "[-/s/ TERRY L. LACORE-]\n" in out
    assert not any("Signed as of" in line and "LACORE" in line for line in out.splitlines())
    for side, action in ((SEED, "reject"), (acme, "accept")):
        assert main(["render", str(side), "--out", str(tmp_path / action), "--format", "docx"]) == 0
        plain = tmp_path / action / f"{document_id}.docx"
        assert _resolve(docx, action) == _resolve(plain, "accept")
    capsys.readouterr()
    signing_lines = [p for p in _resolve(docx, "accept") if p.endswith("\t")]
    assert signing_lines  # "By:\t\t" and the blank lines to sign on, as the writer lays them out


def _split_docx(tmp_path: Path) -> tuple[Path, Path]:
    """Return (a generated indemnification DOCX, a copy with section 4 split in two)."""
    import copy

    import docx as python_docx

    assert main(["render", str(SEED), "--out", str(tmp_path / "o"), "--format", "docx"]) == 0
    original = tmp_path / "o" / "indemnification.docx"
    edited = python_docx.Document(str(original))
    section = next(p for p in edited.paragraphs if p.text.startswith("4.\tAssumption"))
    text = section.text
    cut = text.index("). ") + 2
    second = copy.deepcopy(section._element)
    section._element.addnext(second)
    for element, part in ((section._element, text[:cut]), (second, text[cut + 1 :])):
        runs = element.findall(f"{W}r")
        for run in runs[1:]:
            run.getparent().remove(run)
        for child in [c for c in runs[0] if c.tag != f"{W}rPr"]:
            runs[0].remove(child)
        for k, piece in enumerate(part.split("\t")):  # the number's tab stays a w:tab
            if k:
                runs[0].append(runs[0].makeelement(f"{W}tab", {}))
            t = runs[0].makeelement(f"{W}t", {_XML_SPACE: "preserve"})
            t.text = piece
            runs[0].append(t)
    split = tmp_path / "split.docx"
    edited.save(str(split))
    return original, split


def test_a_paragraph_split_in_a_docx_is_shown_tracked_and_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """QA: "No differences in the words.", exit 0, nothing tracked."""
    original, split = _split_docx(tmp_path)
    capsys.readouterr()
    docx, html = tmp_path / "r.docx", tmp_path / "r.html"
    assert main(["diff", str(original), str(split), "--docx", str(docx), "--html", str(html)]) == 1
    out = capsys.readouterr().out
    assert "No differences" not in out
    assert "reasonably satisfactory to the Indemnified Parties).[-·-]{+⏎+}" in out
    assert "0 words inserted, 0 words deleted, 1 change" in out
    assert "<ins" in html.read_text(encoding="utf-8")
    halves = [
        p
        for p in _docx_paragraphs(split)
        if "Indemnifying Parties to represent" in p or p.startswith("4.\t")
    ]
    whole = next(p for p in _docx_paragraphs(original) if p.startswith("4.\t"))
    accepted, rejected = _resolve(docx, "accept"), _resolve(docx, "reject")
    at = accepted.index(halves[0])
    assert accepted[at + 1] == halves[1]
    assert rejected[at] == whole
    assert accepted[:at] == rejected[:at] and accepted[at + 2 :] == rejected[at + 1 :]
    # and back: the two paragraphs joined again
    assert main(["diff", str(split), str(original), "--docx", str(docx)]) == 1
    assert "[-⏎-]" in capsys.readouterr().out
    accepted, rejected = _resolve(docx, "accept"), _resolve(docx, "reject")
    assert accepted[at] == whole and rejected[at : at + 2] == halves
    assert accepted[:at] == rejected[:at] and accepted[at + 1 :] == rejected[at + 2 :]


def test_a_counterpartys_comments_are_noted_not_dropped_in_silence(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import docx

    assert main(["render", str(SEED), "--out", str(tmp_path), "--format", "docx"]) == 0
    capsys.readouterr()
    marked = docx.Document(str(tmp_path / "release.docx"))
    for paragraph in marked.paragraphs[5:7]:
        marked.add_comment(paragraph.runs, text="We cannot accept this.", author="Counsel")
    commented = tmp_path / "commented.docx"
    marked.save(str(commented))
    assert main(["diff", str(tmp_path / "release.docx"), str(commented)]) == 0
    out = capsys.readouterr().out
    assert "No differences in the words." in out
    assert f"Note: {commented} holds 2 comments, which the redline does not compare" in out


def test_a_counterpartys_header_and_footer_are_noted_where_they_differ(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A counterparty's copy marked "DRAFT" in its header, with "Execution Version" added to
    # the release's footer, read "No differences in the words." and nothing more: headers
    # and footers are parts of their own, which the redline did not read. A footer that
    # only labels the pages, as this tool writes one, is no news; a header both sides hold
    # alike is none either.
    import docx

    assert main(["render", str(SEED), "--out", str(tmp_path), "--format", "docx"]) == 0
    original = tmp_path / "release.docx"

    def marked(name: str, header: str, footer: str = "") -> Path:
        document = docx.Document(str(original))
        document.sections[0].header.paragraphs[0].text = header
        if footer:
            document.sections[0].footer.paragraphs[0].add_run(footer)
        path = tmp_path / name
        document.save(str(path))
        return path

    drafted = marked("drafted.docx", "DRAFT", " Execution Version")
    capsys.readouterr()
    assert main(["diff", str(original), str(drafted)]) == 0
    out = capsys.readouterr().out
    assert "No differences in the words." in out
    assert f'Note: {drafted} holds the header "DRAFT", which the redline does not compare' in out
    assert (
        f'Note: {drafted} holds the footer "F-2-{{page}} Execution Version", which the redline '
        "does not compare" in out
    )
    assert main(["diff", str(SEED), str(original), "--document", "release"]) == 0
    assert "Note:" not in capsys.readouterr().out
    final = marked("final.docx", "FINAL", " Execution Version")
    assert main(["diff", str(drafted), str(final)]) == 0
    out = capsys.readouterr().out
    assert (
        f'Note: {final} holds the header "FINAL" where {drafted} holds "DRAFT", which the '
        "redline does not compare" in out
    )
    assert "footer" not in out
    assert main(["diff", str(final), str(original)]) == 0  # the mark taken off again
    out = capsys.readouterr().out
    assert f'Note: {final} holds the header "FINAL", which the redline does not compare' in out


def test_term_sheets_are_compared_through_a_firms_own_templates(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    letter = (
        '<document id="letter" title="Letter">\n<para clause="notice">To {{ ip.names }}: '
        '{{ ip.the|capfirst }} {{ ip.verb("have") }} agreed.</para>\n</document>\n'
    )
    folder = template_folder(tmp_path, {"letter.xml.j2": letter})
    one, three = (
        ROOT / "variables" / f"{n}.yaml" for n in ("acme-one-party", "beta-three-parties")
    )
    args = ["diff", str(one), str(three), "--templates", str(folder), "--color", "never"]
    assert main(args) == 1
    out = capsys.readouterr().out
    assert "@@ Letter: notice @@" in out
    assert "The Indemnifying [-Party has-]{+Parties have+} agreed." in " ".join(out.split())
    assert main([*args, "--document", "indemnification"]) == 2
    err = capsys.readouterr().err
    assert f"there is no document 'indemnification'; the documents of {folder} are letter" in err
    assert (
        main(["diff", str(SOURCES["release"]), str(SOURCES["release"]), "--templates", str(folder)])
        == 2
    )
    assert "--templates: neither side is a term sheet" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("option", "name", "message"),
    [
        ("--docx", "redline.pdf", "ends in .pdf, but what is written there is a Word document"),
        ("--html", "redline.docx", "ends in .docx, but what is written there is an HTML page"),
    ],
)
def test_an_output_named_as_another_kind_of_file_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], option: str, name: str, message: str
) -> None:
    # "--docx redline.pdf" wrote a DOCX that no PDF reader would open, without a word.
    assert main(["diff", str(SEED), str(SEED), option, str(tmp_path / name)]) == 2
    assert message in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


_NOTES_PART = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<w:{kind}s xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    '<w:{kind} w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:{kind}>'
    '<w:{kind} w:id="1"><w:p><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p></w:{kind}>'
    "</w:{kind}s>"
)


def _with_note(source: Path, path: Path, kind: str, text: str, deleted: bool = False) -> Path:
    """Write to `path` the DOCX `source` with one footnote or endnote (`kind`) of `text`,
    referenced at the end of the paragraph on survival; `deleted`: the reference is inside a
    tracked deletion (an earlier round struck the note)."""
    from lxml import etree

    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    parts = docx_parts(source)
    root = etree.fromstring(parts["word/document.xml"])
    target = next(
        p
        for p in root.iter(f"{{{w}}}p")
        if "Survival." in "".join(t.text or "" for t in p.iter(f"{{{w}}}t"))
    )
    holder = target
    if deleted:
        holder = etree.SubElement(
            target, f"{{{w}}}del", {f"{{{w}}}id": "90", f"{{{w}}}author": "A"}
        )
    run = etree.SubElement(holder, f"{{{w}}}r")
    etree.SubElement(run, f"{{{w}}}{kind}Reference", {f"{{{w}}}id": "1"})
    parts["word/document.xml"] = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    parts[f"word/{kind}s.xml"] = _NOTES_PART.format(kind=kind, text=text).encode()
    content_type = f"application/vnd.openxmlformats-officedocument.wordprocessingml.{kind}s+xml"
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"</Types>",
        f'<Override PartName="/word/{kind}s.xml" ContentType="{content_type}"/></Types>'.encode(),
    )
    relationship = f"http://schemas.openxmlformats.org/officeDocument/2006/relationships/{kind}s"
    parts["word/_rels/document.xml.rels"] = parts["word/_rels/document.xml.rels"].replace(
        b"</Relationships>",
        f'<Relationship Id="rIdNote" Type="{relationship}" Target="{kind}s.xml"/>'
        "</Relationships>".encode(),
    )
    path.write_bytes(docx_package(parts))
    return path


@pytest.mark.parametrize("kind", ["footnote", "endnote"])
def test_a_counterpartys_footnote_is_noted_not_dropped_in_silence(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str
) -> None:
    # A footnote added to section 6 ("... shall not apply to claims of fraud") read as "No
    # differences in the words." with nothing more: its text is in a part the redline does
    # not read, and unlike a comment it was not even counted.
    assert main(["render", str(SEED), "--out", str(tmp_path), "--format", "docx"]) == 0
    original = tmp_path / "indemnification.docx"
    noted = _with_note(original, tmp_path / "noted.docx", kind, "Except for claims of fraud.")
    struck = _with_note(original, tmp_path / "struck.docx", kind, "Gone.", deleted=True)
    capsys.readouterr()
    assert main(["diff", str(original), str(noted)]) == 0
    out = capsys.readouterr().out
    assert "No differences in the words." in out
    assert f"Note: {noted} holds 1 {kind}, which the redline does not compare" in out
    assert main(["diff", str(noted), str(struck)]) == 0  # a reference struck is no note
    out = capsys.readouterr().out
    assert f"Note: {noted} holds 1 {kind}," in out
    assert f"Note: {struck} holds 1 {kind}" not in out
    assert f"Note: {struck} holds 1 tracked change, which the redline reads as accepted" in out


def test_a_counterpartys_embedded_document_is_noted_not_dropped_in_silence(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A schedule merged in as an embedded document (w:altChunk, HTML that Word turns into
    # paragraphs when it opens the file) gave "No differences in the words." and nothing
    # else: its text is in a part of its own, which the redline does not read.
    from lxml import etree

    assert main(["render", str(SEED), "--out", str(tmp_path), "--format", "docx"]) == 0
    original = tmp_path / "indemnification.docx"
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    r = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    parts = docx_parts(original)
    root = etree.fromstring(parts["word/document.xml"])
    body = root.find(f"{{{w}}}body")
    body.insert(len(body) - 1, etree.Element(f"{{{w}}}altChunk", {f"{{{r}}}id": "rIdChunk"}))
    parts["word/document.xml"] = etree.tostring(root)
    parts["word/schedule.htm"] = b"<html><body><p>Schedule A: the officers.</p></body></html>"
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"</Types>", b'<Override PartName="/word/schedule.htm" ContentType="text/html"/></Types>'
    )
    parts["word/_rels/document.xml.rels"] = parts["word/_rels/document.xml.rels"].replace(
        b"</Relationships>",
        f'<Relationship Id="rIdChunk" Type="{r}/aFChunk" Target="schedule.htm"/>'
        "</Relationships>".encode(),
    )
    chunked = tmp_path / "chunked.docx"
    chunked.write_bytes(docx_package(parts))
    capsys.readouterr()
    assert main(["diff", str(original), str(chunked)]) == 0
    out = capsys.readouterr().out
    assert "No differences in the words." in out
    assert f"Note: {chunked} holds 1 embedded document, which the redline does not compare" in out


def _hide(source: Path, path: Path, starts: str, mark: bool = True) -> Path:
    """Write to `path` the DOCX `source` with the runs of the paragraph that begins with
    `starts` hidden (``w:vanish``), and with `mark` its paragraph mark too."""
    from lxml import etree

    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    parts = docx_parts(source)
    root = etree.fromstring(parts["word/document.xml"])
    target = next(
        p
        for p in root.iter(f"{{{w}}}p")
        if "".join(
            "\t" if t.tag == f"{{{w}}}tab" else t.text or ""
            for t in p.iter(f"{{{w}}}t", f"{{{w}}}tab")
        ).startswith(starts)
    )
    holders = [r for r in target.iter(f"{{{w}}}r")]
    if mark:
        holders.append(target.find(f"{{{w}}}pPr"))
    for holder in holders:
        rpr = holder.find(f"{{{w}}}rPr")
        if rpr is None:
            rpr = etree.Element(f"{{{w}}}rPr")
            holder.insert(0 if holder.tag == f"{{{w}}}r" else len(holder), rpr)
        etree.SubElement(rpr, f"{{{w}}}vanish")
    parts["word/document.xml"] = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    path.write_bytes(docx_package(parts))
    return path


def test_a_clause_hidden_as_hidden_text_is_shown_deleted_with_a_note(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A counterparty's copy with section 5 formatted as hidden text (w:vanish): Word neither
    # shows nor prints it, yet the redline read its words and said "No differences in the
    # words." (exit 0) of an agreement that no longer holds the Contribution section.
    assert main(["render", str(SEED), "--out", str(tmp_path), "--format", "docx"]) == 0
    original = tmp_path / "indemnification.docx"
    hidden = _hide(original, tmp_path / "hidden.docx", "5.\tContribution.")
    capsys.readouterr()
    assert main(["diff", str(SEED), str(hidden), "--document", "indemnification"]) == 1
    out = capsys.readouterr().out
    assert "[-5. Contribution. If for any reason" in out
    assert "changed clauses: contribution" in out
    assert re.search(
        rf"Note: {re.escape(str(hidden))} holds \d+ words of hidden text, which Word neither "
        "shows nor prints: the redline reads them as not there",
        out,
    )
    assert main(["diff", str(original), str(original)]) == 0  # none hidden: no note
    assert "hidden text" not in capsys.readouterr().out


def test_a_counterpartys_text_box_is_noted_not_dropped_in_silence(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A text box drawn beside section 6 ("The survival period is subject to Schedule B.")
    # gave "No differences in the words." and nothing else: its paragraphs are inside a
    # drawing, which the reader does not read. Word saves it twice (the drawing and a VML
    # fallback): it is one text box.
    from lxml import etree

    assert main(["render", str(SEED), "--out", str(tmp_path), "--format", "docx"]) == 0
    original = tmp_path / "indemnification.docx"
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    box = (
        f'<w:r xmlns:w="{w}" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/'
        '2006" xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
        'xmlns:v="urn:schemas-microsoft-com:vml"><mc:AlternateContent><mc:Choice Requires="wps">'
        "<w:drawing><wps:txbx><w:txbxContent><w:p><w:r><w:t>Subject to Schedule B.</w:t></w:r>"
        "</w:p></w:txbxContent></wps:txbx></w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape>"
        "<v:textbox><w:txbxContent><w:p><w:r><w:t>Subject to Schedule B.</w:t></w:r></w:p>"
        "</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>"
    )
    parts = docx_parts(original)
    root = etree.fromstring(parts["word/document.xml"])
    next(root.iter(f"{{{w}}}p")).append(etree.fromstring(box))
    parts["word/document.xml"] = etree.tostring(root)
    boxed = tmp_path / "boxed.docx"
    boxed.write_bytes(docx_package(parts))
    capsys.readouterr()
    assert main(["diff", str(original), str(boxed)]) == 0
    out = capsys.readouterr().out
    assert f"Note: {boxed} holds 1 text box, which the redline does not compare" in out
