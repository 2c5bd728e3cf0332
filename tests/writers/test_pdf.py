"""The PDF writer: Letter pages, embedded serif, page labels, fidelity and a closed URL fetcher."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pypdf
import pytest

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
from generator.normalize import Folding, fold, tokens
from generator.writers import get_writer, pdf
from generator.writers.html import ASSETS

EVIL = '<img src="file:///etc/hostname"><link rel="attachment" href="file:///etc/passwd">Evil Corp.'
WORDS = (
    "The Indemnifying Parties will have the right to assume the defense of any action, claim, "
    "proceeding or investigation and to retain counsel of its choice to represent the "
    "Indemnified Parties, under the Company's certificate of incorporation and by-laws."
)


def _document(blocks: tuple[Block, ...], **fields: object) -> Document:
    fields.setdefault("metadata", {"subject": "Acme Corp.", "date": "2006-10-31"})
    return Document(id="test", title="Test Agreement", blocks=blocks, **fields)  # type: ignore[arg-type]


def _agreement(sections: int = 12, **fields: object) -> Document:
    blocks: list[Block] = [
        Legend("EXHIBIT 10.3"),
        Title("INDEMNIFICATION AGREEMENT"),
        Heading((Run("R E C I T A L S"),), clause="recitals"),
    ]
    for n in range(1, sections + 1):
        blocks.append(
            Paragraph(
                (Run(f"Section {n}.", underline=True), Run(" " + WORDS)),
                clause=f"s{n}",
                number=f"{n}.",
            )
        )
    blocks += [
        PageBreak(),
        Paragraph((Run("IN WITNESS WHEREOF, the parties have signed."),), keep_with_next=True),
        SignatureBlock("ACME CORP.", "/s/ JANE ROE", by=True, name="Jane Roe", title="President"),
        SignatureBlock(None, "/s/ JOHN DOE", name="John Doe"),
    ]
    return _document(tuple(blocks), **fields)


def _reader(document: Document) -> pypdf.PdfReader:
    return pypdf.PdfReader(io.BytesIO(get_writer("pdf")(document)))


def _page_texts(reader: pypdf.PdfReader) -> list[str]:
    return [page.extract_text() for page in reader.pages]


def test_pages_are_us_letter() -> None:
    reader = _reader(_agreement())
    assert len(reader.pages) >= 2
    for page in reader.pages:
        assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (612, 792)


def test_text_equals_the_document_tokens() -> None:
    document = _agreement()
    text = "\n".join(_page_texts(_reader(document)))
    assert tokens(text, Folding(hyphenation=True)) == tokens(document.text)


def test_no_word_is_hyphenated() -> None:
    document = _agreement()
    text = "\n".join(_page_texts(_reader(document)))
    assert tokens(text, Folding(hyphenation=False)) == tokens(document.text)


def test_fonts_are_the_shipped_serif_and_embedded() -> None:
    reader = _reader(_agreement())
    fonts: dict[str, bool] = {}
    for page in reader.pages:
        for ref in page["/Resources"]["/Font"].values():
            font = ref.get_object()
            described = (
                font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            )
            descriptor = described["/FontDescriptor"].get_object()
            embedded = any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))
            fonts[str(font["/BaseFont"])] = embedded
    assert fonts and all(fonts.values()), fonts
    assert all("docgen-Serif" in name for name in fonts), fonts


def test_metadata_comes_from_the_document() -> None:
    document = _agreement()
    info = _reader(
        replace(document, metadata={**document.metadata, "author": "A. Lawyer"})
    ).metadata
    assert info is not None
    assert info.title == "Test Agreement"
    assert info.subject == "Acme Corp."
    assert info.author == "A. Lawyer"
    assert info.creation_date is None  # the agreement's date is not when the file was made
    made = replace(document, metadata={**document.metadata, "created": "2026-11-22"})
    info = _reader(made).metadata
    assert info is not None and info.creation_date is not None
    assert info.creation_date.date().isoformat() == "2026-11-22"


def test_first_page_unnumbered_then_plain_numbers() -> None:
    texts = _page_texts(_reader(_agreement(page_label="{page}", number_first_page=False)))
    lines = [[line.strip() for line in text.splitlines()] for text in texts]
    assert "1" not in lines[0]
    assert lines[1][-1] == "2"
    assert lines[-1][-1] == str(len(texts))


def test_exhibit_page_labels_on_every_page() -> None:
    texts = _page_texts(_reader(_agreement(page_label="F-2-{page}", number_first_page=True)))
    for number, text in enumerate(texts, start=1):
        assert text.splitlines()[-1].strip() == f"F-2-{number}"


def test_page_break_starts_a_new_page() -> None:
    texts = _page_texts(_reader(_agreement(sections=2)))
    assert len(texts) == 2
    assert " ".join(texts[1].split()).startswith("IN WITNESS WHEREOF")


@pytest.mark.parametrize("filler", range(17, 23))
def test_signature_block_is_never_split(filler: int) -> None:
    blocks: list[Block] = [
        Paragraph((Run(f"Filler paragraph number {n}."),), indent="none") for n in range(filler)
    ]
    blocks += [
        Paragraph((Run("Signed as of this 31st day of October, 2006."),), keep_with_next=True),
        SignatureBlock("ACME CORP.", "/s/ JANE ROE", by=True, name="Jane Roe", title="President"),
    ]
    texts = _page_texts(_reader(_document(tuple(blocks))))
    holding = [i for i, text in enumerate(texts) if "ACME CORP." in text]
    assert len(holding) == 1
    page = texts[holding[0]]
    for line in ("Signed as of this", "By:", "JANE ROE", "Jane Roe", "President"):
        assert line in page


@pytest.mark.parametrize("filler", range(14, 22))
def test_the_signature_page_carries_the_last_lines_of_a_paragraph_kept_with_it(
    filler: int,
) -> None:
    """The release keeps its last clause with "Signed as of": a signature page never stands
    without operative text, and the clause still breaks between its lines (orphans, widows)."""
    blocks: list[Block] = [
        Paragraph((Run(f"Filler paragraph number {n}."),), indent="none") for n in range(filler)
    ]
    blocks += [
        Paragraph(
            (Run("Severability clause words. " * 40 + "Last words of the clause."),),
            keep_with_next=True,
        ),
        Paragraph((Run("Signed as of this 31st day of October, 2006."),), keep_with_next=True),
        SignatureBlock(None, "/s/ JOHN DOE", name="John Doe"),
    ]
    texts = [" ".join(t.split()) for t in _page_texts(_reader(_document(tuple(blocks))))]
    page = next(text for text in texts if "JOHN DOE" in text)
    assert "Severability clause words. Last words of the clause." in page


@pytest.mark.parametrize(
    ("carve_out", "governing_law", "counterparts"),
    [(True, None, False), (False, None, False), (True, "Delaware", False),
     (True, None, True), (True, "Delaware", True)],
)  # fmt: skip
def test_the_releases_last_clause_keeps_with_the_signatures(
    carve_out: bool, governing_law: str | None, counterparts: bool
) -> None:
    """Whichever clause comes last (severability, governing law, counterparts), it alone keeps
    with "Signed as of": a longer chain would leave a gap of a page's worth at the foot."""
    from generator.assembly import assemble
    from generator.testing import variant
    from tests.conftest import SEED

    sheet = variant(
        SEED,
        {
            "release.transaction_documents_carve_out": carve_out,
            "governing_law": governing_law,
            "counterparts": counterparts,
        },
    )
    blocks = [b for b in assemble("release", sheet).blocks if isinstance(b, Paragraph)]
    signed = next(i for i, b in enumerate(blocks) if "Signed as of" in b.text)
    assert blocks[signed - 1].keep_with_next and blocks[signed].keep_with_next
    assert not any(b.keep_with_next for b in blocks[: signed - 1])


