"""The redline engine: what diff() finds, where it puts it, and that accept/reject round-trip."""

from __future__ import annotations

import difflib
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.assembly import assemble
from generator.model import Document, Heading, Paragraph, Run, SignatureBlock, Title
from generator.normalize import tokens
from generator.readers import text_document
from generator.redline import Redline, compare, diff, token_diff
from generator.testing import variant
from tests.conftest import SEED, SOURCES


def accepted(doc: Document) -> str:
    """Return the text of `doc` with every change accepted."""
    return _text(doc, drop="delete")


def rejected(doc: Document) -> str:
    """Return the text of `doc` with every change rejected."""
    return _text(doc, drop="insert")


def _text(doc: Document, drop: str) -> str:
    out = []
    for block in doc.blocks:
        if isinstance(block, Paragraph | Heading):
            kept = "".join(r.text for r in block.runs if r.change != drop)
            number = getattr(block, "number", None)
            out.append(f"{number} {kept}" if number else kept)
        else:
            out.append(block.text)
    return "\n\n".join(out)


def assert_round_trip(redline: Redline, old: Document, new: Document) -> None:
    __tracebackhide__ = True
    doc = redline.parts[0].document
    assert tokens(accepted(doc)) == tokens(new.text)
    assert tokens(rejected(doc)) == tokens(old.text)


def doc(*paragraphs: str) -> Document:
    return Document("test", "Test", tuple(Paragraph(runs=(Run(p),)) for p in paragraphs))


# -- the seed and the filed texts ------------------------------------------------------------


@pytest.mark.parametrize("document_id", sorted(SOURCES))
def test_seed_reproduces_each_filed_text(document_id: str) -> None:
    redline = diff(SOURCES[document_id], SEED, document_id)
    assert redline.is_empty
    assert redline.changes == ()
    assert redline.changed_clauses == ()


@pytest.mark.parametrize("document_id", sorted(SOURCES))
def test_the_agreement_is_found_when_document_is_omitted(document_id: str) -> None:
    redline = diff(SEED, SOURCES[document_id])
    assert redline.is_empty
    assert [p.document.id for p in redline.parts] == [SOURCES[document_id].stem]


def test_two_term_sheets_compare_both_agreements() -> None:
    redline = diff(SEED, SEED)
    assert redline.is_empty
    assert [p.document.id for p in redline.parts] == ["indemnification", "release"]
    assert redline.key_changes == ()


# -- a changed term sheet ----------------------------------------------------------------------


def test_only_the_survival_clause_changes_with_survival_years() -> None:
    redline = diff(SEED, variant(SEED, {"indemnification.survival_years": 5}))
    assert redline.changed_clauses == ("survival", "survival_period")
    assert [str(k) for k in redline.key_changes] == ["indemnification.survival_years: 3 -> 5"]
    (change,) = redline.changes
    assert (change.kind, change.old, change.new) == ("replace", "three (3)", "five (5)")
    assert (change.words_deleted, change.words_inserted) == (2, 2)
    indemnification, release = redline.parts
    assert release.changes == ()
    assert indemnification.changed_clauses == ("survival", "survival_period")


def test_a_removed_section_comes_back_as_a_deleted_paragraph_in_place() -> None:
    old = assemble("indemnification", SEED)
    new = assemble("indemnification", variant(SEED, {"indemnification.contribution": False}))
    redline = diff(old, new)
    assert "contribution" in redline.changed_clauses
    blocks = redline.document.blocks
    deleted = [b for b in blocks if isinstance(b, Paragraph) and b.clause == "contribution"]
    assert len(deleted) == 1
    assert all(r.change == "delete" for r in deleted[0].runs)
    assert deleted[0].text.startswith("5. Contribution.")
    at = blocks.index(deleted[0])
    assert blocks[at - 1].clause == "assumption_of_defense"
    assert blocks[at + 1].clause == "survival"
    # survival is renumbered 6. -> 5.: its number is shown as a change, not kept as NEW's
    survival = blocks[at + 1]
    assert isinstance(survival, Paragraph) and survival.number is None
    assert [r.text for r in survival.runs[:2]] == ["6", "5"]
    assert [r.change for r in survival.runs[:2]] == ["delete", "insert"]
    assert_round_trip(redline, old, new)


VARIANTS = {
    "survival": {"indemnification.survival_years": "indefinite"},
    "carve-outs": {"indemnification.conduct_carve_outs.specified_conduct": False},
    "counsel": {"indemnification.separate_counsel.conflict_of_interest": False},
    "names": {"company.name": "Acme Holdings Inc.", "indemnitors.1.pronoun": "she"},
    "blank signatures": {"signatures": "blank"},
    "one party": {"indemnitors": [{"name": "Jane Roe", "short_name": "Roe", "pronoun": "she"}]},
}


