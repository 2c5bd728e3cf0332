"""States of incorporation: names, statutes and charter documents."""

from __future__ import annotations

import re

import pytest

from generator.jurisdictions import (
    CORPORATE_STATUTES,
    LLC,
    LLC_LAWS,
    US_STATES,
    abbreviate,
    bylaws_for,
    charter_for,
    incorporated,
    laws_of,
    near_state,
    state_name,
    statute_for,
    united_states,
)


@pytest.mark.parametrize(
    ("given", "meant"),
    [
        ("Delawre", "Delaware"),
        ("State of Wyomng", "Wyoming"),
        ("califonia", "California"),
        ("Ontaro", "Ontario"),
        # the places themselves, and countries whose names are near a state's
        ("Delaware", None),
        ("DE", None),
        ("India", None),
        ("Jersey", None),
        ("South Korea", None),
        ("British Virgin Islands", None),
        ("England and Wales", None),
    ],
)
def test_a_name_a_letter_from_a_state_is_taken_for_a_typo(given: str, meant: str | None) -> None:
    assert near_state(given) == meant


@pytest.mark.parametrize(
    ("given", "name"),
    [
        ("Delaware", "Delaware"),
        ("delaware", "Delaware"),
        ("DE", "Delaware"),
        ("  new   york ", "New York"),
        ("ny", "New York"),
        ("District of Columbia", "District of Columbia"),
        ("British Virgin Islands", "British Virgin Islands"),  # not a US state: as given
    ],
)
def test_state_name(given: str, name: str) -> None:
    assert state_name(given) == name


def test_every_state_in_the_statute_table_is_a_us_state() -> None:
    assert set(CORPORATE_STATUTES) <= set(US_STATES.values())


@pytest.mark.parametrize(
    ("state", "charter"),
    [
        ("Delaware", "certificate of incorporation"),
        ("New York", "certificate of incorporation"),
        ("Texas", "certificate of formation"),
        ("Massachusetts", "articles of organization"),
        ("California", "articles of incorporation"),
        ("Wyoming", "articles of incorporation"),
    ],
)
def test_charter_follows_the_state(state: str, charter: str) -> None:
    assert charter_for(state) == charter


@pytest.mark.parametrize(
    ("jurisdiction", "charter", "bylaws"),
    [
        ("Delaware", "certificate of incorporation", "by-laws"),
        ("Ontario", "articles of incorporation", "by-laws"),
        ("Puerto Rico", "articles of incorporation", "by-laws"),
        ("England and Wales", "articles of association", None),
        ("the Netherlands", "articles of association", None),
    ],
)
def test_outside_the_us_and_canada_articles_of_association_and_no_by_laws(
    jurisdiction: str, charter: str, bylaws: str | None
) -> None:
    assert (charter_for(jurisdiction), bylaws_for(jurisdiction)) == (charter, bylaws)
    assert bylaws_for(jurisdiction, "bye-laws") == "bye-laws"  # Bermuda's, say


def test_a_charter_given_in_the_term_sheet_wins() -> None:
    assert charter_for("Delaware", "restated certificate of incorporation") == (
        "restated certificate of incorporation"
    )


def test_statute_for_a_known_state_an_override_and_an_unknown_state() -> None:
    assert statute_for("Nevada").abbreviation == "NRS"  # type: ignore[union-attr]
    custom = statute_for("Wyoming", "Wyoming Business Corporation Act")
    assert custom is not None and custom.abbreviation == "WBCA"
    assert statute_for("Wyoming") is None
    cited = statute_for("Wyoming", "Wyoming Business Corporation Act, Wyo. Stat. § 17-16-101")
    assert cited is not None and cited.abbreviation == "WBCA"  # the citation is no part of it


