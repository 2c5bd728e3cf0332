"""The filing's term sheet reproduces both filed texts word for word (TXT, model text, JSON)."""

from __future__ import annotations

import json

import pytest

from generator import assemble
from generator.normalize import tokens
from generator.writers import get_writer
from tests.conftest import SEED, SOURCES


@pytest.mark.parametrize("document_id", sorted(SOURCES))
def test_txt_equals_filed_text_token_for_token(document_id: str) -> None:
    filed = tokens(SOURCES[document_id].read_text(encoding="utf-8"))
    txt = get_writer("txt")(assemble(document_id, SEED)).decode("utf-8")
    assert tokens(txt) == filed


@pytest.mark.parametrize("document_id", sorted(SOURCES))
def test_model_text_equals_filed_text(document_id: str) -> None:
    filed = tokens(SOURCES[document_id].read_text(encoding="utf-8"))
    assert tokens(assemble(document_id, SEED).text) == filed


@pytest.mark.parametrize("document_id", sorted(SOURCES))
def test_json_blocks_carry_the_filed_words(document_id: str) -> None:
    data = json.loads(get_writer("json")(assemble(document_id, SEED)))
    text = "\n\n".join(block["text"] for block in data["blocks"])
    assert tokens(text) == tokens(SOURCES[document_id].read_text(encoding="utf-8"))
    assert data["clauses"] == list(assemble(document_id, SEED).clauses)
