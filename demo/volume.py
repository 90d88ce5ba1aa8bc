"""Volume data for the performance work: a territory at scale N and two smaller ones (``seed_volume --scale N``).

At scale 1, the first territory: 10,000 contracts with 25,000 lots, 15,000 considerations, 30,000 participants,
1,000,000 monthly hour lines and 50,000 actions, most contracts in execution or closed; its buyers and companies:
200 buyers (a few large ones, many small ones), 3,000 companies, 300 inclusive structures. Two smaller territories,
a tenth of it each, share those buyers and companies; a national coordination reads all three. Every count is
multiplied by the scale.

Deterministic: one seeded ``random.Random`` and dates relative to the first day of the current month.
Fast: rows are built as plain tuples, then written with ``bulk_create`` or, for the hour lines, with ``COPY``.
Volume data is recognisable, so that it can be refused twice or reset: contract references start with ``VOL-``,
participant codes with ``V-`` (the same codes in each territory: they are unique per territory), user names with
``volume-`` and the organisations' SIRETs with ``99`` (``make_siret`` numbers from 99,000,000; the demo and tests
use lower ones); the territories and the coordination have the names below.
"""

import itertools
import math
import random
from bisect import bisect
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from django.apps import apps
from django.contrib.auth.hashers import make_password
from django.db import connection
from django.db.models import Count
from django.urls import reverse

from accounts.models import Role, User
from clauses.calculations import insertion_hours
from clauses.enums import ConsiderationStatus, Kind, LegalBasis, Modality, SocialAction, Unit
from clauses.models import Consideration, ModalityConversion
from followup.enums import MODALITY_OF_DETAIL, Evaluation, HoursStatus, ModalityDetail, PenaltyChoice, ProofKind
from followup.models import Hiring, PenaltyDecision, ProgressPlanEntry, RealisedAction, RealisedHours
from markets.enums import ContractorRole, ContractType, Nature, Origin, Procedure, Status
from markets.models import Contractor, Lot, Market
from partners.enums import BuyerCategory, ExitOutcome, OrganisationKind, PartnerKind, StructureKind
from partners.models import Organisation, Participant
from partners.siret import make_siret
from partners.text import fold
from territories.models import Coordination, CoordinationLevel, Territory

from .clauses import seed_eligible_list
from .territory import DEMO_PASSWORD

SCALE_1 = {
    "buyers": 200,
    "companies": 3_000,
    "inclusive": 300,
    "employment_partners": 40,
    "facilitators": 12,
    "markets": 10_000,
    "lots": 25_000,
    "considerations": 15_000,
    "participants": 30_000,
    "hours": 1_000_000,
    "actions": 50_000,
}
# the counts that are a territory's own (the partners are shared)
PER_TERRITORY = ("facilitators", "markets", "lots", "considerations", "participants", "hours", "actions")
MARKET_PREFIX, PARTICIPANT_PREFIX, USER_PREFIX, SIRET_PREFIX = "VOL-", "V-", "volume-", "99"
VOLUME_TERRITORY = "Volume (territoire de démonstration à grande échelle)"


@dataclass(frozen=True)
class VolumeTerritory:
    """One territory of the volume: ``share`` of the scale; ``key`` marks its users and contract references
    (none for the first: the names it always had)."""

    name: str
    carrier: str
    department: str
    share: float
    key: str = ""

    def username(self, name: str) -> str:
        return f"{USER_PREFIX}{self.key}-{name}" if self.key else f"{USER_PREFIX}{name}"

    def reference(self, number: int) -> str:
        return f"{MARKET_PREFIX}{self.key.upper()}-{number:06d}" if self.key else f"{MARKET_PREFIX}{number:06d}"


VOLUME_TERRITORIES = (
    VolumeTerritory(VOLUME_TERRITORY, "Maison de l'emploi (données de volume)", "37", 1),
    VolumeTerritory("Volume (petit territoire nord)", "PLIE du Nord (données de volume)", "45", 0.1, "nord"),
    VolumeTerritory("Volume (petit territoire sud)", "PLIE du Sud (données de volume)", "36", 0.1, "sud"),
)
VOLUME_COORDINATION = "Volume (coordination nationale)"
SIRET_BASE = {
    OrganisationKind.BUYER: 99_000_000,
    OrganisationKind.COMPANY: 99_100_000,
    OrganisationKind.INCLUSIVE: 99_200_000,
    OrganisationKind.EMPLOYMENT_PARTNER: 99_300_000,
}
FACILITATOR, BUYER_USER = f"{USER_PREFIX}facilitateur", f"{USER_PREFIX}acheteur"
COORDINATION_USER = f"{USER_PREFIX}coordination"
BATCH = 2_000
COPY_CHUNK = 100_000

