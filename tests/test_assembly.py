"""Assembling documents from a term sheet, as the Python API calls it."""

from __future__ import annotations

import pytest

from generator import assemble, assemble_all
from tests.conftest import SEED


def test_assemble_all_takes_one_id_as_a_text() -> None:
    # It was read letter by letter: "there is no document 'r'".
    assert list(assemble_all(SEED, "release")) == ["release"]


def test_the_arguments_swapped_are_named_so() -> None:
    # It said "indemnification: no such file": the id read as the sheet's path.
    with pytest.raises(TypeError, match=r"the document id comes first, then the term sheet"):
        assemble(str(SEED), "indemnification")
    with pytest.raises(TypeError, match=r"got 'PosixPath' as the document id"):
        assemble(SEED, "release")  # type: ignore[arg-type]
