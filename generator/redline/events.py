"""The token edit script of a stretch of blocks, as events the redline is laid out from.

Each block of a side is a :class:`Unit`: its text, its tokens and, after its last token, a
:data:`~generator.redline.script.PARAGRAPH_MARK` token standing for its paragraph mark (a
signature block has one after each printed line, as the DOCX writer and readers give a line a
paragraph of its own). Paragraph marks are compared like words: a kept one is a paragraph
boundary both sides share, a deleted one joins two of OLD's paragraphs, an inserted one splits
one. :func:`events` returns the script one token at a time; :func:`whole_signatures` and
:func:`marks_last` tidy it for laying out.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.model import Block, Heading, Paragraph, Run, SignatureBlock
from generator.normalize import Folding, Token, spans
from generator.redline.script import PARAGRAPH_MARK, Op, token_diff

__all__ = [
    "PLAIN",
    "Event",
    "Region",
    "Unit",
    "blank_signing_line",
    "events",
    "inserted_paragraphs_first",
    "is_mark",
    "make_unit",
    "marks_last",
    "whole_signatures",
]

PLAIN = Run("")
"""The marks of text that has none (a paragraph's number, a signature block's lines)."""

#: A block that keeps less than this share of its tokens is shown deleted (or inserted) whole.
_KEPT_SHARE = 0.25


@dataclass(slots=True)
class Unit:
    """One block of one side, as compared: its text, tokens and the styles over its text."""

    block: Block
    text: str
    tokens: list[Token]
    """The block's tokens, each paragraph mark among them (``[]`` for a block of no words)."""
    styles: list[tuple[int, int, Run]]
    """``(start, end, run)``: the marks (bold, clauses...) of each stretch of `text`."""
    number: int = 0
    """Length of the paragraph number at the start of `text` (``0``: none), which a tab
    follows in `text`, as it does in a DOCX: rejecting or accepting a change gives it back."""

    @property
    def key(self) -> tuple[str, ...]:
        """Return the tokens as compared."""
        return tuple(t.key for t in self.tokens)

    def style_at(self, offset: int) -> Run:
        """Return the run whose marks the character at `offset` carries."""
        for start, end, run in self.styles:
            if start <= offset < end:
                return run
        return PLAIN

    def clauses_at(self, offset: int) -> tuple[str, ...]:
        """Return the ids of the clauses the character at `offset` belongs to."""
        own = (self.block.clause,) if self.block.clause else ()
        return own + self.style_at(offset).clauses


def make_unit(block: Block, folding: Folding) -> Unit:
    """Return `block` as a unit: its text as a reader sees it, tokens, paragraph marks."""
    styles: list[tuple[int, int, Run]] = []
    number = 0
    if isinstance(block, Paragraph | Heading):
        parts: list[str] = []
        at = 0
        if isinstance(block, Paragraph) and block.number:
            parts.append(f"{block.number}\t")  # the tab a writer prints after a number
            number = len(block.number)
            styles.append((0, number + 1, PLAIN))
            at = number + 1
        for run in block.runs:
            parts.append(run.text)
            styles.append((at, at + len(run.text), run))
            at += len(run.text)
        text = "".join(parts)
        lines = [text]
    elif isinstance(block, SignatureBlock):
        lines = list(block.lines)
        text = "\n".join(lines)
        styles.append((0, len(text), PLAIN))
    else:
        text = block.text
        lines = [text]
        styles.append((0, len(text), PLAIN))
    tokens: list[Token] = []
    at = 0
    for line in lines:
        found = [Token(t.key, t.start + at, t.end + at) for t in spans(line, folding)]
        if found:
            tokens.extend(found)
            tokens.append(Token(PARAGRAPH_MARK, at + len(line), at + len(line)))
        at += len(line) + 1
    return Unit(block, text, tokens, styles, number)


def blank_signing_line(block: Block) -> bool:
    """Return whether `block` is a signature block with a blank line to sign (no ``By:``, no
    conformed signature): a line with no words, printed as a paragraph of its own."""
    return isinstance(block, SignatureBlock) and not block.by and not block.signature


def is_mark(token: Token) -> bool:
    """Return whether `token` is a paragraph mark."""
    return token.key == PARAGRAPH_MARK