COMMUNES = [
    ("37000", "Tours"),
    ("37100", "Saint-Aubin-sur-Loire"),
    ("37300", "Joué-lès-Tours"),
    ("37200", "Larçay"),
    ("45000", "Orléans"),
    ("41000", "Blois"),
    ("36000", "Châteauroux"),
    ("18000", "Bourges"),
    ("28000", "Chartres"),
    ("37400", "Amboise"),
    ("37500", "Chinon"),
    ("37600", "Loches"),
    ("41100", "Vendôme"),
    ("45200", "Montargis"),
    ("18100", "Vierzon"),
    ("36100", "Issoudun"),
    ("28100", "Dreux"),
    ("37700", "Saint-Pierre-des-Corps"),
    ("45400", "Fleury-les-Aubrais"),
    ("41200", "Romorantin"),
]
SURNAMES = [
    "Martin",
    "Bernard",
    "Dubois",
    "Thomas",
    "Robert",
    "Richard",
    "Petit",
    "Durand",
    "Leroy",
    "Moreau",
    "Simon",
    "Laurent",
    "Lefebvre",
    "Michel",
    "Garcia",
    "David",
    "Bertrand",
    "Roux",
    "Vincent",
    "Fournier",
    "Morel",
    "Girard",
    "André",
    "Lefèvre",
    "Mercier",
    "Dupont",
    "Lambert",
    "Bonnet",
    "François",
    "Martinez",
]
FIRST_NAMES = {
    "F": ["Nathalie", "Aïcha", "Sandrine", "Léa", "Fatou", "Julie", "Inès", "Camille", "Sophie", "Emma"],
    "M": ["Samir", "Kevin", "Jordan", "Yanis", "Lucas", "Mamadou", "Thomas", "Hugo", "Karim", "Nicolas"],
}
# (nature, CPV, trade, share of the nature's contracts)
TRADES = {
    Nature.WORKS: [
        ("45262500-6", "Maçonnerie"),
        ("45442100-8", "Peinture"),
        ("45233140-2", "Voirie"),
        ("45310000-3", "Électricité"),
        ("45330000-9", "Plomberie"),
        ("45421000-4", "Menuiserie"),
    ],
    Nature.SERVICES: [
        ("90910000-9", "Nettoyage"),
        ("77310000-6", "Espaces verts"),
        ("55520000-1", "Restauration"),
        ("50700000-2", "Maintenance"),
        ("98311000-6", "Blanchisserie"),
    ],
    Nature.SUPPLIES: [
        ("15000000-8", "Denrées alimentaires"),
        ("30192000-1", "Fournitures de bureau"),
        ("39130000-2", "Mobilier"),
    ],
}
OBJECTS = {
    Nature.WORKS: "Travaux de {trade} – {place}",
    Nature.SERVICES: "Prestations de {trade} – {place}",
    Nature.SUPPLIES: "Fourniture : {trade} – {place}",
}
PLACES = [
    "groupe scolaire",
    "gymnase",
    "médiathèque",
    "logements collectifs",
    "hôtel de ville",
    "voirie communale",
    "EHPAD",
    "crèche",
    "centre technique",
    "collège",
    "piscine",
    "parc urbain",
]
STATUS_WEIGHTS = [
    (Status.EXECUTION, 42),
    (Status.CLOSED, 33),
    (Status.AWARDED, 5),
    (Status.PUBLISHED, 5),
    (Status.PREPARATION, 5),
    (Status.PLANNED, 5),
    (Status.ABANDONED, 5),
]
KIND_WEIGHTS = [
    (Kind.INSERTION_HOURS, 55),
    (Kind.SOCIAL_ACTIONS, 15),
    (Kind.RESERVED_MARKET, 8),
    (Kind.INSERTION_PURCHASE, 5),
    (Kind.ILLITERACY, 3),
    (Kind.DIVERSITY, 5),
    (Kind.PROGRESS_PLAN, 9),
]
CONSIDERATION_STATUS = {
    Status.PLANNED: ConsiderationStatus.ENVISAGED,
    Status.PREPARATION: ConsiderationStatus.ENVISAGED,
    Status.PUBLISHED: ConsiderationStatus.RETAINED,
    Status.AWARDED: ConsiderationStatus.RETAINED,
    Status.EXECUTION: ConsiderationStatus.IN_PROGRESS,
    Status.CLOSED: ConsiderationStatus.CLOSED,
    Status.ABANDONED: ConsiderationStatus.ABANDONED,
}
UNITS = {
    Kind.INSERTION_HOURS: Unit.HOURS,
    Kind.SOCIAL_ACTIONS: Unit.ACTIONS,
    Kind.RESERVED_MARKET: Unit.SHARE,
    Kind.INSERTION_PURCHASE: Unit.POSITIONS,
    Kind.ILLITERACY: Unit.PEOPLE,
    Kind.DIVERSITY: Unit.PEOPLE,
    Kind.PROGRESS_PLAN: Unit.ACTIONS,
}
FOLLOWED = (Status.EXECUTION, Status.CLOSED)
# The modality and the counted hours are generated columns: PostgreSQL computes them.
HOURS_COLUMNS = [
    "consideration_id",
    "contractor_id",
    "participant_id",
    "month",
    "hours_worked",
    "modality_detail",
    "conversion_rate",
    "hiring_id",
    "eligible",
    "status",
    "declared_at",
    "validated_by_id",
    "validated_at",
]


def scaled(scale: float) -> dict[str, int]:
    """The counts at this scale (at least one of each, two facilitators)."""
    counts = {name: max(1, round(count * scale)) for name, count in SCALE_1.items()}
    counts["facilitators"] = max(2, counts["facilitators"])
    counts["lots"] = max(counts["lots"], counts["markets"])
    return counts


def expected_counts(scale: float) -> dict[str, int]:
    """The counts of the whole volume: the partners once, each territory's own at its share of the scale."""
    counts = scaled(scale)
    for territory in VOLUME_TERRITORIES[1:]:
        smaller = scaled(scale * territory.share)
        for name in PER_TERRITORY:
            counts[name] += smaller[name]
    return counts


def has_volume_data() -> bool:
    return Market.objects.filter(reference__startswith=MARKET_PREFIX).exists()