@pytest.mark.parametrize("name", sorted(VARIANTS))
@pytest.mark.parametrize("document_id", ["indemnification", "release"])
def test_accepting_gives_new_and_rejecting_gives_old(name: str, document_id: str) -> None:
    old = assemble(document_id, SEED)
    new = assemble(document_id, variant(SEED, VARIANTS[name]))
    redline = diff(old, new)
    assert_round_trip(redline, old, new)
    assert_round_trip(diff(new, old), new, old)


def test_new_formatting_and_clause_marks_are_kept() -> None:
    redline = diff(SEED, variant(SEED, {"indemnification.survival_years": 5}), "indemnification")
    survival = next(b for b in redline.document.blocks if b.clause == "survival")
    assert isinstance(survival, Paragraph) and survival.number == "6."
    assert survival.runs[0] == Run("Survival.", underline=True)
    changed = [r for r in survival.runs if r.change]
    assert all(r.clauses == ("survival_period",) for r in changed)


def test_signature_blocks_that_change_become_paragraphs_per_line() -> None:
    old = assemble("indemnification", SEED)
    new = assemble("indemnification", variant(SEED, {"company.signatory.name": "Jane Roe"}))
    redline = diff(old, new)
    assert not any(isinstance(b, SignatureBlock) and b.party and "NATURAL" in b.party
                   for b in redline.document.blocks)  # fmt: skip
    lines = [b for b in redline.document.blocks if isinstance(b, Paragraph) and b.keep_with_next]
    assert any("By:" in b.text for b in lines)
    assert "signatures" in redline.changed_clauses
    assert_round_trip(redline, old, new)


def test_unchanged_blocks_are_new_s_own_objects() -> None:
    old = assemble("indemnification", SEED)
    new = assemble("indemnification", variant(SEED, {"indemnification.survival_years": 5}))
    blocks = diff(old, new).document.blocks
    assert len(blocks) == len(new.blocks)
    assert [type(b) for b in blocks] == [type(b) for b in new.blocks]
    assert sum(a is not b for a, b in zip(blocks, new.blocks, strict=True)) == 1


def test_the_redline_document_carries_author_and_date() -> None:
    redline = diff(doc("a b"), doc("a c"), author="R. Eviewer", date="2026-11-22T08:00:00Z")
    assert redline.document.metadata["author"] == "R. Eviewer"
    assert redline.document.metadata["date"] == "2026-11-22T08:00:00Z"


# -- placement -------------------------------------------------------------------------------


def test_a_deleted_paragraph_is_reinserted_between_its_neighbours() -> None:
    old = doc("Alpha one.", "Bravo two.", "Charlie three.")
    new = doc("Alpha one.", "Charlie three.")
    blocks = diff(old, new).document.blocks
    assert [b.text for b in blocks] == ["Alpha one.", "Bravo two.", "Charlie three."]
    assert [r.change for r in blocks[1].runs] == ["delete"]
    assert blocks[0] is new.blocks[0] and blocks[2] is new.blocks[1]


def test_an_inserted_paragraph_is_all_inserted() -> None:
    old = doc("Alpha one.", "Charlie three.")
    new = doc("Alpha one.", "Bravo two.", "Charlie three.")
    redline = diff(old, new)
    assert [r.change for r in redline.document.blocks[1].runs] == ["insert"]
    assert redline.changes[0].kind == "insert" and redline.changes[0].new == "Bravo two."


def test_a_word_change_inside_a_paragraph_keeps_the_spacing_right() -> None:
    old = doc("The Company shall pay the fees.")
    new = doc("The Company may pay all the fees.")
    redline = diff(old, new)
    runs = redline.document.blocks[0].runs
    assert [(r.text, r.change) for r in runs] == [
        ("The Company ", None),
        ("shall", "delete"),
        ("may", "insert"),
        (" pay ", None),
        ("all ", "insert"),
        ("the fees.", None),
    ]
    assert accepted(redline.document) == "The Company may pay all the fees."
    assert rejected(redline.document) == "The Company shall pay the fees."


def test_an_added_sentence_is_marked_whole() -> None:
    old = doc("The Party agrees. The Party pays.")
    new = doc("The Party agrees. The Party consents. The Party pays.")
    (change,) = diff(old, new).changes
    assert (change.kind, change.new) == ("insert", "The Party consents.")


def test_paragraphs_split_differently_compare_equal() -> None:
    old = doc("one two three four five six")
    new = doc("one two three", "four five six")
    redline = diff(old, new)
    assert redline.is_empty


def test_clauses_of_deleted_text_are_reported() -> None:
    old = Document("t", "T", (Paragraph((Run("Keep this."),), clause="a"),
                              Paragraph((Run("Drop that."),), clause="b")))  # fmt: skip
    new = Document("t", "T", (Paragraph((Run("Keep this."),), clause="a"),))
    redline = diff(old, new)
    assert redline.changed_clauses == ("b",)
    assert redline.parts[0].has_clauses


