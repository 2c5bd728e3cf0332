"""The redline engine: what diff() finds, where it puts it, and that accept/reject round-trip."""

from __future__ import annotations

import difflib
import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import docx as python_docx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from generator.assembly import assemble
from generator.errors import GeneratorError
from generator.model import (
    Document,
    Heading,
    Paragraph,
    Run,
    SignatureBlock,
    Title,
    paragraph_mark,
)
from generator.normalize import Folding, tokens
from generator.readers import read_docx, text_document
from generator.redline import Redline, compare, diff, token_diff
from generator.testing import variant
from tests.conftest import SEED, SOURCES


def accepted(doc: Document) -> str:
    """Return the text of `doc` with every change accepted, paragraphs by blank lines."""
    return "\n\n".join(paragraphs(doc, "accept"))


def rejected(doc: Document) -> str:
    """Return the text of `doc` with every change rejected, paragraphs by blank lines."""
    return "\n\n".join(paragraphs(doc, "reject"))


def paragraphs(doc: Document, action: str | None = None) -> list[str]:
    """Return the paragraphs of `doc` as a DOCX shows them, after Word's "accept all" or
    "reject all" (`action` ``None``: a document without changes).

    A paragraph's number is followed by a tab; a signature block is a paragraph a line. A
    paragraph mark that goes (deleted on accepting, inserted on rejecting) joins its paragraph
    to the next, as Word does.
    """
    drop = {"accept": "delete", "reject": "insert", None: "no change"}[action]
    out: list[str] = []
    carry = ""
    for block in doc.blocks:
        if isinstance(block, Paragraph | Heading):
            changes = {r.change for r in block.runs}
            whole = changes.pop() if len(changes) == 1 else None
            number = getattr(block, "number", None)
            lead = f"{number}\t" if number and whole != drop else ""
            text = carry + lead + "".join(r.text for r in block.runs if r.change != drop)
            if paragraph_mark(block) == drop:
                carry = text
                continue
            out.append(text)
        elif isinstance(block, SignatureBlock):
            if block.change == drop:
                continue
            lines = list(block.lines)
            out.extend([carry + lines[0], *lines[1:]])
        elif block.text:
            out.append(carry + block.text)
        carry = ""
    return out


def assert_round_trip(redline: Redline, old: Document, new: Document) -> None:
    """Assert that accepting gives NEW's paragraphs (words and spacing) and rejecting OLD's
    (words, paragraph by paragraph: spacing between kept words is NEW's)."""
    __tracebackhide__ = True
    doc = redline.parts[0].document
    plain = Folding(furniture=False)  # a deleted "1" alone in its paragraph is no page number
    assert paragraphs(doc, "accept") == paragraphs(new)
    back = [tokens(p, plain) for p in paragraphs(doc, "reject")]
    assert back == [tokens(p, plain) for p in paragraphs(old)]


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


def test_only_keys_whose_values_differ_are_listed() -> None:
    """A second indemnitor on one side only: its unset values are no change (None vs absent)."""
    one_party = SEED.parent / "acme-one-party.yaml"
    redline = diff(SEED, one_party, "release")
    shown = {k.key: str(k) for k in redline.key_changes}
    assert all(k.old != k.new for k in redline.key_changes)
    assert "indemnitors.1.name" in shown  # a value on one side only is a change
    assert "indemnitors.1.release_name" not in shown  # unset on both is not
    assert not any("(none) -> (none)" in line for line in shown.values())


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


def test_an_added_section_is_an_inserted_paragraph_before_the_one_renumbered() -> None:
    # QA: a section added before another (contribution switched on: "5. Contribution" before
    # "Survival", renumbered 5. -> 6.) read "[-5-]{+5. Contribution. ... expenses.⏎+}" and
    # "{+6+}. Survival": Survival's old number struck at the start of the new section.
    old = assemble("indemnification", variant(SEED, {"indemnification.contribution": False}))
    new = assemble("indemnification", SEED)
    redline = diff(old, new)
    blocks = redline.document.blocks
    (inserted,) = [b for b in blocks if isinstance(b, Paragraph) and b.clause == "contribution"]
    assert {r.change for r in inserted.runs} == {"insert"}
    assert inserted.text.startswith("5. Contribution.")
    survival = blocks[blocks.index(inserted) + 1]
    assert isinstance(survival, Paragraph) and survival.clause == "survival"
    assert [(r.change, r.text) for r in survival.runs[:2]] == [("delete", "5"), ("insert", "6")]
    assert_round_trip(redline, old, new)
    data = redline.write("docx")
    assert resolve(data, "accept") == resolve(_docx(new), "accept")
    assert resolve(data, "reject") == resolve(_docx(old), "accept")


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


def test_a_signature_block_that_changes_is_deleted_and_inserted_whole() -> None:
    old = assemble("indemnification", SEED)
    new = assemble("indemnification", variant(SEED, {"company.signatory.name": "Jane Roe"}))
    redline = diff(old, new)
    blocks = redline.document.blocks
    signatures = [b for b in blocks if isinstance(b, SignatureBlock)]
    assert [(b.party, b.name, b.change) for b in signatures] == [
        ("NATURAL HEALTH TRENDS CORP.", "Stephanie S. Hayano", "delete"),
        ("NATURAL HEALTH TRENDS CORP.", "Jane Roe", "insert"),
        ("TERRY L. LACORE", None, None),
        ("MARK D. WOODBURN", None, None),
    ]
    assert signatures[2] is new.blocks[-2] and signatures[3] is new.blocks[-1]
    assert not any(isinstance(b, Paragraph) and b.indent == "signature" for b in blocks)
    assert "signatures" in redline.changed_clauses
    assert_round_trip(redline, old, new)


_RENAMED = {"indemnitors.0.name": "Terrence L. LaCore", "indemnitors.1.name": "Marcus D. Woodburn"}
_BETA = SEED.parent / "beta-three-parties.yaml"
_BETA_RENAMED = {"indemnitors.0.name": "Alexa Kim", "indemnitors.1.name": "Mariah Ruiz"}
#: Signatories renamed: a term sheet, its changes, the document, the changed lines in order.
_PAIRED = {
    "indemnification": (SEED, _RENAMED, "indemnification",
        ["-TERRY L. LACORE", "+TERRENCE L. LACORE", "-MARK D. WOODBURN", "+MARCUS D. WOODBURN"]),
    "release": (SEED, _RENAMED, "release",
        ["-Terry L. LaCore", "+Terrence L. LaCore", "-Mark D. Woodburn", "+Marcus D. Woodburn"]),
    "three-parties": (_BETA, {**_BETA_RENAMED, "indemnitors.2.signatory.name": "Sam Roe"},
        "indemnification",
        ["-ALEX KIM", "+ALEXA KIM", "-MARIA RUIZ", "+MARIAH RUIZ", "-Sam Poe", "+Sam Roe"]),
    # one side has a block more: the blocks alike pair, the others stand alone
    "a-party-dropped": (_BETA, {**_BETA_RENAMED, "indemnitors.2": None}, "indemnification",
        ["-ALEX KIM", "+ALEXA KIM", "-MARIA RUIZ", "+MARIAH RUIZ", "-OMEGA HOLDINGS LLC"]),
    # the first party dropped: the second pairs with its renamed self, not with the first
    "the-first-party-dropped": (SEED, {"indemnitors.0": None,
        "indemnitors.0.name": "Marcus D. Woodburn"}, "release",
        ["-Terry L. LaCore", "-Mark D. Woodburn", "+Marcus D. Woodburn"]),
}  # fmt: skip


