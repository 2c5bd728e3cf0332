"""Load and validate a term sheet: YAML in, a frozen :class:`TermSheet` out, or every problem.

The schema is a pydantic model, so the same definition validates YAML, validates dicts passed
through the Python API, and exports the JSON Schema that editors use (``docgen schema``).
Every scalar arrives from :mod:`generator.yamlload` as the text the drafter wrote; the field
types below decide how to read it, so ``short_name: NO`` stays ``"NO"`` and ``consideration:
1.10`` is exactly ``Decimal("1.10")``.
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
import re
import stat
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any, BinaryIO, Literal, TypeAlias

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    GetJsonSchemaHandler,
    TypeAdapter,
    ValidationError,
    WithJsonSchema,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema, PydanticCustomError

from generator.errors import Problem, TermSheetError, shown
from generator.grammar import join_words, month_year
from generator.jurisdictions import (
    CORPORATE_STATUTES,
    LLC,
    LLC_LAWS,
    incorporated,
    laws_of,
    near_state,
    state_name,
    statute_for,
    united_states,
)
from generator.model import is_page_label
from generator.yamlload import MAX_FILE_BYTES, Located, cap_problems, read_yaml, show_path

__all__ = [
    "TermSheet",
    "load_term_sheet",
    "parse_term_sheet",
    "unknown_key",
    "validate_term_sheet",
]

# -- field types ------------------------------------------------------------------------------

_BAD_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
_LINE_BREAKS = re.compile("[\t\n\r\x85\u2028\u2029]")  # \x85: NEL, a line break too


#: Invisible characters besides format controls (Unicode category Cf: bidi marks, overrides and
#: isolates, zero-width space, soft hyphen, word joiner, byte order mark ...): the combining
#: grapheme joiner, the Mongolian vowel separator, variation selectors and Hangul fillers.
#: "Com\u200bpany" prints as "Company" and would pass for a term the agreements define.
_INVISIBLE = re.compile("[\u034f\u115f\u1160\u180e\u3164\uffa0\ufe00-\ufe0f\U000e0100-\U000e01ef]")
_JOINERS = frozenset("\u200c\u200d")  # zero-width (non-)joiner: scripts need them


def _hidden(text: str) -> str | None:
    """Return the first invisible character of `text` that changes how it reads, if any."""
    if text.isascii():
        return None
    for char in text:
        if char in _JOINERS:
            continue
        if unicodedata.category(char) == "Cf" or _INVISIBLE.match(char):
            return char
    return None


@dataclass(frozen=True, slots=True)
class _Text(BeforeValidator):
    """A text field's check (see :func:`_text`), whose limit the JSON Schema also states.

    The check itself says what is wrong in the words of this tool; `maxLength` and `minLength`
    are only there for an editor that validates a sheet as it is typed (the schema comment at
    the top of a sheet), which could not otherwise know that a name stops at 120 characters.
    """

    limit: int = 0

    def __get_pydantic_json_schema__(
        self, core_schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        json_schema = handler(core_schema)
        json_schema.update(minLength=1, maxLength=self.limit)
        return json_schema


def _text(limit: int) -> Any:
    def check(value: Any) -> Any:
        if isinstance(value, bool) or not isinstance(value, str | int | Decimal):
            raise PydanticCustomError("docgen", "expected text, got {got}", {"got": _got(value)})
        text = str(value).strip()
        if not text:
            raise PydanticCustomError("docgen", "expected text, got an empty value")
        bad = _BAD_CHARS.search(text)
        if bad:
            raise PydanticCustomError(
                "docgen",
                "the text contains the control character {char}, which no document can hold",
                {"char": f"U+{ord(bad.group()):04X}"},
            )
        hidden = _hidden(text)
        if hidden:
            raise PydanticCustomError(
                "docgen",
                "the text contains the invisible character {char}, which makes it read otherwise "
                "than it prints (or match what it does not); remove it",
                {"char": f"U+{ord(hidden):04X} ({unicodedata.name(hidden, '?')})"},
            )
        if _LINE_BREAKS.search(text):
            raise PydanticCustomError("docgen", "expected a single line of text, got a line "
                                      "break or tab")  # fmt: skip
        if len(text) > limit:
            raise PydanticCustomError(
                "docgen",
                "expected at most {limit} characters, got {n}",
                {"limit": limit, "n": len(text)},
            )
        return text

    return _Text(check, limit=limit)


Name = Annotated[str, _text(120)]
Line = Annotated[str, _text(200)]


def _word(value: Any) -> str | None:
    """Return `value` in lower case when it is ASCII text ("True", "Indefinite", "She"), as
    the enumerated words are compared in any case; ``None`` for anything else. Only ASCII is
    folded: "she" written with a long s (U+017F), or "blank" with the Kelvin sign
    (U+212A), would fold to a word it only looks like."""
    return value.lower() if isinstance(value, str) and value.isascii() else None


def _flag(value: Any) -> Any:
    if isinstance(value, bool):
        return value
    word = _word(value)
    if word in ("true", "false"):
        return word == "true"
    raise PydanticCustomError("docgen", "expected true or false, got {got}", {"got": _got(value)})


Flag = Annotated[bool, BeforeValidator(_flag)]


def _years(value: Any) -> Any:
    if _word(value) == "indefinite":
        return "indefinite"
    if isinstance(value, str) and re.fullmatch(r"[1-9][0-9]?", value):
        return int(value)
    if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 99:
        return value
    raise PydanticCustomError(
        "docgen",
        "expected a whole number of years (1-99) or 'indefinite', got {got}",
        {"got": _got(value)},
    )


Years = Annotated[int | Literal["indefinite"], BeforeValidator(_years)]

# ASCII digits only ('１０' is not a sum a drafter typed); the range is checked after.
_CENT = Decimal("0.01")
_MONEY = re.compile(r"\$?([0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(\.[0-9]+)?")


def _money(value: Any) -> Any:
    if isinstance(value, float):  # from Python only: YAML numbers arrive as their text
        raise PydanticCustomError(
            "docgen",
            "expected an amount of money as text ('1.10') or a Decimal, got the float {got}, "
            "which cannot hold cents exactly",
            {"got": repr(value)},
        )
    if isinstance(value, Decimal | int) and not isinstance(value, bool):
        amount = Decimal(value)
    elif isinstance(value, str) and _MONEY.fullmatch(value.strip()):
        amount = Decimal(value.strip().lstrip("$").replace(",", ""))
    else:
        raise PydanticCustomError(
            "docgen",
            "expected an amount of money such as 10.00 (dollars and cents, more than zero), "
            "got {got}",
            {"got": _got(value)},
        )
    if not amount.is_finite() or amount <= 0 or amount >= Decimal(10) ** 13:
        raise PydanticCustomError(
            "docgen",
            "expected an amount of money more than zero and below ten trillion, got {got}",
            {"got": _got(value)},
        )
    cents = amount.quantize(_CENT)
    if cents != amount:
        raise PydanticCustomError(
            "docgen",
            "expected an amount of money in whole cents, with at most two decimal places, "
            "got {got}",
            {"got": _got(value)},
        )
    # Zeros past the cents say nothing: 10.000 is $10.00, and kept as 10.00 (10 and 1.1 as given).
    return cents if amount.as_tuple().exponent < -2 else amount  # type: ignore[operator]


Money = Annotated[Decimal, BeforeValidator(_money)]


def _date(value: Any) -> Any:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str) and re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
        try:
            date = dt.date.fromisoformat(value)
        except ValueError:
            raise PydanticCustomError(
                "docgen",
                "expected a real date as YYYY-MM-DD, got {got}, a day that does not exist",
                {"got": _got(value)},
            ) from None
        if not 1900 <= date.year <= 2199:
            # An agreement dated "January, 1" is a typo, not a deal.
            raise PydanticCustomError(
                "docgen",
                "expected a date in the years 1900 to 2199, got {got}",
                {"got": _got(value)},
            )
        return date
    raise PydanticCustomError(
        "docgen", "expected a date as YYYY-MM-DD, got {got}", {"got": _got(value)}
    )


Date = Annotated[dt.date, BeforeValidator(_date)]


def _page_label(value: Any) -> Any:
    # After _text: a single line of at most 20 characters.
    if not is_page_label(value):
        raise PydanticCustomError(
            "docgen",
            "expected a label holding {page} and no other braces, got {got}",
            {"got": _got(value)},
        )
    return value


def _page_label_braces(value: Any) -> Any:
    # Before _text: a placeholder the label cannot fill ('{pages}') is said first, else a
    # drafter shortening 'Page {page} of {pages}' to fit learns of it only then.
    if isinstance(value, str) and ("{" in value or "}" in value) and not is_page_label(value):
        raise PydanticCustomError(
            "docgen",
            "expected a label of at most 20 characters holding {page} and no other braces, "
            "got {got}",
            {"got": _got(value)},
        )
    return value


PageLabel = Annotated[
    str, _text(20), AfterValidator(_page_label), BeforeValidator(_page_label_braces)
]


_MAX_ABBREVIATION = 12  # characters of a statute's abbreviation ("DGCL", "N.Y.B.C.L.")

#: Terms the agreements define for themselves: no term the sheet defines (a short name, the
#: related agreement, the statute's abbreviation) may be one of them.
_DEFINED_TERMS = frozenset(
    term.casefold()
    for term in (
        "Company",
        "Agreement",
        "Release",
        "Indemnifying Party",
        "Indemnifying Parties",
        "Indemnified Party",
        "Indemnified Parties",
        "Indemnified Conduct",
        "Releasor",
        "Releasors",
        "Released Parties",
        "Specified Conduct",
        "Transaction Documents",
        "Limited Release",
    )
)


def _own_term(expected: str) -> AfterValidator:
    """Return a validator (after _text) refusing a term the agreements define themselves:
    `expected` says what the value should be instead ("a name of the party's own")."""

    def check(value: str) -> str:
        if value.casefold() in _DEFINED_TERMS:
            raise PydanticCustomError(
                "docgen",
                "expected {expected}, got {got}, a term the agreements define for something else",
                {"expected": expected, "got": _got(value)},
            )
        return value

    return AfterValidator(check)


_LEADING_THE = re.compile(r"the(?:\s+|$)", re.IGNORECASE)
_LEADING_LOWER_THE = re.compile(r"the(?:\s+|$)")


def _without_the(written: str, *, proper_names: bool = False) -> AfterValidator:
    """Return a validator (after _text) refusing a value typed with the "the" that the
    agreements put before it themselves ("the the Act"): `written` is how they print it,
    ``{bare}`` standing for the value ("the {bare}", "the Company's {bare}"). With
    `proper_names`, a capital "The" is taken to begin a name ("The Hartford") and only
    "the ..." is refused."""
    leading = _LEADING_LOWER_THE if proper_names else _LEADING_THE

    def check(value: str) -> str:
        if value.casefold() == "the":  # "the" alone: no name at all
            raise PydanticCustomError(
                "docgen", "expected a name, not {got} alone", {"got": _got(value)}
            )
        found = leading.match(value)
        if found:
            raise PydanticCustomError(
                "docgen",
                "expected the name without 'the' (the agreements write '{written}'), got {got}",
                {"written": written.replace("{bare}", value[found.end() :]), "got": _got(value)},
            )
        return value

    return AfterValidator(check)


def _exhibit(value: Any) -> Any:
    # After _text: one short line of text.
    if value.casefold().startswith("exhibit"):
        number = value[len("exhibit") :].strip(" :.\t") or "10.3"  # the one meant, if given
        raise PydanticCustomError(
            "docgen",
            "expected the exhibit's number alone ('{number}': the legend prints "
            "'EXHIBIT {number}'), got {got}",
            {"number": number, "got": _got(value)},
        )
    return value


Exhibit = Annotated[str, _text(20), AfterValidator(_exhibit)]
ShortName = Annotated[
    Name, _without_the('("{bare}")', proper_names=True), _own_term("a name of the party's own")
]
Abbreviation = Annotated[
    str,
    _text(_MAX_ABBREVIATION),
    _without_the("the {bare}"),
    _own_term("the statute's own abbreviation (e.g. 'DGCL')"),
]
BareName = Annotated[Name, _without_the("the {bare}")]  # the agreements put "the" before it
CharterName = Annotated[Line, _without_the("the Company's {bare}")]
AgreementName = Annotated[
    BareName, _own_term("the related agreement's own name (e.g. 'Merger Agreement')")
]


def _choice(*options: str) -> Any:
    """Return a validator taking one of `options` (lower case) written in any case."""

    def check(value: Any) -> Any:
        word = _word(value)
        if word in options:
            return word
        listed = join_words([str(o) for o in options], "or")
        raise PydanticCustomError(
            "docgen", "expected {listed}, got {got}", {"listed": listed, "got": _got(value)}
        )

    return BeforeValidator(check)


Pronoun = Annotated[Literal["he", "she", "they", "it"], _choice("he", "she", "they", "it")]


def _entity_type(value: Any) -> Any:
    """Return the entity type `value` names, read in any case and spacing, with ``llc`` (or
    ``L.L.C.``) for ``limited liability company``."""
    word = _word(value)
    word = " ".join(word.split()) if word is not None else None
    if word in ("corporation", LLC):
        return word
    if word in ("llc", "l.l.c."):
        return LLC
    raise PydanticCustomError(
        "docgen",
        "expected corporation or limited liability company (llc), got {got}",
        {"got": _got(value)},
    )


EntityType = Annotated[
    Literal["corporation", "limited liability company"],
    BeforeValidator(_entity_type),
    # Editors that check a sheet against the schema take the abbreviation docgen takes, in
    # the two ways it is usually written (the other words' lists are lower case only).
    WithJsonSchema({"enum": ["corporation", LLC, "llc", "LLC"], "type": "string"}),
]


def _got(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, Mapping):
        return "a mapping of keys"
    if isinstance(value, list | tuple):
        return "a list"
    if isinstance(value, bool):  # from Python (a sheet's own words come as written): as YAML
        return repr(str(value).lower())
    text = str(value)
    if len(text) > 40:
        text = text[:37] + "..."
    return repr(text)


# -- the schema ----------------------------------------------------------------------------


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Signatory(_Model):
    """The person who signs for an entity."""

    name: Name = Field(description="Full name, as printed under the signature line.")
    title: Line = Field(description="Office, as printed under the name.")


def _no_laws_of(value: str) -> str:
    # After _text: "the laws of Delaware" would print "the laws of the laws of Delaware".
    if re.match(r"(?:the\s+)?laws?\s+of\b", value, re.IGNORECASE):
        raise PydanticCustomError(
            "docgen",
            "expected the jurisdiction alone (the agreements write 'the laws of the State of "
            "Delaware' from 'Delaware'), got {got}",
            {"got": _got(value)},
        )
    return value


def _no_switch(value: str) -> str:
    # Every scalar reaches a text field as text: "governing_law: false", meant as off (as
    # counterparts: false is), printed "the laws of false".
    if _word(value) in ("true", "false", "yes", "no", "on", "off", "none"):
        raise PydanticCustomError(
            "docgen",
            "expected a jurisdiction such as 'Delaware', got {got}, which names none (for no "
            "governing-law clause, leave governing_law out)",
            {"got": _got(value)},
        )
    return value


#: A jurisdiction: a US state or territory or a Canadian province or territory, written in any
#: case or after "State of" (a US one also by its postal code), read as its usual name; any
#: other as written. Never "the laws of ...", which the agreements write themselves, nor a
#: word of a switch ("false").
Jurisdiction = Annotated[
    Name, AfterValidator(_no_switch), AfterValidator(_no_laws_of), AfterValidator(state_name)
]


class Company(_Model):
    """The Company: the indemnified party and the releasee."""

    name: Name = Field(description="Legal name, e.g. 'Natural Health Trends Corp.'.")
    jurisdiction: Jurisdiction = Field(
        description="State of incorporation (or formation); gives 'a Delaware corporation' (a "
        "US state or territory, a Canadian province or territory) or 'a corporation organized "
        "under the laws of the Netherlands' (any other), the statute and the charter document. "
        "A US state, territory or Canadian province may be given in any case or after 'State "
        "of', a US state or territory by its postal code; write a country's 'the' where its "
        "name takes one."
    )
    entity_type: EntityType = Field(
        "corporation",
        description="'corporation', or 'limited liability company' ('llc'; a US state or "
        "territory only): 'a Delaware limited liability company', whose certificate of "
        "formation, limited liability company agreement and LLC statute section 1(b) cites, "
        "and whose members and managers the release releases.",
    )
    corporate_statute: BareName | None = Field(
        None,
        description="The statute's name, for a state not in the built-in table "
        "(e.g. 'Wyoming Business Corporation Act'); for a limited liability company, its LLC "
        "statute (e.g. 'Wyoming Limited Liability Company Act').",
    )
    statute_abbreviation: Abbreviation | None = Field(
        None,
        description="Abbreviation defined for the statute, without 'the'; default: its initials.",
    )
    charter_document: CharterName | None = Field(
        None,
        description="The charter as section 1(b) cites it ('the Company's ...'), lower case, "
        "without 'the'; default by state: "
        "'certificate of incorporation' (Delaware, New York, New Jersey, Oklahoma, Connecticut), "
        "'certificate of formation' (Texas), 'articles of organization' (Massachusetts), "
        "'charter' (Maryland), 'articles of incorporation' in other states and in Canada; "
        "'articles of association' outside the United States and Canada. A limited liability "
        "company's by its state's LLC statute ('certificate of formation' in Delaware); "
        "required for a state outside the built-in table.",
    )
    bylaws_document: CharterName | None = Field(
        None,
        description="The by-laws as section 1(b) cites them after the charter, lower case, "
        "without 'the'; default 'by-laws' in the United States and Canada, none elsewhere (an "
        "English company has none); e.g. 'bye-laws' (Bermuda, with charter_document "
        "'memorandum of association'). A limited liability company's members' agreement: "
        "'limited liability company agreement' in Delaware, 'operating agreement' in most "
        "states; required for a state outside the built-in table.",
    )
    signatory: Signatory


class Indemnitor(_Model):
    """One Indemnifying Party, who is also a Releasor under the release."""

    name: Name = Field(description="Full legal name.")
    short_name: ShortName | None = Field(
        None,
        description="Defined short name, e.g. 'LaCore', without 'the'; not a term the "
        "agreements define ('Company', 'Releasor', ...). Required with several indemnitors "
        "(each is defined, and the group 'collectively with' them); with one, optional: the "
        "opening then defines only 'the Indemnifying Party'.",
    )
    pronoun: Pronoun = Field(description="he, she, they or it (an entity).")
    release_name: Name | None = Field(
        None, description="The name as the release's opening gives it; default: name."
    )
    description: Line | None = Field(
        None,
        description="How both agreements' openings describe the party after its name, "
        "e.g. 'a Delaware limited liability company'; default: nothing.",
    )
    signatory: Signatory | None = Field(
        None, description="Required when pronoun is 'it': who signs for the entity."
    )


class ConductCarveOuts(_Model):
    """Exceptions to 'Indemnified Conduct' in section 1(b)."""

    specified_conduct: Flag = Field(
        False,
        description="(i) the Specified Conduct under the Limited Release: only where a "
        "separate Limited Release defines it, as in the 2006 deal.",
    )
    charter_indemnification: Flag = Field(
        True,
        description="(ii) conduct the Company must indemnify under its charter, by-laws (where "
        "it has them) and "
        "the corporate statute.",
    )


class SeparateCounsel(_Model):
    """When one separate counsel is at the Indemnifying Parties' cost (section 4)."""

    counsel_not_provided: Flag = Field(True, description="No satisfactory counsel provided.")
    conflict_of_interest: Flag = Field(True, description="Joint representation is a conflict.")
    different_defenses: Flag = Field(True, description="Different or additional defenses.")


