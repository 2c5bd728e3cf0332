"""The states of incorporation: their names, corporate statutes and charter documents.

Section 1(b)'s charter carve-out cites the charter document and the statute under which the
Company indemnifies its officers. Both follow the state: a state not in
:data:`CORPORATE_STATUTES` needs ``company.corporate_statute`` in the term sheet, and the
charter is the "articles of incorporation" unless :data:`CHARTER_DOCUMENTS` (or the term
sheet's ``company.charter_document``) says otherwise; outside the United States and Canada it
is the "articles of association", and no by-laws are cited (:func:`bylaws_for`).

A limited liability company (:data:`LLC`) is formed under a state's LLC statute, with a charter
filed with the state and an agreement among its members where a corporation has by-laws;
:data:`LLC_LAWS` names all three for the states of the corporate table. Their names vary too
much from state to state to guess ("certificate of formation", "articles of organization",
"certificate of organization"; "limited liability company agreement", "operating agreement",
"company agreement"), so elsewhere the term sheet names them.
:func:`state_name` gives a US state its usual spelling ("delaware", "DE" -> "Delaware");
:func:`incorporated` describes the company by its jurisdiction ("a Delaware corporation", "a
corporation organized under the laws of the Netherlands"); :func:`laws_of` names a
jurisdiction's law as a governing-law clause does ("the laws of the State of Delaware").
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from generator.grammar import article

__all__ = [
    "CANADIAN_PROVINCES",
    "CHARTER_DOCUMENTS",
    "CORPORATE_STATUTES",
    "FOREIGN_CHARTER",
    "LLC",
    "LLC_LAWS",
    "US_STATES",
    "US_TERRITORIES",
    "LlcLaw",
    "Statute",
    "abbreviate",
    "bylaws_for",
    "charter_for",
    "incorporated",
    "laws_of",
    "near_state",
    "north_american",
    "state_name",
    "statute_for",
    "united_states",
]

#: The entity type of a limited liability company, as the term sheet holds it and the opening
#: prints it ("a Delaware limited liability company").
LLC = "limited liability company"


@dataclass(frozen=True, slots=True)
class Statute:
    """A statute's full name (cited with "the") and the abbreviation defined for it."""

    name: str
    abbreviation: str


CORPORATE_STATUTES: dict[str, Statute] = {
    "Delaware": Statute("Delaware General Corporation Law", "DGCL"),
    "New York": Statute("New York Business Corporation Law", "NYBCL"),
    "California": Statute("California General Corporation Law", "CGCL"),
    "Nevada": Statute("Nevada Revised Statutes", "NRS"),
    "Texas": Statute("Texas Business Organizations Code", "TBOC"),
    "Florida": Statute("Florida Business Corporation Act", "FBCA"),
    "New Jersey": Statute("New Jersey Business Corporation Act", "NJBCA"),
    "Massachusetts": Statute("Massachusetts Business Corporation Act", "MBCA"),
    "Pennsylvania": Statute("Pennsylvania Business Corporation Law", "PBCL"),
    "Illinois": Statute("Illinois Business Corporation Act", "IBCA"),
    "Maryland": Statute("Maryland General Corporation Law", "MGCL"),
    "Georgia": Statute("Georgia Business Corporation Code", "GBCC"),
    "Colorado": Statute("Colorado Business Corporation Act", "CBCA"),
    "Washington": Statute("Washington Business Corporation Act", "WBCA"),
    "Virginia": Statute("Virginia Stock Corporation Act", "VSCA"),
    "Ohio": Statute("Ohio General Corporation Law", "OGCL"),
    "Michigan": Statute("Michigan Business Corporation Act", "MBCA"),
    "Minnesota": Statute("Minnesota Business Corporation Act", "MBCA"),
    "North Carolina": Statute("North Carolina Business Corporation Act", "NCBCA"),
    "Utah": Statute("Utah Revised Business Corporation Act", "URBCA"),
}