@pytest.mark.parametrize(
    ("base", "changes", "document_id", "expected"), _PAIRED.values(), ids=_PAIRED.keys()
)
def test_changed_signature_blocks_pair_up_in_every_writer(
    base: Path, changes: dict[str, Any], document_id: str, expected: list[str]
) -> None:
    # Two signatories renamed read "delete A, delete B, insert A', insert B'": which new
    # block replaced which old one was left to the reader to work out.
    from generator.redline_terminal import render

    old = assemble(document_id, variant(base, {}))
    new = assemble(document_id, variant(base, changes))
    redline = diff(old, new)

    def shown(marked: list[tuple[str, str]]) -> list[str]:
        """Return the lines of `expected` among `marked` ((mark, text), in order)."""
        return [f"{mark}{text}" for mark, text in marked if f"{mark}{text}" in expected]

    lines = [
        ("-+"[block.change == "insert"], line)
        for block in redline.document.blocks
        if isinstance(block, SignatureBlock) and block.change
        for line in block.lines
    ]
    assert shown(lines) == expected
    terminal = re.findall(r"\[-(.*?)-\]|\{\+(.*?)\+\}", render(redline, context=0))
    assert shown([("-", a) if a else ("+", b) for a, b in terminal]) == expected
    page = re.findall(r"<(del|ins)\b[^>]*>(.*?)</\1>", redline.write("html").decode())
    assert shown([("-" if tag == "del" else "+", text) for tag, text in page]) == expected
    docx: list[tuple[str, str]] = []
    for p in _body(redline.write("docx")).iter(f"{W}p"):
        inserted = (
            t for t in p.iter(f"{W}t") if any(a.tag == f"{W}ins" for a in t.iterancestors())
        )
        docx.append(("-", "".join(t.text or "" for t in p.iter(f"{W}delText"))))
        docx.append(("+", "".join(t.text or "" for t in inserted)))
    assert shown(docx) == expected
    assert_round_trip(redline, old, new)
    assert_docx_round_trip(redline, old, new)


def test_signature_blocks_keep_their_layout_in_every_writer() -> None:
    old = assemble("release", SEED)
    new = assemble("release", variant(SEED, {"signatures": "blank"}))
    redline = diff(old, new)
    text = redline.write("txt").decode()
    column = " " * 39
    assert f"{column}[-/s/ TERRY L. LACORE-]\n{column}{'-' * 41}\n" in text
    assert f"{column}{{+Terry L. LaCore+}}\n" in text
    assert text.count("-" * 41) == 4  # both sides' signing lines, as the TXT writer rules them
    page = redline.write("html").decode()
    assert page.count('class="signature-block') == 4
    assert page.count('<p class="signature-line">') == 4
    body = _body(redline.write("docx"))
    styles = [p.find(f"{W}pPr/{W}pStyle").get(f"{W}val") for p in body.iter(f"{W}p")]
    assert styles.count("SignatureLinePlain") == 4  # the line to sign on, each side's own
    accepted_paras, rejected_paras = (
        resolve(redline.write("docx"), "accept"),
        resolve(redline.write("docx"), "reject"),
    )
    assert accepted_paras == resolve(_docx(new), "accept")
    assert rejected_paras == resolve(_docx(old), "accept")


_JANE = SignatureBlock(None, None, name="Jane Doe")


def _blocks(*blocks: Paragraph | SignatureBlock) -> Document:
    return Document("t", "T", blocks)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        # NEW puts a signature block inside what was one paragraph of OLD's
        (_blocks(Paragraph((Run("alpha beta gamma"),))),
         _blocks(Paragraph((Run("one"),)), _JANE, Paragraph((Run("gamma"),)))),
        # NEW joins across a signature block of OLD's
        (_blocks(Paragraph((Run("alpha beta"),)), _JANE, Paragraph((Run("gamma"),))),
         _blocks(Paragraph((Run("alpha delta gamma"),)))),
        # OLD's paragraph deleted in part runs on past the signature block NEW inserts
        (_blocks(Paragraph((Run("keep"),)), Paragraph((Run("alpha beta gamma"),))),
         _blocks(Paragraph((Run("keep"),)), _JANE, Paragraph((Run("gamma"),)))),
    ],
)  # fmt: skip
def test_a_signature_block_inside_a_changed_paragraph_is_laid_out_whole(
    old: Document, new: Document
) -> None:
    redline = diff(old, new)
    blocks = redline.document.blocks
    assert [b.change for b in blocks if isinstance(b, SignatureBlock)] in (["insert"], ["delete"])
    assert not any(isinstance(b, Paragraph) and b.indent == "signature" for b in blocks)
    assert_round_trip(redline, old, new)
    data = redline.write("docx")
    assert resolve(data, "accept") == resolve(_docx(new), "accept")
    assert resolve(data, "reject") == resolve(_docx(old), "accept")


@pytest.mark.parametrize("reverse", [False, True])
def test_a_numbered_paragraph_left_with_its_number_alone_keeps_its_mark(reverse: bool) -> None:
    # Found by Hypothesis on a fresh clone: OLD's second paragraph keeps only its deleted number
    # "(a)" where NEW splits a paragraph; dropping that empty paragraph lost NEW's inserted mark
    # (accepting ran two paragraphs together) and OLD's number (rejecting lost "(a)").
    old = _blocks(Paragraph((Run("."),), number="(a)"), Paragraph((Run("the (a)"),), number="(a)"))
    new = _blocks(
        Paragraph((Run("the"),)),
        Paragraph((Run("the (a)"),)),
        Paragraph((Run("the (a)"),), number="1."),
    )
    if reverse:
        old, new = new, old
    assert_round_trip(diff(old, new), old, new)


def test_a_blank_signing_line_against_a_docx_read_back_is_tracked(tmp_path: Path) -> None:
    """A ``.docx`` side's signature blocks are plain paragraphs: NEW's blank line to sign, a
    paragraph without words, is no paragraph of OLD's, so rejecting must not leave it."""
    path = tmp_path / "release.docx"
    path.write_bytes(_docx(assemble("release", SEED)))
    old = read_docx(path)
    new = assemble("release", variant(SEED, {"signatures": "blank"}))
    data = diff(old, new).write("docx")
    assert resolve(data, "accept") == resolve(_docx(new), "accept")
    assert resolve(data, "reject") == resolve(_docx(old), "accept")
    back = diff(new, old).write("docx")  # and the other way round
    assert resolve(back, "accept") == resolve(_docx(old), "accept")
    assert resolve(back, "reject") == resolve(_docx(new), "accept")


@pytest.mark.parametrize("signatures", ["conformed", "blank"])
@pytest.mark.parametrize("document_id", ["indemnification", "release"])
def test_an_unchanged_docx_read_back_compares_equal(
    tmp_path: Path, signatures: str, document_id: str
) -> None:
    """A blank line to sign, dropped as an empty paragraph by the reader, is taken to be there
    when nothing else stands in its place: the file is the term sheet's, unchanged."""
    path = tmp_path / f"{document_id}.docx"
    new = assemble(document_id, variant(SEED, {"signatures": signatures}))
    path.write_bytes(_docx(new))
    assert diff(read_docx(path), new).is_empty
    backwards = diff(new, read_docx(path))
    assert backwards.is_empty
    data = backwards.write("docx")  # the signature blocks keep their layout, blank lines too
    assert resolve(data, "reject") == resolve(data, "accept") == resolve(_docx(new), "accept")


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


def test_a_paragraph_split_is_a_change_tracked_at_its_mark() -> None:
    old = doc("one two three four five six")
    new = doc("one two three", "four five six")
    redline = diff(old, new)
    assert not redline.is_empty
    (change,) = redline.changes
    assert (change.kind, change.old, change.new) == ("insert", "", "\u23ce")
    assert (change.words_inserted, change.words_deleted) == (0, 0)
    first, second = redline.document.blocks
    assert isinstance(first, Paragraph) and first.mark == "insert"
    assert [(r.text, r.change) for r in first.runs] == [("one two three", None), (" ", "delete")]
    assert second is new.blocks[1]
    assert_round_trip(redline, old, new)
    assert paragraphs(redline.document, "reject") == ["one two three four five six"]


