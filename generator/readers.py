"""Read a document given to compare (``.txt``, ``.docx``, ``.pdf``, ``.html``) into the model.

The redline compares two :class:`~generator.model.Document` objects. A term sheet is assembled
into one; the readers here turn the other kinds of file into one:

* ``.txt``: paragraphs are separated by blank lines; a paragraph that a page break (``<PAGE>``,
  a page number) cut in two is joined again (the page's last line filling the line and ending
  no sentence); a letter-spaced heading line (``R E C I T A L S``) is a paragraph of its own,
  blank lines around it or not.
* ``.docx``: the body's paragraphs in order, table cells included; tracked changes already in
  the file are read as accepted; a number Word's automatic numbering prints ("1.", "(a)") is
  read before its paragraph's text, as if typed (see :mod:`generator.docx_numbering`);
  hidden text (``w:vanish``), which Word neither shows nor prints, is read as not there;
  a symbol (``w:sym``) as the character it stands for (see :mod:`generator.docx_symbols`).
  Bookmarks named by clause id (as this tool's DOCX writer sets them) give the paragraphs and
  runs their clause ids; bold, italic and underline are kept, set on the run or by its
  character style (this tool's headings are a "Section Heading").
* ``.pdf``: the text of each page, as pypdf extracts it, cut into paragraphs by line length,
  and joined across page breaks as a ``.txt``'s is.

Every failure is a :class:`~generator.errors.SourceError` naming the file. What is read is
bounded: the file (50 MB), each part of a ``.docx`` as unpacked (20 MB for an XML part, 100 MB
for all of them: a zip bomb is refused before it is inflated), the pages of a PDF (2,000) and the
text of any document (3,000,000 characters, some 500,000 words; an agreement has a few
thousand), so that a hostile file ends in a one-line error, not in minutes of work.
"""

from __future__ import annotations

import contextlib
import io
import logging
import os
import re
import time
import warnings
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from generator.docx_notes import beside_the_words, comment_count, stories, story_text
from generator.docx_numbering import Numbering, numbering_element
from generator.docx_runs import (
    UNSET,
    Marks,
    character_styles,
    direct_marks,
    hidden,
    hidden_styles,
    on,
    resolve,
)
from generator.docx_symbols import symbol_char
from generator.errors import BIDI_CONTROLS, SourceError
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
from generator.normalize import DEFAULT, Folding, fold, is_letter_spaced

__all__ = [
    "SUFFIXES",
    "read_document",
    "read_docx",
    "read_html",
    "read_pdf",
    "read_text",
    "text_document",
]

#: The file suffixes a reader here understands.
SUFFIXES: tuple[str, ...] = (".txt", ".docx", ".pdf", ".html", ".htm")

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_NUMBER = re.compile(r"^(\d{1,3}\.|\([a-z]{1,4}\)|\([0-9]{1,3}\))\t")
_COPY_SUFFIX = re.compile(r"_Copy_\d+$")
_SENTENCE_END = re.compile(r"[.:;!?][\"')\]]*$")
#: A line signed, conformed (``/s/ Jane Doe``) or to sign (``By: ______``): it ends its block.
_SIGNED = re.compile(r"(?:/s/|By:)")
#: How much of the longest line a page's last line fills, at least, when its paragraph runs
#: on to the next page. It fills all of it but the word that did not fit (a line of these
#: agreements holds some 80 characters, a long word 15); the bound leaves room for a longer
#: one, while a signatory's name or title under a signature line falls well short of it.
_FULL_LINE = 0.6
#: A run of whitespace read as one space, in every reader: any but the no-break spaces (U+00A0,
#: U+2007, U+202F), which a drafter put there to hold two words together ("three\u00a0(3)")
#: and which a redline then carries, as it carries the other characters of NEW's text.
_SPACES = re.compile(r"[^\S\u00a0\u2007\u202f]+")
_PAGE_BREAK = re.compile(r"^[ \t]*(?:<PAGE>|\d{1,3}|[A-Z]{1,2}-\d{1,3}(?:-\d{1,3})?)[ \t]*$")
_MB = 1024 * 1024
_MAX_BYTES = 50 * _MB
#: The most characters of text a document may have to be compared (some 500,000 words).
_MAX_CHARS = 3_000_000
#: The most a .docx's XML part (``word/document.xml``, styles, ...) may unpack to.
_MAX_XML_PART = 20 * _MB
#: The most all the parts of a .docx together may unpack to (pictures included).
_MAX_PACKAGE = 100 * _MB
#: The most parts a .docx may have.
_MAX_PARTS = 10_000
_MAIN_PART = "word/document.xml"
#: The most pages of a PDF that are read.
_MAX_PDF_PAGES = 2_000
#: The most one PDF page's drawing instructions may unpack to: a page of these agreements holds
#: some 25 KB, a dense page of small type some 100 KB.
_MAX_PDF_PAGE_CONTENT = 2 * 1024 * 1024
#: The longest the text of a PDF may take to extract. A real agreement's takes well under a
#: second a page; a page crafted to make the extractor work (its text drawn again and again from
#: a few bytes) would otherwise hold it for minutes.
_PDF_SECONDS = 20.0
#: The most paragraphs a side may have (a long agreement has a few hundred): past it, aligning
#: the two sides would take minutes and gigabytes for nothing a reviewer could read.
_MAX_PARAGRAPHS = 20_000
_HYPHENS_ONLY = Folding(
    furniture=False, quotes=False, letter_spacing=False, hyphenation=True, whitespace=False
)


