"""The reviewer's redline: compare two versions of an agreement, word by word.

:func:`diff` takes two sides (a term sheet, a ``.txt``, ``.docx`` or ``.pdf`` file, or a
:class:`~generator.model.Document`) and returns a :class:`Redline`: the changes, the clauses
they touch, and a redline *document*: NEW's blocks with inserted and deleted runs
(``Run.change``), OLD's deleted paragraphs put back in place as all-deleted paragraphs. The
project's writers lay that document out (``Redline.write("docx")`` gives Word tracked changes).

The comparison works in two passes. Blocks are aligned first, by their folded tokens, so an
untouched paragraph is never matched against the wrong one; each stretch of blocks that differ
is then compared token by token (words, and each punctuation mark as a token of its own). Both
passes use the Myers algorithm of diff-match-patch with no deadline, so the edit script is a
shortest one even on long, repetitive legal text (``difflib.SequenceMatcher`` matches the longest
block first and then misaligns repeated passages; with ``autojunk`` it also ignores frequent
words such as "the" and "Indemnified"). The script is then tidied for reading: a tiny equality
between two edits is folded into them, and an insertion or deletion is slid to the sentence or
word boundary where a reader expects it.
"""

from __future__ import annotations

import datetime as dt
import sys
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal, TypeAlias

from diff_match_patch import diff_match_patch

from generator.errors import GeneratorError, RenderError
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
from generator.normalize import DEFAULT, Folding, Token, spans

__all__ = [
    "Change",
    "Comparison",
    "KeyChange",
    "Redline",
    "compare",
    "diff",
    "token_diff",
]

Op: TypeAlias = Literal["=", "-", "+"]
Side: TypeAlias = Any
"""A side of a comparison: a path (``str`` or ``Path``), a ``TermSheet``, or a ``Document``."""
_TERM_SHEET_SUFFIXES = (".yaml", ".yml")


# -- results ----------------------------------------------------------------------------------


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
    """Ids of the clauses the edit touches, on either side, in order; ``()`` for none."""
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
    has_clauses: bool
    """Whether either side carries clause ids (a term sheet's, or a generated DOCX's)."""

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
        lines = [f"Redline of {self.old} (old) against {self.new} (new)"]
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
                clauses = ", ".join(part.changed_clauses) or "none (connective text only)"
                lines.append(f"{name}changed clauses: {clauses}")
        if self.key_changes:
            lines.append("Term sheet keys that differ:")
            lines.extend(f"  {k}" for k in self.key_changes)
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


# -- public API -------------------------------------------------------------------------------


def diff(
    old: Side,
    new: Side,
    document: str | None = None,
    *,
    folding: Folding = DEFAULT,
    author: str | None = None,
    date: str | dt.datetime | None = None,
) -> Redline:
    """Return the redline of `old` against `new`.

    Each side is a term sheet (a ``.yaml``/``.yml`` path or a :class:`TermSheet`), a ``.txt``,
    ``.docx`` or ``.pdf`` path, or a :class:`Document`. `document` picks the agreement of a term
    sheet; when both sides are term sheets and it is ``None``, every agreement is compared;
    when one is, the agreement closest to the other side is taken. `author` and `date` (ISO,
    default now) mark the tracked changes.
    """
    from generator.assembly import DOCUMENTS, assemble, load

    old_name, old_side = _open(old, document, folding)
    new_name, new_side = _open(new, document, folding)
    stamp = _stamp(date)
    meta = {"author": author or "docgen", "date": stamp}

    sheets = [s for s in (old_side, new_side) if not isinstance(s, Document)]
    if document is not None and sheets and document not in DOCUMENTS:
        raise GeneratorError(
            f"--document: there is no document {document!r}; the documents are "
            f"{', '.join(DOCUMENTS)}"
        )
    key_changes: tuple[KeyChange, ...] = ()
    if len(sheets) == 2:
        ids = (document,) if document else DOCUMENTS
        key_changes = _key_changes(load(old_side), load(new_side))
    elif len(sheets) == 1:
        other = old_side if isinstance(old_side, Document) else new_side
        assert isinstance(other, Document)
        ids = (document or _closest(load(sheets[0]), other, folding),)
    else:
        ids = (document or "",)

    parts: list[Comparison] = []
    for doc_id in ids:
        a = old_side if isinstance(old_side, Document) else assemble(doc_id, old_side)
        b = new_side if isinstance(new_side, Document) else assemble(doc_id, new_side)
        parts.append(compare(a, b, folding, metadata=meta))
    return Redline(old_name, new_name, tuple(parts), key_changes)


def compare(
    old: Document,
    new: Document,
    folding: Folding = DEFAULT,
    *,
    metadata: Mapping[str, str] | None = None,
) -> Comparison:
    """Return the comparison of two documents: the redline document and its changes.

    `metadata` is merged into the redline document's (``author``, ``date`` of the changes).
    """
    engine = _Engine(old, new, folding)
    blocks, changes = engine.run()
    meta = dict(new.metadata)
    meta.update(metadata or {})
    doc = replace(new, blocks=tuple(blocks), metadata=meta)
    return Comparison(doc, tuple(changes), bool(old.clauses or new.clauses))


