"""Word's automatic numbering: the label ("1.", "(a)") a list paragraph of a ``.docx`` prints.

A number typed into a paragraph is text; one that Word's numbering prints (the paragraph's
``w:numPr``, or its style's) is not in the paragraph at all, but in the numbering part's
definitions, counted down the document. A counterparty whose Word turned the typed "1." of an
agreement into a list left the page as it was, and the words without their numbers: the reader
puts each label back before its paragraph's text, as the page shows it (see :class:`Numbering`).

What is followed: each level's start, number format, level text (``%1.%2``), restart and
suffix (a tab, a space or nothing); a level or start overridden by the list instance
(``w:lvlOverride``); a list defined through a numbering style (``w:numStyleLink``); numbering
set by a paragraph style (and the level a style is linked to). Lists that share a definition
count on together, as in Word. A bullet is no word and gives no label; nor does numbering whose
definition is missing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any

from generator.docx_runs import inherit

__all__ = ["Numbering", "format_number", "numbering_element"]

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
#: The levels a list has (``w:ilvl`` 0-8).
_LEVELS = 9
#: The largest start value Word accepts; a larger one (a hostile file) is read as this.
_MAX_START = 32767
#: The most characters of a level text read (Word's are a few, "%1.%2."): a hostile file's
#: megabytes would otherwise be formatted again for every paragraph of its list.
_MAX_LEVEL_TEXT = 255
#: A whole number as a definition writes one: ASCII figures (``str.isdigit`` also takes "²",
#: which ``int`` refuses), a minus sign before them read as no number Word starts at.
_WHOLE = re.compile(r"-?[0-9]+")
_SUFFIXES = {"tab": "\t", "space": " ", "nothing": ""}
_ROMAN = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"),
          (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))  # fmt: skip


@dataclass(frozen=True, slots=True)
class _Level:
    """One level of a list's definition (``w:lvl``)."""

    start: int = 1
    fmt: str = "decimal"
    """``w:numFmt``: ``decimal``, ``lowerLetter``, ``bullet``, ..."""
    text: str = ""
    """``w:lvlText``: ``%1.`` prints the first level's number and a full stop."""
    restart: int | None = None
    """``w:lvlRestart``: restarted after a use of a level above this (1-based) one; ``None``:
    after any level above; ``0``: never."""
    suffix: str = "\t"
    legal: bool = False
    """``w:isLgl``: every level's number printed in figures."""
    style: str = ""
    """``w:pStyle``: the paragraph style linked to this level."""


def format_number(n: int, fmt: str) -> str:
    """Return `n` as Word prints it in number format `fmt` (``lowerRoman``: ``xiv``); a
    format not known here, or a number it cannot print (a roman zero), in figures."""
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt in ("lowerLetter", "upperLetter") and n >= 1:
        letter = chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)  # z, aa, bb: Word repeats
        return letter.upper() if fmt == "upperLetter" else letter
    if fmt in ("lowerRoman", "upperRoman") and n >= 1:
        out = []
        for value, letters in _ROMAN:
            count, n = divmod(n, value)
            out.append(letters * count)
        roman = "".join(out)
        return roman.upper() if fmt == "upperRoman" else roman
    if fmt == "ordinal":
        tens = n % 100
        end = "th" if 11 <= tens <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
        return f"{n}{end}"
    if fmt == "none":
        return ""
    return str(n)


def numbering_element(package: Any) -> Any:
    """Return the ``w:numbering`` element of a python-docx document's numbering part, or
    ``None`` when it has none.

    Looked up by relationship: python-docx's own accessor makes an empty part when there is
    none. Raise :exc:`ValueError` when the part holds something else (the file's fault).
    """
    for rel in package.part.rels.values():
        if not rel.is_external and rel.reltype.endswith("/numbering"):
            element = getattr(rel.target_part, "element", None)
            if element is None or element.tag != f"{_W}numbering":
                raise ValueError("its numbering part holds something else")
            return element
    return None


