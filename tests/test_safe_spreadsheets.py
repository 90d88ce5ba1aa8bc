"""No export writes a live formula: a text cell beginning with =, +, -, @, a tab or a carriage return comes out
prefixed with an apostrophe, in CSV and in XLSX, while numbers stay numbers (partners.spreadsheets.safe_cell)."""

import csv
import io
import json
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from followup.hours_import import template_csv
from markets.decp.importer import import_decp
from partners.spreadsheets import FORMULA_STARTS, safe_cell
from reporting import open_data
from tests.factories import (
    ConsiderationFactory,
    ContractorFactory,
    LotFactory,
    MarketFactory,
    OrganisationFactory,
    ParticipantFactory,
    RealisedActionFactory,
    RealisedHoursFactory,
)

HYPERLINK = '=HYPERLINK("http://x")'
SUM = "@SUM(1)"
CMD = "=cmd|' /C calc'!A0"


@pytest.mark.parametrize(
    "value,expected",
    [
        (HYPERLINK, "'" + HYPERLINK),
        (SUM, "'@SUM(1)"),
        (CMD, "'" + CMD),
        ("+1+1", "'+1+1"),
        ("-2+3", "'-2+3"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("Ville de Tours", "Ville de Tours"),
        ("", ""),
        (-5, -5),
        (Decimal("-5.5"), Decimal("-5.5")),
        (None, None),
        (date(2026, 3, 1), date(2026, 3, 1)),
    ],
)
def test_safe_cell_prefixes_formula_texts_only(value, expected):
    assert safe_cell(value) == expected


@pytest.fixture
def hostile(buyer, facilitator):
    buyer.name = CMD
    buyer.save()
    market = MarketFactory(buyer=buyer, facilitator=facilitator, reference="-2+3", object=HYPERLINK, amount=1000)
    clause = ConsiderationFactory(market=market, status="en_cours")
    company = OrganisationFactory(name=SUM)
    contractor = ContractorFactory(lot=LotFactory(market=market), organisation=company)
    person = ParticipantFactory(first_name="+33 6 00", last_name="=1+1", reference="P-0001")
    RealisedHoursFactory(
        consideration=clause,
        contractor=contractor,
        participant=person,
        status="validee",
        validated_at=timezone.now(),
        month=date(2026, 3, 1),
        hours_worked=Decimal("12.5"),
    )
    actions = ConsiderationFactory(market=market, kind="social_actions", unit="actions", target=Decimal(3))
    RealisedActionFactory(consideration=actions, contractor=contractor, description="@SUM(1) visite")
    return market


def xlsx_cells(content: bytes) -> list:
    sheet = load_workbook(io.BytesIO(content)).active
    return [cell for row in sheet.iter_rows() for cell in row]


def csv_cells(content: bytes) -> list[str]:
    return [value for row in csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";") for value in row]


DATASETS = ["marches", "heures", "actions", "participants", "enquete"]
HOSTILE_IN = {
    "marches": [HYPERLINK, CMD, "-2+3"],
    "heures": ["-2+3", SUM],
    "actions": ["-2+3", SUM, "@SUM(1) visite"],
    "participants": ["=1+1", "+33 6 00"],
    "enquete": [],
}


@pytest.mark.parametrize("dataset", DATASETS)
def test_the_xlsx_export_has_no_formula(client, facilitator, hostile, dataset):
    client.force_login(facilitator)
    response = client.get(reverse("reporting:export", args=[dataset, "xlsx"]), {"year": 2026})
    cells = xlsx_cells(response.content)
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    texts = [cell.value for cell in cells if isinstance(cell.value, str)]
    assert not [text for text in texts if text.startswith(FORMULA_STARTS)]
    for value in HOSTILE_IN[dataset]:
        assert "'" + value in texts, value
    if dataset == "heures":
        assert Decimal("12.5") in [cell.value for cell in cells]  # a number stays a number


@pytest.mark.parametrize("dataset", DATASETS)
def test_the_csv_export_has_no_formula(client, facilitator, hostile, dataset):
    client.force_login(facilitator)
    response = client.get(reverse("reporting:export", args=[dataset, "csv"]), {"year": 2026})
    cells = csv_cells(response.content)
    assert not [cell for cell in cells if cell.startswith(FORMULA_STARTS)]
    for value in HOSTILE_IN[dataset]:
        assert "'" + value in cells, value
    if dataset == "heures":
        assert "12,5" in cells


def test_open_data_csv_neutralises_a_territory_name_and_keeps_negative_numbers():
    written = open_data.csv_bytes({"territoire": HYPERLINK, "ecart": Decimal("-5"), "part": Decimal("-1.5")})
    rows = list(csv.reader(io.StringIO(written.decode())))
    assert rows[1] == ["'" + HYPERLINK, "-5", "-1.5"]


def test_the_decp_rejects_report_neutralises_the_file_s_identifiers(facilitator, tmp_path):
    source = tmp_path / "decp.json"
    source.write_text(json.dumps({"marches": {"marche": [{"id": CMD, "montant": "x"}]}}))
    report = tmp_path / "rejets.csv"
    result = import_decp(source, territory=facilitator.territory, report_path=report)
    assert result.rejected == 1
    rows = list(csv.reader(io.StringIO(report.read_text(encoding="utf-8"))))
    assert rows[1][1] == "'" + CMD


def test_the_statement_template_has_no_formula():
    assert not [cell for cell in csv_cells(template_csv().encode()) if cell.startswith(FORMULA_STARTS)]