def test_paragraphs_joined_are_a_change_tracked_at_the_mark() -> None:
    old = doc("one two three", "four five six")
    new = doc("one two three four five six")
    redline = diff(old, new)
    (change,) = redline.changes
    assert (change.kind, change.old, change.new) == ("delete", "\u23ce", "")
    first, _ = redline.document.blocks
    assert isinstance(first, Paragraph) and first.mark == "delete"
    assert [(r.text, r.change) for r in first.runs] == [("one two three", None), (" ", "insert")]
    assert paragraphs(redline.document, "accept") == ["one two three four five six"]
    assert paragraphs(redline.document, "reject") == ["one two three", "four five six"]


def test_paragraphs_a_text_file_only_guesses_may_move_without_a_change(tmp_path: Path) -> None:
    """A .txt's paragraphs are its blank lines (none at all in LibreOffice's export)."""
    old, new = tmp_path / "old.txt", tmp_path / "new.txt"
    old.write_text("one two three four five six\n", encoding="utf-8")
    new.write_text("one two three\n\nfour five six\n", encoding="utf-8")
    assert diff(old, new).is_empty
    assert not diff(read_docx_like(old), read_docx_like(new)).is_empty


def read_docx_like(path: Path) -> Document:
    """Return the .txt at `path` read as a document of real paragraphs (as a .docx has)."""
    return text_document(path.read_text(encoding="utf-8"), "t")


def test_a_change_crossing_a_paragraph_break_stays_in_its_paragraphs() -> None:
    """QA: the old words of paragraph 2 were deleted inside paragraph 1, so rejecting every
    change gave one paragraph, "Each of the sellershas been advised"."""
    old = doc("The buyer pays the sellers.", "Each of the sellers has been advised by counsel.")
    new = doc("The buyer pays the seller.", "The seller has been advised by counsel.")
    redline = diff(old, new)
    first, second = redline.document.blocks
    assert [(r.text, r.change) for r in first.runs] == [
        ("The buyer pays the ", None),
        ("sellers", "delete"),
        ("seller", "insert"),
        (".", None),
    ]
    assert [(r.text, r.change) for r in second.runs] == [
        ("Each of the sellers", "delete"),
        ("The seller", "insert"),
        (" has been advised by counsel.", None),
    ]
    assert paragraphs(redline.document, "reject") == [b.text for b in old.blocks]
    assert paragraphs(redline.document, "accept") == [b.text for b in new.blocks]


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


def test_the_text_redline_marks_a_changed_heading_as_a_paragraph() -> None:
    old = Document("t", "T", (Heading((Run("RECITALS"),)), Paragraph((Run("Body one."),))))
    new = Document("t", "T", (Heading((Run("BACKGROUND"),)), Paragraph((Run("Body one."),))))
    text = diff(old, new).write("txt").decode()
    assert "[-RECITALS-]{+BACKGROUND+}\n" in text
    split = Document("t", "T", (Heading((Run("RECITALS"),)), Heading((Run("ONE"),))))
    joined = Document("t", "T", (Heading((Run("RECITALS ONE"),)),))
    assert "RECITALS[-·-]{+⏎+}\n" in diff(joined, split).write("txt").decode()


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


_TEXT = _PARAGRAPH.filter(lambda p: p and not re.search(r"[,.]\w", p))
_NAMES = st.sampled_from(["Jane Doe", "Company Doe", "Party Doe"])  # never all plain words
_SIGNATURE = st.builds(
    SignatureBlock,
    party=st.sampled_from([None, "ACME INC.", "DOE LLC"]),
    signature=st.sampled_from([None, "", "/s/ Jane Doe"]),
    by=st.booleans(),
    name=_NAMES,
    title=st.sampled_from([None, "President"]),
)
_BLOCK = st.one_of(
    _TEXT.map(lambda t: Paragraph(runs=(Run(t),))),
    st.tuples(_TEXT, st.sampled_from(["1.", "2.", "(a)"])).map(
        lambda tn: Paragraph(runs=(Run(tn[0]),), number=tn[1])
    ),
    _TEXT.map(lambda t: Heading(runs=(Run(t),))),
    _SIGNATURE,
)
_BLOCKS = st.lists(_BLOCK, min_size=1, max_size=6).map(lambda b: Document("t", "T", tuple(b)))


@settings(max_examples=300, deadline=None)
@given(_DOC, _DOC)
def test_any_two_documents_round_trip(old_paras: list[str], new_paras: list[str]) -> None:
    old, new = doc(*old_paras), doc(*new_paras)
    redline = diff(old, new)
    assert_round_trip(redline, old, new)  # paragraph by paragraph, spacing of NEW's included
    same = [tokens(p) for p in old_paras] == [tokens(p) for p in new_paras]
    assert redline.is_empty == same  # a paragraph split or joined is a change
    blocks = redline.document.blocks
    for block in blocks:
        assert isinstance(block, Paragraph)
        assert all(r.text for r in block.runs)
    # rejecting gives OLD's words (whitespace is folded: spacing between kept words is NEW's)
    back = paragraphs(redline.document, "reject")
    assert not any("  " in t or t != t.strip() for t in back)
    assert_docx_round_trip(redline, old, new)


@settings(max_examples=300, deadline=None)
@given(_BLOCKS, _BLOCKS)
def test_any_two_documents_of_every_block_round_trip(old: Document, new: Document) -> None:
    """Numbered paragraphs, headings and signature blocks too: accepting gives NEW's paragraphs
    and rejecting OLD's, in the model and in the DOCX, and every signature block stays one."""
    redline = diff(old, new)
    assert_round_trip(redline, old, new)
    assert_docx_round_trip(redline, old, new)
    for block in redline.document.blocks:
        assert getattr(block, "indent", None) != "signature", "a signature block laid out as text"
        assert all(r.text for r in getattr(block, "runs", ()))


def assert_docx_round_trip(redline: Redline, old: Document, new: Document) -> None:
    """Assert that the DOCX's "accept all" gives NEW's DOCX paragraphs exactly (tabs included)
    and "reject all" OLD's (words, paragraph by paragraph: spacing between kept words is NEW's)."""
    __tracebackhide__ = True
    pytest.importorskip("generator.writers.docx", reason="the DOCX writer is not in this tree")
    data = redline.write("docx")
    plain = Folding(furniture=False)
    assert resolve(data, "accept") == resolve(_docx(new), "accept")
    back = [tokens(p, plain) for p in resolve(data, "reject")]
    assert back == [tokens(p, plain) for p in resolve(_docx(old), "accept")]


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


# -- DOCX: real tracked changes ----------------------------------------------------------------

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _body(data: bytes) -> Any:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return etree.fromstring(package.read("word/document.xml")).find(f"{W}body")


def resolve(data: bytes, action: str) -> list[str]:
    """Return the paragraphs of a DOCX after Word's "accept all" or "reject all".

    Accepting drops ``w:del`` content and deleted paragraph marks (the paragraph joins the
    next); rejecting does the same with ``w:ins``, and deleted text comes back.
    """
    drop = f"{W}del" if action == "accept" else f"{W}ins"
    out: list[str] = []
    carry = ""
    for p in _body(data).iter(f"{W}p"):
        text = ""
        for el in p.iter(f"{W}t", f"{W}delText", f"{W}tab"):
            if any(a.tag == drop for a in el.iterancestors()):
                continue
            text += "\t" if el.tag == f"{W}tab" else el.text or ""
        carry += text
        if p.find(f"{W}pPr/{W}rPr/{drop}") is not None:
            continue
        out.append(carry)
        carry = ""
    return out


