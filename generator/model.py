"""The document model: the one small, closed tree that templates produce and writers consume.

A :class:`Document` is a sequence of blocks (:class:`Legend`, :class:`Title`, :class:`Heading`,
:class:`Paragraph`, :class:`SignatureBlock`, :class:`PageBreak`). Paragraphs hold inline
:class:`Run` objects. Every block that belongs to a clause carries that clause's stable id in
``clause``; a clause that is only part of a paragraph (a carve-out, one condition of a list) is
marked on the runs it covers, in :attr:`Run.clauses`.

Writers read this model and nothing else: never the term sheet, never the templates. A redline is
the same model with runs marked ``change="insert"`` or ``change="delete"``, paragraph marks that
were inserted or deleted (a paragraph split or merged) marked in ``mark``, and signature blocks
inserted or deleted whole marked in ``change``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Literal, TypeAlias

__all__ = [
    "PARAGRAPH_MARK_TEXT",
    "Block",
    "Clause",
    "Document",
    "Heading",
    "Legend",
    "PageBreak",
    "Paragraph",
    "Run",
    "SignatureBlock",
    "Title",
    "paragraph_mark",
    "whole_change",
]

Change: TypeAlias = Literal["insert", "delete"]


@dataclass(frozen=True, slots=True)
class Run:
    """A stretch of text with one set of marks."""

    text: str
    """The characters, with single spaces; never empty in a built document."""
    bold: bool = False
    italic: bool = False
    underline: bool = False
    clauses: tuple[str, ...] = ()
    """Ids of the inline clauses this run belongs to, outermost first; ``()`` for none."""
    change: Change | None = None
    """``"insert"`` or ``"delete"`` in a redline; ``None`` for unchanged text."""


@dataclass(frozen=True, slots=True)
class Legend:
    """The exhibit legend at the top of the first page (``EXHIBIT 10.3``)."""

    text: str
    clause: str | None = None


@dataclass(frozen=True, slots=True)
class Title:
    """The document's title, centred and ruled beneath (``INDEMNIFICATION AGREEMENT``)."""

    text: str
    clause: str | None = None


@dataclass(frozen=True, slots=True)
class Heading:
    """A centred section heading inside the document (``R E C I T A L S``)."""

    runs: tuple[Run, ...]
    clause: str | None = None
    mark: Change | None = None
    """In a redline, the change of the paragraph mark; see :attr:`Paragraph.mark`."""

    @property
    def text(self) -> str:
        """Return the heading's text."""
        return "".join(r.text for r in self.runs)


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A paragraph of running text, optionally numbered (``1.``, ``(a)``)."""

    runs: tuple[Run, ...]
    clause: str | None = None
    """Id of the clause the whole paragraph belongs to; ``None`` for connective text."""
    number: str | None = None
    """The literal section number (``"1."``, ``"(a)"``), set after a tab; ``None`` for none."""
    indent: Literal["first", "none", "signature"] = "first"
    """``"first"``: first line indented as the filing's body text; ``"none"``: flush left;
    ``"signature"``: flush left in the signature blocks' column (a redline's changed signature
    block, written as lines)."""
    keep_with_next: bool = False
    """Keep on the same page as the next block (lead-ins to signatures)."""
    mark: Change | None = None
    """In a redline, the change of the paragraph mark, when it is not the runs' own:
    ``"insert"`` where NEW split a paragraph of OLD (rejecting joins this paragraph to the next),
    ``"delete"`` where NEW joined two paragraphs of OLD (accepting joins it to the next).
    ``None``: as the runs say, inserted (deleted) with a paragraph whose every run is, else kept.
    """

    @property
    def text(self) -> str:
        """Return the paragraph's text with its number, as a reader sees it."""
        body = "".join(r.text for r in self.runs)
        return f"{self.number} {body}" if self.number else body


@dataclass(frozen=True, slots=True)
class SignatureBlock:
    """One party's signature block. Lines that are ``None`` are not printed.

    Printed top to bottom: ``party`` (caption), the signature line (``By:`` when ``by``, then
    ``signature`` or a blank line to sign), ``name`` and ``title`` beneath the line.
    """

    party: str | None
    """Caption above the line (``NATURAL HEALTH TRENDS CORP.``); ``None`` for none."""
    signature: str | None
    """Conformed signature (``/s/ TERRY L. LACORE``); ``None`` leaves the line blank to sign."""
    by: bool = False
    """Print ``By:`` before the line, as for a person signing for an entity."""
    name: str | None = None
    title: str | None = None
    clause: str | None = "signatures"
    change: Change | None = None
    """In a redline, ``"insert"`` or ``"delete"`` for a block inserted or deleted whole (each of
    its lines and paragraph marks); ``None`` for an unchanged block."""

    @property
    def lines(self) -> tuple[str, ...]:
        """Return the printed lines in reading order (the rule line is not text)."""
        out: list[str] = []
        if self.party:
            out.append(self.party)
        sig = self.signature or ""
        if self.by:
            sig = f"By: {sig}".rstrip()
        if sig:
            out.append(sig)
        out.extend(x for x in (self.name, self.title) if x)
        return tuple(out)

    @property
    def text(self) -> str:
        """Return the block's text, one line per printed line."""
        return "\n".join(self.lines)


