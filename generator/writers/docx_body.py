"""The body of a DOCX: the model's blocks as WordprocessingML paragraphs.

Every paragraph gets a named style (see :mod:`generator.writers.docx_base`); runs carry only
the marks the model gives them. Section numbers are literal text followed by a tab. Each clause
is wrapped in a bookmark named by its id: a block-level clause from the start of its first
paragraph to the end of its last, an inline clause around the runs that carry it. A redline's
runs become tracked changes (``w:ins``, ``w:del`` with ``w:delText``); a paragraph's mark is
tracked as :func:`~generator.model.paragraph_mark` says (inserted or deleted with a paragraph
whose runs all are, or on its own where a paragraph was split or joined), and a signature block
inserted or deleted whole has every run and mark tracked, so that Word's "accept all" leaves
exactly the new paragraphs and "reject all" exactly the old.
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
    paragraph_mark,
    whole_change,
)
from generator.writers.docx_base import SIGNATURE_STYLES, STYLES
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

    def paragraphs(self) -> list[etree._Element]:
        """Return the body's paragraphs in reading order."""
        return _keep_last_mark(list(self._paragraphs()))

    def _paragraphs(self) -> Iterator[etree._Element]:
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
            mark = paragraph_mark(block)
            return [self._runs_paragraph(index, STYLES["heading"], block.runs, mark=mark)]
        if isinstance(block, Paragraph):
            style = STYLES[_PARAGRAPH_STYLES[block.indent]]
            p = self._runs_paragraph(
                index, style, block.runs, number=block.number, mark=paragraph_mark(block)
            )
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

    def _line(self, style: str, text: str, change: str | None = None) -> etree._Element:
        p = self._paragraph(style, change)
        p.append(self._tracked(_run(text, deleted=change == "delete"), change))
        return p

    def _runs_paragraph(
        self,
        index: int,
        style: str,
        runs: tuple[Run, ...],
        number: str | None = None,
        mark: str | None = None,
    ) -> etree._Element:
        whole = whole_change(runs)
        p = self._paragraph(style, mark)
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
        change = block.change
        deleted = change == "delete"
        out: list[etree._Element] = []
        if block.party:
            out.append(self._line(STYLES["party"], curl(block.party), change))
        style = STYLES["signature_line" if block.by else "signature_line_plain"]
        line = self._paragraph(style, change)
        if block.by:
            line.append(self._tracked(_run("By:", tab_after=True, deleted=deleted), change))
        signature = _run(
            curl(block.signature or ""),
            tab_after=True,
            char_style=STYLES["signature_rule"],
            deleted=deleted,
        )
        line.append(self._tracked(signature, change))
        out.append(line)
        style = STYLES["signature_details" if block.by else "signature"]
        out += [self._line(style, curl(text), change) for text in (block.name, block.title) if text]
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


def _mark(p: etree._Element) -> str | None:
    """Return the change of paragraph `p`'s mark: ``"ins"``, ``"del"`` or ``None``."""
    rpr = p.find(f"{_w('pPr')}/{_w('rPr')}")
    for tag in ("ins", "del"):
        if rpr is not None and rpr.find(_w(tag)) is not None:
            return tag
    return None


def _only(p: etree._Element, tag: str) -> bool:
    """Return whether every run of `p` that holds text is inside a `tag` (``w:ins``)."""
    runs = [r for r in p.iter(_w("r")) if len(r) and any(c.tag != _w("rPr") for c in r)]
    return all(any(a.tag == _w(tag) for a in r.iterancestors()) for r in runs)


def _keep_last_mark(paragraphs: list[etree._Element]) -> list[etree._Element]:
    """Return `paragraphs` with the last one's mark kept, as Word and LibreOffice keep it.

    A document's last paragraph mark cannot be inserted or deleted: rejecting (accepting) a
    last paragraph inserted (deleted) whole would leave an empty paragraph. Marks are all
    alike, so the change goes to the mark of the last paragraph both sides have; where that
    side's last paragraph is one of its own (a signature block deleted, another inserted at
    the end), its text moves into the last paragraph, which then ends both sides. The rest of
    its block moves along with it, unless the paragraphs it would pass are the rest of the last
    block, its pair (a signatory renamed): then each block's lines stay in reading order.
    """
    if not paragraphs:
        return paragraphs
    last = paragraphs[-1]
    change = _mark(last)
    if change is None:
        return paragraphs
    other = "del" if change == "ins" else "ins"
    k = len(paragraphs) - 2
    while k >= 0 and _mark(paragraphs[k]) == change:
        if not _only(paragraphs[k], change):
            return paragraphs  # a split paragraph's part: leave it as it is
        k -= 1
    if k < 0 or not _only(last, change):
        return paragraphs
    before = paragraphs[k]
    rpr = last.find(f"{_w('pPr')}/{_w('rPr')}")
    mark = rpr.find(_w(change))
    if _mark(before) is None:  # the last paragraph both sides have takes the change
        before_ppr = before.find(_w("pPr"))
        before_rpr = before_ppr.find(_w("rPr"))
        if before_rpr is None:
            before_rpr = etree.SubElement(before_ppr, _w("rPr"))
        before_rpr.append(mark)
        _drop_if_empty(rpr)
        return paragraphs
    if _mark(before) == other and _only(before, other):  # the other side's own last paragraph
        ppr = last.find(_w("pPr"))
        at = last.index(ppr) + 1
        for child in [c for c in before if c.tag != _w("pPr")]:
            last.insert(at, child)
            at += 1
        rpr.remove(mark)
        _drop_if_empty(rpr)
        between = paragraphs[k + 1 : -1]
        if all(_keeps_next(p) and _style(p) in SIGNATURE_STYLES for p in between):
            # The rest of the last block, which pairs with the block of `before` (a signatory
            # renamed): both keep their places, the deleted lines before the inserted ones.
            return paragraphs[:k] + paragraphs[k + 1 :]
        # The rest of its block (a signature block's lines keep with the next) moves along, so
        # the block reads together; paragraphs of one side only may pass the other side's.
        start = k
        while start > 0 and _keeps_next(paragraphs[start - 1]):
            if not (_mark(paragraphs[start - 1]) == other and _only(paragraphs[start - 1], other)):
                break
            start -= 1
        moved = paragraphs[start:k]
        return paragraphs[:start] + paragraphs[k + 1 : -1] + moved + [last]
    return paragraphs


def _style(p: etree._Element) -> str | None:
    """Return the style id of paragraph `p` (``None``: none)."""
    style = p.find(f"{_w('pPr')}/{_w('pStyle')}")
    return None if style is None else style.get(_w("val"))


def _keeps_next(p: etree._Element) -> bool:
    """Return whether paragraph `p` may be kept with the next: not a signature block's last
    line, which the writer keeps apart (the signature styles keep with the next)."""
    keep = p.find(f"{_w('pPr')}/{_w('keepNext')}")
    return keep is None or keep.get(_w("val"), "1") not in ("0", "false")


def _drop_if_empty(element: etree._Element) -> None:
    if len(element) == 0:
        element.getparent().remove(element)


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
