"""Compare two documents and build the redline document.

Blocks are aligned first, by their folded tokens, so an untouched paragraph is never matched
against the wrong one (a short run of equal blocks between changes is folded into them). Each
stretch of blocks that differ is then compared token by token, a paragraph mark ending each
paragraph (see :mod:`.events`); a block keeping under a quarter of its tokens is shown deleted
or inserted whole rather than torn across its neighbours.

The redline is laid out from that edit script, a paragraph at every paragraph mark of either
side: kept text and NEW's formatting (NEW's own objects where nothing changed), inserted and
deleted runs marked, an OLD block deleted whole in place as an all-deleted block, and a mark
only one side has tracked as an inserted (a paragraph split) or deleted (two joined) paragraph
mark. A signature block that changed is deleted and inserted whole: so is one whose words are
matched against part of a paragraph, or whose blank line to sign (a paragraph of no words)
stands where the other side has text of its own (see
:func:`~generator.redline.events.whole_signatures`). Whitespace around each
edit is placed so that accepting every change gives NEW's paragraphs and rejecting every change
gives OLD's. Where the paragraphs of a side are only guessed (a ``.txt`` or ``.pdf``: see
:func:`compare`'s `paragraphs`), a mark that moved is folded away, as whitespace is. One
comparison has a time budget; past it, what is left is shown replaced whole (see
:func:`generator.redline.script.edit_script`).
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from typing import Literal

from generator.model import (
    PARAGRAPH_MARK_TEXT,
    Block,
    Document,
    Heading,
    Legend,
    Paragraph,
    Run,
    SignatureBlock,
    Title,
    whole_change,
)
from generator.normalize import DEFAULT, Folding, Token
from generator.redline.events import (
    Event,
    Region,
    Unit,
    blank_signing_line,
    events,
    inserted_paragraphs_first,
    is_mark,
    make_unit,
    marks_last,
    whole_signatures,
)
from generator.redline.result import Change, Comparison
from generator.redline.script import PARAGRAPH_MARK, edit_script, is_word, join_regions

__all__ = ["compare"]

#: What a block with a blank signing line adds to its key when blocks are aligned.
_BLANK_LINE = "\x00signing line"

#: Time for comparing one pair of documents before what is left is shown replaced whole.
_BUDGET_SECONDS = 10.0


def compare(
    old: Document,
    new: Document,
    folding: Folding = DEFAULT,
    *,
    metadata: Mapping[str, str] | None = None,
    paragraphs: bool = True,
) -> Comparison:
    """Return the comparison of two documents: the redline document and its changes.

    `metadata` is merged into the redline document's (``author``, ``date`` of the changes).
    With `paragraphs` (the default) a paragraph split or joined is a change, tracked as an
    inserted or deleted paragraph mark; ``False`` folds such moves away, for a side whose
    paragraphs are guessed (a ``.txt``'s blank lines, a ``.pdf``'s line lengths).
    """
    engine = _Engine(old, new, folding, paragraphs)
    blocks, changes = engine.run()
    meta = dict(new.metadata)
    meta.update(metadata or {})
    doc = replace(new, blocks=tuple(blocks), metadata=meta)
    return Comparison(doc, tuple(changes), (bool(old.clauses), bool(new.clauses)))


@dataclass(slots=True)
class _Piece:
    """A stretch of the redline's text: from a unit's text, or literal; kept, inserted, deleted."""

    change: Literal["insert", "delete"] | None
    unit: Unit | None
    start: int = 0
    end: int = 0
    literal: str = ""

    @property
    def text(self) -> str:
        return self.unit.text[self.start : self.end] if self.unit else self.literal


_Out = list[tuple[Unit | None, list[Block]]]
"""The redline's blocks as made: (the NEW unit they begin, or ``None``; the blocks)."""