def read_document(
    path: str | Path, document_id: str | None = None, folding: Folding = DEFAULT
) -> Document:
    """Return the document in the ``.txt``, ``.docx``, ``.pdf`` or ``.html`` file at `path`.

    `document_id` becomes the document's id (default: the file's stem); `folding` says which
    page furniture to drop while finding paragraphs. Raise :class:`SourceError` naming the file
    when it cannot be read.
    """
    suffix = Path(path).suffix.lower()
    try:
        folder = Path(path).is_dir()
    except OSError:  # a name too long, ...: the reader says so
        folder = False
    if folder:
        raise SourceError(f"{path}: is a folder; give the file to compare")
    if suffix == ".txt":
        return read_text(path, document_id, folding)
    if suffix == ".docx":
        return read_docx(path, document_id)
    if suffix == ".pdf":
        return read_pdf(path, document_id, folding)
    if suffix in (".html", ".htm"):
        return read_html(path, document_id)
    raise SourceError(
        f"{path}: cannot compare a {suffix or 'suffix-less'} file; give a term sheet "
        "(.yaml, .yml), a .txt, a .docx, a .pdf or an .html"
    )


def _read_utf8(path: str | Path, kind: str) -> str:
    """Return the file at `path` decoded as UTF-8 (a byte-order mark dropped), or raise
    :class:`SourceError` naming the first byte that is not, and `kind` ("text", "HTML")."""
    raw = _read_bytes(path)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SourceError(
            f"{path}: is not UTF-8 {kind} (byte {exc.start} cannot be decoded); save it as UTF-8"
        ) from None


def read_text(
    path: str | Path, document_id: str | None = None, folding: Folding = DEFAULT
) -> Document:
    """Return the plain-text file at `path` (UTF-8) as a document of paragraphs."""
    text = _read_utf8(path, "text")
    return text_document(text, document_id or Path(path).stem, str(path), folding)