@dataclass(frozen=True, slots=True)
class LlcLaw:
    """A state's law of limited liability companies, as section 1(b) cites it."""

    statute: Statute
    charter: str
    """The document filed with the state to form the company ("certificate of formation")."""
    agreement: str
    """The members' agreement that governs the company, where a corporation has by-laws
    ("limited liability company agreement", "operating agreement")."""


#: Each state's LLC statute, by its short title, and what the statute calls the charter and the
#: members' agreement: the states of :data:`CORPORATE_STATUTES`. Texas governs both kinds of
#: company in one code; Nevada's LLC chapter (NRS 86) has no short title of its own, so it is
#: cited as the corporate table cites Nevada's, as the Nevada Revised Statutes.
LLC_LAWS: dict[str, LlcLaw] = {
    "Delaware": LlcLaw(
        Statute("Delaware Limited Liability Company Act", "DLLCA"),
        "certificate of formation",
        "limited liability company agreement",
    ),
    "New York": LlcLaw(
        Statute("New York Limited Liability Company Law", "NYLLCL"),
        "articles of organization",
        "operating agreement",
    ),
    "California": LlcLaw(
        Statute("California Revised Uniform Limited Liability Company Act", "CRULLCA"),
        "articles of organization",
        "operating agreement",
    ),
    "Nevada": LlcLaw(
        Statute("Nevada Revised Statutes", "NRS"), "articles of organization", "operating agreement"
    ),
    "Texas": LlcLaw(
        Statute("Texas Business Organizations Code", "TBOC"),
        "certificate of formation",
        "company agreement",
    ),
    "Florida": LlcLaw(
        Statute("Florida Revised Limited Liability Company Act", "FRLLCA"),
        "articles of organization",
        "operating agreement",
    ),
    "New Jersey": LlcLaw(
        Statute("New Jersey Revised Uniform Limited Liability Company Act", "NJRULLCA"),
        "certificate of formation",
        "operating agreement",
    ),
    "Massachusetts": LlcLaw(
        Statute("Massachusetts Limited Liability Company Act", "MLLCA"),
        "certificate of organization",
        "operating agreement",
    ),
    "Pennsylvania": LlcLaw(
        Statute("Pennsylvania Uniform Limited Liability Company Act of 2016", "PULLCA"),
        "certificate of organization",
        "operating agreement",
    ),
    "Illinois": LlcLaw(
        Statute("Illinois Limited Liability Company Act", "ILLCA"),
        "articles of organization",
        "operating agreement",
    ),
    "Maryland": LlcLaw(
        Statute("Maryland Limited Liability Company Act", "MLLCA"),
        "articles of organization",
        "operating agreement",
    ),
    "Georgia": LlcLaw(
        Statute("Georgia Limited Liability Company Act", "GLLCA"),
        "articles of organization",
        "operating agreement",
    ),
    "Colorado": LlcLaw(
        Statute("Colorado Limited Liability Company Act", "CLLCA"),
        "articles of organization",
        "operating agreement",
    ),
    "Washington": LlcLaw(
        Statute("Washington Limited Liability Company Act", "WLLCA"),
        "certificate of formation",
        "limited liability company agreement",
    ),
    "Virginia": LlcLaw(
        Statute("Virginia Limited Liability Company Act", "VLLCA"),
        "articles of organization",
        "operating agreement",
    ),
    "Ohio": LlcLaw(
        Statute("Ohio Revised Limited Liability Company Act", "ORLLCA"),
        "articles of organization",
        "operating agreement",
    ),
    "Michigan": LlcLaw(
        Statute("Michigan Limited Liability Company Act", "MLLCA"),
        "articles of organization",
        "operating agreement",
    ),
    "Minnesota": LlcLaw(
        Statute("Minnesota Revised Uniform Limited Liability Company Act", "MRULLCA"),
        "articles of organization",
        "operating agreement",
    ),
    "North Carolina": LlcLaw(
        Statute("North Carolina Limited Liability Company Act", "NCLLCA"),
        "articles of organization",
        "operating agreement",
    ),
    "Utah": LlcLaw(
        Statute("Utah Revised Uniform Limited Liability Company Act", "URULLCA"),
        "certificate of organization",
        "operating agreement",
    ),
}


