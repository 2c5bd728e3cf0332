"""The assertions users call from their own pytest suites."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from generator import TermSheetError, assemble
from generator.model import Document
from generator.testing import assert_clause, assert_clause_order, assert_no_clause, variant
from tests.conftest import SEED


def test_assert_clause_passes_and_returns_text() -> None:
    doc = assemble("indemnification", SEED)
    text = assert_clause(doc, "survival", contains=["three (3) years"], excludes="indefinitely")
    assert text.startswith("6. Survival.")


def test_assert_clause_failures_say_why() -> None:
    doc = assemble("indemnification", SEED)
    without = assemble("indemnification", variant(SEED, {"indemnification.contribution": False}))
    with pytest.raises(
        AssertionError, match="no clause 'contribution'; the clauses present are: pre"
    ):
        assert_clause(without, "contribution")
    with pytest.raises(AssertionError, match="does not contain 'five'"):
        assert_clause(doc, "survival", contains="five")
    with pytest.raises(AssertionError, match="contains 'three'"):
        assert_clause(doc, "survival", excludes="three")


def test_assert_clause_takes_a_phrase_copied_from_the_docx() -> None:
    doc = assemble("indemnification", SEED)
    assert_clause(
        doc, "indemnified_conduct", contains="“Indemnified Conduct” means"
    )  # curly, as Word shows it


@pytest.mark.parametrize("empty", ["", "  ", ["three (3) years", ""]])
def test_an_empty_phrase_is_refused_since_every_clause_holds_it(empty: Any) -> None:
    doc = assemble("indemnification", SEED)
    with pytest.raises(ValueError, match="contains: an empty text matches every clause"):
        assert_clause(doc, "survival", contains=empty)


def test_assert_no_clause() -> None:
    sheet = variant(SEED, {"indemnification.contribution": False})
    assert_no_clause(assemble("indemnification", sheet), "contribution")
    with pytest.raises(AssertionError, match="is present but should not be"):
        assert_no_clause(assemble("indemnification", SEED), "contribution")


@pytest.mark.parametrize(
    "check",
    [
        lambda doc: assert_no_clause(doc, "contribtion"),
        lambda doc: assert_clause(doc, "contribtion"),
        lambda doc: assert_clause_order(doc, "survival", "contribtion"),
    ],
    ids=["assert_no_clause", "assert_clause", "assert_clause_order"],
)
def test_a_misspelt_clause_id_fails_whatever_the_assertion(
    check: Callable[[Document], None],
) -> None:
    doc = assemble("indemnification", SEED)
    with pytest.raises(
        AssertionError, match=r"template has no clause 'contribtion' \(a typo\?\); its"
    ):
        check(doc)


def test_a_clause_of_the_other_document_is_unknown_here() -> None:
    with pytest.raises(AssertionError, match="release: its template has no clause 'survival'"):
        assert_no_clause(assemble("release", SEED), "survival")


def test_the_template_clauses_are_every_id_whatever_the_toggles() -> None:
    everything = assemble("indemnification", SEED).template_clauses
    sheet = variant(SEED, {"indemnification.contribution": False})
    assert assemble("indemnification", sheet).template_clauses == everything
    assert {"contribution", "survival_period", "counsel_not_provided"} <= everything


def test_clauses_from_an_included_template_are_not_taken_for_typos(tmp_path: Path) -> None:
    from generator.assembly import DOCUMENTS
    from generator.resources import data_dir

    folder = tmp_path / "templates"
    folder.mkdir()
    for doc_id in DOCUMENTS:
        source = (data_dir("templates") / f"{doc_id}.xml.j2").read_text(encoding="utf-8")
        (folder / f"{doc_id}.xml.j2").write_text(source, encoding="utf-8")
    release = folder / "release.xml.j2"
    text = release.read_text(encoding="utf-8")
    start = text.index('<para clause="severability"')
    end = text.index("</para>", start) + len("</para>")
    (folder / "_severability.xml.j2").write_text(text[start:end], encoding="utf-8")
    release.write_text(
        text[:start] + '{% include "_severability.xml.j2" %}' + text[end:], encoding="utf-8"
    )
    doc = assemble("release", SEED, templates=folder)
    assert doc.template_clauses == frozenset()  # unknown: the include holds some
    assert_clause(doc, "severability")
    assert_no_clause(doc, "contribtion")  # unknown ids can no longer be told from typos


def test_assert_clause_order() -> None:
    doc = assemble("release", SEED)
    assert_clause_order(doc, "release", "transaction_documents_carve_out", "severability")
    with pytest.raises(AssertionError, match="expected the order"):
        assert_clause_order(doc, "severability", "release")
    without = assemble("release", variant(SEED, {"release.transaction_documents_carve_out": False}))
    with pytest.raises(AssertionError, match="missing: transaction_documents_carve_out; the "
                       "clauses present are: addressee, "):  # fmt: skip
        assert_clause_order(without, "release", "transaction_documents_carve_out")


def test_variant_validates_and_deletes() -> None:
    sheet = variant(SEED, {"indemnitors.1": None, "indemnitors.0.pronoun": "she"})
    assert len(sheet.indemnitors) == 1
    assert sheet.indemnitors[0].pronoun == "she"
    with pytest.raises(TermSheetError, match="survival_years"):
        variant(SEED, {"indemnification.survival_years": 0})


def test_variant_deleting_a_key_that_is_not_there_leaves_the_sheet_as_it_is() -> None:
    plain = variant(SEED, {})
    assert variant(SEED, {"release.no_such_key": None}) == plain


def test_variant_deleting_below_a_key_that_is_not_there_makes_nothing() -> None:
    # The seed's parties are people: they have no signatory to delete a name from.
    assert variant(SEED, {"indemnitors.0.signatory.name": None}) == variant(SEED, {})


def test_variant_appends_one_past_a_lists_end() -> None:
    roe = {"name": "Al Roe", "short_name": "Roe", "pronoun": "he"}
    assert variant(SEED, {"indemnitors.2": roe}).indemnitors[2].short_name == "Roe"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"indemnitors.5": None}, "indemnitors.5: no item '5' in a list of 2 items"),
        ({"indemnitors.3.name": "X"}, "indemnitors.3.name: no item '3' in a list of 2 items"),
        ({"indemnitors.first.name": "X"}, "indemnitors.first.name: no item 'first' in a list"),
        ({"indemnitors.²": None}, "indemnitors.²: no item '²' in a list"),
        ({"release.exhibit.x": 1}, "release.exhibit.x: release.exhibit is a str"),
    ],
)
def test_variant_names_a_path_that_leads_nowhere(changes: dict[str, Any], message: str) -> None:
    with pytest.raises(TermSheetError, match=re.escape(message)):
        variant(SEED, changes)


def test_money_as_a_float_is_refused_with_the_reason() -> None:
    with pytest.raises(
        TermSheetError, match=r"as text \('1.10'\) or a Decimal, got the float 1.1,"
    ):
        variant(SEED, {"release.consideration": 1.1})
    assert str(variant(SEED, {"release.consideration": "1.10"}).release.consideration) == "1.10"


def test_plugin_fixture(docgen_variant: object) -> None:
    assert docgen_variant is variant
