"""Hostile and broken term sheets: one clear message per problem, exit 2, nothing written.

Each case renders into a folder that already holds good output, and checks that the message
names file, line and field and that the folder is byte for byte as it was.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.yamlload import MAX_DEPTH, MAX_FILE_BYTES, MAX_NODES, MAX_VALUE_CHARS
from tests.conftest import SEED
from tests.security.helpers import (
    SEED_TEXT,
    docgen,
    replace_line,
    seeded_output,
    sheet,
    snapshot,
)

COMPANY = "  name: Natural Health Trends Corp.\n"
LAST = len(SEED_TEXT.splitlines())
"""The seed's last line: what a test appends to it starts on the line after."""


def _render_fails(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, *expected: str
) -> str:
    """Render `text` over good output; assert exit 2, `expected` in stderr, nothing written."""
    out = seeded_output(tmp_path, capsys)
    before = snapshot(out)
    path = sheet(tmp_path, text)
    result = docgen(capsys, "render", path, "--out", out, "--format", "txt,json,html")
    assert result.code == 2, result.err
    assert result.out == ""
    for part in expected:
        assert part.format(path=path) in result.err
    assert "nothing was written" in result.err
    assert snapshot(out) == before
    return result.err


# -- YAML features that are not plain data ------------------------------------------------------


def test_duplicate_key_at_depth_names_both_lines(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = replace_line(COMPANY, COMPANY + "  name: Evil Corp.\n")
    _render_fails(
        tmp_path,
        capsys,
        text,
        "{path}:7: company.name: duplicate key (first given at line 6)",
    )


def test_duplicate_key_in_a_list_item_and_at_top(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = replace_line("    short_name: LaCore\n", "    short_name: LaCore\n    pronoun: she\n")
    text += "signatures: blank\n"
    err = _render_fails(
        tmp_path,
        capsys,
        text,
        "{path}:16: indemnitors.0.pronoun: duplicate key (first given at line 15)",
        f"{{path}}:{LAST + 2}: signatures: duplicate key (first given at line {LAST + 1})",
    )
    assert "2 problems" in err


@pytest.mark.parametrize(
    "value",
    [
        "!!python/object/apply:os.system ['echo pwned > /tmp/pwned']",
        "!!python/name:os.system",
        "!!binary TmF0dXJhbA==",
        "!!set {a, b}",
        "!!str Natural",
        "!!int 7",
        "!local Natural",
        "!<tag:yaml.org,2002:str> Natural",
    ],
)
def test_tags_are_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str], value: str) -> None:
    text = replace_line(COMPANY, f"  name: {value}\n")
    err = _render_fails(tmp_path, capsys, text, "{path}:6: company.name: YAML tags (")
    assert "not allowed in a term sheet" in err
    assert not Path("/tmp/pwned").exists()


def test_tag_on_a_mapping_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = replace_line("company:\n", "company: !!python/object:generator.model.Run\n")
    _render_fails(tmp_path, capsys, text, "{path}:5: company: YAML tags (!!python/object:")


def test_a_second_document_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = SEED_TEXT + "---\nsignatures: blank\n"
    _render_fails(
        tmp_path, capsys, text, f"{{path}}:{LAST + 1}: expected one YAML document, found a second"
    )


def test_anchors_and_aliases_are_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = replace_line(COMPANY, "  name: &n Natural Health Trends Corp.\n")
    text = replace_line("related_agreement: October 2006 Agreement", "related_agreement: *n", text)
    _render_fails(
        tmp_path,
        capsys,
        text,
        "{path}:6: company.name: anchors (&n) are not allowed",
        "{path}:20: related_agreement: aliases (*n) are not allowed",
    )


def test_billion_laughs_is_refused_quickly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 12)]
    err = _render_fails(tmp_path, capsys, "\n".join(lines) + "\n", "{path}:1: a0: anchors (&a0)")
    assert "a9.8: aliases (*a8)" in err
    assert "more problems not shown" in err  # 99 aliases, 12 anchors: capped


def test_merge_keys_are_just_unknown_keys(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = replace_line("company:\n", "company:\n  <<: {name: X}\n")
    _render_fails(tmp_path, capsys, text, "{path}:6: company.<<: unknown key")


@pytest.mark.timeout(5, func_only=True)
def test_deep_nesting_is_refused_quickly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = SEED_TEXT + "extra: " + "[" * 100_000 + "]" * 100_000 + "\n"
    _render_fails(
        tmp_path,
        capsys,
        text,
        f"{{path}}:{LAST + 1}: extra.0.0.0.0",
        f"nested more than {MAX_DEPTH} levels deep",
    )


@pytest.mark.parametrize(
    "extra",
    [
        "extra: [" + "x, " * 80_000 + "]\n",
        "extra: {" + ", ".join(f"k{i}: v" for i in range(20_000)) + "}\n",
        "".join(f"k{i}: v\n" for i in range(20_000)),
    ],
    ids=["flow-list", "flow-map", "block-map"],
)
@pytest.mark.timeout(5, func_only=True)
def test_many_values_are_refused_quickly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], extra: str
) -> None:
    _render_fails(tmp_path, capsys, SEED_TEXT + extra, f"holds more than {MAX_NODES:,} values")


