"""Compare two documents and build the redline document.

Blocks are aligned first, by their folded tokens, so an untouched paragraph is never matched
against the wrong one (a short run of equal blocks between changes is folded into them, and two
documents with the same words in other paragraphs compare equal). Each stretch of blocks that
differ is then compared token by token; a block keeping under a quarter of its tokens is shown
deleted or inserted whole rather than torn across its neighbours.

The redline keeps NEW's blocks (NEW's own objects where nothing changed), with inserted runs
marked and deleted text spliced in where it stood; an OLD block deleted whole comes back in place
as an all-deleted block. Whitespace around each edit is placed so that accepting every change
gives NEW's text and rejecting every change gives OLD's. One comparison has a time budget; past
it, what is left is shown replaced whole (see :func:`generator.redline.script.edit_script`).
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from typing import Literal

from generator.model import (
    Block,
    Document,
    Heading,
    Legend,
    Paragraph,
    Run,
    SignatureBlock,
    Title,
)
from generator.normalize import DEFAULT, Folding, Token, spans
from generator.redline.result import Change, Comparison
from generator.redline.script import Op, edit_script, is_word, join_regions, token_diff

__all__ = ["compare"]


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
            block_ops = edit_script([u.key for u in old], [u.key for u in new], self.deadline)
            block_ops = join_regions(
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
            return [replace(block, runs=tuple(_one_line(runs, self.folding)), number=number)]
        if isinstance(block, Heading | Title):
            return [Heading(runs=tuple(_one_line(runs, self.folding)), clause=block.clause)]
        if isinstance(block, Legend):
            return [
                Paragraph(
                    runs=tuple(_one_line(runs, self.folding)), clause=block.clause, indent="none"
                )
            ]
        lines = list(_lines(runs))
        return [
            Paragraph(
                runs=tuple(line),
                clause=block.clause,
                indent="signature" if isinstance(block, SignatureBlock) else "none",
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
                sum(1 for _, t in new_tokens if is_word(t.key)),
                sum(1 for _, t in old_tokens if is_word(t.key)),
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


def _one_line(runs: list[Run], folding: Folding) -> list[Run]:
    """Return `runs` as one line: line breaks become spaces, unless whitespace is compared."""
    if not folding.whitespace:
        return _strip(runs)
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
