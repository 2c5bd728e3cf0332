"""States of incorporation: names, statutes and charter documents."""

from __future__ import annotations

import pytest

from generator.jurisdictions import (
    CORPORATE_STATUTES,
    US_STATES,
    charter_for,
    incorporated,
    state_name,
    statute_for,
)


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
    ],
)
def test_a_company_is_described_by_its_jurisdiction(jurisdiction: str, words: str) -> None:
    assert incorporated(jurisdiction) == words
