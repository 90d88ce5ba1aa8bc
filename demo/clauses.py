"""The demo's social considerations: the eligible publics list of DOMAIN.md (a national list, offered to every
territory) and considerations on a few contracts of each territory, showing each rule of the sheet C1.2 (the
second territory's in demo/south.py). Keyed on natural keys: running it twice changes nothing."""

from datetime import date
from decimal import Decimal

from clauses.enums import ConsiderationStatus, Kind, LegalBasis, Modality, SocialAction, StandaloneReason, Unit
from clauses.models import Consideration
from markets.models import Market
from partners.models import SENSITIVE_CATEGORY_CODES, EligibleCategory, EligibleList, Organisation
from territories.models import Territory

from . import south

# (code, label, description, proof expected)
ELIGIBLE_CATEGORIES = [
    ("de-longue-duree", "Demandeurs d'emploi inscrits depuis plus de 12 mois", "", "attestation France Travail"),
    (
        "minima-sociaux",
        "Allocataires du RSA, de l'ASS, de l'AAH ou d'une pension d'invalidité",
        "",
        "attestation de la CAF, de France Travail ou de la CPAM",
    ),
    ("rqth", "Personnes reconnues travailleurs handicapés (RQTH)", "", "notification de la MDPH"),
    (
        "jeunes",
        "Jeunes de moins de 26 ans de niveau inférieur au CAP/BEP, sortis du système scolaire depuis 6 mois",
        "",
        "attestation de la Mission locale",
    ),
    ("seniors", "Demandeurs d'emploi de plus de 50 ans", "", "attestation France Travail"),
    (
        "qpv",
        "Habitants d'un quartier prioritaire de la ville éloignés de l'emploi",
        "",
        "justificatif de domicile et avis d'un prescripteur",
    ),
    (
        "siae-geiq",
        "Salariés d'une SIAE, d'un GEIQ, de l'EPIDE ou d'une école de la deuxième chance",
        "",
        "contrat de travail ou attestation de la structure",
    ),
    ("ea-esat", "Travailleurs d'une EA, d'une EATT ou d'un ESAT", "", "attestation de la structure"),
    (
        "avis-motive",
        "Autres personnes en difficulté, sur avis motivé d'un partenaire emploi",
        "",
        "avis motivé du prescripteur",
    ),
]


def seed_eligible_list() -> EligibleList:
    eligible_list, _ = EligibleList.objects.update_or_create(
        territory=None,
        name="Publics éligibles à la clause sociale",
        valid_from=date(2021, 4, 1),
        defaults={"source": "CCAG 2021 §16.1", "active": True},
    )
    for code, label, description, proof in ELIGIBLE_CATEGORIES:
        EligibleCategory.objects.update_or_create(
            eligible_list=eligible_list,
            code=code,
            defaults={
                "label": label,
                "description": description,
                "proof": proof,
                "sensitive": code in SENSITIVE_CATEGORY_CODES,
            },
        )
    return eligible_list