def token_diff(
    a: Sequence[str], b: Sequence[str], deadline: float | None = None
) -> list[tuple[Op, int]]:
    """Return an edit script turning tokens `a` into tokens `b`, tidied for reading.

    Each pair is ``("=", n)`` (n tokens kept), ``("-", n)`` (n of `a` deleted) or ``("+", n)``
    (n of `b` inserted); in a stretch of edits the deletions come first. `deadline` (a
    ``time.monotonic()`` value) bounds the work; see :func:`_edit_script`.
    """
    ops = _edit_script(a, b, deadline)
    ops = _fold_small_equalities(ops, a)
    ops = _merge(_slide(ops, a, b))
    return _merge(_close_brackets(ops, a, b))


# -- the edit script --------------------------------------------------------------------------


def _edit_script(
    a: Sequence[Any], b: Sequence[Any], deadline: float | None = None
) -> list[tuple[Op, int]]:
    """Return a shortest edit script from `a` to `b` (hashable items), merged.

    Past `deadline` (``time.monotonic()``; ``None``: none) the parts still to compare are
    taken as replaced whole: still a correct script, only a coarser one. Versions of one
    document never come near it; two unrelated long documents would otherwise take minutes.
    """
    codes: dict[Any, str] = {}
    ea, eb = _encode(a, codes), _encode(b, codes)
    engine = diff_match_patch()
    # Diff_Timeout 0 turns off the "half match" shortcut, which can pair the wrong copies of a
    # repeated clause; the deadline alone is passed to the Myers search itself.
    engine.Diff_Timeout = 0
    limit = sys.maxsize if deadline is None else time.time() + (deadline - time.monotonic())
    names: dict[int, Op] = {0: "=", -1: "-", 1: "+"}
    found = engine.diff_main(ea, eb, False, limit)
    return _merge([(names[op], len(text)) for op, text in found])


def _encode(items: Sequence[Any], codes: dict[Any, str]) -> str:
    out = []
    for item in items:
        code = codes.get(item)
        if code is None:
            n = len(codes) + 0x100
            code = codes[item] = chr(n if n < 0xD800 else n + 0x800)  # never a surrogate
        out.append(code)
    return "".join(out)


def _merge(ops: Sequence[tuple[Op, int]]) -> list[tuple[Op, int]]:
    """Return `ops` with neighbours of a kind joined and each stretch of edits as ``-`` ``+``."""
    out: list[tuple[Op, int]] = []
    dels = ins = 0
    for op, n in ops:
        if op == "=":
            if dels or ins:
                out.extend(x for x in (("-", dels), ("+", ins)) if x[1])  # type: ignore[misc]
                dels = ins = 0
            if n:
                if out and out[-1][0] == "=":
                    out[-1] = ("=", out[-1][1] + n)
                else:
                    out.append(("=", n))
        elif op == "-":
            dels += n
        else:
            ins += n
    out.extend(x for x in (("-", dels), ("+", ins)) if x[1])  # type: ignore[misc]
    return out


def _fold_small_equalities(ops: list[tuple[Op, int]], a: Sequence[str]) -> list[tuple[Op, int]]:
    """Return `ops` with each equality shorter than the edits on both sides folded into them.

    An equality of punctuation only is folded when it is no longer than them:
    ``[-three-]{+five+} ( [-3-]{+5+}`` reads better as ``[-three (3-]{+five (5+}``.
    """
    while True:
        ops = _merge(ops)
        edits = [_edit_sizes(ops, k) for k in range(len(ops))]
        out: list[tuple[Op, int]] = []
        folded = False
        i = 0
        for k, (op, n) in enumerate(ops):
            if op == "=" and 0 < k < len(ops) - 1:
                before, after = max(edits[k - 1]), max(edits[k + 1])
                slack = 0 if any(_is_word(t) for t in a[i : i + n]) else 1
                if n < before + slack and n < after + slack:
                    out.extend([("-", n), ("+", n)])
                    folded = True
                    i += n
                    continue
            out.append((op, n))
            i += n if op in "=-" else 0
        if not folded:
            return ops
        ops = out


def _join_regions(
    ops: list[tuple[Op, int]], old_sizes: Sequence[int], new_sizes: Sequence[int]
) -> list[tuple[Op, int]]:
    """Return block `ops` with each run of equal blocks that holds no more tokens than the
    changed blocks on both sides folded into them, so the word pass sees the changes as one.

    Paragraph boundaries that moved around a short repeated paragraph then compare equal.
    """
    while True:
        ops = _merge(ops)
        weights: list[tuple[int, int]] = []  # (OLD tokens, NEW tokens) of each op
        i = j = 0
        for op, n in ops:
            a = sum(old_sizes[i : i + n]) if op in "=-" else 0
            b = sum(new_sizes[j : j + n]) if op in "=+" else 0
            weights.append((a, b))
            i += n if op in "=-" else 0
            j += n if op in "=+" else 0
        out: list[tuple[Op, int]] = []
        joined = False
        for k, (op, n) in enumerate(ops):
            if op == "=" and 0 < k < len(ops) - 1 and not joined:
                before = _stretch_weight(ops, weights, k - 1)
                after = _stretch_weight(ops, weights, k + 1)
                if weights[k][0] <= before and weights[k][0] <= after:
                    out.extend([("-", n), ("+", n)])
                    joined = True
                    continue
            out.append((op, n))
        if not joined:
            return ops
        ops = out


def _stretch_weight(ops: list[tuple[Op, int]], weights: list[tuple[int, int]], k: int) -> int:
    lo = hi = k
    while lo > 0 and ops[lo - 1][0] != "=":
        lo -= 1
    while hi < len(ops) - 1 and ops[hi + 1][0] != "=":
        hi += 1
    dels = sum(weights[x][0] for x in range(lo, hi + 1) if ops[x][0] == "-")
    ins = sum(weights[x][1] for x in range(lo, hi + 1) if ops[x][0] == "+")
    return max(dels, ins)


