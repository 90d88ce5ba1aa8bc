"""DECP normaliser: official examples and one test per real-world quirk (no database)."""

import copy
import dataclasses
from datetime import date
from decimal import Decimal

import pytest

from markets.decp.normalise import (
    DecpContractor,
    DecpModification,
    DecpRecord,
    RejectedRecord,
    as_list,
    normalise,
    parse_bool,
    parse_considerations,
    parse_date,
    parse_decimal,
    parse_int,
)
from markets.decp.reader import iter_records
from tests.fixtures import DECP_EXAMPLES

BUYER = "21750001630040"  # valid SIRET (Luhn)
OTHER_BUYER = "38103128500491"
CONTRACTOR = "55204599900869"


def marche(**overrides):
    record = {
        "id": "2024-M-001",
        "acheteur": {"id": BUYER},
        "nature": "Marché",
        "objet": "Entretien des espaces verts",
        "codeCPV": "77310000-6",
        "procedure": "Procédure adaptée",
        "lieuExecution": {"code": "69001", "typeCode": "Code postal"},
        "dureeMois": 24,
        "dateNotification": "2024-03-01",
        "montant": Decimal("120000"),
        "titulaires": [{"titulaire": {"id": CONTRACTOR, "typeIdentifiant": "SIRET"}}],
        "considerationsSociales": {"considerationSociale": ["Clause sociale"]},
        "marcheInnovant": False,
    }
    record.update(overrides)
    return record


def concession(**overrides):
    record = {
        "id": "2024-C-001",
        "autoriteConcedante": {"id": BUYER},
        "nature": "Délégation de service public",
        "objet": "Gestion de la piscine",
        "procedure": "Procédure négociée ouverte",
        "dureeMois": 60,
        "dateSignature": "2024-04-02",
        "valeurGlobale": Decimal("2500000.50"),
        "concessionnaires": [{"concessionnaire": {"id": OTHER_BUYER, "typeIdentifiant": "SIRET"}}],
        "considerationsSociales": {"considerationSociale": ["Critère social"]},
    }
    record.update(overrides)
    return record


def rejected(kind, raw):
    with pytest.raises(RejectedRecord) as info:
        normalise(kind, raw)
    return info.value.reason


# --------------------------------------------------------------------------- official examples