def test_syntax_error_names_the_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = replace_line(COMPANY, "  name: [Natural\n")
    _render_fails(tmp_path, capsys, text, "{path}:", "this is not valid YAML")


def test_not_utf8_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes(SEED_TEXT.replace("Natural", "Natür").encode("latin-1"))
    out = seeded_output(tmp_path, capsys)
    before = snapshot(out)
    result = docgen(capsys, "render", path, "--out", out)
    assert result.code == 2
    # The first such byte is in the comment of line 2: a line, but no field, to name.
    assert f"{path}:2: the file is not UTF-8 text (byte 0xfc, column 41): save it as" in result.err
    assert snapshot(out) == before


# -- implicit coercions ---------------------------------------------------------------------


def test_yaml_1_1_booleans_stay_text_in_text_fields(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = replace_line("short_name: LaCore", "short_name: NO")
    text = replace_line("  name: Natural Health Trends Corp.", "  name: off", text)
    path = sheet(tmp_path, text)
    out = tmp_path / "out"
    assert docgen(capsys, "render", path, "--out", out, "--format", "txt").code == 0
    txt = (out / "indemnification.txt").read_text(encoding="utf-8")
    assert '"NO"' in txt
    assert "off, a Delaware corporation" in txt
    assert "False" not in txt


@pytest.mark.parametrize("word", ["off", "no", "NO", "yes", "on", "y", "1", "0"])
def test_flags_take_only_true_or_false(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], word: str
) -> None:
    text = replace_line("signatures: conformed", f"signatures: conformed\nfiled_wording: {word}")
    _render_fails(
        tmp_path,
        capsys,
        text,
        f"{{path}}:{LAST + 1}: filed_wording: expected true or false, got '{word}'",
    )


@pytest.mark.parametrize("value", ["0755", "0o17", "0x1F", "3.0", "1_0", "+3"])
def test_numbers_are_not_reinterpreted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], value: str
) -> None:
    text = replace_line("survival_years: 3 ", f"survival_years: {value} ")
    _render_fails(
        tmp_path,
        capsys,
        text,
        f"{{path}}:30: indemnification.survival_years: expected a whole number of years (1-99) "
        f"or 'indefinite', got '{value}'",
    )


