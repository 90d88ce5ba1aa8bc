"""DECP import into the database: official examples, one test per quirk, idempotence, atomicity, batching,
the command and the upload page."""

import csv
import html
import json
from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from markets.decp.importer import import_decp
from markets.decp.reader import DecpFileError
from markets.decp.rules import add_months, buyer_category_from_siret, status_from_dates
from markets.models import Contractor, Lot, Market, Modification, StatusChange
from partners.models import Organisation
from partners.siret import make_siret
from tests.factories import home_territory
from tests.fixtures import DECP_EXAMPLES
from tests.markets.test_decp_normalise import BUYER, CONTRACTOR, OTHER_BUYER, concession, marche

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 25)


def write(tmp_path, marches=(), concessions=(), name="decp.json"):
    path = tmp_path / name
    content = {"marches": {"marche": list(marches), "contrat-concession": list(concessions)}}
    path.write_text(json.dumps(content, ensure_ascii=False, default=str), encoding="utf-8")
    return path


def run(path, **kwargs):
    kwargs.setdefault("today", TODAY)
    kwargs.setdefault("territory", home_territory())
    return import_decp(path, **kwargs)


@pytest.fixture(autouse=True)
def territory(db):
    """The territory the imports go to (the command's only one)."""
    return home_territory()


def snapshot():
    return {
        model.__name__: sorted(model.objects.values_list())
        for model in (Organisation, Market, Lot, Contractor, Modification, StatusChange)
    }


# --------------------------------------------------------------------------- official examples


def test_official_examples(tmp_path):
    """8 of the 10 official records have made-up buyer SIRETs: rejected with that reason; 2 are imported."""
    totals = {"created": 0, "updated": 0, "unchanged": 0, "rejected": 0, "held": 0}
    reasons = []
    for path in sorted(DECP_EXAMPLES.glob("*.json")):
        result = run(path, report_path=tmp_path / f"{path.stem}.csv")
        for name, value in result.counts().items():
            totals[name] += value
        reasons += [r.reason for r in result.rejections]
    # TEST2022Bis appears in two files: created by the first, unchanged in the second
    assert totals == {"created": 1, "updated": 0, "unchanged": 1, "rejected": 8, "held": 0}
    assert all(reason.startswith("SIRET de l'acheteur invalide") for reason in reasons)
    market = Market.objects.get(reference="TEST2022Bis")
    assert market.origin == "decp" and market.buyer.siret == "21750001630040"
    assert market.buyer.kind == "buyer" and market.buyer.buyer_category == "collectivite"
    assert market.nature == "travaux" and market.procedure == "Appel d'offres ouvert"
    assert market.published_consideration_list == ["Clause sociale", "Critère social"]
    assert market.modifications.count() == 1
    lot = market.lots.get()
    assert [(c.organisation.siret, c.role) for c in lot.contractors.all()] == [(CONTRACTOR, "titulaire")]


def test_official_concession_with_a_valid_authority(tmp_path):
    raw = json.loads((DECP_EXAMPLES / "concessions.json").read_text())["marches"]["contrat-concession"][0]
    raw["autoriteConcedante"] = {"id": BUYER}
    result = run(write(tmp_path, concessions=[raw]))
    assert result.counts() == {"created": 1, "updated": 0, "unchanged": 0, "rejected": 0, "held": 0}
    market = Market.objects.get()
    assert market.contract_type == "concession" and market.procedure == "Procédure négociée ouverte"
    assert [c.role for c in market.lots.get().contractors.order_by("pk")] == ["titulaire", "cotraitant"]


# --------------------------------------------------------------------------- nominal and quirks


def test_nominal_marche_fields(tmp_path):
    run(write(tmp_path, [marche()]))
    market = Market.objects.get()
    assert (
        market.reference,
        market.object,
        market.nature,
        market.cpv,
        market.amount,
        market.duration_months,
        market.place_postcode,
        market.notification_date,
        market.status,
        market.published_considerations,
    ) == (
        "2024-M-001",
        "Entretien des espaces verts",
        "services",
        "77310000-6",
        Decimal("120000.00"),
        24,
        "69001",
        date(2024, 3, 1),
        "clos",
        "Clause sociale",
    )
    assert market.lots.get().title == "Entretien des espaces verts"


