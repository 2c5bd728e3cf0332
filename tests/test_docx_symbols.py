"""A .docx's symbols (w:sym): the character each stands for."""

from __future__ import annotations

import pytest

from generator.docx_symbols import symbol_char


@pytest.mark.parametrize(
    ("font", "code", "read"),
    [
        ("Wingdings", "F0FE", ("☑", True)),  # Insert Symbol's ticked box
        ("wingdings", "00fe", ("☑", True)),  # its code stored without F000, in any case
        ("Wingdings", "F06F", ("□", True)),
        ("Wingdings", "F08C", ("❶", True)),
        ("Symbol", "F0B7", ("•", True)),
        ("Symbol", "F061", ("α", True)),  # a Latin letter's code is a Greek one
        ("Symbol", "F0D2", ("®", True)),
        ("Times New Roman", "00A7", ("§", True)),  # a text font's code is its character
        ("Arial", "2611", ("☑", True)),
        ("Wingdings 2", "F052", ("\uf052", False)),  # no table: kept by its code
        ("Webdings", "0061", ("\uf061", False)),
        ("Symbol", "F0E6", ("\uf0e6", False)),  # a piece of a tall bracket
        ("Arial", "F0A7", ("\uf0a7", False)),
        ("Arial", "D800", ("\ufffd", False)),  # no character at all
        ("Arial", "zz", ("\ufffd", False)),
    ],
)
def test_a_symbol_reads_as_the_character_its_font_draws(
    font: str, code: str, read: tuple[str, bool]
) -> None:
    assert symbol_char(font, code) == read