@dataclass(slots=True)
class Event:
    """One token of the edit script: kept (``=``), deleted (``-``) or inserted (``+``)."""

    op: Op
    i: int
    """Index into the region's OLD tokens (``-1``: none)."""
    j: int
    """Index into the region's NEW tokens (``-1``: none)."""


@dataclass(slots=True)
class Region:
    """A stretch of blocks that differ: their tokens, side by side."""

    old: list[tuple[Unit, Token]] = field(default_factory=list)
    new: list[tuple[Unit, Token]] = field(default_factory=list)


def events(region: Region, deadline: float | None = None) -> list[Event]:
    """Return the token edit script of `region` as events, one per token, in reading order.

    A block that keeps less than a quarter of its tokens is taken out and the rest compared
    again, so that a stray match (``5.`` of a deleted section against ``5.`` of the section
    renumbered after it, or a paragraph's mark alone) does not tear a paragraph across its
    neighbours; a block taken out is all deleted (or all inserted), at its place.
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
    out: list[Event] = []
    a = b = 0
    for op, n in ops:
        for _ in range(n):
            if op == "=":
                out.append(Event("=", old_in[a], new_in[b]))
                a, b = a + 1, b + 1
            elif op == "-":
                out.append(Event("-", old_in[a], -1))
                a += 1
            else:
                out.append(Event("+", -1, new_in[b]))
                b += 1
    # Put the blocks taken out back where they stood: before the next token of their side.
    taken_old = sorted(set(range(len(region.old))) - set(old_in))
    taken_new = sorted(set(range(len(region.new))) - set(new_in))
    if taken_old or taken_new:
        out = _put_back(out, taken_old, taken_new)
    return out


def _scant(tokens: list[tuple[Unit, Token]], indices: list[int], kept: dict[int, int]) -> set[int]:
    """Return the indices of `tokens` whose block kept too small a share of its tokens."""
    size: dict[int, int] = {}
    for i in indices:
        unit = id(tokens[i][0])
        size[unit] = size.get(unit, 0) + 1
    scant = {u for u, n in size.items() if kept.get(u, 0) < _KEPT_SHARE * n and kept.get(u, 0)}
    return {i for i in indices if id(tokens[i][0]) in scant}


def _put_back(events: list[Event], taken_old: list[int], taken_new: list[int]) -> list[Event]:
    """Return `events` with each taken-out token put back (as deleted or inserted) before the
    next event of its side."""
    out: list[Event] = []
    old_iter, new_iter = iter(taken_old), iter(taken_new)
    next_old, next_new = next(old_iter, None), next(new_iter, None)
    for e in events:
        while next_old is not None and e.i >= 0 and next_old < e.i:
            out.append(Event("-", next_old, -1))
            next_old = next(old_iter, None)
        while next_new is not None and e.j >= 0 and next_new < e.j:
            out.append(Event("+", -1, next_new))
            next_new = next(new_iter, None)
        out.append(e)
    while next_old is not None:
        out.append(Event("-", next_old, -1))
        next_old = next(old_iter, None)
    while next_new is not None:
        out.append(Event("+", -1, next_new))
        next_new = next(new_iter, None)
    return out


def whole_signatures(events: list[Event], region: Region, paragraphs: bool = True) -> list[Event]:
    """Return `events` with every signature block that changed deleted or inserted whole.

    A signature block is laid out, not written as a sentence: a word changed inside it shows
    as OLD's block deleted and NEW's inserted, each printed as a signature block is (signing
    line included). A block kept word for word has changed too where it cannot be kept as it
    is (see :func:`_kept_alone`). What is matched against such a block on the other side goes
    with it, and each stretch of edits is then written deletions first, so a block's events
    stay together.
    Without `paragraphs`, a paragraph mark that moved changes no block.
    """
    edited = {  # blocks with an edit
        id((region.old[e.i] if e.op == "-" else region.new[e.j])[0])
        for e in events
        if e.op != "=" and _changes_words(e, region, paragraphs)
    }
    whole: set[int] = set()
    kept: list[tuple[int, list[Event], bool]] = []  # blocks without an edit, to look at again
    for side, index in (("old", 1), ("new", 2)):
        tokens = region.old if side == "old" else region.new
        first: dict[int, int] = {}
        last: dict[int, int] = {}
        for k, e in enumerate(events):
            at = (e.i, e.j)[index - 1]
            if at >= 0 and isinstance(tokens[at][0].block, SignatureBlock):
                first.setdefault(id(tokens[at][0]), k)
                last[id(tokens[at][0])] = k
        for unit, start in first.items():
            span = events[start : last[unit] + 1]
            if any(_changes_words(e, region, paragraphs) for e in span):
                whole.add(unit)
            else:
                kept.append((unit, span, side == "old"))
    while True:  # what is matched against a block shown whole goes whole too
        grown = {
            id(u)
            for e in events
            if e.op == "=" and _spreads(e, region, whole, paragraphs)
            for u in (region.old[e.i][0], region.new[e.j][0])
        }
        grown |= {  # a block going whole is an edit next to the blocks kept beside it
            unit
            for unit, span, old_side in kept
            if not _kept_alone(span, old_side, region, edited | whole | grown, paragraphs)
        }
        if grown <= whole:
            break
        whole |= grown
    if not whole:
        return events
    split: list[Event] = []
    for e in events:
        if e.op == "=" and _spreads(e, region, whole, paragraphs):
            split += [Event("-", e.i, -1), Event("+", -1, e.j)]
        else:
            split.append(e)
    return _deletions_first(split, region)


def _spreads(event: Event, region: Region, whole: set[int], paragraphs: bool) -> bool:
    """Return whether kept `event` goes whole with a block of `whole` it belongs to.

    With `paragraphs`, a block of either side does, and what is matched against it then goes
    whole in turn. Without, only a signature block does: the other side's paragraphs are
    guessed (a ``.txt`` exported with no blank lines is one paragraph from the recitals to the
    last signature), and the words of one matched against the block go with it, not all of
    it, nor what its other words are matched against (the whole agreement, replaced).
    """
    units = (region.old[event.i][0], region.new[event.j][0])
    if paragraphs:
        return any(id(u) in whole for u in units)
    return any(id(u) in whole and _signature(u) for u in units)


def _kept_alone(
    span: list[Event], old_side: bool, region: Region, edited: set[int], paragraphs: bool
) -> bool:
    """Return whether a signature block whose events are `span`, no edit among them, can be
    kept as it is.

    With `paragraphs` (without, the other side's paragraphs are only guessed: any will do),
    each block of the other side that its words are matched against must be matched whole
    (not a paragraph running on before or after it), and a blank line to sign kept against
    text without one must not stand where the other side has text of its own: the block of
    the other side just before the match must be unchanged (a ``.docx`` read back drops empty
    paragraphs, so the blank line is otherwise taken to be there too).
    """
    if not paragraphs:
        return True
    other = region.new if old_side else region.old
    matched: dict[int, tuple[Unit, int]] = {}
    for e in span:
        if e.op == "=":
            unit = other[e.j if old_side else e.i][0]
            matched[id(unit)] = (unit, matched.get(id(unit), (unit, 0))[1] + 1)
    if any(len(unit.tokens) != n for unit, n in matched.values()):
        return False
    if not any(e.op == "=" and _blank_line_differs(e, region) for e in span):
        return True
    first = next(e for e in span if e.op == "=")
    at = first.j if old_side else first.i
    return at == 0 or id(other[at - 1][0]) not in edited


def _blank_line_differs(event: Event, region: Region) -> bool:
    """Return whether kept `event` pairs a block with a blank signing line and one without."""
    old, new = region.old[event.i][0], region.new[event.j][0]
    return blank_signing_line(old.block) != blank_signing_line(new.block)


def _changes_words(event: Event, region: Region, paragraphs: bool) -> bool:
    """Return whether `event` is an edit that counts (a moved mark counts with `paragraphs`)."""
    if event.op == "=":
        return False
    if paragraphs:
        return True
    side = region.old if event.op == "-" else region.new
    return not is_mark(side[max(event.i, event.j)][1])


def _deletions_first(events: list[Event], region: Region) -> list[Event]:
    """Return `events` with each stretch of edits written as its deletions, then insertions,
    and the signature blocks that end them in pairs (see :func:`_paired`)."""
    out: list[Event] = []
    stretch: list[Event] = []
    for e in [*events, None]:
        if e is None or e.op == "=":
            dels = [x for x in stretch if x.op == "-"]
            out += _paired(dels, [x for x in stretch if x.op == "+"], region)
            stretch = []
            if e is not None:
                out.append(e)
        else:
            stretch.append(e)
    return out


def _paired(dels: list[Event], ins: list[Event], region: Region) -> list[Event]:
    """Return a stretch's deletions `dels`, then its insertions `ins`, with the signature
    blocks each side's edits end with taken in pairs where alike (see :func:`_alike`): OLD's
    first block, NEW's first, OLD's second, NEW's second; a block alone (a party dropped or
    added) comes before the next pair, deletions first.

    Two signatories renamed read as each block replaced in its place, not both deleted and
    then both inserted. The paragraphs before the blocks stay deletions first, and each
    side's own order is kept, so accepting and rejecting give the same paragraphs.
    """
    old, new = _blocks(dels, region.old), _blocks(ins, region.new)
    old_at, new_at = _signatures_from(old), _signatures_from(new)
    if old_at == len(old) or new_at == len(new):
        return dels + ins
    out = [e for _, group in old[:old_at] + new[:new_at] for e in group]
    olds, news = old[old_at:], new[new_at:]
    alone_old: list[Event] = []
    alone_new: list[Event] = []
    for i, j in _alike(
        [_signer_words(unit) for unit, _ in olds], [_signer_words(unit) for unit, _ in news]
    ):
        if i is not None and j is not None:  # a pair: what stands alone before it goes first
            out += [*alone_old, *alone_new, *olds[i][1], *news[j][1]]
            alone_old, alone_new = [], []
        elif i is not None:
            alone_old += olds[i][1]
        elif j is not None:
            alone_new += news[j][1]
    return out + alone_old + alone_new


#: How alike two signature blocks' words must be (difflib's ratio over the words of who signs:
#: "Terry L. LaCore" and "Terrence L. LaCore" are 0.67) to be shown as a pair.
_ALIKE = 0.5


def _signer_words(unit: Unit) -> tuple[str, ...]:
    """Return who signs a signature block, as compared for likeness: the words of its caption
    and name."""
    block = unit.block
    if not isinstance(block, SignatureBlock):
        return ()
    return tuple(" ".join(x for x in (block.party, block.name) if x).casefold().split())


def _alike(
    old: list[tuple[str, ...]], new: list[tuple[str, ...]]
) -> list[tuple[int | None, int | None]]:
    """Return `old` and `new` (signature blocks' words) aligned in order: the most pairs of
    alike blocks (a signatory renamed, "Terry" to "Terrence"), and each other block alone.

    Blocks pair only when alike, not by place: a first party dropped leaves the second's
    block to pair with its renamed self, not with the first's.
    """
    n, m = len(old), len(new)
    alike = [[_similar(a, b) for b in new] for a in old]
    best = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            paired = best[i + 1][j + 1] + 1 if alike[i][j] else -1
            best[i][j] = max(paired, best[i + 1][j], best[i][j + 1])
    out: list[tuple[int | None, int | None]] = []
    i = j = 0
    while i < n or j < m:
        if i < n and j < m and alike[i][j] and best[i][j] == best[i + 1][j + 1] + 1:
            out.append((i, j))
            i, j = i + 1, j + 1
        elif i < n and (j == m or best[i][j] == best[i + 1][j]):
            out.append((i, None))
            i += 1
        else:
            out.append((None, j))
            j += 1
    return out


def _similar(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    from difflib import SequenceMatcher

    matcher = SequenceMatcher(None, a, b, autojunk=False)
    # Word by word, the quick upper bounds first: fifty parties renamed are 2,500 comparisons.
    return (
        matcher.real_quick_ratio() >= _ALIKE
        and matcher.quick_ratio() >= _ALIKE
        and matcher.ratio() >= _ALIKE
    )


def _blocks(
    stretch: list[Event], tokens: list[tuple[Unit, Token]]
) -> list[tuple[Unit, list[Event]]]:
    """Return the events of `stretch`, all of one side, with their block, block by block."""
    groups: list[tuple[Unit, list[Event]]] = []
    for e in stretch:
        unit = tokens[max(e.i, e.j)][0]
        if not groups or groups[-1][0] is not unit:
            groups.append((unit, []))
        groups[-1][1].append(e)
    return groups


def _signatures_from(groups: list[tuple[Unit, list[Event]]]) -> int:
    """Return where the signature blocks that end `groups` begin (``len(groups)``: none)."""
    at = len(groups)
    while at > 0 and _signature(groups[at - 1][0]):
        at -= 1
    return at


def _pair_marks(events: list[Event], region: Region) -> list[Event]:
    """Return `events` with a deleted mark and an inserted one side by side kept as one.

    A signature block deleted whole between them does not part them (its events are laid out
    as one block): the mark is kept before the block, which stays deleted whole after it.
    """
    out: list[Event] = []
    for e in events:
        at = len(out) - 1
        if e.op == "+":
            while at >= 0 and out[at].op == "-" and _signature(region.old[out[at].i][0]):
                at -= 1
        last = out[at] if at >= 0 else None
        if (
            last is not None
            and {last.op, e.op} == {"-", "+"}
            and is_mark(region.old[max(last.i, e.i)][1])
            and is_mark(region.new[max(last.j, e.j)][1])
            and not _signature(region.old[max(last.i, e.i)][0])
            and not _signature(region.new[max(last.j, e.j)][0])
        ):
            out[at] = Event("=", max(last.i, e.i), max(last.j, e.j))
        else:
            out.append(e)
    return out


def _signature(unit: Unit) -> bool:
    """Return whether `unit` is a signature block's."""
    return isinstance(unit.block, SignatureBlock)


def marks_last(events: list[Event], region: Region) -> list[Event]:
    """Return `events` with each wholly inserted (deleted) paragraph ending in its own mark.

    Paragraph marks are all alike, so ``A [+¶ +X] ¶`` and ``A ¶ [+X +¶]`` are the same edit;
    the second is the one a writer can show (paragraph ``X`` inserted with its mark), so a
    kept mark after such a stretch trades places with the stretch's first mark of that kind.
    A deleted mark and an inserted one side by side are one kept mark.
    """
    events = _pair_marks(events, region)
    q = 0
    while q < len(events):
        e = events[q]
        q += 1
        if e.op != "=" or not is_mark(region.old[e.i][1]):
            continue
        for op in ("+", "-"):
            p = q - 1
            while p > 0 and events[p - 1].op == op:
                p -= 1
            side = region.new if op == "+" else region.old
            first = next(
                (
                    k
                    for k in range(p, q - 1)
                    if is_mark(side[max(events[k].i, events[k].j)][1])
                    and not _signature(side[max(events[k].i, events[k].j)][0])
                ),
                None,
            )
            if first is None or _signature(region.old[e.i][0]) or _signature(region.new[e.j][0]):
                continue  # a signature block changed is shown whole: its marks stay its own
            mover = events[first]
            if op == "+":
                events[first], events[q - 1] = Event("=", e.i, mover.j), Event("+", -1, e.j)
            else:
                events[first], events[q - 1] = Event("=", mover.i, e.j), Event("-", e.i, -1)
            q = first  # the mark now kept there may trade places again, with the other kind
            break
    return events


def inserted_paragraphs_first(events: list[Event], region: Region) -> list[Event]:
    """Return `events` with the paragraphs a stretch of edits inserts at a paragraph's start
    written before the stretch's deletions, where those delete no paragraph mark.

    A section added before one renumbered (``5. Contribution`` before ``Survival``, 5. to 6.)
    is found as ``[-5-]{+5. Contribution ... ¶ 6+}. Survival``: the deletion is of the
    paragraph that goes on after the stretch, not of the one inserted before it, and reads
    ``{+5. Contribution ... ¶+}[-5-]{+6+}. Survival``: the section inserted whole, Survival
    renumbered. Each side's tokens keep their order, so accepting and rejecting are unchanged.
    A signature block's edits are left as they are (laid out in pairs: see
    :func:`whole_signatures`).
    """
    out = list(events)
    k = 0
    while k < len(out):
        if out[k].op == "=":
            k += 1
            continue
        end = k
        while end < len(out) and out[end].op != "=":
            end += 1
        stretch = out[k:end]
        dels = [e for e in stretch if e.op == "-"]
        ins = [e for e in stretch if e.op == "+"]
        starts_paragraph = k == 0 or is_mark(region.old[out[k - 1].i][1])
        marks = [n for n, e in enumerate(ins) if is_mark(region.new[e.j][1])]
        if (
            starts_paragraph
            and dels
            and marks
            and stretch == dels + ins
            and not any(is_mark(region.old[e.i][1]) for e in dels)
            and not any(_signature(region.old[e.i][0]) for e in dels)
            and not any(_signature(region.new[e.j][0]) for e in ins)
        ):
            out[k:end] = [*ins[: marks[-1] + 1], *dels, *ins[marks[-1] + 1 :]]
        k = end
    return out
