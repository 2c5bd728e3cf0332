"""Readers: .txt, .docx, .pdf and .html into the document model, and their errors."""

from __future__ import annotations

import io
import logging
import os
import re
import struct
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from lxml import etree

from generator import readers
from generator.assembly import assemble
from generator.errors import SourceError
from generator.model import Heading, Legend, PageBreak, Paragraph, SignatureBlock, Title
from generator.normalize import Folding, tokens
from generator.readers import read_document, read_docx, read_pdf, read_text, text_document
from tests.conftest import ROOT, SEED, SOURCES
from tests.readback import NO_SOFFICE, docx_package, docx_parts, soffice_convert

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


# -- text ------------------------------------------------------------------------------------


@pytest.mark.parametrize("document_id", sorted(SOURCES))
def test_filed_texts_read_with_their_words(document_id: str) -> None:
    doc = read_text(SOURCES[document_id])
    text = SOURCES[document_id].read_text(encoding="utf-8")
    assert tokens(doc.text) == tokens(text)
    assert doc.id == SOURCES[document_id].stem
    assert all(isinstance(b, Paragraph) and "\n" not in b.text for b in doc.blocks)


def test_a_paragraph_cut_by_a_page_break_is_joined() -> None:
    doc = read_text(SOURCES["indemnification"])
    section_4 = [b.text for b in doc.blocks if b.text.startswith("4. ")]
    assert len(section_4) == 1
    assert "Indemnified Parties (provided such counsel" in section_4[0]
    assert not any(b.text in ("<PAGE>", "2") for b in doc.blocks)


def test_a_title_is_not_joined_across_its_rule_line() -> None:
    doc = read_text(SOURCES["indemnification"])
    assert [b.text for b in doc.blocks[:2]] == ["EXHIBIT 10.3", "INDEMNIFICATION AGREEMENT"]


_OPENING = "The parties to this Agreement, each of whom signs below, agree to the following terms"


@pytest.mark.parametrize(
    ("foot", "joined"),
    [
        ("and conditions, which shall bind their successors and assigns from the date", True),
        ("/s/ JANE Q. DOE, PRESIDENT AND CHIEF EXECUTIVE OFFICER OF ACME HOLDINGS", False),
        ("Chief Executive Officer", False),
    ],
)
def test_a_block_that_ends_at_the_foot_of_a_page_is_not_joined_to_the_next(
    foot: str, joined: bool
) -> None:
    # A page's last line that ends no sentence was always taken for a paragraph the page
    # break cut: a signature line or a signatory's title took in the next page's first
    # paragraph. A line that fills the page's width still runs on.
    text = f"{_OPENING}\n{foot}\n\n2\n<PAGE>\n\nhereof.\n"
    read = [b.text for b in text_document(text, "t").blocks]
    assert read == ([f"{_OPENING} {foot} hereof."] if joined else [f"{_OPENING} {foot}", "hereof."])


def test_keeping_furniture_keeps_page_markers_as_paragraphs() -> None:
    doc = read_text(SOURCES["indemnification"], folding=Folding(furniture=False))
    assert "<PAGE>" in [b.text for b in doc.blocks]


def test_keeping_whitespace_keeps_line_breaks() -> None:
    doc = text_document("one\n  two\n\nthree", "t", folding=Folding(whitespace=False))
    assert [b.text for b in doc.blocks] == ["one\n  two", "three"]


def test_a_letter_spaced_heading_is_a_paragraph_of_its_own() -> None:
    """Folded only as a line of its own, it must not be joined to the lines around it."""
    doc = text_document("Intro para.\nR E C I T A L S\nWHEREAS x.\n", "t")
    assert [b.text for b in doc.blocks] == ["Intro para.", "R E C I T A L S", "WHEREAS x."]
    assert tokens(doc.text) == ["Intro", "para", ".", "RECITALS", "WHEREAS", "x", "."]
    kept = text_document("Intro.\nR E C\n", "t", folding=Folding(letter_spacing=False))
    assert [b.text for b in kept.blocks] == ["Intro. R E C"]


def test_a_text_with_a_paragraph_a_line_reads_as_the_same_words() -> None:
    """LibreOffice's plain-text export: no blank lines, the heading letter-spaced."""
    model = assemble("indemnification", SEED)
    one_a_line = text_document("\n".join(b.text for b in model.blocks), "t")
    blank_lines = text_document("\n\n".join(b.text for b in model.blocks), "t")
    assert tokens(one_a_line.text) == tokens(blank_lines.text) == tokens(model.text)
    assert "RECITALS" in tokens(one_a_line.text)


def test_joining_hyphens_joins_words_broken_across_lines_of_a_paragraph() -> None:
    doc = text_document("The indemni-\n  fication here.", "t", folding=Folding(hyphenation=True))
    assert [b.text for b in doc.blocks] == ["The indemnification here."]
    kept = text_document("The indemni-\nfication here.", "t")
    assert tokens(kept.text) == ["The", "indemni", "-", "fication", "here", "."]


def test_a_text_too_long_to_compare_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(readers, "_MAX_CHARS", 100)
    long = tmp_path / "long.txt"
    long.write_text("word " * 21, encoding="utf-8")
    with pytest.raises(SourceError, match=r"long\.txt: has more than 100 characters of text"):
        read_document(long)
    short = tmp_path / "short.txt"
    short.write_text("word " * 19, encoding="utf-8")
    assert len(read_document(short).blocks) == 1