def _edit_sizes(ops: list[tuple[Op, int]], k: int) -> tuple[int, int]:
    """Return (deleted, inserted) of the stretch of edits holding `ops[k]` (``(0, 0)``: none)."""
    if ops[k][0] == "=":
        return (0, 0)
    lo = k
    while lo > 0 and ops[lo - 1][0] != "=":
        lo -= 1
    hi = k
    while hi < len(ops) - 1 and ops[hi + 1][0] != "=":
        hi += 1
    dels = sum(n for op, n in ops[lo : hi + 1] if op == "-")
    ins = sum(n for op, n in ops[lo : hi + 1] if op == "+")
    return (dels, ins)


_SENTENCE = frozenset(".;:!?")
_CLOSING = frozenset(",.;:!?)]")


def _boundary(left: str | None, right: str | None) -> int:
    """Return how good a place for an edit to begin or end lies between two tokens."""
    if left is None or right is None:
        return 6
    if left in _SENTENCE:
        return 5
    if right in _CLOSING:
        return 0
    if left in (",", ")") or right == "(":
        return 3
    return 1


def _slide(ops: list[tuple[Op, int]], a: Sequence[str], b: Sequence[str]) -> list[tuple[Op, int]]:
    """Return `ops` with each lone insertion or deletion slid to its best-reading place.

    An edit between two equalities can slide while the token it gives up on one side equals
    the one it takes on the other (``the Party [and the] Party`` is ``the [Party and] the
    Party``); the place whose boundaries score best under :func:`_boundary` wins, the place
    found first on a tie.
    """
    ops = list(ops)
    i = j = 0  # where ops[k] starts in `a` and in `b`
    for k, (op, n) in enumerate(ops):
        lone = op != "=" and 0 < k < len(ops) - 1 and ops[k - 1][0] == ops[k + 1][0] == "="
        if lone:
            seq, at = (a, i) if op == "-" else (b, j)
            left_room, right_room = ops[k - 1][1], ops[k + 1][1]
            lo = 0
            while lo < left_room and seq[at - lo - 1] == seq[at + n - lo - 1]:
                lo += 1
            hi = 0
            while hi < right_room and seq[at + hi] == seq[at + n + hi]:
                hi += 1
            best, best_score = 0, _edit_score(seq, at, n)
            for shift in range(-lo, hi + 1):
                score = _edit_score(seq, at + shift, n)
                if score > best_score:
                    best, best_score = shift, score
            if best:
                ops[k - 1] = ("=", left_room + best)
                ops[k + 1] = ("=", right_room - best)
                i, j = i + best, j + best
        if op in "=-":
            i += n
        if op in "=+":
            j += n
    return [(op, n) for op, n in ops if n]


def _close_brackets(
    ops: list[tuple[Op, int]], a: Sequence[str], b: Sequence[str]
) -> list[tuple[Op, int]]:
    """Return `ops` with a bracket that an edit opened and the text after it closes taken in.

    ``[-three (3-]{+five (5+})`` becomes ``[-three (3)-]{+five (5)+}``.
    """
    ops = list(ops)
    out: list[tuple[Op, int]] = []
    i = j = k = 0
    while k < len(ops):
        op, n = ops[k]
        k += 1
        if op == "=":
            out.append((op, n))
            i, j = i + n, j + n
            continue
        dels, ins = (n, 0) if op == "-" else (0, n)
        if op == "-" and k < len(ops) and ops[k][0] == "+":
            ins = ops[k][1]
            k += 1
        opened = _unclosed(a[i : i + dels]) > 0 or _unclosed(b[j : j + ins]) > 0
        if opened and k < len(ops) and ops[k][1] > 0 and a[i + dels] == ")":
            dels, ins = dels + 1, ins + 1
            ops[k] = ("=", ops[k][1] - 1)
        out.extend(x for x in (("-", dels), ("+", ins)) if x[1])  # type: ignore[misc]
        i, j = i + dels, j + ins
    return [(op, n) for op, n in out if n]


def _unclosed(tokens: Sequence[str]) -> int:
    return sum(1 for t in tokens if t == "(") - sum(1 for t in tokens if t == ")")


def _edit_score(seq: Sequence[str], at: int, n: int) -> int:
    before = seq[at - 1] if at > 0 else None
    after = seq[at + n] if at + n < len(seq) else None
    return _boundary(before, seq[at]) + _boundary(seq[at + n - 1], after)


# -- blocks as units of comparison ------------------------------------------------------------


_PLAIN = Run("")


@dataclass(slots=True)
class _Unit:
    """One block of one side, as compared: its text, tokens and the styles over its text."""

    block: Block
    text: str
    tokens: list[Token]
    styles: list[tuple[int, int, Run]]
    """``(start, end, run)``: the marks (bold, clauses...) of each stretch of `text`."""
    number: int = 0
    """Length of the paragraph number at the start of `text` (``0``: none)."""

    @property
    def key(self) -> tuple[str, ...]:
        return tuple(t.key for t in self.tokens)

    def style_at(self, offset: int) -> Run:
        for start, end, run in self.styles:
            if start <= offset < end:
                return run
        return _PLAIN

    def clauses_at(self, offset: int) -> tuple[str, ...]:
        own = (self.block.clause,) if self.block.clause else ()
        return own + self.style_at(offset).clauses


