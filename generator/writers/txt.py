"""Plain text laid out like the filing: centred ruled titles, indented paragraphs wrapped at 80
columns, numbers followed by a tab stop, signature blocks at the right half of the page."""

from __future__ import annotations

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
    lead = _INDENT if block.indent == "first" else ""
    if block.number:
        lead += block.number.ljust(_NUMBER_WIDTH - 1) + " "
    wrapped = textwrap.fill(
        body,
        WIDTH,
        initial_indent=lead,
        break_long_words=False,
        break_on_hyphens=False,
    )
    return wrapped + "\n"


def _signature(block: SignatureBlock) -> str:
    col = _SIGNATURE_COLUMN
    lines: list[str] = []
    if block.party:
        lines += [col + block.party, ""]
        if block.by:
            lines.append("")
    if block.by:
        lines.append(f"{col}By: {block.signature or ''}".rstrip())
        under = col + "    "
        lines.append(under + "-" * (_RULE - 4))
    else:
        lines.append(f"{col}{block.signature or ''}".rstrip())
        under = col
        lines.append(under + "-" * _RULE)
    lines += [under + line for line in (block.name, block.title) if line]
    return "\n".join(lines) + "\n"