class _Engine:
    """Compare two documents: align blocks, diff each differing stretch, build the redline."""

    def __init__(self, old: Document, new: Document, folding: Folding, paragraphs: bool) -> None:
        self.doc_id = new.id or old.id
        self.folding = folding
        self.paragraphs = paragraphs
        self.old = [make_unit(b, folding) for b in old.blocks]
        self.new = [make_unit(b, folding) for b in new.blocks]
        self.deadline = time.monotonic() + _BUDGET_SECONDS

    def run(self) -> tuple[list[Block], list[Change]]:
        """Return the redline's blocks and the changes, in reading order."""
        old = [u for u in self.old if u.tokens]
        new = [u for u in self.new if u.tokens]
        out: _Out = []
        changes: list[Change] = []
        region = Region()
        i = j = 0
        kept: _Ends | None = None  # the last blocks kept on both sides, before the region
        if not self.paragraphs and _words(old) == _words(new):
            # The same words in other paragraphs: one region, which compares equal.
            block_ops: list[tuple[str, int]] = [("-", len(old)), ("+", len(new))]
        else:
            found = edit_script(
                [self._block_key(u) for u in old], [self._block_key(u) for u in new], self.deadline
            )
            block_ops = list(
                join_regions(found, [len(u.tokens) for u in old], [len(u.tokens) for u in new])
            )
        for op, n in block_ops:
            if op == "=":
                if region.old or region.new:
                    after = _first_token(old[i]), _first_token(new[j])
                    changes.extend(self._region(region, out, (kept, after)))
                    region = Region()
                for unit in new[j : j + n]:
                    out.append((unit, [unit.block]))
                i += n
                j += n
                kept = _last_token(old[i - 1]), _last_token(new[j - 1])
            elif op == "-":
                region.old.extend((u, t) for u in old[i : i + n] for t in u.tokens)
                i += n
            else:
                region.new.extend((u, t) for u in new[j : j + n] for t in u.tokens)
                j += n
        if region.old or region.new:
            changes.extend(self._region(region, out, (kept, None)))
        return self._interleave(out), changes

    def _block_key(self, unit: Unit) -> tuple[str, ...]:
        """Return `unit`'s key for aligning blocks: its tokens, and with paragraphs compared,
        whether it has a blank signing line (a paragraph without words, see
        :func:`~generator.redline.events.blank_signing_line`)."""
        if self.paragraphs and blank_signing_line(unit.block):
            return (*unit.key, _BLANK_LINE)
        return unit.key

    def _interleave(self, out: _Out) -> list[Block]:
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

    def _region(
        self, region: Region, out: _Out, ends: tuple[_Ends | None, _Ends | None]
    ) -> list[Change]:
        """Lay out one region into `out`; return its changes. `ends` are the kept tokens
        just before and just after the region (``None``: the document's start or end)."""
        script = events(region, self.deadline)
        script = marks_last(whole_signatures(script, region, self.paragraphs), region)
        script = inserted_paragraphs_first(script, region)
        layout = _Layout(self, region, script)
        out.extend(layout.run())
        return list(self._changes(script, layout, region, ends))

    def same_space(self, a: str, b: str) -> bool:
        """Return whether gaps `a` (NEW) and `b` (OLD) are the same whitespace, as compared."""
        if not a or not b or not a.isspace() or not b.isspace():
            return False
        return self.folding.whitespace or a == b

    # -- building blocks ----------------------------------------------------------------------

    def build(self, unit: Unit, pieces: list[_Piece], mark: str | None, last: bool) -> list[Block]:
        """Return the redline block of one paragraph laid out from `unit`'s `pieces`.

        `mark` is the change of the paragraph mark that ends it (``None``: kept); `last`
        says whether that mark ends `unit` too (else a signature block's line, or the part
        of a NEW paragraph before a mark of OLD's).
        """
        block = unit.block
        if (
            mark is None
            and len(pieces) == 1
            and (pieces[0].change, pieces[0].unit, pieces[0].start) == (None, unit, 0)
            and pieces[0].end == len(unit.text)
        ):
            return [block]
        pieces = _rotate(pieces)
        number: str | None = None
        if isinstance(block, Paragraph) and block.number:
            number, pieces = self._number(unit, pieces)
        runs = _tidy(
            _deletions_before_insertions(_one_line(_runs(pieces), self.folding)), self.folding
        )
        if number is None and isinstance(block, Paragraph) and block.number:
            number, runs = _number_kept(block.number, runs)
        if not runs:
            return []
        own_mark = mark if mark != whole_change(runs) else None
        if isinstance(block, Paragraph):
            return [replace(block, runs=tuple(runs), number=number, mark=own_mark)]  # type: ignore[arg-type]
        if isinstance(block, Heading | Title):
            return [Heading(runs=tuple(runs), clause=block.clause, mark=own_mark)]  # type: ignore[arg-type]
        return [
            Paragraph(
                runs=tuple(runs),
                clause=block.clause,
                indent="none" if isinstance(block, Legend) else "signature",
                keep_with_next=isinstance(block, SignatureBlock) and not last,
                mark=own_mark,  # type: ignore[arg-type]
            )
        ]

    def _number(self, unit: Unit, pieces: list[_Piece]) -> tuple[str | None, list[_Piece]]:
        """Return (the paragraph number to keep, the pieces without it).

        The number stays a number when it is unchanged, or when the whole paragraph is
        inserted or deleted (writers mark it with the paragraph). A number that changed
        (``6.`` renumbered ``5.``) goes into the runs, marked, with the tab that follows it
        (in each unit's text, as in the DOCX), so that accepting or rejecting gives back each
        side's number and tab.
        """
        block = unit.block
        assert isinstance(block, Paragraph) and block.number
        pieces = _separator_kept(unit, pieces)
        cut = unit.number + 1
        changes = {p.change for p in pieces}
        head = [p for p in pieces if p.unit is unit and p.start < cut]
        whole = len(changes) == 1 and None not in changes
        unchanged = (
            bool(head)
            and all(p.change is None for p in head)
            and head[0].start == 0
            and pieces[: len(head)] == head  # no edit of OLD's between: it needs the tab
        )
        starts = pieces[0].unit is unit and pieces[0].start == 0
        if (whole or unchanged) and head and head[-1].end >= cut and starts:
            rest = [replace(p, start=max(p.start, cut)) if p in head else p for p in pieces]
            rest = [p for p in rest if p.unit is None or p.end > p.start]
            if rest:  # a number alone would leave no run to carry the paragraph's change
                return block.number, rest
        return None, pieces

    # -- the list of changes ------------------------------------------------------------------

    def _changes(
        self,
        script: list[Event],
        layout: _Layout,
        region: Region,
        ends: tuple[_Ends | None, _Ends | None],
    ) -> Iterator[Change]:
        """Yield one change per stretch of edits inside one paragraph of the redline.

        A change whose own words carry no clause id (all of them from a side without ids: a
        ``.txt`` against a term sheet) takes the clauses of the kept text around it (see
        :func:`_around`): words of a ``.txt`` deleted inside section 4 of a term sheet that
        dropped them are a change to ``assumption_of_defense``.
        """
        segment, soft = layout.segment_of, layout.soft
        annexed = False  # past the heading of a schedule or exhibit in this region
        k = 0
        while k < len(script):
            if script[k].op == "=" or k in soft:
                k += 1
                continue
            end = k
            while (
                end < len(script)
                and script[end].op != "="
                and end not in soft
                and segment[end] == segment[k]
            ):
                end += 1
            dels = [e for e in script[k:end] if e.op == "-"]
            ins = [e for e in script[k:end] if e.op == "+"]
            old_tokens = [region.old[e.i] for e in dels]
            new_tokens = [region.new[e.j] for e in ins]
            clauses: dict[str, None] = {}
            for unit, token in [*old_tokens, *new_tokens]:
                for c in unit.clauses_at(token.start):
                    clauses.setdefault(c, None)
            if not clauses:
                kept_before = next((e for e in reversed(script[:k]) if e.op == "="), None)
                kept_after = next((e for e in script[end:] if e.op == "="), None)
                before = _kept_at(kept_before, region) if kept_before else ends[0]
                after = _kept_at(kept_after, region) if kept_after else ends[1]
                annexed = annexed or any(
                    _ANNEX.match(_words_text(side)) for side in (old_tokens, new_tokens)
                )
                changed = (old_tokens, new_tokens)
                clauses = dict.fromkeys(_around(before, after, changed, signatures=not annexed))
            kind: Literal["insert", "delete", "replace"] = (
                "replace" if dels and ins else "delete" if dels else "insert"
            )
            yield Change(
                self.doc_id,
                kind,
                _words_text(old_tokens),
                _words_text(new_tokens),
                tuple(clauses),
                sum(1 for _, t in new_tokens if is_word(t.key)),
                sum(1 for _, t in old_tokens if is_word(t.key)),
            )
            k = end


