"""Plain text laid out like the filing: centred ruled titles, indented paragraphs wrapped at 80
columns, numbers followed by a tab stop, signature blocks at the right half of the page.

A redline's changes read as the terminal shows them piped: ``[-deleted-]{+inserted+}``, a
paragraph mark inserted or deleted on its own (a paragraph split or joined) as ``{+⏎+}`` or
``[-⏎-]`` at the end of its paragraph, a signature block inserted or deleted whole with each of
its lines marked.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Sequence

from generator.model import (
    PARAGRAPH_MARK_TEXT,
    Document,
    Heading,
    Legend,
    PageBreak,
    Paragraph,
    Run,
    SignatureBlock,
    Title,
    paragraph_mark,
    whole_change,
)

__all__ = ["MARKS", "VISIBLE_LOOKALIKES", "VISIBLE_SPACE", "WIDTH", "inside_a_change", "write"]

WIDTH = 80
_INDENT = " " * 9  # the filing's first-line indent
_NUMBER_WIDTH = 9  # "1." and "(a)" are padded to the next tab stop
_SIGNATURE_COLUMN = " " * 39
_RULE = 41
# Text that wraps the simple way: words of no whitespace, separated by single spaces.
_SIMPLE = re.compile(r"\S+(?: \S+)*")
_WORD = re.compile(r"\S+")
#: A section or paragraph sign and the number after it stay on one line (``§ 17-16-101``): the
#: space is held as a no-break space while wrapping, then printed as a space.
_SIGN_SPACE = re.compile(r"(?<=[\u00a7\u00b6]) (?=\S)")
_LINES: dict[int, re.Pattern[str]] = {}
#: How a deletion and an insertion are marked in plain text (and on a terminal without colour).
MARKS = {"delete": ("[-", "-]"), "insert": ("{+", "+}")}
#: A change of spacing alone is shown: a space as "·", a break as "⏎", a tab as "→", a no-break
#: space as "°" (as Word shows it).
VISIBLE_SPACE = str.maketrans(
    {" ": "\u00b7", "\n": PARAGRAPH_MARK_TEXT, "\t": "\u2192"}
    | dict.fromkeys(("\u00a0", "\u2007", "\u202f"), "\u00b0")
)
#: Characters inside a change that print as another would (a non-breaking hyphen as "-"), shown
#: by their code: ``[-by-laws-]{+by[U+2011]laws+}``, not two marks that read the same; so are
#: the glyphs of a symbol font that a .docx reader knows no character for, kept as their codes
#: in the private use area (U+F000-U+F0FF), which a terminal prints as blanks or boxes alike.
VISIBLE_LOOKALIKES = str.maketrans(
    {
        code: f"[U+{code:04X}]"
        for code in (0x00AD, 0x2010, 0x2011, 0x2012, 0x2212, *range(0xF000, 0xF100))
    }
)


#: The plain text keeps the filing's straight quotes, also where a drafter typed curly ones
#: (``Jane “JJ” O’Doe``): one character for one, so the layout is not changed.
_STRAIGHT = str.maketrans(
    {"\u201c": '"', "\u201d": '"', "\u201e": '"', "\u2018": "'", "\u2019": "'"}
    | dict.fromkeys(("\u00a0", "\u2007", "\u202f"), " ")  # no line broke there: plain now
)


def write(document: Document) -> bytes:
    """Return `document` as UTF-8 plain text."""
    return render(document).encode("utf-8")


def render(document: Document) -> str:
    """Return `document` as plain text, with straight quotes throughout."""
    return _render(document).translate(_STRAIGHT)


def _render(document: Document) -> str:
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
        if isinstance(block, Title):
            text = block.text
        else:  # a redline's heading: its changes marked as a paragraph's are
            opening, body = _changed(block)
            text = opening + body
        return f"{text.center(WIDTH).rstrip()}\n{('-' * len(text)).center(WIDTH).rstrip()}\n"
    opening, body = _changed(block)
    if block.indent == "signature":
        return "\n".join(_column(opening + body, _SIGNATURE_COLUMN)) + "\n"
    lead = _INDENT if block.indent == "first" else ""
    if block.number:
        lead += (opening + block.number).ljust(_NUMBER_WIDTH - 1) + " "
    elif opening:
        body = opening + body
    return _fill(body, lead) + "\n"


def _changed(block: Heading | Paragraph) -> tuple[str, str]:
    """Return (the opening mark of a block inserted or deleted whole, else ``""``; the text of
    `block`'s runs with their changes marked, and its paragraph mark where it changed alone)."""
    whole = whole_change(block.runs)
    mark = paragraph_mark(block)
    if whole:  # a paragraph inserted or deleted whole: one mark around it, number and all
        opening, closing = MARKS[whole]
        body = "".join(r.text for r in block.runs) + closing
    else:
        opening, body = "", _marked(block.runs)
    if mark and mark != whole:
        body += _marked((Run(PARAGRAPH_MARK_TEXT, change=mark),))
    return opening, body


def inside_a_change(runs: Sequence[Run], k: int) -> bool:
    """Return whether ``runs[k]``, whitespace of a change, is an ordinary space of a mark that
    holds words: between two of its words (``[-Parties. No-]``, where a clause ends and the
    next begins) or at either end of it (``[-(ii)-] conduct``, the space that ended the deleted
    words), not a change of spacing alone, which :data:`VISIBLE_SPACE` shows.

    The mark is the stretch of runs next to each other that carry ``runs[k]``'s change.
    """
    change = runs[k].change
    start = end = k
    while start > 0 and runs[start - 1].change == change:
        start -= 1
    while end < len(runs) - 1 and runs[end + 1].change == change:
        end += 1
    return any(not run.text.isspace() for run in runs[start : end + 1])


def _marked(runs: tuple[Run, ...]) -> str:
    """Return the text of `runs`, each stretch of inserted or deleted runs in its marks.

    A space at either end of a stretch that holds words is printed outside its marks, as the
    terminal prints it (``No-] {+Party``); a stretch of whitespace alone is shown in them
    (``[-·-]``).
    """
    parts: list[str] = []
    k = 0
    while k < len(runs):
        change = runs[k].change
        end = k
        while end < len(runs) and runs[end].change == change:
            end += 1
        if change is None:
            parts.extend(run.text for run in runs[k:end])
        else:
            opening, closing = MARKS[change]
            text = "".join(_shown(runs, j) for j in range(k, end))
            words = text.strip()
            if not words:  # a change of spacing alone
                parts.append(opening + text + closing)
            else:
                # One space, as the terminal prints it, and none where the text beside the
                # stretch has one already (a deletion's and the insertion after it).
                spaced = bool(parts) and parts[-1][-1:].isspace()
                before = " " if text[0].isspace() and not spaced else ""
                after = " " if text[-1].isspace() and not _starts_with_space(runs, end) else ""
                parts.append(before + opening + words + closing + after)
        k = end
    return "".join(parts)


def _starts_with_space(runs: Sequence[Run], k: int) -> bool:
    """Return whether the text from ``runs[k]`` on starts with whitespace."""
    return k < len(runs) and runs[k].text[:1].isspace()


def _shown(runs: Sequence[Run], k: int) -> str:
    """Return how changed run ``runs[k]`` reads inside its mark."""
    run = runs[k]
    if run.text.isspace():
        return " " if inside_a_change(runs, k) else run.text.translate(VISIBLE_SPACE)
    return run.text.translate(VISIBLE_LOOKALIKES)


def _fill(body: str, lead: str) -> str:
    """Return `body` wrapped at :data:`WIDTH` columns, the first line after `lead`.

    What ``textwrap.fill`` returns with long words and hyphenated words left whole, computed
    by a regular expression per line instead of a loop per word, for text of words separated by
    single spaces (all a template's paragraph holds); ``textwrap`` for any other text.
    """
    body = _SIGN_SPACE.sub("\u00a0", body)
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
    """Return a signature block's lines; one inserted or deleted whole has each line marked."""
    opening, closing = MARKS[block.change] if block.change else ("", "")

    def marked(text: str) -> str:
        return f"{opening}{text}{closing}" if text else ""

    col = _SIGNATURE_COLUMN
    lines: list[str] = []
    if block.party:
        lines += [*_column(marked(block.party), col), ""]
        if block.by:
            lines.append("")
    if block.by:
        lines += _column(marked(f"By: {block.signature or ''}".rstrip()), col, col + "    ")
        under = col + "    "
        lines.append(under + "-" * (_RULE - 4))
    else:
        lines += _column(marked(block.signature or ""), col) or [""]
        under = col
        lines.append(under + "-" * _RULE)
    for line in (block.name, block.title):
        if line:
            lines += _column(marked(line), under)
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