def test_text_errors_name_the_file(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match=r"missing\.txt: no such file"):
        read_document(tmp_path / "missing.txt")
    latin = tmp_path / "latin.txt"
    latin.write_bytes("caf\xe9".encode("latin-1"))
    with pytest.raises(SourceError, match=r"latin\.txt: is not UTF-8 text"):
        read_document(latin)
    empty = tmp_path / "empty.txt"
    empty.write_text("\n<PAGE>\n 3\n", encoding="utf-8")
    with pytest.raises(SourceError, match=r"empty\.txt: has no text"):
        read_document(empty)
    with pytest.raises(SourceError, match=r"a\.rtf: cannot compare a \.rtf file"):
        read_document(tmp_path / "a.rtf")
    (tmp_path / "folder.txt").mkdir()
    with pytest.raises(SourceError, match=r"folder\.txt: is a folder"):
        read_document(tmp_path / "folder.txt")


# -- docx ------------------------------------------------------------------------------------


def _write(tmp_path: Path, document: docx.document.Document, name: str = "t.docx") -> Path:
    path = tmp_path / name
    document.save(str(path))
    return path


def test_docx_reads_body_order_with_tables(tmp_path: Path) -> None:
    d = docx.Document()
    d.add_paragraph("First paragraph.")
    table = d.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "Left cell"
    table.cell(0, 1).text = "Right cell"
    d.add_paragraph("Last paragraph.")
    doc = read_docx(_write(tmp_path, d))
    assert [b.text for b in doc.blocks] == [
        "First paragraph.",
        "Left cell",
        "Right cell",
        "Last paragraph.",
    ]


def _tracked(tmp_path: Path) -> Path:
    d = docx.Document()
    p = d.add_paragraph("Keep ")
    body = p._p
    ins = etree.SubElement(body, f"{{{W}}}ins", {f"{{{W}}}id": "1", f"{{{W}}}author": "A"})
    run = etree.SubElement(ins, f"{{{W}}}r")
    etree.SubElement(run, f"{{{W}}}t").text = "added"
    dele = etree.SubElement(body, f"{{{W}}}del", {f"{{{W}}}id": "2", f"{{{W}}}author": "A"})
    run = etree.SubElement(dele, f"{{{W}}}r")
    etree.SubElement(run, f"{{{W}}}delText").text = " removed"
    gone = d.add_paragraph()
    rpr = etree.SubElement(gone._p.get_or_add_pPr(), f"{{{W}}}rPr")
    etree.SubElement(rpr, f"{{{W}}}del", {f"{{{W}}}id": "3", f"{{{W}}}author": "A"})
    dele = etree.SubElement(gone._p, f"{{{W}}}del", {f"{{{W}}}id": "4", f"{{{W}}}author": "A"})
    run = etree.SubElement(dele, f"{{{W}}}r")
    etree.SubElement(run, f"{{{W}}}delText").text = "A deleted paragraph."
    d.add_paragraph("Next.")
    return _write(tmp_path, d)


def test_docx_tracked_changes_are_read_as_accepted(tmp_path: Path) -> None:
    doc = read_docx(_tracked(tmp_path))
    assert [b.text for b in doc.blocks] == ["Keep added", "Next."]


def test_a_docx_s_own_tracked_changes_are_noted_as_read_accepted(tmp_path: Path) -> None:
    # A counterparty's file still holding an earlier round's tracked changes was compared
    # as if they were accepted, and nothing said so: its pending deletions read as agreed.
    from generator.redline import diff

    tracked = _tracked(tmp_path)
    clean = tmp_path / "clean.docx"
    d = docx.Document()
    d.add_paragraph("Keep added")
    d.add_paragraph("Next.")
    d.save(str(clean))
    assert read_docx(tracked).metadata["tracked changes"] == "4"
    assert "tracked changes" not in read_docx(clean).metadata
    redline = diff(clean, tracked)
    assert redline.is_empty
    assert redline.notes == (
        f"{tracked} holds 4 tracked changes, which the redline reads as accepted",
    )


def test_docx_keeps_marks_numbers_and_bookmarked_clauses(tmp_path: Path) -> None:
    d = docx.Document()
    p = d.add_paragraph()
    p.add_run("6.\t")
    p.add_run("Survival.").underline = True
    p.add_run(" Plain ")
    p.add_run("bold").bold = True
    start = etree.Element(f"{{{W}}}bookmarkStart", {f"{{{W}}}id": "7", f"{{{W}}}name": "survival"})
    p._p.insert(1, start)
    p._p.append(etree.Element(f"{{{W}}}bookmarkEnd", {f"{{{W}}}id": "7"}))
    (block,) = read_docx(_write(tmp_path, d)).blocks
    assert isinstance(block, Paragraph)
    assert (block.number, block.clause) == ("6.", "survival")
    assert [(r.text, r.underline, r.bold) for r in block.runs] == [
        ("Survival.", True, False),
        (" Plain ", False, False),
        ("bold", False, True),
    ]


