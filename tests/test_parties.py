"""Party groups: number agreement, pronouns and defined terms."""

from __future__ import annotations

import pytest

from generator.parties import Group, Party


def party(name: str, short: str, pronoun: str) -> Party:
    return Party(name, short, pronoun, name)


HE = party("Terry L. LaCore", "LaCore", "he")
HE2 = party("Mark D. Woodburn", "Woodburn", "he")
SHE = party("Jane Doe", "Doe", "she")
THEY = party("Alex Kim", "Kim", "they")
IT = party("Omega LLC", "Omega", "it")


def group(*parties: Party, filed: bool = False) -> Group:
    return Group.of(parties, "Indemnifying Party", "Indemnifying Parties", filed_wording=filed)


def test_one_party_is_singular_everywhere() -> None:
    g = group(SHE)
    assert (g.term, g.the, g.any, g.such, g.one) == (
        "Indemnifying Party",
        "the Indemnifying Party",
        "the Indemnifying Party",
        "the Indemnifying Party",
        "the Indemnifying Party",
    )
    assert g.verb("agree") == "agrees"
    assert g.verb("have") == "has"
    assert g.among == "between"
    assert g.possessive == "her"
    assert g.collective_possessive == "her"
    assert g.shall_not == "The Indemnifying Party shall not"


def test_several_parties_agree_in_number_when_corrected() -> None:
    g = group(HE, SHE)
    assert g.any == "any Indemnifying Party"
    assert g.such == "such Indemnifying Party"
    assert g.shall_not == "No Indemnifying Party shall"
    assert g.verb("agree") == "agree"
    assert g.verb("be") == "are" and group(SHE).verb("be") == "is"
    assert g.verb_as_filed("understand") == "understand"
    assert g.verb_as_filed("be") == "are"
    assert g.collective_possessive == "their"
    assert g.among == "among"


def test_filed_wording_keeps_the_filings_plural_phrases() -> None:
    g = group(HE, HE2, filed=True)
    assert g.any == "any Indemnifying Parties"
    assert g.such == "such Indemnifying Parties"
    assert g.shall_not == "No Indemnifying Parties shall"
    assert g.verb_as_filed("understand") == "understands"
    assert g.collective_possessive == "its"
    assert g.bare_one == "Indemnifying Party"


def test_filed_wording_changes_nothing_for_one_party() -> None:
    assert group(SHE, filed=True).any == group(SHE, filed=False).any
    assert group(SHE, filed=True).verb_as_filed("agree") == "agrees"


@pytest.mark.parametrize(
    ("parties", "possessive", "reflexive"),
    [
        ((HE, HE2), "his", "himself"),
        ((SHE,), "her", "herself"),
        ((HE, SHE), "his or her", "himself or herself"),
        ((SHE, HE), "his or her", "himself or herself"),
        ((THEY,), "their", "themselves"),
        ((IT, THEY, SHE), "her, its or their", "herself, itself or themselves"),
    ],
)
def test_pronouns_of_mixed_groups(
    parties: tuple[Party, ...], possessive: str, reflexive: str
) -> None:
    g = group(*parties)
    assert g.possessive == possessive
    assert g.reflexive == reflexive


def test_no_male_pronoun_for_a_group_without_he() -> None:
    g = group(SHE, THEY, IT)
    assert "his" not in g.possessive.split(", ")
    assert "himself" not in g.reflexive


def test_definition_defines_each_short_name_once() -> None:
    assert group(HE, HE2).definition() == (
        'Terry L. LaCore ("LaCore") and Mark D. Woodburn ("Woodburn", collectively with '
        'LaCore, the "Indemnifying Parties")'
    )
    assert group(HE, SHE, THEY).definition() == (
        'Terry L. LaCore ("LaCore"), Jane Doe ("Doe") and Alex Kim ("Kim", collectively with '
        'LaCore and Doe, the "Indemnifying Parties")'
    )
    assert group(SHE).definition() == 'Jane Doe ("Doe" or the "Indemnifying Party")'
    alone = Party("Jane Doe", None, "she", "Jane Doe")
    assert group(alone).definition() == 'Jane Doe (the "Indemnifying Party")'


def test_releasor_terms() -> None:
    rs = Group.of((HE, HE2), "Releasor", "Releasors", filed_wording=False)
    assert rs.term_possessive == "Releasors'"
    assert rs.each == "Each of the Releasors"
    one = Group.of((SHE,), "Releasor", "Releasors")
    assert one.term_possessive == "Releasor's"
    assert one.each == "Releasor"


