"""What a ``.docx`` holds beside the words a redline compares, for the summary's notes.

The redline compares the body's text, tracked changes accepted. A reviewer is told, in a note
under the summary, of what that leaves out or reads otherwise than the file holds it: the
comments, the text boxes and the embedded documents (``w:altChunk``: HTML, RTF or another
``.docx`` that Word merges into the text as it opens the file; footnotes and endnotes are
counted by the reader, as it meets their references in the text it reads), the tracked
changes read as accepted, and the text
of the headers and footers the pages show (:func:`stories`, :func:`story_text`), which a
note names where it differs from the other side's.
"""

from __future__ import annotations

from typing import Any

from generator.docx_runs import hidden, on

__all__ = ["PAGE_FIELDS", "beside_the_words", "comment_count", "stories", "story_text"]

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_TEXTPATH = "{urn:schemas-microsoft-com:vml}textpath"
_R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
#: Fields whose result Word works out anew as it lays out, saves or prints the file: a file
#: holds the page or the day they were last worked out for, so they are read as their name in
#: braces (``{page}``), the same in every copy.
_VOLATILE_FIELDS = frozenset(
    {"PAGE", "NUMPAGES", "SECTIONPAGES", "DATE", "TIME", "PRINTDATE", "SAVEDATE"}
)
#: How the fields that number pages read (:func:`story_text`); a header that holds nothing
#: else than a page number or label with them says nothing a reviewer need be told.
PAGE_FIELDS = ("{page}", "{numpages}", "{sectionpages}")
#: The tracked changes a .docx may hold: text (or a paragraph mark) inserted, deleted, moved.
_REVISIONS = (f"{_W}ins", f"{_W}del", f"{_W}moveFrom", f"{_W}moveTo")


def comment_count(package: Any) -> int:
    """Return how many comments a python-docx document's comments part holds (0: none)."""
    for rel in package.part.rels.values():
        if not rel.is_external and rel.reltype.endswith("/comments"):
            element = getattr(rel.target_part, "element", None)
            if element is None:  # a part python-docx does not parse: count in its XML
                return int(rel.target_part.blob.count(b":comment "))
            return len(element.findall(f"{_W}comment"))
    return 0


def beside_the_words(body: Any) -> dict[str, int]:
    """Return how many text boxes (``"text boxes"``), embedded documents (``"embedded
    documents"``, ``w:altChunk``) and tracked changes (``"tracked changes"``) the ``w:body``
    element `body` holds.

    Counted as the page shows them, in one pass: what Word saves twice (a drawing and its VML
    fallback, ``mc:Fallback``) once; no text box struck by a tracked deletion; and only the
    embedded documents and tracked changes of the text the reader reads, as accepted: those
    inside a text box are in text that is not compared at all (the text box's own note says
    so).
    """
    boxes = chunks = changes = 0
    struck_by = (f"{_W}del", f"{_W}moveFrom")
    stack: list[tuple[Any, bool, bool]] = [(body, False, False)]  # element, struck, in a box
    while stack:
        element, struck, boxed = stack.pop()
        for child in element:
            tag = child.tag
            if tag == _FALLBACK:
                continue
            if tag == f"{_W}txbxContent":
                boxes += not struck
            elif tag in _REVISIONS and not boxed:
                changes += 1
            elif tag == f"{_W}altChunk" and not boxed:
                chunks += 1
            stack.append((child, struck or tag in struck_by, boxed or tag == f"{_W}txbxContent"))
    return {"text boxes": boxes, "embedded documents": chunks, "tracked changes": changes}


def stories(package: Any) -> dict[str, list[Any]]:
    """Return the root elements of the headers (``"headers"``) and footers (``"footers"``)
    that the sections of python-docx document `package` show, in section order, each once.

    A first page's header or footer is read only where its section has a first page of its
    own (``w:titlePg``), an even page's only where the settings print them
    (``w:evenAndOddHeaders``): Word keeps the others in the file without showing them.
    """
    settings = package.settings.element
    even_pages = on(settings.find(f"{_W}evenAndOddHeaders"))
    found: dict[str, list[Any]] = {"headers": [], "footers": []}
    seen: set[int] = set()
    for section in package.element.body.iter(f"{_W}sectPr"):
        if section.getparent().tag == f"{_W}sectPrChange":  # a tracked change's old settings
            continue
        shown = {"default": True, "first": on(section.find(f"{_W}titlePg")), "even": even_pages}
        for kind in ("header", "footer"):
            for reference in section.iterfind(f"{_W}{kind}Reference"):
                rel = package.part.rels.get(reference.get(_R_ID, ""))
                if not shown.get(reference.get(f"{_W}type", "default")) or rel is None:
                    continue
                root = None if rel.is_external else getattr(rel.target_part, "element", None)
                if root is not None and id(root) not in seen:
                    seen.add(id(root))
                    found[f"{kind}s"].append(root)
    return found


def story_text(root: Any) -> str:
    """Return the text a header or footer (`root`, its ``w:hdr`` or ``w:ftr``) shows.

    Read as the body is (tracked changes accepted, hidden text left out), its text boxes and
    a watermark's text (WordArt, ``v:textpath``) included, spaces folded; a field that
    numbers pages or dates the copy (:data:`_VOLATILE_FIELDS`) as its name in braces.
    """
    out: list[str] = []
    # The complex fields open around the text read: [instruction, whether its result is
    # read as the field's name instead].
    fields: list[list[Any]] = []

    def volatile(instruction: str) -> str | None:
        words = instruction.split()
        name = words[0].upper() if words else ""
        return f"{{{name.lower()}}}" if name in _VOLATILE_FIELDS else None

    def walk(element: Any) -> None:
        for child in element:
            tag = child.tag
            if tag in (f"{_W}del", f"{_W}moveFrom", _FALLBACK, f"{_W}pPr", f"{_W}rPr"):
                continue
            if tag == f"{_W}r" and hidden(child.find(f"{_W}rPr"), False):
                continue
            if tag == f"{_W}fldChar":
                kind = child.get(f"{_W}fldCharType")
                if kind == "begin":
                    fields.append(["", False])
                elif fields and kind in ("separate", "end") and not fields[-1][1]:
                    name = volatile(fields[-1][0])
                    if name:  # shown once, whether the file holds a result or not
                        out.append(name)
                        fields[-1][1] = True
                if fields and kind == "end":
                    fields.pop()
            elif tag == f"{_W}instrText":
                if fields:
                    fields[-1][0] += child.text or ""
            elif tag == f"{_W}t":
                if not any(replaced for _, replaced in fields):
                    out.append(child.text or "")
            elif tag in (f"{_W}tab", f"{_W}ptab", f"{_W}br", f"{_W}cr"):
                out.append(" ")
            elif tag == f"{_W}fldSimple" and volatile(child.get(f"{_W}instr", "")):
                out.append(volatile(child.get(f"{_W}instr", "")) or "")
            elif tag == _TEXTPATH:
                out.append(f" {child.get('string', '')} ")
            else:
                walk(child)
                if tag == f"{_W}p":
                    out.append(" ")

    walk(root)
    return " ".join("".join(out).split())
