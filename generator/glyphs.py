"""Which characters the PDF's typeface can draw, and where a term sheet holds others.

The PDF embeds Liberation Serif, which covers Latin, Greek, Cyrillic and Hebrew; a character
outside it (Chinese, Japanese, Arabic, an emoji) would print as a blank. :func:`glyph_problems`
finds such characters in a term sheet's values before anything is rendered, so the drafter hears
the file, line and field; the PDF writer checks the assembled document again with
:func:`uncovered`. A value wholly below U+0250 needs no font to be read: every printable
character there is in every shipped face (``tests/test_glyphs.py`` checks it).
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from generator.errors import Problem
from generator.yamlload import Located, show_path
from generator.yamlload import Path as YamlPath

__all__ = ["SURELY_COVERED", "describe", "glyph_problems", "uncovered"]

_FONTS = Path(__file__).resolve().parent / "assets" / "fonts"  # as the PDF writer embeds them

SURELY_COVERED = "\u0250"
"""Every printable character below this one is in every face the PDF embeds."""


def uncovered(text: str) -> list[str]:
    """Return the characters of `text` the typeface has no glyph for, each once, in order."""
    if not text or max(text) < SURELY_COVERED:
        return []
    covered = _covered()
    return list(dict.fromkeys(c for c in text if c not in covered and not c.isspace()))


def describe(missing: list[str]) -> str:
    """Return ``'株' (U+682A), ...`` for the first five of `missing`, and how many more."""
    shown = ", ".join(f"{c!r} (U+{ord(c):04X})" for c in missing[:5])
    return shown + (f" and {len(missing) - 5} more" if len(missing) > 5 else "")


def glyph_problems(located: Located, filename: str) -> list[Problem]:
    """Return one problem per value of `located` that holds a character the PDF cannot show."""
    problems = []
    for path, value in _strings(located.data, ()):
        missing = uncovered(value)
        if missing:
            problems.append(
                Problem(
                    filename,
                    located.line_of(path),
                    show_path(path),
                    f"the PDF's typeface, Liberation Serif, has no glyph for {describe(missing)}: "
                    "write it in a script the PDF covers (Latin, Greek, Cyrillic, Hebrew), or "
                    "leave the PDF out (--format txt,json,html,docx use the reader's own fonts)",
                )
            )
    return problems


def _strings(data: Any, path: YamlPath) -> Iterator[tuple[YamlPath, str]]:
    if isinstance(data, str):
        yield path, data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from _strings(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _strings(value, (*path, index))


@functools.cache
def _covered() -> frozenset[str]:
    """Return the characters every shipped face of the typeface has a glyph for."""
    from fontTools.ttLib import TTFont

    faces = sorted(_FONTS.glob("*.ttf"))
    covered: set[int] | None = None
    for face in faces:
        with TTFont(face, lazy=True) as font:
            codes = set(font.getBestCmap())
        covered = codes if covered is None else covered & codes
    return frozenset(chr(code) for code in covered or ())
