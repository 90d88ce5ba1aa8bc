"""What the pages say of Climat et Résilience: the contract page (each status with its article, the threshold and
its text), the review, the home's alert naming the missing thresholds, the exemption form citing the paragraph of
each reason, the contract form's threshold facts."""

import html
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.template import Context, Template
from django.urls import reverse

from clauses.models import ClimateExemption
from clauses.thresholds import CLIMAT_RESILIENCE_START
from markets.models import Market
from tests.factories import ConsiderationFactory, MarketFactory

START = CLIMAT_RESILIENCE_START


def page(client, user, market) -> str:
    client.force_login(user)
    return html.unescape(client.get(reverse("markets:detail", args=[market.pk])).content.decode())


def test_contract_page_of_a_contract_to_bring_into_line_names_its_threshold_and_article(client, facilitator):
    market = MarketFactory(nature="services", amount=Decimal("300000"), publication_date=START)
    content = page(client, facilitator, market)
    assert "Climat et Résilience (article L2112-2-1) : à mettre en conformité." in content
    assert "216\u00a0000 € HT (services · autre pouvoir adjudicateur, règlement délégué (UE) 2025/2152" in content
    assert "Consigner un motif d'exemption" in content


def test_contract_page_says_an_unknown_threshold_is_not_compliant_and_what_is_missing(client, facilitator):
    market = MarketFactory(nature="travaux", amount=Decimal("6000000"), publication_date=date(2028, 3, 3))
    content = page(client, facilitator, market)
    assert "Climat et Résilience (article L2112-2-1) : seuil inconnu." in content
    assert (
        "Aucun seuil européen « travaux et concessions · autre pouvoir adjudicateur » n'est enregistré pour le "
        in content
    )
    assert "03/03/2028" in content and "ne tient pas ce marché pour conforme" in content


def test_contract_page_of_a_defence_contract_shows_why_it_is_excluded(client, facilitator):
    market = MarketFactory(amount=Decimal("6000000"), publication_date=START, defence_or_security=True)
    content = page(client, facilitator, market)
    assert "marché de défense ou de sécurité : hors du champ de l'article L2112-2-1" in content
    assert "à mettre en conformité" not in content


def test_contract_page_of_an_exempt_contract_cites_the_paragraph_of_its_reason(client, facilitator):
    market = MarketFactory(amount=Decimal("6000000"), publication_date=START)
    ClimateExemption.objects.create(market=market, reason="solution_disponible", details="Catalogue UGAP")
    content = page(client, facilitator, market)
    assert "Climat et Résilience (article L2112-2-1) : exempté." in content
    assert "besoin satisfait par une solution immédiatement disponible (L2112-2-1, 1°) – Catalogue UGAP" in content


def test_contract_page_of_a_concession_cites_l3114_2_1(client, facilitator):
    market = MarketFactory(
        nature="services", contract_type="concession", amount=Decimal("6000000"), publication_date=START
    )
    ClimateExemption.objects.create(market=market, reason="concurrence")
    content = page(client, facilitator, market)
    assert "Climat et Résilience (article L3114-2-1) : exempté." in content
    assert "restriction de la concurrence (L3114-2-1, 2°)" in content


@pytest.mark.parametrize(
    ("fields", "says"),
    [
        ({"amount": Decimal("100000"), "publication_date": START}, "non concerné.</strong> Sous le seuil européen"),
        ({"publication_date": date(2026, 8, 21)}, "non concerné.</strong> Consultation lancée avant le 22/08/2026"),
        ({"publication_date": None}, "à compléter.</strong> Renseignez le montant estimé HT"),
    ],
)
def test_contract_page_when_the_obligation_does_not_apply_or_cannot_be_judged(client, facilitator, fields, says):
    assert says in page(client, facilitator, MarketFactory(**fields))


def test_compliant_contract_says_so(client, facilitator):
    market = MarketFactory(amount=Decimal("6000000"), publication_date=START)
    ConsiderationFactory(market=market, status="retenue")
    assert "Climat et Résilience (article L2112-2-1) : conforme." in page(client, facilitator, market)


