"""The demo's follow-up: participants, months of insertion hours (validated, then declared for the last
month), actions, a progress plan with an evaluation due and a closed contract that fell short of its target in
the first territory; participants, hours and actions in the second (demo/south.py), with a closed contract that
met its target. Keyed on natural keys: running it twice changes nothing. Figures are relative to the contracts'
dates."""

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from accounts.models import User
from clauses.enums import ConsiderationStatus, Kind, LegalBasis, SocialAction, Unit
from clauses.models import Consideration
from followup.enums import Evaluation, HoursStatus, ProofKind
from followup.models import Hiring, HoursRules, ProgressPlanEntry, RealisedAction, RealisedHours
from markets.models import Contractor, Market
from partners.enums import OrganisationKind
from partners.models import EligibleCategory, Organisation, Participant
from territories.models import Territory

from . import south

# (code, first name, last name, sex, birth year, postcode, QPV, eligible category codes, prescriber, entry,
#  outcome, exit date)
PARTICIPANTS = [
    (
        "P-0001",
        "Samir",
        "Haddouche",
        "M",
        2003,
        "37100",
        True,
        ["jeunes", "qpv"],
        "Mission locale de Touraine",
        date(2026, 4, 20),
        "",
        None,
    ),
    (
        "P-0002",
        "Nathalie",
        "Rousseau",
        "F",
        1972,
        "37000",
        False,
        ["seniors", "de-longue-duree"],
        "France Travail Tours Nord",
        date(2026, 4, 27),
        "",
        None,
    ),
    (
        "P-0003",
        "Kevin",
        "Lemoine",
        "M",
        1995,
        "37100",
        True,
        ["minima-sociaux"],
        "PLIE du Val-de-Loire Est",
        date(2026, 5, 4),
        "",
        None,
    ),
    (
        "P-0004",
        "Aïcha",
        "Benaissa",
        "F",
        1988,
        "37300",
        False,
        ["rqth"],
        "Cap emploi 37",
        date(2025, 6, 2),
        "emploi_durable",
        date(2026, 6, 30),
    ),
    (
        "P-0005",
        "Jordan",
        "Petit",
        "M",
        2005,
        "37000",
        False,
        ["jeunes"],
        "Mission locale de Touraine",
        date(2025, 6, 16),
        "",
        None,
    ),
    (
        "P-0006",
        "Sandrine",
        "Marchal",
        "F",
        1969,
        "37100",
        True,
        ["seniors", "qpv"],
        "PLIE du Val-de-Loire Est",
        date(2025, 7, 1),
        "",
        None,
    ),
    (
        "P-0007",
        "Yanis",
        "Boucher",
        "M",
        1999,
        "45000",
        False,
        ["siae-geiq"],
        "France Travail Tours Nord",
        date(2025, 5, 5),
        "sortie_positive",
        date(2025, 10, 31),
    ),
    # matches none of the clauses' publics: the demo shows how such hours are flagged and not counted
    (
        "P-0008",
        "Lucas",
        "Garnier",
        "M",
        1990,
        "37000",
        False,
        [],
        "France Travail Tours Nord",
        date(2026, 6, 1),
        "",
        None,
    ),
]

# (market reference, lot, contractor name, modality detail, participant codes, months (first, last), hours/month);
# a last month of None: still working, up to the current month (declared, not yet validated)
HOURS = [
    ("2026-TRX-001", 1, "Maçonnerie Martin & Fils", "cdd", ["P-0001", "P-0003"], ((2026, 5), None), "70"),
    ("2026-TRX-001", 1, "GEIQ BTP Centre", "geiq", ["P-0002"], ((2026, 6), None), "84"),
    ("2026-TRX-001", 2, "Peintures de Touraine", "interim", ["P-0008"], ((2026, 7), (2026, 9)), "35"),
    ("VLH-2025-041", 1, "Bâtiments Ligériens SAS", "cdi", ["P-0004"], ((2025, 6), (2026, 6)), "60"),
    ("VLH-2025-041", 1, "GEIQ BTP Centre", "geiq", ["P-0005", "P-0006"], ((2025, 7), None), "50"),
    ("DIRCO-25-044", 1, "Routes et Ouvrages du Centre", "interim", ["P-0007"], ((2025, 5), (2025, 10)), "100"),
]

