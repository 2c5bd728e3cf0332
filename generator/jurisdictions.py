"""The corporate statute of each common state of incorporation.

Section 1(b)'s charter carve-out cites the statute under which the Company indemnifies its
officers. The statute follows the state; a state not in :data:`CORPORATE_STATUTES` needs
``company.corporate_statute`` in the term sheet.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["CORPORATE_STATUTES", "Statute", "abbreviate", "statute_for"]


@dataclass(frozen=True, slots=True)
class Statute:
    """A statute's full name (cited with "the") and the abbreviation defined for it."""

    name: str
    abbreviation: str


CORPORATE_STATUTES: dict[str, Statute] = {
    "Delaware": Statute("Delaware General Corporation Law", "DGCL"),
    "New York": Statute("New York Business Corporation Law", "NYBCL"),
    "California": Statute("California General Corporation Law", "CGCL"),
    "Nevada": Statute("Nevada General Corporation Law", "NGCL"),
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


def abbreviate(name: str) -> str:
    """Return the initials of the capitalised words of `name` (``Utah Revised ...``: ``URB...``)."""
    return "".join(word[0] for word in name.split() if word[:1].isupper())


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
