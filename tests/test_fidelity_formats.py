"""The seed term sheet's DOCX, PDF and HTML carry the TXT's words and the filing's, token for token.

Text is read back the way a reviewer's tools would: python-docx in body order (tables included)
for the DOCX, pypdf for the PDF (hyphenation and page furniture folded by
:func:`generator.normalize.tokens`), the page's body text for the HTML.
"""

from __future__ import annotations

import functools
import io
from collections.abc import Iterator
from html.parser import HTMLParser

import docx
import pypdf
import pytest
from docx.table import Table

from generator import assemble
from generator.model import Document
from generator.normalize import Folding, tokens
from generator.writers import get_writer
from tests.conftest import SEED, SOURCES

IDS = sorted(SOURCES)


@functools.cache
def _document(document_id: str) -> Document:
    return assemble(document_id, SEED)


@functools.cache
def _output(document_id: str, fmt: str) -> bytes:
    return get_writer(fmt)(_document(document_id))


def _txt_tokens(document_id: str) -> list[str]:
    return tokens(_output(document_id, "txt").decode("utf-8"))


def _filed_tokens(document_id: str) -> list[str]:
    return tokens(SOURCES[document_id].read_text(encoding="utf-8"))


def _docx_text(data: bytes) -> str:
    def walk(container: object) -> Iterator[str]:
        for item in container.iter_inner_content():  # type: ignore[attr-defined]
            if isinstance(item, Table):
                for row in item.rows:
                    for cell in row.cells:
                        yield from walk(cell)
            else:
                yield item.text

    return "\n".join(walk(docx.Document(io.BytesIO(data))))


def _pdf_pages(data: bytes) -> list[str]:
    return [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages]


class _BodyText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.inside = False
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.inside = self.inside or tag == "body"
        self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self.inside:
            self.parts.append(data)


@pytest.mark.parametrize("document_id", IDS)
def test_txt_tokens_are_the_filed_tokens(document_id: str) -> None:
    assert _txt_tokens(document_id) == _filed_tokens(document_id)


@pytest.mark.parametrize("document_id", IDS)
def test_docx_text_equals_txt_and_filing(document_id: str) -> None:
    text = _docx_text(_output(document_id, "docx"))
    assert tokens(text) == _txt_tokens(document_id)
    assert tokens(text) == _filed_tokens(document_id)


@pytest.mark.parametrize("document_id", IDS)
def test_pdf_text_equals_txt_and_filing(document_id: str) -> None:
    text = "\n".join(_pdf_pages(_output(document_id, "pdf")))
    folded = tokens(text, Folding(hyphenation=True))
    assert folded == _txt_tokens(document_id)
    assert folded == _filed_tokens(document_id)


@pytest.mark.parametrize("document_id", IDS)
def test_html_text_equals_txt(document_id: str) -> None:
    parser = _BodyText()
    parser.feed(_output(document_id, "html").decode("utf-8"))
    assert tokens("".join(parser.parts)) == _txt_tokens(document_id)


@pytest.mark.parametrize("document_id", IDS)
def test_pdf_pages_carry_the_documents_page_labels(document_id: str) -> None:
    document = _document(document_id)
    pages = _pdf_pages(_output(document_id, "pdf"))
    assert len(pages) >= 2
    for number, text in enumerate(pages, start=1):
        last = text.strip().splitlines()[-1].strip()
        label = document.page_label.replace("{page}", str(number))
        if number == 1 and not document.number_first_page:
            assert last != label
        else:
            assert last == label


def test_indemnification_signatures_share_the_last_page() -> None:
    last = " ".join(_pdf_pages(_output("indemnification", "pdf"))[-1].split())
    assert last.startswith("IN WITNESS WHEREOF")
    for line in ("NATURAL HEALTH TRENDS CORP.", "By:", "STEPHANIE S. HAYANO", "MARK D. WOODBURN"):
        assert line in last