#: The charter document of a corporation, where the state does not call it "articles of
#: incorporation" (the usage of most states).
CHARTER_DOCUMENTS: dict[str, str] = {
    "Delaware": "certificate of incorporation",
    "New York": "certificate of incorporation",
    "New Jersey": "certificate of incorporation",
    "Oklahoma": "certificate of incorporation",
    "Connecticut": "certificate of incorporation",
    "Texas": "certificate of formation",
    "Massachusetts": "articles of organization",
    "Maryland": "charter",
}
DEFAULT_CHARTER = "articles of incorporation"
#: The charter document outside the United States and Canada, unless the term sheet names one.
FOREIGN_CHARTER = "articles of association"

#: The fifty states and the District of Columbia, by postal code.
US_STATES: dict[str, str] = {
    "AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas", "CA": "California",
    "CO": "Colorado", "CT": "Connecticut", "DE": "Delaware", "DC": "District of Columbia",
    "FL": "Florida", "GA": "Georgia", "HI": "Hawaii", "ID": "Idaho", "IL": "Illinois",
    "IN": "Indiana", "IA": "Iowa", "KS": "Kansas", "KY": "Kentucky", "LA": "Louisiana",
    "ME": "Maine", "MD": "Maryland", "MA": "Massachusetts", "MI": "Michigan", "MN": "Minnesota",
    "MS": "Mississippi", "MO": "Missouri", "MT": "Montana", "NE": "Nebraska", "NV": "Nevada",
    "NH": "New Hampshire", "NJ": "New Jersey", "NM": "New Mexico", "NY": "New York",
    "NC": "North Carolina", "ND": "North Dakota", "OH": "Ohio", "OK": "Oklahoma", "OR": "Oregon",
    "PA": "Pennsylvania", "RI": "Rhode Island", "SC": "South Carolina", "SD": "South Dakota",
    "TN": "Tennessee", "TX": "Texas", "UT": "Utah", "VT": "Vermont", "VA": "Virginia",
    "WA": "Washington", "WV": "West Virginia", "WI": "Wisconsin", "WY": "Wyoming",
}  # fmt: skip
#: The territories of the United States with a corporate law of their own.
US_TERRITORIES: tuple[str, ...] = (
    "Puerto Rico",
    "Guam",
    "U.S. Virgin Islands",
    "US Virgin Islands",
    "United States Virgin Islands",
    "American Samoa",
    "Northern Mariana Islands",
)
#: The provinces and territories of Canada, each with its own business corporations act.
CANADIAN_PROVINCES: tuple[str, ...] = (
    "Alberta", "British Columbia", "Manitoba", "New Brunswick", "Newfoundland and Labrador",
    "Nova Scotia", "Ontario", "Prince Edward Island", "Quebec", "Québec", "Saskatchewan",
    "Northwest Territories", "Nunavut", "Yukon",
)  # fmt: skip

#: The states, territories and provinces of the United States and Canada: an agreement names
#: them as an adjective before the entity type ("a Delaware corporation", "an Ontario
#: corporation"), where a corporation has a charter and by-laws. Not Australia's states: an
#: Australian company is registered under the Commonwealth's Corporations Act, not a state's.
_NORTH_AMERICAN: tuple[str, ...] = (*US_STATES.values(), *US_TERRITORIES, *CANADIAN_PROVINCES)
_ATTRIBUTIVE = frozenset(name.casefold() for name in _NORTH_AMERICAN)
_AMERICAN = frozenset(name.casefold() for name in (*US_STATES.values(), *US_TERRITORIES))
#: Countries whose official short name begins with a capital "The", kept even mid-sentence
#: ("the laws of The Bahamas"); any other leading "the" is written in lower case there.
_CAPITAL_THE = {"bahamas": "Bahamas", "gambia": "Gambia"}
#: Countries and territories whose name takes "the" mid-sentence though the drafter may leave
#: it out (see :func:`_takes_the` for the names that take it by their form).
_LOWER_THE = frozenset(("netherlands", "philippines", "maldives", "comoros", "vatican"))
#: A word that makes a name a description, which takes "the": "the United Kingdom", "the
#: Czech Republic", "the Russian Federation", "the Grand Duchy of Luxembourg".
_FORMAL = re.compile(
    r"\b(?:United|Republic|Kingdom|Federation|Federated|Principality|Duchy|Sultanate|Emirates?|"
    r"Union|State\s+of|Commonwealth\s+of)\b",
    re.IGNORECASE,
)
_THE = re.compile(r"^the\s+", re.IGNORECASE)  # a name's leading "the", in any case

