"""The demo's territorial action plan (sheet C1.2, §IV) for the Ville de Saint-Aubin-sur-Loire.
Keyed on natural keys: running it twice changes nothing."""

from datetime import date
from decimal import Decimal

from accounts.models import User
from clauses.enums import Kind
from markets.models import Market
from partners.models import Organisation
from partners.siret import make_siret
from plans.enums import Metric, Theme
from plans.models import ActionPlan, PlanAxis, PlanIndicator, PlanLine
from territories.models import Territory

AXES = [
    (
        1,
        "Développer les heures d'insertion dans les travaux",
        "Une clause d'insertion sur chaque marché de travaux au-dessus de 1 M€ HT.",
        "Demandeurs d'emploi de longue durée, habitants des quartiers prioritaires.",
        [Theme.RECRUITMENT, Theme.PRIORITY_AREAS],
    ),
    (
        2,
        "Diversifier les considérations sociales",
        "Actions sociales sur les marchés de services trop petits pour une clause d'insertion ; un premier marché "
        "réservé aux SIAE.",
        "Jeunes de moins de 26 ans.",
        [Theme.DIVERSIFICATION, Theme.YOUTH, Theme.SHORTAGE_JOBS],
    ),
    (
        3,
        "Égalité femmes-hommes et lutte contre l'illettrisme",
        "Au moins 30 % de femmes parmi les participants ; un module de sensibilisation à l'illettrisme par an.",
        "Femmes éloignées de l'emploi ; salariés des entreprises titulaires.",
        [Theme.EQUALITY, Theme.ILLITERACY],
    ),
]
LINES = [
    ("2027-TRX-003", [Kind.INSERTION_HOURS, Kind.SOCIAL_ACTIONS], "Chantier de 20 mois : visites pour les jeunes."),
    ("2026-FRN-009", [Kind.RESERVED_MARKET], "Lot de préparation des repas réservé aux EA et ESAT à étudier."),
    ("2026-SRV-021", [Kind.SOCIAL_ACTIONS, Kind.DIVERSITY], "Immersions dans l'équipe de maintenance."),
]
INDICATORS = [
    ("Marchés avec au moins une considération sociale", Metric.CONTRACTS_WITH_CONSIDERATION, Decimal("5"), None),
    ("Heures d'insertion réalisées", Metric.HOURS_REALISED, Decimal("3000"), None),
    ("Actions réalisées", Metric.ACTIONS, Decimal("6"), None),
    ("Plans de progrès engagés", Metric.PROGRESS_PLANS, Decimal("1"), None),
    ("Réunions de la revue de marchés", Metric.MANUAL, Decimal("4"), Decimal("3")),
]


def seed_reporting(territory: Territory) -> ActionPlan:
    buyer = Organisation.objects.get(siret=make_siret(21370001))
    plan, _ = ActionPlan.objects.update_or_create(
        title="Plan d'actions 2026 – Ville de Saint-Aubin-sur-Loire",
        buyer=buyer,
        defaults={
            "territory": territory,
            "area": "Saint-Aubin-sur-Loire et son bassin d'emploi",
            "start_date": date(2026, 1, 1),
            "end_date": date(2026, 12, 31),
            "facilitator": User.objects.get(username="facilitateur"),
            "context_partners": "France Travail, Mission locale Loire-Touraine, PLIE, 7 structures inclusives.",
            "context_needs": "Recrutements difficiles dans le gros œuvre et la restauration collective.",
            "context_publics": "Jeunes peu qualifiés, demandeurs d'emploi de longue durée, habitants des Varennes.",
            "context_priorities": "Groupe scolaire des Varennes, médiathèque, restauration scolaire.",
            "stakeholders": "Direction de la commande publique, élue à l'emploi, revue de marchés trimestrielle "
            "avec France Travail et la Mission locale.",
            "organisation": "La facilitatrice rédige les clauses et suit les heures ; l'acheteuse inscrit les "
            "clauses au DCE ; le PLIE oriente les participants.",
            "successes": "Les heures du groupe scolaire avancent au rythme prévu.",
            "difficulties": "Peu de candidates sur les métiers du bâtiment.",
            "improvements": "Associer les entreprises aux job datings dès la notification.",
        },
    )
    for number, title, objectives, publics, themes in AXES:
        PlanAxis.objects.update_or_create(
            plan=plan,
            number=number,
            defaults={"title": title, "objectives": objectives, "target_publics": publics, "themes": list(themes)},
        )
    for reference, kinds, notes in LINES:
        market = Market.objects.get(territory=territory, buyer=buyer, reference=reference)
        PlanLine.objects.update_or_create(plan=plan, market=market, defaults={"kinds": list(kinds), "notes": notes})
    for label, metric, target, actual in INDICATORS:
        PlanIndicator.objects.update_or_create(
            plan=plan, label=label, defaults={"metric": metric, "target": target, "manual_actual": actual}
        )
    return plan
