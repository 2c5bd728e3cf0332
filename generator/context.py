"""Turn a validated :class:`~generator.termsheet.TermSheet` into what templates see.

Templates receive views, not the raw term sheet: party groups that know their grammar
(:class:`~generator.parties.Group`), the statute resolved from the jurisdiction, the dates and
money already typed. The toggles are read from ``sheet`` directly.
"""

from __future__ import annotations

from typing import Any

from generator.jurisdictions import (
    LLC,
    bylaws_for,
    charter_for,
    incorporated,
    laws_of,
    statute_for,
)
from generator.parties import Group, Party
from generator.termsheet import TermSheet

__all__ = ["build_context"]


def build_context(sheet: TermSheet) -> dict[str, Any]:
    """Return the template context for `sheet`."""
    parties = tuple(
        Party(
            name=p.name,
            short_name=p.short_name,
            pronoun=p.pronoun,
            release_name=p.release_name or p.name,
            signatory_name=p.signatory.name if p.signatory else None,
            signatory_title=p.signatory.title if p.signatory else None,
            description=p.description,
        )
        for p in sheet.indemnitors
    )
    filed = sheet.filed_wording
    company = sheet.company
    ip = Group.of(parties, "Indemnifying Party", "Indemnifying Parties", filed_wording=filed)
    return {
        "sheet": sheet,
        "company": company,
        "statute": statute_for(
            company.jurisdiction,
            company.corporate_statute,
            company.statute_abbreviation,
            company.entity_type,
        ),
        "charter": charter_for(company.jurisdiction, company.charter_document, company.entity_type),
        "bylaws": bylaws_for(company.jurisdiction, company.bylaws_document, company.entity_type),
        "incorporated": incorporated(company.jurisdiction, company.entity_type),
        "llc": company.entity_type == LLC,
        "governing_law": laws_of(sheet.governing_law) if sheet.governing_law else None,
        "parties": parties,
        "ip": ip,
        "rs": Group.of(parties, "Releasor", "Releasors", filed_wording=filed),
        "date": sheet.effective_date,
        "related_agreement": sheet.related_agreement_name,
        "conformed": sheet.signatures == "conformed",
        "filed": ip.slips,  # the filing's other slips go with those in number
    }
