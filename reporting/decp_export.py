"""Export of a buyer's contracts as DECP 2.0.3 JSON, with the social considerations Levier follows.

``decp_export(buyer, start, end)`` returns ``(document, skipped)``: ``document`` is the
``{"marches": {"marche": [...], "contrat-concession": [...]}}`` object of the contracts notified
in the period, valid against the official schema; ``skipped`` lists the contracts left out and why
(a field the schema requires is missing in Levier: CPV, amount, duration, place, procedure,
contractors...).

``considerationsSociales`` says what clauses.counting counts: the values of the considerations Levier follows that
are written into the tender documents (retained or later), by their legal basis — execution condition (insertion
hours, social actions, illiteracy, diversity, progress plan) and insertion purchase → "Clause sociale"; award
criterion → "Critère social"; reservation (L2113-12 to L2113-15) → "Marché réservé" ("Concession réservée" for a
concession) —, with the social values the buyer published in DECP (``Market.published_considerations``); none →
"Pas de considération sociale".

The file is meant for publication: Levier never invents a value. The fields it does not follow itself (techniques,
CCAG, offers received, price form, environmental considerations…) come from the imported DECP record or from the
facilitator (markets.decp.publication, kept in ``Market.decp_publication``); a contract that still lacks one is
left out and listed with what is missing.
"""

from __future__ import annotations

from datetime import date

from django.db.models import Prefetch
from django.utils import timezone

from clauses.counting import PUBLISHED_SOCIAL
from clauses.enums import LegalBasis
from clauses.models import Consideration
from markets.decp import publication
from markets.decp.normalise import (
    CLAUSE_SOCIALE,
    CRITERE_SOCIAL,
    DEFENCE_OR_SECURITY,
    MARCHE_RESERVE,
    PAS_DE_CONSIDERATION,
)
from markets.enums import ContractorRole, ContractType, Nature, Procedure
from markets.models import Contractor, Lot, Market

CONCESSION_RESERVEE = "Concession réservée"

SOCIAL_VALUE_BY_LEGAL_BASIS = {
    LegalBasis.EXECUTION_CONDITION: CLAUSE_SOCIALE,
    LegalBasis.INSERTION_PURCHASE: CLAUSE_SOCIALE,  # [check] insertion is the object: closest DECP value
    LegalBasis.AWARD_CRITERION: CRITERE_SOCIAL,
    **{basis: MARCHE_RESERVE for basis in LegalBasis.reservations()},
}
MARCHE_PROCEDURES = {p.value for p in list(Procedure)[:6]}
CONCESSION_PROCEDURES = set(Procedure.values) - MARCHE_PROCEDURES
CONCESSION_NATURES = {Nature.WORKS: "Concession de travaux", Nature.SERVICES: "Concession de service"}


def social_considerations(market: Market) -> list[str]:
    """The ``considerationSociale`` values of a contract (its counting considerations prefetched as ``in_levier``)."""
    values = {SOCIAL_VALUE_BY_LEGAL_BASIS[c.legal_basis] for c in market.in_levier}
    values |= set(market.published_consideration_list) & set(PUBLISHED_SOCIAL)
    if market.contract_type == ContractType.CONCESSION and MARCHE_RESERVE in values:
        values = (values - {MARCHE_RESERVE}) | {CONCESSION_RESERVEE}
    return sorted(values) or [PAS_DE_CONSIDERATION]


def _operators(market: Market, wrapper: str) -> list[dict]:
    operators = []
    for lot in market.lots.all():
        for contractor in lot.contractors.all():
            if contractor.role == ContractorRole.SUBCONTRACTOR:
                continue
            organisation = contractor.organisation
            if organisation.siret:
                operator = {"typeIdentifiant": "SIRET", "id": organisation.siret}
            elif organisation.identifier:
                operator = {"typeIdentifiant": organisation.identifier_type, "id": organisation.identifier}
            else:
                continue
            if {wrapper: operator} not in operators:
                operators.append({wrapper: operator})
    return operators


def _missing(market: Market, operators: list, procedures: set[str]) -> list[str]:
    missing = [] if market.buyer.siret else ["SIRET de l'acheteur"]
    if not market.cpv and market.contract_type != ContractType.CONCESSION:
        missing.append("code CPV")
    if not market.amount or market.amount < 1:
        missing.append("montant")
    if not market.duration_months:
        missing.append("durée")
    if not market.place_postcode and market.contract_type != ContractType.CONCESSION:
        missing.append("lieu d'exécution")
    if market.procedure not in procedures:
        missing.append("procédure (vocabulaire DECP)")
    if market.contract_type == ContractType.CONCESSION and market.nature not in CONCESSION_NATURES:
        missing.append("nature (travaux ou services)")
    if not operators:
        missing.append("titulaire identifié")
    if len(market.reference) > 16:
        missing.append("référence de 16 caractères au plus")
    return missing + publication.missing(published_fields(market, operators), publication.kind_of(market.contract_type))


