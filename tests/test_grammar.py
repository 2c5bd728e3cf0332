"""Number words, ordinals, dates, money, lists and romanettes."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from generator import grammar


@pytest.mark.parametrize(
    ("n", "words"),
    [
        (0, "zero"),
        (1, "one"),
        (13, "thirteen"),
        (21, "twenty-one"),
        (99, "ninety-nine"),
        (100, "one hundred"),
        (1234, "one thousand two hundred thirty-four"),
        (1_000_000, "one million"),
        (2_000_017, "two million seventeen"),
    ],
)
def test_number_words(n: int, words: str) -> None:
    assert grammar.number_words(n) == words


@pytest.mark.parametrize(
    ("n", "text"),
    [(1, "1st"), (2, "2nd"), (3, "3rd"), (4, "4th"), (11, "11th"), (12, "12th"), (13, "13th"),
     (21, "21st"), (22, "22nd"), (23, "23rd"), (31, "31st"), (111, "111th")],
)  # fmt: skip
def test_ordinal(n: int, text: str) -> None:
    assert grammar.ordinal(n) == text


@pytest.mark.parametrize(
    ("date", "text"),
    [
        (dt.date(2006, 10, 31), "31st day of October, 2006"),
        (dt.date(2024, 3, 2), "2nd day of March, 2024"),
        (dt.date(2024, 5, 3), "3rd day of May, 2024"),
        (dt.date(2024, 1, 11), "11th day of January, 2024"),
        (dt.date(2024, 2, 12), "12th day of February, 2024"),
        (dt.date(2024, 6, 13), "13th day of June, 2024"),
        (dt.date(2024, 7, 22), "22nd day of July, 2024"),
    ],
)
def test_day_of(date: dt.date, text: str) -> None:
    assert grammar.day_of(date) == text


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        ("10.00", "Ten Dollars ($10.00)"),
        ("1", "One Dollar ($1.00)"),
        ("0.01", "One Cent ($0.01)"),
        ("0.50", "Fifty Cents ($0.50)"),
        ("1234.50", "One Thousand Two Hundred Thirty-Four Dollars and Fifty Cents ($1,234.50)"),
        ("21.01", "Twenty-One Dollars and One Cent ($21.01)"),
        ("1000000", "One Million Dollars ($1,000,000.00)"),
    ],
)
def test_money(amount: str, text: str) -> None:
    assert grammar.money(Decimal(amount)) == text


def test_money_refuses_floats_and_negatives() -> None:
    with pytest.raises(TypeError):
        grammar.money(10.0)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        grammar.money(Decimal("-1"))


@pytest.mark.parametrize(
    ("n", "text"), [(1, "one (1) year"), (3, "three (3) years"), (5, "five (5) years")]
)
def test_quantity(n: int, text: str) -> None:
    assert grammar.quantity(n, "year") == text


def test_filters_refuse_what_they_cannot_take() -> None:
    with pytest.raises(ValueError, match="quantity takes a whole number of zero or more, got 'x'"):
        grammar.quantity("x", "year")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="got True"):
        grammar.number_words(True)
    with pytest.raises(TypeError, match="join_words takes a list of texts, got the text 'abc'"):
        grammar.join_words("abc")
    with pytest.raises(TypeError, match=r"capfirst takes a text, got None \(a value the term"):
        grammar.capfirst(None)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="article takes a text, got the int 8"):
        grammar.article(8)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"day_of takes a date .*, got the str '2024-03-02'"):
        grammar.day_of("2024-03-02")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="quantity's unit takes a text, got the int 3"):
        grammar.quantity(3, 3)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"money takes an amount of money .*, got the float 1\.5"):
        grammar.money(1.5)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("items", "joined"),
    [
        ([], ""),
        (["Jane Doe"], "Jane Doe"),
        (["Omega LLC, a Delaware LLC"], "Omega LLC, a Delaware LLC"),
        (["Jane Doe", "Ann Lee"], "Jane Doe and Ann Lee"),
        (["Jane Doe", "Ann Lee", "Bo Chan"], "Jane Doe, Ann Lee and Bo Chan"),
        # a description closed by a comma, lest it seem to describe the next name too
        (["Omega LLC, a Delaware LLC", "Jane Doe"], "Omega LLC, a Delaware LLC, and Jane Doe"),
        (["Jane Doe", "Omega LLC, a Delaware LLC"], "Jane Doe and Omega LLC, a Delaware LLC"),
        # three or more: semicolons part items that hold commas
        (["Jane Doe", "Omega LLC, a Delaware LLC", "Ann Lee"],
         "Jane Doe; Omega LLC, a Delaware LLC; and Ann Lee"),
        (["Jane Doe", "Ann Lee", "Acme, Inc."], "Jane Doe; Ann Lee; and Acme, Inc."),
    ],
)  # fmt: skip
def test_join_phrases(items: list[str], joined: str) -> None:
    assert grammar.join_phrases(items) == joined


def test_join_phrases_refuses_a_text() -> None:
    with pytest.raises(TypeError, match="join_phrases takes a list of texts"):
        grammar.join_phrases("A, B")


def test_join_words() -> None:
    assert grammar.join_words([]) == ""
    assert grammar.join_words(["A"]) == "A"
    assert grammar.join_words(["A", "B"]) == "A and B"
    assert grammar.join_words(["A", "B", "C"], "or") == "A, B or C"
    assert grammar.join_words(["A", "B", "C"], serial_comma=True) == "A, B, and C"


@pytest.mark.parametrize(
    ("n", "text"), [(1, "(i)"), (2, "(ii)"), (3, "(iii)"), (4, "(iv)"), (9, "(ix)"), (14, "(xiv)")]
)
def test_romanette(n: int, text: str) -> None:
    assert grammar.romanette(n) == text


@pytest.mark.parametrize(("n", "text"), [(1, "(a)"), (2, "(b)"), (26, "(z)"), (27, "(aa)")])
def test_letter(n: int, text: str) -> None:
    assert grammar.letter(n) == text


def test_capfirst() -> None:
    assert grammar.capfirst("the Party") == "The Party"
    assert grammar.capfirst("") == ""


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("Delaware", "a"),
        ("New York", "a"),
        ("Ohio", "an"),
        ("Illinois", "an"),
        ("Indiana", "an"),
        ("Oregon", "an"),
        ("Arizona", "an"),
        ("Utah", "a"),  # "you-tah"
        ("Ukraine", "a"),
        ("Umbria", "an"),
        ("European", "a"),
        ("hour", "an"),
        ("LLC", "an"),  # read letter by letter: "el-el-see"
        ("SEC", "an"),
        ("US", "a"),
        ("Indemnifying Party", "an"),
        ("unincorporated", "an"),
        ("university", "a"),
        ("U.S. Virgin Islands", "a"),  # "you-ess"
        ("U.S.-based company", "a"),
        ("N.V.", "an"),
        ("X", "an"),
        ("Honolulu", "a"),
        ("honorable", "an"),
        ("honest", "an"),
        ("8", "an"),
        ("80", "an"),
        ("11", "an"),
        ("18,000", "an"),
        ("11000", "an"),
        ("110", "a"),
        ("1,800", "a"),
        ("1", "a"),
    ],
)
def test_article_goes_by_sound(word: str, expected: str) -> None:
    assert grammar.article(word) == expected