EXPECTED = {  # file -> (records read, accepted as published)
    "concessions.json": (2, 0),
    "concessions_avec_modifications.json": (2, 0),
    "marches_avec_modifications.json": (2, 1),
    "marches_concessions.json": (4, 1),
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_official_examples_normalise(name):
    """The examples use made-up buyer SIRETs: all but one fail the Luhn check and are rejected
    for that reason only; with a valid buyer every record normalises."""
    records = list(iter_records(DECP_EXAMPLES / name))
    total, accepted_as_published = EXPECTED[name]
    assert len(records) == total
    accepted = 0
    for kind, raw in records:
        try:
            normalise(kind, raw)
            accepted += 1
        except RejectedRecord as exc:
            assert exc.reason.startswith("SIRET de l'acheteur invalide : ")
            assert exc.uid == raw["id"]
        fixed = copy.deepcopy(raw)
        fixed["autoriteConcedante" if kind == "concession" else "acheteur"] = {"id": BUYER}
        record = normalise(kind, fixed)
        assert isinstance(record, DecpRecord)
        assert record.kind == kind and record.uid == raw["id"] and record.buyer_siret == BUYER
        assert record.nature == "travaux"
        assert record.social_considerations == {"Clause sociale", "Critère social"}
        assert record.contractors and all(c.valid for c in record.contractors)
    assert accepted == accepted_as_published


def test_official_marche_example_in_detail():
    records = {raw["id"]: (kind, raw) for kind, raw in iter_records(DECP_EXAMPLES / "marches_avec_modifications.json")}
    record = normalise(*records["TEST2022Bis"])
    assert record == DecpRecord(
        kind="marche",
        uid="TEST2022Bis",
        buyer_siret="21750001630040",
        buyer_name="",
        object="envoi pour Json test 2",
        nature="travaux",  # "Marché" + CPV division 45
        raw_nature="Marché",
        procedure="Appel d'offres ouvert",
        cpv="45000000-7",
        amount=Decimal("123457.87"),
        initial_amount=Decimal("575000"),
        duration_months=12,
        initial_duration_months=48,
        notification_date=date(2024, 5, 15),
        place_postcode="75000",
        contractors=(DecpContractor("55204599900869", "SIRET", True),),
        social_considerations=frozenset({"Clause sociale", "Critère social"}),
        modifications=(DecpModification("1", date(2022, 10, 18), Decimal("123457.87"), 12),),
        publication={
            "techniques": ["Accord-cadre", "Concours"],
            "modalitesExecution": ["Tranches"],
            "marcheInnovant": True,
            "ccag": "Travaux",
            "offresRecues": 4,
            "attributionAvance": True,
            "typeGroupementOperateurs": "Pas de groupement",
            "typesPrix": ["Définitif ferme"],
            "formePrix": "Forfaitaire",
            "considerationsEnvironnementales": ["Clause environnementale"],
        },
    )


def test_official_concession_example_in_detail():
    kind, raw = next(iter_records(DECP_EXAMPLES / "marches_concessions.json"))
    assert kind == "concession"
    raw["autoriteConcedante"]["id"] = BUYER
    record = normalise(kind, raw)
    assert record.raw_nature == "Concession de travaux" and record.nature == "travaux"
    assert record.procedure == "Procédure négociée ouverte"
    assert record.cpv == ""
    assert record.notification_date == date(2024, 4, 2)  # dateSignature
    assert record.initial_amount == Decimal("10.3") and record.amount == Decimal("25.0")  # valeurGlobale
    assert record.initial_duration_months == 12 and record.duration_months == 14
    assert record.modifications == (DecpModification("1", date(2023, 4, 19), Decimal("25.0"), 14),)
    assert record.contractors == (
        DecpContractor("38103128500491", "SIRET", True),
        DecpContractor("38103128500574", "SIRET", True),
    )
    assert "marcheInnovant" not in record.publication


# --------------------------------------------------------------------------- the nominal records


def test_nominal_marche():
    record = normalise("marche", marche())
    assert record.kind == "marche"
    assert record.uid == "2024-M-001"
    assert record.nature == "services"  # CPV 77
    assert record.amount == record.initial_amount == Decimal("120000")
    assert record.duration_months == record.initial_duration_months == 24
    assert record.notification_date == date(2024, 3, 1)
    assert record.place_postcode == "69001"
    assert record.contractors == ((CONTRACTOR, "SIRET", True),)
    assert record.social_considerations == {"Clause sociale"}
    assert record.publication["marcheInnovant"] is False
    assert record.modifications == ()
    with pytest.raises(dataclasses.FrozenInstanceError):
        record.amount = Decimal(1)


def test_nominal_concession_fields():
    record = normalise("concession", concession())
    assert record.kind == "concession"
    assert record.buyer_siret == BUYER  # autoriteConcedante.id
    assert record.nature == "services"  # Délégation de service public
    assert record.amount == Decimal("2500000.50")  # valeurGlobale
    assert record.notification_date == date(2024, 4, 2)  # dateSignature
    assert record.contractors == ((OTHER_BUYER, "SIRET", True),)  # concessionnaires
    assert record.social_considerations == {"Critère social"}


def test_concession_ignores_marche_field_names():
    raw = concession(acheteur={"id": OTHER_BUYER}, montant=5, dateNotification="2020-01-01")
    record = normalise("concession", raw)
    assert record.buyer_siret == BUYER
    assert record.amount == Decimal("2500000.50")
    assert record.notification_date == date(2024, 4, 2)


@pytest.mark.parametrize(
    ("nature", "expected"),
    [
        ("Concession de travaux", "travaux"),
        ("Concession de service", "services"),
        ("Concession de service public", "services"),
        ("Délégation de service public", "services"),
        ("delegation de service public", "services"),
        ("Affermage", ""),
    ],
)
def test_concession_natures(nature, expected):
    assert normalise("concession", concession(nature=nature)).nature == expected


@pytest.mark.parametrize(
    ("nature", "cpv", "expected"),
    [
        ("Travaux", "77310000-6", "travaux"),  # schema 1.x value wins over the CPV
        ("Fournitures", "", "fournitures"),
        ("SERVICES", "", "services"),
        ("Marché", "45000000", "travaux"),
        ("Marché de partenariat", "30192000-1", "fournitures"),
        ("Marché", "48000000-8", "fournitures"),
        ("Marché de défense ou de sécurité", "79710000-4", "services"),
        ("Marché", "", ""),
    ],
)
def test_marche_natures(nature, cpv, expected):
    record = normalise("marche", marche(nature=nature, codeCPV=cpv))
    assert record.nature == expected
    assert record.raw_nature == nature


# --------------------------------------------------------------------------- quirks


@pytest.mark.parametrize("value", ["NC", "nc", "", " ", None])
def test_nc_amount_and_duration_become_none(value):
    record = normalise("marche", marche(montant=value, dureeMois=value))
    assert record.amount is None and record.initial_amount is None
    assert record.duration_months is None and record.initial_duration_months is None


def test_missing_amount_and_duration_become_none():
    raw = marche()
    del raw["montant"], raw["dureeMois"]
    record = normalise("marche", raw)
    assert record.amount is None and record.duration_months is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("120000", Decimal("120000")),
        ("1 234,56", Decimal("1234.56")),
        ("99\u00a0000 €", Decimal("99000")),
        (12.5, Decimal("12.5")),
        (0, Decimal("0")),
    ],
)
def test_amounts_as_text_or_float(value, expected):
    assert normalise("marche", marche(montant=value)).amount == expected