class Indemnification(_Model):
    """The Indemnification Agreement."""

    exhibit: Exhibit | None = Field(
        None, description="Exhibit number for the legend ('10.3'); none: no legend."
    )
    conduct_carve_outs: ConductCarveOuts = ConductCarveOuts()
    separate_counsel: SeparateCounsel = SeparateCounsel()
    contribution: Flag = Field(True, description="Include section 'Contribution'.")
    settlement_consent: Flag = Field(
        True, description="Limit settlements made without the Indemnified Party's consent."
    )
    survival_years: Years = Field(
        3, description="Years the obligations survive (1-99), or 'indefinite'."
    )
    page_label: PageLabel = Field("{page}", description="Footer page label; {page} is the number.")


class Release(_Model):
    """The General Release."""

    exhibit: Exhibit | None = Field(
        None, description="Exhibit number for the legend ('10.9'); none: no legend."
    )
    consideration: Money = Field(description="Cash consideration in dollars, e.g. 10.00.")
    transaction_documents_carve_out: Flag = Field(
        True, description="Reserve claims under the Transaction Documents."
    )
    page_label: PageLabel = Field(
        "{page}", description="Footer page label; {page} is the number (the filing: F-2-{page})."
    )


class TermSheet(_Model):
    """A term sheet: everything that varies between two deals on these templates."""

    effective_date: Date = Field(description="Date of both agreements, YYYY-MM-DD.")
    company: Company
    indemnitors: list[Indemnitor] = Field(
        min_length=1, max_length=50, description="The Indemnifying Parties (and Releasors)."
    )
    related_agreement: AgreementName | None = Field(
        None,
        description="Name of the related agreement, without 'the' (e.g. 'Merger Agreement'); "
        "default '<Month> <Year> Agreement'.",
    )
    indemnification: Indemnification = Indemnification()
    release: Release
    governing_law: Jurisdiction | None = Field(
        None,
        description="The jurisdiction whose law governs both agreements, written as "
        "company.jurisdiction is ('Delaware', 'NY', 'England and Wales'): a closing clause "
        "'governed by ... the laws of the State of Delaware'; none: no such clause (the filing "
        "has none).",
    )
    counterparts: Flag = Field(
        False,
        description="A closing clause in both agreements: they may be signed in counterparts, "
        "and a signature sent by fax or .pdf is as good as an original (the filing has none).",
    )
    signatures: Annotated[Literal["conformed", "blank"], _choice("conformed", "blank")] = Field(
        "blank", description="conformed: '/s/ NAME' as filed; blank: lines to sign."
    )
    filed_wording: Flag = Field(
        True,
        description="Keep the 2006 filing's wording where, for several parties, it slips "
        "('such Indemnifying Parties is', a lone '(i)'); false corrects it. Set false for new "
        "deals.",
    )

    @property
    def related_agreement_name(self) -> str:
        """Return the related agreement's defined term: as given, or "<Month> <Year> Agreement"."""
        return self.related_agreement or f"{month_year(self.effective_date)} Agreement"

    def notes(self) -> list[str]:
        """Return advice on what the sheet leaves to a default a new deal rarely wants, and on
        a jurisdiction spelt nearly as a US state or Canadian province is (:func:`near_state`),
        which is valid, as a foreign country, but is most likely a typo."""
        notes = []
        if "filed_wording" not in self.model_fields_set and len(self.indemnitors) > 1:
            notes.append(
                "filed_wording is on by default: the 2006 filing's wording is kept, slips "
                "included ('such Indemnifying Parties is', a lone '(i)' ...); set "
                "filed_wording: false for the corrected text (a new deal), or true to keep it "
                "and silence this note"
            )
        company = self.company
        places = [
            (
                "company.jurisdiction",
                company.jurisdiction,
                incorporated(company.jurisdiction, company.entity_type),
            ),
            ("governing_law", self.governing_law, laws_of(self.governing_law or "")),
        ]
        for field, place, reads in places:
            meant = near_state(place) if place else None
            if meant:
                notes.append(
                    f"{field}: {place!r} is not a US state or territory or a Canadian "
                    f"province, so the agreements read it as a foreign country ({reads!r}); "
                    f"did you mean {meant!r}?"
                )
        return notes


