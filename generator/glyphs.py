"""Which characters the PDF's typeface can draw, and where a term sheet holds others.

The PDF embeds Liberation Serif, which covers Latin, Greek, Cyrillic and Hebrew; a character
outside it (Chinese, Japanese, Arabic, an emoji) would print as a blank. Rendering checks each
assembled document with :func:`uncovered` before the PDF is made, and :func:`locate_glyphs`
names the term sheet's lines and fields that hold what is missing, so the drafter hears where;
a value the chosen document does not print is no problem. A text wholly below U+0250 needs no
font to be read: every printable character there is in every shipped face
(``tests/test_glyphs.py`` checks it).
"""

from __future__ import annotations

import functools
import os
import stat
from pathlib import Path

from generator.errors import Problem
from generator.resources import PACKAGE_DIR
from generator.yamlload import Located, show_path, texts

__all__ = ["SURELY_COVERED", "describe", "glyph_problems", "locate_glyphs", "uncovered"]

_FONTS = PACKAGE_DIR / "assets" / "fonts"  # the faces the PDF writer embeds

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


def locate_glyphs(path: str | Path, chars: set[str]) -> list[Problem]:
    """Return one problem per value of the term sheet at `path` holding any of `chars`.

    The file is read again (this runs only when a PDF cannot be made); one that is not a
    regular file (a pipe, read once already) or cannot be read now gives no problems, and the
    PDF writer's own message stands.
    """
    from generator.errors import TermSheetError
    from generator.yamlload import MAX_FILE_BYTES, read_yaml

    name = str(path)
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return []
        with open(path, "rb") as handle:
            located = read_yaml(handle.read(MAX_FILE_BYTES + 1), name)
    except (OSError, TermSheetError):
        return []
    return glyph_problems(located, name, chars)


def glyph_problems(located: Located, filename: str, chars: set[str]) -> list[Problem]:
    """Return one problem per value of `located` holding any of `chars` (characters the PDF
    cannot draw), each naming its line and field."""
    problems = []
    for path, value in texts(located.data):
        missing = [c for c in dict.fromkeys(value) if c in chars]
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
