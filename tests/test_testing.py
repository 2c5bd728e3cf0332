"""The assertions users call from their own pytest suites."""

from __future__ import annotations

import pytest

from generator import TermSheetError, assemble
from generator.testing import assert_clause, assert_clause_order, assert_no_clause, variant
from tests.conftest import SEED


def test_assert_clause_passes_and_returns_text() -> None:
    doc = assemble("indemnification", SEED)
    text = assert_clause(doc, "survival", contains=["three (3) years"], excludes="indefinitely")
    assert text.startswith("6. Survival.")


def test_assert_clause_failures_say_why() -> None:
    doc = assemble("indemnification", SEED)
    with pytest.raises(AssertionError, match="no clause 'nda'; the clauses present are: pre"):
        assert_clause(doc, "nda")
    with pytest.raises(AssertionError, match="does not contain 'five'"):
        assert_clause(doc, "survival", contains="five")
    with pytest.raises(AssertionError, match="contains 'three'"):
        assert_clause(doc, "survival", excludes="three")


def test_assert_no_clause() -> None:
    sheet = variant(SEED, {"indemnification.contribution": False})
    assert_no_clause(assemble("indemnification", sheet), "contribution")
    with pytest.raises(AssertionError, match="is present but should not be"):
        assert_no_clause(assemble("indemnification", SEED), "contribution")


def test_assert_clause_order() -> None:
    doc = assemble("release", SEED)
    assert_clause_order(doc, "release", "transaction_documents_carve_out", "severability")
    with pytest.raises(AssertionError, match="expected the order"):
        assert_clause_order(doc, "severability", "release")


def test_variant_validates_and_deletes() -> None:
    sheet = variant(SEED, {"indemnitors.1": None, "indemnitors.0.pronoun": "she"})
    assert len(sheet.indemnitors) == 1
    assert sheet.indemnitors[0].pronoun == "she"
    with pytest.raises(TermSheetError, match="survival_years"):
        variant(SEED, {"indemnification.survival_years": 0})


def test_variant_deleting_a_key_that_is_not_there_leaves_the_sheet_as_it_is() -> None:
    plain = variant(SEED, {})
    assert variant(SEED, {"release.no_such_key": None}) == plain


def test_plugin_fixture(docgen_variant: object) -> None:
    assert docgen_variant is variant
