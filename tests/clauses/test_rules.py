"""The sheet C1.2's rules and the reservation articles, as pure functions (no database): each rule concerns the kinds
the sheet names, and each finding says its source."""

import pytest

from clauses.reservations import beneficiaries_rule, ess_rule, prison_alone_rule, reservation_rules
from clauses.rules import (
    CAUTION,
    REFUSAL,
    WARNING,
    complement_rule,
    eligible_publics_rule,
    link_rule,
    penalty_rule,
)

INCENTIVES = ["social_actions", "illiteracy", "diversity", "progress_plan"]

# --- the complement rule (sheet C1.2, § I « Attention », § III « en complément ou non ») ---------------------


@pytest.mark.parametrize("kind", INCENTIVES)
def test_incentive_consideration_alone_gets_the_complement_warning(kind):
    [finding] = complement_rule(kind, False, "", None, 70)
    assert finding.level == WARNING
    assert "complètent, elles ne la remplacent pas" in finding.message
    assert finding.source == "fiche C1.2, § I « Attention » et « À retenir »"


def test_social_actions_alone_get_the_complement_warning():
    assert complement_rule("social_actions", False, "", None, 70)[0].level == WARNING


def test_reserved_market_alone_gets_no_complement_warning():
    assert complement_rule("reserved_market", False, "", None, 70) == []


def test_insertion_purchase_alone_gets_no_complement_warning():
    assert complement_rule("insertion_purchase", False, "", None, 70) == []


def test_complement_rule_holds_with_insertion_hours_or_a_reason():
    assert complement_rule("insertion_hours", False, "", None, 70) == []
    assert complement_rule("social_actions", True, "", None, 70) == []
    assert complement_rule("social_actions", False, "nouveau_secteur", 500, 70) == []
    assert complement_rule("social_actions", False, "trop_petit", 69, 70) == []
    assert complement_rule("social_actions", False, "trop_petit", None, 70) == []


def test_contract_said_too_small_whose_hours_reach_the_minimum_is_questioned():
    [finding] = complement_rule("illiteracy", False, "trop_petit", 70, 70)
    assert finding.level == WARNING
    assert "(70 h) atteignent le minimum du territoire (70 h)" in finding.message
    assert finding.source == "fiche C1.2, § I « Attention » (minimum du territoire)"


# --- penalties (sheet C1.2, « À retenir ») -----------------------------------------------------------------


def test_consideration_without_penalty_is_warned():
    [finding] = penalty_rule("insertion_hours", None)
    assert (finding.level, "Aucune pénalité" in finding.message) == (WARNING, True)
    assert finding.source == "fiche C1.2, « À retenir » (pénalités)"
    assert penalty_rule("social_actions", 0)[0].level == WARNING
    assert penalty_rule("social_actions", 50) == []


def test_reserved_market_needs_no_penalty():
    assert penalty_rule("reserved_market", None) == []


# --- the link with the object of the contract (sheet C1.2, § III and « À retenir ») -------------------------


def test_social_actions_without_link_justification_are_refused():
    [finding] = link_rule("social_actions", "  ", [])
    assert finding.level == REFUSAL
    assert "Justifiez le lien avec l'objet du marché : les actions sociales" in finding.message
    assert finding.source == "fiche C1.2, § III et « À retenir » (lien avec l'objet du marché)"
    assert link_rule("social_actions", "Visites du chantier", ["visite"]) == []


@pytest.mark.parametrize(
    ("kind", "what"),
    [
        ("illiteracy", "salariés qui exécutent le marché"),
        ("diversity", "recrutements et les équipes du marché"),
        ("progress_plan", "moyens humains que le titulaire affecte au marché"),
    ],
)
def test_incentive_clause_without_link_justification_is_refused(kind, what):
    [finding] = link_rule(kind, "", [])
    assert finding.is_refusal and what in finding.message
    assert link_rule(kind, "Les équipes du chantier", []) == []


def test_diversity_clause_without_link_justification_is_refused():
    assert link_rule("diversity", "", [])[0].is_refusal


@pytest.mark.parametrize("kind", ["insertion_hours", "reserved_market", "insertion_purchase"])
def test_link_is_given_for_hours_reservations_and_insertion_purchases(kind):
    assert link_rule(kind, "", []) == []


def test_mentoring_is_a_caution():
    [finding] = link_rule("social_actions", "Stages dans les équipes du marché", ["stage", "parrainage"])
    assert finding.level == CAUTION
    assert "parrainage est difficile à rattacher" in finding.message
    assert finding.source == "fiche C1.2, « À retenir » (parrainage)"


