"""The DOCX writer: named styles, literal numbers, footers, bookmarks, tracked changes."""

from __future__ import annotations

import copy
import io
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import docx
import pypdf
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Inches, Pt
from docx.text.paragraph import Paragraph as DocxParagraph
from lxml import etree

from generator.errors import RenderError
from generator.model import (
    Block,
    Document,
    Heading,
    Legend,
    PageBreak,
    Paragraph,
    Run,
    SignatureBlock,
    Title,
)
from generator.normalize import tokens
from generator.writers import get_writer
from generator.writers.docx_base import template
from generator.writers.docx_body import bookmark_name
from tests.readback import NO_SOFFICE, docx_text, soffice_convert

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _agreement(**overrides: object) -> Document:
    blocks: tuple[Block, ...] = (
        Legend("EXHIBIT 10.3"),
        Title("INDEMNIFICATION AGREEMENT"),
        Paragraph(
            (Run('This Agreement is made by Acme Corp. (the "Company").'),), clause="preamble"
        ),
        Heading((Run("R E C I T A L S"),), clause="recitals"),
        Paragraph((Run("WHEREAS, the parties wish to agree."),), clause="recitals"),
        Paragraph(
            (
                Run("Definitions.", underline=True),
                Run(" Terms used in the Company's by-laws have "),
                Run("their ", clauses=("defined_terms",)),
                Run("defined", bold=True, clauses=("defined_terms", "inner")),
                Run(" meanings", clauses=("defined_terms",)),
                Run(", except as set out below."),
            ),
            clause="definitions",
            number="1.",
        ),
        Paragraph(
            (Run("Survival.", underline=True), Run(" This survives for three (3) years.")),
            clause="survival",
            number="(a)",
        ),
        PageBreak(),
        Paragraph(
            (Run("IN WITNESS WHEREOF, the parties have signed."),),
            clause="signatures",
            indent="none",
            keep_with_next=True,
        ),
        SignatureBlock("ACME CORP.", "/s/ JANE ROE", by=True, name="Jane Roe", title="President"),
        SignatureBlock(None, None, name="John Doe"),
    )
    fields: dict[str, object] = {
        "id": "indemnification",
        "title": "Indemnification Agreement",
        "blocks": blocks,
        "page_label": "F-2-{page}",
        "metadata": {"subject": "Acme Corp.", "date": "2006-10-31", "author": "A. Lawyer"},
    }
    fields.update(overrides)
    return Document(**fields)  # type: ignore[arg-type]


def _open(document: Document) -> docx.document.Document:
    return docx.Document(io.BytesIO(get_writer("docx")(document)))


def test_page_is_letter_with_one_inch_margins() -> None:
    section = _open(_agreement()).sections[0]
    assert (section.page_width, section.page_height) == (Inches(8.5), Inches(11))
    for side in (section.left_margin, section.right_margin, section.top_margin):
        assert side == Inches(1)
    assert section.bottom_margin == Inches(1)


def test_blocks_use_named_styles() -> None:
    opened = _open(_agreement())
    assert [p.style.name for p in opened.paragraphs] == [
        "Exhibit Legend",
        "Title",
        "Body Text",
        "Heading 1",
        "Body Text",
        "Body Text",
        "Body Text",
        "Body Text Flush",
        "Signature Party",
        "Signature Line",
        "Signature Details",
        "Signature Details",
        "Signature Line Plain",
        "Signature Block",
    ]
    styles = opened.styles
    assert styles["Normal"].font.name == "Times New Roman"
    assert styles["Normal"].font.size == Pt(12)
    body = styles["Body Text"].paragraph_format
    assert body.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert body.first_line_indent == Inches(0.5)
    assert [t.position for t in body.tab_stops] == [Inches(1)]
    for name in ("Title", "Heading 1"):
        assert styles[name].paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER
        assert styles[name].paragraph_format.keep_with_next
    outline = styles["Heading 1"].element.find(f"{qn('w:pPr')}/{qn('w:outlineLvl')}")
    assert outline is not None and outline.get(qn("w:val")) == "0"
    for builtin in ("Title", "Heading 1", "Body Text", "Footer"):
        assert styles[builtin].builtin, builtin
    assert not styles["Exhibit Legend"].builtin
    assert styles["Section Heading"].font.underline
    assert styles["Signature Block"].paragraph_format.left_indent == Inches(3.25)


def test_defaults_name_times_new_roman_without_theme_fonts() -> None:
    opened = _open(_agreement())
    fonts = opened.styles.element.find(
        f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:rFonts')}"
    )
    assert {fonts.get(qn(f"w:{a}")) for a in ("ascii", "hAnsi", "cs", "eastAsia")} == {
        "Times New Roman"
    }
    assert not any("Theme" in key or "theme" in key for key in fonts.attrib)


