"""Term sheet validation: every problem at once, each naming file, line and field."""

from __future__ import annotations

import datetime as dt
import json
import os
from decimal import Decimal
from pathlib import Path

import pytest

from generator.errors import TermSheetError
from generator.schema import schema_json
from generator.termsheet import (
    TermSheet,
    load_term_sheet,
    parse_term_sheet,
    validate_term_sheet,
)
from tests.conftest import ROOT, SEED

SEED_TEXT = SEED.read_text(encoding="utf-8")


def problems(text: str) -> list[str]:
    with pytest.raises(TermSheetError) as info:
        parse_term_sheet(text, "t.yaml")
    return [str(p) for p in info.value.problems]


def replace_line(old: str, new: str) -> str:
    assert old in SEED_TEXT
    return SEED_TEXT.replace(old, new, 1)


def test_seed_loads_with_exact_types() -> None:
    sheet = load_term_sheet(SEED)
    assert sheet.effective_date == dt.date(2006, 10, 31)
    assert sheet.release.consideration == Decimal("10.00")
    assert sheet.indemnification.survival_years == 3
    assert sheet.indemnitors[0].release_name == "Terry LaCore"
    assert sheet.signatures == "conformed"
    assert sheet.filed_wording is True


def test_unknown_key_suggests_the_right_one() -> None:
    text = replace_line("  jurisdiction: Delaware", "  jurisdicton: Delaware")
    found = problems(text)
    assert any("company.jurisdicton: unknown key; did you mean 'jurisdiction'?" in p for p in found)
    assert any("company.jurisdiction: required, but missing" in p for p in found)


def test_every_problem_is_reported_at_once_with_its_line() -> None:
    text = (
        SEED_TEXT.replace("effective_date: 2006-10-31", "effective_date: 2006-02-30")
        .replace("pronoun: he                   # he", "pronoun: him                  # he")
        .replace("survival_years: 3 ", "survival_years: three ")
        .replace("consideration: 10.00", "consideration: -10.00")
        .replace("signatures: conformed", "signatures: wet")
    )
    found = problems(text)
    assert len(found) == 5, found
    lines = {p.split(":")[1] for p in found}
    assert len(lines) == 5
    joined = "\n".join(found)
    assert "effective_date: expected a real date" in joined
    assert "indemnitors.0.pronoun: expected he, she, they or it, got 'him'" in joined
    assert "indemnification.survival_years: expected a whole number of years (1-99)" in joined
    assert "release.consideration: expected an amount of money" in joined
    assert "signatures: expected conformed or blank, got 'wet'" in joined


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("effective_date: 2006-10-31", "effective_date: 31/10/2006", "expected a date as YYYY"),
        ("survival_years: 3 ", "survival_years: 0 ", "1-99"),
        ("survival_years: 3 ", "survival_years: 100 ", "1-99"),
        ("survival_years: 3 ", "survival_years: 3.5 ", "1-99"),
        ("consideration: 10.00", "consideration: 10.005", "at most two decimal places"),
        ("consideration: 10.00", "consideration: 10.0050", "at most two decimal places"),
        ("consideration: 10.00", "consideration: 0", "more than zero"),
        ("consideration: 10.00", "consideration: ten", "expected an amount of money"),
        ("specified_conduct: true", "specified_conduct: yes", "expected true or false"),
        ("specified_conduct: true", "specified_conduct: 1", "expected true or false"),
        ("  name: Natural Health Trends Corp.", "  name: ''", "expected text"),
        ("  name: Natural Health Trends Corp.", "  name: [a, b]", "expected text, got a list"),
        ("  name: Natural Health Trends Corp.", '  name: "A\\x00B"', "U+0000"),
        ("  name: Natural Health Trends Corp.", '  name: "A\\x0bB"', "U+000B"),
        ("  name: Natural Health Trends Corp.", '  name: "A\\nB"', "single line"),
        ("  name: Natural Health Trends Corp.", '  name: "A\\x85B"', "single line"),  # NEL
        ("  name: Natural Health Trends Corp.", "  name: " + "x" * 500, "at most 120"),
        ("entity_type: corporation", "entity_type: partnership", "expected corporation"),
    ],
)
def test_bad_values_name_field_and_expectation(old: str, new: str, message: str) -> None:
    found = problems(replace_line(old, new))
    assert len(found) == 1, found
    assert message in found[0]
    assert found[0].startswith("t.yaml:")


def test_empty_party_list_is_refused() -> None:
    text = (
        SEED_TEXT.split("indemnitors:")[0]
        + "indemnitors: []\n"
        + ("related_agreement" + SEED_TEXT.split("related_agreement", 1)[1])
    )
    assert any("indemnitors: expected at least one party" in p for p in problems(text))


