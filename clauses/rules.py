"""The rules of the sheet C1.2 and of the code de la commande publique, as plain functions over plain values.

Each rule returns a list of Finding (empty when the rule holds), each with its source: the paragraph of the sheet
or the article of the code it applies. Consideration.findings() applies them all; the contract page, the
consideration page, the consideration form (its refusals) and Consideration.clean() go through it or through the
same functions, so they always say the same thing, and the source shows beside each message.

Each rule concerns the kinds the sheet names, no more (DOMAIN.md, « Rules the seed states », 6).
"""

from dataclasses import dataclass

from clauses import recommendations

WARNING = "attention"
REFUSAL = "refus"
CAUTION = "précaution"
MINIMUM_ELIGIBLE_CATEGORIES = 2

SHEET_COMPLEMENT = "fiche C1.2, § I « Attention » et « À retenir »"
SHEET_TOO_SMALL = "fiche C1.2, § I « Attention » (minimum du territoire)"
SHEET_PENALTY = "fiche C1.2, « À retenir » (pénalités)"
SHEET_LINK = "fiche C1.2, § III et « À retenir » (lien avec l'objet du marché)"
SHEET_MENTORING = "fiche C1.2, « À retenir » (parrainage)"
SHEET_PUBLICS = "fiche C1.2, § II (publics éligibles)"

# The incentive considerations: they complement an insertion clause and never replace it. A reserved market and an
# insertion purchase are insertion mechanisms themselves and may stand alone, « en complément ou non » (§ III).
COMPLEMENT_KINDS = frozenset(
    {
        recommendations.SOCIAL_ACTIONS,
        recommendations.ILLITERACY,
        recommendations.DIVERSITY,
        recommendations.PROGRESS_PLAN,
    }
)
# The considerations whose audience is people in an insertion pathway, chosen from the eligible publics.
PUBLICS_KINDS = frozenset(
    {recommendations.INSERTION_HOURS, recommendations.SOCIAL_ACTIONS, recommendations.INSERTION_PURCHASE}
)
# What the link with the object of the contract rests on, for the kinds whose link must be justified.
LINK_TO_JUSTIFY = {
    recommendations.SOCIAL_ACTIONS: (
        "les actions sociales s'appliquent aux personnes qui exécutent le marché (visite du chantier, stage dans "
        "les équipes du marché, métiers du marché)"
    ),
    recommendations.ILLITERACY: (
        "les actions contre l'illettrisme s'adressent aux salariés qui exécutent le marché (sensibilisation, "
        "formation des équipes affectées au marché)"
    ),
    recommendations.DIVERSITY: (
        "les actions pour l'égalité et contre les discriminations portent sur les recrutements et les équipes "
        "du marché pendant son exécution"
    ),
    recommendations.PROGRESS_PLAN: (
        "les axes de progrès portent sur les moyens humains que le titulaire affecte au marché"
    ),
}


@dataclass(frozen=True)
class Finding:
    level: str
    message: str
    source: str

    @property
    def is_refusal(self) -> bool:
        return self.level == REFUSAL

    def __str__(self) -> str:
        """The message with its source, as a form error shows it."""
        return f"{self.message} (source : {self.source})"


def refusals(findings) -> list[Finding]:
    return [finding for finding in findings if finding.is_refusal]