def test_runs_carry_no_direct_formatting_but_the_models_marks() -> None:
    opened = _open(_agreement())
    allowed_ppr = {qn("w:pStyle"), qn("w:keepNext"), qn("w:pageBreakBefore")}
    for paragraph in opened.paragraphs:
        ppr = paragraph._p.pPr
        assert {child.tag for child in ppr} <= allowed_ppr
        for run in paragraph.runs:
            rpr = run._r.rPr
            marks = set() if rpr is None else {child.tag for child in rpr}
            assert marks <= {qn("w:rStyle"), qn("w:b")}, (paragraph.text, marks)
    caption = opened.paragraphs[5].runs[1]
    assert caption.text == "Definitions." and caption.style.name == "Section Heading"
    bold = [r for r in opened.paragraphs[5].runs if r.bold]
    assert [r.text for r in bold] == ["defined"]


def test_section_numbers_are_literal_text_and_a_tab() -> None:
    paragraphs = _open(_agreement()).paragraphs
    assert paragraphs[5].text.startswith("1.\tDefinitions. Terms used in the Company\u2019s")
    assert paragraphs[6].text.startswith("(a)\tSurvival.")


def test_body_text_equals_the_document_tokens() -> None:
    document = _agreement()
    assert tokens(docx_text(_open(document))) == tokens(document.text)


def test_footer_is_label_around_a_page_field_and_page_one_is_bare() -> None:
    section = _open(_agreement(number_first_page=False)).sections[0]
    assert section.different_first_page_header_footer
    footer = section.footer.paragraphs[0]
    assert footer.style.name == "Footer"
    assert footer.text.startswith("F-2-")
    instructions = [e.text.strip() for e in footer._p.iter(qn("w:instrText"))]
    assert instructions == ["PAGE"]
    kinds = [e.get(qn("w:fldCharType")) for e in footer._p.iter(qn("w:fldChar"))]
    assert kinds == ["begin", "separate", "end"]
    assert section.first_page_footer.paragraphs[0].text == ""


def test_numbered_first_page_uses_the_same_footer() -> None:
    section = _open(_agreement(page_label="{page}", number_first_page=True)).sections[0]
    assert not section.different_first_page_header_footer
    footer = section.footer.paragraphs[0]
    assert [e.text.strip() for e in footer._p.iter(qn("w:instrText"))] == ["PAGE"]
    assert footer.text == "1"  # the field's cached result; Word and LibreOffice recompute it


def test_signature_blocks_keep_together_and_with_the_lead_in() -> None:
    opened = _open(_agreement())
    paragraphs = opened.paragraphs
    lead_in = paragraphs[7]
    assert lead_in.paragraph_format.keep_with_next
    assert lead_in.paragraph_format.page_break_before
    first_block, second_block = paragraphs[8:12], paragraphs[12:14]
    for block in (first_block, second_block):
        for paragraph in block:
            assert _effective(paragraph, "keep_together")
        assert [_effective(p, "keep_with_next") for p in block] == [True] * (len(block) - 1) + [
            False
        ]


def _effective(paragraph: DocxParagraph, name: str) -> bool:
    """Return a paragraph property as Word applies it: direct, else from the style chain."""
    value = getattr(paragraph.paragraph_format, name)
    style = paragraph.style
    while value is None and style is not None:
        value = getattr(style.paragraph_format, name)
        style = style.base_style
    return bool(value)


def test_signature_lines_read_like_the_txt() -> None:
    paragraphs = _open(_agreement()).paragraphs
    assert paragraphs[9].text == "By:\t/s/ JANE ROE\t"
    assert paragraphs[9].runs[1].style.name == "Signature Rule"
    assert paragraphs[12].text == "\t"  # a blank line to sign on


def _tab_stops(paragraph: DocxParagraph) -> list[int]:
    """Return the tab stops in force in `paragraph`, in twips: its style chain's, then its own."""
    chain = []
    style = paragraph.style
    while style is not None:
        chain.insert(0, style.element)
        style = style.base_style
    stops: set[int] = set()
    for element in [*chain, paragraph._p]:
        ppr = element.find(qn("w:pPr"))
        for tab in [] if ppr is None else ppr.iterfind(f"{qn('w:tabs')}/{qn('w:tab')}"):
            position = int(tab.get(qn("w:pos")))
            if tab.get(qn("w:val")) == "clear":
                stops.discard(position)
            else:
                stops.add(position)
    return sorted(stops)


