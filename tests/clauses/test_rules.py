"""The sheet C1.2's rules, as pure functions (no database)."""

from clauses.rules import (
    CAUTION,
    REFUSAL,
    WARNING,
    complement_rule,
    eligible_publics_rule,
    link_rule,
    penalty_rule,
    reserved_structures_rule,
)


def test_complement_rule_warns_without_insertion_hours_or_reason():
    [finding] = complement_rule("social_actions", False, "", None, 70)
    assert finding.level == WARNING
    assert "complètent, elles ne la remplacent pas" in finding.message


def test_complement_rule_holds_with_insertion_hours_or_a_reason():
    assert complement_rule("insertion_hours", False, "", None, 70) == []
    assert complement_rule("social_actions", True, "", None, 70) == []
    assert complement_rule("social_actions", False, "nouveau_secteur", 500, 70) == []
    assert complement_rule("social_actions", False, "trop_petit", 69, 70) == []
    assert complement_rule("social_actions", False, "trop_petit", None, 70) == []


def test_complement_rule_questions_too_small_when_hours_reach_the_minimum():
    [finding] = complement_rule("illiteracy", False, "trop_petit", 70, 70)
    assert finding.level == WARNING
    assert "(70 h) atteignent le minimum du territoire (70 h)" in finding.message


def test_penalty_rule():
    [finding] = penalty_rule("insertion_hours", None)
    assert (finding.level, "Aucune pénalité" in finding.message) == (WARNING, True)
    assert penalty_rule("social_actions", 0)[0].level == WARNING
    assert penalty_rule("social_actions", 50) == []
    assert penalty_rule("reserved_market", None) == []


def test_link_rule_requires_a_justification_for_social_actions():
    [finding] = link_rule("social_actions", "  ", [])
    assert finding.level == REFUSAL
    assert "Justifiez le lien des actions sociales avec l'objet du marché" in finding.message
    assert link_rule("social_actions", "Visites du chantier", ["visite"]) == []
    assert link_rule("illiteracy", "", []) == []


def test_link_rule_cautions_about_mentoring():
    [finding] = link_rule("social_actions", "Stages dans les équipes du marché", ["stage", "parrainage"])
    assert finding.level == CAUTION
    assert "parrainage est difficile à rattacher" in finding.message


def test_eligible_publics_rule():
    [single] = eligible_publics_rule("insertion_hours", 1)
    assert single.is_refusal
    assert "ne peut pas être restreinte à une seule catégorie" in single.message
    assert eligible_publics_rule("insertion_hours", 0)[0].level == WARNING
    assert eligible_publics_rule("insertion_hours", 2) == []
    assert eligible_publics_rule("reserved_market", 1) == []


def test_prison_reservation_cannot_be_combined():
    [finding] = reserved_structures_rule(["prison", "ei"])
    assert finding.is_refusal and "L2113-14" in finding.message
    assert reserved_structures_rule(["prison"]) == []
    assert reserved_structures_rule(["ei", "aci"]) == []
    assert reserved_structures_rule(None) == []