def test_strings_stay_strings() -> None:
    text = replace_line("short_name: LaCore", "short_name: NO").replace(
        'exhibit: "10.3"', "exhibit: 0755"
    )
    sheet = parse_term_sheet(text)
    assert sheet.indemnitors[0].short_name == "NO"
    assert sheet.indemnification.exhibit == "0755"


def test_money_keeps_its_decimal_places() -> None:
    sheet = parse_term_sheet(replace_line("consideration: 10.00", "consideration: 1.10"))
    assert sheet.release.consideration == Decimal("1.10")
    assert str(sheet.release.consideration) == "1.10"


@pytest.mark.parametrize("written", ["10.000", "'10.000'", "10.0000000", "$10.000"])
def test_zeros_past_the_cents_are_whole_cents(written: str) -> None:
    sheet = parse_term_sheet(replace_line("consideration: 10.00", f"consideration: {written}"))
    assert str(sheet.release.consideration) == "10.00"
    from generator.assembly import assemble

    assert "Ten Dollars ($10.00)" in assemble("release", sheet).text


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        (Decimal("10.000"), None),
        (Decimal("10.005"), "in whole cents, with at most two decimal places, got '10.005'"),
        (Decimal("NaN"), "more than zero and below ten trillion, got 'NaN'"),
        (Decimal("Infinity"), "more than zero and below ten trillion, got 'Infinity'"),
    ],
)
def test_money_given_as_a_decimal_from_python(amount: Decimal, words: str | None) -> None:
    data = load_term_sheet(SEED).model_dump()
    data["release"]["consideration"] = amount
    if words is None:
        assert validate_term_sheet(data).release.consideration == Decimal("10.00")
        return
    with pytest.raises(TermSheetError) as info:  # a problem, never a crash
        validate_term_sheet(data)
    assert [str(p) for p in info.value.problems] == [
        f"<mapping>: release.consideration: expected an amount of money {words}"
    ]


def test_unknown_state_needs_a_statute() -> None:
    found = problems(replace_line("jurisdiction: Delaware", "jurisdiction: Wyoming"))
    assert len(found) == 1
    assert "company.jurisdiction: no corporate statute is known for 'Wyoming'" in found[0]
    assert "(for a Wyoming corporation, 'Wyoming Business Corporation Act')" in found[0]


def test_unknown_state_is_fine_without_the_charter_carve_out() -> None:
    text = replace_line("jurisdiction: Delaware", "jurisdiction: Wyoming").replace(
        "charter_indemnification: true", "charter_indemnification: false"
    )
    assert parse_term_sheet(text).company.jurisdiction == "Wyoming"


def test_duplicate_short_names_and_entity_without_signatory() -> None:
    text = replace_line("short_name: Woodburn", "short_name: LaCore").replace(
        "    pronoun: he\nrelated", "    pronoun: it\nrelated"
    )
    found = problems(text)
    assert any("indemnitors.1.short_name: the short name 'LaCore' is already" in p for p in found)
    assert any("indemnitors.1.signatory: required for a party whose pronoun is 'it'" in p
               for p in found)  # fmt: skip


def test_checks_across_fields_run_beside_field_errors() -> None:
    # Two parties share a short name, one is an entity without a signatory, the state has no
    # known statute, and the release has two bad fields: one run reports all five, in line order.
    text = replace_line("short_name: Woodburn", "short_name: LaCore").replace(
        "    pronoun: he\nrelated", "    pronoun: it\nrelated"
    )
    text = text.replace("jurisdiction: Delaware", "jurisdiction: Wyoming")
    text = text.replace("consideration: 10.00", "consideration: -1")
    text = text.replace("page_label: F-2-{page}", 'page_label: "F-{pg}"')
    found = problems(text)
    assert [p.split(": ")[1] for p in found] == [
        "company.jurisdiction",
        "indemnitors.1.signatory",  # missing: the line of its party
        "indemnitors.1.short_name",
        "release.consideration",
        "release.page_label",
    ]
    lines = [int(p.split(":")[1]) for p in found]
    assert lines == sorted(lines)


def test_checks_across_fields_skip_parts_that_are_invalid() -> None:
    # The second party's pronoun is wrong: no check of the parties runs on a half-valid list.
    text = replace_line("short_name: Woodburn", "short_name: LaCore").replace(
        "    pronoun: he\nrelated", "    pronoun: xe\nrelated"
    )
    found = problems(text)
    assert len(found) == 1 and "indemnitors.1.pronoun: expected he, she, they or it" in found[0]


