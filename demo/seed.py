"""Loads the demo territory. Every step is keyed on natural keys, so running it twice changes nothing."""

from django.db import transaction

from accounts.models import User
from markets.models import Contractor, Lot, Market
from partners.enums import OrganisationKind
from partners.models import Contact, Organisation
from partners.siret import make_siret

from . import territory
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


def seed_partners() -> dict[str, Organisation]:
    buyers = {}
    for key, name, category, number, postcode, commune in territory.BUYERS:
        buyers[key] = upsert_organisation(
            OrganisationKind.BUYER, name, number, postcode, commune, buyer_category=category
        )
        add_contacts(buyers[key], territory.BUYER_CONTACTS.get(key, []))
    for name, number, postcode, commune in territory.COMPANIES:
        upsert_organisation(OrganisationKind.COMPANY, name, number, postcode, commune)
    for name, kind, number, postcode, commune in territory.INCLUSIVE_STRUCTURES:
        upsert_organisation(OrganisationKind.INCLUSIVE, name, number, postcode, commune, structure_kind=kind)
    for name, kind, postcode, commune, contacts in territory.EMPLOYMENT_PARTNERS:
        partner, _ = Organisation.objects.update_or_create(
            name=name,
            kind=OrganisationKind.EMPLOYMENT_PARTNER,
            defaults={"partner_kind": kind, "postcode": postcode, "commune": commune},
        )
        add_contacts(partner, contacts)
    return buyers


def seed_users(buyers) -> dict[str, User]:
    users = {}
    for username, first_name, last_name, role, buyer_key in territory.USERS:
        user, created = User.objects.update_or_create(
            username=username,
            defaults={
                "first_name": first_name,
                "last_name": last_name,
                "role": role,
                "organisation": buyers.get(buyer_key),
                "email": f"{username}@example.org",
                "is_superuser": role == "admin",
            },
        )
        if created:
            user.set_password(territory.DEMO_PASSWORD)
            user.save(update_fields=["password"])
        users[username] = user
    return users


def seed_markets(buyers, facilitators) -> list[Market]:
    companies = {
        o.name: o for o in Organisation.objects.filter(kind__in=[OrganisationKind.COMPANY, OrganisationKind.INCLUSIVE])
    }
    markets = []
    for index, row in enumerate(territory.MARKETS):
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
    buyers = seed_partners()
    users = seed_users(buyers)
    markets = seed_markets(buyers, [users["facilitateur"], users["facilitateur2"]])
    seed_clauses()
    seed_followup()
    seed_reporting()
    return {"organisations": Organisation.objects.count(), "users": len(users), "markets": len(markets)}