def _unit(block: Block, folding: Folding) -> _Unit:
    styles: list[tuple[int, int, Run]] = []
    number = 0
    if isinstance(block, Paragraph | Heading):
        parts: list[str] = []
        at = 0
        if isinstance(block, Paragraph) and block.number:
            parts.append(f"{block.number} ")
            number = len(block.number)
            styles.append((0, number + 1, _PLAIN))
            at = number + 1
        for run in block.runs:
            parts.append(run.text)
            styles.append((at, at + len(run.text), run))
            at += len(run.text)
        text = "".join(parts)
    else:
        text = block.text
        styles.append((0, len(text), _PLAIN))
    return _Unit(block, text, spans(text, folding), styles, number)


# -- the engine -------------------------------------------------------------------------------


@dataclass(slots=True)
class _Piece:
    """A stretch of the redline's text: from a unit's text, or literal; kept, inserted, deleted."""

    change: Literal["insert", "delete"] | None
    unit: _Unit | None
    start: int = 0
    end: int = 0
    literal: str = ""

    @property
    def text(self) -> str:
        return self.unit.text[self.start : self.end] if self.unit else self.literal


@dataclass(slots=True)
class _Event:
    op: Op
    i: int  # index into the region's old tokens (-1: none)
    j: int  # index into the region's new tokens (-1: none)


@dataclass(slots=True)
class _Region:
    """A stretch of blocks that differ: their tokens, side by side."""

    old: list[tuple[_Unit, Token]] = field(default_factory=list)
    new: list[tuple[_Unit, Token]] = field(default_factory=list)


