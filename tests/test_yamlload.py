"""The YAML loader: plain data only, every scalar as text, every value's line known."""

from __future__ import annotations

import pytest

from generator.errors import TermSheetError
from generator.yamlload import MAX_PROBLEMS, load_yaml, show_path


def _problems(text: str | bytes) -> list[str]:
    with pytest.raises(TermSheetError) as info:
        load_yaml(text, "t.yaml")
    return [str(p) for p in info.value.problems]


def test_scalars_stay_text_and_empty_values_are_none() -> None:
    data = load_yaml(
        "a: NO\nb: off\nc: 0755\nd: 1.10\ne: 2006-10-31\nf:\ng: ~\nh: ''\ni: [1, true]\n", "t"
    ).data
    assert data == {
        "a": "NO",
        "b": "off",
        "c": "0755",
        "d": "1.10",
        "e": "2006-10-31",
        "f": None,
        "g": None,
        "h": "",
        "i": ["1", "true"],
    }


def test_lines_of_values_and_their_nearest_ancestor() -> None:
    located = load_yaml("a:\n  b:\n    - x\n    - y\nc: 1\n", "t")
    assert located.lines[("a", "b")] == 2
    assert located.line_of(("a", "b", 1)) == 4
    assert located.line_of(("c", "missing")) == 5
    assert located.line_of(("zzz",)) == 1


def test_bytes_with_a_byte_order_mark() -> None:
    assert load_yaml("\ufeffa: b\n".encode(), "t").data == {"a": "b"}


def test_empty_file() -> None:
    assert _problems("# nothing\n") == ["t.yaml: the term sheet is empty"]


def test_complex_key() -> None:
    assert _problems("? [a, b]\n: 1\n") == [
        "t.yaml:1: a key must be a plain name, not a list or mapping"
    ]


def test_nested_duplicate_keys_in_a_list() -> None:
    assert _problems("l:\n  - a: 1\n    a: 2\n") == [
        "t.yaml:3: l.0.a: duplicate key (first given at line 2); give each key once"
    ]


def test_quoted_and_plain_keys_are_the_same_key() -> None:
    assert "duplicate key" in _problems('a: 1\n"a": 2\n')[0]


def test_problems_are_capped() -> None:
    text = "".join(f"k{i}: !!str v\n" for i in range(MAX_PROBLEMS + 5))
    problems = _problems(text)
    assert len(problems) == MAX_PROBLEMS + 1
    assert problems[-1] == "t.yaml: and 5 more problems not shown; fix these first"


def test_alias_used_as_a_key_is_refused() -> None:
    problems = _problems("a: &k x\n*k : 1\n")
    assert any("aliases (*k)" in p for p in problems)


def test_show_path_quotes_unprintable_and_long_keys() -> None:
    assert show_path(("indemnitors", 1, "pronoun")) == "indemnitors.1.pronoun"
    assert show_path(("a\x1b",)) == "'a\\x1b'"
    assert show_path(("x" * 50,)) == repr("x" * 40) + "..."
    assert show_path(("",)) == "''"
