"""Typesetter's quotes for the paged and styled formats (DOCX, HTML, PDF).

The model carries straight quotes, as the filing and the TXT do; a firm's Word or PDF output has
curly ones. The change is one character for one character, so a paragraph's runs can be curled
together (a quote's side depends on the character before it, which may end the previous run) and
split back at the same offsets. :func:`generator.normalize.tokens` folds the two styles together,
so every format still reads as the same words.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence

__all__ = ["curl", "curl_runs"]

_OPENS_AFTER = frozenset(" \t\n\u00a0([{\u2014\u2013-/\u201c\u2018\"'")


def curl(text: str, before: str = "") -> str:
    """Return `text` with straight quotes turned into curly ones.

    `before` is the text that precedes `text` on the same line (only its last character counts).
    A double quote opens at the start or after a space or an opening bracket and closes
    everywhere else. So does a single quote, but an apostrophe is far more common in names than
    a quotation in single quotes: one in an opening place is an opening quote only when a
    closing one follows, with a word or more between (``'Bob'``). Otherwise it is an apostrophe,
    as in ``Company's``, ``Releasors'``, ``Rock 'n' Roll``, ``Gerard 't Hooft`` and ``'90s``.
    """
    if '"' not in text and "'" not in text:
        return text
    closers = _closing_singles(text, before)
    out: list[str] = []
    previous = before[-1:] or " "
    for i, char in enumerate(text):
        opening = previous in _OPENS_AFTER
        if char == '"':
            char = "\u201c" if opening else "\u201d"
        elif char == "'":
            char = "\u2018" if opening and _quotes(text, i, closers) else "\u2019"
        out.append(char)
        previous = char
    return "".join(out)


def _closing_singles(text: str, before: str) -> list[int]:
    """Return where in `text` a single quote could close a quotation: not in an opening place,
    and not followed by a letter or digit (``Company's`` does not close one)."""
    places = []
    start = text.find("'")
    while start != -1:
        previous = text[start - 1] if start else (before[-1:] or " ")
        following = text[start + 1 : start + 2]
        if previous not in _OPENS_AFTER and not following.isalnum():
            places.append(start)
        start = text.find("'", start + 1)
    return places


def _quotes(text: str, at: int, closers: list[int]) -> bool:
    """Return whether the single quote at `at`, in an opening place, opens a quotation."""
    if text[at + 1 : at + 2].isdigit():  # '90s
        return False
    after = bisect.bisect_right(closers, at)
    return after < len(closers) and closers[after] - at > 2  # 'n' is an elision


def curl_runs(texts: Sequence[str]) -> list[str]:
    """Return the texts of one paragraph's runs with curly quotes, each as long as before."""
    joined = curl("".join(texts))
    out: list[str] = []
    start = 0
    for text in texts:
        out.append(joined[start : start + len(text)])
        start += len(text)
    return out
