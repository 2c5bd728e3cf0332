"""The assertions users call from their own pytest suites."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from generator import TermSheetError, assemble
from generator.model import Document, Paragraph, Run
from generator.testing import (
    assert_clause,
    assert_clause_order,
    assert_no_clause,
    assert_romanettes_run,
    assert_text,
    section_number,
    variant,
)
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
        AssertionError,
        match=r"no clause 'contribtion' \(a typo\?\); did you mean 'contribution'\? its",
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
    # A Python bool where a mapping goes is shown as a sheet would write it, not as 'False'.
    with pytest.raises(TermSheetError, match=r"expected a mapping of keys, got 'false'$"):
        variant(SEED, {"indemnification.separate_counsel": False})


def test_variant_deleting_a_key_that_is_not_there_leaves_the_sheet_as_it_is() -> None:
    plain = variant(SEED, {"release.exhibit": None})
    assert variant(plain, {"release.exhibit": None}) == plain  # a real key, absent: nothing to do


def test_variant_deleting_a_misspelt_key_names_it() -> None:
    with pytest.raises(
        TermSheetError, match=r"release.exhibitt: unknown key; did you mean 'exhibit'"
    ):
        variant(SEED, {"release.exhibitt": None})


def test_variant_deleting_below_a_misspelt_key_names_it() -> None:
    # The misspelt key, not the whole path: "bogus.deeper: unknown key" blamed 'deeper'.
    # (Named "(variant)", as every other problem of a variant is.)
    with pytest.raises(TermSheetError, match=r"yaml \(variant\): releas: unknown key; did you "):
        variant(SEED, {"releas.exhibit": None})
    with pytest.raises(TermSheetError, match=r"\(variant\): bogus: unknown key; expected one of "):
        variant(SEED, {"bogus.deeper": None})
    with pytest.raises(TermSheetError, match=r"exhibt: .* \(in the change 'release.exhibt.x'\)"):
        variant(SEED, {"release.exhibt.x": None})


_SHEETS = sorted(
    [*Path("variables").glob("*.yaml"), *Path("tests/cases").glob("*/sheet.yaml")], key=str
)


@pytest.mark.parametrize("sheet", _SHEETS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_a_term_sheet_is_a_base_as_good_as_its_file(sheet: Path) -> None:
    loaded = variant(sheet, {})
    assert variant(loaded, {}) == loaded


def test_variant_takes_a_term_sheet_as_its_base() -> None:
    once = variant(SEED, {"indemnitors.0.pronoun": "she"})
    twice = variant(once, {"indemnification.contribution": False})
    assert twice.indemnitors[0].pronoun == "she" and twice.indemnification.contribution is False


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


def test_a_near_miss_is_shown_beside_the_passage_it_missed() -> None:
    doc = assemble("indemnification", SEED)
    with pytest.raises(AssertionError) as info:
        assert_clause(doc, "survival", contains="for a period of five (5) years")
    assert str(info.value).endswith(
        "the nearest passage reads:\n...n law or otherwise, and (ii) shall remain operative and "
        "in full force and effect for a period of [found: three (3) | wanted: five (5)] years "
        "following the date hereof."
    )
    with pytest.raises(AssertionError, match=r"reads:\n6\. Survival\. The indemnity"):
        assert_clause(doc, "survival", contains="nothing of the kind appears anywhere")


def test_assert_text_looks_at_the_whole_document() -> None:
    doc = assemble("release", SEED)
    assert assert_text(doc, contains="GENERAL RELEASE", excludes="Survival").startswith("EXHIBIT")
    with pytest.raises(AssertionError) as info:
        assert_text(doc, excludes="penultimate")
    assert str(info.value).startswith("release contains 'penultimate', here:\n...")
    assert "as provided in the >>>penultimate<<< paragraph of this Release." in str(info.value)
    with pytest.raises(AssertionError, match=r"does not contain 'xyzzy plugh'; no passage comes"):
        assert_text(doc, contains="xyzzy plugh")  # not the whole document printed instead


@pytest.mark.parametrize("check", [assert_no_clause, assert_clause])
def test_a_term_sheet_in_place_of_a_document_is_named(check: Callable[..., Any]) -> None:
    with pytest.raises(TypeError, match=r"expected a Document.*assemble\(document_id, sheet\)"):
        check(variant(SEED, {}), "survival")


def test_variant_says_what_is_wrong_with_its_arguments(tmp_path: Path) -> None:
    with pytest.raises(TermSheetError, match=r"missing\.yaml: cannot read the base: No such file"):
        variant(tmp_path / "missing.yaml", {})
    with pytest.raises(TypeError, match="changes must be a mapping of dotted keys, got a list"):
        variant(SEED, [("release.exhibit", None)])  # type: ignore[arg-type]


_PLUGIN_SUITE = """
from generator import assemble