_Ends = tuple[tuple[Unit, int], tuple[Unit, int]]
"""A place kept on both sides: (OLD's unit, offset of a token), (NEW's unit, offset)."""


def _first_token(unit: Unit) -> tuple[Unit, int]:
    return unit, unit.tokens[0].start


def _last_token(unit: Unit) -> tuple[Unit, int]:
    return unit, unit.tokens[-1].start


def _kept_at(event: Event, region: Region) -> _Ends:
    """Return the place of kept `event` on both sides."""
    (old, a), (new, b) = region.old[event.i], region.new[event.j]
    return (old, a.start), (new, b.start)


def _around(
    before: _Ends | None,
    after: _Ends | None,
    changed: tuple[list[tuple[Unit, Token]], list[tuple[Unit, Token]]],
    *,
    signatures: bool = True,
) -> list[str]:
    """Return the ids of the clauses, on either side, of the kept text around a change: its
    OLD and NEW tokens `changed`, between kept places `before` and `after` (``None``: the
    document's start or end).

    A change inside a block (its tokens on each side all in the block of `before` or of
    `after`) takes the clauses of that block, on both sides: of both places, when they are
    in one block; a change of whole paragraphs, or one a side has none of the tokens of
    between two of its blocks (a ``.txt`` paragraph running on across them), takes the
    clause of the blocks on both sides of it when they share one. A change that may be lines
    of a signature block (see :func:`_signature_lines`: a ``.txt``'s lines of a block, one
    signatory's dropped) takes the clause of a signature block beside it (``signatures``),
    also after the last block; other text after the last block (a schedule's sentence
    appended) is outside every clause, as it is in a block kept beside it. With `signatures`
    false (the change follows a schedule's heading: see :data:`_ANNEX`), no text is taken
    for a signature block's lines.
    """
    ends = [e for e in (before, after) if e is not None]
    inside = [  # the places whose block holds each side's tokens of the change
        e for e in ends if all(u is e[side][0] for side in (0, 1) for u, _ in changed[side])
    ]
    signatures = signatures and all(_signature_lines(changed[side]) for side in (0, 1))
    found: dict[str, None] = {}
    for side in (0, 1):
        first, last = (before[side] if before else None), (after[side] if after else None)
        if first is not None and last is not None and first[0] is last[0]:
            if signatures or not isinstance(first[0].block, SignatureBlock):
                theirs = last[0].clauses_at(last[1])
                found.update(dict.fromkeys(c for c in first[0].clauses_at(first[1]) if c in theirs))
            continue
        beside = [e[side][0].block for e in ends]
        if inside and changed[side]:  # with none of its tokens, this side has it between blocks
            beside = [inside[-1][side][0].block]
        elif signatures and (after is None or _all_signatures(changed)):
            beside = [b for b in beside if isinstance(b, SignatureBlock)][:1]
        elif len(beside) < 2 or beside[0].clause != beside[1].clause:
            beside = []
        if not signatures:  # a sentence is in no signature block, whichever it stands by
            beside = [b for b in beside if not isinstance(b, SignatureBlock)]
        found.update(dict.fromkeys(b.clause for b in beside[:1] if b.clause))
    return list(found)