def assert_well_formed_revisions(data: bytes, author: str) -> None:
    __tracebackhide__ = True
    body = _body(data)
    marks = list(body.iter(f"{W}ins", f"{W}del"))
    assert marks, "no tracked changes"
    for mark in marks:
        assert mark.get(f"{W}author") == author
        assert mark.get(f"{W}date", "").endswith("Z")
        assert mark.get(f"{W}id")
    for text in body.iter(f"{W}t"):
        assert not any(a.tag == f"{W}del" for a in text.iterancestors()), "w:t inside w:del"
    for text in body.iter(f"{W}delText"):
        assert any(a.tag == f"{W}del" for a in text.iterancestors()), "w:delText outside w:del"
    paragraphs = list(body.iter(f"{W}p"))
    last = paragraphs.pop()  # Word keeps a document's last paragraph mark: never tracked
    assert last.find(f"{W}pPr/{W}rPr/{W}ins") is None
    assert last.find(f"{W}pPr/{W}rPr/{W}del") is None
    for p in paragraphs:  # a paragraph with only deleted (inserted) text: mark it too
        for kind in ("del", "ins"):
            runs = [r for r in p.iter(f"{W}r") if (r.find(f"{W}t") is not None or
                                                   r.find(f"{W}delText") is not None)]  # fmt: skip
            inside = [r for r in runs if any(a.tag == f"{W}{kind}" for a in r.iterancestors())]
            if runs and len(inside) == len(runs):
                assert p.find(f"{W}pPr/{W}rPr/{W}{kind}") is not None, f"paragraph mark not {kind}"


def _docx(document: Document) -> bytes:
    from generator.writers import get_writer

    return get_writer("docx")(document)


DOCX_CASES = {
    "section removed, years changed": {
        "indemnification.contribution": False,
        "indemnification.survival_years": 5,
    },
    "carve-out and counsel": {
        "indemnification.conduct_carve_outs.charter_indemnification": False,
        "indemnification.separate_counsel.different_defenses": False,
    },
    "parties": {"indemnitors": [{"name": "Jane Roe", "short_name": "Roe", "pronoun": "she"}]},
}


@pytest.mark.parametrize("case", sorted(DOCX_CASES))
def test_docx_accept_all_gives_new_and_reject_all_gives_old(case: str) -> None:
    pytest.importorskip("generator.writers.docx", reason="the DOCX writer is not in this tree")
    old = assemble("indemnification", SEED)
    new = assemble("indemnification", variant(SEED, DOCX_CASES[case]))
    redline = diff(old, new, author="R. Eviewer")
    data = redline.write("docx")
    assert_well_formed_revisions(data, "R. Eviewer")
    accepted_paras, rejected_paras = resolve(data, "accept"), resolve(data, "reject")
    assert tokens("\n".join(accepted_paras)) == tokens(new.text)
    assert tokens("\n".join(rejected_paras)) == tokens(old.text)
    if case == "section removed, years changed":  # no signature block changed: exact text
        assert accepted_paras == resolve(_docx(new), "accept")
        assert rejected_paras == resolve(_docx(old), "accept")


def test_an_edited_docx_against_its_original(tmp_path: Path) -> None:
    pytest.importorskip("generator.writers.docx", reason="the DOCX writer is not in this tree")
    original = tmp_path / "original.docx"
    original.write_bytes(_docx(assemble("indemnification", SEED)))
    edited = python_docx.Document(str(original))
    paragraphs = edited.paragraphs
    survival = next(p for p in paragraphs if p.text.startswith("6.\tSurvival"))
    for run in survival.runs:  # a word changed
        run.text = run.text.replace("three (3)", "five (5)")
    contribution = next(p for p in paragraphs if "Contribution." in p.text)
    contribution._element.getparent().remove(contribution._element)  # a paragraph deleted
    notice = next(p for p in paragraphs if "Notice of Claims." in p.text)
    notice.add_run(" The Indemnified Party shall cooperate in the defense.")  # a sentence added
    path = tmp_path / "edited.docx"
    edited.save(str(path))

    redline = diff(original, path)
    assert redline.changed_clauses == (
        "notice_of_claims",
        "contribution",
        "survival",
        "survival_period",
    )
    kinds = [(c.kind, c.old[:16], c.new) for c in redline.changes]
    assert kinds == [
        ("insert", "", "The Indemnified Party shall cooperate in the defense."),
        ("delete", "5. Contribution.", ""),
        ("replace", "three (3)", "five (5)"),
    ]
    data = redline.write("docx")
    assert_well_formed_revisions(data, "docgen")
    assert tokens("\n".join(resolve(data, "accept"))) == tokens(read_docx(path).text)
    assert tokens("\n".join(resolve(data, "reject"))) == tokens(read_docx(original).text)
    # the redline DOCX, read back, is NEW (tracked changes read as accepted)
    redline_path = tmp_path / "redline.docx"
    redline_path.write_bytes(data)
    assert diff(redline_path, path).is_empty


_LIBREOFFICE_SCRIPT = """
import os, subprocess, sys, time, uno
from com.sun.star.beans import PropertyValue

def prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p

profile, jobs = sys.argv[1], sys.argv[2:]  # then (source, action, out) for each document
pipe = "docgen%d" % os.getpid()
proc = subprocess.Popen(
    ["soffice", "--headless", "--invisible", "--norestore", "--nologo",
     "-env:UserInstallation=" + uno.systemPathToFileUrl(profile),
     "--accept=pipe,name=%s;urp;" % pipe],
    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
try:
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local)
    for _ in range(240):
        try:
            ctx = resolver.resolve("uno:pipe,name=%s;urp;StarOffice.ComponentContext" % pipe)
            break
        except Exception:
            time.sleep(0.25)
    else:
        sys.exit("soffice did not start")
    smgr = ctx.ServiceManager
    desktop = smgr.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
    helper = smgr.createInstanceWithContext("com.sun.star.frame.DispatchHelper", ctx)
    for k in range(0, len(jobs), 3):
        src, action, out = jobs[k : k + 3]
        doc = desktop.loadComponentFromURL(
            uno.systemPathToFileUrl(os.path.abspath(src)), "_blank", 0, (prop("Hidden", True),))
        command = {"accept": ".uno:AcceptAllTrackedChanges",
                   "reject": ".uno:RejectAllTrackedChanges"}[action]
        helper.executeDispatch(doc.getCurrentController().getFrame(), command, "", 0, ())
        doc.storeToURL(uno.systemPathToFileUrl(os.path.abspath(out)),
                       (prop("FilterName", "Text (encoded)"), prop("FilterOptions", "UTF8")))
        doc.close(True)
    try:
        desktop.terminate()
    except Exception:
        pass
finally:
    try:
        proc.wait(timeout=60)
    except subprocess.TimeoutExpired:
        proc.kill()
"""


def _libreoffice_python() -> str:
    """Return a Python that can drive LibreOffice (has ``uno``); skip, saying why, if none."""
    if not shutil.which("soffice"):
        pytest.skip("LibreOffice (soffice) is not installed: accept/reject checked on the XML only")
    for python in ("/usr/bin/python3", shutil.which("python3") or ""):
        if (
            python
            and subprocess.run([python, "-c", "import uno"], capture_output=True).returncode == 0
        ):
            return python
    pytest.skip("LibreOffice is installed but no Python has its uno module (python3-uno)")


def _libreoffice(python: str, path: Path, action: str, tmp_path: Path) -> list[str]:
    """Return the lines (paragraphs) of `path` after LibreOffice's accept or reject all."""
    return _libreoffice_all(python, [(path, action)], tmp_path)[0]


def _libreoffice_all(python: str, jobs: list[tuple[Path, str]], tmp_path: Path) -> list[list[str]]:
    """Return the lines of each (document, "accept" or "reject") of `jobs`, in one session."""
    script = tmp_path / "apply.py"
    script.write_text(_LIBREOFFICE_SCRIPT, encoding="utf-8")
    args: list[str] = []
    outs: list[Path] = []
    for k, (path, action) in enumerate(jobs):
        outs.append(tmp_path / f"{k}-{action}.txt")
        args += [str(path), action, str(outs[-1])]
    subprocess.run(
        [python, str(script), str(tmp_path / "profile"), *args],
        check=True,
        timeout=300,
        capture_output=True,
    )
    return [out.read_text(encoding="utf-8-sig").splitlines() for out in outs]


