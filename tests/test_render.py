"""render_bytes and render_to, as the Python API calls them."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from generator.errors import GeneratorError
from generator.render import render_bytes, render_to
from tests.conftest import SEED


@pytest.mark.parametrize(
    ("formats", "names"),
    [
        ("txt", ["release.txt"]),  # it was read letter by letter: "not 't'"
        ("json,txt", ["release.json", "release.txt"]),
        (("txt", "json"), ["release.txt", "release.json"]),
    ],
)
def test_formats_are_names_or_one_text_as_format_takes_it(formats: Any, names: list[str]) -> None:
    assert list(render_bytes(SEED, formats, ("release",))) == names


@pytest.mark.parametrize("formats", [(), "", []])
def test_no_format_is_an_error_not_nothing_done(formats: Any, tmp_path: Path) -> None:
    # It returned {} (and render_to wrote nothing) without a word.
    # Said in the API's words (it said "--format: ...", an option Python callers never gave).
    with pytest.raises(GeneratorError, match=r"^formats: name at least one format$"):
        render_bytes(SEED, formats)
    with pytest.raises(GeneratorError, match=r"^formats: name at least one format$"):
        render_to(SEED, tmp_path / "out", formats)
    with pytest.raises(GeneratorError, match=r"^formats: .* but not 'dcox' \(did you mean"):
        render_bytes(SEED, ["dcox"])
    assert not (tmp_path / "out").exists()


def test_one_document_named_as_a_text_is_that_document() -> None:
    # It was read letter by letter: "there is no document 'r'".
    assert list(render_bytes(SEED, "txt", "release")) == ["release.txt"]


@pytest.mark.parametrize("ids", [(), []])
def test_no_document_named_is_an_error_not_every_document(
    tmp_path: Path, ids: Sequence[str]
) -> None:
    # An empty filter rendered both agreements, as None does.
    with pytest.raises(GeneratorError, match="no document named"):
        render_bytes(SEED, "txt", ids)
    with pytest.raises(GeneratorError, match="no document named"):
        render_to(SEED, tmp_path / "out", "txt", ids)
    assert not (tmp_path / "out").exists()
    assert list(render_bytes(SEED, "txt", None)) == ["indemnification.txt", "release.txt"]
