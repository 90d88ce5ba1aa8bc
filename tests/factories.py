"""factory_boy factories shared by the test modules."""

import itertools
from datetime import date
from decimal import Decimal

import factory

from accounts.models import Role, User
from markets.models import Contractor, Lot, Market
from partners.models import Contact, Organisation
from partners.siret import make_siret

_siret_numbers = itertools.count(10_000_000)


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
    password = factory.PostGenerationMethodCall("set_password", "demo-levier")

    @factory.post_generation
    def saved(self, create, extracted, **kwargs):
        if create:
            self.save()


class MarketFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Market

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
