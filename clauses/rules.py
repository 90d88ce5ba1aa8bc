"""The rules of the sheet C1.2, as plain functions over plain values.

Each rule returns a list of Finding (empty when the rule holds). The contract page, the consideration form
and the clause text all call them through Consideration.findings(), so they always say the same thing.
"""

from dataclasses import dataclass

from clauses import recommendations

WARNING = "attention"
REFUSAL = "refus"
CAUTION = "précaution"
MINIMUM_ELIGIBLE_CATEGORIES = 2


@dataclass(frozen=True)
class Finding:
    level: str
    message: str

    @property
    def is_refusal(self) -> bool:
        return self.level == REFUSAL


def complement_rule(
    kind: str,
    market_has_insertion_hours: bool,
    standalone_reason: str,
    computed_hours: int | None,
    minimum_hours: int,
) -> list[Finding]:
    """Rule 1: other considerations complement an insertion-hours clause, they do not replace it."""
    if kind == recommendations.INSERTION_HOURS or market_has_insertion_hours:
        return []
    if not standalone_reason:
        return [
            Finding(
                WARNING,
                (
                    "Ce marché n'a pas de clause sociale d'insertion : les autres considérations la complètent, elles "
                    "ne "
                    "la remplacent pas. Ajoutez une clause d'insertion ou indiquez pourquoi elle est absente (marché "
                    "trop "
                    "petit, première tentative dans un nouveau secteur)."
                ),
            )
        ]
    if standalone_reason == "trop_petit" and computed_hours is not None and computed_hours >= minimum_hours:
        return [
            Finding(
                WARNING,
                (
                    "Le marché est dit trop petit pour une clause d'insertion, mais ses heures calculées "
                    f"({computed_hours} h) "
                    f"atteignent le minimum du territoire ({minimum_hours} h)."
                ),
            )
        ]
    return []


def penalty_rule(kind: str, penalty_per_unit) -> list[Finding]:
    """Rule 2: penalties are planned for non-realisation (a reservation has nothing to realise)."""
    if kind == recommendations.RESERVED_MARKET or penalty_per_unit:
        return []
    return [
        Finding(
            WARNING,
            (
                "Aucune pénalité n'est prévue en cas de non-réalisation : comme pour la clause d'insertion, "
                "prévoyez un montant par unité manquante."
            ),
        )
    ]


def link_rule(kind: str, link_justification: str, actions_offered) -> list[Finding]:
    """Rule 3: the consideration is linked to the object of the contract."""
    findings = []
    if kind == recommendations.SOCIAL_ACTIONS and not (link_justification or "").strip():
        findings.append(
            Finding(
                REFUSAL,
                (
                    "Justifiez le lien des actions sociales avec l'objet du marché : elles s'appliquent aux personnes "
                    "qui "
                    "exécutent le marché (visite du chantier, stage dans les équipes du marché, métiers du marché)."
                ),
            )
        )
    if "parrainage" in (actions_offered or []):
        findings.append(
            Finding(
                CAUTION,
                (
                    "Le parrainage est difficile à rattacher à l'objet du marché : proposez-le et mettez-le en œuvre "
                    "avec précaution."
                ),
            )
        )
    return findings


def eligible_publics_rule(kind: str, category_count: int) -> list[Finding]:
    """Rule 4: the eligible publics list is never restricted to a single category."""
    if kind == recommendations.RESERVED_MARKET:
        return []
    if category_count == 0:
        return [Finding(WARNING, "Choisissez les publics éligibles (au moins deux catégories).")]
    if category_count < MINIMUM_ELIGIBLE_CATEGORIES:
        return [
            Finding(
                REFUSAL,
                (
                    "La liste des publics éligibles ne peut pas être restreinte à une seule catégorie de bénéficiaires "
                    ": "
                    "choisissez-en au moins deux."
                ),
            )
        ]
    return []


def reserved_structures_rule(structures) -> list[Finding]:
    """L2113-14: a reservation to prison work cannot be combined with the other inclusive structures."""
    structures = set(structures or [])
    if "prison" in structures and len(structures) > 1:
        return [
            Finding(
                REFUSAL,
                (
                    "Un marché réservé au travail en détention ne peut pas être ouvert en même temps à d'autres "
                    "structures inclusives (article L2113-14)."
                ),
            )
        ]
    return []