class _Engine:
    """Compare two documents: align blocks, diff each differing stretch, build the redline."""

    def __init__(self, old: Document, new: Document, folding: Folding) -> None:
        self.doc_id = new.id or old.id
        self.folding = folding
        self.old = [_unit(b, folding) for b in old.blocks]
        self.new = [_unit(b, folding) for b in new.blocks]
        self.deadline = time.monotonic() + _BUDGET_SECONDS

    def run(self) -> tuple[list[Block], list[Change]]:
        old = [u for u in self.old if u.tokens]
        new = [u for u in self.new if u.tokens]
        out: list[tuple[_Unit | None, list[Block]]] = []  # (new unit or None, its blocks)
        changes: list[Change] = []
        region = _Region()
        i = j = 0
        same_words = [t for u in old for t in u.key] == [t for u in new for t in u.key]
        if same_words and [u.key for u in old] != [u.key for u in new]:
            # The same words in other paragraphs: one region, which compares equal.
            block_ops: list[tuple[Op, int]] = [("-", len(old)), ("+", len(new))]
        else:
            block_ops = _edit_script([u.key for u in old], [u.key for u in new], self.deadline)
            block_ops = _join_regions(
                block_ops, [len(u.tokens) for u in old], [len(u.tokens) for u in new]
            )
        for op, n in block_ops:
            if op == "=":
                if region.old or region.new:
                    changes.extend(self._region(region, out))
                    region = _Region()
                for unit in new[j : j + n]:
                    out.append((unit, [unit.block]))
                i += n
                j += n
            elif op == "-":
                region.old.extend((u, t) for u in old[i : i + n] for t in u.tokens)
                i += n
            else:
                region.new.extend((u, t) for u in new[j : j + n] for t in u.tokens)
                j += n
        if region.old or region.new:
            changes.extend(self._region(region, out))
        return self._interleave(out), changes

    def _interleave(self, out: list[tuple[_Unit | None, list[Block]]]) -> list[Block]:
        """Return the blocks of `out` with NEW's wordless blocks (page breaks) put back."""
        placed = {id(u) for u, _ in out if u is not None}
        blocks: list[Block] = []
        waiting = iter(self.new)
        for unit, made in out:
            if unit is not None:
                for pending in waiting:
                    if pending is unit:
                        break
                    if id(pending) not in placed:
                        blocks.append(pending.block)
            blocks.extend(made)
        for pending in waiting:
            if id(pending) not in placed:
                blocks.append(pending.block)
        return blocks

    # -- one region ---------------------------------------------------------------------------

    def _region(self, region: _Region, out: list[tuple[_Unit | None, list[Block]]]) -> list[Change]:
        events = _events(region, self.deadline)
        targets = self._targets(events, region)
        order: dict[int, list[_Event]] = {}
        keys: dict[int, tuple[str, _Unit]] = {}
        for event, (kind, unit) in zip(events, targets, strict=True):
            key = id(unit) if kind == "n" else -id(unit)
            order.setdefault(key, []).append(event)
            keys[key] = (kind, unit)
        for key, evs in order.items():
            kind, unit = keys[key]
            if kind == "n":
                out.append((unit, self._build(unit, self._new_pieces(unit, evs, region))))
            else:
                out.append((None, self._build(unit, self._deleted(evs, region))))
        return list(self._changes(events, targets, region))

    def _targets(self, events: list[_Event], region: _Region) -> list[tuple[str, _Unit]]:
        """Return, for each event, the block of the redline it goes to.

        Kept and inserted tokens go to their NEW block. Deleted tokens of an OLD block with no
        kept token form an all-deleted block of their own, unless they fall inside one NEW
        block. Other deleted tokens join the block of the event just before or just after them,
        preferring a NEW block that kept words of their OLD block; so each block's events stay
        together and the blocks' order is the order of both texts.
        """
        old, new = region.old, region.new
        surviving: set[int] = set()
        linked: dict[int, set[int]] = {}
        for e in events:
            if e.op == "=":
                surviving.add(id(old[e.i][0]))
                linked.setdefault(id(new[e.j][0]), set()).add(id(old[e.i][0]))
        prev: list[_Unit | None] = []
        last: _Unit | None = None
        for e in events:
            if e.op != "-":
                last = new[e.j][0]
            prev.append(last)
        nxt: list[_Unit | None] = [None] * len(events)
        last = None
        for k in range(len(events) - 1, -1, -1):
            if events[k].op != "-":
                last = new[events[k].j][0]
            nxt[k] = last
        targets: list[tuple[str, _Unit] | None] = [None] * len(events)
        for k, e in enumerate(events):
            if e.op != "-":
                targets[k] = ("n", new[e.j][0])
        k = 0
        while k < len(events):  # OLD blocks deleted whole
            e = events[k]
            unit = old[e.i][0] if e.op == "-" else None
            if unit is None or id(unit) in surviving:
                k += 1
                continue
            end = k
            while end < len(events) and events[end].op == "-" and old[events[end].i][0] is unit:
                end += 1
            p, q = prev[k], nxt[end - 1]
            chosen: tuple[str, _Unit] = ("n", p) if p is not None and p is q else ("d", unit)
            targets[k:end] = [chosen] * (end - k)
            k = end
        k = 0
        while k < len(events):  # the other deletions, a run at a time
            if targets[k] is not None:
                k += 1
                continue
            end = k
            while end < len(events) and targets[end] is None:
                end += 1
            owners = {id(old[e.i][0]) for e in events[k:end]}
            left = targets[k - 1] if k > 0 else None
            right = targets[end] if end < len(events) else None
            candidates = [t for t in (left, right) if t is not None]
            linked_new = [
                t for t in candidates if t[0] == "n" and owners & linked.get(id(t[1]), set())
            ]
            news = [t for t in candidates if t[0] == "n"]
            chosen_run = (linked_new or news or candidates)[0]
            targets[k:end] = [chosen_run] * (end - k)
            k = end
        return [t for t in targets if t is not None]

    def _new_pieces(self, unit: _Unit, events: list[_Event], region: _Region) -> list[_Piece]:
        """Return NEW block `unit`'s text as pieces, its edits marked, deletions spliced in.

        Kept tokens keep NEW's text. Each stretch of edits replaces OLD's stretch (with the
        whitespace around it) by NEW's (with the whitespace around it); whitespace that both
        have at the same end is kept unmarked, so that accepting every change gives NEW's text
        and rejecting every change gives OLD's.
        """
        new = region.new
        pieces: list[_Piece] = []
        end_of_text = len(unit.text)
        k = 0
        last_end: int | None = None  # end of the last kept NEW token
        last_old: int | None = None  # its OLD token
        while k < len(events):
            e = events[k]
            if e.op == "=":
                token = new[e.j][1]
                pieces.append(
                    _Piece(None, unit, last_end if last_end is not None else 0, token.end)
                )
                last_end, last_old = token.end, e.i
                k += 1
                continue
            stop = k
            while stop < len(events) and events[stop].op != "=":
                stop += 1
            following = events[stop] if stop < len(events) else None
            pieces.extend(
                self._stretch(unit, events[k:stop], last_end, last_old, following, region)
            )
            last_end = new[following.j][1].start if following is not None else end_of_text
            last_old = None
            k = stop
            if following is not None:
                # the next kept token starts right where the stretch's pieces end
                token = new[following.j][1]
                pieces.append(_Piece(None, unit, last_end, token.end))
                last_end, last_old = token.end, following.i
                k += 1
        if last_end is not None and last_end < end_of_text:
            pieces.append(_Piece(None, unit, last_end, end_of_text))
        return _coalesce(p for p in pieces if p.unit is None or p.end > p.start)

    def _stretch(
        self,
        unit: _Unit,
        events: list[_Event],
        prev_end: int | None,
        prev_old: int | None,
        following: _Event | None,
        region: _Region,
    ) -> list[_Piece]:
        """Return the pieces of one stretch of edits between two kept tokens (or the ends)."""
        old, new = region.old, region.new
        start = prev_end if prev_end is not None else 0
        stop = new[following.j][1].start if following is not None else len(unit.text)
        inserted = [e.j for e in events if e.op == "+"]
        deleted = [e for e in events if e.op == "-"]
        if inserted:
            s, t = new[inserted[0]][1].start, new[inserted[-1]][1].end
        else:
            s = t = stop
        lead_new, trail_new = (start, s), (t, stop)  # NEW's gaps around its inserted tokens
        if deleted:
            lead_old = self._old_gap(old, deleted[0].i, -1, prev_end is not None)
            trail_old = self._old_gap(old, deleted[-1].i, +1, following is not None)
            core = self._deleted(deleted, region)
        else:
            gap = self._between(old, prev_old, following.i if following else None)
            lead_old, trail_old, core = gap, "", []
        lead_text = unit.text[lead_new[0] : lead_new[1]]
        trail_text = unit.text[trail_new[0] : trail_new[1]]
        share_lead = self._same_space(lead_text, lead_old)
        if inserted and deleted:
            share_trail = self._same_space(trail_text, trail_old)
        elif inserted:  # OLD's one gap may match NEW's gap before or after the insertion
            share_trail = not share_lead and self._same_space(trail_text, lead_old)
            if share_trail:
                lead_old, trail_old = "", lead_old
        else:  # NEW's one gap may match OLD's gap before or after the deletion
            share_trail = not share_lead and self._same_space(lead_text, trail_old)
        pieces: list[_Piece] = []
        if share_lead:
            pieces.append(_Piece(None, unit, *lead_new))
        if lead_old and not share_lead:
            pieces.append(_Piece("delete", None, literal=lead_old))
        pieces.extend(core)
        if trail_old and not share_trail:
            pieces.append(_Piece("delete", None, literal=trail_old))
        if inserted:
            if not share_lead:
                pieces.append(_Piece("insert", unit, *lead_new))
            pieces.append(_Piece("insert", unit, s, t))
            pieces.append(_Piece(None if share_trail else "insert", unit, *trail_new))
        elif not share_lead:
            pieces.append(_Piece(None if share_trail else "insert", unit, *lead_new))
        return pieces

    def _same_space(self, a: str, b: str) -> bool:
        """Return whether gaps `a` (NEW) and `b` (OLD) are the same whitespace, as compared."""
        if not a or not b or not a.isspace() or not b.isspace():
            return False
        return self.folding.whitespace or a == b

    def _deleted(self, events: list[_Event], region: _Region) -> list[_Piece]:
        """Return the deleted OLD tokens of `events` as pieces of their blocks' text."""
        pieces: list[_Piece] = []
        run: list[Token] = []
        owner: _Unit | None = None
        for e in events:
            unit, token = region.old[e.i]
            if unit is not owner and run:
                assert owner is not None
                pieces.append(_Piece("delete", owner, run[0].start, run[-1].end))
                pieces.append(_Piece("delete", None, literal=" "))
                run = []
            owner = unit
            run.append(token)
        if run and owner is not None:
            pieces.append(_Piece("delete", owner, run[0].start, run[-1].end))
        return pieces

    def _old_gap(self, old: list[tuple[_Unit, Token]], i: int, step: int, beside: bool) -> str:
        """Return OLD's text between token `i` and its neighbour at `i + step` in its block.

        Without such a neighbour, a space when NEW has a token on that side (`beside`); with
        none there (the stretch ends NEW's block), nothing: the block's end stands for it.
        """
        if not beside:
            return ""
        k = i + step
        if 0 <= k < len(old) and old[k][0] is old[i][0]:
            a, b = (k, i) if step < 0 else (i, k)
            return self._plain(old[i][0].text[old[a][1].end : old[b][1].start])
        return " "

    def _between(self, old: list[tuple[_Unit, Token]], a: int | None, b: int | None) -> str:
        """Return OLD's text between its tokens `a` and `b` (either ``None``: an end)."""
        if a is not None and b is not None and old[a][0] is old[b][0]:
            return self._plain(old[a][0].text[old[a][1].end : old[b][1].start])
        return " " if a is not None and b is not None else ""

    def _plain(self, gap: str) -> str:
        if self.folding.whitespace:
            return " " if gap else ""
        return gap

    # -- building blocks ----------------------------------------------------------------------

    def _build(self, unit: _Unit, pieces: list[_Piece]) -> list[Block]:
        """Return the redline blocks of one unit from its pieces."""
        block = unit.block
        if all(p.change is None for p in pieces) and all(p.unit is unit for p in pieces):
            return [block]
        number: str | None = None
        if isinstance(block, Paragraph) and block.number:
            number, pieces = self._number(unit, pieces)
        runs = _runs(pieces)
        if isinstance(block, Paragraph):
            return [replace(block, runs=tuple(_one_line(runs)), number=number)]
        if isinstance(block, Heading | Title):
            return [Heading(runs=tuple(_one_line(runs)), clause=block.clause)]
        if isinstance(block, Legend):
            return [Paragraph(runs=tuple(_one_line(runs)), clause=block.clause, indent="none")]
        lines = list(_lines(runs))
        return [
            Paragraph(
                runs=tuple(line),
                clause=block.clause,
                indent="none",
                keep_with_next=isinstance(block, SignatureBlock) and k < len(lines) - 1,
            )
            for k, line in enumerate(lines)
        ]

    def _number(self, unit: _Unit, pieces: list[_Piece]) -> tuple[str | None, list[_Piece]]:
        """Return (the paragraph number to keep, the pieces without it).

        The number stays a number when it is unchanged, or when the whole paragraph is
        inserted or deleted (writers mark it with the paragraph). A number that changed
        (``6.`` renumbered ``5.``) goes into the runs, marked, with the tab that follows a
        number, so that accepting or rejecting gives back each side's number.
        """
        block = unit.block
        assert isinstance(block, Paragraph) and block.number
        cut = unit.number + 1
        changes = {p.change for p in pieces}
        head = [p for p in pieces if p.unit is unit and p.start < cut]
        whole = len(changes) == 1 and None not in changes
        unchanged = bool(head) and all(p.change is None for p in head) and head[0].start == 0
        starts = pieces[0].unit is unit and pieces[0].start == 0
        if (whole or unchanged) and head and head[-1].end >= cut and starts:
            rest = [replace(p, start=max(p.start, cut)) if p in head else p for p in pieces]
            return block.number, [p for p in rest if p.unit is None or p.end > p.start]
        tabbed = replace(unit, text=unit.text[: unit.number] + "\t" + unit.text[cut:])
        return None, [replace(p, unit=tabbed) if p.unit is unit else p for p in pieces]

    # -- the list of changes ------------------------------------------------------------------

    def _changes(
        self, events: list[_Event], targets: list[tuple[str, _Unit]], region: _Region
    ) -> Iterator[Change]:
        """Yield one change per stretch of edits going to one block of the redline."""
        k = 0
        while k < len(events):
            if events[k].op == "=":
                k += 1
                continue
            end = k
            while end < len(events) and events[end].op != "=" and targets[end][1] is targets[k][1]:
                end += 1
            dels = [e for e in events[k:end] if e.op == "-"]
            ins = [e for e in events[k:end] if e.op == "+"]
            old_tokens = [region.old[e.i] for e in dels]
            new_tokens = [region.new[e.j] for e in ins]
            clauses: dict[str, None] = {}
            for unit, token in [*old_tokens, *new_tokens]:
                for c in unit.clauses_at(token.start):
                    clauses.setdefault(c, None)
            kind: Literal["insert", "delete", "replace"] = (
                "replace" if dels and ins else "delete" if dels else "insert"
            )
            yield Change(
                self.doc_id,
                kind,
                _words_text(old_tokens),
                _words_text(new_tokens),
                tuple(clauses),
                sum(1 for _, t in new_tokens if _is_word(t.key)),
                sum(1 for _, t in old_tokens if _is_word(t.key)),
            )
            k = end


