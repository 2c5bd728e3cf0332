"""Golden cases: one folder per toggle or party shape under tests/cases/.

Each folder holds ``term-sheet.yaml``, the expected ``indemnification.txt`` and ``release.txt``,
and ``expect.yaml`` stating what the case is about: clauses ``absent`` per document, phrases the
document ``contains`` and ``excludes``. Adding a case is adding a folder. After an intended
change of wording, rewrite the expected texts with ``DOCGEN_UPDATE_GOLDEN=1 pytest
tests/test_cases.py`` and review the diff.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
import yaml

from generator import DOCUMENTS, assemble
from generator.testing import assert_no_clause, variant
from generator.writers import get_writer

CASES_DIR = Path(__file__).parent / "cases"
CASES = sorted(p.name for p in CASES_DIR.iterdir() if (p / "term-sheet.yaml").is_file())
UPDATE = os.environ.get("DOCGEN_UPDATE_GOLDEN") == "1"


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def test_there_are_golden_cases() -> None:
    assert len(CASES) >= 15


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("document_id", DOCUMENTS)
def test_case_renders_expected_text(case: str, document_id: str) -> None:
    folder = CASES_DIR / case
    txt = get_writer("txt")(assemble(document_id, folder / "term-sheet.yaml")).decode("utf-8")
    expected_file = folder / f"{document_id}.txt"
    if UPDATE:
        expected_file.write_text(txt, encoding="utf-8")
    assert txt == expected_file.read_text(encoding="utf-8")


@pytest.mark.parametrize("case", CASES)
def test_case_expectations(case: str) -> None:
    folder = CASES_DIR / case
    expect = yaml.safe_load((folder / "expect.yaml").read_text(encoding="utf-8"))
    assert set(expect) <= {"present", "absent", "contains", "excludes"}, expect
    docs = {d: assemble(d, folder / "term-sheet.yaml") for d in DOCUMENTS}
    for document_id, clause_ids in expect.get("absent", {}).items():
        for clause_id in clause_ids:
            assert_no_clause(docs[document_id], clause_id)
    for document_id, phrases in expect.get("contains", {}).items():
        text = _squash(docs[document_id].text)
        for phrase in phrases:
            assert _squash(phrase) in text, f"{case}/{document_id}: missing {phrase!r}"
    for document_id, phrases in expect.get("excludes", {}).items():
        text = _squash(docs[document_id].text)
        for phrase in phrases:
            assert _squash(phrase) not in text, f"{case}/{document_id}: has {phrase!r}"


def _parties(case: str) -> int:
    sheet = yaml.safe_load((CASES_DIR / case / "term-sheet.yaml").read_text(encoding="utf-8"))
    return len(sheet["indemnitors"])


ONE_PARTY = [c for c in CASES if _parties(c) == 1]


@pytest.mark.parametrize("case", ONE_PARTY)
def test_filed_wording_changes_no_word_of_a_one_party_case(case: str) -> None:
    # The filing's slips are those of its two parties: with one, every phrase is corrected.
    sheet = CASES_DIR / case / "term-sheet.yaml"
    for document_id in DOCUMENTS:
        texts = {
            assemble(document_id, variant(sheet, {"filed_wording": f})).text for f in (True, False)
        }
        assert len(texts) == 1, f"{case}/{document_id}"