def test_page_label_needs_the_page_placeholder() -> None:
    text = replace_line("page_label: F-2-{page}", 'page_label: "F-2-"')
    assert any("release.page_label: expected a label holding {page}" in p for p in problems(text))


def test_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(TermSheetError, match="no such file"):
        load_term_sheet(tmp_path / "nope.yaml")
    with pytest.raises(TermSheetError) as raised:
        load_term_sheet(tmp_path)
    assert str(raised.value) == (
        f"{tmp_path}: this is a folder, not a term sheet; name its sheets ({tmp_path}/*.yaml), "
        "or render them all with docgen batch"
    )


def test_top_level_must_be_a_mapping() -> None:
    assert "expected a mapping of keys at the top level" in problems("- a\n- b\n")[0]


def test_committed_schema_is_current() -> None:
    committed = (ROOT / "schema" / "term-sheet.schema.json").read_text(encoding="utf-8")
    assert committed == schema_json(), "run: docgen schema --out schema/term-sheet.schema.json"


def test_schema_lists_every_top_level_key() -> None:
    data = json.loads(schema_json())
    assert set(data["properties"]) == set(TermSheet.model_fields)
    assert data["additionalProperties"] is False


def test_schema_states_the_text_limits_the_check_enforces() -> None:
    # For an editor validating a sheet as it is typed: the same limits as the check's.
    defs = json.loads(schema_json())["$defs"]
    name = defs["Company"]["properties"]["name"]
    assert (name["minLength"], name["maxLength"]) == (1, 120)
    assert defs["Release"]["properties"]["page_label"]["maxLength"] == 20
    abbreviation = defs["Company"]["properties"]["statute_abbreviation"]["anyOf"][0]
    assert abbreviation["maxLength"] == 12
    too_long = replace_line("  name: Natural Health Trends Corp.", "  name: " + "N" * 121)
    assert any("company.name: expected at most 120 characters" in p for p in problems(too_long))
    longest = replace_line("  name: Natural Health Trends Corp.", "  name: " + "N" * 120)
    assert parse_term_sheet(longest, "t.yaml").company.name == "N" * 120


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_named_pipe_with_no_writer_is_not_waited_on(tmp_path: Path) -> None:
    fifo = tmp_path / "sheet.yaml"
    os.mkfifo(fifo)
    with pytest.raises(TermSheetError) as info:
        load_term_sheet(fifo)  # would block for ever if opened the ordinary way
    assert str(info.value) == f"{fifo}: a named pipe that nothing was written to"


@pytest.mark.skipif(not Path("/dev/fd").is_dir(), reason="no /dev/fd on this system")
def test_a_pipe_is_read_as_process_substitution_gives_it() -> None:
    read_end, write_end = os.pipe()
    os.write(write_end, SEED.read_bytes())
    os.close(write_end)
    try:
        sheet = load_term_sheet(f"/dev/fd/{read_end}")  # as `docgen check <(make-sheet)`
    finally:
        os.close(read_end)
    assert sheet.company.name == "Natural Health Trends Corp."


# -- what a new deal gets right by default ---------------------------------------------------------

NEW_DEAL = """\
effective_date: 2025-01-22
company:
  name: Beta Corp.
  jurisdiction: ohio
  signatory: {name: Bo Chan, title: President}
indemnitors:
  - {name: Alex Kim, short_name: Kim, pronoun: she}
release: {consideration: 10}
"""


def test_a_us_state_is_spelled_as_usual_whatever_the_drafter_wrote() -> None:
    assert parse_term_sheet(NEW_DEAL).company.jurisdiction == "Ohio"
    assert parse_term_sheet(NEW_DEAL.replace("ohio", "NY")).company.jurisdiction == "New York"


def test_the_specified_conduct_carve_out_is_off_unless_asked_for() -> None:
    sheet = parse_term_sheet(NEW_DEAL)
    assert sheet.indemnification.conduct_carve_outs.specified_conduct is False
    assert load_term_sheet(SEED).indemnification.conduct_carve_outs.specified_conduct is True


def test_enumerated_words_may_be_written_in_any_case() -> None:
    text = NEW_DEAL.replace("pronoun: she", "pronoun: She").replace(
        "  signatory:", "  entity_type: Corporation\n  signatory:"
    ) + (
        "indemnification: {survival_years: Indefinite, contribution: FALSE}\n"
        "signatures: Conformed\nfiled_wording: True\n"
    )
    sheet = parse_term_sheet(text)
    assert sheet.indemnitors[0].pronoun == "she"
    assert sheet.company.entity_type == "corporation"
    assert sheet.indemnification.survival_years == "indefinite"
    assert sheet.indemnification.contribution is False
    assert sheet.signatures == "conformed"
    assert sheet.filed_wording is True