class Numbering:
    """The numbering of one ``.docx``: call :meth:`label` for each paragraph in reading order.

    `numbering` is the ``w:numbering`` element of the numbering part (``None``: the package
    has none), `styles` the ``w:styles`` element.
    """

    def __init__(self, numbering: Any, styles: Any) -> None:
        self.abstracts: dict[str, dict[int, _Level]] = {}
        self.links: dict[str, str] = {}  # abstract id -> the numbering style it uses
        # list instance id -> (its definition's id, per level: its w:lvl override, its start)
        self.nums: dict[str, tuple[str, dict[int, tuple[Any, int | None]]]] = {}
        self.definitions: dict[str, tuple[object, dict[int, _Level]]] = {}  # made once a list
        self.counters: dict[object, list[int | None]] = {}
        # paragraph or numbering style id -> the list (numId) and level it numbers by, its own
        # or that of the style it is based on
        self.styles: dict[str, tuple[str | None, int | None]] = {}
        if numbering is not None:
            self._read_numbering(numbering)
        if styles is not None:
            self._read_styles(styles)

    def _read_numbering(self, numbering: Any) -> None:
        for abstract in numbering.iterfind(f"{_W}abstractNum"):
            key = abstract.get(f"{_W}abstractNumId", "")
            levels = {}
            for lvl in abstract.iterfind(f"{_W}lvl"):
                level = _level_index(lvl.get(f"{_W}ilvl"))
                if level is not None:
                    levels[level] = _read_level(lvl, _Level())
            self.abstracts[key] = levels
            link = abstract.find(f"{_W}numStyleLink")
            if link is not None:
                self.links[key] = link.get(f"{_W}val", "")
        for num in numbering.iterfind(f"{_W}num"):
            abstract_id = _val(num.find(f"{_W}abstractNumId"))
            # Kept as written, read over the levels of the definition the list uses once any
            # numbering style link is followed (see _definition): an override of a list
            # defined through a style overrides that style's levels.
            overrides: dict[int, tuple[Any, int | None]] = {}
            for override in num.iterfind(f"{_W}lvlOverride"):
                level = _level_index(override.get(f"{_W}ilvl"))
                if level is not None:
                    start = _number(_val(override.find(f"{_W}startOverride")))
                    overrides[level] = (override.find(f"{_W}lvl"), start)
            self.nums[num.get(f"{_W}numId", "")] = (abstract_id or "", overrides)

    def _read_styles(self, styles: Any) -> None:
        own: dict[str, tuple[tuple[str | None, int | None], str]] = {}
        for style in styles.iterfind(f"{_W}style"):
            num = style.find(f"{_W}pPr/{_W}numPr")
            based = _val(style.find(f"{_W}basedOn")) or ""
            num_id = None if num is None else _val(num.find(f"{_W}numId"))
            level = None if num is None else _level_index(_val(num.find(f"{_W}ilvl")))
            own[style.get(f"{_W}styleId", "")] = ((num_id, level), based)
        self.styles = inherit(own, lambda mine, based: mine if mine[0] is not None else based)

    def label(self, ppr: Any) -> str | None:
        """Return the label the paragraph of properties `ppr` prints before its text, with the
        tab or space after it (``"2.\\t"``), counting it; ``None`` when it prints none."""
        style = "" if ppr is None else _val(ppr.find(f"{_W}pStyle")) or ""
        num = None if ppr is None else ppr.find(f"{_W}numPr")
        num_id = None if num is None else _val(num.find(f"{_W}numId"))
        level = None if num is None else _level_index(_val(num.find(f"{_W}ilvl")))
        styled_id, styled_level = self._style_numbering(style)
        if num_id is None:
            num_id = styled_id
            if level is None:
                level = styled_level
        if not num_id or num_id == "0" or num_id not in self.nums:
            return None
        counter, levels = self._definition(num_id)
        if not levels:
            return None
        if level is None:  # a style linked to a level of the list
            level = next((k for k, v in levels.items() if v.style and v.style == style), 0)
        return self._count(counter, levels, level)

    def _style_numbering(self, style: str) -> tuple[str | None, int | None]:
        """Return the list and level a paragraph style (or one it is based on) numbers by."""
        return self.styles.get(style, (None, None))

    def _definition(self, num_id: str) -> tuple[object, dict[int, _Level]]:
        """Return (the counter a list instance counts on, its levels). Instances of one
        definition count on together, unless one overrides a level (restarting it)."""
        if num_id in self.definitions:
            return self.definitions[num_id]
        abstract_id, overrides = self.nums[num_id]
        link = self.links.get(abstract_id)
        if link is not None:  # defined by a numbering style: that style's list holds the levels
            linked, _ = self._style_numbering(link)
            if linked is not None and linked in self.nums:
                abstract_id = self.nums[linked][0]
        base = self.abstracts.get(abstract_id, {})
        levels = dict(base)
        for level, (lvl, start) in overrides.items():
            defined = base.get(level, _Level())
            if lvl is not None:
                defined = _read_level(lvl, defined)
            levels[level] = defined if start is None else replace(defined, start=start)
        counter: object = ("num", num_id) if overrides else ("abstract", abstract_id)
        self.definitions[num_id] = (counter, levels)
        return counter, levels

    def _count(self, counter: object, levels: dict[int, _Level], level: int) -> str | None:
        values = self.counters.setdefault(counter, [None] * _LEVELS)
        defined = levels.get(level, _Level())
        current = values[level]
        values[level] = defined.start if current is None else current + 1
        for deeper in range(level + 1, _LEVELS):
            restart = levels.get(deeper, _Level()).restart
            if restart is None or (restart and level < restart):
                values[deeper] = None
        if defined.fmt == "bullet":
            return None
        out = []
        text = defined.text
        k = 0
        while k < len(text):
            if text[k] == "%" and k + 1 < len(text) and text[k + 1] in "123456789":
                at = int(text[k + 1]) - 1
                shown = levels.get(at, _Level())
                value = values[at] if values[at] is not None else shown.start
                out.append(format_number(value, "decimal" if defined.legal else shown.fmt))
                k += 2
                continue
            out.append(text[k])
            k += 1
        label = "".join(out).strip()
        return f"{label}{defined.suffix}" if label else None