def read_pdf(
    path: str | Path, document_id: str | None = None, folding: Folding = DEFAULT
) -> Document:
    """Return the text of the PDF file at `path` as a document of paragraphs."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    raw = _read_bytes(path)
    try:
        with _quiet_pypdf():
            reader = PdfReader(io.BytesIO(raw))
            if reader.is_encrypted:
                raise SourceError(f"{path}: the PDF is encrypted; give an unencrypted copy")
            pages = _pdf_pages(path, reader)
    except SourceError:
        raise
    except PyPdfError as exc:
        raise SourceError(f"{path}: is not a readable PDF ({exc})") from None
    except Exception as exc:
        # On a damaged file pypdf also fails in its own code (AttributeError, IndexError,
        # NotImplementedError for an unknown filter, RecursionError, ...): the file is unreadable
        # all the same. The text is pypdf's alone; nothing of ours runs in this block but
        # the bounds checks, which raise SourceError.
        raise SourceError(f"{path}: is not a readable PDF ({type(exc).__name__}: {exc})") from None
    if not any(p.strip() for p in pages):
        raise SourceError(f"{path}: the PDF has no text to compare (is it a scan?)")
    text = "\n\n<PAGE>\n\n".join(_pdf_paragraphs(p) for p in pages)
    return text_document(text, document_id or Path(path).stem, str(path), folding)


#: The elements of an HTML page whose text is a paragraph: the HTML writer's legend, title,
#: headings, paragraphs and signature lines, and the list items and cells of other pages.
_HTML_BLOCKS = frozenset(("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "td", "th", "pre"))
#: What an HTML page holds that is not its text.
_HTML_SKIPPED = frozenset(("head", "script", "style", "template", "noscript"))
_HTML_LINE_BREAK = re.compile(r"<br\b[^>]*>", re.IGNORECASE)


def read_html(path: str | Path, document_id: str | None = None) -> Document:
    """Return the HTML page at `path` (UTF-8) as a document: one paragraph per paragraph,
    heading, list item or table cell, as this tool's HTML writer lays an agreement out.

    Read with lxml's HTML parser without the network and with entities other than HTML's own
    left unexpanded (HTML declares none); the page is bounded as a ``.txt`` is.
    """
    from lxml import etree, html

    text = _read_utf8(path, "HTML")
    _check_length(str(path), len(text))
    text = _HTML_LINE_BREAK.sub(r"\g<0> ", text)  # a <br> inside a paragraph: a space
    parser = html.HTMLParser(
        no_network=True, remove_comments=True, remove_pis=True, huge_tree=False
    )
    try:
        root = html.document_fromstring(text, parser=parser)
    except (etree.ParserError, ValueError) as exc:
        raise SourceError(f"{path}: is not an HTML page that can be read ({exc})") from None
    paragraphs = _html_paragraphs(str(path), root)
    blocks = tuple(Paragraph(runs=(Run(body),), indent="none") for body in paragraphs)
    if not blocks:
        raise SourceError(f"{path}: has no text to compare")
    title = root.findtext(".//title") or Path(path).stem
    return Document(id=document_id or Path(path).stem, title=title.strip(), blocks=blocks)


def _html_paragraphs(name: str, root: Any) -> list[str]:
    """Return the text of each paragraph of the page `root`, in document order."""
    out: list[str] = []
    stack = [iter(root)]
    while stack:
        child = next(stack[-1], None)
        if child is None:
            stack.pop()
            continue
        tag = child.tag if isinstance(child.tag, str) else ""  # a comment's is a function
        if tag in _HTML_SKIPPED:
            continue
        if tag not in _HTML_BLOCKS:
            stack.append(iter(child))
            continue
        if body := _SPACES.sub(" ", _visible("".join(child.itertext()))).strip():
            out.append(body)
            _check_paragraphs(name, len(out))
    return out


def text_document(
    text: str, document_id: str, name: str = "<string>", folding: Folding = DEFAULT
) -> Document:
    """Return `text` as a document: one :class:`Paragraph` per blank-line-separated chunk.

    With ``folding.furniture`` on, page furniture lines are dropped and a paragraph cut by a
    page break (the chunk before it stopping mid-sentence, :func:`_continues`) is joined to its
    continuation; with ``folding.letter_spacing`` on, a letter-spaced heading line is a
    paragraph of its own (it is folded only as a line of its own, and joining it to its
    neighbours would lose that: a text with no blank lines, as LibreOffice exports one, would
    then differ from the same text with them); with ``folding.hyphenation`` on, a word
    hyphenated across a line end is joined; with ``folding.whitespace`` on, each paragraph's
    line breaks and runs of spaces become one space.
    Raise :class:`SourceError` when `text` is too long to compare.
    """
    _check_length(name, len(text))
    text = _visible(text)
    line_folding = Folding(
        furniture=folding.furniture,
        quotes=False,
        letter_spacing=False,
        hyphenation=False,
        whitespace=folding.whitespace,
    )
    lines = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n<PAGE>\n").split("\n")
    width = max((len(_SPACES.sub(" ", line).strip()) for line in lines), default=0)
    chunks: list[list[str]] = []
    current: list[str] = []
    page_break = False  # whether the gap since the last chunk holds a page break
    for line in lines:
        if folding.letter_spacing and is_letter_spaced(line):
            if current:
                chunks.append(current)
            chunks.append([line])
            current = []
            page_break = False
            continue
        if fold(line, line_folding).strip():
            if not current and chunks and page_break and _continues(chunks[-1], width):
                current = chunks.pop()
            current.append(line)
            page_break = False
            continue
        if folding.furniture and _PAGE_BREAK.match(line):
            page_break = True
        if current:
            chunks.append(current)
            current = []
    if current:
        chunks.append(current)
    _check_paragraphs(name, len(chunks))
    blocks: list[Block] = []
    for lines in chunks:
        body = _join_lines(lines, folding)
        if body:
            blocks.append(Paragraph(runs=(Run(body),), indent="none"))
    if not blocks:
        raise SourceError(f"{name}: has no text to compare")
    return Document(id=document_id, title=Path(name).stem, blocks=tuple(blocks))


def read_docx(path: str | Path, document_id: str | None = None) -> Document:
    """Return the body of the Word file at `path` as a document, tracked changes accepted.

    Each non-empty paragraph (table cells included, in reading order) becomes a
    :class:`Paragraph`; a leading ``1.``/``(a)`` followed by a tab becomes its number.
    """
    raw = _read_bytes(path)  # a clear message for a missing or unreadable file
    package = _DocxPackage.open(path, raw)
    walker = _DocxWalker(
        str(path),
        character_styles(package.styles),
        Numbering(package.numbering, package.styles),
        hidden_styles(package.styles),
    )
    walker.body(package.body)
    blocks = tuple(walker.blocks())
    if not blocks:
        raise SourceError(f"{path}: the Word document has no text to compare")
    metadata = dict(package.metadata)
    metadata.update((kind, str(n)) for kind, n in walker.notes.items() if n)
    metadata.update((kind, str(n)) for kind, n in beside_the_words(package.body).items() if n)
    if walker.symbols:
        metadata["unknown symbols"] = "\n".join(walker.symbols)
    hidden_words = len("".join(walker.hidden).split())
    if hidden_words:
        metadata["hidden words"] = str(hidden_words)  # read as not there; the summary says so
    return Document(
        id=document_id or Path(path).stem,
        title=package.title or Path(path).stem,
        blocks=blocks,
        metadata=metadata,
    )


@dataclass(frozen=True, slots=True)
class _DocxPackage:
    """What the reader takes from a Word package: the parts python-docx finds and interprets."""

    body: Any
    """The ``w:body`` element."""
    styles: Any
    """The ``w:styles`` element (empty when the package has no styles part)."""
    numbering: Any
    """The ``w:numbering`` element (``None`` when the package has no numbering part)."""
    title: str
    metadata: dict[str, str]

    @classmethod
    def open(cls, path: str | Path, raw: bytes) -> _DocxPackage:
        """Return the package in `raw`, once :func:`_check_package` has found it within bounds.

        Raise :class:`SourceError` when python-docx cannot read it, or a part is not what a
        Word document holds there (python-docx then fails on an attribute of the element it
        expected: that is the file's fault, not a bug of this tool).
        """
        import docx
        from docx.opc.exceptions import PackageNotFoundError

        _not_another_kind(path, raw)
        try:
            _check_package(path, raw)
            package = docx.Document(io.BytesIO(raw))  # the bytes checked, not the file again
            if package.element.tag != f"{_W}document" or package.element.body is None:
                raise ValueError("its main part is not a document with a body")
            body = package.element.body
            numbering = numbering_element(package)
            _no_document_type(("main", package.element), ("styles", package.styles.element))
            if numbering is not None:
                _no_document_type(("numbering", numbering))
            props = _core_properties(package, raw)
            title = props.pop("title", "")
            metadata = {key: props[key] for key in ("author", "subject") if props.get(key)}
            comments = comment_count(package)
            if comments:
                metadata["comments"] = str(comments)  # not compared; the summary says so
            metadata.update(_stories(path, package))
            return cls(body, package.styles.element, numbering, title, metadata)
        except (
            PackageNotFoundError,
            zipfile.BadZipFile,
            zlib.error,
            EOFError,
            NotImplementedError,  # a compression method zipfile does not know
            RuntimeError,  # an encrypted part
            KeyError,
            ValueError,
            SyntaxError,  # lxml's XMLSyntaxError: malformed, too deep, entities that amplify
        ) as exc:
            raise SourceError(
                f"{path}: is not a Word document (.docx) that can be read ({exc})"
            ) from None
        except (AttributeError, TypeError):  # python-docx met an element it did not expect
            raise SourceError(
                f"{path}: is not a Word document (.docx) that can be read (one of its parts "
                "is not what a Word document holds there)"
            ) from None


def _stories(path: str | Path, package: Any) -> dict[str, str]:
    """Return the text of each header (``"headers"``) and footer (``"footers"``) the pages of
    python-docx document `package` show, one a line, each once; none for a kind without text.

    Not compared; a note names those that differ from the other side's.
    """
    found: dict[str, str] = {}
    size = 0
    for key, roots in stories(package).items():
        _no_document_type(*((key[:-1], root) for root in roots))
        texts = dict.fromkeys(t for t in (_visible(story_text(root)) for root in roots) if t)
        size += sum(len(t) for t in texts)
        _check_length(str(path), size)
        if texts:
            found[key] = "\n".join(texts)
    return found


_CORE_ROOT = (
    "{http://schemas.openxmlformats.org/package/2006/metadata/core-properties}coreProperties"
)
#: How a file a Word document is often mistaken for begins: an OLE compound file (a Word
#: 97-2003 ``.doc``, or a ``.docx`` encrypted with a password, which Word stores in one).
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ODF_TEXT = b"application/vnd.oasis.opendocument.text"


def _not_another_kind(path: str | Path, raw: bytes) -> None:
    """Raise :class:`SourceError` saying what `raw` is when it is a ``.doc``, an encrypted
    ``.docx`` or an OpenDocument text under a ``.docx`` name, and how to compare it."""
    if raw.startswith(_OLE_MAGIC):
        what = "a Word 97-2003 document (.doc) or a password-protected .docx"
        advice = " without a password"
    elif raw.startswith(b"PK") and raw[30:38] == b"mimetype" and _ODF_TEXT in raw[38:120]:
        what = "an OpenDocument text (.odt)"
        advice = ""
    else:
        return
    raise SourceError(
        f"{path}: is {what}, not a Word document (.docx) that can be read; save it as a Word "
        f"document (.docx){advice} and compare that"
    )


#: The core properties read: element (Dublin Core) -> key.
_CORE = {
    "{http://purl.org/dc/elements/1.1/}title": "title",
    "{http://purl.org/dc/elements/1.1/}creator": "author",
    "{http://purl.org/dc/elements/1.1/}subject": "subject",
}


def _core_properties(package: object, raw: bytes) -> dict[str, str]:
    """Return the title, author and subject the package's core properties give (those set).

    Read from the part itself, found by either name of its relationship: LibreOffice writes
    the first edition's (``.../officedocument/2006/relationships/metadata/core-properties``),
    which python-docx does not know and answers with a default part titled "Word Document".
    """
    from docx.oxml.parser import parse_xml  # python-docx's parser: no entities, no network

    for rel in package.part.package.rels.values():  # type: ignore[attr-defined]
        if rel.is_external or not rel.reltype.endswith("/metadata/core-properties"):
            continue
        # The part's bytes from the package itself: python-docx serializes its own copy of
        # the part anew, without the document type declaration it may have carried.
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            data = archive.read(str(rel.target_part.partname).lstrip("/"))
        root = parse_xml(data)
        _no_document_type(("core properties", root))
        if root.tag != _CORE_ROOT:
            raise ValueError("its core properties part holds something else")
        return {
            _CORE[child.tag]: (child.text or "").strip()
            for child in root
            if child.tag in _CORE and (child.text or "").strip()
        }
    return {}


def _no_document_type(*parts: tuple[str, Any]) -> None:
    """Raise :exc:`ValueError` when a part read (its name, its root) declares a document type.

    OOXML allows none. Parsed without its entities (as it must be: they can amplify or reach
    out), a part that declares some would lose the text that uses them, without a word.
    """
    for name, root in parts:
        if root.getroottree().docinfo.doctype:
            raise ValueError(
                f"its {name} part declares a document type, which Word documents never do"
            )


# -- text -------------------------------------------------------------------------------------


def _read_bytes(path: str | Path) -> bytes:
    try:
        # Opened without waiting, as term sheets are: a named pipe with no writer reads as
        # empty instead of hanging; one with a writer (`docgen diff <(...) new.txt`) as it comes.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
        os.set_blocking(fd, True)
        with os.fdopen(fd, "rb") as handle:
            raw = handle.read(_MAX_BYTES + 1)
    except FileNotFoundError:
        raise SourceError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise SourceError(f"{path}: is a folder; give the file to compare") from None
    except OSError as exc:
        raise SourceError(f"{path}: cannot be read ({exc.strerror})") from None
    if len(raw) > _MAX_BYTES:
        raise SourceError(f"{path}: is larger than {_MAX_BYTES // (1024 * 1024)} MB")
    return raw


#: Control characters shown as what they are: a C0 one as its Control Picture (ESC as "␛"),
#: DEL as "␡", a C1 one as "�", a bidi override as "[U+202E]". Raw, they would drive the
#: reviewer's terminal (an escape sequence can hide an inserted clause) and most cannot be
#: written to DOCX or HTML at all. Tab, line feed, carriage return and form feed (a page break)
#: keep their meaning.
_VISIBLE_CONTROLS: dict[int, int | str] = {
    **{code: 0x2400 + code for code in range(0x20) if chr(code) not in "\t\n\r\f"},
    0x7F: 0x2421,
    **dict.fromkeys(range(0x80, 0xA0), 0xFFFD),
    # Bidi embeddings, overrides and isolates reorder what a terminal shows ("Trojan Source"):
    # named where they stand instead.
    **{code: f"[U+{code:04X}]" for code in BIDI_CONTROLS},
}
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _visible(text: str) -> str:
    """Return `text` with its control characters made visible (:data:`_VISIBLE_CONTROLS`)."""
    return text.translate(_VISIBLE_CONTROLS) if _CONTROL.search(text) else text


def _check_paragraphs(name: str, count: int) -> None:
    """Raise :class:`SourceError` when `count` paragraphs are more than a side may have."""
    if count > _MAX_PARAGRAPHS:
        raise SourceError(
            f"{name}: has more than {_MAX_PARAGRAPHS:,} paragraphs; an agreement has a few "
            "hundred, so it is not compared"
        )


def _check_length(name: str, chars: int) -> None:
    """Raise :class:`SourceError` when a document of `chars` characters is too long to compare."""
    if chars > _MAX_CHARS:
        raise SourceError(
            f"{name}: has more than {_MAX_CHARS:,} characters of text (some 500,000 words) to "
            "compare; an agreement has far fewer, so it is not read"
        )


def _continues(lines: list[str], width: int) -> bool:
    """Return whether a chunk stops mid-sentence, so that the page break after it cut its
    paragraph in two.

    It does not where its last line ends a sentence, is a letter-spaced heading or a line
    signed (``/s/ ...``, ``By: ...``), or falls well short of the text's longest line (`width`
    characters, spaces folded): a paragraph that runs on to the next page fills its page's
    last line but for the word that did not fit, while a block that ends at the foot of a page
    (a signatory's name or title, a heading) ends where its words do.
    """
    last = _SPACES.sub(" ", lines[-1]).strip()
    return (
        bool(last)
        and not _SENTENCE_END.search(last)
        and not is_letter_spaced(lines[-1])
        and not _SIGNED.match(last)
        and len(last) >= _FULL_LINE * width
    )


def _join_lines(lines: list[str], folding: Folding) -> str:
    """Return a chunk's lines as one paragraph's text, as `folding` says.

    Words hyphenated across the line ends are joined first (``folding.hyphenation``): that
    folding needs the line breaks, which folding whitespace then makes spaces.
    """
    text = "\n".join(lines)
    if folding.hyphenation:
        text = fold(text, _HYPHENS_ONLY)
    if not folding.whitespace:
        return text.strip("\n")
    return _SPACES.sub(" ", text).strip()


# -- pdf --------------------------------------------------------------------------------------


@contextlib.contextmanager
def _quiet_pypdf() -> Iterator[None]:
    """Keep pypdf's own log lines and warnings (``EOF marker not found``) off stderr meanwhile.

    A file pypdf cannot read ends in one :class:`SourceError`; what pypdf says on the way is
    noise to a user. Its logger's level is put back afterwards.
    """
    logger = logging.getLogger("pypdf")
    level = logger.level
    logger.setLevel(logging.CRITICAL + 1)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        logger.setLevel(level)


def _pdf_pages(path: str | Path, reader: object) -> list[str]:
    """Return the text of each page of `reader` (a ``PdfReader``), within the bounds."""
    pages = reader.pages  # type: ignore[attr-defined]
    if len(pages) > _MAX_PDF_PAGES:
        raise SourceError(
            f"{path}: the PDF has {len(pages):,} pages; at most {_MAX_PDF_PAGES:,} are compared"
        )
    deadline = time.monotonic() + _PDF_SECONDS
    drawn = 0  # characters the extractor has met so far, counted as it meets them

    def visit_text(text: str, *_state: object) -> None:
        nonlocal drawn
        drawn += len(text)
        _check_length(str(path), drawn)

    def visit_operator(*_operator: object) -> None:  # each drawing instruction, forms' too
        if time.monotonic() > deadline:
            raise SourceError(
                f"{path}: extracting the PDF's text took more than {_PDF_SECONDS:g} seconds; "
                "an agreement's takes a few, so it is not read"
            )

    out: list[str] = []
    chars = 0
    for number, page in enumerate(pages, 1):
        contents = page.get_contents()
        size = 0 if contents is None else len(contents.get_data())
        if size > _MAX_PDF_PAGE_CONTENT:
            raise SourceError(
                f"{path}: page {number} of the PDF holds {size / _MB:,.1f} MB of drawing "
                f"instructions; a page of text holds well under {_MAX_PDF_PAGE_CONTENT // _MB} "
                "MB, so it is not read"
            )
        text = (
            page.extract_text(visitor_text=visit_text, visitor_operand_before=visit_operator) or ""
        )
        chars += len(text)
        _check_length(str(path), chars)
        out.append(text)
    return out


def _pdf_paragraphs(page: str) -> str:
    """Return a page's extracted lines with a blank line after each line that ends a paragraph.

    pypdf gives lines without blank lines between paragraphs. A line that ends a sentence and
    falls well short of the page's full line width ends its paragraph; so does a short line
    with no lower-case letters (a heading, a signature line).
    """
    lines = [line.rstrip() for line in page.split("\n")]
    width = max((len(line) for line in lines), default=0)
    out: list[str] = []
    for line in lines:
        out.append(line)
        short = len(line) < 0.8 * width
        ends = bool(_SENTENCE_END.search(line))
        caps = line.strip() and not any(c.islower() for c in line)
        if short and (ends or caps):
            out.append("")
    return "\n".join(out)


# -- docx -------------------------------------------------------------------------------------


def _check_package(path: str | Path, raw: bytes) -> None:
    """Raise :class:`SourceError` unless every part of the .docx in `raw` unpacks within bounds.

    Each part's size is checked as its header states it and again as it inflates (a header
    can lie), reading at most one byte past the bound, so that a zip bomb is refused having
    cost a few megabytes at most.
    """
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        parts = archive.infolist()
        if len(parts) > _MAX_PARTS:
            raise SourceError(
                f"{path}: has {len(parts):,} parts; a Word document has a few dozen, so it is "
                "not read"
            )
        total = 0
        for info in parts:
            limit = _MAX_XML_PART if _is_xml_part(info.filename) else _MAX_PACKAGE
            if info.file_size > limit or _unpacked_size(archive, info, limit) > limit:
                raise SourceError(_too_big(path, info.filename, limit))
            total += info.file_size
            if total > _MAX_PACKAGE:
                raise SourceError(
                    f"{path}: the document's parts unpack to more than {_MAX_PACKAGE // _MB} MB "
                    "in all; a real agreement's to a few, so it is not read (a zip bomb?)"
                )


def _is_xml_part(name: str) -> bool:
    return name.lower().endswith((".xml", ".rels")) or "." not in name.rsplit("/", 1)[-1]


def _unpacked_size(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> int:
    """Return how many bytes part `info` inflates to, counting no further than ``limit + 1``."""
    size = 0
    with archive.open(info) as member:
        while size <= limit:
            chunk = member.read(min(_MB, limit + 1 - size))
            if not chunk:
                break
            size += len(chunk)
    return size


def _too_big(path: str | Path, part: str, limit: int) -> str:
    what = "the document's text part" if part == _MAIN_PART else f"its part {part}"
    return (
        f"{path}: {what} unpacks to more than {limit // _MB} MB; a real agreement's is well "
        "under 1 MB, so it is not read (a zip bomb?)"
    )


@dataclass(slots=True)
class _Para:
    """A paragraph being read: its characters, each with marks and open bookmarks."""

    chars: list[str] = field(default_factory=list)
    marks: list[tuple[bool, bool, bool, tuple[str, ...]]] = field(default_factory=list)
    mark_deleted: bool = False
    label: str | None = None
    """The number Word's automatic numbering prints before the text, with its tab."""
    style: str = ""
    page_break_before: bool = False
    keep_with_next: bool = False
    has_text: bool = False
    """Whether `chars` hold more than whitespace (kept as read: a paragraph of a million
    page breaks is not read again at each one)."""
    page_break_at: int | None = None
    """Where in `chars` the last page break typed after some text stands (``w:br`` of type
    ``page``): one after the text ends the page, as a page break before the next paragraph."""