def test_docx_marks_come_from_character_styles_too(tmp_path: Path) -> None:
    from docx.enum.style import WD_STYLE_TYPE

    d = docx.Document()
    base = d.styles.add_style("Quiet Heading", WD_STYLE_TYPE.CHARACTER)
    base.font.underline = True
    base.font.bold = True
    loud = d.styles.add_style("Loud Heading", WD_STYLE_TYPE.CHARACTER)
    loud.base_style = base  # underlined and bold from its base ...
    loud.font.italic = True  # ... italic of its own
    p = d.add_paragraph()
    p.add_run("Survival.", style="Loud Heading")
    p.add_run(" plain ")
    p.add_run("unbolded", style="Quiet Heading").bold = False  # the run's own setting wins
    (block,) = read_docx(_write(tmp_path, d)).blocks
    assert [(r.text, r.bold, r.italic, r.underline) for r in block.runs] == [
        ("Survival.", True, True, True),
        (" plain ", False, False, False),
        ("unbolded", False, False, True),
    ]


def test_a_generated_docx_keeps_its_underlined_headings(tmp_path: Path) -> None:
    from generator.writers import get_writer

    model = assemble("indemnification", SEED)
    path = tmp_path / "seed.docx"
    path.write_bytes(get_writer("docx")(model))
    underlined = [
        r.text for b in read_docx(path).blocks for r in getattr(b, "runs", ()) if r.underline
    ]
    assert underlined[:3] == ["Definitions.", "Indemnification.", "Notice of Claims."]


def test_a_generated_docx_reads_back_with_its_blocks_and_clauses(tmp_path: Path) -> None:
    from generator.writers import get_writer

    model = assemble("indemnification", SEED)
    path = tmp_path / "seed.docx"
    path.write_bytes(get_writer("docx")(model))
    doc = read_docx(path)
    assert tokens(doc.text) == tokens(model.text)
    assert doc.clauses == model.clauses
    assert isinstance(doc.blocks[0], Legend) and isinstance(doc.blocks[1], Title)
    assert any(isinstance(b, Heading) and b.clause == "recitals" for b in doc.blocks)
    survival = doc.clause("survival").blocks[0]
    assert isinstance(survival, Paragraph) and survival.number == "6."


@pytest.mark.parametrize("signatures", ["conformed", "blank"])
@pytest.mark.parametrize("sheet", ["nhtc-2006", "beta-three-parties"])
def test_a_generated_docx_reads_back_its_signature_blocks_and_page_breaks(
    tmp_path: Path, sheet: str, signatures: str
) -> None:
    # Read as plain paragraphs, a redline against this DOCX lost the signature layout and
    # the tabs of its lines to sign, and "IN WITNESS" its page break and keep-with-next.
    from generator.testing import variant
    from generator.writers import get_writer

    base = variant(ROOT / "variables" / f"{sheet}.yaml", {"signatures": signatures})
    for document_id in ("indemnification", "release"):
        model = assemble(document_id, base)
        path = tmp_path / f"{document_id}.docx"
        path.write_bytes(get_writer("docx")(model))
        read = read_docx(path).blocks
        wanted = [b for b in model.blocks if isinstance(b, SignatureBlock)]
        assert [b for b in read if isinstance(b, SignatureBlock)] == wanted
        assert sum(isinstance(b, PageBreak) for b in read) == sum(
            isinstance(b, PageBreak) for b in model.blocks
        )
        kept = [b.text for b in model.blocks if isinstance(b, Paragraph) and b.keep_with_next]
        assert [b.text for b in read if isinstance(b, Paragraph) and b.keep_with_next] == kept


def _breaks_as_typed(data: bytes) -> bytes:
    """Return a generated DOCX with each ``w:pageBreakBefore`` written as LibreOffice saves it:
    a ``w:br w:type="page"`` at the end of the paragraph before."""
    parts = docx_parts(data)
    root = etree.fromstring(parts["word/document.xml"])
    for flag in list(root.iter(f"{{{W}}}pageBreakBefore")):
        paragraph = flag.getparent().getparent()
        flag.getparent().remove(flag)
        run = etree.SubElement(paragraph.getprevious(), f"{{{W}}}r")
        etree.SubElement(run, f"{{{W}}}br").set(f"{{{W}}}type", "page")
    parts["word/document.xml"] = etree.tostring(root)
    return docx_package(parts)


def test_a_page_break_typed_as_a_break_is_read_as_one(tmp_path: Path) -> None:
    # A generated DOCX saved again by LibreOffice (or a page break typed in Word, Ctrl+Enter)
    # holds its page breaks as w:br w:type="page" in a paragraph: they were read as spaces, so
    # the redline laid out from it ran the signature page on after the last section.
    from generator.writers import get_writer

    model = assemble("indemnification", SEED)  # the signature page starts a page
    path = tmp_path / "typed.docx"
    path.write_bytes(_breaks_as_typed(get_writer("docx")(model)))
    read = read_docx(path).blocks
    wanted = [k for k, b in enumerate(model.blocks) if isinstance(b, PageBreak)]
    assert wanted
    assert [k for k, b in enumerate(read) if isinstance(b, PageBreak)] == wanted