def test_who_each_of_several_refers_to_is_one_of_them_unless_as_filed() -> None:
    corrected = Group.of((HE, SHE), "Releasor", "Releasors", filed_wording=False)
    assert (corrected.such_each, corrected.such_each_possessive) == (
        "such Releasor",
        "such Releasor's",
    )
    as_filed = Group.of((HE, SHE), "Releasor", "Releasors", filed_wording=True)
    assert (as_filed.such_each, as_filed.such_each_possessive) == ("Releasors", "Releasors'")
    for filed in (True, False):
        one = Group.of((SHE,), "Releasor", "Releasors", filed_wording=filed)
        assert (one.such_each, one.such_each_possessive) == ("Releasor", "Releasor's")


def test_a_description_follows_the_name_where_the_party_is_defined() -> None:
    omega = Party("Omega Holdings LLC", "Omega", "it", "Omega Holdings LLC",
                  description="a Delaware limited liability company")  # fmt: skip
    kim = Party("Alex Kim", "Kim", "she", "Alex Kim")
    one = Group.of((omega,), "Indemnifying Party", "Indemnifying Parties")
    assert one.definition() == (
        'Omega Holdings LLC, a Delaware limited liability company ("Omega" or the '
        '"Indemnifying Party")'
    )
    two = Group.of((kim, omega), "Indemnifying Party", "Indemnifying Parties")
    assert two.definition() == (
        'Alex Kim ("Kim") and Omega Holdings LLC, a Delaware limited liability company '
        '("Omega", collectively with Kim, the "Indemnifying Parties")'
    )
    assert two.names == "Alex Kim and Omega Holdings LLC"  # elsewhere, the name alone


def test_the_release_describes_a_party_as_the_indemnification_does() -> None:
    # The release named an entity bare ("Omega Holdings LLC (the "Releasor")") where the
    # indemnification described it: a release identifies who gives it as precisely.
    omega = Party("Omega Holdings LLC", "Omega", "it", "Omega Holdings LLC",
                  description="a Delaware limited liability company")  # fmt: skip
    lacore = Party("Terry L. LaCore", "LaCore", "he", "Terry LaCore")
    kim = Party("Alex Kim", "Kim", "they", "Alex Kim")

    def releasors(*parties: Party) -> str:
        return Group.of(parties, "Releasor", "Releasors").release_names

    assert releasors(omega) == "Omega Holdings LLC, a Delaware limited liability company"
    assert releasors(lacore, kim) == "Terry LaCore and Alex Kim"  # no description: as before
    assert releasors(omega, lacore) == (
        "Omega Holdings LLC, a Delaware limited liability company, and Terry LaCore"
    )
    assert releasors(lacore, omega, kim) == (
        "Terry LaCore; Omega Holdings LLC, a Delaware limited liability company; and Alex Kim"
    )


def test_entities_have_successors_but_no_heirs_and_their_own_conduct() -> None:
    omega = Party("Omega Holdings LLC", "Omega", "it", "Omega Holdings LLC")
    kim = Party("Alex Kim", "Kim", "she", "Alex Kim")
    entities = Group.of((omega,), "Releasor", "Releasors")
    mixed = Group.of((kim, omega), "Releasor", "Releasors")
    assert entities.successors() == "successors and assigns"
    assert entities.successors("or") == "successors or assigns"
    assert entities.conduct == "own conduct"
    assert mixed.successors() == "heirs, executors, administrators, successors and assigns"
    assert mixed.conduct == "own conduct"  # "individual" means nothing for Omega
    assert Group.of((kim,), "Releasor", "Releasors").conduct == "individual conduct"


def test_an_entity_among_persons_is_given_successors_but_never_heirs() -> None:
    omega = Party("Omega Holdings LLC", "Omega", "it", "Omega Holdings LLC")
    lee = Party("Ann Lee", "Lee", "she", "Ann Lee")
    park = Party("Bo Park", "Park", "he", "Bo Park")
    kim = Party("Alex Kim", "Kim", "they", "Alex Kim")
    releasors = "Releasor", "Releasors"
    assert Group.of((lee, omega), *releasors).own_successors() == (
        "her heirs, executors and administrators, and her or its successors and assigns"
    )
    assert Group.of((omega, park, kim, lee), *releasors).own_successors("or") == (
        "his, her or their heirs, executors or administrators, "
        "or his, her, its or their successors or assigns"
    )
    # Persons alone, or entities alone: one possessive before the whole list, as filed.
    assert Group.of((park, lee), *releasors).own_successors() == (
        "his or her heirs, executors, administrators, successors and assigns"
    )
    assert Group.of((omega,), *releasors).own_successors() == "its successors and assigns"
