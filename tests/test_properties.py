"""Properties that hold for every combination of toggles, 1-3 parties and pronouns."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator import DOCUMENTS, Document, assemble
from generator.model import Paragraph
from generator.writers import get_writer

NAMES = [("Terry L. LaCore", "LaCore"), ("Jane Q. Doe", "Doe"), ("Alex Kim", "Kim"),
         ("Omega Holdings LLC", "Omega"), ("Maria Ruiz", "Ruiz")]  # fmt: skip
ROMAN = ["(i)", "(ii)", "(iii)", "(iv)", "(v)"]
ROMANETTE = re.compile(r"\((?:i|ii|iii|iv|v)\)")


@st.composite
def term_sheets(draw: st.DrawFn) -> dict[str, Any]:
    count = draw(st.integers(1, 3))
    picks = draw(st.permutations(range(len(NAMES))))[:count]
    indemnitors = []
    for i in picks:
        pronoun = draw(st.sampled_from(["he", "she", "they", "it"]))
        party: dict[str, Any] = {"name": NAMES[i][0], "short_name": NAMES[i][1], "pronoun": pronoun}
        if pronoun == "it":
            party["signatory"] = {"name": "Sam Poe", "title": "Manager"}
        indemnitors.append(party)
    flag = st.booleans()
    return {
        "effective_date": draw(st.dates(dt.date(1990, 1, 1), dt.date(2099, 12, 31))).isoformat(),
        "company": {
            "name": "Acme Corp.",
            "jurisdiction": draw(st.sampled_from(["Delaware", "New York", "Texas"])),
            "entity_type": draw(st.sampled_from(["corporation", "llc"])),
            "signatory": {"name": "Ann Lee", "title": "President"},
        },
        "indemnitors": indemnitors,
        "indemnification": {
            "conduct_carve_outs": {
                "specified_conduct": draw(flag),
                "charter_indemnification": draw(flag),
            },
            "separate_counsel": {
                "counsel_not_provided": draw(flag),
                "conflict_of_interest": draw(flag),
                "different_defenses": draw(flag),
            },
            "contribution": draw(flag),
            "settlement_consent": draw(flag),
            "survival_years": draw(st.sampled_from(["1", "3", "12", "indefinite"])),
        },
        "release": {"consideration": "10.00", "transaction_documents_carve_out": draw(flag)},
        "signatures": draw(st.sampled_from(["conformed", "blank"])),
        "filed_wording": draw(flag),
        "governing_law": draw(st.sampled_from([None, "Delaware", "MA", "Ontario"])),
        "counterparts": draw(flag),
    }


def paragraphs(doc: Document) -> list[str]:
    return [b.text for b in doc.blocks if isinstance(b, Paragraph)]


def check_romanettes(text: str, *, allow_lone_first: bool) -> None:
    found = ROMANETTE.findall(text)
    expected_next = 0
    for i, numeral in enumerate(found):
        if numeral == "(i)":
            following = found[i + 1] if i + 1 < len(found) else None
            assert allow_lone_first or following == "(ii)", f"(i) without (ii): {text}"
            expected_next = 1
            continue
        assert numeral == ROMAN[expected_next], f"romanettes out of order: {found} in {text}"
        expected_next += 1


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(term_sheets())
def test_every_combination_reads_right(data: dict[str, Any]) -> None:
    docs = {d: assemble(d, data) for d in DOCUMENTS}
    pronouns = {p["pronoun"] for p in data["indemnitors"]}
    several = len(data["indemnitors"]) > 1
    for doc_id, doc in docs.items():
        txt = get_writer("txt")(doc).decode("utf-8")
        assert not re.search(r"\{\{|\}\}|\{%|%\}|<[a-z/]", txt), "template syntax leaked"
        for para in paragraphs(doc):
            assert "  " not in para, f"double space: {para}"
            assert not re.search(r" [.,;:)]", para), f"space before punctuation: {para}"
            lone_first_ok = doc_id == "release" and data["filed_wording"]
            check_romanettes(para, allow_lone_first=lone_first_ok)
        words = set(re.findall(r"[A-Za-z]+", doc.text))
        if "he" not in pronouns:
            assert not words & {"his", "him", "himself"}, f"male pronoun in {doc_id}"
        if not several:
            assert "Parties" not in doc.text.replace("Indemnified Parties", "").replace(
                "Released Parties", ""
            )
            assert "Releasors" not in doc.text
    if data["company"]["entity_type"] == "llc":  # nothing of a corporation left
        for doc in docs.values():
            assert not re.search(r"corporat|incorporat|by-laws|DGCL", doc.text), doc.id
    for doc in docs.values():  # the closing clauses close the agreement, in this order
        closing = [c for c in ("governing_law", "counterparts") if doc.has_clause(c)]
        assert closing == [c for c in ("governing_law", "counterparts") if data[c]]
        tail = [c for c in doc.clauses if c not in ("signatures",)][-len(closing) :]
        assert not closing or tail == closing, doc.clauses
    release = [b for b in docs["release"].blocks if isinstance(b, Paragraph)]
    if "penultimate paragraph" in docs["release"].text:  # a cross-reference that stays true
        carve_out = next(i for i, b in enumerate(release) if b.clause == "transaction_documents_"
                         "carve_out")  # fmt: skip
        signed = next(i for i, b in enumerate(release) if b.text.startswith("Signed as of"))
        assert signed - carve_out == 2
    numbers = re.findall(r"^(\d+)\.\s", docs["indemnification"].text, flags=re.M)
    assert numbers == [str(n) for n in range(1, len(numbers) + 1)] and numbers
    indemnification = docs["indemnification"].text
    for party in data["indemnitors"]:
        short = re.escape(party["short_name"])
        assert len(re.findall(rf'\("{short}"[,)\s]', indemnification)) == 1


def test_every_separate_counsel_subset_renumbers() -> None:
    keys = ["counsel_not_provided", "conflict_of_interest", "different_defenses"]
    for mask in range(8):
        chosen = [k for i, k in enumerate(keys) if mask >> i & 1]
        data = {
            "effective_date": "2024-05-03",
            "company": {
                "name": "Acme Corp.",
                "jurisdiction": "Delaware",
                "signatory": {"name": "Ann Lee", "title": "President"},
            },
            "indemnitors": [{"name": "Jane Doe", "short_name": "Doe", "pronoun": "she"}],
            "indemnification": {
                "separate_counsel": {k: k in chosen for k in keys},
                "settlement_consent": False,
            },
            "release": {"consideration": "1"},
        }
        doc = assemble("indemnification", data)
        if not chosen:
            assert not doc.has_clause("separate_counsel")
            continue
        text = doc.clause("separate_counsel").text
        numerals = ROMANETTE.findall(text)
        assert numerals == (ROMAN[: len(chosen)] if len(chosen) > 1 else [])
        for key in keys:
            assert doc.has_clause(key) == (key in chosen)
        if len(chosen) > 1:
            assert f" or {ROMAN[len(chosen) - 1]} " in text