def test_a_page_break_in_a_paragraph_of_its_own_or_mid_text(tmp_path: Path) -> None:
    d = docx.Document()
    d.add_paragraph("Signed.")
    d.add_paragraph().add_run().add_break(docx.enum.text.WD_BREAK.PAGE)  # Word's Ctrl+Enter
    d.add_paragraph("SCHEDULE A")
    mid = d.add_paragraph("Before")
    mid.add_run().add_break(docx.enum.text.WD_BREAK.PAGE)
    mid.add_run("after.")
    starts = d.add_paragraph()
    starts.add_run().add_break(docx.enum.text.WD_BREAK.PAGE)
    starts.add_run("Schedule B.")
    blocks = read_docx(_write(tmp_path, d)).blocks
    assert [type(b).__name__ if isinstance(b, PageBreak) else b.text for b in blocks] == [
        "Signed.",
        "PageBreak",
        "SCHEDULE A",
        "Before after.",  # a break inside the text cannot part the paragraph: a space
        "PageBreak",
        "Schedule B.",
    ]


@pytest.mark.skipif(NO_SOFFICE, reason="LibreOffice (soffice) is not installed")
def test_a_generated_docx_saved_again_by_libreoffice_keeps_its_page_breaks(
    tmp_path: Path,
) -> None:
    from generator.writers import get_writer

    model = assemble("indemnification", SEED)
    source = tmp_path / "indemnification.docx"
    source.write_bytes(get_writer("docx")(model))
    saved = soffice_convert(source, "docx:MS Word 2007 XML", tmp_path / "saved")
    read = read_docx(saved).blocks
    wanted = [k for k, b in enumerate(model.blocks) if isinstance(b, PageBreak)]
    assert wanted
    assert [k for k, b in enumerate(read) if isinstance(b, PageBreak)] == wanted


def test_hidden_text_is_read_as_not_there(tmp_path: Path) -> None:
    # Word neither shows nor prints hidden text (w:vanish), set on a run, by a character or
    # paragraph style, or on a paragraph mark (the paragraph then runs on into the next). A
    # character style that says nothing of it ("Strong") leaves hidden what its paragraph's
    # style hides.
    d = docx.Document()
    secret = d.styles.add_style("Secret", docx.enum.style.WD_STYLE_TYPE.CHARACTER)
    secret.font.hidden = True
    aside = d.styles.add_style("Aside", docx.enum.style.WD_STYLE_TYPE.PARAGRAPH)
    aside.font.hidden = True
    p = d.add_paragraph("Kept ")
    p.add_run("hidden by the run ").font.hidden = True
    p.add_run("hidden by its style ", style="Secret")
    shown = p.add_run("shown though its style hides ", style="Secret")
    shown.font.hidden = False
    p.add_run("and kept.")
    d.add_paragraph("A drafting note, ", style="Aside").add_run("in bold.", style="Strong")
    run_in = d.add_paragraph("Heading. ")
    mark = etree.SubElement(run_in._p.get_or_add_pPr(), f"{{{W}}}rPr")
    etree.SubElement(mark, f"{{{W}}}vanish")
    d.add_paragraph("Its text.")
    read = read_docx(_write(tmp_path, d))
    assert [b.text for b in read.blocks] == [
        "Kept shown though its style hides and kept.",
        "Heading. Its text.",
    ]
    assert read.metadata["hidden words"] == "13"


def test_docx_hyphens_that_are_elements_keep_their_characters(tmp_path: Path) -> None:
    document = docx.Document()
    run = document.add_paragraph().add_run("by")
    etree.SubElement(run._r, f"{{{W}}}noBreakHyphen")
    etree.SubElement(run._r, f"{{{W}}}t").text = "laws"
    (paragraph,) = read_docx(_write(tmp_path, document)).blocks
    assert paragraph.text == "by\u2011laws"


def _ticked(tmp_path: Path, name: str, *symbols: tuple[str, str]) -> Path:
    """Write a .docx whose one paragraph reads "Approved:" and then `symbols` (font, code),
    each a ``w:sym`` as Word's Insert Symbol writes it."""
    document = docx.Document()
    run = document.add_paragraph("Approved: ").add_run()
    for font, code in symbols:
        etree.SubElement(run._r, f"{{{W}}}sym", {f"{{{W}}}font": font, f"{{{W}}}char": code})
    return _write(tmp_path, document, name)


def test_docx_symbols_read_as_their_characters(tmp_path: Path) -> None:
    # Word's check box from Wingdings, a Symbol-font bullet stored without its F000 and a
    # section sign taken from a text font were dropped: the paragraph read "Approved:".
    # A glyph of a font with no table here is kept by its code, and named for a note.
    path = _ticked(
        tmp_path,
        "t.docx",
        ("Wingdings", "F0FE"),
        ("Symbol", "00B7"),
        ("Times New Roman", "00A7"),
        ("Wingdings 2", "f052"),
    )
    read = read_docx(path)
    assert [b.text for b in read.blocks] == ["Approved: ☑•§\uf052"]
    assert read.metadata["unknown symbols"] == "Wingdings 2 F052"