def _read_level(lvl: Any, base: _Level) -> _Level:
    """Return level `base` with what a ``w:lvl`` element sets."""
    start = _number(_val(lvl.find(f"{_W}start")))
    fmt = _val(lvl.find(f"{_W}numFmt"))
    text = _val(lvl.find(f"{_W}lvlText"))
    restart = _number(_val(lvl.find(f"{_W}lvlRestart")))
    suffix = _val(lvl.find(f"{_W}suff"))
    legal = lvl.find(f"{_W}isLgl")
    style = _val(lvl.find(f"{_W}pStyle"))
    return replace(
        base,
        start=base.start if start is None else start,
        fmt=base.fmt if fmt is None else fmt,
        text=base.text if text is None else text[:_MAX_LEVEL_TEXT],
        restart=base.restart if restart is None else restart,
        suffix=base.suffix if suffix is None else _SUFFIXES.get(suffix, "\t"),
        legal=base.legal
        if legal is None
        else legal.get(f"{_W}val", "true").lower() not in ("0", "false", "off"),
        style=base.style if style is None else style,
    )


def _val(element: Any) -> str | None:
    """Return an element's ``w:val`` (``None``: no element, or no value)."""
    return None if element is None else element.get(f"{_W}val")


def _number(text: str | None) -> int | None:
    """Return a whole number of a definition, within what Word accepts (``None``: none)."""
    digits = None if text is None else text.strip()
    if not digits or not _WHOLE.fullmatch(digits):
        return None
    if digits.startswith("-"):
        return 0
    return _MAX_START if len(digits) > 5 else min(int(digits), _MAX_START)


def _level_index(text: str | None) -> int | None:
    """Return a level (``w:ilvl``) as an index 0-8 (``None``: none, or not one)."""
    level = _number(text)
    return level if level is not None and level < _LEVELS else None