# --- eligible publics (sheet C1.2, § II) ---------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["insertion_hours", "social_actions", "insertion_purchase"])
def test_single_eligible_public_is_refused_for_people_in_insertion(kind):
    [single] = eligible_publics_rule(kind, 1)
    assert single.is_refusal
    assert "ne peut pas être restreinte à une seule catégorie" in single.message
    assert single.source == "fiche C1.2, § II (publics éligibles)"
    assert eligible_publics_rule(kind, 0)[0].level == WARNING
    assert eligible_publics_rule(kind, 2) == []


def test_illiteracy_clause_with_no_eligible_public_is_accepted():
    assert eligible_publics_rule("illiteracy", 0) == []
    assert eligible_publics_rule("illiteracy", 1) == []


@pytest.mark.parametrize("kind", ["diversity", "progress_plan", "reserved_market"])
def test_eligible_publics_do_not_concern_staff_dialogue_or_structures(kind):
    assert eligible_publics_rule(kind, 0) == eligible_publics_rule(kind, 1) == []


# --- reservations (articles L2113-12 to L2113-16) ------------------------------------------------------------


def test_reservation_on_L2113_12_and_L2113_13_accepts_ea_and_siae():
    assert reservation_rules(["L2113-12", "L2113-13"], ["ea", "esat", "ei", "aci"], "services", 24) == []


def test_reservation_on_L2113_13_refuses_an_esat():
    [finding] = beneficiaries_rule(["L2113-13"], ["ei", "esat"])
    assert finding.is_refusal
    assert "ESAT n'est bénéficiaire d'aucun des articles retenus (L2113-13)" in finding.message
    assert "que sur l'article L2113-12" in finding.message
    assert finding.source == "article L2113-12"


@pytest.mark.parametrize(
    ("basis", "structures"),
    [
        ("L2113-12", ["ea", "eatt", "esat"]),
        ("L2113-13", ["aci", "ai", "ei", "etti", "eiti"]),
        ("L2113-13-1", ["prison"]),
        ("L2113-15", ["ess"]),
    ],
)
def test_each_article_accepts_the_structures_it_names(basis, structures):
    assert beneficiaries_rule([basis], structures) == []


def test_geiq_is_no_siae_and_cannot_be_reserved_to():
    [finding] = beneficiaries_rule(["L2113-13"], ["ei", "geiq"])
    assert finding.is_refusal
    assert "Un GEIQ n'est pas une structure d'insertion par l'activité économique" in finding.message
    assert finding.source == "article L2113-13"


def test_article_chosen_without_any_of_its_structures_is_refused():
    [finding] = beneficiaries_rule(["L2113-12", "L2113-13"], ["ei"])
    assert finding.is_refusal
    assert "La réservation sur l'article L2113-12 n'a aucune structure bénéficiaire" in finding.message
    assert "EA, EATT, ESAT" in finding.message and finding.source == "article L2113-12"


def test_reservation_without_structures_is_refused_on_each_article():
    assert [f.source for f in beneficiaries_rule(["L2113-13"], [])] == ["article L2113-13"]


def test_prison_reservation_cannot_be_combined():
    [finding] = prison_alone_rule(["L2113-13-1"], ["prison", "ei"])
    assert finding.is_refusal and finding.source == "article L2113-14"
    assert prison_alone_rule(["L2113-13-1", "L2113-13"], ["prison"])[0].is_refusal
    assert prison_alone_rule(["L2113-13-1"], ["prison"]) == []
    assert prison_alone_rule(["L2113-12", "L2113-13"], ["ea", "ei"]) == []
    assert prison_alone_rule(None, None) == []


def test_ess_reservation_of_36_months_on_services_is_accepted():
    assert reservation_rules(["L2113-15"], ["ess"], "services", 36) == []


def test_ess_reservation_of_48_months_is_refused():
    [finding] = ess_rule(["L2113-15"], "services", 48)
    assert finding.is_refusal and "dure 3 ans au plus (36 mois) : celui-ci dure 48 mois" in finding.message
    assert finding.source == "article L2113-16"


def test_ess_reservation_without_a_duration_is_warned():
    [finding] = ess_rule(["L2113-15"], "services", None)
    assert finding.level == WARNING and "ne peut pas dépasser 3 ans" in finding.message


def test_ess_reservation_of_works_is_refused():
    [finding] = ess_rule(["L2113-15"], "travaux", 12)
    assert finding.is_refusal and "celui-ci est un marché de travaux" in finding.message
    assert finding.source == "article L2113-15"


def test_duration_does_not_bind_the_other_reservations():
    assert ess_rule(["L2113-13"], "travaux", 60) == []


def test_finding_as_a_form_error_carries_its_source():
    [finding] = prison_alone_rule(["L2113-13-1"], ["prison", "ei"])
    assert str(finding).endswith("(source : article L2113-14)")