@pytest.mark.parametrize("value", [Decimal("1E+17"), 1e17, "1e17", 100_000_000_001, -5, "-1200"])
def test_aberrant_amount_is_rejected(value):
    assert rejected("marche", marche(montant=value)).startswith("Montant aberrant : ")


def test_aberrant_concession_value_is_rejected():
    assert rejected("concession", concession(valeurGlobale=Decimal("1E+17"))) == "Montant aberrant : 1E+17 €"


def test_largest_plausible_amount_is_kept():
    assert normalise("marche", marche(montant=Decimal("1E+11"))).amount == Decimal("1E+11")


@pytest.mark.parametrize("value", ["voir CCAP", True, {"valeur": 1}, "NaN", "Infinity"])
def test_unreadable_amount_is_rejected(value):
    assert rejected("marche", marche(montant=value)).startswith("Montant illisible : ")


@pytest.mark.parametrize(("value", "expected"), [("36", 36), (Decimal("12.0"), 12), ("NC", None), (12.5, 13)])
def test_durations(value, expected):
    assert normalise("marche", marche(dureeMois=value)).duration_months == expected


@pytest.mark.parametrize(("value", "start"), [("deux ans", "Durée illisible"), (-3, "Durée aberrante")])
def test_bad_durations_are_rejected(value, start):
    assert rejected("marche", marche(dureeMois=value)).startswith(start)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("oui", True),
        ("OUI", True),
        ("non", False),
        ("Non", False),
        ("true", True),
        ("false", False),
        ("1", True),
        ("0", False),
        (True, True),
        (False, False),
        (1, True),
        (0, False),
        (Decimal("1"), True),
        (None, None),
        ("", None),
        ("peut-être", None),
        (2, None),
    ],
)
def test_parse_bool(value, expected):
    assert parse_bool(value) is expected


