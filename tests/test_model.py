"""Queries on the document model."""

from __future__ import annotations

import pytest

from generator import assemble
from generator.model import Document, Paragraph, Run
from tests.conftest import SEED


def test_clauses_are_in_document_order_once_each() -> None:
    doc = assemble("indemnification", SEED)
    assert doc.clauses[:3] == ("preamble", "recitals", "definitions")
    assert len(doc.clauses) == len(set(doc.clauses))


def test_inline_clause_text_is_only_its_runs() -> None:
    doc = assemble("indemnification", SEED)
    text = doc.clause("conflict_of_interest").text
    assert text.startswith("(ii) the Indemnified Parties reasonably determine")
    assert text.endswith("conflict of interest")


def test_missing_clause_raises_key_error() -> None:
    doc = Document("x", "X", (Paragraph((Run("a"),), clause="a"),))
    with pytest.raises(KeyError):
        doc.clause("b")
    assert doc.has_clause("a")
    assert doc.text == "a\n"


def test_a_missing_clause_is_named_with_what_the_document_holds() -> None:
    # It was a bare KeyError('severabilty'): no list, no hint, no word of toggles.
    doc = assemble("release", SEED)
    with pytest.raises(KeyError) as info:
        doc.clause("severabilty")
    message = info.value.args[0]
    assert message.startswith(
        "no clause 'severabilty' in this General Release; did you mean 'severability'? "
        "It holds addressee, release, "
    )
    assert message.endswith("signatures (a clause its term sheet turns off is absent)")
    with pytest.raises(KeyError, match="no clause 'nope' in this General Release: it holds "):
        doc.clause("nope")