# (buyer SIRET-free key: reference, kind, lot number or None, fields, eligible category codes)
CONSIDERATIONS = [
    (
        "2026-TRX-001",
        Kind.INSERTION_HOURS,
        None,
        {
            "legal_basis": LegalBasis.EXECUTION_CONDITION,
            "target": Decimal("3360"),
            "unit": Unit.HOURS,
            "objective": "Réserver 5 % des heures du chantier à des publics en insertion.",
            "penalty_per_unit": Decimal("60"),
            "status": ConsiderationStatus.IN_PROGRESS,
            "calc_amount": Decimal("4800000"),
            "calc_labour_share": Decimal("0.35"),
            "calc_hourly_cost": Decimal("25"),
            "calc_insertion_rate": Decimal("0.05"),
            "modalities": [Modality.DIRECT_HIRING, Modality.PLACEMENT, Modality.SUBCONTRACTING],
        },
        ["de-longue-duree", "minima-sociaux", "rqth", "jeunes", "seniors", "qpv", "siae-geiq", "avis-motive"],
    ),
    (
        "2026-TRX-001",
        Kind.SOCIAL_ACTIONS,
        1,
        {
            "legal_basis": LegalBasis.EXECUTION_CONDITION,
            "target": Decimal("3"),
            "unit": Unit.ACTIONS,
            "objective": "Faire découvrir les métiers du gros œuvre.",
            "penalty_per_unit": Decimal("500"),
            "link_justification": "Visites et stages sur le chantier du groupe scolaire, dans les équipes du lot 1.",
            "actions_offered": [SocialAction.SITE_VISIT, SocialAction.INTERNSHIP, SocialAction.MENTORING],
            "actions_quantity": 3,
            "contractor_chooses": True,
            "status": ConsiderationStatus.IN_PROGRESS,
        },
        ["jeunes", "qpv"],
    ),
    (
        "2026-SRV-021",
        Kind.SOCIAL_ACTIONS,
        None,
        {
            "legal_basis": LegalBasis.EXECUTION_CONDITION,
            "target": Decimal("2"),
            "unit": Unit.ACTIONS,
            "objective": "Promouvoir les métiers de la maintenance informatique.",
            "link_justification": "Immersions dans l'équipe qui assure la maintenance du parc des écoles.",
            "actions_offered": [SocialAction.IMMERSION, SocialAction.SHORTAGE_JOBS],
            "actions_quantity": 2,
            "standalone_reason": StandaloneReason.NEW_SECTOR,
            "status": ConsiderationStatus.RETAINED,
        },
        ["jeunes"],
    ),
    (
        "2026-SRV-014",
        Kind.RESERVED_MARKET,
        None,
        {
            "legal_basis": LegalBasis.RESERVED_SIAE,
            "unit": Unit.SHARE,
            "target": Decimal("100"),
            "objective": "Réserver l'entretien des espaces verts aux structures d'insertion.",
            "reserved_structures": ["aci", "ei", "ai"],
            "status": ConsiderationStatus.IN_PROGRESS,
        },
        [],
    ),
    (
        "VLH-2025-041",
        Kind.INSERTION_HOURS,
        None,
        {
            "legal_basis": LegalBasis.EXECUTION_CONDITION,
            "target": Decimal("2520"),
            "unit": Unit.HOURS,
            "penalty_per_unit": Decimal("50"),
            "status": ConsiderationStatus.IN_PROGRESS,
            "calc_amount": Decimal("3600000"),
            "calc_labour_share": Decimal("0.35"),
            "calc_hourly_cost": Decimal("25"),
            "calc_insertion_rate": Decimal("0.05"),
            "modalities": [Modality.DIRECT_HIRING, Modality.PLACEMENT],
        },
        ["de-longue-duree", "minima-sociaux", "rqth", "jeunes", "seniors", "qpv", "siae-geiq", "avis-motive"],
    ),
    (
        "VLH-2025-041",
        Kind.DIVERSITY,
        None,
        {
            "legal_basis": LegalBasis.EXECUTION_CONDITION,
            "unit": Unit.PEOPLE,
            "target": Decimal("4"),
            "objective": "Ouvrir les métiers du bâtiment aux femmes en insertion.",
            "penalty_per_unit": Decimal("300"),
            "required_actions": "Une session de découverte des métiers réservée aux femmes, co-animée avec le PLIE.",
            "commitments": "Au moins 30 % de femmes parmi les participants.",
            "link_justification": "Les recrutements et l'accueil des femmes se font dans les équipes du chantier.",
            "status": ConsiderationStatus.IN_PROGRESS,
        },
        ["de-longue-duree", "minima-sociaux", "qpv", "avis-motive"],
    ),
    (
        "2026-SRV-030",
        Kind.INSERTION_PURCHASE,
        None,
        {
            "legal_basis": LegalBasis.INSERTION_PURCHASE,
            "unit": Unit.POSITIONS,
            "target": Decimal("6"),
            "objective": "Six postes en parcours d'insertion sur l'entretien des berges, avec une qualification visée.",
            "support_activity": "Entretien des berges et des chemins de halage",
            "positions": 6,
            "purchase_hours": 7200,
            "qualification_targets": "Titre professionnel d'ouvrier du paysage pour deux personnes.",
            "penalty_per_unit": Decimal("1500"),
            "link_justification": "L'insertion est l'objet même du marché.",
            "status": ConsiderationStatus.RETAINED,
        },
        ["de-longue-duree", "minima-sociaux", "rqth", "jeunes", "seniors", "qpv"],
    ),
    (
        "CHSA-2027-01",
        Kind.PROGRESS_PLAN,
        None,
        {
            "legal_basis": LegalBasis.EXECUTION_CONDITION,
            "status": ConsiderationStatus.ENVISAGED,
            "link_justification": "Les axes portent sur les agents que le titulaire affecte à la cuisine centrale.",
            "progress_axes": "Insertion : recruter deux personnes en parcours par an\n"
            "Illettrisme : former les agents de cuisine aux savoirs de base",
        },
        ["de-longue-duree", "rqth", "jeunes", "seniors"],
    ),
]


def seed_considerations(eligible_list: EligibleList, territory: Territory, rows) -> int:
    """The considerations ``rows`` on the territory's contracts (references as in its MARKETS)."""
    markets = {
        market.reference: market
        for market in Market.objects.filter(
            territory=territory, reference__in={row[0] for row in rows}
        ).prefetch_related("lots")
    }
    categories = {category.code: category for category in eligible_list.categories.all()}
    plie = Organisation.objects.filter(name="PLIE du Val-de-Loire Est").first()
    for reference, kind, lot_number, fields, codes in rows:
        market = markets[reference]
        lot = next((lot for lot in market.lots.all() if lot.number == lot_number), None)
        defaults = {**fields, "eligible_list": eligible_list if codes else None}
        if kind == Kind.DIVERSITY:
            defaults["local_partner"] = plie
        consideration, _ = Consideration.objects.update_or_create(market=market, kind=kind, lot=lot, defaults=defaults)
        consideration.eligible_categories.set([categories[code] for code in codes])
    return len(rows)


def seed_clauses(first: Territory, second: Territory) -> int:
    eligible_list = seed_eligible_list()
    return seed_considerations(eligible_list, first, CONSIDERATIONS) + seed_considerations(
        eligible_list, second, south.CONSIDERATIONS
    )