def test_libreoffice_accepts_to_new_and_rejects_to_old(tmp_path: Path) -> None:
    pytest.importorskip("generator.writers.docx", reason="the DOCX writer is not in this tree")
    python = _libreoffice_python()
    old = assemble("indemnification", SEED)
    changes = DOCX_CASES["section removed, years changed"]
    new = assemble("indemnification", variant(SEED, changes))
    path = tmp_path / "redline.docx"
    path.write_bytes(diff(old, new, author="R. Eviewer").write("docx"))
    accepted_lines = _libreoffice(python, path, "accept", tmp_path)
    rejected_lines = _libreoffice(python, path, "reject", tmp_path)
    for version, lines in ((new, accepted_lines), (old, rejected_lines)):
        plain = tmp_path / f"{version is new}.docx"
        plain.write_bytes(_docx(version))
        assert lines == _libreoffice(python, plain, "accept", tmp_path)
        assert tokens("\n".join(lines)) == tokens(version.text)


REAL_CASES = [
    (other, document_id)
    for other in ("acme-one-party", "beta-three-parties")
    for document_id in ("indemnification", "release")
]


def test_libreoffice_resolves_real_redlines_to_each_side_s_paragraphs(tmp_path: Path) -> None:
    """QA: rejecting gave "Each of the Releasorshas been advised", three release paragraphs
    as one, and the signature lines inside "Signed as of ..."; accepting dropped the blank
    signing lines. Each side's paragraphs, as LibreOffice reads them, tabs included."""
    pytest.importorskip("generator.writers.docx", reason="the DOCX writer is not in this tree")
    python = _libreoffice_python()
    jobs: list[tuple[Path, str]] = []
    for other, document_id in REAL_CASES:
        sheet = SEED.parent / f"{other}.yaml"
        redline = tmp_path / f"{other}-{document_id}.docx"
        redline.write_bytes(diff(SEED, sheet, document_id).write("docx"))
        for name, side in (("old", SEED), ("new", sheet)):
            plain = tmp_path / f"{other}-{document_id}-{name}.docx"
            plain.write_bytes(_docx(assemble(document_id, side)))
            jobs.append((plain, "accept"))
        jobs += [(redline, "accept"), (redline, "reject")]
    lines = _libreoffice_all(python, jobs, tmp_path)
    for k, case in enumerate(REAL_CASES):
        old, new, accepted_lines, rejected_lines = lines[4 * k : 4 * k + 4]
        assert accepted_lines == new, case
        assert rejected_lines == old, case


def test_libreoffice_resolves_signature_blocks_met_mid_paragraph(tmp_path: Path) -> None:
    """QA: a signature block inserted inside OLD's paragraph gave "alpha beta alpha beta
    gamma" on rejecting, one deleted across NEW's joined paragraph "alpha alpha delta gamma" on
    accepting; a blank signing line against a .docx read back stayed after rejecting."""
    pytest.importorskip("generator.writers.docx", reason="the DOCX writer is not in this tree")
    python = _libreoffice_python()
    release = tmp_path / "release.docx"
    release.write_bytes(_docx(assemble("release", SEED)))
    pairs = [
        (_blocks(Paragraph((Run("alpha beta gamma"),))),
         _blocks(Paragraph((Run("one"),)), _JANE, Paragraph((Run("gamma"),)))),
        (_blocks(Paragraph((Run("alpha beta"),)), _JANE, Paragraph((Run("gamma"),))),
         _blocks(Paragraph((Run("alpha delta gamma"),)))),
        (read_docx(release), assemble("release", variant(SEED, {"signatures": "blank"}))),
    ]  # fmt: skip
    jobs: list[tuple[Path, str]] = []
    for k, (old, new) in enumerate(pairs):
        for name, data in (
            ("old", _docx(old)),
            ("new", _docx(new)),
            ("redline", diff(old, new).write("docx")),
        ):
            (tmp_path / f"{k}-{name}.docx").write_bytes(data)
        jobs += [(tmp_path / f"{k}-{name}.docx", "accept") for name in ("old", "new", "redline")]
        jobs.append((tmp_path / f"{k}-redline.docx", "reject"))
    lines = _libreoffice_all(python, jobs, tmp_path)
    for k in range(len(pairs)):
        old_lines, new_lines, accepted_lines, rejected_lines = lines[4 * k : 4 * k + 4]
        assert accepted_lines == new_lines, k
        assert rejected_lines == old_lines, k


def test_libreoffice_resolves_paired_signature_blocks(tmp_path: Path) -> None:
    """Signature blocks in pairs, the last pair sharing the document's last paragraph (its
    mark cannot be tracked): LibreOffice's accept and reject give each side's paragraphs."""
    pytest.importorskip("generator.writers.docx", reason="the DOCX writer is not in this tree")
    python = _libreoffice_python()
    jobs: list[tuple[Path, str]] = []
    for name, (base, changes, document_id, _) in _PAIRED.items():
        old = assemble(document_id, variant(base, {}))
        new = assemble(document_id, variant(base, changes))
        for side, data in (
            ("old", _docx(old)),
            ("new", _docx(new)),
            ("redline", diff(old, new).write("docx")),
        ):
            (tmp_path / f"{name}-{side}.docx").write_bytes(data)
        jobs += [(tmp_path / f"{name}-{side}.docx", "accept") for side in ("old", "new", "redline")]
        jobs.append((tmp_path / f"{name}-redline.docx", "reject"))
    lines = _libreoffice_all(python, jobs, tmp_path)
    for k, name in enumerate(_PAIRED):
        old_lines, new_lines, accepted_lines, rejected_lines = lines[4 * k : 4 * k + 4]
        assert accepted_lines == new_lines, name
        assert rejected_lines == old_lines, name


@pytest.mark.parametrize(("other", "document_id"), REAL_CASES)
@pytest.mark.parametrize("backwards", [False, True])
def test_real_redlines_resolve_to_each_side_s_paragraphs(
    other: str, document_id: str, backwards: bool
) -> None:
    """The same on the XML, both ways: each w:p's text, tabs included."""
    sides = [SEED, SEED.parent / f"{other}.yaml"]
    old, new = reversed(sides) if backwards else sides
    data = diff(old, new, document_id, author="R. Eviewer").write("docx")
    assert_well_formed_revisions(data, "R. Eviewer")
    assert resolve(data, "accept") == resolve(_docx(assemble(document_id, new)), "accept")
    assert resolve(data, "reject") == resolve(_docx(assemble(document_id, old)), "accept")


def test_the_txt_redline_marks_changes_as_the_terminal_does_piped() -> None:
    """QA: write("txt") gave "will promptlyimmediately notify", deleted and inserted words
    side by side with nothing between."""
    from generator.redline_terminal import render

    redline = diff(SEED, variant(SEED, {"indemnification.survival_years": 5}), "indemnification")
    text = redline.write("txt").decode()
    assert "[-three (3)-]{+five (5)+}" in text
    assert "three (3)five (5)" not in text
    assert '"Company"' in text and "\u201c" not in text  # straight quotes, as the filing
    piped = render(redline, color=False)
    assert "[-three (3)-]{+five (5)+}" in piped
    split = diff(doc("one two three four"), doc("one two", "three four"))
    expected = "         one two[-\u00b7-]{+\u23ce+}\n\n         three four\n"
    assert split.write("txt").decode() == expected
    assert "[-\u00b7-]{+\u23ce+}" in render(split)


def test_diff_is_part_of_the_public_api() -> None:
    import generator

    assert generator.diff is diff
    assert "diff" in generator.__all__


@pytest.mark.parametrize(
    ("old", "new", "kwargs", "message"),
    [
        (SEED, SEED, {"document": "nda"}, "document: there is no document 'nda'; the documents"),
        (SOURCES["release"], SOURCES["release"], {"templates": "firm"},
         "templates: neither side is a term sheet"),
    ],
)  # fmt: skip
def test_diffs_errors_name_its_arguments_not_the_clis_options(
    old: Path, new: Path, kwargs: dict[str, Any], message: str
) -> None:
    # They said "--document: ..." and "--templates: ...", options a Python caller never gave;
    # `docgen diff` keeps its option names (tests/cli/test_diff.py).
    with pytest.raises(GeneratorError) as raised:
        diff(old, new, **kwargs)
    assert str(raised.value).startswith(message)