# (market reference, kind, lot, date, type, contractor name, people, women, participant codes, description, proof)
ACTIONS = [
    (
        "2026-TRX-001",
        Kind.SOCIAL_ACTIONS,
        1,
        date(2026, 6, 12),
        SocialAction.SITE_VISIT,
        "Maçonnerie Martin & Fils",
        14,
        5,
        ["P-0001"],
        "Visite du chantier pour un groupe de la Mission locale.",
        "feuille d'émargement",
    ),
    (
        "2026-TRX-001",
        Kind.SOCIAL_ACTIONS,
        1,
        date(2026, 9, 22),
        SocialAction.INTERNSHIP,
        "Maçonnerie Martin & Fils",
        2,
        1,
        [],
        "Deux stages de découverte de deux semaines en maçonnerie.",
        "conventions de stage",
    ),
    (
        "VLH-2025-041",
        Kind.DIVERSITY,
        None,
        date(2026, 3, 8),
        SocialAction.SHORTAGE_JOBS,
        "Bâtiments Ligériens SAS",
        6,
        5,
        ["P-0006"],
        "Session « Les métiers du bâtiment au féminin » co-animée avec le PLIE.",
        "compte rendu",
    ),
]

PLAN_AXES = "Insertion : accueillir deux personnes en parcours par an\nÉgalité : féminiser les équipes de chantier"
# (year, axis, planned actions, indicators, evaluation, comment)
PLAN_ENTRIES = [
    (
        2025,
        "Insertion",
        "Accueillir deux personnes en parcours sur le chantier.",
        "personnes accueillies",
        Evaluation.ACHIEVED,
        "Deux personnes accueillies avec le GEIQ.",
    ),
    (2025, "Égalité", "Ouvrir un poste de compagnon à une femme.", "femmes dans les équipes", "", ""),
    (2026, "Insertion", "Deux nouveaux parcours, dont un en CDI.", "parcours, contrats signés", "", ""),
]


def _months(first, last):
    year, month = first
    while (year, month) <= last:
        yield date(year, month, 1)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def seed_participants(territory: Territory, rows) -> dict[str, Participant]:
    categories = {category.code: category for category in EligibleCategory.objects.filter(eligible_list__active=True)}
    prescribers = {o.name: o for o in Organisation.objects.filter(kind=OrganisationKind.EMPLOYMENT_PARTNER)}
    participants = {}
    for code, first, last, sex, born, postcode, qpv, codes, prescriber, entry, outcome, exit_date in rows:
        participant, _ = Participant.objects.update_or_create(
            territory=territory,
            reference=code,
            defaults={
                "first_name": first,
                "last_name": last,
                "sex": sex,
                "birth_year": born,
                "postcode": postcode,
                "qpv_resident": qpv,
                "prescriber": prescribers[prescriber],
                "entry_date": entry,
                "exit_outcome": outcome,
                "exit_date": exit_date,
            },
        )
        participant.eligible_categories.set([categories[c] for c in codes])
        participants[code] = participant
    return participants


def seed_closed_consideration() -> None:
    """A closed contract whose insertion hours fell short: the penalty waits for the facilitator's decision."""
    market = Market.objects.get(reference="DIRCO-25-044")
    consideration, _ = Consideration.objects.update_or_create(
        market=market,
        kind=Kind.INSERTION_HOURS,
        lot=None,
        defaults={
            "legal_basis": LegalBasis.EXECUTION_CONDITION,
            "target": Decimal("800"),
            "unit": Unit.HOURS,
            "penalty_per_unit": Decimal("40"),
            "status": ConsiderationStatus.IN_PROGRESS,
            "eligible_list": EligibleCategory.objects.get(code="siae-geiq").eligible_list,
        },
    )
    consideration.eligible_categories.set(consideration.eligible_list.categories.all())


def hire(participant, company, hired_on, checker) -> Hiring:
    """The participant's hiring by the company, checked on a prescriber's liaison form seen a week before, with
    the publics the participant has today."""
    hiring, created = Hiring.objects.get_or_create(
        participant=participant,
        company=company,
        hired_on=hired_on,
        defaults={
            "proof_kind": ProofKind.PRESCRIBER,
            "proof_date": hired_on - timedelta(days=7),
            "checked_by": checker,
            "checked_at": timezone.make_aware(datetime.combine(hired_on, time(9))),
        },
    )
    if created:
        hiring.categories.set(participant.eligible_categories.all())
    return hiring