def _all_signatures(
    changed: tuple[list[tuple[Unit, Token]], list[tuple[Unit, Token]]],
) -> bool:
    """Return whether every token of a change is of a signature block."""
    return all(isinstance(u.block, SignatureBlock) for side in changed for u, _ in side)


#: A line that begins as a signature block's line does, whatever follows: a ``By:``, a
#: conformed signature, a ``Name:`` or ``Title:``.
_SIGNATURE_LABEL = re.compile(r"^(?:by|name|title|its|date)\s*:|^/s/", re.IGNORECASE)
#: The heading of what follows an agreement's signatures: ``SCHEDULE A``, ``Exhibit B: Form of
#: Release``, ``ANNEX 1.1(a)``, ``APPENDIX IV``. Its capitals make it look like a signatory's
#: line; it and what follows it in a change's region are not. The letter or number after the
#: word must end there ("EXHIBIT CORP." is no exhibit's heading).
_ANNEX = re.compile(
    r"(?i:schedule|exhibit|annex|appendix|attachment|addendum)\s+"
    r"(?:[A-Z]|[IVXLC]+|\d+(?:\.\d+)*(?:\([a-z0-9]+\))?)(?=$|[\s.:\-\u2013\u2014])"
)
#: The end of a sentence (its closing quotes and brackets after it).
_SENTENCE_END = re.compile(r"[.;!?][\"')\]\u201d\u2019]*$")


def _signature_lines(tokens: list[tuple[Unit, Token]]) -> bool:
    """Return whether one side's `tokens` of a change may be lines of a signature block.

    Tokens of a signature block are; so are none. Tokens of other paragraphs (a ``.txt``'s
    signature page, a signatory typed into a DOCX in another style than its blocks') are
    unless their text reads as a sentence (see :func:`_is_sentence`): a signatory's name,
    title, caption or ``By:`` line is none; "Schedule A is attached hereto." is one.
    """
    rest = [(u, t) for u, t in tokens if not isinstance(u.block, SignatureBlock)]
    return not rest or not _is_sentence(_words_text(rest))


def _is_sentence(text: str) -> bool:
    """Return whether `text` reads as a sentence rather than a line of a signature block: it
    ends as a sentence does and has a word in lower case after its first ("Jr." and "INC."
    have none; a title's "and" or "of" does not end with a full stop)."""
    text = text.strip()
    if not text or _SIGNATURE_LABEL.match(text) or not _SENTENCE_END.search(text):
        return False
    return any(word[:1].islower() for word in text.split()[1:])


def _words(units: list[Unit]) -> list[str]:
    """Return the token keys of `units`, paragraph marks left out."""
    return [k for u in units for k in u.key if k != PARAGRAPH_MARK]


