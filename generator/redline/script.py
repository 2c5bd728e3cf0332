"""Edit scripts of tokens: a shortest one (Myers, from diff-match-patch), tidied for reading.

Both passes of the redline use the Myers algorithm of diff-match-patch, so the edit script is a
shortest one even on long, repetitive legal text (``difflib.SequenceMatcher`` matches the longest
block first and then misaligns repeated passages; with ``autojunk`` it also ignores frequent
words such as "the" and "Indemnified"). Tokens are mapped to characters, so the character diff
works on words. The script is then tidied for reading: a tiny equality between two edits is
folded into them, a lone insertion or deletion is slid to the sentence or word boundary where a
reader expects it, and a bracket an edit opened is closed inside it. The redline puts a
:data:`PARAGRAPH_MARK` token at the end of each paragraph, so paragraphs align as words do: an
equality holding one is never folded into the edits around it, and an edit slides to start
just after one.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Sequence
from typing import Any, Literal, TypeAlias

from diff_match_patch import diff_match_patch

__all__ = ["PARAGRAPH_MARK", "Op", "edit_script", "is_word", "join_regions", "token_diff"]

Op: TypeAlias = Literal["=", "-", "+"]

PARAGRAPH_MARK = "\x00\u00b6"
"""The key of the token that ends each paragraph (and each line of a signature block): no text
folds to it, so it only ever matches another paragraph's end."""


def token_diff(
    a: Sequence[str], b: Sequence[str], deadline: float | None = None
) -> list[tuple[Op, int]]:
    """Return an edit script turning tokens `a` into tokens `b`, tidied for reading.

    Each pair is ``("=", n)`` (n tokens kept), ``("-", n)`` (n of `a` deleted) or ``("+", n)``
    (n of `b` inserted); in a stretch of edits the deletions come first. `deadline` (a
    ``time.monotonic()`` value) bounds the work; see :func:`edit_script`.
    """
    ops = edit_script(a, b, deadline)
    ops = _fold_small_equalities(ops, a)
    ops = _merge(_slide(ops, a, b))
    return _merge(_close_brackets(ops, a, b))


def edit_script(
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
                slack = 0 if any(is_word(t) for t in a[i : i + n]) else 1
                ends_paragraph = PARAGRAPH_MARK in a[i : i + n]
                if n < before + slack and n < after + slack and not ends_paragraph:
                    out.extend([("-", n), ("+", n)])
                    folded = True
                    i += n
                    continue
            out.append((op, n))
            i += n if op in "=-" else 0
        if not folded:
            return ops
        ops = out


def join_regions(
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
    if left == PARAGRAPH_MARK:  # a paragraph's edit begins at its start, after the last's end
        return 7
    if right == PARAGRAPH_MARK:
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


def is_word(key: str) -> bool:
    """Return whether token `key` is a word (has a letter or digit), not punctuation."""
    return any(c.isalnum() for c in key)