@pytest.mark.parametrize(
    ("old", "new", "problem"),
    [
        (
            "pronoun: she",
            "pronoun: \u017fhe",
            "indemnitors.0.pronoun: expected he, she, they or it",
        ),
        ("release:", "signatures: blan\u212a\nrelease:", "signatures: expected conformed or blank"),
    ],
)
def test_only_ascii_is_folded_so_lookalikes_stay_refused(old: str, new: str, problem: str) -> None:
    [found] = problems(NEW_DEAL.replace(old, new, 1))
    assert problem in found


def test_a_short_name_may_not_be_a_defined_term() -> None:
    found = problems(NEW_DEAL.replace("short_name: Kim", "short_name: Company"))
    assert found == [
        "t.yaml:7: indemnitors.0.short_name: expected a name of the party's own, got "
        "'Company', a term the agreements define for something else"
    ]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (
            "the Merger Agreement",
            "expected the name without 'the' (the agreements write 'the Merger Agreement'), "
            "got 'the Merger Agreement'",
        ),
        (
            "Agreement",
            "expected the related agreement's own name (e.g. 'Merger Agreement'), got "
            "'Agreement', a term the agreements define for something else",
        ),
    ],
)
def test_the_related_agreement_is_a_name_of_its_own(value: str, message: str) -> None:
    assert problems(NEW_DEAL + f"related_agreement: {value}\n") == [
        f"t.yaml:9: related_agreement: {message}"
    ]


def test_short_names_differing_only_in_case_are_one_name() -> None:
    text = NEW_DEAL.replace(
        "  - {name: Alex Kim, short_name: Kim, pronoun: she}\n",
        "  - {name: Alex Kim, short_name: Kim, pronoun: she}\n"
        "  - {name: Lee Kim, short_name: KIM, pronoun: he}\n",
    )
    assert problems(text) == [
        "t.yaml:8: indemnitors.1.short_name: the short name 'KIM' is already given (as 'Kim') "
        "to indemnitors.0; each party needs its own"
    ]


def test_a_lone_party_needs_no_short_name_but_each_of_several_does() -> None:
    alone = NEW_DEAL.replace("short_name: Kim, ", "")
    assert parse_term_sheet(alone).indemnitors[0].short_name is None
    several = alone.replace(
        "release:", "  - name: Lee Park\n    pronoun: he\n    short_name: Park\nrelease:"
    )
    assert problems(several) == [
        "t.yaml:7: indemnitors.0.short_name: required when there are several indemnitors: the "
        'opening defines each by it ("LaCore"), and the group collectively with the others'
    ]


@pytest.mark.parametrize(
    ("old", "new", "problem"),
    [
        (
            "release:",
            "related_agreement: kim\nrelease:",
            "t.yaml:8: related_agreement: 'kim' already names indemnitors.0 (its short name)",
        ),
        (
            "short_name: Kim",
            "short_name: OGCL",  # Ohio's statute, abbreviated by the table
            "t.yaml:7: indemnitors.0.short_name: 'OGCL' already names the Ohio General "
            "Corporation Law (its abbreviation by default)",
        ),
        (
            "short_name: Kim",
            "short_name: January 2025 Agreement",  # the related agreement's default name
            "t.yaml:7: indemnitors.0.short_name: 'January 2025 Agreement' already names the "
            "related agreement (its name by default, from the date)",
        ),
        (
            "  signatory: {name: Bo",
            "  statute_abbreviation: KIM\n  signatory: {name: Bo",
            "t.yaml:5: company.statute_abbreviation: 'KIM' already names indemnitors.0",
        ),
    ],
)
def test_a_term_the_sheet_defines_names_one_thing(old: str, new: str, problem: str) -> None:
    assert old in NEW_DEAL
    [found] = problems(NEW_DEAL.replace(old, new, 1))
    assert found.startswith(problem)
    assert found.endswith("a defined term names one thing: give one of them another name")


def test_a_statute_abbreviation_off_duty_may_match_a_short_name() -> None:
    # The charter carve-out off, the statute is cited nowhere: its abbreviation defines nothing.
    off = "indemnification:\n  conduct_carve_outs: {charter_indemnification: false}\nrelease:"
    parse_term_sheet(
        NEW_DEAL.replace("short_name: Kim", "short_name: OGCL").replace("release:", off)
    )


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("  statute_abbreviation: company\n", "expected the statute's own abbreviation"),
        ("  corporate_statute: the Ohio Act\n", "expected the name without 'the' (the agreements "
         "write 'the Ohio Act'), got 'the Ohio Act'"),
    ],
)  # fmt: skip
def test_statute_names_read_right_after_the(line: str, message: str) -> None:
    [found] = problems(NEW_DEAL.replace("  signatory: {name: Bo", line + "  signatory: {name: Bo"))
    assert message in found


