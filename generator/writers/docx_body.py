"""The body of a DOCX: the model's blocks as WordprocessingML paragraphs.

Every paragraph gets a named style (see :mod:`generator.writers.docx_base`); runs carry only
the marks the model gives them. Section numbers are literal text followed by a tab. Each clause
is wrapped in a bookmark named by its id: a block-level clause from the start of its first
paragraph to the end of its last, an inline clause around the runs that carry it. A redline's
runs become tracked changes (``w:ins``, ``w:del`` with ``w:delText``); a paragraph whose runs
are all inserted (or all deleted) has its paragraph mark inserted (or deleted) as well, so that
Word's "accept all" leaves exactly the new text and "reject all" exactly the old.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Iterator

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
from generator.writers.docx_base import STYLES
from generator.writers.typography import curl, curl_runs

__all__ = ["Body", "bookmark_name"]

#: The style (a key of STYLES) of a paragraph, by its indent.
_PARAGRAPH_STYLES = {"first": "body", "none": "flush", "signature": "signature"}

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_START, _END = -1, 1 << 30
_NAME_UNSAFE = re.compile(r"[^A-Za-z0-9_]")

Position = tuple[int, int]
"""(block index, run index), with :data:`_START` and :data:`_END` for a block's edges."""


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def bookmark_name(clause_id: str) -> str:
    """Return a Word bookmark name for `clause_id`: the id itself when Word allows it.

    Word takes at most 40 letters, digits and underscores, starting with a letter; any other id
    is spelled with underscores (prefixed ``c_`` when it does not start with a letter), cut to 31
    characters and followed by ``_`` and 8 hex digits of its hash, so two ids never share a name.
    """
    name = _NAME_UNSAFE.sub("_", clause_id)
    if name == clause_id and name[:1].isalpha() and len(name) <= 40:
        return name
    if not name[:1].isalpha():
        name = "c_" + name
    digest = hashlib.sha1(clause_id.encode("utf-8")).hexdigest()[:8]
    return f"{name[:31]}_{digest}"


