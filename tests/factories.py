"""factory_boy factories shared by the test modules."""

import itertools
from datetime import date
from decimal import Decimal

import factory

from accounts.models import Role, User
from markets.models import Contractor, Lot, Market
from partners.models import Contact, Organisation
from partners.siret import make_siret
from territories.models import Coordination, Territory

_siret_numbers = itertools.count(10_000_000)


def home_territory() -> Territory:
    """The territory of the suite's objects unless a test names another: one per test database."""
    return Territory.objects.get_or_create(name="Saint-Aubin Emploi", defaults={"carrier": "PLIE de Saint-Aubin"})[0]


class TerritoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Territory

    name = factory.Sequence(lambda n: f"Territoire n°{n}")
    carrier = factory.Sequence(lambda n: f"Maison de l'emploi n°{n}")
    departments = ["37"]


class CoordinationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Coordination

    name = factory.Sequence(lambda n: f"Coordination n°{n}")
    level = "region"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    kind = "company"
    name = factory.Sequence(lambda n: f"Entreprise {n}")
    siret = factory.LazyFunction(lambda: make_siret(next(_siret_numbers)))
    postcode = "37000"
    commune = "Tours"


class BuyerFactory(OrganisationFactory):
    kind = "buyer"
    name = factory.Sequence(lambda n: f"Ville n°{n}")
    buyer_category = "collectivite"