def _coalesce(pieces: Iterable[_Piece]) -> list[_Piece]:
    """Return `pieces` with neighbours that continue one another joined."""
    out: list[_Piece] = []
    for piece in pieces:
        last = out[-1] if out else None
        if (
            last is not None
            and piece.unit is not None
            and last.unit is piece.unit
            and last.change == piece.change
            and last.end == piece.start
        ):
            last.end = piece.end
        else:
            out.append(replace(piece))
    return out


#: Time for comparing one pair of documents before what is left is shown replaced whole.
_BUDGET_SECONDS = 10.0

#: A block that keeps less than this share of its tokens is shown deleted (or inserted) whole.
_KEPT_SHARE = 0.25


def _events(region: _Region, deadline: float | None = None) -> list[_Event]:
    """Return the token edit script of `region` as events, one per token, in reading order.

    A block that keeps less than a quarter of its tokens is taken out and the rest compared
    again, so that a stray match (``5.`` of a deleted section against ``5.`` of the section
    renumbered after it) does not tear a paragraph across its neighbours; a block taken out
    is all deleted (or all inserted), at its place.
    """
    old_in = list(range(len(region.old)))
    new_in = list(range(len(region.new)))
    for attempt in range(4):
        ops = token_diff(
            [region.old[i][1].key for i in old_in],
            [region.new[j][1].key for j in new_in],
            deadline,
        )
        kept_old: dict[int, int] = {}
        kept_new: dict[int, int] = {}
        a = b = 0
        for op, n in ops:
            if op == "=":
                for k in range(n):
                    unit_old = id(region.old[old_in[a + k]][0])
                    unit_new = id(region.new[new_in[b + k]][0])
                    kept_old[unit_old] = kept_old.get(unit_old, 0) + 1
                    kept_new[unit_new] = kept_new.get(unit_new, 0) + 1
            a += n if op in "=-" else 0
            b += n if op in "=+" else 0
        old_out = _scant(region.old, old_in, kept_old)
        new_out = _scant(region.new, new_in, kept_new)
        if attempt == 3 or (not old_out and not new_out):
            break
        old_in = [i for i in old_in if i not in old_out]
        new_in = [j for j in new_in if j not in new_out]
    events: list[_Event] = []
    a = b = 0
    for op, n in ops:
        for _ in range(n):
            if op == "=":
                events.append(_Event("=", old_in[a], new_in[b]))
                a, b = a + 1, b + 1
            elif op == "-":
                events.append(_Event("-", old_in[a], -1))
                a += 1
            else:
                events.append(_Event("+", -1, new_in[b]))
                b += 1
    # Put the blocks taken out back where they stood: before the next token of their side.
    taken_old = sorted(set(range(len(region.old))) - set(old_in))
    taken_new = sorted(set(range(len(region.new))) - set(new_in))
    if taken_old or taken_new:
        events = _put_back(events, taken_old, taken_new)
    return events