class _DocxWalker:
    """Walk a WordprocessingML body in reading order, as if every tracked change were accepted."""

    def __init__(
        self,
        name: str = "<docx>",
        styles: dict[str, Marks] | None = None,
        numbering: Numbering | None = None,
        hidden_styles: dict[str, bool | None] | None = None,
    ) -> None:
        self.name = name  # the file, for the message when its text is too long
        self.styles = styles or {}  # character style id -> its bold, italic, underline
        self.numbering = numbering or Numbering(None, None)
        # Hidden text (w:vanish): Word neither shows nor prints it, so it is read as not
        # there, as a deletion is; its words are kept here to be counted in a note.
        # style id -> whether it hides its text (None: it does not say)
        self.hidden_styles = hidden_styles or {}
        self.hidden: list[str] = []
        self.paragraph_hidden = False  # whether the paragraph's style hides its text
        self.paras: list[_Para] = []
        self.open: dict[str, str] = {}  # bookmark id -> name, in opening order
        self.names: dict[str, str] = {}  # every bookmark read: id -> name
        self.size = 0  # characters read so far
        # Footnotes and endnotes referenced from the text read (a struck reference is gone):
        # their words are in parts of their own, which are not compared; a summary says so.
        self.notes = {"footnotes": 0, "endnotes": 0}
        # The symbols (font and code) read whose character is not known: kept as their codes
        # in the private use area, and named in a note.
        self.symbols: dict[str, None] = {}
        self.page_break = False  # a page break ended the last paragraph read

    def body(self, element: object) -> None:
        for child in element:  # type: ignore[attr-defined]
            self._block(child)

    def _block(self, el: object) -> None:
        tag = el.tag  # type: ignore[attr-defined]
        if tag == f"{_W}p":
            self._paragraph(el)
        elif tag in (f"{_W}del", f"{_W}moveFrom", f"{_W}sectPr"):
            return
        elif tag == f"{_W}bookmarkStart":
            self._bookmark_start(el)
        elif tag == f"{_W}bookmarkEnd":
            self.open.pop(el.get(f"{_W}id"), None)  # type: ignore[attr-defined]
        else:  # tables, rows, cells, content controls, insertions: read what they hold
            for child in el:  # type: ignore[attr-defined]
                self._block(child)

    def _bookmark_start(self, el: object) -> None:
        name = el.get(f"{_W}name") or ""  # type: ignore[attr-defined]
        if name and not name.startswith("_"):
            # LibreOffice renames a bookmark copied with its paragraph "survival_Copy_1".
            mark = el.get(f"{_W}id")  # type: ignore[attr-defined]
            self.open[mark] = self.names[mark] = _COPY_SUFFIX.sub("", name)

    def _paragraph(self, p: object) -> None:
        _check_paragraphs(self.name, len(self.paras) + 1)
        para = _Para()
        ppr = p.find(f"{_W}pPr")  # type: ignore[attr-defined]
        self.paragraph_hidden = False
        if ppr is not None:
            rpr = ppr.find(f"{_W}rPr")
            style = ppr.find(f"{_W}pStyle")
            para.style = "" if style is None else style.get(f"{_W}val", "")
            self.paragraph_hidden = bool(self.hidden_styles.get(para.style))
            # A hidden mark joins the paragraph to the next on the page, as a deleted one does
            # once accepted (Word's style separator is one).
            para.mark_deleted = hidden(rpr, self.paragraph_hidden) or (
                rpr is not None
                and (rpr.find(f"{_W}del") is not None or on(rpr.find(f"{_W}specVanish")))
            )
            para.page_break_before = on(ppr.find(f"{_W}pageBreakBefore"))
            para.keep_with_next = on(ppr.find(f"{_W}keepNext"))
        if not para.mark_deleted:  # one joined to the next is numbered as that one, if at all
            label = self.numbering.label(ppr)  # the file's text, as a run's is: made visible
            para.label = None if label is None else _visible(label)
            self.size += len(para.label or "")
            _check_length(self.name, self.size)
        para.page_break_before = para.page_break_before or self.page_break
        for child in p:  # type: ignore[attr-defined]
            self._inline(child, para, (False, False, False))
        at = para.page_break_at
        self.page_break = at is not None and not "".join(para.chars[at:]).strip()
        self.paras.append(para)
        self.hidden.append(" ")  # a paragraph's hidden words end with it

    def _inline(self, el: object, para: _Para, marks: tuple[bool, bool, bool]) -> None:
        tag = el.tag  # type: ignore[attr-defined]
        if tag in (f"{_W}pPr", f"{_W}del", f"{_W}moveFrom", f"{_W}rPr"):
            return
        if tag == f"{_W}bookmarkStart":
            self._bookmark_start(el)
            return
        if tag == f"{_W}bookmarkEnd":
            self.open.pop(el.get(f"{_W}id"), None)  # type: ignore[attr-defined]
            return
        if tag == f"{_W}r":
            self._run(el, para)
            return
        for child in el:  # type: ignore[attr-defined]
            self._inline(child, para, marks)

    def _run(self, r: object, para: _Para) -> None:
        rpr = r.find(f"{_W}rPr")  # type: ignore[attr-defined]
        style = None if rpr is None else rpr.find(f"{_W}rStyle")
        styled = None if style is None else self.hidden_styles.get(style.get(f"{_W}val", ""))
        if styled is None:  # the character style does not say: as the paragraph's style does
            styled = self.paragraph_hidden
        if hidden(rpr, styled):
            for child in r:  # type: ignore[attr-defined]
                text = (child.text or "") if child.tag == f"{_W}t" else " "
                self.size += len(text)
                _check_length(self.name, self.size)
                self.hidden.append(text)
            return
        bold, italic, underline = resolve(direct_marks(rpr), self._style_of(rpr))
        marks = (bold, italic, underline, tuple(self.open))  # ids: named in blocks()
        for child in r:  # type: ignore[attr-defined]
            tag = child.tag
            if tag == f"{_W}t":
                text = _visible(child.text or "")
            elif tag in (f"{_W}tab", f"{_W}ptab"):
                text = "\t"
            elif tag in (f"{_W}br", f"{_W}cr"):
                text = " "
                if child.get(f"{_W}type") == "page":  # Word's Ctrl+Enter; LibreOffice's breaks
                    if para.has_text:  # after text: ends the page if the text ends there
                        para.page_break_at = len(para.chars)
                    else:  # before any text: the page starts with this paragraph
                        para.page_break_before = True
            elif tag == f"{_W}noBreakHyphen":  # compared as "-"; the redline carries it
                text = "\u2011"
            elif tag == f"{_W}softHyphen":
                text = "\u00ad"
            elif tag == f"{_W}sym":  # Insert Symbol's: a font's glyph, by its code
                font, code = child.get(f"{_W}font", ""), child.get(f"{_W}char", "")
                text, known = symbol_char(font, code)
                text = _visible(text)
                if not known:
                    self.symbols.setdefault(f"{font} {code.upper()}".strip())
            elif tag in (f"{_W}footnoteReference", f"{_W}endnoteReference"):
                self.notes[tag[len(_W) : -len("Reference")] + "s"] += 1
                continue
            else:
                continue
            self.size += len(text)
            _check_length(self.name, self.size)
            para.chars.extend(text)
            para.marks.extend([marks] * len(text))
            para.has_text = para.has_text or bool(text.strip())

    def _style_of(self, rpr: object) -> Marks:
        style = None if rpr is None else rpr.find(f"{_W}rStyle")  # type: ignore[attr-defined]
        if style is None:
            return UNSET
        return self.styles.get(style.get(f"{_W}val", ""), UNSET)

    def blocks(self) -> Iterator[Block]:
        """Yield the blocks read: each paragraph whose mark was deleted joined to the next, and
        the paragraphs of a signature block in this tool's styles read as that block."""
        paras = list(self._joined())
        # Bookmark ids become names here, without those that never end (their end deleted):
        # by id, so an unended copy ("survival_Copy_1") leaves the original's clause alone.
        unended = set(self.open)
        for para in paras:
            para.marks = [
                (*m[:3], tuple(dict.fromkeys(self.names[i] for i in m[3] if i not in unended)))
                for m in para.marks
            ]
        k = 0
        while k < len(paras):
            if paras[k].page_break_before and k:  # as the writer puts a page break
                yield PageBreak()
            signature, k_next = _signature_block(paras, k)
            if signature is not None:
                yield signature
                k = k_next
                continue
            block = _to_block(paras[k])
            if block is not None:
                yield block
            k += 1

    def _joined(self) -> Iterator[_Para]:
        carry = _Para()
        for para in self.paras:
            if not carry.chars:
                carry.page_break_before = para.page_break_before
            carry.chars.extend(para.chars)
            carry.marks.extend(para.marks)
            carry.style = para.style
            carry.keep_with_next = para.keep_with_next
            if para.mark_deleted:
                continue
            if para.label and carry.chars:  # the page prints it before the text, as typed
                first = carry.marks[0]
                carry.chars[:0] = para.label
                carry.marks[:0] = [(False, False, False, first[3])] * len(para.label)
            yield carry
            carry = _Para()
        if carry.chars:
            yield carry


