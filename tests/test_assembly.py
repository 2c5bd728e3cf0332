"""Assembling documents from a term sheet, as the Python API calls it."""

from __future__ import annotations

from generator import assemble_all
from tests.conftest import SEED


def test_assemble_all_takes_one_id_as_a_text() -> None:
    # It was read letter by letter: "there is no document 'r'".
    assert list(assemble_all(SEED, "release")) == ["release"]