def published_fields(market: Market, operators: list) -> dict:
    return publication.with_facts(market.decp_publication, market.contract_type, len(operators))


def _publication(market: Market, operators: list) -> dict:
    """The fields of markets.decp.publication as the DECP writes them (all present: checked by _missing)."""
    values = published_fields(market, operators)
    return {
        field.key: publication.as_decp(field, values[field.key])
        for field in publication.fields_of(publication.kind_of(market.contract_type))
    }


def marche_nature(market: Market) -> str:
    """The schema's ``nature`` of a marché: its legal form, or « Marché de défense ou de sécurité » (which the
    import reads back as Market.defence_or_security)."""
    if market.defence_or_security:
        return DEFENCE_OR_SECURITY
    return "Marché de partenariat" if market.contract_type == ContractType.PARTNERSHIP else "Marché"


def _marche(market: Market, operators: list, published: str) -> dict:
    return {
        "id": market.reference,
        "acheteur": {"id": market.buyer.siret},
        "nature": marche_nature(market),
        "objet": market.object[:1000],
        "codeCPV": market.cpv,
        **_publication(market, operators),
        "procedure": market.procedure,
        "lieuExecution": {"code": market.place_postcode, "typeCode": "Code postal"},
        "dureeMois": market.duration_months,
        "dateNotification": market.notification_date.isoformat(),
        "datePublicationDonnees": published,
        "montant": float(market.amount),
        "sousTraitanceDeclaree": any(
            c.role == ContractorRole.SUBCONTRACTOR for lot in market.lots.all() for c in lot.contractors.all()
        ),
        "titulaires": operators,
        "considerationsSociales": {"considerationSociale": social_considerations(market)},
    }


def _concession(market: Market, operators: list, published: str) -> dict:
    return {
        "id": market.reference,
        "autoriteConcedante": {"id": market.buyer.siret},
        "nature": CONCESSION_NATURES[market.nature],
        "objet": market.object[:1000],
        "procedure": market.procedure,
        "dureeMois": market.duration_months,
        "dateSignature": market.notification_date.isoformat(),
        "datePublicationDonnees": published,
        "dateDebutExecution": (market.start_date or market.notification_date).isoformat(),
        "valeurGlobale": float(market.amount),
        **_publication(market, operators),
        "concessionnaires": operators,
        "considerationsSociales": {"considerationSociale": social_considerations(market)},
    }


def export_queryset(markets, buyer, start: date, end: date):
    """The buyer's contracts notified between ``start`` and ``end``, with what the export reads (4 queries)."""
    return (
        markets.filter(buyer=buyer, notification_date__range=(start, end))
        .select_related("buyer")
        .prefetch_related(
            Prefetch(
                "considerations",
                to_attr="in_levier",
                queryset=Consideration.objects.counted().only("pk", "market_id", "legal_basis"),
            ),
            Prefetch(
                "lots",
                queryset=Lot.objects.prefetch_related(
                    Prefetch("contractors", queryset=Contractor.objects.select_related("organisation"))
                ),
            ),
        )
        .order_by("notification_date", "reference")
    )


def decp_export(markets, buyer, start: date, end: date) -> tuple[dict, list[tuple[Market, list[str]]]]:
    """DECP document of ``buyer``'s contracts among ``markets`` (already scoped to the user) notified in the period."""
    published = timezone.localdate().isoformat()
    marches, concessions, skipped = [], [], []
    for market in export_queryset(markets, buyer, start, end):
        concession = market.contract_type == ContractType.CONCESSION
        operators = _operators(market, "concessionnaire" if concession else "titulaire")
        missing = _missing(market, operators, CONCESSION_PROCEDURES if concession else MARCHE_PROCEDURES)
        if missing:
            skipped.append((market, missing))
        elif concession:
            concessions.append(_concession(market, operators, published))
        else:
            marches.append(_marche(market, operators, published))
    document = {"marches": {"marche": marches}}
    if concessions:
        document["marches"]["contrat-concession"] = concessions
    return document, skipped