def test_a_signature_rule_reaches_the_margin_with_or_without_by() -> None:
    paragraphs = _open(_agreement()).paragraphs
    right = int(Inches(6.5).twips)
    # After "By:" a tab to the 3/8-inch stop, then the rule to the right margin.
    assert _tab_stops(paragraphs[9]) == [int(Inches(3.625).twips), right]
    # Without "By:" the rule's one tab runs from the block's indent to the right margin, not to
    # the stop that follows "By:" (which left a stub of a line to sign on).
    assert _tab_stops(paragraphs[12]) == [right]


def _bookmarked_text(opened: docx.document.Document) -> dict[str, str]:
    """Return bookmark name -> the text between its start and its end, in body order."""
    body = opened.element.body
    names: dict[str, str] = {}
    open_ids: set[str] = set()
    texts: dict[str, list[str]] = {}
    for element in body.iter():
        tag = etree.QName(element).localname
        if tag == "bookmarkStart":
            names[element.get(qn("w:id"))] = element.get(qn("w:name"))
            open_ids.add(element.get(qn("w:id")))
            texts[element.get(qn("w:id"))] = []
        elif tag == "bookmarkEnd":
            open_ids.discard(element.get(qn("w:id")))
        elif tag in ("t", "tab", "p"):
            piece = element.text or "" if tag == "t" else " " if tag == "tab" else "\n"
            for bookmark in open_ids:
                texts[bookmark].append(piece)
    assert not open_ids, "every bookmark ends"
    return {names[i]: "".join(parts) for i, parts in texts.items()}


def test_every_clause_is_bookmarked_around_its_words() -> None:
    document = _agreement()
    marked = _bookmarked_text(_open(document))
    assert sorted(marked) == sorted(document.clauses)
    for clause in document.clauses:
        assert tokens(marked[clause]) == tokens(document.clause(clause).text), clause
    assert tokens(marked["inner"]) == ["defined"]
    assert tokens(marked["defined_terms"]) == ["their", "defined", "meanings"]


def test_bookmark_names_follow_words_rules() -> None:
    assert bookmark_name("survival_period") == "survival_period"
    odd = bookmark_name("3-year survival")
    assert odd.startswith("c_3_year_survival_") and len(odd) <= 40
    long = bookmark_name("x" * 60)
    assert len(long) == 40 and long != bookmark_name("x" * 61)
    assert bookmark_name("a-b") != bookmark_name("a_b")


def test_core_properties_come_from_the_metadata() -> None:
    properties = _open(_agreement()).core_properties
    assert properties.title == "Indemnification Agreement"
    assert properties.subject == "Acme Corp."
    assert properties.author == "A. Lawyer"
    # The agreement's date is not when the file was made: no creation date is claimed...
    assert properties.created is None and properties.modified is None
    # ...unless the document says when it was made (a redline does).
    made = _agreement()
    made = replace(made, metadata={**made.metadata, "created": "2026-11-22T07:30:00Z"})
    properties = _open(made).core_properties
    assert properties.created == properties.modified == datetime(2026, 11, 22, 7, 30, tzinfo=UTC)


def test_an_empty_document_still_has_a_paragraph() -> None:
    opened = _open(_agreement(blocks=()))
    assert len(opened.paragraphs) == 1 and opened.paragraphs[0].text == ""


def test_base_package_is_built_once() -> None:
    assert template() is template()


def test_unprintable_characters_and_bad_dates_are_render_errors() -> None:
    with pytest.raises(RenderError, match="cannot write"):
        get_writer("docx")(_agreement(blocks=(Paragraph((Run("bell \x07 here"),)),)))
    with pytest.raises(RenderError, match="not an ISO date"):
        get_writer("docx")(_agreement(metadata={"date": "31 October 2006"}))


# -- tracked changes ---------------------------------------------------------------------------


def _redline() -> Document:
    blocks: tuple[Block, ...] = (
        Title("INDEMNIFICATION AGREEMENT"),
        Paragraph(
            (
                Run("Survival.", underline=True),
                Run(" The obligations survive for "),
                Run("three (3)", change="delete"),
                Run("five (5)", change="insert"),
                Run(" years."),
            ),
            clause="survival",
            number="6.",
        ),
        Paragraph(
            (Run("Notices.", underline=True, change="insert"), Run(" New.", change="insert")),
            clause="notices",
            number="7.",
        ),
        Paragraph((Run("Old paragraph going away.", change="delete"),), clause="old", number="8."),
        Heading((Run("NEW HEADING", change="insert"),)),
        Paragraph((Run("Unchanged closing words."),)),
    )
    return Document(
        id="indemnification",
        title="Indemnification Agreement",
        blocks=blocks,
        metadata={"date": "2006-11-02", "author": "Reviewer"},
    )