# -- loading -------------------------------------------------------------------------------


def load_term_sheet(path: str | Path) -> TermSheet:
    """Return the validated term sheet in the YAML file at `path`.

    Raise :class:`TermSheetError` with every problem found, each naming file, line and field.
    """
    name = str(path)
    try:
        # Opened without waiting: a named pipe with no writer is read as empty, not waited on
        # for ever; one with a writer (`docgen check <(make-sheet)`) is read as it comes.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
        os.set_blocking(fd, True)
        with os.fdopen(fd, "rb") as handle:
            # Read one byte past the cap so that an oversized file is refused, not read whole.
            raw = _read_capped(handle, MAX_FILE_BYTES + 1)
            if not raw and stat.S_ISFIFO(os.fstat(handle.fileno()).st_mode):
                raise TermSheetError(
                    [Problem(name, None, "", "a named pipe that nothing was written to")]
                )
    except FileNotFoundError:
        raise TermSheetError([Problem(name, None, "", "no such file")]) from None
    except IsADirectoryError:
        # `docgen check deals/` is what a drafter tries after `docgen batch deals/`: say how.
        inside = shown(os.path.join(name, "*.yaml"))
        raise TermSheetError(
            [
                Problem(
                    name,
                    None,
                    "",
                    f"this is a folder, not a term sheet; name its sheets "
                    f"({inside}), or render them all with docgen batch",
                )
            ]
        ) from None
    except OSError as exc:
        raise TermSheetError([Problem(name, None, "", f"cannot be read: {exc.strerror}")]) from None
    return parse_term_sheet(raw, name)