@pytest.mark.parametrize(
    ("old", "new", "problem"),
    [
        (
            "  signatory: {name: Bo",
            "  charter_document: the memorandum and articles\n  signatory: {name: Bo",
            "t.yaml:5: company.charter_document: expected the name without 'the' (the agreements "
            "write 'the Company's memorandum and articles'), got 'the memorandum and articles'",
        ),
        (
            "  signatory: {name: Bo",
            "  statute_abbreviation: The Act\n  signatory: {name: Bo",
            "t.yaml:5: company.statute_abbreviation: expected the name without 'the' (the "
            "agreements write 'the Act'), got 'The Act'",
        ),
        (
            "short_name: Kim",
            "short_name: the Trust",
            "t.yaml:7: indemnitors.0.short_name: expected the name without 'the' (the agreements "
            "write '(\"Trust\")'), got 'the Trust'",
        ),
    ],
)
def test_a_value_printed_after_an_article_is_given_without_the(
    old: str, new: str, problem: str
) -> None:
    # Else "the Company's the memorandum ...", "the the Act", '("the Trust", ...)'.
    assert problems(NEW_DEAL.replace(old, new, 1)) == [problem]


@pytest.mark.parametrize(
    ("old", "new", "field"),
    [
        ("short_name: Kim", "short_name: The", "indemnitors.0.short_name"),
        ("  signatory: {name: Bo", "  charter_document: the\n  signatory: {name: Bo",
         "company.charter_document"),
        ("  signatory: {name: Bo", "  statute_abbreviation: The\n  signatory: {name: Bo",
         "company.statute_abbreviation"),
    ],
)  # fmt: skip
def test_the_alone_is_no_name(old: str, new: str, field: str) -> None:
    # Else "the Company's the, by-laws" and 'interpreting the The'.
    (problem,) = problems(NEW_DEAL.replace(old, new, 1))
    assert f": {field}: expected a name, not " in problem and problem.endswith(" alone")


@pytest.mark.parametrize("short_name", ["Theron", "The Hartford"])
def test_a_name_that_merely_begins_with_the_letters_is_fine(short_name: str) -> None:
    # A capital "The" may begin a party's own name: only "the Trust" is the article typed.
    sheet = parse_term_sheet(NEW_DEAL.replace("short_name: Kim", f"short_name: {short_name}"))
    assert sheet.indemnitors[0].short_name == short_name


WYOMING = NEW_DEAL.replace("jurisdiction: ohio", "jurisdiction: Wyoming")


def test_a_statute_cited_with_its_section_is_abbreviated_by_its_name() -> None:
    statute = "Wyoming Business Corporation Act, Wyo. Stat. Ann. § 17-16-101 et seq."
    text = WYOMING.replace("  signatory:", f"  corporate_statute: {statute}\n  signatory:")
    assert parse_term_sheet(text).company.corporate_statute == statute
    from generator.assembly import assemble

    para = assemble("indemnification", parse_term_sheet(text)).clause("indemnified_conduct")
    assert f'the {statute} ("WBCA") and the case law interpreting the WBCA.' in para.text


def test_a_statute_whose_initials_make_no_abbreviation_needs_one() -> None:
    text = WYOMING.replace(
        "  signatory:", "  corporate_statute: Wyoming's business corporation act\n  signatory:"
    )
    assert problems(text) == [
        "t.yaml:5: company.corporate_statute: its initials give 'W', not an abbreviation to "
        "define; add company.statute_abbreviation, the abbreviation the agreement defines (as "
        "'DGCL' for the Delaware General Corporation Law)"
    ]
    given = text.replace("  signatory:", "  statute_abbreviation: WBCA\n  signatory:")
    assert parse_term_sheet(given).company.statute_abbreviation == "WBCA"


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("release: {consideration: '１０'}", "release.consideration: expected an amount of money"),
        ("release: {consideration: 10000000000000}", "below ten trillion, got"),
        ("effective_date: ２０２５-01-22", "effective_date: expected a date as YYYY-MM-DD"),
        ("release: {consideration: 10, page_label: 'F-{page}}'}", "release.page_label: expected a"),
    ],
)
def test_lookalike_digits_and_stray_braces_are_refused(line: str, message: str) -> None:
    key = line.split(":")[0]
    text = "\n".join(x for x in NEW_DEAL.splitlines() if not x.startswith(key)) + "\n" + line
    assert any(message in p for p in problems(text + "\n"))