def test_title_changes_become_a_heading_with_marks() -> None:
    old = Document("t", "T", (Title("GENERAL RELEASE"), Paragraph((Run("Body."),))))
    new = Document("t", "T", (Title("LIMITED RELEASE"), Paragraph((Run("Body."),))))
    blocks = diff(old, new).document.blocks
    assert isinstance(blocks[0], Heading)
    assert [(r.text, r.change) for r in blocks[0].runs] == [
        ("GENERAL", "delete"),
        ("LIMITED", "insert"),
        (" RELEASE", None),
    ]


# -- the edit script -------------------------------------------------------------------------


def test_a_bracket_opened_by_an_edit_is_closed_inside_it() -> None:
    a = tokens("a period of three (3) years")
    b = tokens("a period of five (5) years")
    assert token_diff(a, b) == [("=", 3), ("-", 4), ("+", 4), ("=", 1)]


def test_long_repetitive_text_aligns_where_difflib_does_not() -> None:
    clause = (
        "(a) the Indemnifying Parties shall indemnify the Indemnified Party against any and all "
        "losses, claims, damages and liabilities of the Indemnified Party, and the Indemnifying "
        "Parties shall pay the reasonable fees of counsel to the Indemnified Party."
    )
    a = tokens(" ".join([clause] * 40))
    n = len(tokens(clause))
    b = list(a)
    b[5 * n + 3] = "never"  # a word changed in the 6th copy
    del b[20 * n + 10]  # a word deleted in the 21st
    b.insert(33 * n, "Moreover")  # a word inserted before the 34th
    # the premise: difflib matches the longest block first and misaligns the copies
    for autojunk in (True, False):
        matcher = difflib.SequenceMatcher(None, a, b, autojunk=autojunk)
        touched = sum(
            (i2 - i1) + (j2 - j1) for tag, i1, i2, j1, j2 in matcher.get_opcodes() if tag != "equal"
        )
        assert touched > 100
    ops = token_diff(a, b)
    assert sum(k for op, k in ops if op == "-") == 2
    assert sum(k for op, k in ops if op == "+") == 2
    redline = diff(text_document(" ".join(a), "a"), text_document(" ".join(b), "b"))
    assert redline.words_deleted == 2 and redline.words_inserted == 2
    assert [c.kind for c in redline.changes] == ["replace", "delete", "insert"]


# -- properties ------------------------------------------------------------------------------

_WORDS = st.sampled_from(["the", "Party", "shall", "indemnify", ",", ".", "(a)", "Company", "and"])
_GLUE = st.sampled_from([" ", " ", " ", ""])
_PARAGRAPH = st.lists(st.tuples(_WORDS, _GLUE), min_size=1, max_size=12).map(
    lambda pairs: "".join(w + g for w, g in pairs).strip()
)
# (a word glued after "," or "." would make one token with it, "1,234"-style, in any text)
_DOC = st.lists(
    _PARAGRAPH.filter(lambda p: p and not re.search(r"[,.]\w", p)), min_size=1, max_size=6
)


@settings(max_examples=300, deadline=None)
@given(_DOC, _DOC)
def test_any_two_documents_round_trip(old_paras: list[str], new_paras: list[str]) -> None:
    old, new = doc(*old_paras), doc(*new_paras)
    redline = diff(old, new)
    assert_round_trip(redline, old, new)
    assert redline.is_empty == (tokens(old.text) == tokens(new.text))
    blocks = redline.document.blocks
    for block in blocks:
        assert isinstance(block, Paragraph)
        assert all(r.text for r in block.runs)
    # accepting gives NEW's paragraphs exactly, spacing included
    kept = [b for b in blocks if any(r.change != "delete" for r in b.runs)]
    assert ["".join(r.text for r in b.runs if r.change != "delete") for b in kept] == new_paras
    # rejecting gives OLD's words (whitespace is folded: spacing between kept words is NEW's)
    back = [b for b in blocks if any(r.change != "insert" for r in b.runs)]
    texts = ["".join(r.text for r in b.runs if r.change != "insert") for b in back]
    assert tokens(" ".join(texts)) == tokens(" ".join(old_paras))
    assert not any("  " in t or t != t.strip() for t in texts)


@settings(max_examples=100, deadline=None)
@given(st.lists(_WORDS, max_size=40), st.lists(_WORDS, max_size=40))
def test_token_diff_is_a_valid_edit_script(a: list[str], b: list[str]) -> None:
    ops = token_diff(a, b)
    i = j = 0
    for op, n in ops:
        assert n > 0
        if op == "=":
            assert a[i : i + n] == b[j : j + n]
        i += n if op in "=-" else 0
        j += n if op in "=+" else 0
    assert (i, j) == (len(a), len(b))


def test_compare_merges_metadata() -> None:
    comparison = compare(doc("a b"), doc("a c"), metadata={"author": "X"})
    assert comparison.document.metadata["author"] == "X"
    assert comparison.changes[0].kind == "replace"