def test_a_ticked_box_is_a_change_and_an_unknown_symbol_a_note(tmp_path: Path) -> None:
    from generator.redline import diff

    empty = _ticked(tmp_path, "empty.docx", ("Wingdings", "F0A8"))
    ticked = _ticked(tmp_path, "ticked.docx", ("Wingdings", "F0FE"))
    redline = diff(empty, ticked)
    assert [(c.old, c.new) for c in redline.changes] == [("◻", "☑")]
    assert redline.notes == ()
    other = _ticked(tmp_path, "other.docx", ("Wingdings 2", "F052"))
    redline = diff(ticked, other)
    assert "{+[U+F052]+}" in redline.write("txt").decode()  # not a blank a terminal prints
    assert redline.notes == (
        f"{other} holds symbols whose characters the redline does not know (Wingdings 2 "
        "F052): it compares them by their codes",
    )


@pytest.mark.parametrize("name", ["sources", "old.docx"])
def test_a_folder_is_not_a_document(tmp_path: Path, name: str) -> None:
    (tmp_path / name).mkdir()
    with pytest.raises(SourceError, match=rf"{re.escape(name)}: is a folder; give the file"):
        read_document(tmp_path / name)


def test_a_docx_whose_xml_lxml_refuses_is_unreadable(tmp_path: Path) -> None:
    deep = b"<w:p>" * 300 + b"x" + b"</w:p>" * 300  # past lxml's depth limit
    body = (
        b'<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
        b'wordprocessingml/2006/main"><w:body>' + deep + b"</w:body></w:document>"
    )
    path = tmp_path / "deep.docx"
    path.write_bytes(_repack(_docx_bytes(), "word/document.xml", body))
    with pytest.raises(SourceError, match=r"deep\.docx: is not a Word document .* depth"):
        read_document(path)


_W_NS = b'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


@pytest.mark.parametrize(
    ("part", "xml"),
    [
        ("[Content_Types].xml", b"<x/>"),
        ("_rels/.rels", b"<x/>"),
        ("word/_rels/document.xml.rels", b"<x/>"),
        ("word/document.xml", b"<x/>"),
        ("word/document.xml", b"<w:document " + _W_NS + b"/>"),  # no body
        ("word/document.xml", b"<w:styles " + _W_NS + b"/>"),  # another part's root
        ("docProps/core.xml", b"<x/>"),
    ],
)
def test_a_docx_part_that_is_not_what_word_holds_there_is_unreadable(
    tmp_path: Path, part: str, xml: bytes
) -> None:
    path = tmp_path / "odd.docx"
    path.write_bytes(_repack(_docx_bytes(), part, xml))
    with pytest.raises(SourceError, match=r"odd\.docx: is not a Word document \(\.docx\) that"):
        read_document(path)


@pytest.mark.parametrize("kind", ["txt", "docx"])
def test_a_side_with_too_many_paragraphs_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    monkeypatch.setattr(readers, "_MAX_PARAGRAPHS", 3)
    path = tmp_path / f"many.{kind}"
    if kind == "txt":
        path.write_text("One.\n\nTwo.\n\nThree.\n\nFour.\n", encoding="utf-8")
    else:
        d = docx.Document()
        for _ in range(4):
            d.add_paragraph()  # empty ones count too: each is work to read
        d.save(str(path))
    with pytest.raises(SourceError, match=rf"many\.{kind}: has more than 3 paragraphs"):
        read_document(path)


def test_control_characters_are_shown_not_obeyed(tmp_path: Path) -> None:
    # An escape sequence in a counterparty's text could hide an inserted clause on a terminal.
    hidden = "fees.\x1b[8m The Releasor waives every claim.\x1b[28m\x07\x7f\x9b"
    path = tmp_path / "h.txt"
    path.write_text(hidden + "\n\nNext\tpage.\n", encoding="utf-8")
    doc = read_document(path)
    assert [b.text for b in doc.blocks] == [
        "fees.␛[8m The Releasor waives every claim.␛[28m␇␡�",
        "Next page.",  # a tab keeps its meaning
    ]
    d = docx.Document()
    d.add_paragraph("CSI \x9b and DEL \x7f")  # the controls XML allows
    (block,) = read_docx(_write(tmp_path, d)).blocks
    assert block.text == "CSI � and DEL ␡"


def test_a_named_pipe_with_no_writer_is_read_as_empty_not_waited_on(tmp_path: Path) -> None:
    pipe = tmp_path / "pipe.txt"
    os.mkfifo(pipe)
    with pytest.raises(SourceError, match=r"pipe\.txt: has no text to compare"):
        read_document(pipe)


def test_docx_errors_name_the_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"not a zip")
    with pytest.raises(SourceError, match=r"bad\.docx: is not a Word document"):
        read_document(bad)
    with pytest.raises(SourceError, match=r"none\.docx: no such file"):
        read_document(tmp_path / "none.docx")
    empty = tmp_path / "empty.docx"
    docx.Document().save(str(empty))
    with pytest.raises(SourceError, match=r"empty\.docx: the Word document has no text"):
        read_document(empty)


def _docx_bytes() -> bytes:
    d = docx.Document()
    d.add_paragraph("The only paragraph.")
    buffer = io.BytesIO()
    d.save(buffer)
    return buffer.getvalue()