@pytest.mark.parametrize("filler", range(21, 26))
def test_headings_are_never_left_at_the_foot_of_a_page(filler: int) -> None:
    blocks: list[Block] = [
        Paragraph((Run(f"Filler paragraph number {n}."),), indent="none") for n in range(filler)
    ]
    blocks += [
        Heading((Run("R E C I T A L S"),)),
        Paragraph((Run("WHEREAS, the heading stays with these words. " * 3),)),
    ]
    texts = [" ".join(t.split()) for t in _page_texts(_reader(_document(tuple(blocks))))]
    holding = [i for i, text in enumerate(texts) if "R E C I T A L S" in text]
    assert len(holding) == 1
    assert "WHEREAS, the heading stays" in texts[holding[0]]


def test_redline_prints_both_sides() -> None:
    paragraph = Paragraph(
        (
            Run("The term is "),
            Run("three", change="delete"),
            Run("five", change="insert"),
            Run("."),
        ),
    )
    text = _page_texts(_reader(_document((paragraph,))))[0]
    assert "three" in text and "five" in text


def test_hostile_text_is_printed_and_nothing_is_fetched(monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[str] = []
    real_fetch = pdf.fetch_asset

    def recording_fetch(url: str) -> tuple[bytes, str]:
        asked.append(url)
        return real_fetch(url)

    monkeypatch.setattr(pdf, "fetch_asset", recording_fetch)
    pdf._weasyprint.cache_clear()  # the stylesheet's fonts are fetched again, through the recorder
    document = _document(
        (
            Title(EVIL),
            Paragraph(
                (Run("This Agreement is made by "), Run(EVIL), Run(" (the Company).")),
            ),
            SignatureBlock(EVIL, "/s/ EVIL", by=True, name=EVIL),
        ),
        metadata={"subject": EVIL, "author": EVIL},
    )
    raw = get_writer("pdf")(document)
    reader = pypdf.PdfReader(io.BytesIO(raw))
    text = " ".join(fold(" ".join(_page_texts(reader))).split())
    assert text.count(" ".join(EVIL.split())) == 3
    assert reader.attachments == {}
    assert "/EmbeddedFiles" not in str(reader.trailer["/Root"].get("/Names", {}))
    for page in reader.pages:
        for annotation in page.get("/Annots", []) or []:
            assert annotation.get_object().get("/Subtype") != "/FileAttachment"
    assert b"/EmbeddedFile" not in raw
    assert asked, "the fonts should come through the fetcher"
    assert all(url.startswith(ASSETS.as_uri() + "/fonts/") for url in asked), asked
    assert not any("/etc/" in url for url in asked)


def test_attachments_in_raw_markup_are_dropped(monkeypatch: pytest.MonkeyPatch) -> None:
    raw_html = (
        '<!DOCTYPE html><html><head><link rel="attachment" href="data:text/plain,LINKED"></head>'
        '<body><p>Text <a rel="attachment" href="data:text/plain,ANCHORED">x</a></p></body></html>'
    )
    monkeypatch.setattr(pdf.html, "render", lambda document, stylesheet=False: raw_html)
    raw = pdf.write(_document((Paragraph((Run("ignored"),)),)))
    reader = pypdf.PdfReader(io.BytesIO(raw))
    assert reader.attachments == {}
    assert b"/EmbeddedFile" not in raw and b"/FileAttachment" not in raw
    assert b"LINKED" not in raw and b"ANCHORED" not in raw


def test_fetcher_serves_package_assets() -> None:
    body, mime = pdf.fetch_asset(ASSETS.as_uri() + "/fonts/LiberationSerif-Regular.ttf")
    assert body[:4] == b"\x00\x01\x00\x00" and mime == "font/ttf"
    css, mime = pdf.fetch_asset(ASSETS.as_uri() + "/docgen.css")
    assert b"@page" in css and mime == "text/css"


def test_fetcher_serves_data_urls() -> None:
    assert pdf.fetch_asset("data:text/plain;base64,aGVsbG8=") == (b"hello", "text/plain")
    assert pdf.fetch_asset("data:,a%20b") == (b"a b", "text/plain")
    with pytest.raises(RenderError):
        pdf.fetch_asset("data:text/plain," + "x" * (2 * pdf.MAX_ASSET_BYTES + 1))


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "FILE:///etc/hostname",
        "file://evil.example/etc/passwd",
        "http://127.0.0.1/x.css",
        "https://example.com/font.ttf",
        "ftp://example.com/x",
        "javascript:alert(1)",
        "/etc/passwd",
        ASSETS.as_uri() + "/../writers/pdf.py",
        ASSETS.as_uri() + "/fonts/../../writers/pdf.py",
        ASSETS.as_uri() + "/..%2fwriters%2fpdf.py",
        ASSETS.as_uri() + "/%2e%2e/writers/pdf.py",
        ASSETS.as_uri() + "/fonts",
        ASSETS.as_uri() + "/no-such-file.css",
    ],
)
def test_fetcher_refuses_everything_else(url: str) -> None:
    with pytest.raises(RenderError):
        pdf.fetch_asset(url)


