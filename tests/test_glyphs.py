"""The characters the PDF can show, and where a term sheet holds others."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.cli import main
from generator.errors import TermSheetError
from generator.glyphs import SURELY_COVERED, _covered, uncovered
from generator.render import render_bytes
from tests.conftest import SEED

SEED_TEXT = SEED.read_text(encoding="utf-8")
CJK = SEED_TEXT.replace("short_name: LaCore", "short_name: LaCore 株式会社", 1)


def test_every_printable_character_below_the_mark_is_in_every_face() -> None:
    # What lets a Latin term sheet skip loading the fonts at all.
    below = (chr(code) for code in range(0x20, ord(SURELY_COVERED)))
    assert [c for c in below if c.isprintable() and c not in _covered()] == []


def test_uncovered_lists_each_character_once() -> None:
    assert uncovered("Müller & Søn ΑΒΓ Жук שלום") == []
    assert uncovered("株式 株 🙂") == ["株", "式", "🙂"]


def test_a_value_the_pdf_cannot_show_is_a_problem_at_its_line_when_a_pdf_is_made(
    tmp_path: Path,
) -> None:
    sheet = tmp_path / "t.yaml"
    sheet.write_text(CJK, encoding="utf-8")
    assert render_bytes(sheet, ("txt",))  # other formats show any character
    with pytest.raises(TermSheetError) as info:
        render_bytes(sheet, ("pdf",))
    (problem,) = info.value.problems
    line = 1 + SEED_TEXT[: SEED_TEXT.index("short_name: LaCore")].count("\n")
    assert (problem.line, problem.field) == (line, "indemnitors.0.short_name")
    assert (
        "no glyph for '株' (U+682A), '式' (U+5F0F), '会' (U+4F1A), '社' (U+793E)" in problem.message
    )


def test_a_value_the_chosen_document_does_not_print_is_no_problem(tmp_path: Path) -> None:
    # A short name is printed in the indemnification agreement only (the release defines none).
    sheet = tmp_path / "t.yaml"
    text = SEED_TEXT.replace("short_name: LaCore", "short_name: 東京", 1)
    assert text != SEED_TEXT
    sheet.write_text(text, encoding="utf-8")
    assert render_bytes(sheet, ("pdf",), ["release"])["release.pdf"].startswith(b"%PDF")
    with pytest.raises(TermSheetError, match="short_name: the PDF's typeface"):
        render_bytes(sheet, ("pdf",), ["indemnification"])


def test_render_names_the_field_and_other_formats_still_render(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sheet = tmp_path / "cjk.yaml"
    sheet.write_text(CJK, encoding="utf-8")
    out = tmp_path / "out"
    assert main(["render", str(sheet), "--out", str(out), "--format", "txt,pdf"]) == 2
    assert ": indemnitors.0.short_name: the PDF's typeface" in capsys.readouterr().err
    assert not out.exists()
    assert main(["render", str(sheet), "--out", str(out), "--format", "txt,docx"]) == 0


def test_a_pipe_is_not_read_again_to_name_the_lines(tmp_path: Path) -> None:
    import os

    from generator.glyphs import locate_glyphs

    pipe = tmp_path / "sheet.yaml"
    os.mkfifo(pipe)  # no writer: opening it to read again would wait for ever
    assert locate_glyphs(pipe, {"株"}) == []
