"""Views of the parties for templates: pronouns, number agreement and defined terms.

A :class:`Party` is one indemnitor; a :class:`Group` is the defined term that names them all
("Indemnifying Parties", "Releasors"). Templates ask the group for phrases (``ip.the``,
``ip.any``, ``ip.verb("agree")``) and never branch on the number of parties themselves.

The 2006 filing, drafted for two men, has plural phrases that slip in number ("such
Indemnifying Parties is", "Releasors understands"). With ``filed_wording`` on (the default, so the
filing's term sheet reproduces the filing) a group of several parties speaks as the filing does;
with it off, every phrase agrees in number.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from generator.grammar import article, join_phrases, join_words

__all__ = ["PRONOUNS", "Group", "Party", "Pronoun"]

Pronoun = Literal["he", "she", "they", "it"]

#: pronoun -> (subject, object, possessive, reflexive)
PRONOUNS: dict[str, tuple[str, str, str, str]] = {
    "he": ("he", "him", "his", "himself"),
    "she": ("she", "her", "her", "herself"),
    "they": ("they", "them", "their", "themselves"),
    "it": ("it", "it", "its", "itself"),
}

_PRONOUN_ORDER = ("he", "she", "it", "they")
_IRREGULAR_VERBS = {"have": "has", "be": "is", "do": "does"}
_PLURAL_VERBS = {"be": "are"}  # the plain form serves for the plural of every other verb


@dataclass(frozen=True, slots=True)
class Party:
    """One indemnitor (and releasor), as templates see it."""

    name: str
    short_name: str | None
    """The defined short name ("LaCore"); ``None`` for a lone party who has none."""
    pronoun: str
    release_name: str
    signatory_name: str | None = None
    signatory_title: str | None = None
    description: str | None = None
    """How the agreement describes the party after its name ("a Delaware limited liability
    company"); ``None`` for none, as for a person."""

    @property
    def described(self) -> str:
        """Return the name, with its description after a comma when there is one."""
        return f"{self.name}, {self.description}" if self.description else self.name

    @property
    def release_described(self) -> str:
        """Return the name as the release's opening gives it, with the description after a
        comma when there is one: the release identifies a party as the indemnification does."""
        if self.description:
            return f"{self.release_name}, {self.description}"
        return self.release_name

    @property
    def possessive(self) -> str:
        """Return the possessive pronoun (``his``, ``her``, ``their``, ``its``)."""
        return PRONOUNS[self.pronoun][2]

    @property
    def reflexive(self) -> str:
        """Return the reflexive pronoun (``himself``, ``herself``, ...)."""
        return PRONOUNS[self.pronoun][3]

    @property
    def is_entity(self) -> bool:
        """Return whether the party is an entity (pronoun ``it``) that signs by an officer."""
        return self.pronoun == "it"


@dataclass(frozen=True, slots=True)
class Group:
    """The parties under one defined term (`singular` / `plural`, e.g. ``Releasor(s)``)."""

    parties: tuple[Party, ...]
    singular: str
    plural_term: str
    filed_wording: bool = False
    """Speak as the 2006 filing does where it slips (see :attr:`slips`); off unless asked."""

    @classmethod
    def of(
        cls, parties: Sequence[Party], singular: str, plural: str, *, filed_wording: bool = False
    ) -> Group:
        """Return a group of `parties` called `singular` (one) or `plural` (several)."""
        return cls(tuple(parties), singular, plural, filed_wording)

    # -- number ---------------------------------------------------------------------------

    @property
    def plural(self) -> bool:
        """Return whether there is more than one party."""
        return len(self.parties) > 1

    @property
    def entities(self) -> bool:
        """Return whether every party is an entity (pronoun ``it``): no person among them."""
        return all(p.is_entity for p in self.parties)

    def successors(self, conjunction: str = "and") -> str:
        """Return who stands in the parties' shoes: ``heirs, executors, administrators,
        successors and assigns``; for entities alone, which have no heirs or executors,
        ``successors and assigns``."""
        people = [] if self.entities else ["heirs", "executors", "administrators"]
        return join_words([*people, "successors", "assigns"], conjunction)

    def own_successors(self, conjunction: str = "and") -> str:
        """Return who stands in each party's shoes, with each one's possessive: ``his heirs,
        executors, administrators, successors and assigns``; ``its successors and assigns``
        for entities alone. A group of persons and entities gives the heirs, executors and
        administrators to the persons alone (an entity has none): ``her heirs, executors and
        administrators, and her or its successors and assigns``, never "its heirs"."""
        people = [p for p in self.parties if not p.is_entity]
        if not people or len(people) == len(self.parties):
            return f"{self.possessive} {self.successors(conjunction)}"
        heirs = join_words(["heirs", "executors", "administrators"], conjunction)
        assigns = join_words(["successors", "assigns"], conjunction)
        return f"{_forms(people, 2)} {heirs}, {conjunction} {self.possessive} {assigns}"

    @property
    def conduct(self) -> str:
        """Return whose conduct each party answers for: ``individual conduct`` (the filing's
        words for persons); ``own conduct`` once an entity is among them, for whom
        "individual" means nothing."""
        return "own conduct" if any(p.is_entity for p in self.parties) else "individual conduct"

    @property
    def term(self) -> str:
        """Return the defined term in the right number (``Indemnifying Parties``)."""
        return self.plural_term if self.plural else self.singular

    def __str__(self) -> str:
        return self.term

    @property
    def slips(self) -> bool:
        """Return whether to speak as the filing does where it slips: in number, and in the
        few other places templates ask about (a lone "(i)", "sufficiency which"). Only for
        several parties: with one, every phrase reads correctly."""
        return self.plural and self.filed_wording

    @property
    def the(self) -> str:
        """Return ``the Indemnifying Parties`` / ``the Indemnifying Party``."""
        return f"the {self.term}"

    @property
    def one(self) -> str:
        """Return the phrase for one of them, unnamed: ``an Indemnifying Party`` or, when there
        is only one, ``the Indemnifying Party``."""
        return f"{article(self.singular)} {self.singular}" if self.plural else self.the

    @property
    def any(self) -> str:
        """Return ``any Indemnifying Party`` (the filing: ``any Indemnifying Parties``); ``the
        Indemnifying Party`` when there is only one."""
        if not self.plural:
            return self.the
        return f"any {self.plural_term if self.slips else self.singular}"

    @property
    def such(self) -> str:
        """Return ``such Indemnifying Party`` (the filing: ``such Indemnifying Parties``); ``the
        Indemnifying Party`` when there is only one."""
        if not self.plural:
            return self.the
        return f"such {self.plural_term if self.slips else self.singular}"

    @property
    def such_one(self) -> str:
        """Return ``such Indemnifying Party``, referring back to :attr:`one`; ``the
        Indemnifying Party`` when there is only one."""
        return f"such {self.singular}" if self.plural else self.the

    @property
    def shall_not(self) -> str:
        """Return ``No Indemnifying Party shall`` for several (the filing: ``No Indemnifying
        Parties shall``) and ``The Indemnifying Party shall not`` for one (a sentence's start)."""
        if not self.plural:
            return f"The {self.singular} shall not"
        return f"No {self.plural_term if self.slips else self.singular} shall"

    @property
    def each(self) -> str:
        """Return ``Each of the Releasors`` for several, ``Releasor`` for one (sentence start)."""
        return f"Each of the {self.plural_term}" if self.plural else self.singular

    @property
    def each_one(self) -> str:
        """Return ``Each of the Indemnifying Parties`` for several, ``The Indemnifying Party``
        for one (a sentence's subject, taking a singular verb either way)."""
        return f"Each of the {self.plural_term}" if self.plural else f"The {self.singular}"

    @property
    def among(self) -> str:
        """Return ``among`` for several parties (with the Company, three or more), else
        ``between``."""
        return "among" if self.plural else "between"

    @property
    def each_lower(self) -> str:
        """Return ``each of the Releasors`` for several, ``Releasor`` for one (mid-sentence)."""
        return f"each of the {self.plural_term}" if self.plural else self.singular

    @property
    def bare_one(self) -> str:
        """Return the bare term where the filing says ``Releasor`` of several: ``Releasor``
        as filed, ``Releasors`` when correcting."""
        return self.singular if (self.slips or not self.plural) else self.plural_term

    @property
    def bare_one_possessive(self) -> str:
        """Return :attr:`bare_one` in the possessive (``Releasor's`` / ``Releasors'``)."""
        return _possessive(self.bare_one)

    @property
    def term_possessive(self) -> str:
        """Return the term in the possessive: ``Releasors'`` / ``Releasor's``."""
        return _possessive(self.term)

    @property
    def such_each(self) -> str:
        """Return who is meant after an "each of them" subject, in a clause of its own:
        ``such Releasor`` for several ("each of the Releasors ... should such Releasor so
        desire"); the filing's bare term otherwise (``Releasors`` as filed, ``Releasor`` for
        one)."""
        return f"such {self.singular}" if self.plural and not self.slips else self.term

    @property
    def such_each_possessive(self) -> str:
        """Return :attr:`such_each` in the possessive: ``such Releasor's`` (the filing:
        ``Releasors'``), ``Releasor's`` for one."""
        return _possessive(self.such_each)

    # -- verbs ----------------------------------------------------------------------------

    def verb(self, base: str) -> str:
        """Return `base` (a verb's plain form, ``agree``) agreeing with the group as subject."""
        return _PLURAL_VERBS.get(base, base) if self.plural else _third_person(base)

    def verb_as_filed(self, base: str) -> str:
        """Return `base` agreeing with the group, except where the filing puts a singular verb
        after a plural subject ("Releasors understands"), which ``filed_wording`` keeps."""
        return _third_person(base) if (self.slips or not self.plural) else self.verb(base)

    # -- pronouns -------------------------------------------------------------------------

    @property
    def possessive(self) -> str:
        """Return each party's own possessive, joined: ``his``, ``his or her``, ``their``."""
        return _forms(self.parties, 2)

    @property
    def reflexive(self) -> str:
        """Return each party's own reflexive, joined: ``himself``, ``himself or herself``."""
        return _forms(self.parties, 3)

    @property
    def collective_possessive(self) -> str:
        """Return the possessive for the group acting as one: ``their`` for several (the
        filing: ``its``), the party's own pronoun for one."""
        if not self.plural:
            return self.possessive
        return "its" if self.filed_wording else "their"

    # -- names ----------------------------------------------------------------------------

    @property
    def names(self) -> str:
        """Return the parties' names as a list: ``A and B``, ``A, B and C``."""
        return join_words([p.name for p in self.parties])

    @property
    def release_names(self) -> str:
        """Return the names as the release's opening gives them, each with its description
        (:attr:`Party.release_described`); semicolons part three or more once one holds a
        comma (:func:`~generator.grammar.join_phrases`)."""
        return join_phrases([p.release_described for p in self.parties])

    def definition(self) -> str:
        """Return the parties with their short names and the group term defined once each.

        Several: ``A ("A"), B ("B") and C ("C", collectively with A and B, the "Parties")``;
        one: ``A ("A" or the "Party")``, or ``A (the "Party")`` without a short name.
        """
        if not self.plural:
            p = self.parties[0]
            if p.short_name is None:
                return f'{p.described} (the "{self.singular}")'
            return f'{p.described} ("{p.short_name}" or the "{self.singular}")'
        first = [f'{p.described} ("{p.short_name}")' for p in self.parties[:-1]]
        last = self.parties[-1]
        others = join_words([p.short_name for p in self.parties[:-1]])
        first.append(
            f'{last.described} ("{last.short_name}", collectively with {others}, '
            f'the "{self.plural_term}")'
        )
        return join_words(first)


def _forms(parties: Sequence[Party], index: int) -> str:
    # Conventional order, whatever the order of the parties: "his, her, its or their".
    present = {p.pronoun for p in parties}
    forms = [PRONOUNS[p][index] for p in _PRONOUN_ORDER if p in present]
    return join_words(list(dict.fromkeys(forms)), "or")


def _possessive(term: str) -> str:
    return f"{term}'" if term.endswith("s") else f"{term}'s"


def _third_person(base: str) -> str:
    if base in _IRREGULAR_VERBS:
        return _IRREGULAR_VERBS[base]
    if base.endswith(("s", "sh", "ch", "x", "z", "o")):
        return f"{base}es"
    if base.endswith("y") and base[-2:-1] not in "aeiou":
        return f"{base[:-1]}ies"
    return f"{base}s"
