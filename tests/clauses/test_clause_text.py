"""The clause text to paste into the CCAP: the printable page and the .docx, opened with python-docx."""

import io
from decimal import Decimal

from django.urls import reverse
from docx import Document

from tests.factories import ConsiderationFactory, EligibleCategoryFactory, EligibleListFactory, LotFactory


def docx_text(response) -> str:
    document = Document(io.BytesIO(response.content))
    return "\n".join(paragraph.text for paragraph in document.paragraphs)


def insertion_clause(market):
    eligible_list = EligibleListFactory(source="CCAG 2021 §16.1")
    consideration = ConsiderationFactory(
        market=market,
        lot=LotFactory(market=market, number=2, title="Peinture"),
        calc_amount=Decimal("1000000"),
        calc_labour_share=Decimal("0.5"),
        calc_hourly_cost=Decimal("30"),
        calc_insertion_rate=Decimal("0.05"),
        modalities=["embauche", "mise_a_disposition"],
        penalty_per_unit=Decimal("60"),
    )
    consideration.eligible_categories.set(
        [
            EligibleCategoryFactory(eligible_list=eligible_list, label="Allocataires du RSA", proof="attestation CAF"),
            EligibleCategoryFactory(eligible_list=eligible_list, label="Jeunes de moins de 26 ans"),
        ]
    )
    consideration.eligible_list = eligible_list
    consideration.save()
    return consideration


def test_docx_holds_every_section_in_french(client, facilitator, market):
    facilitator.first_name, facilitator.last_name, facilitator.email = "Fanny", "Mercier", "fanny@example.org"
    facilitator.save()
    consideration = insertion_clause(market)
    client.force_login(facilitator)
    response = client.get(reverse("clauses:docx", args=[consideration.pk]))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument")
    assert "attachment" in response["Content-Disposition"]
    text = docx_text(response)
    for expected in (
        "Clause sociale – clause sociale d'insertion (heures)",
        "1. Objet et périmètre",
        "au lot 2 « Peinture » du marché",
        market.reference,
        "2. Contact du facilitateur",
        "Fanny Mercier, fanny@example.org",
        "3. Publics éligibles",
        "(CCAG 2021 §16.1)",
        "– Allocataires du RSA (justificatif : attestation CAF)",
        "4. Volume et objectifs",
        "Objectif chiffré : 833 heures.",
        "= 833 h.",
        "5. Modalités de réalisation",
        "– mise à disposition par une AI, une ETTI ou un GEIQ",
        "6. Suivi et justificatifs",
        "7. Pénalités",
        "pénalité de 60 € par unité manquante (heures)",
    ):
        assert expected in text, expected


def test_printable_page_shows_the_same_sections(client, buyer_user, market):
    consideration = insertion_clause(market)
    client.force_login(buyer_user)
    content = client.get(reverse("clauses:text", args=[consideration.pk])).content.decode()
    assert "7. Pénalités" in content and "d-print-none" in content


def test_clause_without_penalty_or_publics_says_what_is_missing(client, facilitator, market):
    consideration = ConsiderationFactory(
        market=market,
        kind="social_actions",
        penalty_per_unit=None,
        actions_offered=["visite"],
        contractor_chooses=True,
        unit="actions",
    )
    client.force_login(facilitator)
    text = docx_text(client.get(reverse("clauses:docx", args=[consideration.pk])))
    assert "Aucune pénalité n'est encore prévue : à compléter avant publication." in text
    assert "Le titulaire choisit parmi les actions suivantes :" in text
    assert "Les publics éligibles sont ceux de la clause sociale du CCAG applicable." in text