def _repack(raw: bytes, part: str, data: bytes) -> bytes:
    """Return the .docx `raw` with `part` holding `data` (deflated)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(raw)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            body = data if info.filename == part else src.read(info.filename)
            dst.writestr(info.filename, body, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def test_a_docx_zip_bomb_is_refused_before_it_is_inflated(tmp_path: Path) -> None:
    raw = _docx_bytes()
    with zipfile.ZipFile(io.BytesIO(raw)) as package:
        body = package.read("word/document.xml")
    padding = b"<!--" + b" " * (21 * 1024 * 1024) + b"-->"
    bomb = tmp_path / "bomb.docx"
    bomb.write_bytes(_repack(raw, "word/document.xml", body.replace(b"?>", b"?>" + padding, 1)))
    assert bomb.stat().st_size < 1024 * 1024  # small on disk: only the unpacked size tells
    with pytest.raises(
        SourceError, match=r"bomb\.docx: the document's text part unpacks to more than 20 MB"
    ):
        read_document(bomb)
    styles = tmp_path / "styles.docx"
    styles.write_bytes(_repack(raw, "word/styles.xml", padding))
    with pytest.raises(SourceError, match=r"styles\.docx: its part word/styles\.xml unpacks"):
        read_document(styles)


def test_a_docx_part_whose_header_understates_its_size_is_refused(tmp_path: Path) -> None:
    """The size a header states is not trusted: the part is read no further than it says."""
    raw = bytearray(_docx_bytes())
    name = b"word/document.xml"
    entry = raw.index(b"PK\x01\x02")  # the central directory's first entry
    while raw[entry + 46 : entry + 46 + len(name)] != name:
        entry = raw.index(b"PK\x01\x02", entry + 4)
    struct.pack_into("<I", raw, entry + 24, 10)  # the central directory's uncompressed size
    liar = tmp_path / "liar.docx"
    liar.write_bytes(bytes(raw))
    with pytest.raises(SourceError, match=r"liar\.docx: is not a Word document"):
        read_document(liar)


# -- pdf -------------------------------------------------------------------------------------


def test_pdf_text_is_read_in_paragraphs(tmp_path: Path) -> None:
    from generator.writers import get_writer

    model = assemble("release", SEED)
    path = tmp_path / "release.pdf"
    path.write_bytes(get_writer("pdf")(model))
    doc = read_pdf(path)
    assert tokens(doc.text) == tokens(model.text)
    assert len(doc.blocks) > 5


_SCHEDULE = (
    "Schedule A lists the Indemnified Parties, who are the officers and directors of the "
    "Company as of the date hereof and from time to time thereafter."
)


def test_a_pdf_page_after_the_signatures_is_not_joined_to_the_last_signature(
    tmp_path: Path,
) -> None:
    # The agreement's signature page ends "/s/ MARK D. WOODBURN", which ends no sentence: the
    # page break after it was taken for one that cut a paragraph, and a schedule on the next
    # page was read as the rest of the signature line. A schedule added after the signatures
    # then read as the last signatory's block deleted and inserted again: four changes for one.
    from dataclasses import replace

    from generator.model import Run
    from generator.redline import diff
    from generator.writers import get_writer

    model = assemble("indemnification", SEED)
    schedule = Paragraph(runs=(Run(_SCHEDULE),))
    path = tmp_path / "scheduled.pdf"
    path.write_bytes(
        get_writer("pdf")(replace(model, blocks=(*model.blocks, PageBreak(), schedule)))
    )
    *_, signatures, last = read_pdf(path).blocks
    assert signatures.text.endswith("/s/ MARK D. WOODBURN")
    assert last.text == _SCHEDULE
    redline = diff(SEED, path, "indemnification")
    assert [(c.kind, c.new) for c in redline.changes] == [("insert", _SCHEDULE)]


@pytest.mark.parametrize(
    ("document_id", "starts", "runs_on"),
    [
        ("indemnification", "4. Assumption of Defense.", "of its choice to represent the"),
        ("release", "In the event that any one", "remainder of the Release shall not"),
    ],
)
def test_a_pdf_paragraph_cut_by_a_page_break_is_joined(
    tmp_path: Path, document_id: str, starts: str, runs_on: str
) -> None:
    # Each of these paragraphs runs from the foot of page 1 to the top of page 2: its last
    # line on page 1 fills the line, as the last line before a signature's page break does not.
    from generator.writers import get_writer

    path = tmp_path / f"{document_id}.pdf"
    path.write_bytes(get_writer("pdf")(assemble(document_id, SEED)))
    (paragraph,) = [b.text for b in read_pdf(path).blocks if b.text.startswith(starts)]
    assert runs_on in " ".join(paragraph.split())


def test_pdf_errors_name_the_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"%PDF-1.4 garbage")
    with pytest.raises(SourceError, match=r"bad\.pdf: "):
        read_document(bad)
    blank = tmp_path / "blank.pdf"
    blank.write_bytes(_blank_pdf(1))
    with pytest.raises(SourceError, match=r"blank\.pdf: the PDF has no text"):
        read_document(blank)


def _blank_pdf(pages: int) -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(612, 792)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def test_a_pdf_with_too_many_pages_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "thick.pdf"
    path.write_bytes(_blank_pdf(3))
    monkeypatch.setattr(readers, "_MAX_PDF_PAGES", 2)
    with pytest.raises(SourceError, match=r"thick\.pdf: the PDF has 3 pages; at most 2"):
        read_document(path)


def _release_pdf() -> bytes:
    from generator.writers import get_writer

    return get_writer("pdf")(assemble("release", SEED))


@pytest.mark.parametrize(
    ("name", "make", "limit"),
    [("wordy.docx", _docx_bytes, 10), ("release.pdf", _release_pdf, 100)],
    ids=["docx", "pdf"],
)
def test_a_document_with_too_much_text_is_refused(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    name: str,
    make: Callable[[], bytes],
    limit: int,
) -> None:
    path = tmp_path / name
    path.write_bytes(make())
    monkeypatch.setattr(readers, "_MAX_CHARS", limit)
    expected = rf"{re.escape(name)}: has more than {limit} characters of text"
    with pytest.raises(SourceError, match=expected):
        read_document(path)


def test_a_pdf_pypdf_fails_on_in_its_own_code_is_unreadable(tmp_path: Path) -> None:
    # An unknown filter on a page's streams makes pypdf raise NotImplementedError, not one of
    # its errors. The object and cross-reference streams keep theirs, so the file still opens.
    def damage(stream: re.Match[bytes]) -> bytes:
        head = stream.group()
        if b"/ObjStm" in head or b"/XRef" in head:
            return head
        return head.replace(b"/FlateDecode", b"/FlateDecodX")  # same length: offsets hold

    damaged = re.sub(rb"<<[^>]*/Filter /FlateDecode[^>]*>>", damage, _release_pdf())
    path = tmp_path / "damaged.pdf"
    path.write_bytes(damaged)
    with pytest.raises(SourceError, match=r"damaged\.pdf: is not a readable PDF \(NotImpl"):
        read_document(path)


@pytest.mark.parametrize(
    "junk", [b"\x89PNG\r\n\x1a\n" + b"x" * 64, b"%PDF-1.4\n1 0 obj<<>>endobj\n"]
)
def test_pypdf_says_nothing_of_its_own_about_a_bad_pdf(
    junk: bytes, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "junk.pdf"
    path.write_bytes(junk)
    pypdf_logger = logging.getLogger("pypdf")
    level = pypdf_logger.level
    with caplog.at_level(logging.DEBUG), pytest.raises(SourceError, match=r"junk\.pdf: "):
        read_document(path)
    assert [r.getMessage() for r in caplog.records if r.name.startswith("pypdf")] == []
    assert pypdf_logger.level == level  # silenced while reading only


def test_docx_core_properties_under_libreoffices_relationship_name_are_read(
    tmp_path: Path,
) -> None:
    # python-docx knows only the second edition's name of the relationship, and answered a
    # file LibreOffice saved with a default part: every hunk was headed "Word Document".
    d = docx.Document()
    d.add_paragraph("The only paragraph.")
    d.core_properties.title = "Indemnification Agreement"
    d.core_properties.author = "Counsel"
    buffer = io.BytesIO()
    d.save(buffer)
    with zipfile.ZipFile(buffer) as package:
        rels = package.read("_rels/.rels")
    libreoffice = rels.replace(
        b"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties",
        b"http://schemas.openxmlformats.org/officedocument/2006/relationships/metadata/"
        b"core-properties",
    )
    assert libreoffice != rels
    path = tmp_path / "lo.docx"
    path.write_bytes(_repack(buffer.getvalue(), "_rels/.rels", libreoffice))
    read = read_docx(path)
    assert (read.title, read.metadata.get("author")) == ("Indemnification Agreement", "Counsel")


def test_docx_bookmarks_copied_or_never_ended_mark_no_strange_clause(tmp_path: Path) -> None:
    d = docx.Document()
    for k, (text, name, end) in enumerate(
        (
            ("Survival text.", "survival", True),
            ("Copied survival text.", "survival_Copy_1", True),  # LibreOffice's name for a copy
            ("Recitals text.", "recitals", False),  # its end deleted with a paragraph
            ("Later text.", None, False),
            ("A copy left open.", "survival_Copy_2", False),  # takes no clause from the first
        )
    ):
        p = d.add_paragraph()
        if name:
            start = etree.SubElement(p._p, f"{{{W}}}bookmarkStart")
            start.set(f"{{{W}}}id", str(k))
            start.set(f"{{{W}}}name", name)
        p.add_run(text)
        if name and end:
            etree.SubElement(p._p, f"{{{W}}}bookmarkEnd").set(f"{{{W}}}id", str(k))
    blocks = read_docx(_write(tmp_path, d)).blocks
    assert [b.clause for b in blocks] == ["survival", "survival", None, None, None]


@pytest.mark.parametrize(
    ("start", "what"),
    [
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504),
            r"a Word 97-2003 .* password-protected \.docx",
        ),
        (
            b"PK\x03\x04" + bytes(26) + b"mimetypeapplication/vnd.oasis.opendocument.text",
            r"an OpenDocument text \(\.odt\)",
        ),
    ],
)
def test_a_doc_or_an_odt_named_docx_is_named_for_what_it_is(
    tmp_path: Path, start: bytes, what: str
) -> None:
    path = tmp_path / "returned.docx"
    path.write_bytes(start)
    with pytest.raises(SourceError, match=rf"returned\.docx: is {what}, not a Word document"):
        read_document(path)


@pytest.mark.parametrize(
    ("part", "declared", "use", "which"),
    [
        # Read without its entities, "&c; paragraph" lost its whole run's text: a redline then
        # reported deleted words the file holds.
        ("word/document.xml", b'<!DOCTYPE w:document [<!ENTITY c "Evil Corp">]>',
         (b"The only paragraph.", b"&c; paragraph."), "main"),
        # python-docx serializes its own copy of this part, without the declaration: the check
        # reads the part's bytes from the package.
        ("docProps/core.xml", b"<!DOCTYPE x>", (b"", b""), "core properties"),
    ],
    ids=["main", "core"],
)  # fmt: skip
def test_a_docx_part_declaring_a_document_type_is_unreadable(
    tmp_path: Path, part: str, declared: bytes, use: tuple[bytes, bytes], which: str
) -> None:
    raw = _docx_bytes()
    with zipfile.ZipFile(io.BytesIO(raw)) as package:
        xml = package.read(part)
    head, rest = xml.split(b"?>", 1)
    path = tmp_path / "dtd.docx"
    path.write_bytes(_repack(raw, part, head + b"?>" + declared + rest.replace(*use)))
    with pytest.raises(SourceError, match=rf"its {which} part declares a document type"):
        read_document(path)


def _one_page_pdf(content: bytes) -> bytes:
    """Return a PDF of one page drawn by `content` (deflated), in Helvetica."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(zlib.compress(content))
        + zlib.compress(content)
        + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return out