def test_past_the_deadline_the_rest_is_replaced_whole_and_still_correct() -> None:
    import time

    from generator.redline.script import edit_script

    a = tokens(SOURCES["indemnification"].read_text(encoding="utf-8"))
    b = tokens(SOURCES["release"].read_text(encoding="utf-8"))
    ops = edit_script(a, b, deadline=time.monotonic() - 1)
    assert sum(n for op, n in ops if op in "=-") == len(a)
    assert sum(n for op, n in ops if op in "=+") == len(b)
    assert ops == edit_script(a, b, deadline=time.monotonic() - 1)  # the same every time


def test_a_pdf_of_the_seed_compares_equal_to_the_seed(tmp_path: Path) -> None:
    from generator.writers import get_writer

    path = tmp_path / "release.pdf"
    path.write_bytes(get_writer("pdf")(assemble("release", SEED)))
    assert diff(path, SEED).is_empty
    changed = diff(path, variant(SEED, {"release.consideration": "25.00"}))
    assert [(c.old, c.new) for c in changed.changes] == [("Ten", "Twenty-Five"), ("10.00", "25.00")]


def test_the_terminal_redline_marks_whole_paragraphs_and_wraps_to_width() -> None:
    from generator.redline_terminal import render

    old = assemble("indemnification", SEED)
    new = assemble("indemnification", variant(SEED, {"indemnification.contribution": False}))
    out = render(diff(old, new), width=60, context=0)
    assert "[-5. Contribution. If for any reason" in out
    assert "[-6-]{+5+}. Survival. The indemnity[-, contribution and-]" in out
    body = out.split("\nRedline of ")[0]
    assert body.startswith("@@ Indemnification Agreement: ")
    lines = [ln for ln in body.splitlines() if ln and not ln.startswith("@@ ")]
    assert lines and all(len(ln) <= 60 for ln in lines)


@st.composite
def _styled_paragraph(draw: st.DrawFn) -> Paragraph:
    words = draw(st.lists(_WORDS, min_size=1, max_size=10))
    cuts = sorted(draw(st.sets(st.integers(1, max(1, len(words) - 1)), max_size=2)))
    runs, start = [], 0
    for end in [*cuts, len(words)]:
        if end > start:
            text = " ".join(words[start:end]) + (" " if end < len(words) else "")
            runs.append(
                Run(text, bold=draw(st.booleans()), clauses=draw(st.sampled_from([(), ("x",)])))
            )
        start = end
    number = draw(st.sampled_from([None, "1.", "2.", "(a)"]))
    return Paragraph(
        runs=tuple(runs), clause=draw(st.sampled_from([None, "c1", "c2"])), number=number
    )


@settings(max_examples=200, deadline=None)
@given(
    st.lists(_styled_paragraph(), min_size=1, max_size=5),
    st.lists(_styled_paragraph(), min_size=1, max_size=5),
)
def test_numbered_styled_documents_round_trip_and_keep_new_marks(
    old_blocks: list[Paragraph], new_blocks: list[Paragraph]
) -> None:
    old = Document("t", "T", tuple(old_blocks))
    new = Document("t", "T", tuple(new_blocks))
    redline = diff(old, new)
    assert_round_trip(redline, old, new)

    # every character NEW keeps or inserts carries NEW's marks for it
    def marked(
        blocks: tuple[Any, ...], drop: str | None
    ) -> list[tuple[str, bool, tuple[str, ...]]]:
        out = []
        for b in blocks:
            if drop and all(r.change == drop for r in b.runs):
                continue
            out.extend((ch, False, ()) for ch in b.number or "")
            out.extend((ch, r.bold, r.clauses) for r in b.runs if r.change != drop for ch in r.text)
        return [x for x in out if not x[0].isspace()]

    assert marked(redline.document.blocks, "delete") == marked(new.blocks, "no such change")


def test_an_edit_right_after_a_number_leaves_the_tab_after_it_alone() -> None:
    # A counterparty renamed a section's caption: the edit began with the space after "1.",
    # which the DOCX prints as a tab; rejecting gave "1. Definitions" with a space.
    def section(caption: str) -> Document:
        runs = (Run(caption, underline=True), Run(" In addition to the definitions."))
        return _blocks(Paragraph(runs, number="1."), Paragraph((Run("Next."),), number="2."))

    old, new = section("Definitions."), section("Defined Terms.")
    redline = diff(old, new)
    (first, _) = redline.parts[0].document.blocks
    assert isinstance(first, Paragraph) and first.number == "1."
    assert [(r.text, r.change) for r in first.runs[:2]] == [
        ("Definitions", "delete"),
        ("Defined Terms", "insert"),
    ]
    data = redline.write("docx")
    assert resolve(data, "accept") == resolve(_docx(new), "accept")
    assert resolve(data, "reject") == resolve(_docx(old), "accept")  # tabs included


def test_a_docx_side_keeps_its_no_break_spaces_in_the_redline(tmp_path: Path) -> None:
    # Read as plain spaces before, the redline's "Accept all" lost the counterparty's
    # no-break spaces ("three (3) years" could then break after "three").
    def sheet(period: str) -> Document:
        return _blocks(Paragraph((Run(f"for a period of {period} years following."),)))

    path = tmp_path / "new.docx"
    path.write_bytes(_docx(sheet("five\u00a0(5)")))
    new = read_docx(path)
    assert new.blocks[0].text == "for a period of five\u00a0(5) years following."
    data = diff(sheet("three (3)"), new).write("docx")
    assert resolve(data, "accept") == ["for a period of five\u00a0(5) years following."]


def test_the_summary_counts_changes_outside_every_clause() -> None:
    # "none (connective text only)" read as if nothing much had changed, and a change outside
    # every clause went unmentioned beside one inside.
    def doc(*texts: tuple[str, str | None]) -> Document:
        return Document("t", "T", tuple(Paragraph((Run(t),), clause=c) for t, c in texts))

    old = doc(("keep a", "survival"), ("between b", None))
    both = diff(old, doc(("keep z", "survival"), ("between c", None))).summary()
    assert "changed clauses: survival; and text outside any clause" in both
    outside = diff(old, doc(("keep a", "survival"), ("between c", None))).summary()
    assert "changed clauses: none; all in text outside any clause" in outside


NO_SEPARATE_COUNSEL = {
    "indemnification.separate_counsel.counsel_not_provided": False,
    "indemnification.separate_counsel.conflict_of_interest": False,
    "indemnification.separate_counsel.different_defenses": False,
}


@pytest.mark.parametrize("flip", [False, True], ids=["txt-old", "txt-new"])
@pytest.mark.parametrize(
    ("changes", "clause"),
    [
        (NO_SEPARATE_COUNSEL, "assumption_of_defense"),
        (
            {"indemnification.conduct_carve_outs.charter_indemnification": False},
            "indemnified_conduct",
        ),
    ],
    ids=["separate-counsel", "carve-out"],
)
def test_a_clause_only_the_side_without_ids_has_is_named_by_the_clause_around_it(
    changes: dict[str, Any], clause: str, flip: bool
) -> None:
    # The filed .txt carries no clause ids and the term sheet has dropped the words: the
    # summary said "none; all in text outside any clause", though they stood in a clause.
    sides = SOURCES["indemnification"], variant(SEED, changes)
    redline = diff(*(reversed(sides) if flip else sides), "indemnification")
    assert redline.changed_clauses == (clause,)
    assert "outside any clause" not in "\n".join(redline.summary())


def test_a_signatory_the_side_with_ids_lacks_is_a_change_to_the_signatures(
    tmp_path: Path,
) -> None:
    from generator.writers import get_writer

    beta = SEED.parent / "beta-three-parties.yaml"
    three = tmp_path / "three.txt"
    three.write_bytes(get_writer("txt")(assemble("indemnification", variant(beta, {}))))
    two = variant(beta, {"indemnitors.2": None})
    for sides in ((three, two), (two, three)):
        redline = diff(*sides, "indemnification")
        assert "signatures" in redline.changed_clauses
        assert "outside any clause" not in "\n".join(redline.summary())