def _scant(tokens: list[tuple[_Unit, Token]], indices: list[int], kept: dict[int, int]) -> set[int]:
    """Return the indices of `tokens` whose block kept too small a share of its tokens."""
    size: dict[int, int] = {}
    for i in indices:
        unit = id(tokens[i][0])
        size[unit] = size.get(unit, 0) + 1
    scant = {u for u, n in size.items() if kept.get(u, 0) < _KEPT_SHARE * n and kept.get(u, 0)}
    return {i for i in indices if id(tokens[i][0]) in scant}


def _put_back(events: list[_Event], taken_old: list[int], taken_new: list[int]) -> list[_Event]:
    out: list[_Event] = []
    old_iter, new_iter = iter(taken_old), iter(taken_new)
    next_old, next_new = next(old_iter, None), next(new_iter, None)
    pending_new: list[_Event] = []
    for e in events:
        while next_old is not None and e.i >= 0 and next_old < e.i:
            out.append(_Event("-", next_old, -1))
            next_old = next(old_iter, None)
        while next_new is not None and e.j >= 0 and next_new < e.j:
            pending_new.append(_Event("+", -1, next_new))
            next_new = next(new_iter, None)
        if pending_new:
            out.extend(pending_new)
            pending_new = []
        out.append(e)
    while next_old is not None:
        out.append(_Event("-", next_old, -1))
        next_old = next(old_iter, None)
    while next_new is not None:
        out.append(_Event("+", -1, next_new))
        next_new = next(new_iter, None)
    return out


