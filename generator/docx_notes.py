"""What a ``.docx`` holds beside the words a redline compares, counted for the summary's notes.

The redline compares the body's text, tracked changes accepted. A reviewer is told, in a note
under the summary, of what that leaves out or reads otherwise than the file holds it: the
comments, the text boxes (footnotes and endnotes are counted by the reader, as it meets
their references in the text it reads) and the tracked changes read as accepted.
"""

from __future__ import annotations

from typing import Any

__all__ = ["beside_the_words", "comment_count"]

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
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
    """Return how many text boxes (``"text boxes"``) and tracked changes (``"tracked
    changes"``) the ``w:body`` element `body` holds.

    Counted as the page shows them, in one pass: what Word saves twice (a drawing and its VML
    fallback, ``mc:Fallback``) once; no text box struck by a tracked deletion; and only the
    tracked changes of the text the reader reads, as accepted: those inside a text box are
    in text that is not compared at all (the text box's own note says so).
    """
    boxes = changes = 0
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
            stack.append((child, struck or tag in struck_by, boxed or tag == f"{_W}txbxContent"))
    return {"text boxes": boxes, "tracked changes": changes}