@pytest.mark.parametrize(("value", "expected"), [("oui", True), ("non", False), ("NC", None)])
def test_innovative_accepts_oui_non(value, expected):
    assert normalise("marche", marche(marcheInnovant=value)).publication.get("marcheInnovant") is expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (
            {"considerationSociale": ["Clause sociale", "Critère social"]},
            {"Clause sociale", "Critère social"},
        ),
        ({"considerationSociale": "Marché réservé"}, {"Marché réservé"}),
        (["Clause sociale", "Marché réservé"], {"Clause sociale", "Marché réservé"}),
        ("Critère social, Clause sociale", {"Critère social", "Clause sociale"}),
        ("Critère social,Clause sociale", {"Critère social", "Clause sociale"}),
        (["Critère social, Marché réservé"], {"Critère social", "Marché réservé"}),
        ({"considerationSociale": ["Critère social, Clause sociale"]}, {"Critère social", "Clause sociale"}),
        ("Pas de considération sociale", {"Pas de considération sociale"}),
        (["Pas de considération sociale", "Clause sociale"], {"Clause sociale"}),
        ("Pas de considération sociale, Critère social", {"Critère social"}),
        ("clause  sociale", {"Clause sociale"}),
        ("Critere social", {"Critère social"}),
        ("Concession réservée", {"Marché réservé"}),
        (["Clause environnementale", "N'importe quoi"], set()),
        ("Clause environnementale, Clause sociale", {"Clause sociale"}),
        (None, set()),
        ({}, set()),
        ([None, 3], set()),
    ],
)
def test_parse_considerations(value, expected):
    assert parse_considerations(value) == frozenset(expected)


def test_comma_joined_considerations_in_a_record():
    record = normalise("marche", marche(considerationsSociales="Critère social, Clause sociale"))
    assert record.social_considerations == {"Critère social", "Clause sociale"}


@pytest.mark.parametrize(
    "buyer",
    [{"id": "12345678901234"}, {"id": "1234"}, {"id": ""}, {}, None, {"id": "2175000163004A"}],
)
def test_invalid_buyer_siret_is_rejected(buyer):
    raw = marche(acheteur=buyer)
    assert rejected("marche", raw).startswith("SIRET de l'acheteur invalide : ")


def test_invalid_buyer_reason_quotes_the_value_and_uid():
    with pytest.raises(RejectedRecord) as info:
        normalise("marche", marche(acheteur={"id": "12345678901234"}))
    assert info.value.reason == "SIRET de l'acheteur invalide : 12345678901234"
    assert info.value.uid == "2024-M-001"
    assert str(info.value) == info.value.reason


def test_invalid_concession_authority_is_rejected():
    reason = rejected("concession", concession(autoriteConcedante={"id": "12345678901250"}))
    assert reason == "SIRET de l'acheteur invalide : 12345678901250"


def test_buyer_siret_with_spaces_or_as_number_and_buyer_name():
    record = normalise("marche", marche(acheteur={"id": "217 500 016 30040", "nom": " Ville  de Paris "}))
    assert record.buyer_siret == BUYER and record.buyer_name == "Ville de Paris"
    assert normalise("marche", marche(acheteur={"id": int(BUYER)})).buyer_siret == BUYER


@pytest.mark.parametrize("uid", [None, "", "  "])
def test_missing_id_is_rejected(uid):
    assert rejected("marche", marche(id=uid)) == "Identifiant (« id ») absent."


def test_numeric_id_becomes_text():
    assert normalise("marche", marche(id=20240001)).uid == "20240001"


def test_non_object_record_is_rejected():
    assert rejected("marche", "oups") == "L'enregistrement n'est pas un objet JSON."


def test_unknown_kind_is_a_programming_error():
    with pytest.raises(ValueError):
        normalise("accord", marche())


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-03-01", date(2024, 3, 1)),
        ("2024-03-01+01:00", date(2024, 3, 1)),
        ("2024-03-01Z", date(2024, 3, 1)),
        ("2024-03-01T10:30:00+02:00", date(2024, 3, 1)),
        (" 2024-03-01 ", date(2024, 3, 1)),
    ],
)
def test_dates_with_timezone_suffix(value, expected):
    assert parse_date(value) == expected
    assert normalise("marche", marche(dateNotification=value)).notification_date == expected


@pytest.mark.parametrize("value", ["01/03/2024", "2024-02-30", "2024-13-01", "hier", 20240301])
def test_invalid_notification_date_is_rejected(value):
    assert rejected("marche", marche(dateNotification=value)).startswith("Date de notification invalide")


@pytest.mark.parametrize("value", [None, "", "NC"])
def test_missing_notification_date_is_rejected(value):
    assert rejected("marche", marche(dateNotification=value)).startswith("Date de notification absente")