def complement_rule(
    kind: str,
    market_has_insertion_hours: bool,
    standalone_reason: str,
    computed_hours: int | None,
    minimum_hours: int,
) -> list[Finding]:
    """Sheet C1.2, § I « Attention » and « À retenir »: the incentive considerations (social actions, illiteracy,
    diversity, progress plan) complement an insertion-hours clause, they do not replace it. They stand alone only
    for a contract too small for an insertion clause (under the territory minimum) or a first attempt in a new
    sector. A reserved market or an insertion purchase may stand alone, « en complément ou non » (§ III)."""
    if kind not in COMPLEMENT_KINDS or market_has_insertion_hours:
        return []
    if not standalone_reason:
        return [
            Finding(
                WARNING,
                "Ce marché n'a pas de clause sociale d'insertion : les autres considérations la complètent, elles ne "
                "la remplacent pas. Ajoutez une clause d'insertion ou indiquez pourquoi elle est absente (marché trop "
                "petit, première tentative dans un nouveau secteur).",
                SHEET_COMPLEMENT,
            )
        ]
    if standalone_reason == "trop_petit" and computed_hours is not None and computed_hours >= minimum_hours:
        return [
            Finding(
                WARNING,
                "Le marché est dit trop petit pour une clause d'insertion, mais ses heures calculées "
                f"({computed_hours} h) atteignent le minimum du territoire ({minimum_hours} h).",
                SHEET_TOO_SMALL,
            )
        ]
    return []


def penalty_rule(kind: str, penalty_per_unit) -> list[Finding]:
    """Sheet C1.2, « À retenir »: penalties are planned for non-realisation, as for the insertion clause. A
    reservation decides who is awarded the contract: it has nothing to realise, hence no penalty."""
    if kind == recommendations.RESERVED_MARKET or penalty_per_unit:
        return []
    return [
        Finding(
            WARNING,
            "Aucune pénalité n'est prévue en cas de non-réalisation : comme pour la clause d'insertion, prévoyez un "
            "montant par unité manquante.",
            SHEET_PENALTY,
        )
    ]


def link_rule(kind: str, link_justification: str, actions_offered) -> list[Finding]:
    """Sheet C1.2, § III and « À retenir »: every consideration is linked to the object of the contract, that is
    applies to the staff who carry it out.

    The link is given by the kind itself for the insertion hours (the hours are worked on the contract, by the people
    who carry it out), the reserved market (it decides who carries out the contract) and the insertion purchase
    (insertion is its object). It must be justified for the others, social actions above all (the sheet's « en
    particulier »), and for illiteracy, diversity and the progress plan, whose actions could otherwise concern staff
    with nothing to do with the contract. Mentoring (« parrainage ») is hard to link: a caution, whatever the kind.
    """
    findings = []
    if kind in LINK_TO_JUSTIFY and not (link_justification or "").strip():
        findings.append(
            Finding(
                REFUSAL,
                f"Justifiez le lien avec l'objet du marché : {LINK_TO_JUSTIFY[kind]}.",
                SHEET_LINK,
            )
        )
    if "parrainage" in (actions_offered or []):
        findings.append(
            Finding(
                CAUTION,
                "Le parrainage est difficile à rattacher à l'objet du marché : proposez-le et mettez-le en œuvre avec "
                "précaution.",
                SHEET_MENTORING,
            )
        )
    return findings


def eligible_publics_rule(kind: str, category_count: int) -> list[Finding]:
    """Sheet C1.2, § II: the eligible publics list is never restricted to a single category of beneficiaries.

    It concerns the considerations whose audience is people in an insertion pathway: the insertion hours, the social
    actions (« à destination de publics en parcours d'insertion », § III) and the insertion purchase (its object is
    « l'insertion et la qualification de publics en parcours d'insertion »). Not the illiteracy clause (the
    contractor's own staff), nor the diversity clause (equality in the contractor's hiring and teams during the
    execution, not a public chosen from the list), nor the progress plan (a dialogue on axes with the contractor), nor
    the reserved market (it names structures, not people)."""
    if kind not in PUBLICS_KINDS:
        return []
    if category_count == 0:
        return [Finding(WARNING, "Choisissez les publics éligibles (au moins deux catégories).", SHEET_PUBLICS)]
    if category_count < MINIMUM_ELIGIBLE_CATEGORIES:
        return [
            Finding(
                REFUSAL,
                "La liste des publics éligibles ne peut pas être restreinte à une seule catégorie de bénéficiaires : "
                "choisissez-en au moins deux.",
                SHEET_PUBLICS,
            )
        ]
    return []
