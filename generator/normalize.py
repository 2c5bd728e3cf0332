"""Fold away what is not the words of a document, then split it into word tokens.

Filed texts, PDFs and DOCX files carry things that are not part of the agreement's words: page
numbers, ``<PAGE>`` markers, exhibit page labels (``F-2-1``), rule lines under titles and
signatures, curly or straight quotes, letter-spaced headings (``R E C I T A L S``) and line
wrapping. Fidelity tests and the redline compare what is left, token by token.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Folding", "fold", "tokens"]

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


DEFAULT = Folding()


def fold(text: str, folding: Folding = DEFAULT) -> str:
    """Return `text` with the differences named in `folding` folded away.

    Line structure is kept (so callers can still see paragraphs); only furniture lines vanish.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    if folding.quotes:
        text = text.translate(_QUOTES).translate(_DASHES)
    if folding.hyphenation:
        text = _HYPHENATED_BREAK.sub(r"\1\2", text)
    if folding.furniture:
        text = _FURNITURE_LINE.sub("", text)
        text = _RULE_RUN.sub(" ", text)
    if folding.letter_spacing:
        text = _LETTER_SPACED.sub(lambda m: m.group(1).replace(" ", ""), text)
    return text


def tokens(text: str, folding: Folding = DEFAULT) -> list[str]:
    """Return the word and punctuation tokens of `text` after :func:`fold`.

    A word keeps its inner apostrophes, hyphens, full stops and commas (``Company's``,
    ``by-laws``, ``10.00``, ``1,234.50``); every other punctuation mark is a token of its own.
    """
    return _TOKEN.findall(fold(text, folding))
