"""Loads the demo: two territories of one region, the regional coordination above them and their accounts. Every
step is keyed on natural keys, so running it twice changes nothing."""

from django.db import transaction

from accounts.models import ATTACHMENTS, Role, User
from clauses.models import EuThreshold
from clauses.reference_data import seed_eu_thresholds
from markets.models import Contractor, Lot, Market
from partners.enums import OrganisationKind
from partners.models import Contact, Organisation
from partners.siret import make_siret
from territories.models import Coordination, Territory

from . import south, territory
from .clauses import seed_clauses
from .followup import seed_followup
from .reporting import seed_reporting


def upsert_organisation(kind, name, siret_number, postcode, commune, **subkind) -> Organisation:
    organisation, _ = Organisation.objects.update_or_create(
        siret=make_siret(siret_number),
        defaults={"kind": kind, "name": name, "postcode": postcode, "commune": commune, **subkind},
    )
    return organisation


def add_contacts(organisation, contacts) -> None:
    for name, role, email, phone in contacts:
        Contact.objects.update_or_create(
            organisation=organisation, name=name, defaults={"role": role, "email": email, "phone": phone}
        )


def seed_territories() -> tuple[dict[str, Territory], Coordination]:
    # a database seeded before there were territories: the upgrade gave the demo's contracts, participants and
    # facilitators a territory of its own (territories.upgrade), which becomes the first one
    first = territory.TERRITORIES[territory.FIRST]["name"]
    if not Territory.objects.filter(name=first).exists():
        Territory.objects.filter(markets__reference=territory.MARKETS[0][1]).update(name=first)
    territories = {
        key: Territory.objects.update_or_create(name=fields["name"], defaults=fields)[0]
        for key, fields in territory.TERRITORIES.items()
    }
    coordination, _ = Coordination.objects.update_or_create(
        name=territory.COORDINATION["name"], defaults=territory.COORDINATION
    )
    coordination.territories.set(territories.values())
    return territories, coordination


def seed_partners() -> dict[str, Organisation]:
    """The organisations of both territories (one directory: a buyer or a company working in both is one row)."""
    buyers = {}
    for data in (territory, south):
        for key, name, category, number, postcode, commune in data.BUYERS:
            buyers[key] = upsert_organisation(
                OrganisationKind.BUYER, name, number, postcode, commune, buyer_category=category
            )
            add_contacts(buyers[key], data.BUYER_CONTACTS.get(key, []))
        for name, number, postcode, commune in data.COMPANIES:
            upsert_organisation(OrganisationKind.COMPANY, name, number, postcode, commune)
        for name, kind, number, postcode, commune in data.INCLUSIVE_STRUCTURES:
            upsert_organisation(OrganisationKind.INCLUSIVE, name, number, postcode, commune, structure_kind=kind)
        for name, kind, postcode, commune, contacts in data.EMPLOYMENT_PARTNERS:
            partner, _ = Organisation.objects.update_or_create(
                name=name,
                kind=OrganisationKind.EMPLOYMENT_PARTNER,
                defaults={"partner_kind": kind, "postcode": postcode, "commune": commune},
            )
            add_contacts(partner, contacts)
    return buyers


def seed_users(territories, buyers, coordination) -> dict[str, User]:
    """Each account attached to what its role requires (accounts.models.ATTACHMENTS), the other fields empty."""
    attached_to = {"territory": territories, "organisation": buyers, "coordination": {territory.REGION: coordination}}
    users = {}
    for username, first_name, last_name, role, key in territory.USERS:
        attachments = {
            field: attached_to[field][key] if role in roles else None for field, (roles, _) in ATTACHMENTS.items()
        }
        user, created = User.objects.update_or_create(
            username=username,
            defaults={
                "first_name": first_name,
                "last_name": last_name,
                "role": role,
                **attachments,
                "email": f"{username}@example.org",
                # the territory's admin and the platform's reach the Django admin with every permission
                "is_superuser": role == Role.PLATFORM,
            },
        )
        if created:
            user.set_password(territory.DEMO_PASSWORD)
            user.save(update_fields=["password"])
        users[username] = user
    return users


def seed_markets(service, rows, buyers, facilitators) -> list[Market]:
    """The contracts of the territory ``service``, shared in turn between its facilitators."""
    companies = {
        o.name: o for o in Organisation.objects.filter(kind__in=[OrganisationKind.COMPANY, OrganisationKind.INCLUSIVE])
    }
    markets = []
    for index, row in enumerate(rows):
        (
            buyer_key,
            reference,
            object_,
            nature,
            contract_type,
            procedure,
            cpv,
            amount,
            months,
            publication,
            notification,
            start,
            end,
            status,
            lots,
        ) = row
        market, _ = Market.objects.update_or_create(
            buyer=buyers[buyer_key],
            reference=reference,
            defaults={
                "territory": service,
                "object": object_,
                "nature": nature,
                "contract_type": contract_type,
                "procedure": procedure,
                "cpv": cpv,
                "amount": amount,
                "duration_months": months,
                "place_postcode": buyers[buyer_key].postcode,
                "publication_date": publication,
                "notification_date": notification,
                "start_date": start,
                "end_date": end,
                "status": status,
                "facilitator": facilitators[index % len(facilitators)],
                "decp_publication": territory.DECP_PUBLICATION.get(reference, {}),
                **territory.THRESHOLD_FACTS.get(reference, {}),
            },
        )
        for number, title, lot_amount, lot_cpv, contractors in lots:
            lot, _ = Lot.objects.update_or_create(
                market=market, number=number, defaults={"title": title, "amount": lot_amount, "cpv": lot_cpv}
            )
            for name, role, contractor_amount in contractors:
                Contractor.objects.update_or_create(
                    lot=lot, organisation=companies[name], role=role, defaults={"amount": contractor_amount}
                )
        market.ensure_single_lot()
        markets.append(market)
    return markets


@transaction.atomic
def seed_demo() -> dict[str, int]:
    seed_eu_thresholds(EuThreshold)
    territories, coordination = seed_territories()
    buyers = seed_partners()
    users = seed_users(territories, buyers, coordination)
    first, second = territories[territory.FIRST], territories[territory.SOUTH]
    markets = seed_markets(first, territory.MARKETS, buyers, [users["facilitateur"], users["facilitateur2"]])
    markets += seed_markets(second, south.MARKETS, buyers, [users["facilitateur-sud"]])
    seed_clauses(first, second)
    seed_followup(first, second)
    seed_reporting(first)
    return {
        "territories": len(territories),
        "organisations": Organisation.objects.count(),
        "users": len(users),
        "markets": len(markets),
    }