def delete_volume_data() -> None:
    """Removes the volume data, children first (the hour lines in one statement)."""
    markets = Market.objects.filter(reference__startswith=MARKET_PREFIX)
    RealisedHours.objects.filter(consideration__market__in=markets).delete()
    markets.delete()
    territories = Territory.objects.filter(name__in=[territory.name for territory in VOLUME_TERRITORIES])
    Participant.objects.filter(territory__in=territories, reference__startswith=PARTICIPANT_PREFIX).delete()
    User.objects.filter(username__startswith=USER_PREFIX).delete()
    Organisation.objects.filter(siret__startswith=SIRET_PREFIX).delete()
    Coordination.objects.filter(name=VOLUME_COORDINATION).delete()
    territories.filter(markets__isnull=True, participants__isnull=True).delete()


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    return date(day.year + month // 12, month % 12 + 1, min(day.day, 28))


def month_index(day: date) -> int:
    return day.year * 12 + day.month - 1


def month_of(index: int) -> date:
    return date(index // 12, index % 12 + 1, 1)


class Weighted:
    """Fast repeated weighted choice among a fixed population."""

    def __init__(self, population, weights):
        self.population = list(population)
        self.cumulative = list(itertools.accumulate(weights))

    def pick(self, rng: random.Random):
        return self.population[bisect(self.cumulative, rng.random() * self.cumulative[-1])]


def zipf(count: int, exponent: float = 1.1) -> list[float]:
    """A few large, many small: the weight of the i-th is 1 / i^exponent."""
    return [1 / (rank + 1) ** exponent for rank in range(count)]


class VolumeBuilder:
    def __init__(self, scale: float, seed: int = 2026):
        self.scale = scale
        self.counts = scaled(scale)
        self.rng = random.Random(seed)
        today = date.today()
        self.anchor = date(today.year, today.month, 1)
        self.created: dict[str, int] = {}

    def count(self, name: str, number: int) -> None:
        self.created[name] = self.created.get(name, 0) + number

    # --- partners and users ----------------------------------------------------------------------------------

    def organisations(self, kind, count: int, name, **subkind) -> list[Organisation]:
        rng, rows = self.rng, []
        for i in range(count):
            postcode, commune = rng.choice(COMMUNES)
            label = name(i, commune)
            rows.append(
                Organisation(
                    kind=kind,
                    name=label,
                    search_name=fold(label),
                    siret=make_siret(SIRET_BASE[kind] + i),
                    postcode=postcode,
                    commune=commune,
                    **{field: choose(i) for field, choose in subkind.items()},
                )
            )
        return Organisation.objects.bulk_create(rows, batch_size=BATCH)

    def partners(self) -> None:
        rng, counts = self.rng, self.counts
        categories = (
            [BuyerCategory.LOCAL_AUTHORITY] * 6
            + [BuyerCategory.SOCIAL_LANDLORD] * 2
            + [BuyerCategory.PUBLIC_ESTABLISHMENT, BuyerCategory.CENTRAL_GOVERNMENT]
        )
        buyer_names = {
            BuyerCategory.LOCAL_AUTHORITY: "Ville de {commune}",
            BuyerCategory.SOCIAL_LANDLORD: "{commune} Habitat",
            BuyerCategory.PUBLIC_ESTABLISHMENT: "Centre hospitalier de {commune}",
            BuyerCategory.CENTRAL_GOVERNMENT: "Direction départementale des territoires – {commune}",
        }
        buyer_categories = [rng.choice(categories) for _ in range(counts["buyers"])]
        self.buyers = self.organisations(
            OrganisationKind.BUYER,
            counts["buyers"],
            lambda i, commune: f"{buyer_names[buyer_categories[i]].format(commune=commune)} ({i + 1})",
            buyer_category=lambda i: buyer_categories[i],
        )
        suffixes = ["SAS", "SARL", "et Fils", "Services", "Construction"]
        self.companies = self.organisations(
            OrganisationKind.COMPANY,
            counts["companies"],
            lambda i, commune: (
                f"{rng.choice(list(itertools.chain(*TRADES.values())))[1]} {rng.choice(SURNAMES)} "
                f"{rng.choice(suffixes)} n°{i + 1}"
            ),
        )
        structure_kinds = [*StructureKind.siae(), StructureKind.GEIQ, StructureKind.EA, StructureKind.ESAT]
        self.inclusive = self.organisations(
            OrganisationKind.INCLUSIVE,
            counts["inclusive"],
            lambda i, commune: f"Structure d'insertion de {commune} n°{i + 1}",
            structure_kind=lambda i: structure_kinds[i % len(structure_kinds)],
        )
        partner_kinds = list(PartnerKind)
        self.employment_partners = self.organisations(
            OrganisationKind.EMPLOYMENT_PARTNER,
            counts["employment_partners"],
            lambda i, commune: f"{partner_kinds[i % len(partner_kinds)].label} {commune} n°{i + 1}",
            partner_kind=lambda i: partner_kinds[i % len(partner_kinds)],
        )
        self.count(
            "organisations",
            len(self.buyers) + len(self.companies) + len(self.inclusive) + len(self.employment_partners),
        )

    def users(self) -> None:
        """The territory's facilitators."""
        facilitator = self.spec.username("facilitateur")
        rows = [
            User(
                username=facilitator if i == 0 else f"{facilitator}-{i + 1}",
                first_name="Volume",
                last_name=f"Facilitateur {i + 1}",
                role=Role.FACILITATOR,
                territory=self.territory,
                password=self.password,
            )
            for i in range(self.counts["facilitators"])
        ]
        self.facilitators = User.objects.bulk_create(rows, batch_size=BATCH)
        self.count("users", len(rows))

    def readers(self) -> None:
        """The user of the largest buyer, and a national coordination reading every territory, with its user."""
        coordination = Coordination.objects.create(name=VOLUME_COORDINATION, level=CoordinationLevel.NATION)
        common = {"first_name": "Volume", "password": self.password}
        readers = [
            User(username=BUYER_USER, last_name="Acheteur", role=Role.BUYER, organisation=self.buyers[0], **common),
            User(
                username=COORDINATION_USER,
                last_name="Coordination",
                role=Role.COORDINATION,
                coordination=coordination,
                **common,
            ),
        ]
        self.count("users", len(User.objects.bulk_create(readers)))

    # --- contracts ------------------------------------------------------------------------------------------

    def market_dates(self, status) -> dict:
        rng, anchor = self.rng, self.anchor
        months = rng.choice([6, 12, 12, 24, 36, 48])
        dates = {"duration_months": months}
        if status in (Status.PLANNED, Status.PREPARATION):
            dates["publication_date"] = anchor + timedelta(days=rng.randrange(15, 270))
            return dates
        if status in (Status.PUBLISHED, Status.ABANDONED):
            dates["publication_date"] = anchor - timedelta(
                days=rng.randrange(5, 60 if status == Status.PUBLISHED else 900)
            )
            return dates
        if status == Status.AWARDED:
            notification = anchor - timedelta(days=rng.randrange(1, 45))
        elif status == Status.EXECUTION:
            notification = anchor - timedelta(days=rng.randrange(30, 1000))
            months = max(months, (anchor - notification).days // 30 + rng.randrange(2, 24))
        else:  # closed: notified 1 to 7 years ago, ended before this month
            notification = anchor - timedelta(days=rng.randrange(400, 2500))
            months = min(months, max(1, (anchor - notification).days // 30 - 2))
        start = notification + timedelta(days=rng.randrange(10, 45))
        return {
            "duration_months": months,
            "publication_date": notification - timedelta(days=rng.randrange(60, 150)),
            "notification_date": notification,
            "start_date": start,
            "end_date": add_months(start, months),
        }

    def markets(self) -> None:
        rng, counts = self.rng, self.counts
        buyers = Weighted(self.buyers, zipf(len(self.buyers)))
        statuses = Weighted(*zip(*STATUS_WEIGHTS, strict=True))
        natures = Weighted([Nature.WORKS, Nature.SERVICES, Nature.SUPPLIES], [45, 40, 15])
        procedures = [Procedure.ADAPTED] * 3 + [Procedure.OPEN, Procedure.OPEN, Procedure.NEGOTIATED_NOTICE]
        rows = []
        for i in range(counts["markets"]):
            buyer, status, nature = buyers.pick(rng), statuses.pick(rng), natures.pick(rng)
            cpv, trade = rng.choice(TRADES[nature])
            amount = Decimal(round(min(rng.lognormvariate(12.2, 1.3), 60_000_000), -2))
            rows.append(
                Market(
                    territory=self.territory,
                    buyer=buyer,
                    reference=self.spec.reference(i + 1),
                    nature=nature,
                    cpv=cpv,
                    amount=amount,
                    object=OBJECTS[nature].format(trade=trade.lower(), place=rng.choice(PLACES)),
                    contract_type=ContractType.FRAMEWORK if rng.random() < 0.2 else ContractType.MARKET,
                    procedure=rng.choice(procedures),
                    place_postcode=buyer.postcode,
                    status=status,
                    facilitator=self.facilitators[i % len(self.facilitators)],
                    origin=Origin.DECP if rng.random() < 0.3 else Origin.MANUAL,
                    **self.market_dates(status),
                )
            )
        self.market_rows = Market.objects.bulk_create(rows, batch_size=BATCH)
        self.count("markets", len(rows))

    def lots(self) -> None:
        """One lot per contract, the others spread over the contracts, larger ones first."""
        rng, markets = self.rng, self.market_rows
        per_market = [1] * len(markets)
        weights = Weighted(range(len(markets)), [float(m.amount) ** 0.5 for m in markets])
        for _ in range(self.counts["lots"] - len(markets)):
            per_market[weights.pick(rng)] += 1
        rows = []
        for market, count in zip(markets, per_market, strict=True):
            trades = TRADES[market.nature]
            for number in range(1, count + 1):
                cpv, trade = trades[(number - 1) % len(trades)] if count > 1 else (market.cpv, market.object)
                rows.append(
                    Lot(
                        market=market,
                        number=number,
                        cpv=cpv,
                        title=f"Lot {number} – {trade}"[:300],
                        amount=(market.amount / count).quantize(Decimal("0.01")),
                    )
                )
        self.lot_rows = Lot.objects.bulk_create(rows, batch_size=BATCH)
        self.count("lots", len(rows))

    def contractors(self) -> None:
        """Awarded contracts have a holder per lot; some a co-contractor, some an inclusive subcontractor."""
        rng = self.rng
        companies = Weighted(self.companies, zipf(len(self.companies), 0.8))
        awarded = {Status.AWARDED, *FOLLOWED}
        status_of = {market.pk: market.status for market in self.market_rows}
        rows = []
        for lot in self.lot_rows:
            if status_of[lot.market_id] not in awarded:
                continue
            holder = rng.choice(self.inclusive) if rng.random() < 0.1 else companies.pick(rng)
            rows.append(Contractor(lot=lot, organisation=holder, role=ContractorRole.HOLDER, amount=lot.amount))
            if rng.random() < 0.2:
                partner = companies.pick(rng)
                if partner.pk != holder.pk:
                    rows.append(Contractor(lot=lot, organisation=partner, role=ContractorRole.CO_CONTRACTOR))
            if rng.random() < 0.12:
                rows.append(
                    Contractor(lot=lot, organisation=rng.choice(self.inclusive), role=ContractorRole.SUBCONTRACTOR)
                )
        contractors = Contractor.objects.bulk_create(rows, batch_size=BATCH)
        self.contractors_by_lot: dict[int, list[int]] = {}
        self.company_of = {contractor.pk: contractor.organisation_id for contractor in contractors}
        for contractor in contractors:
            self.contractors_by_lot.setdefault(contractor.lot_id, []).append(contractor.pk)
        self.count("contractors", len(contractors))

    # --- considerations -------------------------------------------------------------------------------------

    def consideration(self, market, lot, kind) -> Consideration:
        rng = self.rng
        amount = lot.amount if lot else market.amount
        fields = {
            "kind": kind,
            "unit": UNITS[kind],
            "legal_basis": LegalBasis.EXECUTION_CONDITION,
            "status": CONSIDERATION_STATUS[market.status],
            "start_date": market.start_date,
            "end_date": market.end_date,
            "objective": "Objectif fixé au CCAP.",
        }
        if kind == Kind.INSERTION_HOURS:
            share, rate = Decimal(rng.choice(["0.3", "0.4", "0.5", "0.6"])), Decimal("0.05")
            fields.update(
                calc_amount=amount,
                calc_labour_share=share,
                calc_hourly_cost=Decimal(30),
                calc_insertion_rate=rate,
                target=insertion_hours(amount, share, Decimal(30), rate),
                penalty_per_unit=Decimal(rng.choice([30, 45, 60])),
                eligible_list=self.eligible_list,
                modalities=[Modality.DIRECT_HIRING, Modality.PLACEMENT, Modality.SUBCONTRACTING],
            )
        elif kind in (Kind.SOCIAL_ACTIONS, Kind.PROGRESS_PLAN):
            offered = rng.sample(list(SocialAction), 3)
            fields.update(
                target=rng.randrange(2, 12),
                actions_offered=offered,
                actions_quantity=3,
                penalty_per_unit=Decimal(500),
                link_justification="Actions menées sur le chantier.",
            )
            if kind == Kind.PROGRESS_PLAN:
                fields["progress_axes"] = "Insertion : deux parcours par an\nÉgalité : féminiser les équipes"
        elif kind == Kind.RESERVED_MARKET:
            disability = rng.random() < 0.3
            fields.update(
                legal_basis=LegalBasis.RESERVED_DISABILITY if disability else LegalBasis.RESERVED_SIAE,
                reserved_structures=["ea", "esat"] if disability else ["aci", "ei", "etti"],
                target=Decimal(100),
            )
        elif kind == Kind.INSERTION_PURCHASE:
            fields.update(
                legal_basis=LegalBasis.INSERTION_PURCHASE,
                positions=rng.randrange(2, 10),
                purchase_hours=rng.randrange(500, 5000),
                target=rng.randrange(2, 10),
                support_activity="Entretien des espaces verts",
            )
        else:  # illiteracy, diversity
            fields.update(
                target=rng.randrange(5, 40),
                required_actions="Sensibilisation et formation",
                commitments="Au moins 30 % de femmes parmi les participants.",
                link_justification="Actions pour les équipes affectées au marché.",
            )
        return Consideration(market=market, lot=lot, **fields)

    def considerations(self) -> None:
        """Most go to works and larger contracts; one of each kind per contract at most."""
        rng = self.rng
        self.categories = list(self.eligible_list.categories.order_by("pk"))
        lots_of: dict[int, list[Lot]] = {}
        for lot in self.lot_rows:
            lots_of.setdefault(lot.market_id, []).append(lot)
        markets = Weighted(
            self.market_rows,
            [(3 if m.nature == Nature.WORKS else 1) * math.log10(float(m.amount) + 10) for m in self.market_rows],
        )
        kinds = Weighted(*zip(*KIND_WEIGHTS, strict=True))
        used, rows = set(), []
        for _ in range(self.counts["considerations"] * 20):  # bounded: collisions only skip
            if len(rows) == self.counts["considerations"]:
                break
            market, kind = markets.pick(rng), kinds.pick(rng)
            if (market.pk, kind) in used:
                continue
            used.add((market.pk, kind))
            lots = lots_of[market.pk]
            lot = rng.choice(lots) if len(lots) > 1 and rng.random() < 0.3 else None
            rows.append(self.consideration(market, lot, kind))
        self.consideration_rows = Consideration.objects.bulk_create(rows, batch_size=BATCH)
        self.count("considerations", len(rows))
        # eligible publics retained by the insertion clauses: most of the list (a bit mask for the hour lines)
        through, self.category_mask = Consideration.eligible_categories.through, {}
        links = []
        for consideration in self.consideration_rows:
            if consideration.kind != Kind.INSERTION_HOURS:
                continue
            retained = rng.sample(range(len(self.categories)), rng.randrange(5, len(self.categories) + 1))
            self.category_mask[consideration.pk] = sum(1 << i for i in retained)
            links += [
                through(consideration_id=consideration.pk, eligiblecategory_id=self.categories[i].pk) for i in retained
            ]
        through.objects.bulk_create(links, batch_size=BATCH * 5)

    # --- follow-up ------------------------------------------------------------------------------------------

    def participants(self) -> None:
        rng, anchor = self.rng, self.anchor
        outcomes = list(ExitOutcome)
        rows = []
        for i in range(self.counts["participants"]):
            sex = "M" if rng.random() < 0.62 else "F"
            entry = anchor - timedelta(days=rng.randrange(1, 6 * 365))
            exit_date = entry + timedelta(days=rng.randrange(60, 700)) if rng.random() < 0.35 else None
            if exit_date and exit_date > anchor:
                exit_date = None
            postcode, _ = rng.choice(COMMUNES)
            rows.append(
                Participant(
                    territory=self.territory,
                    reference=f"{PARTICIPANT_PREFIX}{i + 1:07d}",
                    sex=sex,
                    first_name=rng.choice(FIRST_NAMES[sex]),
                    last_name=rng.choice(SURNAMES),
                    birth_year=rng.randrange(1962, 2008),
                    postcode=postcode,
                    qpv_resident=rng.random() < 0.3,
                    entry_date=entry,
                    exit_date=exit_date,
                    exit_outcome=rng.choice(outcomes) if exit_date else "",
                    prescriber=rng.choice(self.employment_partners) if rng.random() < 0.85 else None,
                )
            )
        self.participant_ids = [p.pk for p in Participant.objects.bulk_create(rows, batch_size=BATCH)]
        self.count("participants", len(rows))
        through, links, self.participant_mask = Participant.eligible_categories.through, [], []
        for pk in self.participant_ids:
            chosen = rng.sample(range(len(self.categories)), rng.choice([0, 1, 1, 1, 2, 2, 3]))
            self.participant_mask.append(sum(1 << i for i in chosen))
            links += [through(participant_id=pk, eligiblecategory_id=self.categories[i].pk) for i in chosen]
        through.objects.bulk_create(links, batch_size=BATCH * 5)

    def followed(self, kinds) -> list[tuple[Consideration, list[int], int, int]]:
        """(consideration, its contractors, first month, last month) of contracts in execution or closed."""
        market_of = {market.pk: market for market in self.market_rows}
        lots_of: dict[int, list[int]] = {}
        for lot in self.lot_rows:
            lots_of.setdefault(lot.market_id, []).append(lot.pk)
        last = month_index(self.anchor)
        rows = []
        for consideration in self.consideration_rows:
            market = market_of[consideration.market_id]
            if consideration.kind not in kinds or market.status not in FOLLOWED:
                continue
            lots = [consideration.lot_id] if consideration.lot_id else lots_of[market.pk]
            contractors = [pk for lot in lots for pk in self.contractors_by_lot.get(lot, [])]
            first, end = month_index(market.start_date), min(month_index(market.end_date), last)
            if contractors and first <= end:
                rows.append((consideration, contractors, first, end))
        return rows

    def hour_rows(self, pairs, hiring_of):
        """The monthly hour lines: pathways of 3 to 14 months of one participant with one contractor, spread
        over the insertion clauses in proportion to their targets. Yields tuples in HOURS_COLUMNS order, with the
        hiring of ``hiring_of``; records in ``pairs`` the first month and checker of each participant's hiring by
        each company."""
        rng, total = self.rng, self.counts["hours"]
        clauses = self.followed({Kind.INSERTION_HOURS})
        if not clauses:
            return
        picker = Weighted(clauses, [float(c.target or 1) ** 0.7 for c, *_ in clauses])
        facilitator_of = {market.pk: market.facilitator_id for market in self.market_rows}
        rates = {
            key: Decimal(value) for key, value in ModalityConversion.objects.values_list("modality", "hours_per_hour")
        }
        details = list(ModalityDetail)
        detail_index = {detail: i for i, detail in enumerate(details)}
        last_month = month_index(self.anchor) - 1
        seen, produced = set(), 0
        for _ in range(total):  # bounded: each pathway yields at least one line unless it collides
            if produced >= total:
                break
            consideration, contractors, first, end = picker.pick(rng)
            contractor, detail = rng.choice(contractors), rng.choice(details)
            participant_index = rng.randrange(len(self.participant_ids))
            participant = self.participant_ids[participant_index]
            eligible = bool(self.participant_mask[participant_index] & self.category_mask[consideration.pk])
            rate = rates.get(MODALITY_OF_DETAIL[detail], Decimal(1))
            start = rng.randrange(first, end + 1)
            # the participant's hiring by the company: the first month of its lines, checked by the facilitator
            pair = (participant_index, self.company_of[contractor])
            hiring = pairs.setdefault(pair, [start, facilitator_of[consideration.market_id]])
            hiring[0] = min(hiring[0], start)
            for index in range(start, min(end, start + rng.randrange(3, 15)) + 1):
                key = ((contractor * 2**32 + participant) * 2**16 + index) * 16 + detail_index[detail]
                if key in seen or produced >= total:
                    continue
                seen.add(key)
                produced += 1
                month = month_of(index)
                worked = Decimal(rng.randrange(2000, 15167)) / 100
                declared_at = datetime(month.year, month.month, 1, 9, tzinfo=UTC) + timedelta(days=35)
                validated = index < last_month
                yield (
                    consideration.pk,
                    contractor,
                    participant,
                    month,
                    worked,
                    detail.value,
                    rate,
                    hiring_of.get(pair),
                    eligible,
                    HoursStatus.VALIDATED if validated else HoursStatus.DECLARED,
                    declared_at,
                    facilitator_of[consideration.market_id] if validated else None,
                    declared_at + timedelta(days=7) if validated else None,
                )

    def hours(self) -> None:
        """The hirings, then the hour lines that name them: the lines are drawn twice from the same random state,
        first for the hirings they need (each step commits: a line's hiring must exist before it)."""
        state, pairs = self.rng.getstate(), {}
        for _ in self.hour_rows(pairs, {}):
            pass
        hiring_of = self.hire(pairs)
        self.rng.setstate(state)
        self.count(
            "hours", insert_rows(RealisedHours, HOURS_COLUMNS, self.hour_rows(pairs, hiring_of), analyse=HOURS_READ)
        )

    def hire(self, pairs) -> dict[tuple[int, int], int]:
        """A hiring per participant and company with lines, from the first month of its lines, checked by the
        contract's facilitator with the participant's publics; returns their ids by (participant index, company)."""
        rows, through = [], Hiring.categories.through
        for (participant_index, company), (first, checker) in pairs.items():
            hired_on = month_of(first)
            rows.append(
                Hiring(
                    participant_id=self.participant_ids[participant_index],
                    company_id=company,
                    hired_on=hired_on,
                    proof_kind=ProofKind.PRESCRIBER,
                    proof_date=hired_on - timedelta(days=5),
                    checked_by_id=checker,
                    checked_at=datetime(hired_on.year, hired_on.month, 1, 9, tzinfo=UTC),
                )
            )
        hirings = Hiring.objects.bulk_create(rows, batch_size=BATCH)
        links = [
            through(hiring_id=hiring.pk, eligiblecategory_id=category.pk)
            for hiring, (participant_index, _) in zip(hirings, pairs, strict=True)
            for i, category in enumerate(self.categories)
            if self.participant_mask[participant_index] & (1 << i)
        ]
        through.objects.bulk_create(links, batch_size=BATCH * 5)
        self.count("hirings", len(hirings))
        return {pair: hiring.pk for pair, hiring in zip(pairs, hirings, strict=True)}

    def actions(self) -> None:
        rng = self.rng
        clauses = self.followed(
            {Kind.SOCIAL_ACTIONS, Kind.PROGRESS_PLAN, Kind.DIVERSITY, Kind.ILLITERACY, Kind.INSERTION_PURCHASE}
        )
        if not clauses:
            return
        picker = Weighted(clauses, [3 if c.kind == Kind.SOCIAL_ACTIONS else 1 for c, *_ in clauses])
        facilitator_of = {market.pk: market.facilitator_id for market in self.market_rows}
        rows = []
        for _ in range(self.counts["actions"]):
            consideration, contractors, first, end = picker.pick(rng)
            month = month_of(rng.randrange(first, end + 1))
            people = rng.randrange(1, 26)
            rows.append(
                RealisedAction(
                    consideration=consideration,
                    date=month + timedelta(days=rng.randrange(0, 28)),
                    action_type=rng.choice(consideration.actions_offered or list(SocialAction)),
                    lot_id=consideration.lot_id,
                    contractor_id=rng.choice(contractors),
                    people_reached=people,
                    women_reached=rng.randrange(0, people + 1),
                    description="Action réalisée.",
                    proof="feuille d'émargement",
                    recorded_by_id=facilitator_of[consideration.market_id],
                )
            )
        actions = RealisedAction.objects.bulk_create(rows, batch_size=BATCH)
        self.count("actions", len(actions))
        through, links = RealisedAction.participants.through, []
        for action in actions:
            if rng.random() < 0.15:
                chosen = rng.sample(self.participant_ids, rng.randrange(1, 4))
                links += [through(realisedaction_id=action.pk, participant_id=pk) for pk in chosen]
        through.objects.bulk_create(links, batch_size=BATCH * 5)

    def plans_and_penalties(self) -> None:
        """Yearly progress-plan axes (the last one awaiting its evaluation) and penalty decisions on a tenth of
        the closed insertion clauses."""
        rng, year_now = self.rng, self.anchor.year
        entries, decisions = [], []
        for consideration, _, first, end in self.followed({Kind.PROGRESS_PLAN}):
            for year in range(max(first // 12, year_now - 2), end // 12 + 1):
                for axis in ("Insertion", "Égalité"):
                    evaluated = year < year_now - 1 or rng.random() < 0.5
                    entries.append(
                        ProgressPlanEntry(
                            consideration=consideration,
                            year=year,
                            axis=axis,
                            planned_actions="Actions prévues.",
                            indicators="personnes accueillies",
                            evaluation=rng.choice(list(Evaluation)) if evaluated else "",
                        )
                    )
        # the CCAG 2021 procedure (followup.penalties): notice, answer (or none within the 15 days), decision
        notice = self.anchor - timedelta(days=60)
        deadline = notice + timedelta(days=15)
        for consideration, *_ in self.followed({Kind.INSERTION_HOURS}):
            if consideration.status == ConsiderationStatus.CLOSED and rng.random() < 0.1:
                missing = Decimal(rng.randrange(10, 500))
                waive, answered = rng.random() < 0.3, rng.random() < 0.6
                computed = missing * consideration.penalty_per_unit
                decisions.append(
                    PenaltyDecision(
                        consideration=consideration,
                        missing_units=missing,
                        computed_amount=computed,
                        notice_date=notice,
                        answer_deadline=deadline,
                        answer_date=notice + timedelta(days=10) if answered else deadline + timedelta(days=1),
                        answer="Un sous-traitant a fait défaut en fin de chantier." if answered else "",
                        no_answer=not answered,
                        decision=PenaltyChoice.WAIVE if waive else PenaltyChoice.APPLY,
                        amount=None if waive else computed,
                        reason="Défaillance d'un sous-traitant." if waive else "",
                        decided_on=deadline + timedelta(days=5),
                    )
                )
        ProgressPlanEntry.objects.bulk_create(entries, batch_size=BATCH)
        PenaltyDecision.objects.bulk_create(decisions, batch_size=BATCH)
        self.count("plan_entries", len(entries))
        self.count("penalty_decisions", len(decisions))

    def build(self) -> dict[str, int]:
        """The shared partners, each territory in turn (the first one drawn first: the same at a given scale and
        seed as when it was alone), then the readers; returns the counts of the whole volume."""
        self.password = make_password(DEMO_PASSWORD)
        self.partners()
        self.eligible_list = seed_eligible_list()
        for spec in VOLUME_TERRITORIES:
            self.spec, self.counts = spec, scaled(self.scale * spec.share)
            self.territory = Territory.objects.get_or_create(
                name=spec.name, defaults={"carrier": spec.carrier, "departments": [spec.department]}
            )[0]
            for step in (
                self.users,
                self.markets,
                self.lots,
                self.contractors,
                self.considerations,
                self.participants,
                self.hours,
                self.actions,
                self.plans_and_penalties,
            ):
                step()
                analyse()
        self.readers()
        self.count("territories", len(VOLUME_TERRITORIES))
        return self.created


def analyse() -> None:
    """ANALYZE of Levier's tables between the loading steps: the load is one transaction, which autovacuum cannot
    see, and the triggers of the next step (territories.copies, followup.summaries) would otherwise be planned on
    tables the planner believes empty, and scan them for every row."""
    tables = {model._meta.db_table for model in apps.get_models(include_auto_created=True)}
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {', '.join(sorted(tables))}")


def settle() -> None:
    """After the loading transaction: VACUUM ANALYZE, so that the planner sees the new volume and the tables have
    the visibility maps and hint bits autovacuum gives a database in service (the first readings would otherwise
    pay for them)."""
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


# What the hour lines' triggers read (followup.summaries, territories.copies): analysed before each chunk.
HOURS_READ = (
    "clauses_consideration",
    "markets_market",
    "markets_contractor",
    "partners_participant",
    "clauses_hourssummary",
    "clauses_countedparticipation",
    "clauses_countedparticipant",
    "clauses_actionsummary",
    "clauses_realisedfigures",
)


def insert_rows(model, columns: list[str], rows, analyse: tuple[str, ...] = ()) -> int:
    """Writes many rows (tuples in the order of ``columns``, attribute names) with PostgreSQL's COPY, in chunks.
    bulk_create prepares every value through its field: too slow for a million lines.
    COPY cannot write a table under row-level security (territories.row_security): each chunk is copied into a
    temporary table without it, then inserted from there in one statement, which the policies check and the
    summary triggers see as one INSERT.
    One COPY a chunk, each chunk drawn before its COPY starts: ``rows`` may query the database (hour_rows does),
    which it cannot do while a COPY holds the connection (psycopg 3 would wait on the connection's lock forever).
    The tables of ``analyse`` are analysed after each chunk: the load is one transaction, which autovacuum cannot
    see; on tables it believes empty the planner of the next chunk's triggers would scan them for every row."""
    count, table = 0, model._meta.db_table
    names = ", ".join(model._meta.get_field(column).column for column in columns)
    chunks = iter(lambda: list(itertools.islice(rows, COPY_CHUNK)), [])
    with connection.cursor() as cursor:
        if analyse:
            cursor.execute(f"ANALYZE {', '.join(analyse)}")
        cursor.execute(f"CREATE TEMPORARY TABLE staging AS SELECT {names} FROM {table} WITH NO DATA")
        try:
            for chunk in chunks:
                with cursor.copy(f"COPY staging ({names}) FROM STDIN") as copy:
                    copy.write("".join("\t".join(map(copy_text, row)) + "\n" for row in chunk))
                cursor.execute(f"INSERT INTO {table} ({names}) SELECT {names} FROM staging")
                cursor.execute("TRUNCATE staging")
                if analyse:
                    cursor.execute(f"ANALYZE {', '.join(analyse)}")
                count += len(chunk)
        finally:
            cursor.execute("DROP TABLE staging")
    return count


def copy_text(value) -> str:
    """A value in COPY's text format (None is \\N; no value here holds a tab or a new line)."""
    if value is None:
        return r"\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    return value.isoformat() if isinstance(value, date | datetime) else str(value)


def build_volume(scale: float, seed: int = 2026) -> dict[str, int]:
    """Builds the volume territory at this scale (the caller decides the transaction) and returns the counts."""
    return VolumeBuilder(scale, seed).build()


def sample_pages() -> list[tuple[str, str, str, str]]:
    """The pages the benchmark and the query-count tests request on the volume data: (key, label, user name,
    URL). The contract is the first territory's with the most hour lines, the company the one holding the most
    lots, the buyer the largest one (the volume buyer user's), the year the last full one: the heaviest cases;
    the coordination's home reads the three territories."""
    year = date.today().year - 1
    buyer = Organisation.objects.get(users__username=BUYER_USER)
    contract = (
        Market.objects.filter(territory__name=VOLUME_TERRITORY, reference__startswith=MARKET_PREFIX)
        .annotate(lines=Count("considerations__hours_lines"))
        .order_by("-lines", "pk")
        .first()
    )
    company = (
        Organisation.objects.filter(siret__startswith=SIRET_PREFIX, kind=OrganisationKind.COMPANY)
        .annotate(lots=Count("contracts_held"))
        .order_by("-lots", "pk")
        .first()
    )
    return [
        ("home", "accueil du facilitateur", FACILITATOR, reverse("home")),
        ("buyer_home", "tableau de bord de l'acheteur", BUYER_USER, reverse("home")),
        (
            "market_list",
            "marchés d'un acheteur pour une année",
            FACILITATOR,
            f"{reverse('markets:list')}?buyer={buyer.pk}&year={year}",
        ),
        ("market", "page d'un marché", FACILITATOR, reverse("markets:detail", args=[contract.pk])),
        ("company", "page d'une entreprise", FACILITATOR, reverse("reporting:company", args=[company.pk])),
        ("reports", f"/rapports/ pour {year}", FACILITATOR, f"{reverse('reporting:reports')}?year={year}"),
        ("coordination_home", "accueil de la coordination nationale", COORDINATION_USER, reverse("home")),
        # last: at 8 users, the PDFs still being drawn when its time is up would slow the next page down
        ("market_pdf", "PDF du bilan d'un marché", FACILITATOR, reverse("reporting:market_report", args=[contract.pk])),
    ]