def _read_capped(handle: BinaryIO, limit: int) -> bytes:
    """Return the bytes of `handle`, at most `limit` of them.

    A regular file is read with a buffer of its own size, not of `limit` (a 2 KiB term sheet
    does not need 256 KiB allocated and freed); the rest, should it have grown, after it.
    """
    info = os.fstat(handle.fileno())
    if not stat.S_ISREG(info.st_mode) or info.st_size >= limit:
        return handle.read(limit)
    raw = handle.read(info.st_size + 1)
    if len(raw) > info.st_size:  # it grew since: read on, to the limit
        raw += handle.read(limit - len(raw))
    return raw


def parse_term_sheet(text: str | bytes, filename: str = "<string>") -> TermSheet:
    """Return the validated term sheet in YAML `text`; `filename` names it in messages.

    Raise :class:`TermSheetError` with every problem of the file: what the YAML reader refused
    (tags, duplicate keys, characters ...) and what the schema found in the rest, in line order.
    """
    located = read_yaml(text, filename)
    if not located.problems:
        return validate_term_sheet(located.data, filename, located)
    problems = list(located.problems)
    try:
        validate_term_sheet(located.data, filename, located)
    except TermSheetError as exc:
        # A value the reader refused (say, one with a tag) is reported once, by the reader.
        refused = [show_path(path) for path in located.refused]
        problems += [p for p in exc.problems if not _under_any(p.field, refused)]
    problems.sort(key=lambda p: p.line or 0)
    raise TermSheetError(cap_problems(problems, filename), count=len(problems))


