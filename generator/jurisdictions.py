"""The states of incorporation: their names, corporate statutes and charter documents.

Section 1(b)'s charter carve-out cites the charter document and the statute under which the
Company indemnifies its officers. Both follow the state: a state not in
:data:`CORPORATE_STATUTES` needs ``company.corporate_statute`` in the term sheet, and the
charter is the "articles of incorporation" unless :data:`CHARTER_DOCUMENTS` (or the term
sheet's ``company.charter_document``) says otherwise. :func:`state_name` gives a US state its
usual spelling ("delaware", "DE" -> "Delaware").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.grammar import article

__all__ = [
    "CHARTER_DOCUMENTS",
    "CORPORATE_STATUTES",
    "US_STATES",
    "Statute",
    "abbreviate",
    "charter_for",
    "incorporated",
    "state_name",
    "statute_for",
]


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
_BY_FOLDED = {name.casefold(): name for name in US_STATES.values()} | {
    code.casefold(): name for code, name in US_STATES.items()
}


_STATE_OF = re.compile(r"^(?:the\s+)?(?:state|commonwealth)\s+of\s+", re.IGNORECASE)


def state_name(text: str) -> str:
    """Return `text` as the usual name of the US state it names, in any case, by its postal
    code or with "State of" before it (``delaware``, ``DE``, ``State of Delaware`` ->
    ``Delaware``); any other jurisdiction as it is given."""
    folded = " ".join(text.split()).casefold()
    found = _BY_FOLDED.get(folded) or _BY_FOLDED.get(_STATE_OF.sub("", folded, count=1))
    return found or text


def charter_for(jurisdiction: str, given: str | None = None) -> str:
    """Return the name of a corporation's charter document in `jurisdiction` (lower case, as
    cited: "the Company's certificate of incorporation"), or the one the term sheet gives."""
    return given or CHARTER_DOCUMENTS.get(jurisdiction, DEFAULT_CHARTER)


def incorporated(jurisdiction: str, entity_type: str = "corporation") -> str:
    """Return how an agreement describes a company of `jurisdiction` after its name: "a
    Delaware corporation", "an Ohio corporation"; for a name that reads badly as an adjective
    (one joining places: "England and Wales"), "a corporation organized under the laws of
    England and Wales"."""
    if re.search(r"\band\b|,", jurisdiction):
        return f"{article(entity_type)} {entity_type} organized under the laws of {jurisdiction}"
    return f"{article(jurisdiction)} {jurisdiction} {entity_type}"


def abbreviate(name: str) -> str:
    """Return the initials of the capitalised words of `name` (``Utah Revised ...``: ``URB...``).

    A citation after a comma or in brackets is not part of the name: ``Wyoming Business
    Corporation Act, Wyo. Stat. Ann. § 17-16-101 et seq.`` gives ``WBCA``.
    """
    title = re.split(r"[,(]", name, maxsplit=1)[0]
    return "".join(word[0] for word in title.split() if word[:1].isupper())


def statute_for(
    jurisdiction: str, name: str | None = None, abbreviation: str | None = None
) -> Statute | None:
    """Return the statute for `jurisdiction`, or the one the term sheet names.

    `name` and `abbreviation` (from ``company.corporate_statute`` / ``statute_abbreviation``)
    win over the table; ``None`` is returned for a state that is neither in the table nor named.
    """
    if name:
        return Statute(name, abbreviation or abbreviate(name))
    known = CORPORATE_STATUTES.get(jurisdiction)
    if known and abbreviation:
        return Statute(known.name, abbreviation)
    return known