class _Layout:
    """Lay out one region's edit script as redline paragraphs, one at each paragraph mark.

    Walking the script, each token adds its text (kept, deleted or inserted) with the gap
    before it on its side; a paragraph mark of either side ends the paragraph being made. A
    mark of OLD's alone (two paragraphs joined) first takes in NEW's gap to its next word as
    inserted; a mark of NEW's alone (one split) takes in OLD's gap as deleted: so accepting and
    rejecting give each side its spacing back.
    """

    def __init__(self, engine: _Engine, region: Region, script: list[Event]) -> None:
        self.engine = engine
        self.region = region
        self.script = script
        self.out: _Out = []
        self.pieces: list[_Piece] = []
        self.owner_new: Unit | None = None
        self.owner_old: Unit | None = None
        self.prev_new: tuple[Unit, int] | None = None  # NEW's unit and end of its last token
        self.prev_old: tuple[Unit, int] | None = None
        self.old_space = False  # OLD's last mark was folded away: its gap is a space
        self.placed: set[int] = set()  # NEW units whose first block is out
        self.segment = 0
        self.segment_of = [0] * len(script)
        """For each event, the paragraph of the redline it went to."""
        self.soft: set[int] = set()
        """Events of paragraph marks folded away (no change)."""

    def run(self) -> _Out:
        """Return the region's blocks, each with the NEW unit it begins."""
        k = 0
        while k < len(self.script):
            k = self._signature(k) or self._event(k)
        if self.pieces:
            self._cut(None, None, None)
        return self.out

    # -- tokens -------------------------------------------------------------------------------

    def _event(self, k: int) -> int:
        e = self.script[k]
        self.segment_of[k] = self.segment
        after_edit = k > 0 and self.script[k - 1].op != "="
        if e.op == "=":
            old_unit, old_token = self.region.old[e.i]
            unit, token = self.region.new[e.j]
            a = self._new_from(unit, token)
            new_gap, old_gap = unit.text[a : token.start], self._old_gap(old_unit, old_token)
            numbered = self._number_gap_differs(unit, a, token, old_unit, old_token)
            if not numbered and (
                not after_edit or new_gap == old_gap or self.engine.same_space(new_gap, old_gap)
            ):
                self._add(None, unit, a, token.start)
            else:
                self._delete_gap(old_unit, old_token)
                self._add("insert", unit, a, token.start)
            if is_mark(token):
                self._cut(None, unit, token)
                self.prev_new = self.prev_old = None
            else:
                self._add(None, unit, token.start, token.end)
                self.prev_new, self.prev_old = (unit, token.end), (old_unit, old_token.end)
                self.old_space = False
        elif e.op == "-":
            unit, token = self.region.old[e.i]
            self._delete_gap(unit, token)
            if not is_mark(token):
                self._add("delete", unit, token.start, token.end)
                self.prev_old, self.old_space = (unit, token.end), False
            elif not self.engine.paragraphs and self.owner_new is not None:
                self.soft.add(k)  # a mark folded away: OLD's paragraph runs on, as a space
                self.prev_old, self.old_space = None, True
            else:
                self._new_gap_ahead(k)
                self._cut("delete", unit, token)
                self.prev_old, self.old_space = None, False
        else:
            unit, token = self.region.new[e.j]
            a = self._new_from(unit, token)
            self._add("insert", unit, a, token.start)
            if not is_mark(token):
                self._add("insert", unit, token.start, token.end)
                self.prev_new = (unit, token.end)
            else:
                folded = not self.engine.paragraphs
                if folded:
                    self.soft.add(k)
                self._old_gap_ahead(k, show=not folded)
                self._cut(None if folded else "insert", unit, token)
                self.prev_new = None
        return k + 1

    def _is_mark(self, e: Event) -> bool:
        """Return whether event `e` is of a paragraph mark."""
        return is_mark(self.region.old[e.i][1] if e.op == "-" else self.region.new[e.j][1])

    def _new_from(self, unit: Unit, token: Token) -> int:
        """Return where NEW's gap before `token` of `unit` starts."""
        if self.prev_new is not None and self.prev_new[0] is unit:
            return self.prev_new[1]
        return _line_start(unit, token.start)

    def _number_gap_differs(
        self, unit: Unit, a: int, token: Token, old_unit: Unit, old_token: Token
    ) -> bool:
        """Return whether NEW's gap from `a` to `token` and OLD's to `old_token` differ in the
        tab after a paragraph number: one side's holds it, the other's does not.

        Edit or not ("1.→In" against "Definitions.·In", the full stops kept), they are
        different text, and rejecting must give OLD's back. A number typed as text at the
        start of the other side's paragraph (a ``.txt``'s ``1.·Definitions``) is the same
        number, a space for the tab, as whitespace is folded; so is any, where a side's
        paragraphs are only guessed (a ``.pdf``'s ``definitions:·(a)·References``, its number
        run on from the paragraph before): rejecting gives OLD's words, not its paragraphs.
        """
        if not self.engine.paragraphs and self.engine.folding.whitespace:
            return False
        b = self._old_from(old_unit, old_token)
        new_tab = _after_number(unit, a, token.start)
        old_tab = _after_number(old_unit, b, old_token.start)
        if new_tab == old_tab:
            return False
        numbered, other, at = (unit, old_unit, b) if new_tab else (old_unit, unit, a)
        typed = at == numbered.number and other.text[:at] == numbered.text[:at]
        return not (typed and self.engine.folding.whitespace)

    def _old_from(self, unit: Unit, token: Token) -> int | None:
        """Return where OLD's gap before `token` of `unit` starts (``None``: it is a
        paragraph mark folded away, read as a space)."""
        if self.prev_old is not None and self.prev_old[0] is unit:
            return self.prev_old[1]
        return None if self.old_space else _line_start(unit, token.start)

    def _old_gap(self, unit: Unit, token: Token) -> str:
        """Return OLD's text between its last token and `token` of `unit`."""
        if self.prev_old is not None and self.prev_old[0] is unit:
            return unit.text[self.prev_old[1] : token.start]
        return " " if self.old_space else unit.text[_line_start(unit, token.start) : token.start]

    def _delete_gap(self, unit: Unit, token: Token) -> None:
        """Add OLD's text between its last token and `token` of `unit`, as deleted."""
        if self.prev_old is not None and self.prev_old[0] is unit:
            self._add("delete", unit, self.prev_old[1], token.start)
        elif self.old_space:
            self._literal(" ")
        else:
            self._add("delete", unit, _line_start(unit, token.start), token.start)

    def _new_gap_ahead(self, k: int) -> None:
        """At OLD's mark alone (event `k`): add NEW's gap up to its next word, as inserted."""
        if self.prev_new is None:
            return
        unit, end = self.prev_new
        for e in self.script[k + 1 :]:
            if e.op != "-":
                ahead, token = self.region.new[e.j]
                if ahead is unit and not is_mark(token):
                    self._add("insert", unit, end, token.start)
                    self.prev_new = (unit, token.start)
                return

    def _old_gap_ahead(self, k: int, *, show: bool) -> None:
        """At NEW's mark alone (event `k`): add OLD's gap up to its next word, as deleted
        (unless `show` is false: the mark is folded away, and OLD's gap with it)."""
        if self.prev_old is None:
            return
        unit, end = self.prev_old
        for e in self.script[k + 1 :]:
            if e.op != "+":
                ahead, token = self.region.old[e.i]
                if ahead is unit and not is_mark(token):
                    if show:
                        self._add("delete", unit, end, token.start)
                    self.prev_old = (unit, token.start)
                return

    def _add(self, change: Literal["insert", "delete"] | None, unit: Unit, a: int, b: int) -> None:
        if a >= b:
            return
        self.pieces.append(_Piece(change, unit, a, b))
        if change == "delete":
            self.owner_old = self.owner_old or unit
        else:
            self.owner_new = self.owner_new or unit

    def _literal(self, text: str) -> None:
        if text:
            self.pieces.append(_Piece("delete", None, literal=text))

    # -- paragraphs ---------------------------------------------------------------------------

    def _cut(self, mark: str | None, ending: Unit | None, token: Token | None) -> None:
        """End the paragraph being made at mark `token` of `ending` (kept when `mark` is None)."""
        pieces = _coalesce(self.pieces)
        unit = self.owner_new or self.owner_old
        if pieces and unit is not None:
            last = ending is unit and token is unit.tokens[-1]
            begins = unit is self.owner_new and id(unit) not in self.placed
            if begins:
                self.placed.add(id(unit))
            self.out.append((unit if begins else None, self.engine.build(unit, pieces, mark, last)))
        self.pieces = []
        self.owner_new = self.owner_old = None
        self.segment += 1

    def _signature(self, k: int) -> int:
        """Lay out a signature block met at its start as one block; return the next event.

        Return 0 (lay out token by token) when event `k` does not start a signature block.

        A paragraph being made when the block starts is of the other side only (each side's
        own paragraphs end at its marks, and the block's side has one before the block): OLD's
        deleted words of a paragraph that runs on past an inserted block, say. Its paragraph
        mark is still to come, so it is carried past the block, whose events are all of one
        side, and goes on in the paragraph after it; the other side's place (its last token,
        its gap) is kept across the block for the same reason. Where a side's paragraphs are
        only guessed, one of the block's own side may run on into it (its marks folded away):
        its text must come before the block's, so the block is laid out token by token.
        """
        e = self.script[k]
        side = self.region.old if e.op == "-" else self.region.new
        unit, token = side[e.i if e.op == "-" else e.j]
        if e.op == "=" and not self.pieces and not isinstance(unit.block, SignatureBlock):
            return self._old_signature(k)
        if not isinstance(unit.block, SignatureBlock) or token is not unit.tokens[0]:
            return 0
        other = "delete" if e.op == "+" else "insert"  # the only text of the other side alone
        if any(p.change != other for p in self.pieces) or (self.pieces and e.op == "="):
            return 0  # text of the block's side comes first: laid out token by token after it
        end, seen = k, 0
        soft: list[int] = []
        while end < len(self.script) and seen < len(unit.tokens):
            x = self.script[end]
            if x.op != e.op:
                if e.op != "=" or self.engine.paragraphs or not self._is_mark(x):
                    return 0
                soft.append(end)  # a mark only one side has, folded away
                seen += x.op == "+"
            elif e.op != "=" and side[max(x.i, x.j)][0] is not unit:
                return 0
            else:
                seen += 1
            end += 1
        if seen < len(unit.tokens):
            return 0
        self.soft.update(soft)
        carried = (self.pieces, self.owner_new, self.owner_old)
        self.pieces, self.owner_new, self.owner_old = [], None, None
        for at in range(k, end):
            self.segment_of[at] = self.segment
        if e.op == "=":
            block: Block = unit.block
        else:
            block = replace(unit.block, change="insert" if e.op == "+" else "delete")
        begins = e.op != "-"
        if begins:
            self.placed.add(id(unit))
        self.out.append((unit if begins else None, [block]))
        self.segment += 1
        self.pieces, self.owner_new, self.owner_old = carried
        if e.op != "-":
            self.prev_new = None
        if e.op != "+":
            self.prev_old = None
            self.old_space = False
        if e.op == "=":  # OLD's words kept with the block may end inside an OLD paragraph
            last = next(x for x in reversed(self.script[k:end]) if x.op == "=")
            old_unit, old_token = self.region.old[last.i]
            if not is_mark(old_token):
                self.prev_old = (old_unit, old_token.end)
        return end

    def _old_signature(self, k: int) -> int:
        """Lay out OLD's signature block kept word for word against NEW's paragraphs (a
        ``.docx`` read back) as the block, where event `k` starts both; return the next event
        (0: it does not). The paragraphs are each a line of it, each matched whole (see
        :func:`~generator.redline.events.whole_signatures`): the block keeps its layout, and
        its blank line to sign, which the reader dropped as an empty paragraph."""
        e = self.script[k]
        unit, token = self.region.old[e.i]
        new_unit, new_token = self.region.new[e.j]
        if (
            not self.engine.paragraphs
            or not isinstance(unit.block, SignatureBlock)
            or token is not unit.tokens[0]
            or new_token is not new_unit.tokens[0]
        ):
            return 0
        end = k + len(unit.tokens)
        if end > len(self.script) or any(
            x.op != "=" or self.region.old[x.i][0] is not unit for x in self.script[k:end]
        ):
            return 0
        covered = {id(self.region.new[x.j][0]): self.region.new[x.j][0] for x in self.script[k:end]}
        for x in range(k, end):
            self.segment_of[x] = self.segment
        for n, paragraph in enumerate(covered.values()):
            self.placed.add(id(paragraph))
            self.out.append((paragraph, [unit.block] if n == 0 else []))
        self.segment += 1
        self.prev_new = self.prev_old = None
        self.old_space = False
        return end