@pytest.mark.parametrize(
    "hidden",
    ["\u200b", "\u202e", "\u2066", "\ufeff", "\u2060", "\u00ad", "\u200e", "\u061c",
     "\u2062", "\u180e", "\u034f", "\ufe0f", "\U000e0041"],
)  # fmt: skip
def test_invisible_characters_that_change_the_reading_are_refused(hidden: str) -> None:
    found = problems(NEW_DEAL.replace("short_name: Kim", f"short_name: Ki{hidden}m"))
    assert len(found) == 1
    assert (
        f"indemnitors.0.short_name: the text contains the invisible character U+{ord(hidden):04X}"
        in found[0]
    )


def test_zero_width_joiners_stay_since_scripts_need_them() -> None:
    text = NEW_DEAL.replace("name: Alex Kim,", 'name: "Alex Kim \u0645\u200c\u0646",')
    assert "\u200c" in parse_term_sheet(text).indemnitors[0].name


def test_an_exhibit_is_its_number_alone() -> None:
    found = problems(NEW_DEAL + 'indemnification: {exhibit: "Exhibit 10.3"}\n')
    assert found == [
        "t.yaml:9: indemnification.exhibit: expected the exhibit's number alone ('10.3': the "
        "legend prints 'EXHIBIT 10.3'), got 'Exhibit 10.3'"
    ]
    # The example is the number given (it said 10.3, the indemnification's, to all).
    [found] = problems(NEW_DEAL + 'indemnification: {exhibit: "EXHIBIT 10.9"}\n')
    assert "number alone ('10.9': the legend prints 'EXHIBIT 10.9'), got 'EXHIBIT 10.9'" in found
    [found] = problems(NEW_DEAL + 'indemnification: {exhibit: "Exhibit"}\n')
    assert "number alone ('10.3': the legend prints 'EXHIBIT 10.3'), got 'Exhibit'" in found


def test_a_person_has_no_signatory() -> None:
    text = NEW_DEAL.replace("pronoun: she}", "pronoun: she, signatory: {name: A, title: B}}")
    [found] = problems(text)
    assert "indemnitors.0.signatory: only for a party whose pronoun is 'it'" in found


def test_a_key_in_the_wrong_place_is_pointed_to_its_place() -> None:
    found = problems(NEW_DEAL + "survival_years: 5\n")
    assert found == [
        "t.yaml:9: survival_years: unknown key; did you mean 'indemnification.survival_years'?"
    ]


def test_a_comma_inside_braces_that_cut_a_value_is_named_as_the_cause() -> None:
    text = NEW_DEAL.replace(
        "{name: Bo Chan, title: President}", "{name: Bo Chan, title: President, Chief Officer}"
    ).replace("{name: Alex Kim,", "{name: Alex Kim, Jr.,")
    assert problems(text) == [
        "t.yaml:5: company.signatory.Chief Officer: unknown key; a comma in a value inside { } "
        "ends the value: put the value of 'title' in quotes",
        # Not "did you mean 'name'?": the word is no key at all.
        "t.yaml:7: indemnitors.0.Jr.: unknown key; a comma in a value inside { } ends the "
        "value: put the value of 'name' in quotes",
    ]
    quoted = NEW_DEAL.replace("title: President}", 'title: "President, Chief Officer"}')
    assert parse_term_sheet(quoted).company.signatory.title == "President, Chief Officer"


def test_a_misspelt_key_after_a_value_inside_braces_keeps_its_hint() -> None:
    text = NEW_DEAL.replace("title: President}", "title: President, titel}")
    assert problems(text) == [
        "t.yaml:5: company.signatory.titel: unknown key; did you mean 'title'?"
    ]


def test_an_unknown_key_with_a_colon_inside_braces_keeps_its_hint() -> None:
    text = NEW_DEAL.replace("title: President}", "title: President, titel: CEO}")
    assert problems(text) == [
        "t.yaml:5: company.signatory.titel: unknown key; did you mean 'title'?"
    ]


def test_notes_say_when_several_parties_keep_the_filings_slips_by_default() -> None:
    assert (
        load_term_sheet(SEED).notes() and "filed_wording: false" in load_term_sheet(SEED).notes()[0]
    )
    assert parse_term_sheet(NEW_DEAL).notes() == []  # one party reads right either way
    two = NEW_DEAL.replace(
        "  - {name: Alex Kim",
        "  - {name: Bo Lee, short_name: Lee, pronoun: he}\n  - {name: Alex Kim",
    )
    assert parse_term_sheet(two).notes()
    assert parse_term_sheet(two + "filed_wording: true\n").notes() == []


