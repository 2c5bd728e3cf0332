"""DOCX: the agreement as a Word document a firm would send out.

The base package (page setup, named styles, footers) is built by python-docx once and kept
(:mod:`generator.writers.docx_base`); a document copies its parts and writes its own body
(:mod:`generator.writers.docx_body`), footers with the page label around a ``PAGE`` field, and
core properties. Opening and saving a python-docx document per agreement would cost more than
the whole render, so the parts are zipped directly.
"""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, datetime

from lxml import etree

from generator.errors import RenderError
from generator.model import Document
from generator.writers.docx_base import STYLES, template
from generator.writers.docx_body import Body, W

__all__ = ["write"]

_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_CORE = {
    "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
    "dc": "http://purl.org/dc/elements/1.1/",
    "dcterms": "http://purl.org/dc/terms/",
    "dcmitype": "http://purl.org/dc/dcmitype/",
    "xsi": "http://www.w3.org/2001/XMLSchema-instance",
}
_EPOCH = (1980, 1, 1, 0, 0, 0)
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def write(document: Document) -> bytes:
    """Return `document` as the bytes of a ``.docx`` file."""
    base = template()
    author = document.metadata.get("author") or "docgen"
    stamp = _w3c(_date(document, "date"))
    created = _w3c(_date(document, "created")) if document.metadata.get("created") else None
    parts = dict(base.parts)
    try:
        parts["word/document.xml"] = _document_xml(
            base.parts["word/document.xml"], document, author, stamp
        )
        parts[base.default_footer] = _footer_xml(document.page_label)
        parts[base.first_footer] = _footer_xml(
            document.page_label if document.number_first_page else None
        )
        parts["docProps/core.xml"] = _core_xml(document, author, created)
    except ValueError as exc:  # lxml refuses characters XML cannot carry
        raise RenderError(f"the DOCX writer cannot write {document.id!r}: {exc}") from exc
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in parts.items():
            info = zipfile.ZipInfo(name, _EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            package.writestr(info, data)
    return stream.getvalue()


def _date(document: Document, key: str) -> datetime:
    """Return the document's `key` date (UTC) from its metadata, or now when it has none."""
    raw = document.metadata.get(key)
    if not raw:
        return datetime.now(UTC).replace(microsecond=0)
    try:
        when = datetime.fromisoformat(raw)
    except ValueError:
        raise RenderError(
            f"the document's {key} date {raw!r} is not an ISO date such as 2006-10-31"
        ) from None
    return when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)


def _w3c(when: datetime) -> str:
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")


def _document_xml(skeleton: bytes, document: Document, author: str, stamp: str) -> bytes:
    root = etree.fromstring(skeleton)
    body = root.find(f"{{{W}}}body")
    section = body.find(f"{{{W}}}sectPr")
    for element in list(body):
        if element is not section:
            body.remove(element)
    for paragraph in Body(document, author, stamp).paragraphs():
        section.addprevious(paragraph)
    if len(body) == 1:  # Word wants a paragraph before the section properties
        section.addprevious(etree.Element(_w("p")))
    if document.number_first_page:
        for title_page in section.findall(f"{{{W}}}titlePg"):
            section.remove(title_page)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _footer_xml(label: str | None) -> bytes:
    """Return a footer part: `label` with ``{page}`` as a PAGE field, or an empty paragraph."""
    root = etree.Element(_w("ftr"), nsmap={"w": W, "r": _R})
    p = etree.SubElement(root, _w("p"))
    etree.SubElement(etree.SubElement(p, _w("pPr")), _w("pStyle")).set(_w("val"), STYLES["footer"])
    if label is not None:
        for i, literal in enumerate(label.split("{page}")):
            if i:
                _page_field(p)
            if literal:
                _text_run(p, "t", literal)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _page_field(p: etree._Element) -> None:
    """Append a complex ``PAGE`` field (begin, instruction, separate, result, end) to `p`."""
    for kind, tag, text in (
        ("begin", None, None),
        (None, "instrText", " PAGE "),
        ("separate", None, None),
        (None, "t", "1"),
        ("end", None, None),
    ):
        if kind:
            etree.SubElement(etree.SubElement(p, _w("r")), _w("fldChar")).set(
                _w("fldCharType"), kind
            )
        else:
            _text_run(p, tag, text)


def _text_run(p: etree._Element, tag: str | None, text: str | None) -> None:
    t = etree.SubElement(etree.SubElement(p, _w("r")), _w(tag or "t"))
    t.text = text
    t.set(_XML_SPACE, "preserve")


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def _core_xml(document: Document, author: str, created: str | None) -> bytes:
    """Return the core properties: title, subject, author and, when the document says when it
    was made (``created`` metadata, as a redline does), created and modified.

    An agreement's date is not when its file was made: an agreement dated as of 2006 (or next
    month) would claim to have been created then, which is metadata a lawyer has to explain.
    """
    root = etree.Element(f"{{{_CORE['cp']}}}coreProperties", nsmap=_CORE)

    def add(prefix: str, name: str, text: str, dated: bool = False) -> None:
        element = etree.SubElement(root, f"{{{_CORE[prefix]}}}{name}")
        element.text = text
        if dated:
            element.set(f"{{{_CORE['xsi']}}}type", "dcterms:W3CDTF")

    add("dc", "title", document.title)
    if document.metadata.get("subject"):
        add("dc", "subject", document.metadata["subject"])
    add("dc", "creator", author)
    add("cp", "lastModifiedBy", author)
    add("cp", "revision", "1")
    if created:
        add("dcterms", "created", created, dated=True)
        add("dcterms", "modified", created, dated=True)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