def _number_kept(number: str, runs: list[Run]) -> tuple[str | None, list[Run]]:
    """Return (the paragraph number, the runs without it) when `runs` begin with `number` and
    its tab kept (the tab shared once the pieces were tidied: see :func:`_tidy`), and the rest
    is neither all inserted nor all deleted (a writer would mark the number with it); else
    ``(None, runs)``."""
    lead = f"{number}\t"
    if not runs or runs[0].change is not None or not runs[0].text.startswith(lead):
        return None, runs
    rest = [replace(runs[0], text=runs[0].text[len(lead) :]), *runs[1:]]
    rest = [r for r in rest if r.text]
    if not rest or whole_change(rest) is not None:
        return None, runs
    return number, rest


def _line_start(unit: Unit, offset: int) -> int:
    """Return where the line of `unit` that holds `offset` starts: a signature block's lines
    are paragraphs of their own (a gap at a line's start is not the lines before it)."""
    if not isinstance(unit.block, SignatureBlock):
        return 0
    return unit.text.rfind("\n", 0, offset) + 1


def _after_number(unit: Unit, start: int | None, end: int) -> bool:
    """Return whether `unit`'s gap from `start` to `end` holds the tab after its paragraph
    number (`start` ``None``: a gap that is not the unit's text)."""
    return start is not None and bool(unit.number) and start <= unit.number < end