@dataclass(frozen=True, slots=True)
class PageBreak:
    """Start the next block on a new page (paged writers); a blank line elsewhere."""

    clause: str | None = None

    @property
    def text(self) -> str:
        """Return the empty string: a page break has no words."""
        return ""


Block: TypeAlias = Legend | Title | Heading | Paragraph | SignatureBlock | PageBreak


@dataclass(frozen=True, slots=True)
class Clause:
    """A view of one clause of a document: the blocks and runs that carry its id."""

    id: str
    blocks: tuple[Block, ...]
    text: str
    """The clause's words: whole blocks' text, or for an inline clause the text of its runs."""


@dataclass(frozen=True, slots=True)
class Document:
    """One assembled agreement."""

    id: str
    """The document id: ``"indemnification"`` or ``"release"``."""
    title: str
    """Human title for metadata (``Indemnification Agreement``)."""
    blocks: tuple[Block, ...]
    page_label: str = "{page}"
    """Footer page label; ``{page}`` is replaced by the page number (``F-2-{page}``)."""
    number_first_page: bool = False
    """Print the page label on page one too."""
    metadata: dict[str, str] = field(default_factory=dict)
    """Core properties for writers: ``subject``, ``date`` (ISO), ``author``."""
    template_clauses: frozenset[str] = frozenset()
    """Every clause id the document's template can give, present or not (empty when unknown):
    what tells a clause toggled off from a misspelt id."""

    # -- queries ------------------------------------------------------------------------------

    @property
    def clauses(self) -> tuple[str, ...]:
        """Return the ids of the clauses present, in document order, each once."""
        seen: dict[str, None] = {}
        for block in self.blocks:
            if block.clause:
                seen.setdefault(block.clause, None)
            for run in _runs(block):
                for cid in run.clauses:
                    seen.setdefault(cid, None)
        return tuple(seen)

    def has_clause(self, clause_id: str) -> bool:
        """Return whether a clause with `clause_id` is present."""
        return clause_id in self.clauses

    def clause(self, clause_id: str) -> Clause:
        """Return the :class:`Clause` with `clause_id`; raise ``KeyError`` when it is absent, its
        message naming the clauses present (and the one meant, for a near miss)."""
        blocks: list[Block] = []
        parts: list[str] = []
        for block in self.blocks:
            if block.clause == clause_id:
                blocks.append(block)
                parts.append(block_text(block))
                continue
            inline = "".join(r.text for r in _runs(block) if clause_id in r.clauses)
            if inline:
                blocks.append(block)
                parts.append(inline.strip())
        if not blocks:
            raise KeyError(self._no_clause(clause_id))
        return Clause(clause_id, tuple(blocks), "\n\n".join(parts))

    def _no_clause(self, clause_id: str) -> str:
        """Return the message for a `clause_id` not in this document: what it holds instead."""
        import difflib

        present = self.clauses
        meant = difflib.get_close_matches(clause_id, present, n=1)
        where = f"no clause {clause_id!r} in this {self.title or self.id}"
        where += f"; did you mean {meant[0]!r}? It" if meant else ": it"
        return (
            f"{where} holds {', '.join(present) or 'none'} (a clause its term sheet turns off "
            "is absent)"
        )

    @property
    def text(self) -> str:
        """Return the whole document as plain text: blocks separated by blank lines."""
        return "\n\n".join(t for t in (block_text(b) for b in self.blocks) if t) + "\n"

    def iter_runs(self) -> Iterator[Run]:
        """Yield every run of every block, in order."""
        for block in self.blocks:
            yield from _runs(block)


def paragraph_mark(block: Paragraph | Heading) -> Change | None:
    """Return the change of `block`'s paragraph mark: its :attr:`Paragraph.mark`, or else
    ``"insert"`` (``"delete"``) when every run is inserted (deleted); ``None``: kept."""
    return block.mark if block.mark is not None else whole_change(block.runs)


#: How a paragraph mark inserted or deleted on its own (a paragraph split or joined) reads in
#: the text views of a redline (terminal, TXT, HTML, the list of changes).
PARAGRAPH_MARK_TEXT = "\u23ce"


def is_page_label(label: str) -> bool:
    """Return whether `label` can label pages: it holds ``{page}`` (the number) and no other
    brace, which the writers would have to escape (the PDF's stylesheet, above all)."""
    return "{page}" in label and not re.search(r"[{}]", label.replace("{page}", ""))


def whole_change(runs: Iterable[Run]) -> Change | None:
    """Return the change every one of `runs` carries (``"insert"`` or ``"delete"``), if one
    change is all of them; ``None`` when they are kept, or mixed."""
    changes = {run.change for run in runs}
    return changes.pop() if len(changes) == 1 else None


def _runs(block: Block) -> tuple[Run, ...]:
    if isinstance(block, Paragraph | Heading):
        return block.runs
    return ()


def block_text(block: Block) -> str:
    """Return the words of `block` as a reader sees them (``""`` for a page break)."""
    return block.text