class Body:
    """Write one document's blocks as ``w:p`` elements."""

    def __init__(self, document: Document, author: str, date: str) -> None:
        self.document = document
        self.author = author
        self.date = date
        self.next_id = 1
        self.starts: dict[Position, list[str]] = defaultdict(list)
        self.ends: dict[Position, list[str]] = defaultdict(list)
        self.bookmarks: dict[str, tuple[str, str]] = {}
        """clause id -> (bookmark id, bookmark name)"""
        self._plan_bookmarks()

    # -- bookmarks ----------------------------------------------------------------------------

    def _plan_bookmarks(self) -> None:
        spans: dict[str, list[Position]] = {}

        def cover(clause: str, start: Position, end: Position) -> None:
            span = spans.setdefault(clause, [start, end])
            span[0], span[1] = min(span[0], start), max(span[1], end)

        for index, block in enumerate(self.document.blocks):
            if isinstance(block, PageBreak):
                continue
            if block.clause:
                cover(block.clause, (index, _START), (index, _END))
            if isinstance(block, Paragraph | Heading):
                for position, run in enumerate(block.runs):
                    for clause in run.clauses:
                        cover(clause, (index, position), (index, position))
        # Outer bookmarks (the longer spans) start first and end last.
        for clause, (start, end) in sorted(
            spans.items(), key=lambda item: (item[1][0], -item[1][1][0], -item[1][1][1])
        ):
            self.bookmarks[clause] = (self._new_id(), bookmark_name(clause))
            self.starts[start].append(clause)
            self.ends[end].insert(0, clause)

    def _bookmark_starts(self, p: etree._Element, at: Position) -> None:
        for clause in self.starts.get(at, ()):
            start = etree.SubElement(p, _w("bookmarkStart"))
            start.set(_w("id"), self.bookmarks[clause][0])
            start.set(_w("name"), self.bookmarks[clause][1])

    def _bookmark_ends(self, p: etree._Element, at: Position) -> None:
        for clause in self.ends.get(at, ()):
            etree.SubElement(p, _w("bookmarkEnd")).set(_w("id"), self.bookmarks[clause][0])

    def _new_id(self) -> str:
        value = str(self.next_id)
        self.next_id += 1
        return value

    # -- blocks -------------------------------------------------------------------------------

    def paragraphs(self) -> Iterator[etree._Element]:
        """Yield the body's paragraphs in reading order."""
        page_break = False
        for index, block in enumerate(self.document.blocks):
            if isinstance(block, PageBreak):
                page_break = True
                continue
            paragraphs = list(self._block(index, block))
            if page_break:
                _page_break_before(paragraphs[0])
                page_break = False
            self._bookmark_starts_first(paragraphs[0], (index, _START))
            self._bookmark_ends(paragraphs[-1], (index, _END))
            yield from paragraphs

    def _bookmark_starts_first(self, p: etree._Element, at: Position) -> None:
        marks = etree.Element(_w("p"))
        self._bookmark_starts(marks, at)
        ppr = p.find(_w("pPr"))
        offset = 0 if ppr is None else p.index(ppr) + 1
        for i, mark in enumerate(list(marks)):
            p.insert(offset + i, mark)

    def _block(self, index: int, block: Block) -> list[etree._Element]:
        if isinstance(block, Legend):
            return [self._line(STYLES["legend"], curl(block.text))]
        if isinstance(block, Title):
            return [self._line(STYLES["title"], curl(block.text))]
        if isinstance(block, Heading):
            return [self._runs_paragraph(index, STYLES["heading"], block.runs)]
        if isinstance(block, Paragraph):
            style = STYLES[_PARAGRAPH_STYLES[block.indent]]
            p = self._runs_paragraph(index, style, block.runs, number=block.number)
            if block.keep_with_next or block.indent == "signature":
                _set_keep_next(p, block.keep_with_next)  # the signature style keeps by default
            return [p]
        if isinstance(block, SignatureBlock):
            return self._signature(block)
        raise RenderError(f"the DOCX writer cannot write a {type(block).__name__} block")

    def _paragraph(self, style: str, change: str | None = None) -> etree._Element:
        p = etree.Element(_w("p"))
        ppr = etree.SubElement(p, _w("pPr"))
        etree.SubElement(ppr, _w("pStyle")).set(_w("val"), style)
        if change:
            rpr = etree.SubElement(ppr, _w("rPr"))
            self._revision(etree.SubElement(rpr, _w("ins" if change == "insert" else "del")))
        return p

    def _line(self, style: str, text: str, char_style: str | None = None) -> etree._Element:
        p = self._paragraph(style)
        p.append(_run(text, char_style=char_style))
        return p

    def _runs_paragraph(
        self, index: int, style: str, runs: tuple[Run, ...], number: str | None = None
    ) -> etree._Element:
        changes = {run.change for run in runs}
        whole = changes.pop() if len(changes) == 1 else None
        p = self._paragraph(style, whole)
        if number:
            p.append(self._tracked(_run(number, tab_after=True, deleted=whole == "delete"), whole))
        texts = curl_runs([run.text for run in runs])
        for position, (run, text) in enumerate(zip(runs, texts, strict=True)):
            self._bookmark_starts(p, (index, position))
            caption = position == 0 and run.underline and not (run.bold or run.italic)
            element = _run(
                text,
                char_style=STYLES["section_heading"] if caption else None,
                bold=run.bold,
                italic=run.italic,
                underline=run.underline and not caption,
                deleted=run.change == "delete",
            )
            p.append(self._tracked(element, run.change))
            self._bookmark_ends(p, (index, position))
        return p

    def _tracked(self, run: etree._Element, change: str | None) -> etree._Element:
        if change is None:
            return run
        wrapper = etree.Element(_w("ins" if change == "insert" else "del"))
        self._revision(wrapper)
        wrapper.append(run)
        return wrapper

    def _revision(self, element: etree._Element) -> None:
        element.set(_w("id"), self._new_id())
        element.set(_w("author"), self.author)
        element.set(_w("date"), self.date)

    def _signature(self, block: SignatureBlock) -> list[etree._Element]:
        out: list[etree._Element] = []
        if block.party:
            out.append(self._line(STYLES["party"], curl(block.party)))
        line = self._paragraph(STYLES["signature_line" if block.by else "signature_line_plain"])
        if block.by:
            line.append(_run("By:", tab_after=True))
        line.append(
            _run(curl(block.signature or ""), tab_after=True, char_style=STYLES["signature_rule"])
        )
        out.append(line)
        style = STYLES["signature_details" if block.by else "signature"]
        out += [self._line(style, curl(text)) for text in (block.name, block.title) if text]
        _set_keep_next(out[-1], False)
        return out


def _run(
    text: str,
    *,
    char_style: str | None = None,
    bold: bool = False,
    italic: bool = False,
    underline: bool = False,
    deleted: bool = False,
    tab_after: bool = False,
) -> etree._Element:
    """Return a ``w:r`` holding `text` (tabs as ``w:tab``), then a tab if `tab_after`."""
    r = etree.Element(_w("r"))
    if char_style or bold or italic or underline:
        rpr = etree.SubElement(r, _w("rPr"))
        if char_style:
            etree.SubElement(rpr, _w("rStyle")).set(_w("val"), char_style)
        if bold:
            etree.SubElement(rpr, _w("b"))
        if italic:
            etree.SubElement(rpr, _w("i"))
        if underline:
            etree.SubElement(rpr, _w("u")).set(_w("val"), "single")
    tag = _w("delText" if deleted else "t")
    for i, piece in enumerate(text.split("\t")):
        if i:
            etree.SubElement(r, _w("tab"))
        if piece:
            t = etree.SubElement(r, tag)
            t.text = piece
            t.set(_XML_SPACE, "preserve")
    if tab_after:
        etree.SubElement(r, _w("tab"))
    return r


def _page_break_before(p: etree._Element) -> None:
    ppr = p.find(_w("pPr"))
    anchor = ppr.find(_w("keepNext"))
    element = etree.Element(_w("pageBreakBefore"))
    if anchor is not None:
        anchor.addnext(element)
    else:
        ppr.find(_w("pStyle")).addnext(element)


def _set_keep_next(p: etree._Element, keep: bool) -> None:
    ppr = p.find(_w("pPr"))
    element = ppr.find(_w("keepNext"))
    if element is None:
        element = etree.Element(_w("keepNext"))
        ppr.find(_w("pStyle")).addnext(element)
    if keep:
        element.attrib.pop(_w("val"), None)
    else:
        element.set(_w("val"), "0")
