"""Readers: .txt, .docx and .pdf into the document model, and their errors."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest
from lxml import etree

from generator.assembly import assemble
from generator.errors import SourceError
from generator.model import Heading, Legend, Paragraph, Title
from generator.normalize import Folding, tokens
from generator.readers import read_document, read_docx, read_pdf, read_text, text_document
from tests.conftest import SEED, SOURCES

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


def test_keeping_furniture_keeps_page_markers_as_paragraphs() -> None:
    doc = read_text(SOURCES["indemnification"], folding=Folding(furniture=False))
    assert "<PAGE>" in [b.text for b in doc.blocks]


def test_keeping_whitespace_keeps_line_breaks() -> None:
    doc = text_document("one\n  two\n\nthree", "t", folding=Folding(whitespace=False))
    assert [b.text for b in doc.blocks] == ["one\n  two", "three"]


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


# -- pdf -------------------------------------------------------------------------------------


def test_pdf_text_is_read_in_paragraphs(tmp_path: Path) -> None:
    from generator.writers import get_writer

    model = assemble("release", SEED)
    path = tmp_path / "release.pdf"
    path.write_bytes(get_writer("pdf")(model))
    doc = read_pdf(path)
    assert tokens(doc.text) == tokens(model.text)
    assert len(doc.blocks) > 5


def test_pdf_errors_name_the_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"%PDF-1.4 garbage")
    with pytest.raises(SourceError, match=r"bad\.pdf: "):
        read_document(bad)
    from pypdf import PdfWriter

    blank = tmp_path / "blank.pdf"
    writer = PdfWriter()
    writer.add_blank_page(612, 792)
    buffer = io.BytesIO()
    writer.write(buffer)
    blank.write_bytes(buffer.getvalue())
    with pytest.raises(SourceError, match=r"blank\.pdf: the PDF has no text"):
        read_document(blank)