#: Paragraph styles (this tool's DOCX writer's, and Word's built-in ones) read as other blocks.
_STYLED_BLOCKS = {"title": "title", "exhibitlegend": "legend", "heading1": "heading"}
_FLUSH_STYLES = ("bodytextflush", "signature")


def _signature_block(paras: list[_Para], k: int) -> tuple[SignatureBlock | None, int]:
    """Return the signature block that starts at ``paras[k]`` and the index after it, or
    ``(None, k)`` when none does.

    A block is an optional caption (Signature Party), one line to sign (Signature Line, or
    Signature Line Plain), then up to two lines beneath it (name, title). Read as paragraphs,
    its line to sign lost its tabs and, left blank to sign, the line itself. The styles are
    those the DOCX writer sets (:data:`generator.writers.docx_base.STYLES`).
    """
    from generator.writers.docx_base import STYLES  # read a .docx: python-docx is loaded

    party_style = STYLES["party"].lower()  # compared as _to_block does, in any case
    lines = (STYLES["signature_line"].lower(), STYLES["signature_line_plain"].lower())
    details = (STYLES["signature_details"].lower(), STYLES["signature"].lower())
    at = k
    party = None
    if paras[at].style.lower() == party_style:
        party = _line_text(paras[at]) or None
        at += 1
    if at >= len(paras) or paras[at].style.lower() not in lines:
        return None, k
    line = paras[at]
    signature = _line_text(line)
    by = signature == "By:" or signature.startswith("By: ")
    if by:
        signature = signature[3:].strip()
    at += 1
    below: list[str] = []
    while at < len(paras) and len(below) < 2 and paras[at].style.lower() in details:
        below.append(_line_text(paras[at]))
        at += 1
    name, title = [*(d or None for d in below), None, None][:2]
    _, clause = _paragraph_clause(line.marks)
    block = SignatureBlock(party, signature or None, by, name, title, clause=clause or "signatures")
    return block, at


