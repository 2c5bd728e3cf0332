"""Word's automatic numbering: the labels a .docx side's list paragraphs print."""

from __future__ import annotations

import io
import re
from pathlib import Path

import docx
import pytest
from lxml import etree

from generator.assembly import assemble
from generator.docx_numbering import Numbering, format_number
from generator.readers import read_docx
from generator.redline import diff
from tests.conftest import SEED
from tests.readback import NO_SOFFICE, docx_package, docx_parts, soffice_convert

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_NUMBERING_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"
_NUMBERING_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering"

#: A legal outline as a firm's template defines it: "1." sections, "(a)" subsections, "(i)"
#: below them; the sub-levels restart under each section.
_OUTLINE = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    f'<w:numbering xmlns:w="{W}"><w:abstractNum w:abstractNumId="7">'
    '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
    '<w:lvlText w:val="%1."/></w:lvl>'
    '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/>'
    '<w:lvlText w:val="(%2)"/></w:lvl>'
    '<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="lowerRoman"/>'
    '<w:lvlText w:val="(%3)"/><w:suff w:val="space"/></w:lvl>'
    '<w:lvl w:ilvl="3"><w:start w:val="1"/><w:numFmt w:val="bullet"/>'
    '<w:lvlText w:val="\u2022"/></w:lvl>'
    '</w:abstractNum><w:num w:numId="3"><w:abstractNumId w:val="7"/></w:num></w:numbering>'
)


def _numbered(source: bytes, levels: dict[str, int]) -> bytes:
    """Return the DOCX `source` with the typed number of each paragraph that begins with a
    key of `levels` ("1.", "(a)") replaced by automatic numbering at that level (as a
    counterparty's Word leaves it when it turns typed numbers into a list)."""
    parts = docx_parts(source)
    root = etree.fromstring(parts["word/document.xml"])
    for p in root.iter(f"{{{W}}}p"):
        first = p.find(f"{{{W}}}r")
        t = None if first is None else first.find(f"{{{W}}}t")
        tab = None if t is None else t.getnext()
        if t is None or t.text not in levels or tab is None or tab.tag != f"{{{W}}}tab":
            continue
        first.remove(t)
        first.remove(tab)
        ppr = p.find(f"{{{W}}}pPr")
        if ppr is None:
            ppr = etree.Element(f"{{{W}}}pPr")
            p.insert(0, ppr)
        num = etree.SubElement(ppr, f"{{{W}}}numPr")
        etree.SubElement(num, f"{{{W}}}ilvl").set(f"{{{W}}}val", str(levels[t.text]))
        etree.SubElement(num, f"{{{W}}}numId").set(f"{{{W}}}val", "3")
    parts["word/document.xml"] = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    parts["word/numbering.xml"] = _OUTLINE.encode()
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"</Types>",
        f'<Override PartName="/word/numbering.xml" ContentType="{_NUMBERING_TYPE}"/>'
        "</Types>".encode(),
    )
    parts["word/_rels/document.xml.rels"] = parts["word/_rels/document.xml.rels"].replace(
        b"</Relationships>",
        f'<Relationship Id="rIdList" Type="{_NUMBERING_REL}" Target="numbering.xml"/>'
        "</Relationships>".encode(),
    )
    return docx_package(parts)


_SECTIONS = {f"{n}.": 0 for n in range(1, 10)} | {"(a)": 1, "(b)": 1}


def test_a_generated_docx_numbered_by_word_compares_equal_to_its_term_sheet(
    tmp_path: Path,
) -> None:
    # A counterparty's Word turned the typed "1." ... "6." and "(a)", "(b)" into automatic
    # numbering: the redline showed every number deleted ("[-1.-] Definitions."), though
    # the page prints the same numbers.
    from generator.writers import get_writer

    model = assemble("indemnification", SEED)
    path = tmp_path / "numbered.docx"
    path.write_bytes(_numbered(get_writer("docx")(model), _SECTIONS))
    read = read_docx(path)
    numbers = [getattr(b, "number", None) for b in read.blocks]
    assert [n for n in numbers if n] == ["1.", "(a)", "(b)", "2.", "3.", "4.", "5.", "6."]
    assert read.clause("survival").blocks[0].number == "6."  # type: ignore[union-attr]
    for sides in ((SEED, path), (path, SEED)):
        assert diff(*sides, "indemnification").is_empty