#: The postal codes of the US territories (each also the place's ISO country code). Canada's
#: provinces are known by name only: their codes are other countries' (NL, PE, SK ...).
_OTHER_CODES: dict[str, str] = {
    "PR": "Puerto Rico", "GU": "Guam", "VI": "U.S. Virgin Islands", "AS": "American Samoa",
    "MP": "Northern Mariana Islands",
}  # fmt: skip
#: Other names a drafter writes for one of them, none another country's code.
_ALSO_WRITTEN: dict[str, str] = {
    "D.C.": "District of Columbia", "Washington, D.C.": "District of Columbia",
    "Washington D.C.": "District of Columbia", "Yukon Territory": "Yukon",
    "NWT": "Northwest Territories", "PEI": "Prince Edward Island",
}  # fmt: skip
_BY_FOLDED = {name.casefold(): name for name in _NORTH_AMERICAN} | {
    code.casefold(): name
    for code, name in (*US_STATES.items(), *_OTHER_CODES.items(), *_ALSO_WRITTEN.items())
}


_STATE_OF = re.compile(r"^(?:the\s+)?(?:state|commonwealth|province)\s+of\s+", re.IGNORECASE)


def state_name(text: str) -> str:
    """Return `text` as the usual name of the US state it names, in any case, by its postal
    code or with "State of" before it (``delaware``, ``DE``, ``State of Delaware`` ->
    ``Delaware``), and so for the US territories (``puerto rico``, ``PR``, ``Commonwealth of
    Puerto Rico``) and Canada's provinces and territories, by name (``ontario``, ``Province of
    Ontario``), also after the "the" a drafter writes before some of them (``the District of
    Columbia``, ``the Northwest Territories``); any other jurisdiction as it is given."""
    folded = " ".join(text.split()).casefold()
    bare = _STATE_OF.sub("", folded, count=1)  # "the commonwealth of the northern ..."
    found = (
        _BY_FOLDED.get(folded)
        or _BY_FOLDED.get(bare)
        or _BY_FOLDED.get(_THE.sub("", bare, count=1))
    )
    return found or text


_FOLDED_NAMES = tuple(sorted(_ATTRIBUTIVE))


def near_state(jurisdiction: str) -> str | None:
    """Return the US state or territory, or Canadian province or territory, whose name
    `jurisdiction` reads as a misspelling of (``Delawre``, ``State of Wyomng``: ``Delaware``,
    ``Wyoming``); ``None`` for one of those places itself, or a name close to none of them.

    Such a name is otherwise taken for a foreign country without a word ("a corporation
    organized under the laws of Delawre"). The likeness asked for (0.85 by
    :class:`difflib.SequenceMatcher`) takes a letter dropped, doubled or swapped in a name
    of five letters or more, and leaves the countries whose names are near a state's:
    India (Indiana, 0.83), Jersey, Mexico, South and North Korea.
    """
    if north_american(state_name(jurisdiction)):
        return None
    folded = " ".join(jurisdiction.split()).casefold()
    bare = _THE.sub("", _STATE_OF.sub("", folded, count=1), count=1)
    close = difflib.get_close_matches(bare, _FOLDED_NAMES, n=1, cutoff=0.85)
    return _BY_FOLDED[close[0]] if close else None


def _llc_law(jurisdiction: str) -> LlcLaw | None:
    """Return the LLC law of the state `jurisdiction` names in any of its spellings
    (:func:`state_name`); ``None`` for a state outside :data:`LLC_LAWS`."""
    return LLC_LAWS.get(state_name(jurisdiction))