def _runs(pieces: list[_Piece]) -> list[Run]:
    """Return `pieces` as runs, each carrying the marks of the text it came from."""
    runs: list[Run] = []
    for piece in pieces:
        if piece.unit is None:
            if piece.literal:
                runs.append(Run(piece.literal, change=piece.change))
            continue
        for start, end, style in piece.unit.styles:
            a, b = max(start, piece.start), min(end, piece.end)
            if a < b:
                runs.append(replace(style, text=piece.unit.text[a:b], change=piece.change))
    merged: list[Run] = []
    for run in runs:
        if merged and replace(merged[-1], text="") == replace(run, text=""):
            merged[-1] = replace(run, text=merged[-1].text + run.text)
        elif run.text:
            merged.append(run)
    return merged


def _one_line(runs: list[Run]) -> list[Run]:
    """Return `runs` as one line: line breaks become spaces."""
    return _strip([replace(r, text=r.text.replace("\n", " ")) for r in runs])


def _strip(runs: list[Run]) -> list[Run]:
    """Return `runs` without empty runs, and without whitespace at the very start and end."""
    runs = [r for r in runs if r.text]
    while runs and not runs[0].text.strip():
        runs.pop(0)
    while runs and not runs[-1].text.strip():
        runs.pop()
    if runs:
        runs[0] = replace(runs[0], text=runs[0].text.lstrip())
        runs[-1] = replace(runs[-1], text=runs[-1].text.rstrip())
    return runs


def _lines(runs: list[Run]) -> Iterator[list[Run]]:
    """Yield `runs` cut at line breaks, one list of runs per non-empty line."""
    line: list[Run] = []
    for run in runs:
        parts = run.text.split("\n")
        for k, part in enumerate(parts):
            if k:
                stripped = _strip(line)
                if stripped:
                    yield stripped
                line = []
            if part:
                line.append(replace(run, text=part))
    stripped = _strip(line)
    if stripped:
        yield stripped


# -- helpers ----------------------------------------------------------------------------------


def _open(side: Side, document: str | None, folding: Folding) -> tuple[str, Any]:
    """Return (name, side) with a path read: a Document, or a TermSheet for a term sheet."""
    from generator.readers import read_document
    from generator.termsheet import TermSheet, load_term_sheet

    if isinstance(side, Document):
        return f"<{side.title or side.id}>", side
    if isinstance(side, TermSheet):
        return "<term sheet>", side
    if isinstance(side, Mapping):
        from generator.assembly import load

        return "<term sheet>", load(side)
    if isinstance(side, str | Path):
        if Path(side).suffix.lower() in _TERM_SHEET_SUFFIXES:
            return str(side), load_term_sheet(side)
        return str(side), read_document(side, document, folding)
    raise GeneratorError(f"cannot compare a {type(side).__name__}")


def _closest(sheet: Any, other: Document, folding: Folding) -> str:
    """Return the id of the term sheet's agreement whose words are closest to `other`'s."""
    from collections import Counter

    from generator.assembly import DOCUMENTS, assemble
    from generator.normalize import tokens

    if other.id in DOCUMENTS:
        return other.id
    theirs = Counter(tokens(other.text, folding))
    best, best_score = DOCUMENTS[0], -1.0
    for doc_id in DOCUMENTS:
        ours = Counter(tokens(assemble(doc_id, sheet).text, folding))
        shared = sum((ours & theirs).values())
        score = shared / max(sum(ours.values()), sum(theirs.values()), 1)
        if score > best_score:
            best, best_score = doc_id, score
    return best


def _key_changes(old: Any, new: Any) -> tuple[KeyChange, ...]:
    a = dict(_flatten(old.model_dump(mode="json")))
    b = dict(_flatten(new.model_dump(mode="json")))
    keys = list(dict.fromkeys([*a, *b]))
    missing = object()
    out = []
    for key in keys:
        x, y = a.get(key, missing), b.get(key, missing)
        if x != y:
            out.append(KeyChange(key, None if x is missing else x, None if y is missing else y))
    return tuple(out)


def _flatten(value: Any, prefix: str = "") -> Iterator[tuple[str, Any]]:
    if isinstance(value, Mapping):
        for k, v in value.items():
            yield from _flatten(v, f"{prefix}.{k}" if prefix else str(k))
    elif isinstance(value, list):
        for k, v in enumerate(value):
            yield from _flatten(v, f"{prefix}.{k}" if prefix else str(k))
    else:
        yield prefix, value


def _show(value: Any) -> str:
    if value is None:
        return "(none)"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _stamp(date: str | dt.datetime | None) -> str:
    if isinstance(date, str):
        return date
    moment = date or dt.datetime.now(dt.UTC)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def _is_word(key: str) -> bool:
    return any(c.isalnum() for c in key)


def _words_text(tokens: list[tuple[_Unit, Token]]) -> str:
    """Return the text of `tokens` as written, each block's stretch whole, stretches by space."""
    parts: list[str] = []
    owner: _Unit | None = None
    first = last = None
    for unit, token in tokens:
        if unit is not owner or (last is not None and token.start < last.end):
            if owner is not None and first is not None and last is not None:
                parts.append(owner.text[first.start : last.end])
            owner, first = unit, token
        last = token
    if owner is not None and first is not None and last is not None:
        parts.append(owner.text[first.start : last.end])
    return " ".join(" ".join(p.split()) for p in parts)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"
