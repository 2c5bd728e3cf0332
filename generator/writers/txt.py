"""Plain text laid out like the filing: centred ruled titles, indented paragraphs wrapped at 80
columns, numbers followed by a tab stop, signature blocks at the right half of the page."""

from __future__ import annotations

import re
import textwrap

from generator.model import (
    Document,
    Heading,
    Legend,
    PageBreak,
    Paragraph,
    SignatureBlock,
    Title,
)

__all__ = ["WIDTH", "write"]

WIDTH = 80
_INDENT = " " * 9  # the filing's first-line indent
_NUMBER_WIDTH = 9  # "1." and "(a)" are padded to the next tab stop
_SIGNATURE_COLUMN = " " * 39
_RULE = 41
# Text that wraps the simple way: words of no whitespace, separated by single spaces.
_SIMPLE = re.compile(r"\S+(?: \S+)*")
_WORD = re.compile(r"\S+")
_LINES: dict[int, re.Pattern[str]] = {}


def write(document: Document) -> bytes:
    """Return `document` as UTF-8 plain text."""
    return render(document).encode("utf-8")


def render(document: Document) -> str:
    """Return `document` as plain text."""
    chunks: list[str] = []
    previous: object = None
    for block in document.blocks:
        if isinstance(block, SignatureBlock):
            chunks.append("\n" if isinstance(previous, SignatureBlock) else "\n\n")
            chunks.append(_signature(block))
        elif isinstance(block, PageBreak):
            pass
        else:
            if chunks:
                chunks.append("\n")
            chunks.append(_block(block))
        previous = block
    return "".join(chunks)


def _block(block: Legend | Title | Heading | Paragraph) -> str:
    if isinstance(block, Legend):
        return block.text + "\n"
    if isinstance(block, Title | Heading):
        text = block.text
        return f"{text.center(WIDTH).rstrip()}\n{('-' * len(text)).center(WIDTH).rstrip()}\n"
    body = "".join(r.text for r in block.runs)
    if block.indent == "signature":
        return "\n".join(_column(body, _SIGNATURE_COLUMN)) + "\n"
    lead = _INDENT if block.indent == "first" else ""
    if block.number:
        lead += block.number.ljust(_NUMBER_WIDTH - 1) + " "
    return _fill(body, lead) + "\n"


def _fill(body: str, lead: str) -> str:
    """Return `body` wrapped at :data:`WIDTH` columns, the first line after `lead`.

    What ``textwrap.fill`` returns with long words and hyphenated words left whole, computed
    by a regular expression per line instead of a loop per word, for text of words separated by
    single spaces (all a template's paragraph holds); ``textwrap`` for any other text.
    """
    if len(lead) >= WIDTH or not _SIMPLE.fullmatch(body):
        return textwrap.fill(
            body,
            WIDTH,
            initial_indent=lead,
            break_long_words=False,
            break_on_hyphens=False,
        )
    lines = []
    width = WIDTH - len(lead)
    at = 0
    while at < len(body):
        # The most words that fit, or one longer word alone on its line.
        line = _line(width).match(body, at) or _WORD.match(body, at)
        assert line is not None  # body[at] starts a word
        lines.append(line.group())
        at = line.end() + 1
        width = WIDTH
    return lead + "\n".join(lines)


def _line(width: int) -> re.Pattern[str]:
    """Return the pattern of the longest run of whole words of at most `width` characters."""
    pattern = _LINES.get(width)
    if pattern is None:
        pattern = _LINES[width] = re.compile(f".{{1,{width}}}(?= |\\Z)")
    return pattern


def _signature(block: SignatureBlock) -> str:
    col = _SIGNATURE_COLUMN
    lines: list[str] = []
    if block.party:
        lines += [*_column(block.party, col), ""]
        if block.by:
            lines.append("")
    if block.by:
        lines += _column(f"By: {block.signature or ''}".rstrip(), col, col + "    ")
        under = col + "    "
        lines.append(under + "-" * (_RULE - 4))
    else:
        lines += _column(block.signature or "", col) or [""]
        under = col
        lines.append(under + "-" * _RULE)
    for line in (block.name, block.title):
        if line:
            lines += _column(line, under)
    return "\n".join(lines) + "\n"


def _column(text: str, lead: str, then: str | None = None) -> list[str]:
    """Return `text` wrapped into the signature column, the first line after `lead` and the rest
    after `then` (default `lead`); a long name or title stays inside the 80 columns."""
    if not text:
        return []
    return textwrap.wrap(
        text,
        WIDTH,
        initial_indent=lead,
        subsequent_indent=lead if then is None else then,
        break_long_words=False,
        break_on_hyphens=False,
    )
