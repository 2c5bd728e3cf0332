"""Fold away what is not the words of a document, then split it into word tokens.

Filed texts, PDFs and DOCX files carry things that are not part of the agreement's words: page
numbers, ``<PAGE>`` markers, exhibit page labels (``F-2-1``), rule lines under titles and
signatures, curly or straight quotes, letter-spaced headings (``R E C I T A L S``) and line
wrapping. Fidelity tests and the redline compare what is left, token by token.

:func:`spans` gives the same tokens with the place each came from in the unfolded text, so that a
redline can show a document's own characters (its curly quotes, its letter spacing) around
tokens that were compared folded.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["Folding", "Token", "fold", "is_letter_spaced", "spans", "tokens"]

_FURNITURE_LINE = re.compile(
    r"""^[ \t]*(?:
        <PAGE>                      # EDGAR page marker
      | \d{1,3}                     # a bare page number
      | [A-Z]{1,2}-\d{1,3}(?:-\d{1,3})?  # an exhibit page label: F-2-1
      | [-_=]{3,}                   # a rule line
    )[ \t]*$""",
    re.MULTILINE | re.VERBOSE,
)
_LETTER_SPACED = re.compile(r"^[ \t]*((?:[A-Z] ){2,}[A-Z])[ \t]*$", re.MULTILINE)
_RULE_RUN = re.compile(r"(?<![\w-])[-_]{5,}(?![\w-])")
_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "″": '"', "‘": "'", "’": "'", "′": "'"})
_DASHES = str.maketrans({"–": "-", "—": "-", "‑": "-", "\u00ad": None, "\u00a0": " "})
_HYPHENATED_BREAK = re.compile(r"(\w)-\n[ \t]*(\w)")
_TOKEN = re.compile(r"\w+(?:['.,/-]\w+)*|[^\w\s]")
_TOKEN_OR_SPACE = re.compile(r"\w+(?:['.,/-]\w+)*|[^\w\s]|\s+")
_NEWLINES = re.compile(r"\r\n?|\f")


@dataclass(frozen=True, slots=True)
class Folding:
    """Which differences to fold away. Every switch is on by default."""

    furniture: bool = True
    """Drop ``<PAGE>``, page numbers, page labels and rule lines."""
    quotes: bool = True
    """Treat curly and straight quotes (and dash variants) as the same."""
    letter_spacing: bool = True
    """Read ``R E C I T A L S`` as ``RECITALS``."""
    hyphenation: bool = False
    """Join words broken across lines with a hyphen (for text extracted from a PDF)."""
    whitespace: bool = True
    """Treat every run of spaces, tabs and line breaks alike; off, each run is a token itself."""


DEFAULT = Folding()


def fold(text: str, folding: Folding = DEFAULT) -> str:
    """Return `text` with the differences named in `folding` folded away.

    Line structure is kept (so callers can still see paragraphs); only furniture lines vanish.
    """
    return _fold(text, folding, track=False).text


def is_letter_spaced(line: str) -> bool:
    """Return whether `line` is a letter-spaced heading (``R E C I T A L S``) standing alone.

    Folding reads such a line as one word only while it is a line of its own, so a reader
    that joins a paragraph's lines keeps it apart.
    """
    return "\n" not in line and bool(_LETTER_SPACED.fullmatch(line))


def tokens(text: str, folding: Folding = DEFAULT) -> list[str]:
    """Return the word and punctuation tokens of `text` after :func:`fold`.

    A word keeps its inner apostrophes, hyphens, full stops and commas (``Company's``,
    ``by-laws``, ``10.00``, ``1,234.50``); every other punctuation mark is a token of its own.
    With ``folding.whitespace`` off, each run of whitespace is a token too.
    """
    return _pattern(folding).findall(fold(text, folding))


@dataclass(frozen=True, slots=True)
class Token:
    """One token of a text: its folded form and where it stands in the unfolded text."""

    key: str
    """The token as compared (after :func:`fold`): the same string :func:`tokens` returns."""
    start: int
    """Offset of its first character in the unfolded text."""
    end: int
    """Offset just past its last character in the unfolded text."""


def spans(text: str, folding: Folding = DEFAULT) -> list[Token]:
    """Return the tokens of `text`, as :func:`tokens` does, each with its place in `text`.

    A token made by folding several characters into one (``R E C I T A L S``) spans all of
    them; ``[t.key for t in spans(x)] == tokens(x)`` always holds.
    """
    folded = _fold(text, folding)
    out: list[Token] = []
    for m in _pattern(folding).finditer(folded.text):
        start, end = folded.starts[m.start()], folded.ends[m.end() - 1]
        if not m.group().isspace():
            # A folded heading's letters stand for the whole line; keep the line's margins out.
            while start < end - 1 and text[start].isspace():
                start += 1
            while end > start + 1 and text[end - 1].isspace():
                end -= 1
        out.append(Token(m.group(), start, end))
    return out


def _pattern(folding: Folding) -> re.Pattern[str]:
    return _TOKEN if folding.whitespace else _TOKEN_OR_SPACE


@dataclass(slots=True)
class _Mapped:
    """A folded text that remembers, for each of its characters, the span it came from."""

    text: str
    starts: list[int]
    ends: list[int]
    track: bool = True
    """Whether to keep `starts` and `ends` (:func:`fold` alone does not need them)."""

    @classmethod
    def of(cls, text: str, track: bool = True) -> _Mapped:
        if not track:
            return cls(text, [], [], track=False)
        return cls(text, list(range(len(text))), list(range(1, len(text) + 1)))

    def sub(self, pattern: re.Pattern[str], repl: Callable[[re.Match[str]], str]) -> _Mapped:
        """Return a copy with each match of `pattern` replaced by ``repl(match)``."""
        if not self.track:
            return _Mapped(pattern.sub(repl, self.text), [], [], track=False)
        parts: list[str] = []
        starts: list[int] = []
        ends: list[int] = []
        done = 0
        for m in pattern.finditer(self.text):
            a, b = m.span()
            new = repl(m)
            if a == b and not new:
                continue
            parts.append(self.text[done:a])
            starts.extend(self.starts[done:a])
            ends.extend(self.ends[done:a])
            if new:
                # An empty match inserts text at a point; it takes the place of what follows.
                first = self.starts[a] if a < len(self.starts) else (self.ends[-1] if b else 0)
                last = self.ends[b - 1] if b > a else first
                parts.append(new)
                starts.extend([first] * len(new))
                ends.extend([last] * len(new))
            done = b
        if not parts:
            return self
        parts.append(self.text[done:])
        starts.extend(self.starts[done:])
        ends.extend(self.ends[done:])
        return _Mapped("".join(parts), starts, ends)


def _translator(table: dict[int, str | None]) -> tuple[re.Pattern[str], Callable[..., str]]:
    chars = re.compile("[" + re.escape("".join(chr(c) for c in table)) + "]")
    return chars, lambda m: table[ord(m.group())] or ""


_QUOTE_SUB = _translator(_QUOTES)
_DASH_SUB = _translator(_DASHES)


def _fold(text: str, folding: Folding, track: bool = True) -> _Mapped:
    mapped = _Mapped.of(text, track).sub(_NEWLINES, lambda m: "\n")
    if folding.quotes:
        mapped = mapped.sub(*_QUOTE_SUB).sub(*_DASH_SUB)
    if folding.hyphenation:
        mapped = mapped.sub(_HYPHENATED_BREAK, lambda m: m.group(1) + m.group(2))
    if folding.furniture:
        mapped = mapped.sub(_FURNITURE_LINE, lambda m: "")
        mapped = mapped.sub(_RULE_RUN, lambda m: " ")
    if folding.letter_spacing:
        mapped = mapped.sub(_LETTER_SPACED, lambda m: m.group(1).replace(" ", ""))
    return mapped