def test_notes_name_the_state_a_misspelt_jurisdiction_meant() -> None:
    # "Wyomng" with its statute given was valid, and read "a corporation organized under the
    # laws of Wyomng" with articles of association and no by-laws, without a word.
    text = NEW_DEAL.replace("ohio", "Wyomng\n  corporate_statute: Wyoming Business Corporation Act")
    [note] = parse_term_sheet(text + "governing_law: ohio\n").notes()
    assert note == (
        "company.jurisdiction: 'Wyomng' is not a US state or territory or a Canadian province, "
        "so the agreements read it as a foreign country ('a corporation organized under the "
        "laws of Wyomng'); did you mean 'Wyoming'?"
    )
    [note] = parse_term_sheet(NEW_DEAL + "governing_law: Delawre\n").notes()
    assert note.startswith("governing_law: 'Delawre' is not a US state")
    assert "('the laws of Delawre'); did you mean 'Delaware'?" in note
    england = "England and Wales\n  corporate_statute: Companies Act 2006"
    assert parse_term_sheet(NEW_DEAL.replace("ohio", england)).notes() == []
    [found] = problems(NEW_DEAL.replace("ohio", "Delawre"))
    assert "no corporate statute is known for 'Delawre' (did you mean 'Delaware'?); add" in found
    # the example names the statute of the state meant, not Wyoming's
    assert "(Delaware's is the Delaware General Corporation Law)" in found


@pytest.mark.parametrize("date", ["0001-01-01", "1899-12-31", "2200-01-01"])
def test_a_date_outside_two_centuries_is_a_typo(date: str) -> None:
    [found] = problems(NEW_DEAL.replace("2025-01-22", date))
    assert f"effective_date: expected a date in the years 1900 to 2199, got '{date}'" in found


LLC_DEAL = NEW_DEAL.replace(
    "  signatory:", "  entity_type: limited liability company\n  signatory:"
)


@pytest.mark.parametrize(
    "written", ["limited liability company", "Limited Liability Company", "LLC", "llc", "L.L.C.",
                "limited  liability company"],
)  # fmt: skip
def test_a_limited_liability_company_may_be_written_llc(written: str) -> None:
    text = LLC_DEAL.replace("entity_type: limited liability company", f"entity_type: {written}")
    assert parse_term_sheet(text).company.entity_type == "limited liability company"


def test_the_schema_lists_llc_as_docgen_takes_it() -> None:
    company = json.loads(schema_json())["$defs"]["Company"]["properties"]["entity_type"]
    assert company["enum"] == ["corporation", "limited liability company", "llc", "LLC"]
    assert company["default"] == "corporation"


@pytest.mark.parametrize("jurisdiction", ["Ontario", "the Netherlands", "England and Wales"])
def test_an_llc_outside_the_united_states_is_refused_at_its_entity_type(
    jurisdiction: str,
) -> None:
    assert problems(LLC_DEAL.replace("jurisdiction: ohio", f"jurisdiction: {jurisdiction}")) == [
        "t.yaml:5: company.entity_type: a limited liability company is formed under the law of "
        f"a US state or territory, and {jurisdiction!r} is not one; give entity_type: "
        "corporation for a company formed there"
    ]


def test_an_llc_outside_the_united_states_is_reported_beside_other_problems() -> None:
    text = LLC_DEAL.replace("jurisdiction: ohio", "jurisdiction: Ontario").replace(
        "consideration: 10", "consideration: ten"
    )
    assert [p.split(": ")[1] for p in problems(text)] == [
        "company.entity_type",
        "release.consideration",
    ]