def test_money_keeps_its_cents(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = replace_line("consideration: 10.00", "consideration: 1.10")
    path = sheet(tmp_path, text)
    out = tmp_path / "out"
    assert docgen(capsys, "render", path, "--out", out, "--format", "txt").code == 0
    assert "One Dollar and Ten Cents ($1.10)" in (out / "release.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize("value", ["1e3", ".inf", "1.105", "0x10", "-5.00", "1,0.00"])
def test_money_is_not_float(tmp_path: Path, capsys: pytest.CaptureFixture[str], value: str) -> None:
    text = replace_line("consideration: 10.00", f"consideration: {value}")
    _render_fails(tmp_path, capsys, text, "{path}:33: release.consideration: expected an amount")


def test_exhibit_number_stays_text(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = replace_line('exhibit: "10.3"', "exhibit: 10.30")
    path = sheet(tmp_path, text)
    out = tmp_path / "out"
    assert docgen(capsys, "render", path, "--out", out, "--format", "txt").code == 0
    assert "EXHIBIT 10.30" in (out / "indemnification.txt").read_text(encoding="utf-8")


# -- sizes and characters -------------------------------------------------------------------


def test_oversized_file_is_refused_unread(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = SEED_TEXT + "#" + "x" * MAX_FILE_BYTES + "\n"
    _render_fails(tmp_path, capsys, text, "{path}: the file holds more than 262,144 bytes")


def test_oversized_value_is_refused_with_its_field(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = replace_line(COMPANY, f"  name: {'N' * (MAX_VALUE_CHARS + 1)}\n")
    err = _render_fails(
        tmp_path,
        capsys,
        text,
        f"{{path}}:6: company.name: the value is {MAX_VALUE_CHARS + 1:,} characters long",
    )
    assert "N" * 50 not in err  # the value is not echoed


def test_long_value_within_the_loader_cap_meets_the_schema_cap(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = replace_line(COMPANY, f"  name: {'N' * 500}\n")
    _render_fails(
        tmp_path, capsys, text, "{path}:6: company.name: expected at most 120 characters, got 500"
    )


@pytest.mark.parametrize(
    ("escape", "code"),
    [
        ("\\0", "U+0000"),
        ("\\x00", "U+0000"),
        ("\\v", "U+000B"),
        ("\\f", "U+000C"),
        ("\\x1b[2J", "U+001B"),
        ("\\x7f", "U+007F"),
        ("\\x9b", "U+009B"),
        ("\\ud800", "U+D800"),
        ("\\udfff", "U+DFFF"),
        ("\\ufffe", "U+FFFE"),
        ("\\uffff", "U+FFFF"),
    ],
)
def test_xml_invalid_characters_are_refused_with_the_field(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], escape: str, code: str
) -> None:
    text = replace_line("    title: President", f'    title: "President{escape}"')
    err = _render_fails(
        tmp_path,
        capsys,
        text,
        f"{{path}}:11: company.signatory.title: the value contains the character {code}",
    )
    assert "\x1b" not in err and "\x9b" not in err


def test_raw_control_character_names_the_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = replace_line(COMPANY, "  name: Natural\x0bHealth\n")
    _render_fails(tmp_path, capsys, text, "{path}:6: the file contains the character U+000B")


def test_control_character_in_a_key_is_not_echoed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = replace_line("company:\n", 'company:\n  "evil\\x1b]0;owned\\x07": 1\n')
    err = _render_fails(
        tmp_path,
        capsys,
        text,
        "{path}:6: company.'evil\\x1b]0;owned\\x07': the key contains the character U+001B",
    )
    assert "\x1b" not in err and "\x07" not in err


def test_every_problem_is_reported_together(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = replace_line("pronoun: he  ", "pronoun: xe  ")
    text = replace_line("survival_years: 3 ", "survival_years: 0755 ", text)
    text = replace_line("consideration: 10.00", "consideration: ten", text)
    text = replace_line("effective_date: 2006-10-31", "effective_date: 2006-02-30", text)
    err = _render_fails(
        tmp_path,
        capsys,
        text,
        "{path}:4: effective_date:",
        "{path}:15: indemnitors.0.pronoun:",
        "{path}:30: indemnification.survival_years:",
        "{path}:33: release.consideration:",
        "docgen: 4 problems; nothing was written",
    )
    assert err.index(":4:") < err.index(":15:") < err.index(":30:") < err.index(":33:")


def test_term_sheet_values_are_data_not_templates(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = replace_line(COMPANY, '  name: "{{ 7*7 }} {% if true %}Corp.{% endif %} {# x #}"\n')
    path = sheet(tmp_path, text)
    out = tmp_path / "out"
    assert docgen(capsys, "render", path, "--out", out, "--format", "txt,json,html").code == 0
    txt = (out / "indemnification.txt").read_text(encoding="utf-8")
    assert "{{ 7*7 }} {% if true %}Corp.{% endif %} {# x #}" in txt
    assert "49" not in txt


def test_check_reports_problems_of_several_sheets(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = sheet(tmp_path, replace_line(COMPANY, "  name: !!binary AAAA\n"))
    result = docgen(capsys, "check", SEED, bad)
    assert result.code == 2
    assert f"{bad}:6: company.name: YAML tags (!!binary)" in result.err


@pytest.mark.parametrize("key", ["<!DOCTYPE x [<!ENTITY a 'b'>]>", "int", "str", "a[0]"])
def test_unknown_keys_that_look_like_pydantic_tags(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], key: str
) -> None:
    text = SEED_TEXT + f'"{key}": 1\n'
    _render_fails(tmp_path, capsys, text, f"{{path}}:{LAST + 1}: {key}: unknown key")


# -- every problem at once ---------------------------------------------------------------------


def test_reader_and_schema_problems_are_reported_together(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A tag, a duplicate key, a control character and three schema problems: one run says all six.
    text = replace_line(COMPANY, "  name: !!binary TmF0dXJhbA==\n  jurisdiction: Delaware\n")
    text = replace_line("    pronoun: he ", "    pronoun: xe ", text)
    text = replace_line("  consideration: 10.00 ", "  colour: red\n  consideration: -5 ", text)
    title = "    title: President and Chief Executive Officer\n"
    text = replace_line(title, '    title: "Presi\\fdent"\n', text)
    err = _render_fails(
        tmp_path,
        capsys,
        text,
        "{path}:6: company.name: YAML tags (!!binary)",
        "{path}:8: company.jurisdiction: duplicate key (first given at line 7)",
        "company.signatory.title: the value contains the character U+000C",
        "indemnitors.0.pronoun: expected he, she, they or it, got 'xe'",
        "release.consideration: expected an amount of money",
        "release.colour: unknown key",
    )
    assert "6 problems" in err
    # The refused values are reported by the reader alone, not again by the schema.
    assert err.count("company.name") == 1
    assert err.count("company.signatory.title") == 1
    lines = [int(line.split(":")[1]) for line in err.splitlines() if line.startswith(str(tmp_path))]
    assert lines == sorted(lines)


def test_tag_on_a_key_names_the_key_not_its_mapping(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = replace_line("  entity_type: corporation\n", "  !!str entity_type: corporation\n")
    err = _render_fails(tmp_path, capsys, text, "{path}:8: company.entity_type: YAML tags (!!str)")
    assert err.count("company.entity_type") == 1