def test_invalid_concession_signature_date_is_rejected():
    assert rejected("concession", concession(dateSignature="02/04/2024")).startswith("Date de notification")


@pytest.mark.parametrize(
    ("cpv", "expected"),
    [
        ("45000000-7", "45000000-7"),
        ("45000000", "45000000"),
        (45000000, "45000000"),
        (" 45000000-7 ", "45000000-7"),
        ("4500000", ""),
        ("45000000-77", ""),
        ("Travaux", ""),
        (None, ""),
    ],
)
def test_cpv(cpv, expected):
    assert normalise("marche", marche(codeCPV=cpv)).cpv == expected


def test_procedure_is_stripped():
    assert normalise("marche", marche(procedure="  Appel d'offres ouvert ")).procedure == "Appel d'offres ouvert"


@pytest.mark.parametrize(
    ("place", "expected"),
    [
        ({"code": "69001", "typeCode": "Code postal"}, "69001"),
        ({"code": 75001, "typeCode": "code postal"}, "75001"),
        ({"code": "69123", "typeCode": "Code commune"}, ""),
        ({"code": "69", "typeCode": "Code département"}, ""),
        ({"code": "69001"}, ""),
        (None, ""),
        ("69001", ""),
    ],
)
def test_place_postcode(place, expected):
    assert normalise("marche", marche(lieuExecution=place)).place_postcode == expected


def test_flat_and_wrapped_contractors_are_equivalent():
    wrapped = normalise("marche", marche(titulaires=[{"titulaire": {"id": CONTRACTOR, "typeIdentifiant": "SIRET"}}]))
    flat = normalise("marche", marche(titulaires=[{"id": CONTRACTOR, "typeIdentifiant": "SIRET"}]))
    single = normalise("marche", marche(titulaires={"titulaire": {"id": CONTRACTOR}}))
    assert wrapped.contractors == flat.contractors == single.contractors == ((CONTRACTOR, "SIRET", True),)


def test_flat_concessionnaires():
    record = normalise("concession", concession(concessionnaires=[{"id": CONTRACTOR}, {"id": OTHER_BUYER}]))
    assert [c.id for c in record.contractors] == [CONTRACTOR, OTHER_BUYER]


def test_contractor_type_defaults_to_siret_and_invalid_sirets_are_kept_but_marked():
    record = normalise(
        "marche",
        marche(
            titulaires=[
                {"titulaire": {"id": "12345678901234"}},  # no typeIdentifiant -> SIRET, bad Luhn
                {"titulaire": {"id": "868768687576575", "typeIdentifiant": "SIRET"}},  # 15 digits
                {"titulaire": {"id": "FR12345678901", "typeIdentifiant": "TVA"}},
                {"titulaire": {"id": CONTRACTOR, "typeIdentifiant": ""}},
                {"titulaire": {"id": CONTRACTOR}},  # duplicate
            ]
        ),
    )
    assert record.contractors == (
        DecpContractor("12345678901234", "SIRET", False),
        DecpContractor("868768687576575", "SIRET", False),
        DecpContractor("FR12345678901", "TVA", True),
        DecpContractor(CONTRACTOR, "SIRET", True),
    )
    assert record.contractors[0].valid is False and record.contractors[0][:2] == ("12345678901234", "SIRET")


def test_no_contractors():
    assert normalise("marche", marche(titulaires=None)).contractors == ()


def test_wrapped_modifications_sorted_by_id_give_effective_values():
    raw = marche(
        modifications=[
            {
                "modification": {
                    "id": 10,
                    "montant": "NC",
                    "dureeMois": 40,
                    "dateNotificationModification": "2025-06-01+02:00",
                }
            },
            {"modification": {"id": 2, "montant": 150000, "dateNotificationModification": "2024-09-01"}},
            {
                "modification": {
                    "id": "1",
                    "montant": 130000,
                    "dureeMois": 30,
                    "datePublicationDonneesModification": "2024-06-02",
                }
            },
        ]
    )
    record = normalise("marche", raw)
    assert [m.id for m in record.modifications] == ["1", "2", "10"]
    assert record.modifications[0] == DecpModification("1", date(2024, 6, 2), Decimal(130000), 30)
    assert record.modifications[2] == DecpModification("10", date(2025, 6, 1), None, 40)
    assert record.initial_amount == Decimal("120000") and record.initial_duration_months == 24
    assert record.amount == Decimal("150000")  # last modification giving an amount
    assert record.duration_months == 40  # last modification giving a duration