@pytest.mark.parametrize("suffix", [".docx", ".txt", "-joined.txt"])
@pytest.mark.parametrize("backwards", [False, True])
def test_text_after_the_signature_blocks_is_not_a_change_to_the_signatures(
    tmp_path: Path, suffix: str, backwards: bool
) -> None:
    # A counterparty appended a sentence after the signature blocks: the summary named the
    # change "signatures", as if a signatory had changed. ("-joined": no blank line before
    # it, so the .txt reads it in one paragraph with the last signature line.)
    model = assemble("indemnification", SEED)
    appended = _appended(tmp_path, model, suffix, ["Schedule A is attached hereto."])
    for other in (SEED, tmp_path / "original.docx"):
        if other.suffix == ".docx":
            other.write_bytes(_docx(model))
        sides = (appended, other) if backwards else (other, appended)
        redline = diff(*sides, "indemnification")
        assert [(c.old, c.new) for c in redline.changes] == [
            ("Schedule A is attached hereto.", "")
            if backwards
            else ("", "Schedule A is attached hereto.")
        ]
        assert redline.changed_clauses == (), other
        assert "changed clauses: none; all in text outside any clause" in "\n".join(
            redline.summary()
        )


_SCHEDULE = ("SCHEDULE A", "EXCLUDED CLAIMS", "Any claim arising from the 2005 restatement.")


def _appended(tmp_path: Path, model: Document, suffix: str, lines: list[str]) -> Path:
    """Return `model` as a ``.docx`` or ``.txt`` (per `suffix`) with paragraphs `lines` added
    after its signature blocks; ``-joined.txt``: the first with no blank line before it."""
    from generator.writers import get_writer

    appended = tmp_path / f"appended{suffix}"
    if suffix == ".docx":
        edited = python_docx.Document(io.BytesIO(_docx(model)))
        for line in lines:
            edited.add_paragraph(line)
        edited.save(str(appended))
        return appended
    text = get_writer("txt")(model).decode().rstrip("\n")
    gap = "\n" if suffix == "-joined.txt" else "\n\n"
    appended.write_text(f"{text}{gap}" + "\n\n".join(lines) + "\n", encoding="utf-8")
    return appended


@pytest.mark.parametrize("suffix", [".docx", ".txt"])
@pytest.mark.parametrize("backwards", [False, True])
def test_a_schedule_after_the_signature_blocks_is_not_a_change_to_the_signatures(
    tmp_path: Path, suffix: str, backwards: bool
) -> None:
    # QA: a schedule appended after the signatures, its heading in capitals as schedules
    # are ("SCHEDULE A", "EXCLUDED CLAIMS"), read as a signatory's lines: the summary said
    # "changed clauses: signatures; and text outside any clause", though no one's block
    # changed.
    appended = _appended(tmp_path, assemble("indemnification", SEED), suffix, list(_SCHEDULE))
    sides = (appended, SEED) if backwards else (SEED, appended)
    redline = diff(*sides, "indemnification")
    assert "SCHEDULE A" in [c.old if backwards else c.new for c in redline.changes]
    assert redline.changed_clauses == ()
    assert "changed clauses: none; all in text outside any clause" in "\n".join(redline.summary())


def test_a_signatory_typed_after_the_blocks_of_a_docx_is_a_change_to_the_signatures(
    tmp_path: Path,
) -> None:
    # Typed in the body's style, not copied from a block: the reader sees plain paragraphs
    # outside every clause, but they are a signatory's lines, not "text outside any clause".
    model = assemble("indemnification", SEED)
    edited = python_docx.Document(io.BytesIO(_docx(model)))
    edited.add_paragraph("JANE Q. PUBLIC")
    edited.add_paragraph("/s/ JANE Q. PUBLIC")
    path = tmp_path / "added.docx"
    edited.save(str(path))
    for sides in ((SEED, path), (path, SEED)):
        redline = diff(*sides, "indemnification")
        assert redline.changed_clauses == ("signatures",)
        assert "outside any clause" not in "\n".join(redline.summary())


@pytest.mark.parametrize("line", ["Director", "Chief Financial Officer, Treasurer.", "By: Jr."])
def test_a_line_only_a_txt_signature_page_has_is_a_change_to_the_signatures(
    tmp_path: Path, line: str
) -> None:
    # The fix above must not take a signatory's own line, after the last block, for a
    # sentence: a title or a "By:" line, full stop or not, is the signature block's.
    from generator.writers import get_writer

    text = get_writer("txt")(assemble("indemnification", SEED)).decode().rstrip("\n")
    path = tmp_path / "titled.txt"
    path.write_text(f"{text}\n\n{' ' * 43}{line}\n", encoding="utf-8")
    for sides in ((SEED, path), (path, SEED)):
        redline = diff(*sides, "indemnification")
        assert redline.changed_clauses == ("signatures",)


def test_a_section_the_side_with_ids_lacks_is_outside_its_clauses() -> None:
    # A whole section between two clauses of NEW: which clause it was is only OLD's to say.
    new = variant(SEED, {"indemnification.contribution": False})
    summary = diff(SOURCES["indemnification"], new, "indemnification").summary()
    assert "changed clauses: survival; and text outside any clause of <term sheet>" in summary


@pytest.mark.parametrize(
    ("old_text", "new_text"),
    [
        ("Definitions. In addition.", "Defined Terms. In addition."),
        ("Definitions. In addition.", "New Definitions. In addition."),
        ("Old Definitions. In addition.", "Definitions. In addition."),
        ("Definitions. In addition.", "Defined Terms."),
        ("A. B.", "C. D."),
        ("In addition.", "Definitions. In addition."),
        ("Definitions. In addition.", "In addition."),
        ("Definitions. In addition.", "Other. In addition."),
        ("In addition.", "x Definitions. In addition."),
    ],
)
@pytest.mark.parametrize(
    "numbers",
    [("1.", "1."), ("1.", "2."), ("1.", None), (None, "1.")],
    ids=["kept", "renumbered", "number-dropped", "number-added"],
)
def test_the_tab_after_a_number_survives_accept_and_reject_exactly(
    old_text: str, new_text: str, numbers: tuple[str | None, str | None]
) -> None:
    # Renumbered with its first words changed, rejecting gave "1. Old\tDefinitions" or
    # "1. Definitions" (a space after OLD's number, or the tab after the wrong word). With
    # OLD's number dropped and words after it changed, rejecting gave "1. In addition." (the
    # full stop of "1." kept against that of "Definitions.", the space after it NEW's); with
    # a number added, "Definitions.\tIn addition.".
    def section(text: str, number: str | None) -> Document:
        return _blocks(
            Paragraph((Run(text),), number=number), Paragraph((Run("Next."),), number="3.")
        )

    old, new = section(old_text, numbers[0]), section(new_text, numbers[1])
    data = diff(old, new).write("docx")
    assert resolve(data, "accept") == resolve(_docx(new), "accept")
    assert resolve(data, "reject") == resolve(_docx(old), "accept")


def test_libreoffice_resolves_a_number_dropped_with_the_words_after_it(tmp_path: Path) -> None:
    """A counterparty deleted section 6's number and added words before its caption:
    LibreOffice's "Reject all" gave "6. Survival" with a space where OLD has its tab; the
    other way round, "Term and Survival.→The" with a tab where OLD has a space."""
    pytest.importorskip("generator.writers.docx", reason="the DOCX writer is not in this tree")
    python = _libreoffice_python()
    original = tmp_path / "original.docx"
    original.write_bytes(_docx(assemble("indemnification", SEED)))
    edited = python_docx.Document(str(original))
    survival = next(p for p in edited.paragraphs if p.text.startswith("6.\tSurvival"))
    for run in survival.runs:
        run.text = run.text.replace("6.", "").replace("\t", "")
        run.text = run.text.replace("Survival", "Term and Survival")
    numberless = tmp_path / "numberless.docx"
    edited.save(str(numberless))
    assert "Term and Survival. The indemnity" in read_docx(numberless).text
    jobs: list[tuple[Path, str]] = []
    for k, (old, new) in enumerate(((original, numberless), (numberless, original))):
        redline = tmp_path / f"{k}-redline.docx"
        redline.write_bytes(diff(old, new).write("docx"))
        jobs += [(old, "accept"), (new, "accept"), (redline, "accept"), (redline, "reject")]
    lines = _libreoffice_all(python, jobs, tmp_path)
    for k in range(2):
        old_lines, new_lines, accepted_lines, rejected_lines = lines[4 * k : 4 * k + 4]
        assert accepted_lines == new_lines, k
        assert rejected_lines == old_lines, k