def test_mistyped_template(tmp_path):
    (tmp_path / "memo.xml.j2").write_text(
        '<document id="memo" title="M"><para>{{ company.nmae }}</para></document>'
    )
    assemble("memo", SHEET, templates=tmp_path)

def test_variant_fixture(docgen_variant):
    docgen_variant(SHEET, {"indemnification.survival_years": "three"})
"""


@pytest.mark.parametrize("loading", ["autoload", "pytest_plugins", "-p"])
def test_the_plugin_reports_docgen_errors_at_the_tests_lines(tmp_path: Path, loading: str) -> None:
    import os
    import subprocess
    import sys

    suite = tmp_path / "suite"
    suite.mkdir()
    (suite / "test_firm.py").write_text(
        f"SHEET = {str(Path(SEED).resolve())!r}\n{_PLUGIN_SUITE}", encoding="utf-8"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}
    args = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", str(suite)]
    if loading == "pytest_plugins":  # registered by its entry point as well: once is enough
        (suite / "conftest.py").write_text('pytest_plugins = ["generator.testing"]\n')
    elif loading == "-p":
        env["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"
        args[3:3] = ["-p", "generator.testing"]
    done = subprocess.run(args, capture_output=True, text=True, env=env, cwd=tmp_path, timeout=300)
    assert "2 failed" in done.stdout, done.stdout + done.stderr
    assert "memo.xml.j2:1: a Company has no attribute 'nmae'; did you mean name?" in done.stdout
    assert "survival_years: expected a whole number of years" in done.stdout
    assert f"{os.sep}generator{os.sep}" not in done.stdout  # no frame of the package's own
    full = subprocess.run(
        [*args, "--fulltrace"], capture_output=True, text=True, env=env, cwd=tmp_path, timeout=300
    )
    assert f"generator{os.sep}assembly.py" in full.stdout  # asked for: every frame


def test_failures_show_the_documents_own_characters() -> None:
    # Shown from the compared (folded) text, an em dash read as "-" and curly quotes straight:
    # the test's author went looking for a hyphen.
    doc = Document(
        "t", "T", (Paragraph((Run("The \u201cParty\u201d shall survive \u2014 three years."),),
                             clause="survival"),),
        template_clauses=frozenset({"survival"}),
    )  # fmt: skip
    with pytest.raises(AssertionError) as info:
        assert_clause(doc, "survival", contains="survive three years")
    assert "shall survive [found: \u2014] three" in str(info.value)
    with pytest.raises(AssertionError) as info:
        assert_clause(doc, "survival", excludes='"Party"')
    assert "The >>>\u201cParty\u201d<<< shall" in str(info.value)


def test_romanettes_run_and_are_renumbered_when_a_condition_is_off() -> None:
    doc = assemble("indemnification", SEED)
    assert assert_romanettes_run(doc, "assumption_of_defense") == [
        ["(i)", "(ii)", "(iii)"],
        ["(i)", "(ii)"],
    ]
    off = variant(SEED, {"indemnification.separate_counsel.conflict_of_interest": False})
    lists = assert_romanettes_run(assemble("indemnification", off), "assumption_of_defense")
    assert lists == [["(i)", "(ii)"], ["(i)", "(ii)"]]
    gap = Document("t", "T", (Paragraph((Run("if (a) x, (b) y, (i) a or (iii) b"),)),))
    with pytest.raises(AssertionError, match=r"romanette \(iii\) follows \(i\); \(ii\) is missing"):
        assert_romanettes_run(gap)
    letters = Document("t", "T", (Paragraph((Run("(g) x, (h) y, (i) z and (i) a, (ii) b"),)),))
    assert assert_romanettes_run(letters) == [["(i)", "(ii)"]]  # the first (i) is a letter


def test_romanettes_run_refuses_a_lone_i_and_finds_none_where_none_are() -> None:
    # The filing's release numbers its one consideration "(i)": the slip its wording keeps.
    with pytest.raises(AssertionError, match=r"release: a lone romanette \(i\), with no \(ii\)"):
        assert_romanettes_run(assemble("release", SEED))
    fixed = variant(SEED, {"filed_wording": False})
    assert assert_romanettes_run(assemble("release", fixed)) == []
    one = variant(
        SEED,
        {
            "indemnification.separate_counsel.conflict_of_interest": False,
            "indemnification.separate_counsel.different_defenses": False,
        },
    )
    lists = assert_romanettes_run(assemble("indemnification", one), "assumption_of_defense")
    assert lists == [["(i)", "(ii)"]]  # the lone condition has no romanette; the other list stays


def test_section_number_names_the_section_a_clause_opens() -> None:
    doc = assemble("indemnification", SEED)
    assert section_number(doc, "survival") == "6"
    off = assemble("indemnification", variant(SEED, {"indemnification.contribution": False}))
    assert section_number(off, "survival") == "5"  # renumbered with contribution off
    with pytest.raises(AssertionError, match="no clause 'contribution', so no section number"):
        section_number(off, "contribution")
    # A clause inside a section (a sentence of it) gives the section that holds it.
    assert section_number(doc, "separate_counsel") == "4"
    assert section_number(off, "separate_counsel") == "4"


@pytest.mark.parametrize(
    "check",
    [
        lambda doc: assert_text(doc),
        lambda doc: assert_text(doc, contains=[], excludes=()),
        lambda doc: assert_clause_order(doc),
    ],
    ids=["assert_text", "assert_text_empty_lists", "assert_clause_order"],
)
def test_an_assertion_given_nothing_to_check_is_refused(
    check: Callable[[Document], None],
) -> None:
    # With nothing to look for, each passed whatever the document said.
    with pytest.raises(ValueError, match=r"^assert_(text|clause_order): give "):
        check(assemble("release", SEED))


def test_assert_text_takes_its_texts_from_a_generator_once() -> None:
    doc = assemble("release", SEED)
    with pytest.raises(AssertionError, match="does not contain 'nowhere at all'"):
        assert_text(doc, contains=(text for text in ["nowhere at all"]))


ONE_PARTY_SHE = "variables/acme-one-party.yaml"


def test_a_pronoun_is_a_whole_word_not_part_of_another() -> None:
    # The party is "she"; "This" holds "his" and "the" holds "he". Both passed.
    doc = assemble("indemnification", ONE_PARTY_SHE)
    for pronoun in ("his", "he"):
        with pytest.raises(AssertionError, match=f"does not contain '{pronoun}'"):
            assert_text(doc, contains=pronoun)
        with pytest.raises(AssertionError, match=f"does not contain '{pronoun}'"):
            assert_clause(doc, "preamble", contains=pronoun)
    assert_text(doc, contains="her", excludes=["his", "he", "himself"])  # "This" failed it


def test_a_text_bounded_by_marks_is_found_beside_other_marks() -> None:
    doc = assemble("indemnification", ONE_PARTY_SHE)
    assert_clause(doc, "preamble", contains=['(the "Company")', "2nd day", "Inc., a New"])
    with pytest.raises(AssertionError, match=r'the >>>"Company"<<<\), and'):
        assert_clause(doc, "preamble", excludes='"Company"')


@pytest.mark.parametrize("key", [1, ("indemnification", "contribution")])
def test_a_change_keyed_by_other_than_a_dotted_path_says_so(key: Any) -> None:
    # It was "AttributeError: 'int' object has no attribute 'split'".
    with pytest.raises(TypeError, match=r"variant: each key of changes is a dotted path such as"):
        variant(SEED, {key: False})


def test_a_clause_id_given_as_a_list_is_a_type_error_that_says_so() -> None:
    doc = assemble("indemnification", SEED)
    with pytest.raises(TypeError, match=r"a clause id is a text .* one by one: \*ids"):
        assert_clause_order(doc, ["preamble", "survival"])  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="a clause id is a text"):
        assert_no_clause(doc, ["contribution"])  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="a clause id is a text"):
        assert_clause(doc, 3)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("document", "clause_id", "other"),
    [("release", "survival", "indemnification"), ("indemnification", "addressee", "release")],
)
def test_a_clause_of_the_other_agreement_is_named_so_not_a_typo(
    document: str, clause_id: str, other: str
) -> None:
    # It said "its template has no clause 'survival' (a typo?)": the id was right, the
    # document wrong.
    doc = assemble(document, SEED)
    with pytest.raises(AssertionError) as info:
        assert_no_clause(doc, clause_id)
    assert str(info.value).startswith(
        f"{document}: its template has no clause {clause_id!r}, a clause of the {other} "
        f"agreement: assert on assemble({other!r}, sheet); its clauses are: "
    )


def test_a_firms_template_of_a_built_in_name_is_not_sent_to_the_other(tmp_path: Path) -> None:
    (tmp_path / "release.xml.j2").write_text(
        '<document id="release" title="R"><para clause="body">x</para></document>',
        encoding="utf-8",
    )
    doc = assemble("release", SEED, templates=tmp_path)
    with pytest.raises(AssertionError, match=r"no clause 'survival' \(a typo\?\)"):
        assert_no_clause(doc, "survival")


def test_variant_names_a_document_given_as_its_base() -> None:
    # It was pathlib's "expected str, bytes or os.PathLike object, not Document", under a
    # repr of the whole document, from inside pathlib.
    doc = assemble("release", SEED)
    with pytest.raises(TypeError) as info:
        variant(doc, {"counterparts": True})  # type: ignore[arg-type]
    assert str(info.value) == (
        "variant: base is a term sheet's YAML path, a mapping or a TermSheet, got a Document "
        "('release'); a document is not a term sheet: pass the sheet it was assembled from"
    )


def test_a_term_sheet_in_place_of_a_document_is_named_without_its_repr() -> None:
    with pytest.raises(TypeError) as info:
        assert_clause(variant(SEED, {}), "survival")  # type: ignore[arg-type]
    assert str(info.value) == (
        "expected a Document, as assemble() returns, got a TermSheet; "
        "assemble(document_id, sheet) makes one"
    )


def test_a_relative_base_not_found_names_the_folder_it_was_looked_for_in(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(TermSheetError) as info:
        variant("variables/nhtc-2006.yaml", {})
    assert str(info.value) == (
        "variables/nhtc-2006.yaml: cannot read the base: No such file or directory (a "
        f"relative path is read from the current folder, {tmp_path})"
    )


def test_an_item_past_a_lists_end_says_which_there_are_and_which_appends() -> None:
    with pytest.raises(TermSheetError) as info:
        variant(SEED, {"indemnitors.3": {"name": "X", "pronoun": "he"}})
    assert str(info.value) == (
        f"{SEED} (variant): indemnitors.3: no item '3' in a list of 2 items (items 0 to 1; "
        "2 appends one)"
    )


def test_an_item_of_an_empty_list_says_the_list_is_empty() -> None:
    with pytest.raises(TermSheetError) as info:
        variant(SEED, {"indemnitors": [], "indemnitors.1": {"name": "X", "pronoun": "he"}})
    assert str(info.value) == (
        f"{SEED} (variant): indemnitors.1: no item '1': the list is empty, 0 appends one"
    )