def north_american(jurisdiction: str) -> bool:
    """Return whether `jurisdiction` is a US state or territory or a Canadian province or
    territory (in any case): where a corporation has a charter and by-laws."""
    return jurisdiction.casefold() in _ATTRIBUTIVE


def united_states(jurisdiction: str) -> bool:
    """Return whether `jurisdiction` is a US state, the District of Columbia or a US territory
    (in any case): where a limited liability company can be formed."""
    return jurisdiction.casefold() in _AMERICAN


def charter_for(
    jurisdiction: str, given: str | None = None, entity_type: str = "corporation"
) -> str | None:
    """Return the name of the company's charter document in `jurisdiction` (lower case, as
    cited: "the Company's certificate of incorporation"), or the one the term sheet gives.

    Outside the United States and Canada a company's constitution is, in most places, its
    "articles of association" (England, the Netherlands, Germany ...): the default there. A
    limited liability company's is what :data:`LLC_LAWS` says; ``None`` for a state outside it.
    """
    if given:
        return given
    if entity_type == LLC:
        law = _llc_law(jurisdiction)
        return law.charter if law else None
    if not north_american(jurisdiction):
        return FOREIGN_CHARTER
    return CHARTER_DOCUMENTS.get(state_name(jurisdiction), DEFAULT_CHARTER)


def bylaws_for(
    jurisdiction: str, given: str | None = None, entity_type: str = "corporation"
) -> str | None:
    """Return the name of a corporation's by-laws as 1(b) cites them after its charter, or
    ``None`` where it has none: "by-laws" in the United States and Canada, none elsewhere
    (an English company has articles of association and no by-laws); the term sheet's own
    name (Bermuda's "bye-laws") whatever the jurisdiction.

    For a limited liability company, return the members' agreement that stands where by-laws
    would ("limited liability company agreement" in Delaware, "operating agreement" in most
    states, see :data:`LLC_LAWS`); ``None`` for a state outside the table, unless given.
    """
    if given:
        return given
    if entity_type == LLC:
        law = _llc_law(jurisdiction)
        return law.agreement if law else None
    return "by-laws" if north_american(jurisdiction) else None


def incorporated(jurisdiction: str, entity_type: str = "corporation") -> str:
    """Return how an agreement describes a company of `jurisdiction` after its name.

    A US state or territory, or a Canadian province or territory, is an adjective: "a Delaware
    corporation", "an Ohio corporation", "an Ontario corporation". Anything else (a country, a
    name with "the", a place joining others) is cited as a body of law: "a corporation organized
    under the laws of the Netherlands", "... of England and Wales": never "a the Netherlands
    corporation", nor a nationality ("a Dutch corporation" may as well mean one owned or run
    from there; what the opening states is the law it was formed under). See :func:`_cited`
    for the name's own article. `entity_type` is the kind of company: "a Delaware limited
    liability company".
    """
    jurisdiction = state_name(jurisdiction)
    if north_american(jurisdiction):
        return f"{article(jurisdiction)} {jurisdiction} {entity_type}"
    laws = _cited(jurisdiction)
    return f"{article(entity_type)} {entity_type} organized under the laws of {laws}"


#: The states and territories whose official name is a Commonwealth, not a State.
_COMMONWEALTHS = frozenset(("Kentucky", "Massachusetts", "Pennsylvania", "Virginia", "Puerto Rico"))
_CANADIAN_TERRITORIES = {"Northwest Territories": "the Northwest Territories", "Nunavut": "Nunavut",
                         "Yukon": "Yukon"}  # fmt: skip


