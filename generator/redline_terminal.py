"""Show a :class:`~generator.redline.Redline` in a terminal: inline marks, context, summary.

Each block of the redline document is wrapped to the terminal's width; a line holding a change
is shown with `context` lines around it, as ``diff -u`` does, under a ``@@ clause @@`` header.
In colour, deleted words are red and struck through and inserted words green and underlined;
without colour (output piped to a file or a program) they read ``[-deleted-]{+inserted+}``, the
marks of ``wdiff`` and ``git diff --word-diff=plain``. A paragraph mark inserted (a paragraph
split) or deleted (two joined) reads ``{+⏎+}`` or ``[-⏎-]`` at the end of its paragraph.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from generator.model import (
    PARAGRAPH_MARK_TEXT,
    Block,
    Heading,
    PageBreak,
    Paragraph,
    SignatureBlock,
    paragraph_mark,
    whole_change,
)
from generator.redline import Redline
from generator.writers.txt import MARKS, VISIBLE_LOOKALIKES, VISIBLE_SPACE, inside_a_change

__all__ = ["render"]

_COLOURS = {"delete": "\x1b[31;9m", "insert": "\x1b[32;4m"}
_RESET = "\x1b[0m"
_BOLD = "\x1b[1m"
_CYAN = "\x1b[36m"


@dataclass(frozen=True, slots=True)
class _Word:
    text: str
    change: str | None
    space_before: bool


@dataclass(frozen=True, slots=True)
class _Line:
    words: tuple[_Word, ...]
    clause: str | None

    @property
    def changed(self) -> bool:
        return any(w.change for w in self.words)


def render(redline: Redline, *, color: bool = False, context: int = 3, width: int = 80) -> str:
    """Return the redline as terminal text: the changed passages in context, then the summary.

    `color` uses ANSI colours instead of ``[-…-]{+…+}`` marks; `context` is the number of
    lines shown before and after each changed line; `width` is the wrapping width.
    """
    out: list[str] = []
    for part in redline.parts:
        lines = list(_document_lines(part.document.blocks, max(width, 20)))
        for hunk in _hunks(lines, max(context, 0)):
            clause = next((ln.clause for ln in hunk if ln.changed and ln.clause), None)
            where = part.document.title + (f": {clause}" if clause else "")
            header = f"@@ {where} @@"
            out.append(f"{_CYAN}{header}{_RESET}" if color else header)
            out.extend(_show(ln, color) for ln in hunk)
            out.append("")
    summary = redline.summary()
    out.extend(f"{_BOLD}{s}{_RESET}" if color and k == 0 else s for k, s in enumerate(summary))
    return "\n".join(out) + "\n"


def _document_lines(blocks: tuple[Block, ...], width: int) -> Iterator[_Line]:
    first = True
    for block in blocks:
        if isinstance(block, PageBreak):
            continue
        if not first:
            yield _Line((), None)
        first = False
        for words in _block_words(block):
            yield from _wrap(words, width, block.clause)


def _block_words(block: Block) -> Iterator[list[_Word]]:
    """Yield the words of `block`, one list per printed line (a signature block has several)."""
    if isinstance(block, Paragraph | Heading):
        words: list[_Word] = []
        whole = whole_change(block.runs)
        if isinstance(block, Paragraph) and block.number:
            # a paragraph inserted or deleted whole takes its number with it
            words.append(_Word(block.number, whole, False))
        space = bool(words)
        for k, run in enumerate(block.runs):
            text = run.text
            pieces = text.split()
            for k, piece in enumerate(pieces):
                piece = piece.translate(VISIBLE_LOOKALIKES) if run.change else piece
                before = text[0].isspace() if k == 0 and text else True
                words.append(_Word(piece, run.change, (space or before) if k == 0 else True))
                space = False
            if pieces:
                space = text[-1].isspace()
            elif text and run.change and inside_a_change(block.runs, k):
                space = True  # a space between words of one change
            elif text and run.change:  # a change of spacing alone: show it
                words.append(_Word(text.translate(VISIBLE_SPACE), run.change, False))
            elif text:
                space = True
        mark = paragraph_mark(block)
        if mark and mark != whole:  # a paragraph split or joined here
            words.append(_Word(PARAGRAPH_MARK_TEXT, mark, False))
        yield words
    elif isinstance(block, SignatureBlock):
        for line in block.lines:
            yield [_Word(w, block.change, k > 0) for k, w in enumerate(line.split())]
    else:
        yield [_Word(w, None, k > 0) for k, w in enumerate(block.text.split())]


def _wrap(words: list[_Word], width: int, clause: str | None) -> Iterator[_Line]:
    # A line breaks only at a space: words with none between them (a deletion and the
    # insertion that replaces it, "[-expense-]{+expenses+}") move to the next line together.
    units: list[list[_Word]] = []
    for word in words:
        if units and not word.space_before:
            units[-1].append(word)
        else:
            units.append([word])
    line: list[_Word] = []
    used = 0
    for unit in units:
        size = _printed_size(unit, line[-1] if line else None)
        if line and used + 1 + size > width:
            yield _Line(tuple(line), clause)
            line, used = [], 0
            size = _printed_size(unit, None)
        used += size + (1 if line else 0)
        line.extend(unit)
    if line:
        yield _Line(tuple(line), clause)


def _printed_size(unit: list[_Word], before: _Word | None) -> int:
    """Return how many columns `unit` takes after `before` (``None``: at a line's start), each
    change it opens counting its marks (``[-`` and ``-]``, or ``{+`` and ``+}``)."""
    size = 0
    for word in unit:
        opens = bool(word.change) and (before is None or before.change != word.change)
        size += len(word.text) + (4 if opens else 0)
        before = word
    return size


def _hunks(lines: list[_Line], context: int) -> Iterator[list[_Line]]:
    changed = [k for k, ln in enumerate(lines) if ln.changed]
    if not changed:
        return
    start, end = changed[0] - context, changed[0] + context
    for k in changed[1:]:
        # Next-door hunks, or hunks with only the blank line between paragraphs between
        # them, are one (as `diff -U0` joins adjacent lines).
        if k - context <= end + 1 or not any(ln.words for ln in lines[end + 1 : k - context]):
            end = k + context
        else:
            yield _trim(lines[max(start, 0) : end + 1])
            start, end = k - context, k + context
    yield _trim(lines[max(start, 0) : end + 1])


def _trim(hunk: list[_Line]) -> list[_Line]:
    while hunk and not hunk[0].words:
        hunk = hunk[1:]
    while hunk and not hunk[-1].words:
        hunk = hunk[:-1]
    return hunk


def _show(line: _Line, color: bool) -> str:
    parts: list[str] = []
    current: str | None = None
    for k, word in enumerate(line.words):
        if word.change != current and current is not None:
            parts.append(_RESET if color else MARKS[current][1])
        if k and word.space_before:
            parts.append(" ")
        if word.change != current and word.change is not None:
            parts.append(_COLOURS[word.change] if color else MARKS[word.change][0])
        current = word.change
        parts.append(word.text)
    if current is not None:
        parts.append(_RESET if color else MARKS[current][1])
    return "".join(parts)
