"""The YAML loader: plain data only, every scalar as text, every value's line known."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator import yamlload
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


def test_a_duplicated_key_is_its_one_problem() -> None:
    from generator.termsheet import parse_term_sheet

    text = (
        "effective_date: 2025-01-22\n"
        '"company": {name: X}\n'  # the first copy lacks most of its keys
        "company:\n  name: Beta Corp.\n  jurisdiction: ohio\n"
        "  signatory: {name: Bo Chan, title: President}\n"
        "indemnitors:\n  - {name: Alex Kim, short_name: Kim, pronoun: she}\n"
        "release: {consideration: 10}\n"
    )
    with pytest.raises(TermSheetError) as info:
        parse_term_sheet(text, "t.yaml")
    assert [str(p) for p in info.value.problems] == [
        "t.yaml:3: company: duplicate key (first given at line 2); give each key once"
    ]


def test_nested_duplicate_keys_in_a_list() -> None:
    assert _problems("l:\n  - a: 1\n    a: 2\n") == [
        "t.yaml:3: l.0.a: duplicate key (first given at line 2); give each key once"
    ]


def test_a_duplicate_key_on_the_line_of_the_first_names_its_column() -> None:
    # Inside { } both can be on one line: "first given at line 1" on line 1 pointed nowhere.
    assert _problems("a: {b: 1, c: 2, b: 3}\n") == [
        "t.yaml:1: a.b: duplicate key (first given at line 1, column 5); give each key once"
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


@pytest.mark.parametrize("fast", [True, False])
def test_a_key_with_no_colon_after_a_text_value_inside_braces_is_its_rest(
    fast: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not fast:
        monkeypatch.setattr(yamlload, "_FAST_LOADER", None)
    located = load_yaml(
        "s: {name: X, title: President, Chief Executive Officer}\n"
        "l: [{a: x, B, C}]\n"
        "colon: {a: x, b: }\n"  # an empty value given with ':' is meant empty
        "next_line: {a: x,\n  b}\n"
        "after_a_list: {a: [x], b}\n"
        "first: {b, a: x}\n"
        "quoted: {a: 'x', b}\n"  # a quoted value ends at its quote: b is no rest of it
        "null: {a: ~, b}\n"  # nor is it the rest of no value
        "block:\n  a: x, y\n",  # outside { } a comma is text
        "t.yaml",
    )
    assert located.data["s"]["Chief Executive Officer"] is None
    assert located.cut_from == {
        ("s", "Chief Executive Officer"): "title",
        ("l", 0, "B"): "a",
        ("l", 0, "C"): "a",  # cut twice: the rest of the same value
    }


# -- libyaml and the pure-Python parser --------------------------------------------------------

ROOT = Path(__file__).resolve().parent.parent

#: Files that libyaml reads, each also read by the pure-Python parser: the two must agree.
SAME_EITHER_WAY = [
    "a: NO\nb: off\nc: 0755\nd: 1.10\ne: 2006-10-31\nf:\ng: ~\nh: ''\ni: [1, true]\n",
    "a:\n  b:\n    - x\n    -\n    - {c: d, e: [f, g]}\nc: 1\n",
    "---\n",
    "# only a comment\n",
    "a: 1\na: 2\nb: {c: 1, c: 2}\n",
    "l:\n  - a: 1\n    a: 2\n",
    "a: &x 1\nb: *x\n",
    "[a, b]: 1\nc: {[d]: 1, e: 2}\n",
    "a: \"\\x41\\u00e9\\t\\/\"\nb: 'it''s'\nc: \"\\x01\"\n",
    "a: b\n---\nc: d\n",
    "a: multi\n  line\n\n  plain\nb: [x,\n  y]\n",
    "a: [b\n",
    "a: b: c\n",
    "- a\n- b\nc: d\n",
    "a: {b: c ,d: e}\n",
    "k" * 200 + ": v\n",
    "a: " + "[" * 40 + "\n",
    "a:\r\n  b: c\r\n",
    "a: Yahoo! Inc.   # really? a | b > c\nb: [x!, 'y?', \"z?\"]\nc: what? | > !\n",
]

#: Files on which libyaml and the pure-Python parser differ, or might: they are read the
#: pure-Python way (with the message it gives, or None when it reads them).
DIFFERENT = {
    "a: b\tc\n": "found character '\\t' that cannot start any token",
    "a: {b: c?}\n": "while parsing a flow mapping",
    "a: |#\n  x\n": "expected chomping or indentation indicators, but found '#'",
    "a: !~! b\n": "while scanning a tag",
    "%YAML 1.1#\n---\na: b\n": "while scanning a directive",
    "---": None,  # the root's line: 1 either way (libyaml: 2)
    "l:\n  - a\n  -": None,  # the last item's line
    "a: |\n  x\nb: >-\n  y\n": None,
    "%YAML 1.1\n---\na: b\n": None,
}


def _read(text: str) -> object:
    try:
        located = load_yaml(text, "t.yaml")
    except TermSheetError as exc:
        return [str(p) for p in exc.problems]
    return located.data, located.lines


needs_libyaml = pytest.mark.skipif(
    yamlload._FAST_LOADER is None, reason="PyYAML was built without libyaml"
)


@needs_libyaml
@pytest.mark.parametrize(
    "text",
    SAME_EITHER_WAY
    + [p.read_text(encoding="utf-8") for p in sorted(ROOT.glob("variables/*.yaml"))]
    + [p.read_text(encoding="utf-8") for p in sorted(ROOT.glob("tests/cases/*/*.yaml"))],
)
def test_libyaml_reads_as_the_pure_python_parser_does(
    text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert yamlload._for_libyaml(text)
    fast = _read(text)
    monkeypatch.setattr(yamlload, "_FAST_LOADER", None)
    assert _read(text) == fast


@needs_libyaml
@pytest.mark.parametrize("text", list(DIFFERENT))
def test_where_libyaml_differs_the_pure_python_parser_reads(
    text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    got = _read(text)
    message = DIFFERENT[text]
    if message is not None:
        assert isinstance(got, list)
        assert message in "\n".join(got)
    monkeypatch.setattr(yamlload, "_FAST_LOADER", None)
    assert _read(text) == got


@needs_libyaml
def test_a_file_libyaml_refuses_is_worded_by_the_pure_python_parser(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    text = "a: [b\n"
    assert yamlload._for_libyaml(text)
    fast = _problems(text)
    assert fast == [
        "t.yaml:2: this is not valid YAML: while parsing a flow sequence, expected ',' or ']', "
        "but got '<stream end>'"
    ]
    monkeypatch.setattr(yamlload, "_FAST_LOADER", None)
    assert _problems(text) == fast


def test_read_yaml_goes_on_past_what_it_can_build_as_text() -> None:
    located = yamlload.read_yaml('a: !!int 7\nb: "x\\fy"\nc: 1\nc: 2\nd: [x, !!binary eQ==]\n', "t")
    # Tags are reported and ignored: the value is the text the drafter wrote, never what a tag
    # asks for; the first of two duplicate keys is kept.
    assert located.data == {"a": "7", "b": "x\x0cy", "c": "1", "d": ["x", "eQ=="]}
    assert [str(p) for p in located.problems] == [
        "t:1: a: YAML tags (!!int) are not allowed in a term sheet: values are plain data",
        "t:2: b: the value contains the character U+000C, which no document can hold",
        "t:4: c: duplicate key (first given at line 3); give each key once",
        "t:5: d.1: YAML tags (!!binary) are not allowed in a term sheet: values are plain data",
    ]
    assert located.refused == {("a",), ("b",), ("c",), ("d", 1)}  # c: which copy is unknown


def test_the_non_specific_tag_is_a_tag_too() -> None:
    located = yamlload.read_yaml("a: ! 10\n", "t")
    assert located.data == {"a": "10"}
    assert [str(p) for p in located.problems] == [
        "t:1: a: YAML tags (!) are not allowed in a term sheet: values are plain data"
    ]


def test_read_yaml_stops_where_nothing_safe_can_be_built() -> None:
    with pytest.raises(TermSheetError) as info:
        yamlload.read_yaml("a: &x 1\nb: *x\nc: !!int 7\n", "t")
    # Every problem is still reported, the tag with the rest.
    assert [p.message.split(" (")[0] for p in info.value.problems] == [
        "anchors",
        "aliases",
        "YAML tags",
    ]


def test_an_anchor_without_an_alias_hides_nothing() -> None:
    # An anchor alone changes nothing in the data: it is reported, and the reading goes on to
    # the duplicate key before it and the schema's problems after it.
    located = yamlload.read_yaml("a: 1\na: 2\nb: &x\n  - c\n", "t")
    assert located.data == {"a": "1", "b": ["c"]}
    assert [p.line for p in located.problems] == [2, 3]
    assert "anchors (&x) are not allowed" in located.problems[1].message
    assert located.refused == {("a",)}  # the duplicate; the anchored value is read as it is


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (  # curly quotes pasted from Word, saved as Windows-1252
            "a: 1\nb:\n  - {name: \u201cJo\u201d Doe}\n".encode("cp1252"),
            "t.yaml:3: b.0.name: the file is not UTF-8 text (byte 0x93, column 12): save it",
        ),
        (  # a byte order mark is not counted as a column
            b"\xef\xbb\xbf" + "a: Caf\u00e9\n".encode("latin-1"),
            "t.yaml:1: a: the file is not UTF-8 text (byte 0xe9, column 7): save it",
        ),
        (  # the rest is not YAML either: the line alone
            "a: Caf\u00e9\nb: [\n".encode("latin-1"),
            "t.yaml:1: the file is not UTF-8 text (byte 0xe9, column 7): save it",
        ),
    ],
)
def test_a_file_not_utf8_names_the_line_and_the_field(raw: bytes, expected: str) -> None:
    (problem,) = _problems(raw)
    assert problem.startswith(expected)


@pytest.mark.parametrize("text", ["a:\n\tb: 1\n", "a:\n  b:\t1\n"])
def test_a_tab_says_to_write_spaces(text: str) -> None:
    (problem,) = _problems(text)
    assert problem.startswith("t.yaml:2: this is not valid YAML: ")
    assert problem.endswith("; write spaces instead of tabs, to indent and after a key's colon")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # an indentation slip: the parser's words alone left the drafter to guess
        (
            "a: 1\nb: false\n  c: DE\n",
            "t.yaml:3: this is not valid YAML: mapping values are not allowed here; a key on "
            "this line is indented past the keys above it (line it up with them), or a value "
            "holds ': ' (put it in quotes)",
        ),
        (
            "a:\n  b: X\n c: DE\n",
            "t.yaml:3: this is not valid YAML: while parsing a block mapping, expected <block "
            "end>, but found '<block mapping start>'; a key on this line is indented less than "
            "the keys above it but more than the key they belong to: line it up with the keys "
            "it goes with",
        ),
        # the end of the file was named, not the line of the quote left open
        (
            'a:\n  b: "X\nc: 1\n',
            "t.yaml:2: this is not valid YAML: a quoted value starts on this line and its quote "
            "is never closed",
        ),
    ],
    ids=["indented-past", "indented-between", "quote-open"],
)
def test_a_slip_of_layout_says_what_to_fix(text: str, expected: str) -> None:
    assert _problems(text) == [expected]


def test_the_error_counts_the_problems_left_out_too() -> None:
    text = "".join(f"k{i}: !!str v\n" for i in range(MAX_PROBLEMS + 5))
    with pytest.raises(TermSheetError) as info:
        load_yaml(text, "t.yaml")
    assert len(info.value.problems) == MAX_PROBLEMS + 1  # the last says how many more
    assert info.value.count == MAX_PROBLEMS + 5


@pytest.mark.parametrize(
    ("end", "why"),
    [
        ("x: [\n", "this is not valid YAML: "),
        ("x: [" + ", ".join(["1"] * yamlload.MAX_NODES) + "]\n", "the term sheet holds more than"),
    ],
)
def test_why_the_reading_stopped_is_shown_past_the_first_100_problems(end: str, why: str) -> None:
    # It was left out with the rest: the drafter saw 100 tags and not that the file is broken.
    problems = _problems("".join(f"k{i}: !!str v\n" for i in range(MAX_PROBLEMS + 5)) + end)
    assert len(problems) == MAX_PROBLEMS + 1
    assert why in problems[-2]
    assert problems[-1].endswith("more problems not shown; fix these first")


@pytest.mark.parametrize(
    "encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be"]
)
def test_a_file_in_utf16_or_utf32_is_named_so(encoding: str) -> None:
    # Notepad's "Unicode": it was "not UTF-8 ... (curly quotes saved as Windows-1252 ...)" with
    # a byte order mark, and "the character U+0000" without one.
    (problem,) = _problems("a: Caf\u00e9\n".encode(encoding))
    assert problem == (
        "t.yaml: the file is UTF-16 or UTF-32 text (Notepad's 'Unicode'), not UTF-8: "
        "save it as UTF-8"
    )