def laws_of(jurisdiction: str) -> str:
    """Return the body of law of `jurisdiction` as a governing-law clause names it, after
    "governed by and construed in accordance with".

    A US state is named by its official style: "the laws of the State of Delaware", "the laws
    of the Commonwealth of Massachusetts" (and Kentucky, Pennsylvania, Virginia, Puerto Rico),
    "the laws of the District of Columbia", "the laws of Guam". A Canadian province's law
    includes Canada's federal law, which applies there beside it: "the laws of the Province of
    Ontario and the federal laws of Canada applicable therein". Any other jurisdiction by its
    name, as :func:`incorporated` cites it: "the laws of England and Wales", "the laws of the
    Netherlands".
    """
    place = state_name(jurisdiction)
    canada = " and the federal laws of Canada applicable therein"
    if place in _CANADIAN_TERRITORIES:
        return f"the laws of {_CANADIAN_TERRITORIES[place]}{canada}"
    if place in CANADIAN_PROVINCES:
        return f"the laws of the Province of {place}{canada}"
    if place in _COMMONWEALTHS:
        return f"the laws of the Commonwealth of {place}"
    if place == "Northern Mariana Islands":
        return "the laws of the Commonwealth of the Northern Mariana Islands"
    if place == "District of Columbia" or (place in US_TERRITORIES and "Virgin Islands" in place):
        return f"the laws of the {place}"  # not the British Virgin Islands: a country, below
    if place in US_STATES.values():
        return f"the laws of the State of {place}"
    return f"the laws of {_cited(place)}"  # a territory by its name ("Guam"), or a country


def _cited(jurisdiction: str) -> str:
    """Return `jurisdiction` as it reads mid-sentence after "the laws of": a leading "the" in
    lower case ("The Netherlands" -> "the Netherlands"), but "The" where the official name has
    it ("the Bahamas", "Bahamas" -> "The Bahamas"; "The Gambia"); "the" added where the name
    takes one and the drafter left it out ("Cayman Islands" -> "the Cayman Islands", see
    :func:`_takes_the`); any other name as given ("Germany", "England and Wales")."""
    found = _THE.match(jurisdiction)
    rest = jurisdiction[found.end() :] if found else jurisdiction
    if rest.casefold() in _CAPITAL_THE:
        return f"The {_CAPITAL_THE[rest.casefold()]}"
    return f"the {rest}" if found or _takes_the(rest) else jurisdiction


def _takes_the(name: str) -> bool:
    """Return whether a country's or territory's `name`, written without its "the", takes one
    mid-sentence: a group of islands ("the Cayman Islands", "the British Virgin Islands", "the
    Isle of Man"), a name that describes ("the United Kingdom", "the Czech Republic", "the
    State of Israel"), and the few others ("the Netherlands", "the Philippines"). A drafter who
    leaves the "the" out would otherwise sign "the laws of Cayman Islands"."""
    folded = name.casefold()
    return (
        folded in _LOWER_THE
        or folded.endswith((" islands", " isles"))
        or folded.startswith("isle of ")
        or _FORMAL.search(name) is not None
    )


def abbreviate(name: str) -> str:
    """Return the initials of the capitalised words of `name` (``Utah Revised ...``: ``URB...``).

    A citation after a comma or in brackets is not part of the name: ``Wyoming Business
    Corporation Act, Wyo. Stat. Ann. § 17-16-101 et seq.`` gives ``WBCA``.
    """
    title = re.split(r"[,(]", name, maxsplit=1)[0]
    return "".join(word[0] for word in title.split() if word[:1].isupper())


def statute_for(
    jurisdiction: str,
    name: str | None = None,
    abbreviation: str | None = None,
    entity_type: str = "corporation",
) -> Statute | None:
    """Return the statute for a company of `entity_type` in `jurisdiction`, or the one the
    term sheet names.

    `name` and `abbreviation` (from ``company.corporate_statute`` / ``statute_abbreviation``)
    win over the table (:data:`CORPORATE_STATUTES`, or :data:`LLC_LAWS` for a limited
    liability company); ``None`` is returned for a state that is neither in the table nor named.
    """
    if name:
        return Statute(name, abbreviation or abbreviate(name))
    state = state_name(jurisdiction)  # "DE" or "delaware", as charter_for looks it up
    if entity_type == LLC:
        law = _llc_law(state)
        known = law.statute if law else None
    else:
        known = CORPORATE_STATUTES.get(state)
    if known and abbreviation:
        return Statute(known.name, abbreviation)
    return known