def _under_any(field: str, paths: list[str]) -> bool:
    """Return whether the dotted `field` is one of `paths` or lies inside one of them."""
    return any(not p or field == p or field.startswith(p + ".") for p in paths)


def validate_term_sheet(
    data: Any, filename: str = "<mapping>", located: Located | None = None
) -> TermSheet:
    """Return `data` (plain mappings, lists and scalars) validated as a :class:`TermSheet`.

    `located` gives the YAML line of each field for messages; ``None`` means lines are unknown.
    """
    where = located or Located(data)
    if not isinstance(data, Mapping):
        raise TermSheetError(
            [
                Problem(
                    filename,
                    where.line_of(()),
                    "",
                    f"expected a mapping of keys at the top level, got {_got(data)}",
                )
            ]
        )
    try:
        sheet = TermSheet.model_validate(data)
    except ValidationError as exc:
        problems = _problems(exc, filename, where)
        # The checks across fields, on the parts that are valid on their own: a drafter with a
        # typo in the release hears about two parties sharing a short name in the same run.
        failed = {err["loc"][0] for err in exc.errors(include_url=False) if err["loc"]}
        problems += _as_problems(_checks_of_valid_parts(data, failed), filename, where)
        problems.sort(key=lambda p: p.line or 0)
        raise TermSheetError(problems) from None
    problems = _as_problems(_cross_checks(sheet), filename, where)
    if problems:
        raise TermSheetError(problems)
    return sheet