def test_an_llc_of_a_state_outside_the_table_names_what_is_missing_in_one_problem() -> None:
    oregon = LLC_DEAL.replace("jurisdiction: ohio", "jurisdiction: Oregon")
    (problem,) = problems(oregon)
    assert problem.startswith(
        "t.yaml:4: company.jurisdiction: no law of limited liability companies is known for "
        "'Oregon'; add what section 1(b) cites, as that law names it: company.corporate_statute "
    )
    assert "company.charter_document" in problem and "company.bylaws_document" in problem
    assert "(its LLC statute, e.g. 'Oregon Limited Liability Company Act')" in problem
    statute = "  corporate_statute: Oregon Limited Liability Company Act\n"
    (problem,) = problems(oregon.replace("  signatory:", statute + "  signatory:"))
    assert "company.corporate_statute" not in problem
    assert (
        "company.charter_document (e.g. 'articles of organization') and company.bylaws" in problem
    )
    given = (
        statute
        + "  charter_document: articles of organization\n"
        + ("  bylaws_document: operating agreement\n")
    )
    sheet = parse_term_sheet(oregon.replace("  signatory:", given + "  signatory:"))
    from generator.assembly import assemble

    assert (
        "the Company's articles of organization, operating agreement, the Oregon Limited "
        'Liability Company Act ("OLLCA") and the case law interpreting the OLLCA'
    ) in " ".join(assemble("indemnification", sheet).clause("indemnified_conduct").text.split())
    off = "indemnification: {conduct_carve_outs: {charter_indemnification: false}}\nrelease:"
    assert parse_term_sheet(oregon.replace("release:", off)).company.jurisdiction == "Oregon"


def test_an_llc_statute_abbreviation_is_a_defined_term_like_any_other() -> None:
    text = LLC_DEAL.replace("jurisdiction: ohio", "jurisdiction: Delaware").replace(
        "short_name: Kim", "short_name: DLLCA"
    )
    (problem,) = problems(text)
    assert "indemnitors.0.short_name: 'DLLCA' already names the Delaware Limited Liability " in (
        problem
    )


def test_the_closing_clauses_are_off_unless_asked_for() -> None:
    sheet = load_term_sheet(SEED)
    assert sheet.governing_law is None and sheet.counterparts is False


@pytest.mark.parametrize(
    ("written", "read"),
    [("delaware", "Delaware"), ("State of New York", "New York"), ("MA", "Massachusetts"),
     ("England and Wales", "England and Wales")],
)  # fmt: skip
def test_a_governing_law_is_written_as_the_company_jurisdiction_is(written: str, read: str) -> None:
    sheet = parse_term_sheet(NEW_DEAL + f"governing_law: {written}\ncounterparts: True\n")
    assert (sheet.governing_law, sheet.counterparts) == (read, True)


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ("governing_law: the laws of Delaware", "t.yaml:9: governing_law: expected the "
         "jurisdiction alone (the agreements write 'the laws of the State of Delaware' from "
         "'Delaware'), got 'the laws of Delaware'"),
        ("governing_law: [Delaware]", "t.yaml:9: governing_law: expected text, got a list"),
        # Meant as off, as counterparts: false is; it printed "the laws of false".
        ("governing_law: false", "t.yaml:9: governing_law: expected a jurisdiction such as "
         "'Delaware', got 'false', which names none (for no governing-law clause, leave "
         "governing_law out)"),
        ("counterparts: yes", "t.yaml:9: counterparts: expected true or false, got 'yes'"),
        ("indemnification: {governing_law: Delaware}", "t.yaml:9: "
         "indemnification.governing_law: unknown key; did you mean 'governing_law'?"),
    ],
)  # fmt: skip
def test_a_bad_closing_clause_is_one_problem_at_its_line(line: str, problem: str) -> None:
    assert problems(NEW_DEAL + line + "\n") == [problem]


def test_a_company_jurisdiction_is_given_without_the_laws_of() -> None:
    (problem,) = problems(NEW_DEAL.replace("jurisdiction: ohio", "jurisdiction: laws of Ohio"))
    assert problem.startswith("t.yaml:4: company.jurisdiction: expected the jurisdiction alone")


@pytest.mark.parametrize("word", ["true", "False", "no", "none"])
def test_a_company_jurisdiction_is_never_a_switch_word(word: str) -> None:
    # "a corporation organized under the laws of true".
    (problem,) = problems(NEW_DEAL.replace("jurisdiction: ohio", f"jurisdiction: {word}"))
    assert problem.startswith(
        f"t.yaml:4: company.jurisdiction: expected a jurisdiction such as 'Delaware', got '{word}'"
    )


def test_a_page_label_with_a_placeholder_it_cannot_fill_is_told_so_first() -> None:
    # "Page {page} of {pages}" was told only its length; "{pages}" came out once it was short.
    text = replace_line("page_label: F-2-{page}", 'page_label: "Page {page} of {pages}"')
    assert problems(text) == [
        "t.yaml:35: release.page_label: expected a label of at most 20 characters holding "
        "{page} and no other braces, got 'Page {page} of {pages}'"
    ]
    text = replace_line("page_label: F-2-{page}", 'page_label: "Page {page} of the Release"')
    [found] = problems(text)
    assert found.endswith("release.page_label: expected at most 20 characters, got 26")