def test_defence_or_security_nature_marks_the_contract_and_a_later_publication_clears_it(tmp_path):
    """« Marché de défense ou de sécurité » (schema 2.0.3) takes the contract out of the Climat et Résilience
    obligation; its nature of works, supplies or services still comes from the CPV code."""
    run(write(tmp_path, [marche(nature="Marché de défense ou de sécurité"), marche(id="2024-M-002")]))
    defence, other = Market.objects.get(reference="2024-M-001"), Market.objects.get(reference="2024-M-002")
    assert (defence.defence_or_security, defence.nature, defence.contract_type) == (True, "services", "marche")
    assert other.defence_or_security is False
    result = run(write(tmp_path, [marche(nature="Marché")], name="again.json"))
    defence.refresh_from_db()
    assert result.counts()["updated"] == 1 and defence.defence_or_security is False


def test_status_from_dates():
    assert status_from_dates(date(2026, 1, 1), 12, TODAY) == "execution"
    assert status_from_dates(date(2024, 1, 1), 12, TODAY) == "clos"
    assert status_from_dates(date(2020, 1, 1), None, TODAY) == "execution"
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)


@pytest.mark.parametrize(
    "siret,category",
    [
        ("21750001630040", "collectivite"),
        ("13000000000000", "etat"),
        ("26000000000000", "etablissement_public"),
        ("27000000000000", "bailleur_social"),
        ("38103128500491", "autre"),
    ],
)
def test_buyer_category_from_siren(siret, category):
    assert buyer_category_from_siret(siret) == category


def test_nc_amount_and_oui_non_and_comma_joined_values(tmp_path):
    raw = marche(
        montant="NC", dureeMois="NC", marcheInnovant="oui", considerationsSociales="Critère social, Clause sociale"
    )
    assert run(write(tmp_path, [raw])).created == 1
    market = Market.objects.get()
    assert market.amount is None and market.duration_months is None and market.status == "execution"
    assert market.published_considerations == "Clause sociale, Critère social"


def test_flat_arrays(tmp_path):
    raw = marche(titulaires=[{"id": CONTRACTOR, "typeIdentifiant": "SIRET"}], considerationsSociales=["Marché réservé"])
    run(write(tmp_path, [raw]))
    market = Market.objects.get()
    assert market.published_considerations == "Marché réservé"
    assert market.lots.get().contractors.get().organisation.siret == CONTRACTOR