Check: TypeAlias = tuple[tuple[str | int, ...], str]


def _cross_checks(sheet: TermSheet) -> list[Check]:
    """Return the problems that no single field shows, each with its path and message."""
    return [
        *_entity_check(sheet.company),
        *_statute_check(sheet.company, sheet.indemnification),
        *_party_checks(sheet.indemnitors),
        *_term_checks(sheet),
    ]


def _term_checks(sheet: TermSheet) -> list[Check]:
    """Return a problem for each term the sheet defines that another of its terms defines
    already (compared in any case): a defined term must name one thing.

    Terms the sheet leaves to a default (the related agreement's name from the date, the
    statute's abbreviation from the state) come first, so the problem is reported at the
    field the drafter wrote.
    """
    # (field, term, what it names, given by the drafter)
    terms: list[tuple[tuple[str | int, ...], str, str, bool]] = []
    for i, party in enumerate(sheet.indemnitors):
        if party.short_name is not None:
            field = ("indemnitors", i, "short_name")
            terms.append((field, party.short_name, f"indemnitors.{i} (its short name)", True))
    given = sheet.related_agreement is not None
    what = "the related agreement" + ("" if given else " (its name by default, from the date)")
    terms.append((("related_agreement",), sheet.related_agreement_name, what, given))
    company = sheet.company
    statute = statute_for(
        company.jurisdiction,
        company.corporate_statute,
        company.statute_abbreviation,
        company.entity_type,
    )
    if statute and sheet.indemnification.conduct_carve_outs.charter_indemnification:
        given = bool(company.statute_abbreviation)
        what = f"the {statute.name}" + ("" if given else " (its abbreviation by default)")
        terms.append((("company", "statute_abbreviation"), statute.abbreviation, what, given))
    terms.sort(key=lambda term: term[3])  # defaults first
    out: list[Check] = []
    first: dict[str, tuple[str | int, ...]] = {}
    names: dict[tuple[str | int, ...], str] = {}
    for field, term, what, _given in terms:
        names[field] = what
        earlier = first.setdefault(term.casefold(), field)
        if earlier == field or earlier[0] == field[0] == "indemnitors":
            continue  # (two short names alike are _party_checks' to report)
        out.append(
            (
                field,
                f"{term!r} already names {names[earlier]}; a defined term names one thing: "
                "give one of them another name",
            )
        )
    return out


def _as_problems(checks: list[Check], filename: str, where: Located) -> list[Problem]:
    """Return `checks` as problems, each at the line of its field."""
    return [Problem(filename, where.line_of(loc), _dotted(loc), message) for loc, message in checks]