def _separator_kept(unit: Unit, pieces: list[_Piece]) -> list[_Piece]:
    """Return `pieces` with the tab after `unit`'s number kept with the number, when the
    number is kept and each edit right after it begins with that tab on its own side.

    ``1.[-→Definitions-]{+→Defined Terms+}`` reads ``1.→[-Definitions-]{+Defined Terms+}``:
    the paragraph keeps its number, the edit holds words only.
    """
    number = unit.number
    if not pieces or (pieces[0].change, pieces[0].unit, pieces[0].start) != (None, unit, 0):
        return pieces
    if pieces[0].end != number:
        return pieces
    k = 1
    while k < len(pieces) and pieces[k].change is not None:
        edit = pieces[k]
        side = edit.unit
        if (
            side is None
            or not side.number
            or edit.start != side.number
            or side.text[: side.number] != unit.text[:number]
            or not edit.text[:1].isspace()
        ):
            return pieces
        k += 1
    edits = pieces[1:k]
    after = pieces[k] if k < len(pieces) else None
    if (
        after is None  # the edit must lie inside this paragraph, kept text on both sides
        or (after.change, after.unit) != (None, unit)
        or {e.change for e in edits} != {"insert", "delete"}
        or len({id(e.unit) for e in edits if e.change == "delete"}) != 1
        or any(e.unit is not unit for e in edits if e.change == "insert")
    ):
        return pieces
    kept = [replace(pieces[0], end=number + 1)]
    edits = [replace(edit, start=edit.start + 1) for edit in edits]
    return [*kept, *(edit for edit in edits if edit.end > edit.start), *pieces[k:]]


def _rotate(pieces: list[_Piece]) -> list[_Piece]:
    """Return `pieces` with each lone edit that begins with a space, between kept text whose
    second part begins with the same space, taking that space at its end instead.

    ``pay{+ all+} the`` reads ``pay {+all +}the`` and ``1.[- the-] Party`` reads ``1. [-the
    -]Party``: the same text either way, accepted or rejected, but the edit holds whole words
    and a paragraph's number keeps the space after it.
    """
    out = [replace(p) for p in pieces]
    k = 1
    while k < len(out) - 1:
        before, edit, after = out[k - 1], out[k], out[k + 1]
        c = edit.text[:1]
        if edit.change == "insert":
            spans = (before.end, edit.end) == (edit.start, after.start)
            joined = edit.unit is before.unit and spans
        else:
            joined = before.end == after.start
        if (
            edit.change
            and before.change is None
            and after.change is None
            and before.unit is not None
            and before.unit is after.unit
            and joined
            and c.isspace()
            and len(edit.text) > 1
            and after.text[:1] == c
        ):
            before.end += 1
            after.start += 1
            if edit.unit is not None and edit.change == "insert":
                edit.start, edit.end = edit.start + 1, edit.end + 1
                rest = [edit]
            else:
                trimmed = (
                    replace(edit, start=edit.start + 1)
                    if edit.unit is not None
                    else replace(edit, literal=edit.literal[1:])
                )
                rest = [trimmed, _Piece(edit.change, None, literal=c)]
            out[k : k + 1] = rest
            k += len(rest)
            continue
        k += 1
    return _coalesce(out)


