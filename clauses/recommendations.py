"""Revue de marchés : quelles considérations sociales proposer pour un marché à venir.

Chaque règle est une petite fonction qui renvoie une Recommendation ou None ; recommend() les applique
toutes. La diversification complète la clause d'insertion sans la remplacer : les autres considérations
sont proposées seules surtout pour les marchés trop petits et pour une première tentative dans un secteur.
"""

from dataclasses import dataclass
from decimal import Decimal

from clauses.calculations import insertion_hours
from partners.text import is_ascii_digits

INSERTION_HOURS = "insertion_hours"
SOCIAL_ACTIONS = "social_actions"
RESERVED_MARKET = "reserved_market"
INSERTION_PURCHASE = "insertion_purchase"
ILLITERACY = "illiteracy"
DIVERSITY = "diversity"
PROGRESS_PLAN = "progress_plan"
KINDS = (
    INSERTION_HOURS,
    SOCIAL_ACTIONS,
    RESERVED_MARKET,
    INSERTION_PURCHASE,
    ILLITERACY,
    DIVERSITY,
    PROGRESS_PLAN,
)

MINIMUM_LABOUR_SHARE = Decimal("0.3")
SMALL_CONTRACT_ACTIONS = 2
NEW_SECTOR_ACTIONS = 2
PROGRESS_PLAN_MINIMUM_MONTHS = 24

# Divisions CPV des activités support propices aux marchés d'insertion et aux marchés réservés.
SUPPORT_ACTIVITY_DIVISIONS = {
    "77": "services agricoles, sylvicoles et horticoles (entretien d'espaces verts)",
    "90": "nettoyage, propreté et services environnementaux",
}


@dataclass(frozen=True)
class ContractFacts:
    amount_excl_vat: Decimal | None
    duration_months: int | None
    nature: str
    cpv: str
    labour_share: Decimal | None
    hourly_cost: Decimal
    insertion_rate: Decimal
    territory_minimum_hours: int
    buyer_category: str
    buyer_has_prior_contract_in_sector: bool


@dataclass(frozen=True)
class Recommendation:
    kind: str
    reason: str
    target: int | None
    unit: str | None


def cpv_division(cpv: str) -> str | None:
    """Division CPV (deux premiers chiffres) : "45000000-7" → "45" ; None si le code est absent."""
    division = (cpv or "").strip()[:2]
    return division if len(division) == 2 and is_ascii_digits(division) else None


def _percent(fraction: Decimal) -> str:
    text = f"{(fraction * 100).quantize(Decimal('0.1')):f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


def computed_hours(facts: ContractFacts) -> int | None:
    """Heures d'insertion calculées pour ce marché ; None si le montant ou la part de main-d'œuvre manque."""
    if facts.amount_excl_vat is None or facts.labour_share is None:
        return None
    return insertion_hours(facts.amount_excl_vat, facts.labour_share, facts.hourly_cost, facts.insertion_rate)


def insertion_hours_rule(facts: ContractFacts) -> Recommendation | None:
    hours = computed_hours(facts)
    if (
        hours is None
        or facts.nature not in ("travaux", "services")
        or facts.labour_share < MINIMUM_LABOUR_SHARE
        or hours < facts.territory_minimum_hours
    ):
        return None
    reason = (
        f"Marché de {facts.nature} à forte main-d'œuvre ({_percent(facts.labour_share)} %) : "
        f"{_percent(facts.insertion_rate)} % des heures, soit {hours} h, peuvent être réservées à des "
        f"publics en insertion (minimum du territoire : {facts.territory_minimum_hours} h)."
    )
    return Recommendation(INSERTION_HOURS, reason, hours, "hours")


def small_contract_rule(facts: ContractFacts) -> Recommendation | None:
    hours = computed_hours(facts)
    if hours is None or hours >= facts.territory_minimum_hours:
        return None
    reason = (
        f"Marché trop petit pour une clause sociale d'insertion : {hours} h calculées, sous le minimum du "
        f"territoire ({facts.territory_minimum_hours} h). Des actions sociales (visite de chantier, "
        "immersion, job dating…) offrent tout de même une étape de parcours."
    )
    return Recommendation(SOCIAL_ACTIONS, reason, SMALL_CONTRACT_ACTIONS, "actions")


def new_sector_rule(facts: ContractFacts) -> Recommendation | None:
    division = cpv_division(facts.cpv)
    if division is None or facts.buyer_has_prior_contract_in_sector:
        return None
    reason = (
        f"Premier marché de l'acheteur dans le secteur CPV {division} : des actions sociales permettent une "
        "première tentative pour découvrir la filière, ses métiers et ses besoins de recrutement."
    )
    return Recommendation(SOCIAL_ACTIONS, reason, NEW_SECTOR_ACTIONS, "actions")


def insertion_purchase_rule(facts: ContractFacts) -> Recommendation | None:
    activity = SUPPORT_ACTIVITY_DIVISIONS.get(cpv_division(facts.cpv))
    if activity is None:
        return None
    reason = (
        f"Activité support ({activity}) : l'insertion et la qualification professionnelle peuvent être "
        "l'objet même du marché (achat de prestations d'insertion)."
    )
    return Recommendation(INSERTION_PURCHASE, reason, None, "positions")


def reserved_market_rule(facts: ContractFacts) -> Recommendation | None:
    activity = SUPPORT_ACTIVITY_DIVISIONS.get(cpv_division(facts.cpv))
    if activity is None:
        return None
    reason = (
        f"Activité support ({activity}) bien couverte par les structures d'insertion : la consultation peut "
        "être réservée aux SIAE (article L2113-13 du code de la commande publique)."
    )
    return Recommendation(RESERVED_MARKET, reason, None, "share")


def progress_plan_rule(facts: ContractFacts) -> Recommendation | None:
    if (
        facts.duration_months is None
        or facts.duration_months < PROGRESS_PLAN_MINIMUM_MONTHS
        or insertion_hours_rule(facts) is None
    ):
        return None
    reason = (
        f"Marché long ({facts.duration_months} mois) avec une clause d'insertion : un plan de progrès "
        "permet de fixer et d'évaluer chaque année les actions avec le titulaire."
    )
    return Recommendation(PROGRESS_PLAN, reason, None, None)


RULES = (
    insertion_hours_rule,
    small_contract_rule,
    new_sector_rule,
    insertion_purchase_rule,
    reserved_market_rule,
    progress_plan_rule,
)


def recommend(facts: ContractFacts) -> list[Recommendation]:
    """Considérations sociales à proposer, une par type, dans l'ordre des règles."""
    recommendations: dict[str, Recommendation] = {}
    for rule in RULES:
        recommendation = rule(facts)
        if recommendation is not None:
            recommendations.setdefault(recommendation.kind, recommendation)
    return list(recommendations.values())
