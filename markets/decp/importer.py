"""Import of a DECP file into the database: buyers, contractors, contracts, lots and modifications.

``import_decp(path)`` reads the file twice, both times streamed (``reader``):

1. ``check_readable``: a file that is not JSON, truncated or with another top level raises
   ``DecpFileError`` before anything is written;
2. the import itself, inside one transaction (an exception anywhere leaves the database as it
   was; ``dry_run`` rolls back at the end and still gives the exact counts).

Records are normalised one by one (``normalise``) and written in batches (``BATCH_SIZE``): for a
batch, the buyers, contractors, contracts, lots, contractor rows and modifications that already
exist are read in one query each, then created with ``bulk_create`` and changed with
``bulk_update``: about 15 queries per 1,000 records, none per record.

Keys: a buyer is found by SIRET (created as a donneur d'ordre whose category is guessed from the
SIREN, see ``rules``); a contractor by SIRET, or by identifier and type for the other identifier
types (TVA, TAHITI...); a contract by buyer + DECP ``id`` (``Market.reference``). Each record counts
as created, updated or unchanged (nothing differs: importing a file twice changes nothing), or
rejected with its reason in the CSV report (record index, id, reason).

Choices: a contractor "SIRET" that fails the checksum rejects the record (as for the buyer), so no
invalid SIRET enters the directory; a record repeating the buyer + ``id`` of an earlier record of
the same file is rejected as a duplicate (the first one wins; the set of keys seen costs about
100 bytes per record). Contractors are only added, never removed (a facilitator may have added a
subcontractor). Buyers keep the name they have, except the placeholder given at creation.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from itertools import islice
from pathlib import Path

from django.db import IntegrityError, transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from markets.enums import ContractorRole, ContractType, Origin, Procedure
from markets.models import Contractor, DecpConflict, Lot, Market, Modification, StatusChange
from partners.enums import IdentifierType, OrganisationKind
from partners.models import Organisation
from partners.spreadsheets import safe_row
from partners.text import fold

from .conflicts import differences as held_differences
from .conflicts import encode
from .normalise import DecpRecord, RejectedRecord, normalise
from .reader import DecpFileError, check_readable, iter_records
from .rules import buyer_category_from_siret, status_from_dates

__all__ = ["BATCH_SIZE", "Held", "ImportResult", "Rejection", "import_decp"]

BATCH_SIZE = 1000
KEPT_REJECTIONS = 200  # shown on the upload page; all of them go to the report file
REPORT_HEADER = ["enregistrement", "id", "motif"]

CENT = Decimal("0.01")
_POSTCODE_RE = re.compile(r"^\d{5}$")
_PROCEDURES = set(Procedure.values)
_OTHER_ID_TYPES = set(IdentifierType.values)
_REFERENCE_MAX = Market._meta.get_field("reference").max_length
_OBJECT_MAX = Market._meta.get_field("object").max_length

CONCURRENT_IMPORT = (
    "Un autre import a enregistré les mêmes acheteurs, entreprises ou marchés pendant celui-ci : "
    "relancez l'import, il reprendra ce qui manque."
)
BUYER_PLACEHOLDER = "Acheteur SIRET {siret}"
PAGE_REASON, COMMAND_REASON = "import DECP (page d'import)", "import DECP (commande)"
HELD = "Marché saisi dans Levier : rien n'est modifié, à arbitrer (garder ou prendre les DECP). "
FOLLOWED_ELSEWHERE = "Marché suivi par un autre territoire de facilitation : laissé tel quel."
COMPANY_PLACEHOLDER = "Entreprise {id_type} {id}"


@dataclass(frozen=True)
class Rejection:
    index: int  # position of the record in the file, from 1
    uid: str
    reason: str


@dataclass(frozen=True)
class Held:
    """A record differing from a contract typed in Levier: not applied, its differences kept for the choice."""

    index: int
    uid: str
    market_id: int
    differences: list  # of conflicts.Difference

    def reason(self) -> str:
        return HELD + " ; ".join(f"{d.label} : « {d.mine} » → « {d.decp} »" for d in self.differences)


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    held: int = 0  # contracts typed in Levier that the DECP would change: to arbitrate (DecpConflict)
    dry_run: bool = False
    report_path: Path | None = None
    rejections: list[Rejection] = field(default_factory=list)  # the first KEPT_REJECTIONS
    held_contracts: list[Held] = field(default_factory=list)  # the first KEPT_REJECTIONS

    def counts(self) -> dict[str, int]:
        return {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rejected": self.rejected,
            "held": self.held,
        }


def import_decp(
    path: str | Path,
    *,
    territory,
    report_path: str | Path | None = None,
    dry_run: bool = False,
    batch_size: int = BATCH_SIZE,
    today: date | None = None,
    user=None,
    change_reason: str = COMMAND_REASON,
) -> ImportResult:
    """Import the DECP file at ``path`` into the contracts ``territory`` follows; raises ``DecpFileError``
    (nothing written) if unreadable, or if a simultaneous import wrote the same rows first. A contract another
    territory follows is left to it, its line rejected. A contract typed in Levier that the record would change is
    held (``DecpConflict``), not changed. Every contract and lot written gets a history version by ``user`` (None
    for the command) with ``change_reason``."""
    check_readable(path)
    result = ImportResult(dry_run=dry_run, report_path=Path(report_path) if report_path else None)
    today = today or timezone.localdate()
    report = open(result.report_path, "w", newline="", encoding="utf-8") if result.report_path else None  # noqa: SIM115
    try:
        writer = csv.writer(report) if report else None
        if writer:
            writer.writerow(REPORT_HEADER)

        def reject(rejection: Rejection) -> None:
            result.rejected += 1
            if len(result.rejections) < KEPT_REJECTIONS:
                result.rejections.append(rejection)
            if writer:
                writer.writerow(safe_row([rejection.index, rejection.uid, rejection.reason]))

        def hold(held: Held) -> None:
            result.held += 1
            if len(result.held_contracts) < KEPT_REJECTIONS:
                result.held_contracts.append(held)
            if writer:
                writer.writerow(safe_row([held.index, held.uid, held.reason()]))

        author = _Author(user, change_reason)

        try:
            with transaction.atomic():
                seen: set[int] = set()
                for batch in _batches(_normalised(iter_records(path), reject, seen), batch_size):
                    _Batch(batch, territory.pk, today, result, reject, hold, author).run()
                if dry_run:
                    transaction.set_rollback(True)
        except IntegrityError as exc:  # another import created the same buyer, company or contract meanwhile
            raise DecpFileError(CONCURRENT_IMPORT) from exc
    finally:
        if report:
            report.close()
    return result


def _normalised(records: Iterable[tuple[str, object]], reject, seen: set[int]) -> Iterator[tuple[int, DecpRecord]]:
    for index, (kind, raw) in enumerate(records, start=1):
        try:
            record = normalise(kind, raw)
        except RejectedRecord as exc:
            reject(Rejection(index, exc.uid, exc.reason))
            continue
        key = hash((record.buyer_siret, record.uid))
        if key in seen:
            reject(
                Rejection(
                    index,
                    record.uid,
                    "Doublon : un enregistrement précédent du fichier a le même "
                    "acheteur et le même id ; le premier est retenu.",
                )
            )
            continue
        seen.add(key)
        yield index, record


def _batches(items: Iterator, size: int) -> Iterator[list]:
    while batch := list(islice(items, size)):
        yield batch


def _money(value: Decimal | None) -> Decimal | None:
    return None if value is None else value.quantize(CENT)


def _record_problem(record: DecpRecord) -> str | None:
    """Reasons a normalised record cannot become a contract (checked before any query)."""
    if len(record.uid) > _REFERENCE_MAX:
        return f"Identifiant trop long ({len(record.uid)} caractères, {_REFERENCE_MAX} au plus) : {record.uid}"
    if not record.nature:
        return (
            f"Nature indéterminée : « {record.raw_nature or '(absente)'} » sans code CPV exploitable "
            "(travaux, fournitures ou services)."
        )
    for contractor in record.contractors:
        if contractor.id_type == "SIRET" and not contractor.valid:
            return f"SIRET du titulaire invalide : {contractor.id or '(absent)'}"
        if contractor.id_type != "SIRET" and contractor.id_type not in _OTHER_ID_TYPES:
            return f"Type d'identifiant du titulaire inconnu : {contractor.id_type}"
        if not contractor.id:
            return "Identifiant du titulaire absent."
    return None


def _contract_type(record: DecpRecord) -> str:
    if record.kind == "concession":
        return ContractType.CONCESSION
    if fold(record.raw_nature) == fold("Marché de partenariat"):
        return ContractType.PARTNERSHIP
    return ContractType.MARKET


def _market_values(record: DecpRecord, today: date) -> dict:
    """The fields of ``Market`` that the DECP record decides."""
    return {
        "object": record.object[:_OBJECT_MAX] or f"Marché {record.uid}",
        "nature": record.nature,
        "contract_type": _contract_type(record),
        "procedure": record.procedure if record.procedure in _PROCEDURES else "",
        "cpv": record.cpv,
        "amount": _money(record.amount),
        "duration_months": record.duration_months,
        "place_postcode": record.place_postcode if _POSTCODE_RE.match(record.place_postcode) else "",
        "notification_date": record.notification_date,
        "status": status_from_dates(record.notification_date, record.duration_months, today),
        "published_considerations": ", ".join(sorted(record.social_considerations)),
        "decp_publication": record.publication,
        "defence_or_security": record.defence_or_security,
    }


MARKET_FIELDS = [
    "object",
    "nature",
    "contract_type",
    "procedure",
    "cpv",
    "amount",
    "duration_months",
    "place_postcode",
    "notification_date",
    "status",
    "published_considerations",
    "decp_publication",
    "defence_or_security",
]


@dataclass(frozen=True)
class _Author:
    """Who the history versions of the import name, and why."""

    user: object
    reason: str

    def history(self) -> dict:
        return {"default_user": self.user, "default_change_reason": self.reason}


def _contractor_key(contractor) -> tuple[str, str]:
    return contractor.id_type, contractor.id


class _Batch:
    """One batch of normalised records, written with a fixed number of queries."""

    def __init__(
        self,
        items: list[tuple[int, DecpRecord]],
        territory_id: int,
        today: date,
        result: ImportResult,
        reject,
        hold,
        author: _Author,
    ):
        self.territory_id = territory_id
        self.today = today
        self.result = result
        self.reject = reject
        self.hold = hold
        self.author = author
        self.items: list[tuple[int, DecpRecord]] = []
        for index, record in items:
            problem = _record_problem(record)
            if problem:
                reject(Rejection(index, record.uid, problem))
            else:
                self.items.append((index, record))

    def run(self) -> None:
        if not self.items:
            return
        buyers = self._buyers()
        contractors = self._contractors()
        markets, created, changed = self._markets(buyers)
        changed |= self._lots_and_contractors(markets, contractors, created)
        changed |= self._modifications(markets, created)
        for _index, record in self.items:
            key = (record.buyer_siret, record.uid)
            if key in created:
                self.result.created += 1
            elif key in changed:
                self.result.updated += 1
            else:
                self.result.unchanged += 1

    # ------------------------------------------------------------------ organisations

    def _buyers(self) -> dict[str, Organisation]:
        names = {}
        for _index, record in self.items:
            if record.buyer_name or record.buyer_siret not in names:
                names[record.buyer_siret] = record.buyer_name
        existing = {
            o.siret: o for o in Organisation.objects.filter(siret__in=names).only("id", "siret", "kind", "name")
        }
        renamed = []
        for siret, name in names.items():
            buyer = existing.get(siret)
            if buyer is not None and name and buyer.name == BUYER_PLACEHOLDER.format(siret=siret):
                buyer.name, buyer.search_name = name[:200], fold(name[:200])
                renamed.append(buyer)
        Organisation.objects.bulk_update(renamed, ["name", "search_name"])
        new = []
        for siret, name in names.items():
            if siret not in existing:
                name = (name or BUYER_PLACEHOLDER.format(siret=siret))[:200]
                new.append(
                    Organisation(
                        kind=OrganisationKind.BUYER,
                        name=name,
                        search_name=fold(name),
                        siret=siret,
                        buyer_category=buyer_category_from_siret(siret),
                    )
                )
        for buyer in Organisation.objects.bulk_create(new):
            existing[buyer.siret] = buyer
        kept = []
        for index, record in self.items:
            if existing[record.buyer_siret].kind != OrganisationKind.BUYER:
                self.reject(
                    Rejection(
                        index,
                        record.uid,
                        f"Le SIRET de l'acheteur {record.buyer_siret} est celui "
                        "d'une organisation qui n'est pas un donneur d'ordre.",
                    )
                )
            else:
                kept.append((index, record))
        self.items = kept
        return existing

    def _contractors(self) -> dict[tuple[str, str], int]:
        """(type, id) → organisation id, creating the missing companies."""
        keys = {_contractor_key(c) for _index, record in self.items for c in record.contractors}
        sirets = {ident for id_type, ident in keys if id_type == "SIRET"}
        others = {(id_type, ident) for id_type, ident in keys if id_type != "SIRET"}
        found: dict[tuple[str, str], int] = {}
        if sirets:
            for pk, siret in Organisation.objects.filter(siret__in=sirets).values_list("pk", "siret"):
                found["SIRET", siret] = pk
        if others:
            rows = Organisation.objects.filter(
                identifier_type__in={t for t, _ in others}, identifier__in={i for _, i in others}
            )
            for pk, id_type, ident in rows.values_list("pk", "identifier_type", "identifier"):
                if (id_type, ident) in others:
                    found[id_type, ident] = pk
        new = []
        for id_type, ident in sorted(keys - found.keys()):
            name = COMPANY_PLACEHOLDER.format(id_type=id_type, id=ident)[:200]
            other = id_type != "SIRET"
            new.append(
                Organisation(
                    kind=OrganisationKind.COMPANY,
                    name=name,
                    search_name=fold(name),
                    siret=None if other else ident,
                    identifier=ident if other else "",
                    identifier_type=id_type if other else "",
                )
            )
        for company in Organisation.objects.bulk_create(new):
            key = (company.identifier_type, company.identifier) if company.identifier else ("SIRET", company.siret)
            found[key] = company.pk
        return found

    # ------------------------------------------------------------------ contracts

    def _markets(self, buyers: dict[str, Organisation]) -> tuple[dict, set, set]:
        """(buyer SIRET, id) → Market, creating and updating; also returns the created and changed keys."""
        wanted = {(buyers[r.buyer_siret].pk, r.uid): r for _index, r in self.items}
        existing = {
            (m.buyer_id, m.reference): m
            for m in Market.objects.filter(buyer_id__in={b for b, _ in wanted}, reference__in={u for _, u in wanted})
        }
        elsewhere = {key for key, market in existing.items() if market.territory_id != self.territory_id}
        new, changed, status_changes, held = [], [], [], {}
        for key, record in wanted.items():
            if key in elsewhere:
                continue
            values = _market_values(record, self.today)
            market = existing.get(key)
            if market is None:
                new.append(
                    Market(
                        territory_id=self.territory_id,
                        buyer_id=key[0],
                        reference=record.uid,
                        origin=Origin.DECP,
                        **values,
                    )
                )
                continue
            # what the facilitator completed before an export stays, unless the publication now gives it
            values["decp_publication"] = market.decp_publication | values["decp_publication"]
            differences = {name: value for name, value in values.items() if getattr(market, name) != value}
            if differences and market.origin == Origin.MANUAL:
                held[key] = (market, values)
                continue
            if "status" in differences:
                status_changes.append(
                    StatusChange(
                        market=market,
                        old_status=market.status,
                        new_status=differences["status"],
                        changed_by=self.author.user,
                    )
                )
            if differences:
                for name, value in differences.items():
                    setattr(market, name, value)
                changed.append(market)
        bulk_update_with_history(changed, Market, MARKET_FIELDS, **self.author.history())
        StatusChange.objects.bulk_create(status_changes)
        # A contract of a territory this connection cannot read (row-level security) is found by its conflict.
        Market.objects.bulk_create(new, ignore_conflicts=True)
        for market in Market.objects.filter(
            territory_id=self.territory_id,
            buyer_id__in={m.buyer_id for m in new},
            reference__in={m.reference for m in new},
        ):
            existing[market.buyer_id, market.reference] = market
        elsewhere |= wanted.keys() - existing.keys()
        new = [market for market in new if (market.buyer_id, market.reference) not in elsewhere]
        # ignore_conflicts leaves the new rows without their ids: their history from the rows read back
        Market.history.bulk_history_create([existing[m.buyer_id, m.reference] for m in new], **self.author.history())
        self._reject_followed_elsewhere(buyers, elsewhere)
        self._hold(buyers, held)
        siret_of = {buyer.pk: siret for siret, buyer in buyers.items()}
        markets = {(r.buyer_siret, r.uid): existing[buyers[r.buyer_siret].pk, r.uid] for _index, r in self.items}
        return (
            markets,
            {(siret_of[m.buyer_id], m.reference) for m in new},
            {(siret_of[m.buyer_id], m.reference) for m in changed},
        )

    def _hold(self, buyers: dict[str, Organisation], held: dict) -> None:
        """The contracts typed in Levier that the records would change: their DECP values kept for the choice, the
        records set aside (their lots, contractors and modifications are not touched either)."""
        if not held:
            return
        conflicts = {c.market_id: c for c in DecpConflict.objects.filter(market__in=[m for m, _ in held.values()])}
        new, replaced, kept = [], [], set()
        now = timezone.now()
        for key, (market, values) in held.items():
            encoded, conflict = encode(values), conflicts.get(market.pk)
            if conflict is None:
                new.append(DecpConflict(market=market, values=encoded, imported_by=self.author.user, imported_at=now))
            elif conflict.kept_at is not None and conflict.values == encoded:
                kept.add(key)  # the facilitator kept the contract's values against these very ones
            else:
                conflict.values, conflict.imported_by, conflict.imported_at = encoded, self.author.user, now
                conflict.kept_at = conflict.kept_by = None
                replaced.append(conflict)
        DecpConflict.objects.bulk_create(new)
        DecpConflict.objects.bulk_update(replaced, ["values", "imported_by", "imported_at", "kept_at", "kept_by"])
        items = []
        for index, record in self.items:
            key = (buyers[record.buyer_siret].pk, record.uid)
            if key not in held:
                items.append((index, record))
            elif key in kept:
                self.result.unchanged += 1
            else:
                market, values = held[key]
                self.hold(Held(index, record.uid, market.pk, held_differences(market, values)))
        self.items = items

    def _reject_followed_elsewhere(self, buyers: dict[str, Organisation], elsewhere: set) -> None:
        kept = []
        for index, record in self.items:
            if (buyers[record.buyer_siret].pk, record.uid) in elsewhere:
                self.reject(Rejection(index, record.uid, FOLLOWED_ELSEWHERE))
            else:
                kept.append((index, record))
        self.items = kept

    def _lots_and_contractors(self, markets: dict, contractor_ids: dict, created: set) -> set:
        """One lot per DECP contract holding its contractors (1st titulaire, others cotraitants)."""
        changed = set()
        by_market: dict[int, list[Lot]] = {}
        old_ids = [m.pk for key, m in markets.items() if key not in created]
        for lot in Lot.objects.filter(market_id__in=old_ids).order_by("market_id", "number"):
            by_market.setdefault(lot.market_id, []).append(lot)
        new_lots, synced = [], []
        lot_of: dict[tuple, Lot] = {}
        for key, market in markets.items():
            lots = by_market.get(market.pk)
            if not lots:
                lot = market.single_lot()
                new_lots.append(lot)
                if key not in created:
                    changed.add(key)
            else:
                lot = lots[0]
                if market.origin == Origin.DECP and len(lots) == 1:
                    single = market.single_lot()
                    if (lot.title, lot.amount, lot.cpv) != (single.title, single.amount, single.cpv):
                        lot.title, lot.amount, lot.cpv = single.title, single.amount, single.cpv
                        synced.append(lot)
                        changed.add(key)
            lot_of[key] = lot
        bulk_update_with_history(synced, Lot, ["title", "amount", "cpv"], **self.author.history())
        bulk_create_with_history(new_lots, Lot, **self.author.history())

        present = set(
            Contractor.objects.filter(lot__in=[lot.pk for lot in lot_of.values()]).values_list(
                "lot_id", "organisation_id", "role"
            )
        )
        new_rows = []
        for _index, record in self.items:
            key = (record.buyer_siret, record.uid)
            lot = lot_of[key]
            for position, contractor in enumerate(record.contractors):
                role = ContractorRole.HOLDER if position == 0 else ContractorRole.CO_CONTRACTOR
                row = (lot.pk, contractor_ids[_contractor_key(contractor)], role.value)
                if row not in present:
                    present.add(row)
                    new_rows.append(Contractor(lot_id=row[0], organisation_id=row[1], role=row[2]))
                    if key not in created:
                        changed.add(key)
        Contractor.objects.bulk_create(new_rows)
        return changed

    def _modifications(self, markets: dict, created: set) -> set:
        """The published modifications, kept as history (amount and duration after each)."""
        changed = set()
        existing = {
            (m.market_id, m.decp_id): m
            for m in Modification.objects.filter(market__in=[m.pk for m in markets.values()])
        }
        new, updated = [], []
        for _index, record in self.items:
            key = (record.buyer_siret, record.uid)
            market = markets[key]
            for item in record.modifications:
                values = {"date": item.date, "amount": _money(item.amount), "duration_months": item.duration_months}
                current = existing.get((market.pk, item.id[:20]))
                if current is None:
                    new.append(Modification(market=market, decp_id=item.id[:20], **values))
                    existing[market.pk, item.id[:20]] = new[-1]
                elif any(getattr(current, name) != value for name, value in values.items()):
                    for name, value in values.items():
                        setattr(current, name, value)
                    updated.append(current)
                else:
                    continue
                if key not in created:
                    changed.add(key)
        Modification.objects.bulk_create(new)
        Modification.objects.bulk_update(updated, ["date", "amount", "duration_months"])
        return changed