def _list_document(*items: tuple[str, int]) -> bytes:
    d = docx.Document()
    d.add_paragraph("Heading text.")
    for text, level in items:
        d.add_paragraph(f"{'(a)' if level == 1 else '1.'}\t{text}")
    return _numbered(_docx_bytes(d), {"1.": 0, "(a)": 1})


def _docx_bytes(document: docx.document.Document) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_levels_count_restart_and_print_as_their_formats(tmp_path: Path) -> None:
    path = tmp_path / "outline.docx"
    path.write_bytes(
        _list_document(("One.", 0), ("Sub.", 1), ("Sub.", 1), ("Two.", 0), ("Sub.", 1))
    )
    assert [b.text for b in read_docx(path).blocks] == [
        "Heading text.",
        "1. One.",
        "(a) Sub.",
        "(b) Sub.",
        "2. Two.",
        "(a) Sub.",
    ]


def test_a_style_s_numbering_counts_as_a_paragraph_s_own(tmp_path: Path) -> None:
    # python-docx's own template numbers "List Number" paragraphs through the style.
    d = docx.Document()
    for text in ("First item.", "Second item.", "Third item."):
        d.add_paragraph(text, style="List Number")
    d.add_paragraph("Plain.")
    path = tmp_path / "styled.docx"
    path.write_bytes(_docx_bytes(d))
    assert [b.text for b in read_docx(path).blocks] == [
        "1. First item.",
        "2. Second item.",
        "3. Third item.",
        "Plain.",
    ]


def test_bullets_and_numbering_without_definitions_add_no_words(tmp_path: Path) -> None:
    d = docx.Document()
    d.add_paragraph("Dotted.", style="List Bullet")
    p = d.add_paragraph("Undefined list.")
    num = etree.SubElement(p._p.get_or_add_pPr(), f"{{{W}}}numPr")
    etree.SubElement(num, f"{{{W}}}numId").set(f"{{{W}}}val", "99")
    path = tmp_path / "bullets.docx"
    path.write_bytes(_docx_bytes(d))
    assert [b.text for b in read_docx(path).blocks] == ["Dotted.", "Undefined list."]


@pytest.mark.parametrize(
    ("n", "fmt", "shown"),
    [
        (4, "decimal", "4"),
        (4, "decimalZero", "04"),
        (28, "lowerLetter", "bb"),
        (3, "upperLetter", "C"),
        (14, "lowerRoman", "xiv"),
        (9, "upperRoman", "IX"),
        (2, "ordinal", "2nd"),
        (12, "chineseCounting", "12"),  # a format not known: its figures
    ],
)
def test_numbers_print_as_word_prints_each_format(n: int, fmt: str, shown: str) -> None:
    assert format_number(n, fmt) == shown


@pytest.mark.skipif(NO_SOFFICE, reason="LibreOffice (soffice) is not installed")
def test_the_labels_read_are_those_libreoffice_prints(tmp_path: Path) -> None:
    # LibreOffice's text export prints a list paragraph's label before its text.
    path = tmp_path / "outline.docx"
    path.write_bytes(_list_document(("One.", 0), ("Sub.", 1), ("Two.", 0), ("Sub.", 1)))
    text = soffice_convert(path, "txt:Text (encoded):UTF8", tmp_path).read_text("utf-8-sig")
    printed = [re.sub(r"\s+", " ", line).strip() for line in text.splitlines() if line.strip()]
    assert printed == [b.text for b in read_docx(path).blocks]


def test_a_level_text_longer_than_word_allows_is_cut() -> None:
    # Word's level text is a few characters ("%1.%2."); a hostile file's could be megabytes,
    # formatted again for every paragraph of the list.
    from lxml import etree as et

    long_text = _OUTLINE.replace('w:val="%1."', f'w:val="{"%1" * 5000}"')
    numbering = et.fromstring(long_text.encode())
    label = Numbering(numbering, None)
    p = et.fromstring(
        f'<w:pPr xmlns:w="{W}"><w:numPr><w:ilvl w:val="0"/><w:numId w:val="3"/></w:numPr></w:pPr>'
    )
    first = label.label(p)
    assert first is not None and len(first) <= 256