@pytest.mark.parametrize("backwards", [False, True])
def test_a_text_of_a_paragraph_a_line_with_a_signatory_renamed_keeps_the_rest(
    tmp_path: Path, backwards: bool
) -> None:
    # LibreOffice's text export of a counterparty's DOCX (a paragraph a line, no blank lines)
    # reads as one paragraph from the recitals on. A signatory renamed went whole, then the
    # paragraph matched against the block, then every block matched against that paragraph:
    # the whole agreement deleted and inserted, for a word and a name. A section added inside
    # that paragraph, between two clauses, was named for the clause after it. (Kept against
    # that paragraph, a signature block's lines each began again from its first line.)
    model = assemble("indemnification", SEED)
    lines = [p.text for p in python_docx.Document(io.BytesIO(_docx(model))).paragraphs]
    text = "\n".join(lines)
    for old, new in (
        ("MARK D. WOODBURN", "MARCUS D. WOODBURN"),
        ("will promptly notify", "will immediately notify"),
        ("IN WITNESS", "7.\tGoverning Law. Texas law governs this Agreement.\nIN WITNESS"),
    ):
        assert old in text
        text = text.replace(old, new)
    path = tmp_path / "export.txt"
    path.write_text(text, encoding="utf-8")
    sides = (path, model) if backwards else (model, path)
    redline = diff(*sides)
    assert redline.words_inserted + redline.words_deleted < 45, redline.summary()
    assert redline.changed_clauses == ("notice_of_claims", "signatures")
    assert "text outside any clause" in redline.summary()[-1]
    data = redline.write("docx")
    assert tokens("\n".join(resolve(data, "accept"))) == tokens(diff_side_text(sides[1]))
    assert tokens("\n".join(resolve(data, "reject"))) == tokens(diff_side_text(sides[0]))


def diff_side_text(side: Document | Path) -> str:
    """Return the words of a side as the redline reads them."""
    from generator.readers import read_document

    return side.text if isinstance(side, Document) else read_document(side).text


def test_a_number_dropped_with_words_added_reads_as_one_deletion_and_one_insertion() -> None:
    # Exact, but read "[-1.-]{+New+}[-→-]{+·+}Definitions": the tab after OLD's number and the
    # space after NEW's word each an edit of its own, between the two.
    old = _blocks(Paragraph((Run("Definitions. In addition."),), number="1."))
    new = _blocks(Paragraph((Run("New Definitions. In addition."),)))
    redline = diff(old, new)
    (block,) = redline.parts[0].document.blocks
    assert isinstance(block, Paragraph) and block.number is None
    assert [(r.text, r.change) for r in block.runs] == [
        ("1.\t", "delete"),
        ("New ", "insert"),
        ("Definitions. In addition.", None),
    ]
    data = redline.write("docx")
    assert resolve(data, "accept") == resolve(_docx(new), "accept")
    assert resolve(data, "reject") == resolve(_docx(old), "accept")


_CAPTIONS = st.sampled_from(["Definitions.", "In", "addition.", "the", "Party", "shall", "x"])
_NUMBERED = st.builds(
    lambda words, number: Paragraph((Run(" ".join(words)),), number=number),
    st.lists(_CAPTIONS, min_size=1, max_size=5),
    st.sampled_from([None, "1.", "2.", "(a)", "(b)"]),
)


@settings(max_examples=150, deadline=None)
@given(st.lists(_NUMBERED, min_size=1, max_size=3), st.lists(_NUMBERED, min_size=1, max_size=3))
def test_numbered_paragraphs_resolve_exactly_tabs_included(
    old_blocks: list[Paragraph], new_blocks: list[Paragraph]
) -> None:
    # Each side's paragraphs exactly, the tab after each number included: a random check of
    # 3,000 such pairs found some 280 whose "Reject all" put a space after OLD's number, or a
    # tab after a word of OLD's where NEW's number stood.
    old, new = _blocks(*old_blocks), _blocks(*new_blocks)
    data = diff(old, new).write("docx")
    assert resolve(data, "accept") == resolve(_docx(new), "accept")
    assert resolve(data, "reject") == resolve(_docx(old), "accept")


def _guessed(document: Document, cuts: list[bool]) -> Document:
    """Return `document` as a ``.txt`` of it reads: its lines (a signature block's each one,
    a number typed before its words), lumped into paragraphs where `cuts` says."""
    lines: list[str] = []
    for block in document.blocks:
        if isinstance(block, SignatureBlock):
            lines.extend(block.lines)
        else:
            number = getattr(block, "number", None)
            lines.append(f"{number} {block.text}" if number else block.text)
    paragraphs_: list[str] = []
    for k, line in enumerate(lines):
        if k and cuts[k % len(cuts)]:
            paragraphs_.append(line)
        else:
            paragraphs_[-1:] = [" ".join([*paragraphs_[-1:], line])]
    return Document("t", "T", tuple(Paragraph((Run(p),)) for p in paragraphs_))


@settings(max_examples=200, deadline=None)
@given(_BLOCKS, _BLOCKS, st.lists(st.booleans(), min_size=1, max_size=8), st.booleans())
def test_any_document_against_a_guessed_one_round_trips_its_words(
    old: Document, new: Document, cuts: list[bool], flip: bool
) -> None:
    # Against a .txt (paragraphs guessed, signature blocks read as lines run together), some
    # 1 in 50 random pairs lost or doubled OLD's words on "Reject all": the words of OLD's
    # paragraph kept with a signature block, laid out again after it; a number kept as the
    # paragraph's with OLD's deleted words before its tab.
    old, new = (_guessed(old, cuts), new) if flip else (old, _guessed(new, cuts))
    data = Redline("o", "n", (compare(old, new, paragraphs=False),)).write("docx")
    plain = Folding(furniture=False)  # a "1" alone on a line is no page number here
    assert tokens("\n".join(resolve(data, "accept")), plain) == tokens(new.text, plain)
    assert tokens("\n".join(resolve(data, "reject")), plain) == tokens(old.text, plain)


def test_the_terminal_redline_moves_a_replacement_to_the_next_line_whole() -> None:
    # "[-obligations-]{+expenses+}" has no space inside: it used to stay at the line's end and
    # run past the width, as no break could be made between its two marks.
    from generator.model import Paragraph, Run
    from generator.redline_terminal import _document_lines, _show

    runs = (Run("and actually incurred "), Run("obligations", change="delete"),
            Run("expenses", change="insert"), Run(" set forth herein"))  # fmt: skip
    lines = [_show(ln, False) for ln in _document_lines((Paragraph(runs),), 40)]
    assert lines == ["and actually incurred", "[-obligations-]{+expenses+} set forth", "herein"]
    assert all(len(ln) <= 40 for ln in lines)


def test_a_redline_asked_for_an_unknown_format_names_the_argument_not_the_cli_option() -> None:
    # From Python it said "--format: the generator can write ...", an option of the CLI.
    redline = diff(SEED, SEED, "release")
    with pytest.raises(GeneratorError, match=r"^format: docgen can write txt, .*'rtf'$"):
        redline.write("rtf")


def test_the_note_on_the_agreement_picked_names_the_python_argument() -> None:
    # From Python it said "(--document picks another)", an option of the CLI.
    redline = diff(SOURCES["release"], SEED)
    assert redline.notes[0].endswith("'s (document picks another)")
