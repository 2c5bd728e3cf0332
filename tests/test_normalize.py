"""normalize: folding stays as it was, and spans() places every token in the unfolded text."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from generator.normalize import Folding, fold, spans, tokens
from tests.conftest import SOURCES

_ALPHABET = "aAbB zZ019 \n\t,.;:()'\"“”‘’–—\u00a0\u00ad-_=<>PAGEF"


def _reference_fold(text: str) -> str:
    """The folding of the first version of normalize.fold, kept here as its specification."""
    furniture = re.compile(
        r"^[ \t]*(?:<PAGE>|\d{1,3}|[A-Z]{1,2}-\d{1,3}(?:-\d{1,3})?|[-_=]{3,})[ \t]*$", re.MULTILINE
    )
    letters = re.compile(r"^[ \t]*((?:[A-Z] ){2,}[A-Z])[ \t]*$", re.MULTILINE)
    quotes = str.maketrans({"“": '"', "”": '"', "„": '"', "″": '"', "‘": "'", "’": "'", "′": "'"})
    dashes = str.maketrans({"–": "-", "—": "-", "‑": "-", "\u00ad": None, "\u00a0": " "})
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    text = text.translate(quotes).translate(dashes)
    text = furniture.sub("", text)
    text = re.sub(r"(?<![\w-])[-_]{5,}(?![\w-])", " ", text)
    return letters.sub(lambda m: m.group(1).replace(" ", ""), text)


@given(st.text(alphabet=_ALPHABET, max_size=120))
def test_fold_is_unchanged_by_the_offset_tracking(text: str) -> None:
    assert fold(text) == _reference_fold(text)


@given(st.text(alphabet=_ALPHABET, max_size=120), st.booleans(), st.booleans(), st.booleans())
def test_spans_give_the_tokens_in_order_inside_the_text(
    text: str, furniture: bool, quotes: bool, whitespace: bool
) -> None:
    folding = Folding(furniture=furniture, quotes=quotes, whitespace=whitespace)
    found = spans(text, folding)
    assert [t.key for t in found] == tokens(text, folding)
    last = 0
    for token in found:
        assert last <= token.start < token.end <= len(text)
        last = token.end


def test_spans_point_at_the_characters_as_written() -> None:
    text = "  R E C I T A L S  \nthe Company’s “Release”\n<PAGE>\n"
    found = {t.key: text[t.start : t.end] for t in spans(text)}
    assert found["RECITALS"] == "R E C I T A L S"
    assert found["Company's"] == "Company’s"
    assert [text[t.start : t.end] for t in spans(text) if t.key == '"'] == ["“", "”"]
    assert "PAGE" not in found


def test_each_switch_turns_its_folding_off() -> None:
    text = "R E C I T A L S\n“Company”\n<PAGE>\n  3\nF-2-1\n----------\nend"
    assert tokens(text) == ["RECITALS", '"', "Company", '"', "end"]
    assert "R" in tokens(text, Folding(letter_spacing=False))
    assert "“" in tokens(text, Folding(quotes=False))
    kept = tokens(text, Folding(furniture=False))
    assert kept[4:7] == ["<", "PAGE", ">"] and "3" in kept and "F-2-1" in kept


def test_whitespace_switch_makes_spacing_count() -> None:
    assert tokens("a  b\nc") == ["a", "b", "c"]
    assert tokens("a  b\nc", Folding(whitespace=False)) == ["a", "  ", "b", "\n", "c"]
    assert tokens("a b", Folding(whitespace=False)) != tokens("a\nb", Folding(whitespace=False))


def test_hyphenation_joins_words_broken_at_line_ends() -> None:
    assert tokens("indemni-\n   fication", Folding(hyphenation=True)) == ["indemnification"]
    assert tokens("indemni-\n   fication") == ["indemni", "-", "fication"]


def test_filed_texts_tokenise_the_same_through_spans() -> None:
    for path in SOURCES.values():
        text = path.read_text(encoding="utf-8")
        assert [t.key for t in spans(text)] == tokens(text)


@given(st.text(alphabet=_ALPHABET, max_size=120), st.booleans(), st.booleans(), st.booleans())
def test_folding_with_and_without_offsets_agrees(
    text: str, furniture: bool, hyphenation: bool, letter_spacing: bool
) -> None:
    from generator.normalize import _fold

    folding = Folding(furniture=furniture, hyphenation=hyphenation, letter_spacing=letter_spacing)
    tracked = _fold(text, folding)
    assert tracked.text == fold(text, folding)
    assert len(tracked.starts) == len(tracked.ends) == len(tracked.text)
