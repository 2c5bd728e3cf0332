"""The character a ``.docx``'s symbol (``w:sym``) stands for.

Word's Insert Symbol writes a character it takes from a font's own table as ``w:sym``, with the
font and the character's code in hex. A symbol font (Symbol, Wingdings) has no Unicode
characters, only 8-bit codes: Word stores one as is (``00FE``) or moved into Unicode's private
use area (``F0FE``), where Windows puts a symbol font's glyphs. A character picked from a text
font (a section sign from Times New Roman) carries its Unicode value, and is that character.

The Symbol font's codes are read by the Adobe Symbol encoding, which the Windows font follows;
Wingdings' by a table of the glyphs drafters use (check boxes, check marks, bullets, numbers in
circles, arrows). Any other glyph of a symbol font is not known here: it is kept as its code in
the private use area, so that two sides holding it compare equal and a changed one is a change,
and the reader names it in a note.
"""

from __future__ import annotations

__all__ = ["symbol_char"]

#: The Symbol font, codes 0x20-0x7E and 0xA0-0xFE, by the Adobe Symbol encoding: Greek letters
#: where ASCII has Latin ones, and mathematical signs (its angle brackets as their canonical
#: U+3008 and U+3009). A ``\0`` stands for a glyph that has no character of its own (a piece of
#: a tall bracket or radical, drawn by stacking several).
_SYMBOL_ASCII = (
    " !∀#∃%&∋()∗+,−./"  # 0x20
    "0123456789:;<=>?"  # 0x30
    "≅ΑΒΧΔΕΦΓΗΙϑΚΛΜΝΟ"  # 0x40
    "ΠΘΡΣΤΥςΩΞΨΖ[∴]⊥_"  # 0x50
    "\0αβχδεφγηιϕκλμνο"  # 0x60
    "πθρστυϖωξψζ{|}∼"  # 0x70
)
_SYMBOL_HIGH = (
    "€ϒ′≤⁄∞ƒ♣♦♥♠↔←↑→↓"  # 0xA0
    "°±″≥×∝∂•÷≠≡≈…\0\0↵"  # 0xB0
    "ℵℑℜ℘⊗⊕∅∩∪⊃⊇⊄⊂⊆∈∉"  # 0xC0
    "∠∇®©™∏√⋅¬∧∨⇔⇐⇑⇒⇓"  # 0xD0
    "◊〈®©™∑\0\0\0\0\0\0\0\0\0\0"  # 0xE0
    "\0〉∫⌠\0⌡\0\0\0\0\0\0\0\0\0"  # 0xF0
)
_SYMBOL: dict[int, str] = {
    code: char
    for start, chars in ((0x20, _SYMBOL_ASCII), (0xA0, _SYMBOL_HIGH))
    for code, char in enumerate(chars, start)
    if char != "\0"
}
#: Wingdings: the glyphs a drafter puts in an agreement. For the check boxes and check marks,
#: the characters every font draws and a drafter types (☑, U+2611) rather than Unicode 7's
#: heavier look-alikes of the Wingdings glyphs (🗹, U+1F5F9), so that a box ticked in a .txt
#: and one ticked in Word compare equal.
_WINGDINGS: dict[int, str] = {
    0x22: "✂",
    0x3F: "✍",
    0x46: "☞",
    0x6C: "●",
    0x6E: "■",
    0x6F: "□",
    0x71: "❑",
    0x72: "❒",
    0x75: "◆",
    0x76: "❖",
    0x77: "⬥",
    0x78: "⌧",
    **{0x80 + n: chr(0x2460 + n - 1) for n in range(1, 11)},  # ① to ⑩
    0x80: "⓪",
    0x8B: "⓿",
    **{0x8B + n: chr(0x2776 + n - 1) for n in range(1, 11)},  # ❶ to ❿
    0x9E: "·",
    0x9F: "•",
    0xA0: "▪",
    0xA1: "○",
    0xA7: "▪",
    0xA8: "◻",
    0xAB: "★",
    0xEF: "⇦",
    0xF0: "⇨",
    0xF1: "⇧",
    0xF2: "⇩",
    0xFB: "✗",
    0xFC: "✓",
    0xFD: "☒",
    0xFE: "☑",
}
#: The symbol fonts read by a table here, by their names in lower case.
_TABLES = {"symbol": _SYMBOL, "wingdings": _WINGDINGS}
#: Other fonts whose codes are glyphs rather than characters (as any font named "...dings").
_SYMBOL_FONTS = ("marlett", "mt extra", "dingbats", "dings")


def symbol_char(font: str, code: str) -> tuple[str, bool]:
    """Return the character symbol `code` (hex, ``w:char``) of `font` (``w:font``) stands for,
    and whether it is known.

    A glyph of a symbol font with no table entry here is returned as its code in the private
    use area (``"\\uf052"`` for Wingdings 2's ``F052`` or ``0052``) and ``False``; a code that is
    no character at all as U+FFFD and ``False``.
    """
    try:
        value = int(code, 16)
    except ValueError:
        return "\ufffd", False
    name = " ".join(font.lower().split())
    glyph = value - 0xF000 if 0xF000 <= value <= 0xF0FF else value
    table = _TABLES.get(name)
    if table is not None and glyph <= 0xFF:
        known = table.get(glyph)
        return (known, True) if known else (chr(0xF000 + glyph), False)
    if glyph <= 0xFF and (value != glyph or any(word in name for word in _SYMBOL_FONTS)):
        return chr(0xF000 + glyph), False
    if 0 <= value <= 0x10FFFF and not 0xD800 <= value <= 0xDFFF:
        return chr(value), True
    return "\ufffd", False
