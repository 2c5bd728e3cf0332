"""Typesetter's quotes for the paged and styled formats (DOCX, HTML, PDF).

The model carries straight quotes, as the filing and the TXT do; a firm's Word or PDF output has
curly ones. The change is one character for one character, so a paragraph's runs can be curled
together (a quote's side depends on the character before it, which may end the previous run) and
split back at the same offsets. :func:`generator.normalize.tokens` folds the two styles together,
so every format still reads as the same words.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

__all__ = ["curl", "curl_runs"]

#: Elisions that begin with an apostrophe, as names and titles use them.
_ELISION = re.compile(r"'(?:n'|n\b|t\b|s-|tis\b|twas\b|em\b)", re.IGNORECASE)
_OPENS_AFTER = frozenset(" \t\n\u00a0([{\u2014\u2013-/\u201c\u2018\"'")


def curl(text: str, before: str = "") -> str:
    """Return `text` with straight quotes turned into curly ones.

    `before` is the text that precedes `text` on the same line (only its last character counts).
    A double quote opens at the start or after a space or an opening bracket and closes
    everywhere else. So does a single quote, but an apostrophe is far more common in names than
    a quotation in single quotes. One in an opening place is an apostrophe before a digit
    (``'90s``) and in the usual elisions (``Rock 'n' Roll``, ``Gerard 't Hooft``,
    ``'s-Hertogenbosch``, ``'tis``); otherwise it opens a quotation only when a closing one
    follows before any other opening one, more than a letter later and not after an ``s``,
    where it is a possessive (``the Releasors' heirs``). So ``Robert 'Bob' Smith`` is quoted.
    """
    if '"' not in text and "'" not in text:
        return text
    places = _single_places(text, before)
    out: list[str] = []
    previous = before[-1:] or " "
    for i, char in enumerate(text):
        opening = previous in _OPENS_AFTER
        if char == '"':
            char = "\u201c" if opening else "\u201d"
        elif char == "'":
            char = "\u2018" if opening and _quotes(text, i, places) else "\u2019"
        out.append(char)
        previous = char
    return "".join(out)


def _single_places(text: str, before: str) -> tuple[list[int], list[int]]:
    """Return where in `text` single quotes stand in an opening place, and where one could
    close a quotation: not in an opening place, not followed by a letter or digit
    (``Company's``), not after an ``s`` (a possessive)."""
    opening: list[int] = []
    closing: list[int] = []
    start = text.find("'")
    while start != -1:
        previous = text[start - 1] if start else (before[-1:] or " ")
        following = text[start + 1 : start + 2]
        if previous in _OPENS_AFTER:
            opening.append(start)
        elif not following.isalnum() and previous not in "sS":
            closing.append(start)
        start = text.find("'", start + 1)
    return opening, closing


def _quotes(text: str, at: int, places: tuple[list[int], list[int]]) -> bool:
    """Return whether the single quote at `at`, in an opening place, opens a quotation."""
    if text[at + 1 : at + 2].isdigit() or _ELISION.match(text, at):
        return False
    opening, closing = places
    close = bisect.bisect_right(closing, at)
    if close == len(closing) or closing[close] - at <= 2:
        return False
    reopen = bisect.bisect_right(opening, at)
    return reopen == len(opening) or closing[close] < opening[reopen]


def curl_runs(texts: Sequence[str]) -> list[str]:
    """Return the texts of one paragraph's runs with curly quotes, each as long as before."""
    joined = curl("".join(texts))
    out: list[str] = []
    start = 0
    for text in texts:
        out.append(joined[start : start + len(text)])
        start += len(text)
    return out