def _line_text(para: _Para) -> str:
    """Return a paragraph's text as one line: tabs and breaks as spaces, runs of them as one."""
    return _SPACES.sub(" ", "".join(para.chars)).strip(" ")


def _to_block(para: _Para) -> Block | None:
    paragraph = _to_paragraph(para)
    if paragraph is None:
        return None
    style = para.style.lower()
    kind = _STYLED_BLOCKS.get(style)
    body = "".join(r.text for r in paragraph.runs)
    if kind == "title" and paragraph.number is None:
        return Title(body, clause=paragraph.clause)
    if kind == "legend" and paragraph.number is None:
        return Legend(body, clause=paragraph.clause)
    if kind == "heading" and paragraph.number is None:
        return Heading(runs=paragraph.runs, clause=paragraph.clause)
    if para.keep_with_next:
        paragraph = replace(paragraph, keep_with_next=True)
    if style.startswith(_FLUSH_STYLES):
        return replace(paragraph, indent="none")
    return paragraph


def _to_paragraph(para: _Para) -> Paragraph | None:
    text = "".join(para.chars)
    number = None
    start = 0
    m = _NUMBER.match(text.lstrip())
    if m:
        number = m.group(1)
        start = len(text) - len(text.lstrip()) + m.end()
    chars = para.chars[start:]
    marks = para.marks[start:]
    common, clause = _paragraph_clause(marks)
    runs: list[Run] = []
    for ch, (bold, italic, underline, names) in zip(chars, marks, strict=True):
        ch = " " if ch in "\t\n" else ch
        inline = tuple(n for n in names if n not in common)
        if runs and (runs[-1].bold, runs[-1].italic, runs[-1].underline, runs[-1].clauses) == (
            bold,
            italic,
            underline,
            inline,
        ):
            last = runs[-1]
            runs[-1] = Run(last.text + ch, bold, italic, underline, inline)
        else:
            runs.append(Run(ch, bold, italic, underline, inline))
    runs = _trim(runs)
    if not runs:
        return None
    return Paragraph(runs=tuple(runs), clause=clause, number=number)


