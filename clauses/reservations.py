"""Reserved markets (articles L2113-12 to L2113-16 of the code de la commande publique): the structures each article
lets a contract be reserved to, and the rules a reservation follows, as plain functions returning Findings.

A reservation rests on one or several articles (Consideration.reservation_bases): L2113-12 and L2113-13 may be
combined since the loi ASAP of 7 December 2020 (L2113-14, first paragraph), the prison work of L2113-13-1 may not
be combined with them (L2113-14, second paragraph). Each structure reserved to must be named by one of the articles
chosen, and each article chosen must name one of the structures.

The articles also admit « des structures équivalentes » (of other Member States): Levier has no kind for them, a
facilitator records them under the French kind they are equivalent to.
"""

from markets.enums import Nature
from partners.enums import StructureKind

from .enums import LegalBasis
from .rules import REFUSAL, WARNING, Finding

# The structures each article names.
# L2113-12: entreprises adaptées (L5213-13 code du travail, of which the EATT, temporary-work EAs) and ESAT
# (L344-2 code de l'action sociale et des familles). L2113-13: the SIAE of L5132-4 code du travail (ACI, AI, EI,
# ETTI, and the EITI). L2113-13-1: operators producing in a prison with detained workers (atelier pénitentiaire).
# L2113-15: entreprises de l'économie sociale et solidaire (article 1 of the law of 31 July 2014).
# A GEIQ is none of them: an employers' group (L1253-1 code du travail), not an SIAE; no article reserves to it.
BENEFICIARIES = {
    LegalBasis.RESERVED_DISABILITY: (StructureKind.EA, StructureKind.EATT, StructureKind.ESAT),
    LegalBasis.RESERVED_SIAE: tuple(StructureKind.siae()),
    LegalBasis.RESERVED_PRISON: (StructureKind.PRISON,),
    LegalBasis.RESERVED_ESS: (StructureKind.ESS,),
}
ARTICLE_OF = {structure: basis for basis, structures in BENEFICIARIES.items() for structure in structures}
# L2113-16: a contract reserved to the companies of the ESS lasts three years at most.
ESS_MAXIMUM_MONTHS = 36


def article(basis: str) -> str:
    return f"article {basis}"


def short_name(structure: str) -> str:
    """« ESAT » for « ESAT – établissement et service d'aide par le travail »."""
    return StructureKind(structure).label.split(" – ")[0]


def in_code_order(bases) -> list[str]:
    """The articles in the order of the code (L2113-12 first), without repeats: the first is the main basis."""
    return [basis for basis in LegalBasis.reservations() if basis in set(bases or [])]


def beneficiaries_rule(bases, structures) -> list[Finding]:
    """Articles L2113-12, L2113-13, L2113-13-1 and L2113-15: each structure the contract is reserved to is named by
    one of the articles chosen; each article chosen names at least one of the structures."""
    bases, structures = in_code_order(bases), list(structures or [])
    allowed = {structure for basis in bases for structure in BENEFICIARIES[basis]}
    findings = []
    for structure in structures:
        if structure in allowed:
            continue
        if structure == StructureKind.GEIQ:
            findings.append(
                Finding(
                    REFUSAL,
                    "Un GEIQ n'est pas une structure d'insertion par l'activité économique (article L5132-4 du code "
                    "du travail) : aucun article ne permet de lui réserver un marché. Il peut en revanche réaliser des "
                    "heures d'insertion (mise à disposition).",
                    article(LegalBasis.RESERVED_SIAE),
                )
            )
            continue
        basis = ARTICLE_OF[structure]
        findings.append(
            Finding(
                REFUSAL,
                f"{short_name(structure)} n'est bénéficiaire d'aucun des articles retenus "
                f"({', '.join(bases) or 'aucun'}) : un marché ne lui est réservé que sur l'article {basis}. Ajoutez "
                "cet article ou retirez cette structure.",
                article(basis),
            )
        )
    for basis in bases:
        if not set(BENEFICIARIES[basis]).intersection(structures):
            names = ", ".join(short_name(structure) for structure in BENEFICIARIES[basis])
            findings.append(
                Finding(
                    REFUSAL,
                    f"La réservation sur l'article {basis} n'a aucune structure bénéficiaire : choisissez parmi "
                    f"{names}, ou retirez cet article.",
                    article(basis),
                )
            )
    return findings


def prison_alone_rule(bases, structures) -> list[Finding]:
    """Article L2113-14: a contract reserved to prison work (L2113-13-1) is not reserved at the same time to other
    structures or on another article."""
    bases, structures = set(bases or []), set(structures or [])
    prison = LegalBasis.RESERVED_PRISON in bases or StructureKind.PRISON in structures
    if prison and (len(bases) > 1 or len(structures) > 1):
        return [
            Finding(
                REFUSAL,
                "Un marché réservé au travail en détention ne peut pas être ouvert en même temps à d'autres structures "
                "inclusives ni reposer sur un autre article de réservation.",
                article("L2113-14"),
            )
        ]
    return []


def ess_rule(bases, nature: str, duration_months: int | None) -> list[Finding]:
    """Articles L2113-15 and L2113-16: a contract reserved to the companies of the ESS bears only on social and other
    specific services (the list annexed to the code), and lasts three years at most."""
    if LegalBasis.RESERVED_ESS not in set(bases or []):
        return []
    findings = []
    if nature != Nature.SERVICES:
        findings.append(
            Finding(
                REFUSAL,
                "Un marché réservé aux entreprises de l'ESS porte exclusivement sur des services sociaux et autres "
                f"services spécifiques (liste annexée au code) : celui-ci est un marché de {Nature(nature).label}.",
                article(LegalBasis.RESERVED_ESS),
            )
        )
    if duration_months is None:
        findings.append(
            Finding(
                WARNING,
                "La durée du marché n'est pas renseignée : réservé aux entreprises de l'ESS, il ne peut pas dépasser "
                "3 ans (36 mois).",
                article("L2113-16"),
            )
        )
    elif duration_months > ESS_MAXIMUM_MONTHS:
        findings.append(
            Finding(
                REFUSAL,
                f"Un marché réservé aux entreprises de l'ESS dure 3 ans au plus (36 mois) : celui-ci dure "
                f"{duration_months} mois.",
                article("L2113-16"),
            )
        )
    return findings


def reservation_rules(bases, structures, nature: str, duration_months: int | None) -> list[Finding]:
    """Every rule of a reservation, in the order of the code."""
    return [
        *beneficiaries_rule(bases, structures),
        *prison_alone_rule(bases, structures),
        *ess_rule(bases, nature, duration_months),
    ]