class InclusiveFactory(OrganisationFactory):
    kind = "inclusive"
    structure_kind = "ei"


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Contact {n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    role = Role.FACILITATOR
    territory = factory.Maybe(
        factory.LazyAttribute(lambda user: user.role in (Role.FACILITATOR, Role.ADMIN)),
        yes_declaration=factory.LazyFunction(home_territory),
        no_declaration=None,
    )
    password = factory.PostGenerationMethodCall("set_password", "demo-levier")

    @factory.post_generation
    def saved(self, create, extracted, **kwargs):
        if create:
            self.save()


class MarketFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Market

    territory = factory.LazyFunction(home_territory)
    buyer = factory.SubFactory(BuyerFactory)
    reference = factory.Sequence(lambda n: f"2026-M-{n:04d}")
    object = factory.Sequence(lambda n: f"Travaux de rénovation n°{n}")
    nature = "travaux"
    amount = Decimal("1000000")
    duration_months = 12
    notification_date = date(2026, 3, 1)
    status = "execution"


class LotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Lot

    market = factory.SubFactory(MarketFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = "Lot unique"
    amount = Decimal("500000")


class ContractorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contractor

    lot = factory.SubFactory(LotFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = "titulaire"


class DecpMarketFactory(MarketFactory):
    """A contract as the DECP import leaves it: complete enough to be exported again."""

    origin = "decp"
    reference = factory.Sequence(lambda n: f"D{n:06d}")
    cpv = "45210000-2"
    procedure = "Procédure adaptée"
    place_postcode = "37000"
    published_considerations = "Clause sociale"
    contract_type = "marche"
    decp_publication = factory.LazyAttribute(
        lambda market: CONCESSION_PUBLICATION if market.contract_type == "concession" else MARCHE_PUBLICATION
    )


# What a DECP record gives of the fields Levier does not follow (markets.decp.publication).
MARCHE_PUBLICATION = {
    "techniques": ["Sans objet"],
    "modalitesExecution": ["Sans objet"],
    "marcheInnovant": False,
    "ccag": "Travaux",
    "offresRecues": 3,
    "attributionAvance": False,
    "typeGroupementOperateurs": "Pas de groupement",
    "typesPrix": ["Définitif révisable"],
    "formePrix": "Forfaitaire",
    "considerationsEnvironnementales": ["Pas de considération environnementale"],
}
CONCESSION_PUBLICATION = {
    "considerationsEnvironnementales": ["Clause environnementale"],
    "montantSubventionPublique": 0.0,
}


class EligibleListFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "partners.EligibleList"

    name = factory.Sequence(lambda n: f"Publics éligibles {n}")
    source = "CCAG 2021 §16.1"
    valid_from = date(2021, 4, 1)


class EligibleCategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "partners.EligibleCategory"

    eligible_list = factory.SubFactory(EligibleListFactory)
    code = factory.Sequence(lambda n: f"categorie-{n}")
    label = factory.Sequence(lambda n: f"Catégorie {n}")


class ConsiderationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "clauses.Consideration"

    market = factory.SubFactory(MarketFactory)
    kind = "insertion_hours"
    legal_basis = "execution"
    target = Decimal("833")
    unit = "hours"
    penalty_per_unit = Decimal("50")
    status = "retenue"  # written into the tender documents: it counts (clauses.counting)


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "partners.Participant"
        skip_postgeneration_save = True

    territory = factory.LazyFunction(home_territory)
    reference = factory.Sequence(lambda n: f"P-{n:04d}")
    first_name = factory.Sequence(lambda n: f"Prénom{n}")
    last_name = factory.Sequence(lambda n: f"Nom{n}")
    sex = "F"
    birth_year = 1990
    entry_date = date(2026, 1, 5)

    @factory.post_generation
    def eligible_categories(self, create, extracted, **kwargs):
        if create and extracted:
            self.eligible_categories.set(extracted)


class HiringFactory(factory.django.DjangoModelFactory):
    """A hiring checked long before the suite's months, with the participant's publics unless told otherwise."""

    class Meta:
        model = "followup.Hiring"
        django_get_or_create = ("participant", "company", "hired_on")
        skip_postgeneration_save = True

    participant = factory.SubFactory(ParticipantFactory)
    company = factory.SubFactory(OrganisationFactory)
    hired_on = date(2020, 1, 1)
    proof_kind = "france_travail"
    proof_date = date(2019, 12, 15)

    @factory.post_generation
    def categories(self, create, extracted, **kwargs):
        if create:
            self.categories.set(self.participant.eligible_categories.all() if extracted is None else extracted)


class RealisedHoursFactory(factory.django.DjangoModelFactory):
    """A line as judged (``eligible``) by its participant's hiring at the contractor (``hiring=None``: to check)."""

    class Meta:
        model = "followup.RealisedHours"

    consideration = factory.SubFactory(ConsiderationFactory)
    contractor = factory.SubFactory(
        ContractorFactory, lot=factory.SubFactory(LotFactory, market=factory.SelfAttribute("...consideration.market"))
    )
    participant = factory.SubFactory(ParticipantFactory)
    month = date(2026, 3, 1)
    hours_worked = Decimal("100")
    modality_detail = "cdd"
    eligible = True
    hiring = factory.SubFactory(
        HiringFactory,
        participant=factory.SelfAttribute("..participant"),
        company=factory.SelfAttribute("..contractor.organisation"),
    )


class RealisedActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "followup.RealisedAction"

    consideration = factory.SubFactory(ConsiderationFactory, kind="social_actions", unit="actions", target=Decimal("3"))
    date = date(2026, 4, 10)
    action_type = "visite"
    people_reached = 10
    women_reached = 4


class ProgressPlanEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "followup.ProgressPlanEntry"

    consideration = factory.SubFactory(ConsiderationFactory, kind="progress_plan", target=None, unit="")
    year = 2026
    axis = factory.Sequence(lambda n: f"Axe {n}")
    planned_actions = "Recruter deux personnes en parcours."


class ActionPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "plans.ActionPlan"

    title = factory.Sequence(lambda n: f"Plan d'actions {n}")
    territory = factory.LazyFunction(home_territory)
    area = "Saint-Aubin-sur-Loire"
    start_date = date(2026, 1, 1)
    end_date = date(2026, 12, 31)


class PlanAxisFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "plans.PlanAxis"

    plan = factory.SubFactory(ActionPlanFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = "Diversifier les considérations sociales"
    themes = ["egalite"]
