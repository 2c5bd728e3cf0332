"""What a comparison gives: the changes, the clauses they touch, the redline document."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, Literal

from generator.errors import RenderError, shown
from generator.model import Block, Document, Heading, PageBreak, Paragraph, Run

__all__ = ["Change", "Comparison", "KeyChange", "Redline"]


@dataclass(frozen=True, slots=True)
class Change:
    """One edit: words of OLD deleted, words of NEW inserted, or both (a replacement)."""

    document: str
    """The id of the document compared (``"indemnification"``)."""
    kind: Literal["insert", "delete", "replace"]
    old: str
    """OLD's words that went (``""`` for an insertion)."""
    new: str
    """NEW's words that came (``""`` for a deletion)."""
    clauses: tuple[str, ...]
    """Ids of the clauses the edit touches, on either side, in order; ``()`` for none. Words
    of a side without ids (a ``.txt``) count in the clause of the kept text around them."""
    words_inserted: int
    words_deleted: int


@dataclass(frozen=True, slots=True)
class KeyChange:
    """One term-sheet value that differs between two term sheets."""

    key: str
    """The dotted key (``indemnification.survival_years``, ``indemnitors.0.name``)."""
    old: Any
    new: Any

    def __str__(self) -> str:
        return f"{self.key}: {_show(self.old)} -> {_show(self.new)}"


@dataclass(frozen=True, slots=True)
class Comparison:
    """The comparison of one agreement: its redline document and its changes."""

    document: Document
    """The redline: NEW's blocks with inserted and deleted runs."""
    changes: tuple[Change, ...]
    clause_sides: tuple[bool, bool] = (False, False)
    """Whether OLD and NEW each carry clause ids (a term sheet's, or a generated DOCX's)."""

    @property
    def has_clauses(self) -> bool:
        """Return whether either side carries clause ids."""
        return any(self.clause_sides)

    @property
    def changed_clauses(self) -> tuple[str, ...]:
        """Return the ids of the clauses with a change, in order of first change, each once."""
        return tuple(dict.fromkeys(c for change in self.changes for c in change.clauses))

    @property
    def words_inserted(self) -> int:
        """Return how many words (punctuation not counted) were inserted."""
        return sum(c.words_inserted for c in self.changes)

    @property
    def words_deleted(self) -> int:
        """Return how many words (punctuation not counted) were deleted."""
        return sum(c.words_deleted for c in self.changes)


@dataclass(frozen=True, slots=True)
class Redline:
    """What :func:`diff` found: one :class:`Comparison` per agreement compared."""

    old: str
    """OLD as the user named it."""
    new: str
    parts: tuple[Comparison, ...]
    key_changes: tuple[KeyChange, ...] = ()
    """For two term sheets: the values that differ, in key order."""
    notes: tuple[str, ...] = ()
    """What the comparison left out that a reviewer should know (a side's comments)."""

    @property
    def changes(self) -> tuple[Change, ...]:
        """Return every change, agreement by agreement, in reading order."""
        return tuple(c for part in self.parts for c in part.changes)

    @property
    def changed_clauses(self) -> tuple[str, ...]:
        """Return the ids of the clauses with a change, each once, in order."""
        return tuple(dict.fromkeys(c for part in self.parts for c in part.changed_clauses))

    @property
    def is_empty(self) -> bool:
        """Return whether the documents compared have the same words."""
        return not self.changes

    @property
    def words_inserted(self) -> int:
        """Return how many words were inserted, over all agreements."""
        return sum(p.words_inserted for p in self.parts)

    @property
    def words_deleted(self) -> int:
        """Return how many words were deleted, over all agreements."""
        return sum(p.words_deleted for p in self.parts)

    @property
    def document(self) -> Document:
        """Return the redline document: the one agreement's, or all of them, page after page."""
        if len(self.parts) == 1:
            return self.parts[0].document
        first = self.parts[0].document
        blocks: list[Block] = []
        for part in self.parts:
            if blocks:
                blocks.append(PageBreak())
            blocks.extend(part.document.blocks)
        title = " and ".join(p.document.title for p in self.parts)
        return replace(first, id="redline", title=title, blocks=tuple(blocks))

    def summary(self) -> list[str]:
        """Return the summary as lines: what was compared, the counts, clauses and keys."""
        lines = [f"Redline of {shown(self.old)} (old) against {shown(self.new)} (new)"]
        if self.is_empty:
            lines.append("No differences in the words.")
        for part in self.parts:
            name = f"{part.document.title}: " if len(self.parts) > 1 else ""
            if not part.changes:
                if len(self.parts) > 1:
                    lines.append(f"{name}no differences")
                continue
            lines.append(
                f"{name}{_count(part.words_inserted, 'word')} inserted, "
                f"{_count(part.words_deleted, 'word')} deleted, "
                f"{_count(len(part.changes), 'change')}"
            )
            if part.has_clauses:
                clauses = ", ".join(part.changed_clauses)
                if any(not change.clauses for change in part.changes):
                    outside = "text outside any clause"  # a title, a paragraph added between
                    if not all(part.clause_sides):  # the other side's may have been a clause
                        outside += f" of {shown(self.old if part.clause_sides[0] else self.new)}"
                    clauses = f"{clauses}; and {outside}" if clauses else f"none; all in {outside}"
                lines.append(f"{name}changed clauses: {clauses}")
        if self.key_changes:
            lines.append("Term sheet keys that differ:")
            lines.extend(f"  {k}" for k in self.key_changes)
        lines.extend(f"Note: {note}" for note in self.notes)
        return lines

    def summary_document(self) -> Document:
        """Return the redline document with the summary on top, on a page of its own."""
        doc = self.document
        top: list[Block] = [Heading(runs=(Run("Summary of changes", bold=True),))]
        top.extend(Paragraph(runs=(Run(line.strip()),), indent="none") for line in self.summary())
        return replace(doc, blocks=(*top, PageBreak(), *doc.blocks))

    def write(self, fmt: str) -> bytes:
        """Return the redline written by the project's writer `fmt` (``"html"``, ``"docx"``).

        The HTML page carries the summary on top; every other format carries the redline
        document alone, so that accepting every change gives exactly NEW.
        """
        from generator.writers import get_writer

        try:
            writer = get_writer(fmt)
        except ModuleNotFoundError:
            raise RenderError(f"the {fmt} writer is not installed in this copy of docgen") from None
        return writer(self.summary_document() if fmt == "html" else self.document)


def _show(value: Any) -> str:
    if value is None:
        return "(none)"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"