def seed_hours(territory: Territory, rows, participants, validator) -> None:
    today = timezone.localdate()
    for reference, lot_number, company, detail, codes, (first, last), hours in rows:
        consideration = Consideration.objects.get(
            market__territory=territory, market__reference=reference, kind=Kind.INSERTION_HOURS, lot=None
        )
        contractor = Contractor.objects.get(
            lot__market=consideration.market, lot__number=lot_number, organisation__name=company
        )
        for code in codes:
            hire(participants[code], contractor.organisation, date(*first, 2), validator)
        rules = HoursRules.load(consideration, [participants[code].pk for code in codes])
        for code in codes:
            participant = participants[code]
            for month in _months(first, last or (today.year, today.month)):
                # the current month is still declared; the earlier ones were validated at the next month's start
                validated = (month.year, month.month) < (today.year, today.month)
                line = RealisedHours(
                    consideration=consideration,
                    contractor=contractor,
                    participant=participant,
                    month=month,
                    modality_detail=detail,
                    hours_worked=Decimal(hours),
                )
                rules.apply(line, contractor.organisation_id)
                validated_at = timezone.make_aware(datetime(month.year + month.month // 12, month.month % 12 + 1, 3))
                RealisedHours.objects.update_or_create(
                    contractor=contractor,
                    participant=participant,
                    month=month,
                    modality_detail=detail,
                    defaults={
                        "consideration": consideration,
                        "hours_worked": line.hours_worked,
                        "conversion_rate": line.conversion_rate,
                        "hiring": line.hiring,
                        "eligible": line.eligible,
                        "status": HoursStatus.VALIDATED if validated else HoursStatus.DECLARED,
                        "validated_by": validator if validated else None,
                        "validated_at": validated_at if validated else None,
                    },
                )


def seed_actions(territory: Territory, rows, participants, user) -> None:
    for reference, kind, lot_number, when, action_type, company, people, women, codes, text, proof in rows:
        of_contract = Consideration.objects.filter(market__territory=territory, market__reference=reference, kind=kind)
        consideration = of_contract.get(lot__number=lot_number) if lot_number else of_contract.get(lot=None)
        contractor = Contractor.objects.filter(lot__market=consideration.market, organisation__name=company).first()
        action, _ = RealisedAction.objects.update_or_create(
            consideration=consideration,
            date=when,
            action_type=action_type,
            defaults={
                "lot": contractor.lot,
                "contractor": contractor,
                "people_reached": people,
                "women_reached": women,
                "description": text,
                "proof": proof,
                "recorded_by": user,
            },
        )
        action.participants.set([participants[code] for code in codes])


def seed_progress_plan(user) -> None:
    market = Market.objects.get(reference="VLH-2025-041")
    consideration, _ = Consideration.objects.update_or_create(
        market=market,
        kind=Kind.PROGRESS_PLAN,
        lot=None,
        defaults={
            "legal_basis": LegalBasis.EXECUTION_CONDITION,
            "status": ConsiderationStatus.IN_PROGRESS,
            "progress_axes": PLAN_AXES,
            "objective": "Progresser chaque année sur l'insertion et l'égalité.",
        },
    )
    for year, axis, planned, indicators, evaluation, comment in PLAN_ENTRIES:
        ProgressPlanEntry.objects.update_or_create(
            consideration=consideration,
            year=year,
            axis=axis,
            defaults={
                "planned_actions": planned,
                "indicators": indicators,
                "evaluation": evaluation,
                "evaluation_comment": comment,
                "evaluated_by": user if evaluation else None,
                "evaluated_at": timezone.make_aware(datetime(year + 1, 1, 15)) if evaluation else None,
            },
        )


def seed_followup(first: Territory, second: Territory) -> int:
    facilitator = User.objects.get(username="facilitateur")
    participants = seed_participants(first, PARTICIPANTS)
    seed_closed_consideration()
    seed_hours(first, HOURS, participants, facilitator)
    seed_actions(first, ACTIONS, participants, facilitator)
    seed_progress_plan(facilitator)
    facilitator = User.objects.get(username="facilitateur-sud")
    southern = seed_participants(second, south.PARTICIPANTS)
    seed_hours(second, south.HOURS, southern, facilitator)
    seed_actions(second, south.ACTIONS, southern, facilitator)
    return len(participants) + len(southern)