def test_a_pdf_page_of_megabytes_of_drawing_is_refused_before_it_is_read(tmp_path: Path) -> None:
    # 65 KB on disk, 21 MB of "(word ...) Tj" once inflated: extracting took 11 minutes.
    bomb = b"BT /F1 12 Tf 72 700 Td " + b"(word word word word word ) Tj " * 100_000 + b"ET"
    path = tmp_path / "bomb.pdf"
    path.write_bytes(_one_page_pdf(bomb))
    with pytest.raises(SourceError, match=r"bomb\.pdf: page 1 of the PDF holds 3\.0 MB of draw"):
        read_document(path)


def test_extracting_a_pdf_is_bounded_in_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The clock is looked at before each drawing instruction, a form's included: a small page
    # that draws one large form again and again is stopped too.
    path = tmp_path / "slow.pdf"
    path.write_bytes(_one_page_pdf(b"BT /F1 12 Tf 72 700 Td (Some words.) Tj ET"))
    assert read_document(path).text.strip() == "Some words."
    monkeypatch.setattr(readers, "_PDF_SECONDS", 0.0)
    with pytest.raises(SourceError, match=r"slow\.pdf: extracting the PDF's text took more than"):
        read_document(path)


# -- HTML ----------------------------------------------------------------------------------


@pytest.mark.parametrize("document_id", ["indemnification", "release"])
def test_the_html_writers_page_reads_as_the_same_words_as_the_txt(
    tmp_path: Path, document_id: str
) -> None:
    # `docgen diff o/release.html o/release.txt` said "cannot compare a .html file": the tool
    # could not read its own HTML.
    from generator import diff
    from generator.writers import get_writer

    document = assemble(document_id, SEED)
    page, text, word = (tmp_path / f"{document_id}.{f}" for f in ("html", "txt", "docx"))
    for path in (page, text, word):
        path.write_bytes(get_writer(path.suffix[1:])(document))
    read = read_document(page)
    assert read.id == document_id and read.title == document.title
    assert tokens(read.text) == tokens(document.text)
    assert diff(page, text).is_empty
    assert diff(page, SEED).is_empty
    assert diff(page, word).is_empty  # real paragraphs both: a split or a join would show


