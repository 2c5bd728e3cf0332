"""DOCX, PDF and HTML carry the TXT's words, token for token: the seed's (and so the filing's)
and every golden case's under ``tests/cases/``.

Text is read back the way a reviewer's tools would: python-docx in body order (tables included)
for the DOCX, pypdf for the PDF (hyphenation and page furniture folded by
:func:`generator.normalize.tokens`), the page's body text for the HTML.
"""

from __future__ import annotations

import functools
from html.parser import HTMLParser

import pytest

from generator import assemble
from generator.model import Document
from generator.normalize import Folding, tokens
from generator.writers import get_writer
from tests.conftest import SEED, SOURCES
from tests.readback import docx_text, pdf_pages
from tests.test_cases import CASES, CASES_DIR

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
    text = docx_text(_output(document_id, "docx"))
    assert tokens(text) == _txt_tokens(document_id)
    assert tokens(text) == _filed_tokens(document_id)


@pytest.mark.parametrize("document_id", IDS)
def test_pdf_text_equals_txt_and_filing(document_id: str) -> None:
    text = "\n".join(pdf_pages(_output(document_id, "pdf")))
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
    pages = pdf_pages(_output(document_id, "pdf"))
    assert len(pages) >= 2
    for number, text in enumerate(pages, start=1):
        last = text.strip().splitlines()[-1].strip()
        label = document.page_label.replace("{page}", str(number))
        if number == 1 and not document.number_first_page:
            assert last != label
        else:
            assert last == label


def test_indemnification_signatures_share_the_last_page() -> None:
    last = " ".join(pdf_pages(_output("indemnification", "pdf"))[-1].split())
    assert last.startswith("IN WITNESS WHEREOF")
    for line in ("NATURAL HEALTH TRENDS CORP.", "By:", "STEPHANIE S. HAYANO", "MARK D. WOODBURN"):
        assert line in last


# -- every golden case ----------------------------------------------------------------------


@functools.cache
def _case_output(case: str, document_id: str, fmt: str) -> bytes:
    return get_writer(fmt)(assemble(document_id, CASES_DIR / case / "term-sheet.yaml"))


def _case_txt_tokens(case: str, document_id: str) -> list[str]:
    return tokens(_case_output(case, document_id, "txt").decode("utf-8"))


@pytest.mark.parametrize("document_id", IDS)
@pytest.mark.parametrize("case", CASES)
def test_case_docx_text_equals_txt(case: str, document_id: str) -> None:
    text = docx_text(_case_output(case, document_id, "docx"))
    assert tokens(text) == _case_txt_tokens(case, document_id)


@pytest.mark.parametrize("document_id", IDS)
@pytest.mark.parametrize("case", CASES)
def test_case_pdf_text_equals_txt(case: str, document_id: str) -> None:
    text = "\n".join(pdf_pages(_case_output(case, document_id, "pdf")))
    assert tokens(text, Folding(hyphenation=True)) == _case_txt_tokens(case, document_id)


@pytest.mark.parametrize("document_id", IDS)
@pytest.mark.parametrize("case", CASES)
def test_case_html_text_equals_txt(case: str, document_id: str) -> None:
    parser = _BodyText()
    parser.feed(_case_output(case, document_id, "html").decode("utf-8"))
    assert tokens("".join(parser.parts)) == _case_txt_tokens(case, document_id)