@pytest.mark.parametrize(
    ("given", "name"),
    [
        ("State of Delaware", "Delaware"),
        ("the Commonwealth of Massachusetts", "Massachusetts"),
        ("state of new  york", "New York"),
        ("State of Grace", "State of Grace"),  # not a state: as given
        ("puerto rico", "Puerto Rico"),
        ("PR", "Puerto Rico"),
        ("quebec", "Quebec"),
        ("Province of Ontario", "Ontario"),
        ("US Virgin Islands", "US Virgin Islands"),
        ("NL", "NL"),  # the Netherlands' code, not Newfoundland and Labrador's
        ("SK", "SK"),
        ("West State of Virginia", "West State of Virginia"),  # "State of" only in front
    ],
)
def test_a_state_may_be_written_after_state_of(given: str, name: str) -> None:
    assert state_name(given) == name


def test_connecticut_has_a_certificate_of_incorporation() -> None:
    assert charter_for("Connecticut") == "certificate of incorporation"


@pytest.mark.parametrize(
    ("jurisdiction", "words"),
    [
        ("Delaware", "a Delaware corporation"),
        ("Ohio", "an Ohio corporation"),
        ("U.S. Virgin Islands", "a U.S. Virgin Islands corporation"),
        ("England and Wales", "a corporation organized under the laws of England and Wales"),
        ("Puerto Rico", "a Puerto Rico corporation"),
        ("Ontario", "an Ontario corporation"),  # a Canadian province, as Canadians write
        ("british columbia", "a British Columbia corporation"),  # known in any case
        ("ONTARIO", "an Ontario corporation"),
        ("Commonwealth of Puerto Rico", "a Puerto Rico corporation"),
        ("the bahamas", "a corporation organized under the laws of The Bahamas"),
        ("Newfoundland and Labrador", "a Newfoundland and Labrador corporation"),
        # A country is cited by its laws, not as an adjective ("a Germany corporation").
        ("Germany", "a corporation organized under the laws of Germany"),
        ("Ireland", "a corporation organized under the laws of Ireland"),
        ("Victoria", "a corporation organized under the laws of Victoria"),  # not Australia's
        # A leading "the" is lower case mid-sentence, but for the official "The Bahamas".
        ("the Netherlands", "a corporation organized under the laws of the Netherlands"),
        ("The Netherlands", "a corporation organized under the laws of the Netherlands"),
        ("the  Cayman Islands", "a corporation organized under the laws of the Cayman Islands"),
        ("The Bahamas", "a corporation organized under the laws of The Bahamas"),
        ("the Bahamas", "a corporation organized under the laws of The Bahamas"),
        ("Gambia", "a corporation organized under the laws of The Gambia"),
        ("Theland", "a corporation organized under the laws of Theland"),  # no article
        # A name that takes "the", written without it, gets one: never "the laws of Cayman
        # Islands".
        ("Cayman Islands", "a corporation organized under the laws of the Cayman Islands"),
        (
            "British Virgin Islands",
            "a corporation organized under the laws of the British Virgin Islands",
        ),
        ("Isle of Man", "a corporation organized under the laws of the Isle of Man"),
        ("Netherlands", "a corporation organized under the laws of the Netherlands"),
        ("United Kingdom", "a corporation organized under the laws of the United Kingdom"),
        ("Czech Republic", "a corporation organized under the laws of the Czech Republic"),
        (
            "Grand Duchy of Luxembourg",
            "a corporation organized under the laws of the Grand Duchy of Luxembourg",
        ),
        ("Jersey", "a corporation organized under the laws of Jersey"),
        ("Hong Kong", "a corporation organized under the laws of Hong Kong"),
    ],
)
def test_a_company_is_described_by_its_jurisdiction(jurisdiction: str, words: str) -> None:
    assert incorporated(jurisdiction) == words


def test_no_jurisdiction_reads_as_an_article_before_corporation() -> None:
    for name in ("the Netherlands", "The Bahamas", "Germany", "the United Kingdom"):
        assert not re.search(r"\ban? (?:the|The) ", incorporated(name)), name
        assert not incorporated(name).endswith(f"{name} corporation"), name


def test_every_state_of_the_corporate_table_has_its_llc_law() -> None:
    assert set(LLC_LAWS) == set(CORPORATE_STATUTES)
    for law in LLC_LAWS.values():
        assert law.statute.abbreviation == abbreviate(law.statute.name)  # the rule, kept


