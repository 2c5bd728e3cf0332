"""Typesetter's quotes for the paged and styled formats (DOCX, HTML, PDF).

The model carries straight quotes, as the filing and the TXT do; a firm's Word or PDF output has
curly ones. The change is one character for one character, so a paragraph's runs can be curled
together (a quote's side depends on the character before it, which may end the previous run) and
split back at the same offsets. :func:`generator.normalize.tokens` folds the two styles together,
so every format still reads as the same words.
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["curl", "curl_runs"]

_OPENS_AFTER = frozenset(" \t\n\u00a0([{\u2014\u2013-/\u201c\u2018")


def curl(text: str, before: str = "") -> str:
    """Return `text` with straight quotes turned into curly ones.

    `before` is the text that precedes `text` on the same line (only its last character counts):
    a quote opens at the start or after a space or an opening bracket and closes everywhere else,
    so an apostrophe (``Company's``, ``Releasors'``) comes out as a closing single quote.
    """
    if '"' not in text and "'" not in text:
        return text
    out: list[str] = []
    previous = before[-1:] or " "
    for char in text:
        if char == '"':
            char = "\u201c" if previous in _OPENS_AFTER else "\u201d"
        elif char == "'":
            char = "\u2018" if previous in _OPENS_AFTER else "\u2019"
        out.append(char)
        previous = char
    return "".join(out)


def curl_runs(texts: Sequence[str]) -> list[str]:
    """Return the texts of one paragraph's runs with curly quotes, each as long as before."""
    joined = curl("".join(texts))
    out: list[str] = []
    start = 0
    for text in texts:
        out.append(joined[start : start + len(text)])
        start += len(text)
    return out
