"""The grammar of legal English that templates need: numbers, dates, money, lists, romanettes.

Templates hold the words; these helpers hold the rules, so that a term sheet with one party or
five, or with a condition toggled off, still reads as a lawyer would write it.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal

__all__ = [
    "article",
    "capfirst",
    "day_of",
    "join_phrases",
    "join_words",
    "money",
    "number_words",
    "ordinal",
    "quantity",
    "romanette",
    "title_case_words",
]

_ONES = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_TENS = ["_", "_", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_SCALES = ((10**12, "trillion"), (10**9, "billion"), (10**6, "million"), (1000, "thousand"))
_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def number_words(n: int) -> str:
    """Return `n` (0 or more) in lower-case words: ``1234`` -> ``"one thousand two hundred
    thirty-four"``. Hyphenates 21-99 and never uses "and", as US contracts write amounts."""
    _require_whole("number_words", n)
    if n < 20:
        return _ONES[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return _TENS[tens] + (f"-{_ONES[ones]}" if ones else "")
    if n < 1000:
        hundreds, rest = divmod(n, 100)
        return f"{_ONES[hundreds]} hundred" + (f" {number_words(rest)}" if rest else "")
    for scale, name in _SCALES:
        if n >= scale:
            high, rest = divmod(n, scale)
            return f"{number_words(high)} {name}" + (f" {number_words(rest)}" if rest else "")
    raise AssertionError("unreachable")  # pragma: no cover


def title_case_words(words: str) -> str:
    """Return `words` with each word and each hyphenated part capitalised (``Thirty-Four``)."""
    return " ".join("-".join(p.capitalize() for p in w.split("-")) for w in words.split(" "))


def capfirst(text: str) -> str:
    """Return `text` with its first character in upper case (``the Party`` -> ``The Party``)."""
    _require_text("capfirst", text)
    return text[:1].upper() + text[1:]


def _require_text(name: str, value: object) -> None:
    """Raise :exc:`TypeError` unless `value` is text (what filter `name` takes)."""
    if not isinstance(value, str):
        raise TypeError(f"{name} takes a text, got {_shown(value)}")


def _require_whole(name: str, value: object) -> None:
    """Raise :exc:`ValueError` unless `value` is a whole number of zero or more."""
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise ValueError(f"{name} takes a whole number of zero or more, got {value!r}")


def _shown(value: object) -> str:
    """Return `value` as an error message shows it: its kind, and itself when short."""
    if value is None:
        return "None (a value the term sheet leaves out)"
    shown = repr(value)
    return f"the {type(value).__name__} {shown}" if len(shown) <= 40 else type(value).__name__


# Words that start with a vowel letter and a consonant sound ("a Utah corporation", "a
# European company", "a one-time payment"), and with a consonant letter and a vowel sound ("an
# honest", "an LLC", "an SEC filing", "an NYSE listing").
_CONSONANT_SOUND = re.compile(r"(?:u[bcdfgklmnprstvz][aeiouy]|ukr|eu|ew|one\b|once\b)", re.I)
_VOWEL_SOUND = re.compile(r"(?:honou?r|honest|hour|heir|un[ai]n|unim)", re.I)
_DOTTED_INITIALS = re.compile(r"(?:[A-Z]\.)+(?:[A-Z]\.?)?")  # "U.S.", "N.V.", "S.A"
_NUMBER = re.compile(r"\d[\d,]*")
_VOWEL_SOUND_LETTERS = frozenset("AEFHILMNORSX")  # letters read out as "ay", "ef", "aitch", ...


def article(word: str) -> str:
    """Return the indefinite article, ``a`` or ``an``, that goes before `word`, by its sound.

    ``an Ohio corporation``, ``an Illinois corporation``, ``a Utah corporation``, ``a New York
    corporation``, ``an LLC``, ``a Uruguayan company``, ``an hour``.
    """
    _require_text("article", word)
    text = word.strip().lstrip("\"'(")
    if not text:
        return "a"
    head = text.split()[0].strip(",;:")
    number = _NUMBER.match(head)
    if number:  # read out: "an 8", "an 11", "an 18,000", "a 1,800", "an 80"
        digits = number.group().split(",")[0]
        leading = digits[: len(digits) % 3 or 3]
        return "an" if leading.startswith("8") or leading in ("11", "18") else "a"
    initials = _DOTTED_INITIALS.match(head)
    if initials and not head[initials.end() : initials.end() + 1].isalpha():
        return "an" if head[0] in _VOWEL_SOUND_LETTERS else "a"  # "a U.S.-based company"
    head = head.strip(".")
    if head.isupper() and head.isalpha() and not _is_word_like(head):
        # An initialism (or a letter) read letter by letter: "an LLC", "a US company", "an X".
        return "an" if head[0] in _VOWEL_SOUND_LETTERS else "a"
    if _VOWEL_SOUND.match(text):
        return "an"
    if _CONSONANT_SOUND.match(text):
        return "a"
    return "an" if text[0].lower() in "aeiou" else "a"


def _is_word_like(head: str) -> bool:
    # Acronyms read as words ("a NASA grant", "an OPEC member"): only a handful matter here.
    return head in {"NASA", "NATO", "OPEC", "UNESCO", "UNICEF"}


def ordinal(n: int) -> str:
    """Return `n` with its English ordinal suffix: 1st, 2nd, 3rd, 11th, 12th, 13th, 22nd."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def day_of(date: dt.date) -> str:
    """Return `date` as contracts recite it: ``31st day of October, 2006``."""
    if not isinstance(date, dt.date):
        raise TypeError(f"day_of takes a date (such as date), got {_shown(date)}")
    return f"{ordinal(date.day)} day of {_MONTHS[date.month - 1]}, {date.year}"


def month_year(date: dt.date) -> str:
    """Return ``October 2006`` for `date`."""
    return f"{_MONTHS[date.month - 1]} {date.year}"


def quantity(n: int, unit: str, plural: str | None = None) -> str:
    """Return ``three (3) years`` for ``quantity(3, "year")``; ``one (1) year`` for 1.

    `plural` is the plural of `unit` when it is not `unit` + "s"; ``None`` means add "s".
    """
    _require_whole("quantity", n)
    _require_text("quantity's unit", unit)
    if plural is not None:
        _require_text("quantity's plural", plural)
    noun = unit if n == 1 else (plural or f"{unit}s")
    return f"{number_words(n)} ({n:,}) {noun}"


def money(amount: Decimal) -> str:
    """Return `amount` in words and figures: ``Ten Dollars ($10.00)``,
    ``One Thousand Two Hundred Thirty-Four Dollars and Fifty Cents ($1,234.50)``.

    Amounts are rounded half up to the cent; a ``float`` is refused because money is never
    binary floating point.
    """
    if not isinstance(amount, Decimal):
        raise TypeError(f"money takes an amount of money from the term sheet, got {_shown(amount)}")
    if amount < 0:
        raise ValueError(f"money takes an amount of zero or more, got {amount}")
    cents_total = int((amount * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    dollars, cents = divmod(cents_total, 100)
    parts: list[str] = []
    if dollars or not cents:
        parts.append(f"{title_case_words(number_words(dollars))} {_plural('Dollar', dollars)}")
    if cents:
        parts.append(f"{title_case_words(number_words(cents))} {_plural('Cent', cents)}")
    return f"{' and '.join(parts)} (${dollars:,}.{cents:02d})"


def _plural(noun: str, n: int) -> str:
    return noun if n == 1 else f"{noun}s"


def join_words(
    items: Sequence[str], conjunction: str = "and", *, serial_comma: bool = False
) -> str:
    """Return `items` joined as legal English lists them: ``A``, ``A and B``, ``A, B and C``.

    With `serial_comma`, a comma also stands before the conjunction of three or more items.
    """
    if isinstance(items, str):  # a string is a sequence too: of its letters
        raise TypeError(f"join_words takes a list of texts, got the text {items!r}")
    items = list(items)
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    if len(items) == 2:
        return f"{items[0]} {conjunction} {items[1]}"
    comma = "," if serial_comma else ""
    return f"{', '.join(items[:-1])}{comma} {conjunction} {items[-1]}"


def join_phrases(items: Sequence[str], conjunction: str = "and") -> str:
    """Return `items` joined as :func:`join_words` joins them, unless one holds a comma of its
    own (a name and its description, ``Omega LLC, a Delaware limited liability company``):
    then a comma closes each such item before the conjunction of two
    (``Omega LLC, a Delaware limited liability company, and Jane Doe``), and semicolons part
    three or more (``Jane Doe; Omega LLC, a Delaware limited liability company; and Ann Lee``),
    so that no description reads as running on into the next name.
    """
    if isinstance(items, str):  # a string is a sequence too: of its letters
        raise TypeError(f"join_phrases takes a list of texts, got the text {items!r}")
    items = list(items)
    if len(items) == 2 and "," in items[0]:
        return f"{items[0]}, {conjunction} {items[1]}"
    if len(items) > 2 and any("," in item for item in items):
        return f"{'; '.join(items[:-1])}; {conjunction} {items[-1]}"
    return join_words(items, conjunction)


_ROMAN = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"),
          (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))  # fmt: skip


@functools.lru_cache(maxsize=256)  # every list of a document asks for the same few
def romanette(n: int) -> str:
    """Return the lower-case roman numeral of `n` (1 or more) in brackets: ``(iv)``."""
    if n < 1:
        raise ValueError(f"romanette takes a number of 1 or more, got {n}")
    out = []
    for value, letters in _ROMAN:
        count, n = divmod(n, value)
        out.append(letters * count)
    return f"({''.join(out)})"


def letter(n: int) -> str:
    """Return the bracketed letter of subsection `n` (1 or more): ``(a)`` ... ``(aa)``."""
    if n < 1:
        raise ValueError(f"letter takes a number of 1 or more, got {n}")
    letters = ""
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(ord("a") + rem) + letters
    return f"({letters})"