def _checks_of_valid_parts(data: Mapping[str, Any], failed: set[str | int]) -> list[Check]:
    """Return the checks of :func:`_cross_checks` that concern only parts of `data` that are
    valid (the top-level keys not in `failed`), each part validated on its own."""
    parts: dict[str, Any] = {}
    for key, kind in (
        ("company", Company),
        ("indemnification", Indemnification),
        ("indemnitors", list[Indemnitor]),
    ):
        if key in failed or (key not in data and key != "indemnification"):
            continue  # (indemnification is optional: its defaults are valid)
        try:
            parts[key] = TypeAdapter(kind).validate_python(data.get(key, {}))
        except ValidationError:  # pragma: no cover - it validated inside the sheet
            continue
    out: list[Check] = []
    if "company" in parts:
        out += _entity_check(parts["company"])
    if "company" in parts and "indemnification" in parts:
        out += _statute_check(parts["company"], parts["indemnification"])
    if "indemnitors" in parts:
        out += _party_checks(parts["indemnitors"])
    return out


def _llc_abroad(company: Company) -> bool:
    """Return whether the company is a limited liability company of a place that forms none:
    only the US states and territories have LLC statutes."""
    return company.entity_type == LLC and not united_states(company.jurisdiction)


def _entity_check(company: Company) -> list[Check]:
    """Return a problem when the company is a limited liability company of a place that forms
    none (:func:`_llc_abroad`)."""
    if not _llc_abroad(company):
        return []
    return [
        (
            ("company", "entity_type"),
            "a limited liability company is formed under the law of a US state or territory, "
            f"and {company.jurisdiction!r} is not one{_meant(company)}; give entity_type: "
            "corporation for a company formed there",
        )
    ]


def _meant(company: Company) -> str:
    """Return " (did you mean 'Delaware'?)" for a jurisdiction spelt nearly as a US state or
    Canadian province is (:func:`near_state`), else ``""``."""
    meant = near_state(company.jurisdiction)
    return f" (did you mean {meant!r}?)" if meant else ""


def _statute_example(company: Company) -> str:
    """Return an example of a statute's name: the known one of the state `company`'s
    jurisdiction is nearly spelt as, else one of a state not in the table."""
    meant = near_state(company.jurisdiction)
    known = CORPORATE_STATUTES.get(meant) if meant else None
    if known:
        return f"{meant}'s is the {known.name}"
    return "for a Wyoming corporation, 'Wyoming Business Corporation Act'"


def _statute_check(company: Company, indemnification: Indemnification) -> list[Check]:
    if not indemnification.conduct_carve_outs.charter_indemnification:
        return []  # the only clause that cites the statute
    if _llc_abroad(company):
        return []  # _entity_check's to report
    statute = statute_for(
        company.jurisdiction,
        company.corporate_statute,
        company.statute_abbreviation,
        company.entity_type,
    )
    derived = company.corporate_statute and not company.statute_abbreviation
    if statute and derived and not 2 <= len(statute.abbreviation) <= _MAX_ABBREVIATION:
        return [
            (
                ("company", "corporate_statute"),
                f"its initials give {statute.abbreviation!r}, not an abbreviation to define; "
                "add company.statute_abbreviation, the abbreviation the agreement defines "
                "(as 'DGCL' for the Delaware General Corporation Law)",
            )
        ]
    if company.entity_type == LLC and company.jurisdiction not in LLC_LAWS:
        return _llc_law_check(company)
    if not statute:
        return [
            (
                ("company", "jurisdiction"),
                f"no corporate statute is known for {company.jurisdiction!r}"
                f"{_meant(company)}; add company.corporate_statute, the statute's name as "
                f"section 1(b) is to cite it ({_statute_example(company)}), or turn off "
                "indemnification.conduct_carve_outs.charter_indemnification",
            )
        ]
    return []


def _llc_law_check(company: Company) -> list[Check]:
    """Return a problem naming what 1(b) cites of a limited liability company of a state
    outside the built-in table and the sheet does not give: the names of its statute, charter
    and members' agreement vary too much between states to be guessed."""
    example = f"{company.jurisdiction} Limited Liability Company Act"  # read as state_name
    wanted = [
        (company.corporate_statute, "company.corporate_statute (its LLC statute, e.g. "
         f"'{example}')"),
        (company.charter_document, "company.charter_document (e.g. 'articles of organization')"),
        (company.bylaws_document, "company.bylaws_document (the members' agreement, e.g. "
         "'operating agreement')"),
    ]  # fmt: skip
    missing = [words for given, words in wanted if not given]
    if not missing:
        return []
    return [
        (
            ("company", "jurisdiction"),
            f"no law of limited liability companies is known for {company.jurisdiction!r}; add "
            f"what section 1(b) cites, as that law names it: {join_words(missing)}; or turn "
            "off indemnification.conduct_carve_outs.charter_indemnification",
        )
    ]


def _party_checks(parties: list[Indemnitor]) -> list[Check]:
    out: list[Check] = []
    seen: dict[str, int] = {}  # by short name in any case: "Doe" and "DOE" read as one
    for i, party in enumerate(parties):
        if party.short_name is None:
            if len(parties) > 1:
                out.append(
                    (
                        ("indemnitors", i, "short_name"),
                        "required when there are several indemnitors: the opening defines "
                        'each by it ("LaCore"), and the group collectively with the others',
                    )
                )
        elif (key := party.short_name.casefold()) in seen:
            earlier = parties[seen[key]].short_name
            given = "" if earlier == party.short_name else f" (as {earlier!r})"
            out.append(
                (
                    ("indemnitors", i, "short_name"),
                    f"the short name {party.short_name!r} is already given{given} to "
                    f"indemnitors.{seen[key]}; each party needs its own",
                )
            )
        if party.short_name is not None:
            seen.setdefault(party.short_name.casefold(), i)
        if party.pronoun == "it" and party.signatory is None:
            out.append(
                (
                    ("indemnitors", i, "signatory"),
                    "required for a party whose pronoun is 'it': an entity signs by an officer "
                    "(give name and title)",
                )
            )
        elif party.pronoun != "it" and party.signatory is not None:
            out.append(
                (
                    ("indemnitors", i, "signatory"),
                    f"only for a party whose pronoun is 'it' (an entity signs by an officer); "
                    f"a person ({party.pronoun!r}) signs in person: remove it, or give pronoun "
                    "'it' for an entity",
                )
            )
    return out