def test_home_alerts_the_admin_to_the_missing_thresholds(client, admin_user):
    MarketFactory(nature="travaux", amount=Decimal("6000000"), publication_date=date(2028, 3, 3), status="programme")
    MarketFactory(nature="services", amount=Decimal("50000"), publication_date=date(2028, 5, 1), status="programme")
    client.force_login(admin_user)
    content = html.unescape(client.get(reverse("home")).content.decode())
    assert (
        "Seuil européen inconnu :</strong> aucun seuil « travaux et concessions · autre pouvoir adjudicateur » n'est "
        "enregistré à partir du 03/03/2028 (1 marché lancé à ces dates" in content
    )
    assert "aucun seuil « services · autre pouvoir adjudicateur » n'est enregistré à partir du 01/05/2028" in content
    assert "L'administrateur de la plateforme ajoute les seuils de la période" in content
    assert "seuil inconnu" in content and "2 au seuil inconnu" in content


def test_review_shows_unknown_thresholds_and_defence_contracts(client, facilitator):
    unknown = MarketFactory(amount=Decimal("6000000"), publication_date=date(2028, 3, 3), status="programme")
    MarketFactory(amount=Decimal("6000000"), publication_date=START, status="programme", defence_or_security=True)
    client.force_login(facilitator)
    response = client.get(reverse("clauses:review"))
    content = html.unescape(response.content.decode())
    assert "Climat et Résilience (article L2112-2-1) : seuil inconnu." in content
    assert "Aucun seuil européen « travaux et concessions · autre pouvoir adjudicateur » pour le 03/03/2028" in content
    assert "Marché de défense ou de sécurité : hors du champ de l'article L2112-2-1." in content
    assert [row.market for row in response.context["rows"] if row.climate == "seuil_inconnu"] == [unknown]


def test_exemption_form_offers_the_reasons_of_the_contracts_article(client, facilitator):
    market = MarketFactory(amount=Decimal("6000000"), publication_date=START)
    concession = MarketFactory(contract_type="concession", amount=Decimal("6000000"), publication_date=START)
    client.force_login(facilitator)
    content = html.unescape(client.get(reverse("clauses:exemption", args=[market.pk])).content.decode())
    for label in (
        "besoin satisfait par une solution immédiatement disponible (L2112-2-1, 1°)",
        "lien insuffisant avec l'objet du marché (L2112-2-1, 2°)",
        "restriction de la concurrence (L2112-2-1, 3°)",
        "exécution techniquement ou économiquement difficile (L2112-2-1, 3°)",
    ):
        assert label in content
    content = html.unescape(client.get(reverse("clauses:exemption", args=[concession.pk])).content.decode())
    assert "(article L3114-2-1 du code de la commande publique" in content
    assert "lien insuffisant avec l'objet du marché (L3114-2-1, 1°)" in content
    assert "solution immédiatement disponible" not in content
    response = client.post(reverse("clauses:exemption", args=[concession.pk]), {"reason": "solution_disponible"})
    assert response.status_code == 200 and not ClimateExemption.objects.filter(market=concession).exists()
    assert "Sélectionnez un choix valide" in html.unescape(response.content.decode())


def test_a_concession_cannot_record_a_solution_immediately_available(db):
    exemption = ClimateExemption(market=MarketFactory(contract_type="concession"), reason="solution_disponible")
    with pytest.raises(ValidationError) as error:
        exemption.full_clean()
    assert error.value.message_dict["reason"] == ["Ce motif n'est pas prévu pour une concession (article L3114-2-1)."]


def test_social_services_must_be_services_in_the_form_and_in_the_database(client, facilitator, buyer):
    client.force_login(facilitator)
    fields = {
        "buyer": buyer.pk,
        "reference": "2026-INS-001",
        "object": "Marché d'insertion",
        "nature": "travaux",
        "contract_type": "marche",
        "social_services": "on",
    }
    response = client.post(reverse("markets:create"), fields)
    assert response.status_code == 200
    assert "sont des services : choisissez la nature « services »" in html.unescape(response.content.decode())
    assert client.post(reverse("markets:create"), {**fields, "nature": "services"}).status_code == 302
    assert Market.objects.get(reference="2026-INS-001").social_services
    with pytest.raises(IntegrityError), transaction.atomic():
        MarketFactory(nature="fournitures", social_services=True)


def test_contract_page_section_reads_the_threshold_in_one_more_query(facilitator, django_assert_num_queries):
    market = MarketFactory(nature="services", amount=Decimal("300000"), publication_date=START)
    template = Template("{% load clauses_tags %}{% market_considerations market user %}")
    # trades, considerations, Climat et Résilience status (exemption), the threshold that applies (its text)
    with django_assert_num_queries(4):
        content = html.unescape(template.render(Context({"market": market, "user": facilitator})))
    assert "règlement délégué (UE) 2025/2152" in content