def test_an_html_page_is_read_as_its_paragraphs_and_no_more(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(
        '<!DOCTYPE html [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        "<html><head><title>T</title><style>p { x: 1 }</style></head><body>"
        "<h1>Title</h1><p>one &b; two</p><p>line<br>break &amp; &#27;[31m red</p>"
        "<script>alert(1)</script><!-- a comment --><ul><li>item</li></ul>"
        '<div><p><span class="number">1.\t</span>Nested</p></div></body></html>',
        encoding="utf-8",
    )
    read = read_document(page)
    assert [b.text for b in read.blocks] == [
        "Title",
        "one &b; two",  # an entity the page declares is not expanded
        "line break & \u241b[31m red",  # a control character shown, as in every reader
        "item",
        "1. Nested",
    ]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"<html><head><title>x</title></head><body></body></html>", "has no text to compare"),
        (b"<p>\xff\xfe</p>", "is not UTF-8 HTML (byte 3 cannot be decoded)"),
    ],
)
def test_an_html_page_that_cannot_be_compared_is_one_line_saying_why(
    tmp_path: Path, content: bytes, message: str
) -> None:
    page = tmp_path / "page.htm"
    page.write_bytes(content)
    with pytest.raises(SourceError, match=re.escape(f"{page}: {message}")):
        read_document(page)


def test_an_html_page_of_too_many_paragraphs_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(readers, "_MAX_PARAGRAPHS", 3)
    page = tmp_path / "page.html"
    page.write_text("<p>a</p>" * 4, encoding="utf-8")
    with pytest.raises(SourceError, match="has more than 3 paragraphs"):
        read_document(page)