def _side(document: Document, dropped: str) -> list[list[str]]:
    """Return the token lists of the paragraphs that remain when `dropped` runs go away."""
    out: list[list[str]] = []
    for block in document.blocks:
        if isinstance(block, Paragraph | Heading):
            kept = [r for r in block.runs if r.change != dropped]
            if not kept:
                continue
            number = block.number + " " if isinstance(block, Paragraph) and block.number else ""
            out.append(tokens(number + "".join(r.text for r in kept)))
        elif isinstance(block, Title | Legend):
            out.append(tokens(block.text))
    return out


def _resolve(body: etree._Element, accept: bool) -> list[list[str]]:
    """Apply Word's accept-all (or reject-all) to a copy of `body`; return paragraph tokens."""
    body = copy.deepcopy(body)
    gone, kept = ("del", "ins") if accept else ("ins", "del")
    for p in body.iter(qn("w:p")):
        for wrapper in p.findall(qn(f"w:{gone}")):
            p.remove(wrapper)
        for wrapper in p.findall(qn(f"w:{kept}")):
            for child in list(wrapper):
                wrapper.addprevious(child)
            p.remove(wrapper)
    out: list[list[str]] = []
    carried = ""
    for p in body.findall(qn("w:p")):
        text = carried + _text(p)
        mark = p.find(f"{qn('w:pPr')}/{qn('w:rPr')}")
        if mark is not None and mark.find(qn(f"w:{gone}")) is not None:
            carried = text  # the paragraph mark goes: this text joins the next paragraph
            continue
        carried = ""
        out.append(tokens(text))
    return out


def _text(p: etree._Element) -> str:
    """Return the text of the runs left in `p` (deleted text counts: it is what is left)."""
    pieces = []
    for element in p.iter(qn("w:t"), qn("w:delText"), qn("w:tab")):
        if element.getparent().tag == qn("w:r"):
            pieces.append("\t" if element.tag == qn("w:tab") else element.text or "")
    return "".join(pieces)


def test_redline_runs_are_tracked_changes() -> None:
    body = _open(_redline()).element.body
    inserted = body.findall(f".//{qn('w:ins')}")
    deleted = body.findall(f".//{qn('w:del')}")
    assert inserted and deleted
    ids = [e.get(qn("w:id")) for e in inserted + deleted]
    ids += [e.get(qn("w:id")) for e in body.iter(qn("w:bookmarkStart"))]
    assert len(ids) == len(set(ids))
    for change in inserted + deleted:
        assert change.get(qn("w:author")) == "Reviewer"
        assert change.get(qn("w:date")) == "2006-11-02T00:00:00Z"
    for change in deleted:
        if change.getparent().tag == qn("w:p"):
            assert change.find(f".//{qn('w:t')}") is None
            assert change.find(f".//{qn('w:delText')}") is not None


def test_whole_paragraph_changes_mark_the_paragraph_mark() -> None:
    paragraphs = _open(_redline()).element.body.findall(qn("w:p"))
    marks = []
    for p in paragraphs:
        rpr = p.find(f"{qn('w:pPr')}/{qn('w:rPr')}")
        marks.append(None if rpr is None else etree.QName(rpr[0]).localname)
    assert marks == [None, None, "ins", "del", "ins", None]


def test_accept_all_gives_the_new_text_and_reject_all_the_old() -> None:
    document = _redline()
    body = _open(document).element.body
    assert _resolve(body, accept=True) == _side(document, dropped="delete")
    assert _resolve(body, accept=False) == _side(document, dropped="insert")


def test_redline_without_metadata_falls_back_to_docgen_and_now() -> None:
    document = Document(
        id="x", title="X", blocks=(Paragraph((Run("new", change="insert"),)),), metadata={}
    )
    before = datetime.now(UTC).replace(microsecond=0)
    change = _open(document).element.body.find(f".//{qn('w:ins')}")
    assert change.get(qn("w:author")) == "docgen"
    stamp = datetime.fromisoformat(change.get(qn("w:date")))
    assert before <= stamp <= datetime.now(UTC)


# -- LibreOffice -------------------------------------------------------------------------------


@pytest.mark.skipif(NO_SOFFICE, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_opens_and_converts_it(tmp_path: Path) -> None:
    document = _agreement()
    source = tmp_path / "agreement.docx"
    source.write_bytes(get_writer("docx")(document))
    reader = pypdf.PdfReader(soffice_convert(source, "pdf", tmp_path))
    assert len(reader.pages) == 2  # the page break before the signatures
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert tokens(text) == tokens(document.text)