@pytest.mark.parametrize(
    ("state", "statute", "charter", "agreement"),
    [
        ("Delaware", "Delaware Limited Liability Company Act", "certificate of formation",
         "limited liability company agreement"),
        ("New York", "New York Limited Liability Company Law", "articles of organization",
         "operating agreement"),
        ("California", "California Revised Uniform Limited Liability Company Act",
         "articles of organization", "operating agreement"),
        ("Texas", "Texas Business Organizations Code", "certificate of formation",
         "company agreement"),
        ("Massachusetts", "Massachusetts Limited Liability Company Act",
         "certificate of organization", "operating agreement"),
        ("Washington", "Washington Limited Liability Company Act", "certificate of formation",
         "limited liability company agreement"),
    ],
)  # fmt: skip
def test_a_limited_liability_company_cites_its_state_llc_law(
    state: str, statute: str, charter: str, agreement: str
) -> None:
    found = statute_for(state, entity_type=LLC)
    assert found is not None and found.name == statute
    assert charter_for(state, entity_type=LLC) == charter
    assert bylaws_for(state, entity_type=LLC) == agreement


@pytest.mark.parametrize("written", ["DE", "delaware", "State of Delaware"])
def test_statute_for_looks_a_state_up_by_its_usual_name_as_charter_for_does(written: str) -> None:
    # It took only "Delaware": statute_for("DE", entity_type=LLC) was None beside a charter.
    llc = statute_for(written, entity_type=LLC)
    assert llc is not None and llc.abbreviation == "DLLCA"
    assert charter_for(written, entity_type=LLC) == "certificate of formation"
    corporation = statute_for(written)
    assert corporation is not None and corporation.abbreviation == "DGCL"


def test_an_llc_of_a_state_outside_the_table_has_only_what_the_sheet_gives() -> None:
    assert statute_for("Wyoming", entity_type=LLC) is None
    assert charter_for("Wyoming", entity_type=LLC) is None  # not guessed: states differ
    assert bylaws_for("Wyoming", entity_type=LLC) is None
    given = statute_for("Wyoming", "Wyoming Limited Liability Company Act", entity_type=LLC)
    assert given is not None and given.abbreviation == "WLLCA"
    assert charter_for("Wyoming", "articles of organization", LLC) == "articles of organization"
    assert bylaws_for("Wyoming", "operating agreement", LLC) == "operating agreement"


def test_the_corporate_table_still_serves_a_corporation() -> None:
    assert statute_for("Delaware").abbreviation == "DGCL"  # type: ignore[union-attr]
    assert charter_for("Delaware") == "certificate of incorporation"


@pytest.mark.parametrize(
    ("jurisdiction", "words"),
    [
        ("Delaware", "a Delaware limited liability company"),
        ("Ohio", "an Ohio limited liability company"),
        ("Puerto Rico", "a Puerto Rico limited liability company"),
    ],
)
def test_an_llc_is_described_by_its_state(jurisdiction: str, words: str) -> None:
    assert incorporated(jurisdiction, LLC) == words


@pytest.mark.parametrize(
    ("jurisdiction", "american"),
    [("Delaware", True), ("DISTRICT OF COLUMBIA", True), ("Guam", True), ("Ontario", False),
     ("England and Wales", False)],
)  # fmt: skip
def test_only_the_united_states_form_llcs(jurisdiction: str, american: bool) -> None:
    assert united_states(jurisdiction) is american