def _problems(exc: ValidationError, filename: str, where: Located) -> list[Problem]:
    problems = []
    for err in exc.errors(include_url=False):
        loc = tuple(p for p in err["loc"] if not _is_type_tag(p))
        if err["type"] == "extra_forbidden":  # the last part is the drafter's key, kept as is
            loc = (*(p for p in err["loc"][:-1] if not _is_type_tag(p)), err["loc"][-1])
        message = _message(err, loc, where)
        problems.append(Problem(filename, where.line_of(loc), _dotted(loc), message))
    problems.sort(key=lambda p: (p.line or 0, p.field))
    return problems


def _is_type_tag(part: str | int) -> bool:
    # pydantic adds union members and validator names to `loc` ("function-before[...]", "int").
    return isinstance(part, str) and ("[" in part or part in ("int", "str"))


def _message(err: Any, loc: tuple[str | int, ...], where: Located) -> str:
    kind = err["type"]
    if kind == "missing":
        return "required, but missing"
    if kind == "extra_forbidden":
        return _unknown_key(loc, where.cut_from.get(loc))
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return f"expected a mapping of keys, got {_got(err['input'])}"
    if kind == "list_type":
        return f"expected a list, got {_got(err['input'])}"
    if kind == "too_short":
        return "expected at least one party, got an empty list"
    if kind == "too_long":
        return f"expected at most {err['ctx']['max_length']} parties, got {len(err['input'])}"
    message: str = err["msg"]
    if kind == "docgen":
        return message
    return f"{message[:1].lower()}{message[1:]}, got {_got(err['input'])}"


def unknown_key(loc: Sequence[str | int]) -> str | None:
    """Return the problem with the key at `loc` (``("release", "exhibitt")``), as validation
    words it ("unknown key; did you mean 'exhibit'?"), or ``None`` when a term sheet may have
    it (or the path above it is not the schema's, which validation reports in its own words)."""
    loc = tuple(loc)
    known = _fields_at(loc[:-1])
    if not known or loc[-1] in known:
        return None
    return _unknown_key(loc)


def _unknown_key(loc: tuple[str | int, ...], cut_from: str | None = None) -> str:
    """Return the problem with the unknown key at `loc`, with a hint: the key meant or, when
    the key is the rest of the value of the key `cut_from`, cut at a comma inside { } (see
    :attr:`Located.cut_from`), how to keep that value whole. `cut_from` ``None``: no cut."""
    known = _fields_at(loc[:-1])
    # A key misspelt right after a value ({title: President, titel}) is still a misspelling;
    # otherwise the cut is meant, not a key it looks a little like ("Jane" and "name").
    if cut_from is not None and not difflib.get_close_matches(str(loc[-1]), known, 1, 0.8):
        return (
            "unknown key; a comma in a value inside { } ends the value: put the value of "
            f"{cut_from!r} in quotes"
        )
    hint = difflib.get_close_matches(str(loc[-1]), known, n=1)
    elsewhere = _placed_elsewhere(str(loc[-1]), loc[:-1])
    if hint:
        suggestion = f"; did you mean {hint[0]!r}?"
    elif elsewhere:
        suggestion = f"; did you mean {elsewhere}?"
    else:
        suggestion = f"; expected one of {', '.join(known)}"
    return f"unknown key{suggestion}"


def _fields_at(loc: tuple[str | int, ...]) -> list[str]:
    model: Any = TermSheet
    for part in loc:
        if isinstance(part, int):
            continue
        field = model.model_fields.get(part)
        if field is None:
            return []
        model = _model_of(field.annotation)
        if model is None:
            return []
    return list(model.model_fields)


def _placed_elsewhere(key: str, parent: tuple[str | int, ...]) -> str | None:
    """Return where `key` is a field of the schema, if not under `parent`: a top-level
    ``survival_years`` belongs under ``indemnification`` (``indemnification.survival_years``)."""
    found: list[str] = []

    def walk(model: type[BaseModel], path: tuple[str, ...]) -> None:
        for name, field in model.model_fields.items():
            if name == key and path != tuple(p for p in parent if isinstance(p, str)):
                found.append(".".join((*path, name)) if path else name)
            inner = _model_of(field.annotation)
            if inner is not None:
                walk(inner, (*path, name) if not _is_list(field.annotation) else (*path, name, "N"))

    walk(TermSheet, ())
    return " or ".join(repr(f) for f in found[:3]) if found else None


def _is_list(annotation: Any) -> bool:
    return getattr(annotation, "__origin__", None) is list


def _model_of(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _model_of(arg)
        if found is not None:
            return found
    return None


def _dotted(loc: tuple[str | int, ...]) -> str:
    return show_path(loc)  # a drafter's key with control characters is shown quoted