@pytest.mark.parametrize("value", ["\u00b2", "\u0663", "--2", "1e3", ""])
def test_a_start_or_level_in_other_figures_is_no_number(value: str) -> None:
    # str.isdigit() takes a superscript two, which int() then refuses: a hostile or damaged
    # file's start must not end the reading in an internal error.
    numbering = etree.fromstring(
        _OUTLINE.replace(
            '<w:start w:val="1"/><w:numFmt w:val="decimal"/>',
            f'<w:start w:val="{value}"/><w:numFmt w:val="decimal"/>',
        )
        .replace('w:ilvl="1"', f'w:ilvl="1{value}"')
        .encode()
    )
    p = etree.fromstring(
        f'<w:pPr xmlns:w="{W}"><w:numPr><w:ilvl w:val="{value or 0}"/><w:numId w:val="3"/>'
        "</w:numPr></w:pPr>"
    )
    assert Numbering(numbering, None).label(p) == "1.\t"  # read as level 0, starting at 1


def _outline_edited(old: str, new: str) -> bytes:
    """Return a DOCX of a section and a subsection numbered by :data:`_OUTLINE`, with `old`
    in its numbering part replaced by `new`."""
    source = _list_document(("One.", 0), ("Sub.", 1))
    parts = docx_parts(source)
    parts["word/numbering.xml"] = parts["word/numbering.xml"].replace(old.encode(), new.encode())
    return docx_package(parts)


def test_a_docx_whose_list_starts_at_a_superscript_figure_reads(tmp_path: Path) -> None:
    path = tmp_path / "odd-start.docx"
    path.write_bytes(
        _outline_edited(
            '<w:start w:val="1"/><w:numFmt w:val="decimal"/>',
            '<w:start w:val="\u00b2"/><w:numFmt w:val="decimal"/>',
        )
    )
    assert [b.text for b in read_docx(path).blocks] == ["Heading text.", "1. One.", "(a) Sub."]


def _paragraph_numbered(num_id: int, level: int = 0) -> etree._Element:
    return etree.fromstring(
        f'<w:pPr xmlns:w="{W}"><w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/>'
        "</w:numPr></w:pPr>"
    )


def test_a_list_restarted_through_a_numbering_style_keeps_the_style_s_format() -> None:
    # Word defines a firm's "Legal" outline in a numbering style: the lists that use it name
    # the style (numStyleLink) and hold no levels of their own; one restarted at V overrides
    # only its start, and still prints the style's "Article I." format.
    styles = etree.fromstring(
        f'<w:styles xmlns:w="{W}"><w:style w:type="numbering" w:styleId="Legal"><w:pPr>'
        '<w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style></w:styles>'
    )
    numbering = etree.fromstring(
        f'<w:numbering xmlns:w="{W}">'
        '<w:abstractNum w:abstractNumId="1"><w:styleLink w:val="Legal"/><w:lvl w:ilvl="0">'
        '<w:start w:val="1"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="Article %1."/>'
        "</w:lvl></w:abstractNum>"
        '<w:abstractNum w:abstractNumId="2"><w:numStyleLink w:val="Legal"/></w:abstractNum>'
        '<w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num>'
        '<w:num w:numId="2"><w:abstractNumId w:val="2"/></w:num>'
        '<w:num w:numId="3"><w:abstractNumId w:val="2"/>'
        '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="5"/></w:lvlOverride></w:num>'
        "</w:numbering>"
    )
    lists = Numbering(numbering, styles)
    labels = [lists.label(_paragraph_numbered(n)) for n in (2, 2, 3, 3)]
    assert labels == ["Article I.\t", "Article II.\t", "Article V.\t", "Article VI.\t"]


def test_control_characters_of_a_level_text_are_shown_not_obeyed(tmp_path: Path) -> None:
    # A level text is the file's text, as a run's is: a right-to-left override in it would
    # reorder the redline on a terminal, as one in a paragraph would (see test_readers).
    path = tmp_path / "controls.docx"
    path.write_bytes(_outline_edited('w:val="%1."', 'w:val="\u202e%1."'))
    assert [b.text for b in read_docx(path).blocks] == [
        "Heading text.",
        "[U+202E]1. One.",
        "(a) Sub.",
    ]