@pytest.mark.parametrize(
    ("jurisdiction", "laws"),
    [
        ("Delaware", "the laws of the State of Delaware"),
        ("NY", "the laws of the State of New York"),
        ("State of New York", "the laws of the State of New York"),
        ("massachusetts", "the laws of the Commonwealth of Massachusetts"),
        ("Commonwealth of Pennsylvania", "the laws of the Commonwealth of Pennsylvania"),
        ("KY", "the laws of the Commonwealth of Kentucky"),
        ("Virginia", "the laws of the Commonwealth of Virginia"),
        ("West Virginia", "the laws of the State of West Virginia"),
        ("DC", "the laws of the District of Columbia"),
        ("PR", "the laws of the Commonwealth of Puerto Rico"),
        ("Northern Mariana Islands", "the laws of the Commonwealth of the Northern Mariana "
         "Islands"),
        ("U.S. Virgin Islands", "the laws of the U.S. Virgin Islands"),
        ("Guam", "the laws of Guam"),
        ("Ontario", "the laws of the Province of Ontario and the federal laws of Canada "
         "applicable therein"),
        ("Yukon", "the laws of Yukon and the federal laws of Canada applicable therein"),
        ("Northwest Territories", "the laws of the Northwest Territories and the federal laws "
         "of Canada applicable therein"),
        ("England and Wales", "the laws of England and Wales"),
        ("The Netherlands", "the laws of the Netherlands"),
        ("the bahamas", "the laws of The Bahamas"),
        ("British Virgin Islands", "the laws of the British Virgin Islands"),
        ("the British Virgin Islands", "the laws of the British Virgin Islands"),
        ("Russian Federation", "the laws of the Russian Federation"),
        ("Singapore", "the laws of Singapore"),
    ],
)  # fmt: skip
def test_a_governing_law_names_the_jurisdiction_in_its_official_style(
    jurisdiction: str, laws: str
) -> None:
    assert laws_of(jurisdiction) == laws


@pytest.mark.parametrize(
    ("written", "name"),
    [
        ("D.C.", "District of Columbia"),
        ("washington, d.c.", "District of Columbia"),
        ("Washington D.C.", "District of Columbia"),
        ("Yukon Territory", "Yukon"),
        ("NWT", "Northwest Territories"),
        ("PEI", "Prince Edward Island"),
    ],
)
def test_the_other_ways_a_drafter_writes_a_place_are_that_place(written: str, name: str) -> None:
    # They fell through as foreign names: "a corporation organized under the laws of D.C.",
    # "the laws of PEI" without Canada's federal laws.
    assert state_name(written) == name
    assert incorporated(written, "corporation") == f"a {name} corporation"
    assert laws_of(written).startswith(("the laws of the ", "the laws of Yukon"))


@pytest.mark.parametrize(
    ("written", "name"),
    [
        ("the District of Columbia", "District of Columbia"),
        ("The Northwest Territories", "Northwest Territories"),
        ("the U.S. Virgin Islands", "U.S. Virgin Islands"),
        ("the Northern Mariana Islands", "Northern Mariana Islands"),
        ("the Commonwealth of the Northern Mariana Islands", "Northern Mariana Islands"),
    ],
)
def test_a_north_american_place_written_with_its_the_is_that_place(written: str, name: str) -> None:
    # "the District of Columbia" fell through as a foreign name: "a corporation organized under
    # the laws of the District of Columbia", its charter "articles of association", no by-laws,
    # an LLC refused; "the Northwest Territories" lost Canada's federal laws.
    assert state_name(written) == name
    assert incorporated(written, "corporation") == f"a {name} corporation"
    assert laws_of(written) == laws_of(name)


@pytest.mark.parametrize(
    ("written", "laws"),
    [
        ("the British Virgin Islands", "the laws of the British Virgin Islands"),
        ("The British Virgin Islands", "the laws of the British Virgin Islands"),
        ("British Virgin Islands", "the laws of the British Virgin Islands"),  # its "the" added
    ],
)
def test_a_place_written_with_its_the_gets_no_second_the(written: str, laws: str) -> None:
    # README: "Write a country's 'the' where its name takes one"; doing so for the British
    # Virgin Islands printed "the laws of the the British Virgin Islands". The British Virgin
    # Islands is no US territory: its governing law reads as its opening does.
    assert laws_of(written) == laws
    assert "the the" not in laws_of(written).casefold()
    assert laws_of(written).removeprefix("the laws of ") in incorporated(written)