def _coalesce(pieces: Iterable[_Piece]) -> list[_Piece]:
    """Return `pieces` with empty ones dropped and neighbours that continue one another joined."""
    out: list[_Piece] = []
    for piece in pieces:
        if not piece.text:
            continue
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
    return _merge_runs(runs)


def _one_line(runs: list[Run], folding: Folding) -> list[Run]:
    """Return `runs` as one line: line breaks become spaces, unless whitespace is compared."""
    if not folding.whitespace:
        return _strip(runs)
    return _strip([replace(r, text=r.text.replace("\n", " ")) for r in runs])


def _strip(runs: list[Run]) -> list[Run]:
    """Return `runs` without empty runs, and without unchanged whitespace at the start and end.

    Changed whitespace stays: a space deleted or inserted before a paragraph mark of one side
    is what joins (or parts) the words of two paragraphs when the mark goes.
    """
    runs = [r for r in runs if r.text]
    while runs and runs[0].change is None and not runs[0].text.strip():
        runs.pop(0)
    while runs and runs[-1].change is None and not runs[-1].text.strip():
        runs.pop()
    if runs and runs[0].change is None:
        runs[0] = replace(runs[0], text=runs[0].text.lstrip())
    if runs and runs[-1].change is None:
        runs[-1] = replace(runs[-1], text=runs[-1].text.rstrip())
    return runs


def _deletions_before_insertions(runs: list[Run]) -> list[Run]:
    """Return `runs` with each stretch of changed runs (no kept text between them) written as
    its deletions, then its insertions, each side's own order kept: the same text accepted or
    rejected. ``[-6.-]{+Term and+}[-→-]{+·+}Survival`` reads ``[-6.→-]{+Term and·+}Survival``.
    """
    out: list[Run] = []
    stretch: list[Run] = []
    for run in [*runs, None]:
        if run is not None and run.change is not None:
            stretch.append(run)
            continue
        out += [r for r in stretch if r.change == "delete"]
        out += [r for r in stretch if r.change != "delete"]
        stretch = []
        if run is not None:
            out.append(run)
    return _merge_runs(out)


def _tidy(runs: list[Run], folding: Folding) -> list[Run]:
    """Return `runs` with a space moved out of the edits, where that changes neither side.

    A deletion and an insertion side by side that both begin with a space share it,
    unmarked: ``Company[- shall-]{+ may+}`` reads ``Company [-shall-]{+may+}``. A tab (after a
    paragraph number) is shared only with a tab, also when one of them is that tab alone:
    ``1.{+→New+}[-→-]{+ +}Definitions`` reads ``1.→{+New +}Definitions``.
    """
    out = list(runs)
    k = 0
    while k < len(out) - 1:
        a, b = out[k], out[k + 1]
        if a.change and b.change and a.change != b.change:
            ins, dels = (a, b) if a.change == "insert" else (b, a)
            lead, other = ins.text[:1], dels.text[:1]
            loose = folding.whitespace and "\t" not in (lead, other)
            shared = lead.isspace() and other.isspace() and (lead == other or loose)
            longer = len(ins.text) > 1 and len(dels.text) > 1
            if shared and (longer or lead == other == "\t"):
                out[k : k + 2] = [
                    replace(ins, text=lead, change=None),
                    replace(a, text=a.text[1:]),
                    replace(b, text=b.text[1:]),
                ]
                continue
        k += 1
    return _merge_runs([r for r in out if r.text])


def _merge_runs(runs: list[Run]) -> list[Run]:
    """Return `runs` with neighbours of the same marks joined."""
    merged: list[Run] = []
    for run in runs:
        if merged and replace(merged[-1], text="") == replace(run, text=""):
            merged[-1] = replace(run, text=merged[-1].text + run.text)
        elif run.text:
            merged.append(run)
    return merged


def _words_text(tokens: list[tuple[Unit, Token]]) -> str:
    """Return the text of `tokens` as written, each block's stretch whole, stretches by space.

    Paragraph marks are left out; a change of marks alone reads as
    :data:`~generator.model.PARAGRAPH_MARK_TEXT`.
    """
    words = [(unit, token) for unit, token in tokens if not is_mark(token)]
    if not words:
        return PARAGRAPH_MARK_TEXT if tokens else ""
    parts: list[str] = []
    owner: Unit | None = None
    first = last = None
    for unit, token in words:
        if unit is not owner or (last is not None and token.start < last.end):
            if owner is not None and first is not None and last is not None:
                parts.append(owner.text[first.start : last.end])
            owner, first = unit, token
        last = token
    if owner is not None and first is not None and last is not None:
        parts.append(owner.text[first.start : last.end])
    return " ".join(" ".join(p.split()) for p in parts)