@pytest.mark.parametrize(
    "overrides,reason",
    [
        ({"montant": "1e17"}, "Montant aberrant"),
        ({"montant": "beaucoup"}, "Montant illisible"),
        ({"acheteur": {"id": "12345678901234"}}, "SIRET de l'acheteur invalide : 12345678901234"),
        (
            {"titulaires": [{"titulaire": {"id": "12345678901234", "typeIdentifiant": "SIRET"}}]},
            "SIRET du titulaire invalide : 12345678901234",
        ),
        ({"titulaires": [{"titulaire": {"id": "X1", "typeIdentifiant": "DUNS"}}]}, "Type d'identifiant du titulaire"),
        ({"dateNotification": "NC"}, "Date de notification absente"),
        ({"codeCPV": "NC"}, "Nature indéterminée"),
        ({"id": "X" * 51}, "Identifiant trop long"),
    ],
)
def test_bad_record_is_rejected_and_the_rest_goes_on(tmp_path, overrides, reason):
    path = write(
        tmp_path,
        [
            marche(id="BAD", **{k: v for k, v in overrides.items() if k != "id"})
            if "id" not in overrides
            else marche(**overrides),
            marche(id="GOOD"),
        ],
    )
    result = run(path, report_path=tmp_path / "rejets.csv")
    assert result.counts() == {"created": 1, "updated": 0, "unchanged": 0, "rejected": 1, "held": 0}
    assert result.rejections[0].reason.startswith(reason) and result.rejections[0].index == 1
    assert list(Market.objects.values_list("reference", flat=True)) == ["GOOD"]
    with open(tmp_path / "rejets.csv", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == ["enregistrement", "id", "motif"] and rows[1][0] == "1" and rows[1][2].startswith(reason)


def test_non_object_record_and_duplicate_are_rejected(tmp_path):
    result = run(write(tmp_path, ["pas un marché", marche(), marche(objet="Autre version")]))
    assert result.counts() == {"created": 1, "updated": 0, "unchanged": 0, "rejected": 2, "held": 0}
    assert result.rejections[1].reason.startswith("Doublon")
    assert Market.objects.get().object == "Entretien des espaces verts"


def test_contractor_identified_by_vat(tmp_path):
    raw = marche(titulaires=[{"titulaire": {"id": "BE0123456789", "typeIdentifiant": "TVA"}}])
    run(write(tmp_path, [raw]))
    run(write(tmp_path, [marche(id="2", titulaires=raw["titulaires"])], name="second.json"))
    company = Organisation.objects.get(identifier="BE0123456789")
    assert (company.kind, company.identifier_type, company.siret) == ("company", "TVA", None)
    assert Contractor.objects.filter(organisation=company).count() == 2


def test_buyer_siret_of_a_company_is_rejected(tmp_path):
    Organisation.objects.create(kind="company", name="Une entreprise", siret=BUYER)
    result = run(write(tmp_path, [marche()]))
    assert result.rejected == 1 and "n'est pas un donneur d'ordre" in result.rejections[0].reason


def test_existing_buyer_is_reused(tmp_path, buyer):
    run(write(tmp_path, [marche(acheteur={"id": buyer.siret})]))
    assert Market.objects.get().buyer == buyer and Organisation.objects.filter(kind="buyer").count() == 1


# --------------------------------------------------------------------------- updates, idempotence, atomicity


def test_same_file_twice_changes_nothing(tmp_path):
    path = write(
        tmp_path,
        [marche(), marche(id="2", modifications=[{"modification": {"id": 1, "montant": 150000}}])],
        [concession(acheteur=None, autoriteConcedante={"id": OTHER_BUYER})],
    )
    assert run(path).counts() == {"created": 3, "updated": 0, "unchanged": 0, "rejected": 0, "held": 0}
    before = snapshot()
    assert run(path).counts() == {"created": 0, "updated": 0, "unchanged": 3, "rejected": 0, "held": 0}
    assert snapshot() == before


def test_modification_updates_amount_and_duration_and_is_kept(tmp_path):
    run(write(tmp_path, [marche(dureeMois=48)]))
    modified = marche(
        dureeMois=48,
        modifications=[
            {"modification": {"id": 1, "dateNotificationModification": "2025-01-10", "montant": 150000}},
            {"modification": {"id": 2, "dateNotificationModification": "2025-06-10", "dureeMois": 60}},
        ],
    )
    assert run(write(tmp_path, [modified])).counts()["updated"] == 1
    market = Market.objects.get()
    assert (market.amount, market.duration_months) == (Decimal("150000.00"), 60)
    assert list(market.modifications.values_list("decp_id", "amount", "duration_months")) == [
        ("1", Decimal("150000.00"), None),
        ("2", None, 60),
    ]
    assert market.lots.get().amount == Decimal("150000.00")


def test_status_change_is_kept_in_history(tmp_path):
    run(write(tmp_path, [marche()]), today=date(2024, 6, 1))
    assert Market.objects.get().status == "execution"
    assert run(write(tmp_path, [marche()])).updated == 1
    change = StatusChange.objects.get()
    assert (change.old_status, change.new_status, change.changed_by) == ("execution", "clos", None)


def test_new_contractor_is_added(tmp_path):
    run(write(tmp_path, [marche()]))
    other = make_siret(424242)
    raw = marche(
        titulaires=[
            {"titulaire": {"id": CONTRACTOR, "typeIdentifiant": "SIRET"}},
            {"titulaire": {"id": other, "typeIdentifiant": "SIRET"}},
        ]
    )
    assert run(write(tmp_path, [raw])).updated == 1
    assert sorted(Contractor.objects.values_list("organisation__siret", "role")) == sorted(
        [(CONTRACTOR, "titulaire"), (other, "cotraitant")]
    )


def test_dry_run_counts_but_writes_nothing(tmp_path):
    result = run(write(tmp_path, [marche()]), dry_run=True)
    assert result.created == 1 and result.dry_run
    assert not Market.objects.exists() and not Organisation.objects.exists()


@pytest.mark.parametrize(
    "content,message",
    [
        (b"ceci n'est pas du JSON", "n'est pas un JSON lisible"),
        (b'["a", "b"]', "ni « marches.marche »"),
        (b'{"autre": 1}', "ni « marches.marche »"),
    ],
)
def test_unreadable_file_is_an_error_and_writes_nothing(tmp_path, content, message):
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    with pytest.raises(DecpFileError, match=message):
        run(path)
    assert not Organisation.objects.exists()


def test_truncated_file_writes_nothing(tmp_path):
    path = write(tmp_path, [marche(), marche(id="2")])
    path.write_text(path.read_text()[:-20], encoding="utf-8")
    with pytest.raises(DecpFileError, match="tronqué"):
        run(path)
    assert not Market.objects.exists()


def test_database_refusing_a_write_leaves_the_database_unchanged(tmp_path, market):
    """The third batch fails on its first insert of a contractor: batches 1 and 2 are rolled back too."""
    records = [
        marche(id=str(n), titulaires=[{"titulaire": {"id": make_siret(7000 + n), "typeIdentifiant": "SIRET"}}])
        for n in range(3)
    ]
    before = snapshot()
    inserts = []

    def refuse_third_contractor_insert(execute, sql, params, many, context):
        if sql.startswith('INSERT INTO "markets_contractor"'):
            inserts.append(sql)
            if len(inserts) == 3:
                raise DatabaseError("écriture refusée")
        return execute(sql, params, many, context)

    with connection.execute_wrapper(refuse_third_contractor_insert), pytest.raises(DatabaseError):
        run(write(tmp_path, records), batch_size=1)
    assert snapshot() == before


def test_queries_do_not_grow_with_the_batch(tmp_path):
    def queries(count, name):
        path = write(
            tmp_path,
            [
                marche(
                    id=f"{name}{n}",
                    acheteur={"id": make_siret(9000 + n)},
                    titulaires=[{"titulaire": {"id": make_siret(8000 + n), "typeIdentifiant": "SIRET"}}],
                    modifications=[{"modification": {"id": 1, "montant": 130000}}],
                )
                for n in range(count)
            ],
            name=f"{name}.json",
        )
        with CaptureQueriesContext(connection) as context:
            assert run(path).created == count
        return len(context.captured_queries)

    # 40 records: still one statement a table and a batch (batches hold 1,000)
    assert queries(5, "a") == queries(40, "b")


# --------------------------------------------------------------------------- command


def test_command_json_and_report(tmp_path):
    path = write(tmp_path, [marche(), marche(id="BAD", montant="1e17")])
    out = StringIO()
    call_command("import_decp", str(path), "--json", stdout=out)
    lines = out.getvalue().strip().splitlines()
    assert json.loads(lines[-1]) == {"created": 1, "updated": 0, "unchanged": 0, "rejected": 1, "held": 0}
    report = tmp_path / "decp.json.rejets.csv"
    assert f"Rapport des rejets : {report}" in lines
    assert "BAD" in report.read_text(encoding="utf-8")


def test_command_dry_run_and_unreadable_file(tmp_path):
    out = StringIO()
    call_command("import_decp", str(write(tmp_path, [marche()])), "--dry-run", stdout=out)
    assert "Simulation" in out.getvalue() and not Market.objects.exists()
    bad = tmp_path / "bad.json"
    bad.write_text("nope")
    with pytest.raises(CommandError, match="rien n'a été enregistré"):
        call_command("import_decp", str(bad), stdout=StringIO())


# --------------------------------------------------------------------------- upload page


def upload(name="decp.json", content=None, records=None):
    if content is None:
        content = json.dumps({"marches": {"marche": records or [marche()]}}, default=str).encode()
    return SimpleUploadedFile(name, content, content_type="application/json")


def test_upload_page_imports_and_offers_the_report(client_for, facilitator):
    client = client_for(facilitator)
    response = client.post(
        reverse("markets:decp_import"), {"file": upload(records=[marche(), marche(id="BAD", montant="1e17")])}
    )
    assert response.status_code == 200
    assert response.context["result"].counts() == {"created": 1, "updated": 0, "unchanged": 0, "rejected": 1, "held": 0}
    assert "Montant aberrant" in response.content.decode()
    report = client.get(reverse("markets:decp_report"))
    assert report.status_code == 200 and b"BAD" in b"".join(report.streaming_content)


def test_upload_page_dry_run(client_for, facilitator):
    response = client_for(facilitator).post(reverse("markets:decp_import"), {"file": upload(), "dry_run": "on"})
    assert response.context["result"].created == 1 and not Market.objects.exists()


@pytest.mark.parametrize(
    "name,content,error",
    [
        ("decp.csv", b"{}", "Choisissez un fichier .json."),
        ("decp.json", b"id;objet\n1;x", "Ce fichier n'est pas du JSON."),
        ("decp.json", b'{"marches": {"marche": [', "Import impossible"),
    ],
)
def test_upload_page_refuses_bad_files(client_for, facilitator, name, content, error):
    response = client_for(facilitator).post(reverse("markets:decp_import"), {"file": upload(name, content)})
    assert response.status_code == 200 and error in html.unescape(response.content.decode())
    assert not Organisation.objects.exists()


def test_buyer_users_cannot_import(client_for, buyer_user):
    response = client_for(buyer_user).post(reverse("markets:decp_import"), {"file": upload()})
    assert response.status_code == 403 and not Market.objects.exists()


def test_large_upload_is_imported_from_django_temporary_file(client_for, facilitator, settings):
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 0  # every upload goes to a temporary file on disk
    response = client_for(facilitator).post(reverse("markets:decp_import"), {"file": upload()})
    assert response.context["result"].created == 1