def _paragraph_clause(
    marks: list[tuple[bool, bool, bool, tuple[str, ...]]],
) -> tuple[tuple[str, ...], str | None]:
    """Return (the bookmarks over the whole paragraph, the paragraph's clause id).

    The clause is the innermost bookmark open over every character; failing that (words added
    after the bookmark's end by hand), the bookmark open at the first character that covers
    most of the paragraph, when it covers at least half of it.
    """
    if not marks:
        return (), None
    shared = set(marks[0][3]).intersection(*(set(m[3]) for m in marks[1:]))
    common = tuple(n for n in marks[0][3] if n in shared)
    if common:
        return common, common[-1]
    cover = {n: sum(1 for m in marks if n in m[3]) for n in marks[0][3]}
    best = max(cover, key=lambda n: cover[n], default=None)
    if best is not None and cover[best] * 2 >= len(marks):
        return (best,), best
    return (), None


def _trim(runs: list[Run]) -> list[Run]:
    """Return `runs` without leading and trailing whitespace, and with runs of spaces as one."""
    out: list[Run] = []
    previous_space = True
    for run in runs:
        text = _SPACES.sub(" ", run.text)
        if previous_space:
            text = text.lstrip(" ")
        if not text:
            continue
        previous_space = text.endswith(" ")
        out.append(Run(text, run.bold, run.italic, run.underline, run.clauses))
    while out and out[-1].text.endswith(" "):
        last = out.pop()
        text = last.text.rstrip(" ")
        if text:
            out.append(Run(text, last.bold, last.italic, last.underline, last.clauses))
            break
    return out