def test_fetcher_refuses_symlinks_out_and_large_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assets = tmp_path / "assets"
    assets.mkdir()
    secret = tmp_path / "secret.txt"
    secret.write_text("secret")
    (assets / "ok.css").write_text("p {}")
    (assets / "out.css").symlink_to(secret)
    (assets / "big.css").write_bytes(b" " * (pdf.MAX_ASSET_BYTES + 1))
    monkeypatch.setattr(pdf, "_ASSETS_REAL", assets.resolve())
    assert pdf.fetch_asset((assets / "ok.css").as_uri()) == (b"p {}", "text/css")
    for name in ("out.css", "big.css"):
        with pytest.raises(RenderError):
            pdf.fetch_asset((assets / name).as_uri())


def test_weasyprint_is_imported_only_for_a_pdf() -> None:
    code = (
        "import sys, generator.writers.pdf, generator.writers.html, generator.writers.docx; "
        "print('weasyprint' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.strip() == "False"


def test_a_character_the_typeface_cannot_draw_is_refused_not_left_blank() -> None:
    # Liberation Serif has no CJK glyphs: WeasyPrint would leave a gap in the name.
    name = "Tokyo Shoji 東京商事株式会社 KK, a Japanese company."
    with pytest.raises(RenderError) as info:
        pdf.write(_document((Paragraph((Run(name),)),)))
    message = str(info.value)
    assert "has no glyph for '東' (U+6771), '京' (U+4EAC), '商' (U+5546)" in message
    assert "and 3 more" in message and "--format txt,json,html,docx" in message


def test_greek_cyrillic_and_hebrew_are_drawn() -> None:
    pdf.write(_document((Paragraph((Run("Αθήνα Москва תל אביב"),)),)))


def test_one_document_gives_one_pdf_byte_for_byte(monkeypatch: pytest.MonkeyPatch) -> None:
    # fontTools stamps each font subset with the time it is saved: a day later must not matter.
    from fontTools.misc import timeTools

    document = _agreement(2)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    first = pdf.write(document)
    real_time = timeTools.time.time
    monkeypatch.setattr(timeTools.time, "time", lambda: real_time() + 86_400)
    assert pdf.write(document) == first
    assert "SOURCE_DATE_EPOCH" not in os.environ  # put back as it was