def test_flat_modifications():
    raw = marche(modifications=[{"id": 1, "montant": "130 000,50", "dateNotificationModification": "2024-06-01"}])
    record = normalise("marche", raw)
    assert record.modifications == (DecpModification("1", date(2024, 6, 1), Decimal("130000.50"), None),)
    assert record.amount == Decimal("130000.50") and record.duration_months == 24


def test_concession_modifications_use_valeur_globale_and_signature_date():
    raw = concession(
        modifications=[
            {
                "modification": {
                    "id": 1,
                    "valeurGlobale": 3000000,
                    "dureeMois": 72,
                    "dateSignatureModification": "2025-01-15",
                    "datePublicationDonneesModification": "2025-01-20",
                }
            }
        ]
    )
    record = normalise("concession", raw)
    assert record.modifications == (DecpModification("1", date(2025, 1, 15), Decimal(3000000), 72),)
    assert record.amount == Decimal(3000000) and record.initial_amount == Decimal("2500000.50")
    assert record.duration_months == 72 and record.initial_duration_months == 60


def test_modification_with_bad_date_is_kept_without_date():
    raw = marche(modifications=[{"id": "A", "montant": 1000, "dateNotificationModification": "bientôt"}])
    assert normalise("marche", raw).modifications == (DecpModification("A", None, Decimal(1000), None),)


def test_modification_with_aberrant_amount_rejects_the_record():
    raw = marche(modifications=[{"modification": {"id": 1, "montant": "1e17"}}])
    assert rejected("marche", raw).startswith("Montant aberrant")


# --------------------------------------------------------------------------- helpers


@pytest.mark.parametrize(
    ("value", "wrapper", "expected"),
    [
        (None, "titulaire", []),
        ([{"titulaire": {"id": 1}}, {"titulaire": {"id": 2}}], "titulaire", [{"id": 1}, {"id": 2}]),
        ([{"id": 1}, {"id": 2}], "titulaire", [{"id": 1}, {"id": 2}]),
        ({"titulaire": [{"id": 1}]}, "titulaire", [{"id": 1}]),
        ({"titulaire": {"id": 1}}, "titulaire", [{"id": 1}]),
        ({"id": 1}, "titulaire", [{"id": 1}]),
        ({"considerationSociale": ["A", "B"]}, "considerationSociale", ["A", "B"]),
        ("A", "considerationSociale", ["A"]),
        ([None, "A"], None, ["A"]),
    ],
)
def test_as_list(value, wrapper, expected):
    assert as_list(value, wrapper) == expected


def test_parse_decimal_and_int():
    assert parse_decimal("NC") is None
    assert parse_decimal(Decimal("10.3")) == Decimal("10.3")
    assert parse_decimal(0.1) == Decimal("0.1")  # no binary float noise
    assert parse_int("NC") is None and parse_int("12") == 12
    with pytest.raises(ValueError):
        parse_decimal("douze")
    with pytest.raises(ValueError):
        parse_decimal(False)


def test_parse_date_none_and_errors():
    assert parse_date(None) is None and parse_date("NC") is None
    assert parse_date(date(2024, 1, 2)) == date(2024, 1, 2)
    with pytest.raises(ValueError):
        parse_date("2024-1-2")


@pytest.mark.parametrize(
    ("kind", "raw", "defence"),
    [
        ("marche", marche(nature="Marché de défense ou de sécurité"), True),
        ("marche", marche(nature="MARCHE DE DEFENSE OU DE SECURITE"), True),  # accents and case folded
        ("marche", marche(nature="Marché"), False),
        ("marche", marche(nature="Marché de partenariat"), False),
        ("concession", concession(nature="Marché de défense ou de sécurité"), False),
    ],
)
def test_defence_or_security_contract_from_the_published_nature(kind, raw, defence):
    assert normalise(kind, raw).defence_or_security is defence
