"""Penalties as the CCAG 2021 frame them (followup.penalties): shortfall → formal notice → answer → decision, in
that order only (forms and database), each step in the history; the contract's cap on penalties."""

from datetime import date, timedelta
from decimal import Decimal
from html import unescape

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from followup import penalties
from followup.models import PenaltyDecision
from tests.factories import ConsiderationFactory, ContractorFactory, LotFactory, OrganisationFactory
from tests.reporting.pdftext import pdf_text


@pytest.fixture
def ended(market):
    """The fixture's contract (1 000 000 € HT), over since the end of 2024."""
    market.start_date, market.end_date = date(2024, 1, 1), date(2024, 12, 31)
    market.save()
    return market


@pytest.fixture
def short(ended):
    """100 hours missing at 40 € each: a computed penalty of 4 000 €."""
    return ConsiderationFactory(market=ended, target=Decimal(100), penalty_per_unit=Decimal(40))


def text(response) -> str:
    return unescape(response.content.decode()).replace("\xa0", " ")


def page(client, clause) -> str:
    return text(client.get(reverse("followup:penalty", args=[clause.pk])))


def post(client, step, clause, data):
    return client.post(reverse(f"followup:penalty_{step}", args=[clause.pk]), data)


def notify(client, clause, notice="2025-01-10", deadline="2025-01-25"):
    return post(client, "notice", clause, {"notice_date": notice, "answer_deadline": deadline})


def answer(client, clause, on="2025-01-20", text="Un sous-traitant a fait défaut en fin de chantier."):
    return post(client, "answer", clause, {"answer_date": on, "answer": text})


def decide(client, clause, decision="appliquee", on="2025-02-03", **data):
    return post(client, "decision", clause, {"decision": decision, "decided_on": on, **data})


def errors(response) -> str:
    assert response.status_code == 200, "the form is shown again"
    return text(response)


def test_the_notice_states_the_computed_shortfall_and_offers_the_ccag_deadline(client, facilitator, short):
    client.force_login(facilitator)
    response = client.get(reverse("followup:penalty", args=[short.pk]))
    form = response.context["form"]
    today = timezone.localdate()
    assert (form.initial["notice_date"], form.initial["answer_deadline"]) == (today, today + timedelta(days=15))
    assert response.context["progress"].penalty == Decimal(4000)  # 100 missing hours × 40 €
    notify(client, short)
    procedure = PenaltyDecision.objects.get()
    assert (procedure.missing_units, procedure.computed_amount, procedure.notified_by) == (100, 4000, facilitator)
    assert (procedure.notice_date, procedure.answer_deadline) == (date(2025, 1, 10), date(2025, 1, 25))
    assert procedure.step == "mise_en_demeure" and procedure.decision == ""


def test_no_formal_notice_before_a_shortfall(client, facilitator, short):
    short.end_date = timezone.localdate()  # not over yet (over from the day after its end), whatever the date
    short.save()
    client.force_login(facilitator)
    assert "Pas de pénalité à notifier" in errors(notify(client, short))
    assert not PenaltyDecision.objects.exists()


def test_the_deadline_for_the_answer_comes_after_the_notice(client, facilitator, short):
    client.force_login(facilitator)
    assert penalties.DEADLINE_AFTER_NOTICE in errors(notify(client, short, "2025-01-10", "2025-01-10"))
    assert not PenaltyDecision.objects.exists()
    with pytest.raises(IntegrityError, match="penalty_deadline_after_notice"):
        PenaltyDecision.objects.create(
            consideration=short,
            missing_units=100,
            computed_amount=4000,
            notice_date=date(2025, 1, 10),
            answer_deadline=date(2025, 1, 9),
        )


def test_decision_before_formal_notice_is_refused(client, facilitator, short):
    client.force_login(facilitator)
    content = errors(decide(client, short))
    assert penalties.DECISION_AFTER_NOTICE in content
    assert penalties.DECISION_AFTER_NOTICE in errors(decide(client, short, amount="100"))
    assert "La décision suit la mise en demeure de l'entreprise" in content
    assert not PenaltyDecision.objects.exists()
    decision = PenaltyDecision(
        consideration=short,
        missing_units=100,
        computed_amount=4000,
        decision="appliquee",
        amount=4000,
        decided_on=date(2025, 2, 3),
    )
    with pytest.raises(ValidationError) as refused:  # the database's constraints, in the same words
        decision.validate_constraints()
    assert penalties.DECISION_AFTER_NOTICE in refused.value.messages
    with transaction.atomic(), pytest.raises(IntegrityError, match="penalty_decision_after_"):
        decision.save()


def test_decision_before_deadline_without_answer_is_refused(client, facilitator, short):
    client.force_login(facilitator)
    notify(client, short, "2025-01-10", "2025-01-25")
    assert penalties.DECISION_AFTER_ANSWER in errors(decide(client, short, on="2025-01-20"))
    assert PenaltyDecision.objects.get().decision == ""
    procedure = PenaltyDecision.objects.get()
    procedure.decision, procedure.amount, procedure.decided_on = "appliquee", 4000, date(2025, 1, 20)
    with transaction.atomic(), pytest.raises(IntegrityError, match="penalty_decision_after_answer"):
        procedure.save()
    # the answer came before the deadline: the decision may follow it, before the deadline
    answer(client, short, on="2025-01-15")
    assert decide(client, short, on="2025-01-20").status_code == 302
    assert PenaltyDecision.objects.get().decided_on == date(2025, 1, 20)


def test_no_answer_is_recorded_only_once_the_deadline_has_passed(client, facilitator, short):
    client.force_login(facilitator)
    today = timezone.localdate()
    notify(client, short, str(today - timedelta(days=2)), str(today + timedelta(days=13)))
    assert penalties.NO_ANSWER_AFTER_DEADLINE in errors(post(client, "answer", short, {"no_answer": "on"}))
    procedure = PenaltyDecision.objects.get()
    procedure.answer_deadline = today - timedelta(days=1)  # the deadline passed
    procedure.save()
    assert post(client, "answer", short, {"no_answer": "on"}).status_code == 302
    procedure.refresh_from_db()
    assert (procedure.no_answer, procedure.answer_date, procedure.answer) == (True, today, "")
    assert decide(client, short, on=str(today)).status_code == 302


def test_waiver_needs_a_reason(client, facilitator, short):
    client.force_login(facilitator)
    notify(client, short)
    answer(client, short)
    assert "Une renonciation à la pénalité est motivée." in errors(decide(client, short, "renonciation", reason=""))
    assert PenaltyDecision.objects.get().decision == ""
    decide(client, short, "renonciation", reason="Entreprise en redressement judiciaire.")
    procedure = PenaltyDecision.objects.get()
    assert (procedure.decision, procedure.amount, procedure.computed_amount) == ("renonciation", None, 4000)
    assert (procedure.decided_by, procedure.counted_amount) == (facilitator, 0)


def test_the_computed_penalty_applies_by_default_and_a_lower_one_needs_a_reason(client, facilitator, short):
    client.force_login(facilitator)
    notify(client, short)
    answer(client, short)
    assert client.get(reverse("followup:penalty", args=[short.pk])).context["form"].initial["amount"] == 4000
    assert penalties.AMOUNT_WITHIN_COMPUTED in errors(decide(client, short, amount="4500"))
    assert penalties.LOWERED_HAS_REASON in errors(decide(client, short, amount="2 500,00"))
    decide(client, short, amount="2 500,00", reason="Deux mois d'intempéries reconnus.")
    procedure = PenaltyDecision.objects.get()
    assert (procedure.amount, procedure.counted_amount) == (Decimal(2500), Decimal(2500))


def test_each_step_is_in_the_history_with_its_author(client, facilitator, admin_user, short):
    client.force_login(facilitator)
    notify(client, short)
    client.force_login(admin_user)
    answer(client, short)
    client.force_login(facilitator)
    decide(client, short, amount="4000")
    steps = PenaltyDecision.history.order_by("history_date")
    assert [(row.history_type, row.history_user) for row in steps] == [
        ("+", facilitator),
        ("~", admin_user),
        ("~", facilitator),
    ]
    notice, reply, decision = steps
    assert (notice.notice_date, notice.notified_by, notice.answer_date) == (date(2025, 1, 10), facilitator, None)
    assert (reply.answer_date, reply.answer_recorded_by, reply.decision) == (date(2025, 1, 20), admin_user, "")
    assert (decision.decision, decision.amount, decision.decided_by) == ("appliquee", 4000, facilitator)
    history = text(client.get(reverse("followup:history", args=[short.market_id])))
    assert "Réponse reçue le" in history and "Pénalité appliquée (€)" in history
    for step in ("mise en demeure envoyée, réponse attendue", "réponse de l'entreprise reçue", "décision prise"):
        assert f"considération n° {short.pk} : {step}" in history
    content = page(client, short)
    assert "envoyée le 10/01/2025, réponse attendue au plus tard le 25/01/2025" in content
    assert f"enregistrée par {admin_user}" in content and f"décidée par {facilitator}" in content


def test_buyers_read_the_steps_and_the_amounts_without_a_form(client, facilitator, buyer_user, short):
    client.force_login(facilitator)
    notify(client, short)
    answer(client, short)
    client.force_login(buyer_user)
    response = client.get(reverse("followup:penalty", args=[short.pk]))
    content = text(response)
    assert "form" not in response.context and "<form" not in content.split("<main", 1)[-1]
    assert "Un sous-traitant a fait défaut en fin de chantier." in content and "4 000,00 €" in content
    assert decide(client, short).status_code == 403


def test_penalties_reaching_10_percent_of_the_amount_warn(client, facilitator, ended):
    ended.amount = Decimal(100000)  # cap: 10 000 €
    ended.save()
    applied = ConsiderationFactory(market=ended, target=Decimal(200), penalty_per_unit=Decimal(30))  # 6 000 €
    notified = ConsiderationFactory(  # 5 000 €
        market=ended, lot=LotFactory(market=ended), target=Decimal(100), penalty_per_unit=Decimal(50)
    )
    client.force_login(facilitator)
    notify(client, applied)
    answer(client, applied)
    decide(client, applied, amount="6000")
    assert "plafond" not in "".join(str(m) for m in client.get("/").context["messages"])
    # the second penalty, at each step: « avec cette pénalité… »
    with_this = "Avec cette pénalité, le total atteint 11 % du montant, au-delà du plafond de 10 % prévu au marché."
    assert with_this in page(client, notified)
    response = notify(client, notified)
    assert with_this in [str(message) for message in client.get(response["Location"]).context["messages"]]
    assert with_this in page(client, notified)
    # the follow-up page and the contract page
    everywhere = "Les pénalités appliquées et proposées atteignent 11 % du montant, au-delà du plafond de 10 %"
    for url in (reverse("followup:market", args=[ended.pk]), ended.get_absolute_url()):
        assert everywhere in text(client.get(url)), url
    # the pure function: applied and proposed count, a waiver does not; exactly at the cap is « soit le plafond »
    procedures = list(PenaltyDecision.objects.all())
    cap = penalties.penalty_cap(procedures, Decimal(110000), Decimal(10))
    assert (cap.total, cap.cap, cap.reached) == (11000, 11000, True)
    assert cap.warning.endswith("atteignent 10 % du montant, soit le plafond de 10 % prévu au marché.")
    assert not penalties.penalty_cap(procedures, Decimal(110001), Decimal(10)).reached
    assert penalties.penalty_cap(procedures, None, Decimal(10)).unknown


def test_cap_stated_in_the_contract_replaces_the_default(client, facilitator, ended, buyer):
    assert ended.penalty_cap_rate == 10  # the CCAG 2021's, by default
    ended.amount = Decimal(100000)
    ended.save()
    short = ConsiderationFactory(market=ended, target=Decimal(220), penalty_per_unit=Decimal(50))  # 11 000 €
    client.force_login(facilitator)
    notify(client, short)
    assert "au-delà du plafond de 10 % prévu au marché" in page(client, short)
    data = {
        "buyer": buyer.pk,
        "reference": ended.reference,
        "object": ended.object,
        "nature": "travaux",
        "contract_type": "marche",
        "amount": "100000",
        "penalty_cap_rate": "12,5",
        "start_date": "2024-01-01",
        "end_date": "2024-12-31",
    }
    assert client.post(reverse("markets:update", args=[ended.pk]), data).status_code == 302
    ended.refresh_from_db()
    assert ended.penalty_cap_rate == Decimal("12.5")
    content = page(client, short)
    assert "plafond de 12,5 % prévu au marché" not in content and "plafond : 12,5 %, 12 500,00 €" in content
    assert "pénalités appliquées et proposées sur les considérations du marché : 11 000,00 €, soit 11 %" in content
    response = client.post(reverse("markets:update", args=[ended.pk]), {**data, "penalty_cap_rate": "120"})
    assert "Le plafond ne dépasse pas 100 % du montant." in text(response)
    client.post(reverse("markets:update", args=[ended.pk]), {**data, "penalty_cap_rate": ""})
    ended.refresh_from_db()
    assert ended.penalty_cap_rate == 10  # left empty: the CCAG's


def test_the_contract_report_pdf_shows_the_cap_warning(client, facilitator, ended):
    ended.amount = Decimal(30000)
    ended.save()
    short = ConsiderationFactory(market=ended, target=Decimal(100), penalty_per_unit=Decimal(40))  # 4 000 €
    client.force_login(facilitator)
    notify(client, short)
    answer(client, short)
    decide(client, short, amount="4000")
    response = client.get(reverse("reporting:market_report", args=[ended.pk]))
    text = " ".join(pdf_text(response.content).replace("\xa0", " ").split())
    assert "Les pénalités appliquées et proposées atteignent 13,33 % du montant, au-delà du plafond de 10 % " in text
    assert "prévu au marché." in text
    assert "le 10/01/2025, réponse attendue au plus tard le 25/01/2025" in text
    assert "Pénalité appliquée : 4 000,00 €, le 03/02/2025" in text


@pytest.fixture
def busy_contract(client, facilitator, ended):
    """30 considerations of the contract with their procedures at every step."""
    client.force_login(facilitator)
    clauses = []
    for number in range(30):
        clause = ConsiderationFactory(
            market=ended, lot=LotFactory(market=ended, number=number + 1), target=100, penalty_per_unit=10
        )
        notify(client, clause)
        if number % 3:
            answer(client, clause)
        if number % 3 == 2:
            decide(client, clause, amount="1000")
        clauses.append(clause)
    return clauses


@pytest.mark.parametrize("step", ["", "_notice", "_answer", "_decision"])
def test_penalty_pages_query_count(client, busy_contract, step, django_assert_num_queries):
    # session, user, the database scope set, the consideration with its contract and realised figures, the
    # contract's procedures with their authors, the scope reset
    with django_assert_num_queries(6):
        response = client.get(reverse(f"followup:penalty{step}", args=[busy_contract[1].pk]))
    assert response.context["cap"].total == 10 * 1000 + 20 * 1000  # 10 applied, 20 proposed (notified)


def test_the_formal_notice_prints_as_a_letter_to_the_contractor(
    client, facilitator, buyer_user, other_buyer_user, short, django_assert_num_queries
):
    lot = LotFactory(market=short.market)
    ContractorFactory(lot=lot, organisation=OrganisationFactory(name="Bâtiments du Val"))
    ContractorFactory(lot=lot, organisation=OrganisationFactory(name="Sous-traitant SARL"), role="sous_traitant")
    client.force_login(facilitator)
    url = reverse("reporting:penalty_notice_letter", args=[short.pk])
    assert client.get(url).status_code == 404  # no notice yet
    notify(client, short)
    # session, user, scope set, the procedure with its contract and buyer, the companies, scope reset
    with django_assert_num_queries(6):
        response = client.get(url)
    letter = " ".join(pdf_text(response.content).replace("\xa0", " ").split())
    assert "Bâtiments du Val (titulaire, lot" in letter and "Sous-traitant SARL" not in letter
    assert "soit une pénalité de 4 000,00 €" in letter and "au plus tard le 25/01/2025" in letter
    client.force_login(buyer_user)
    assert client.get(url).status_code == 200
    client.force_login(other_buyer_user)
    assert client.get(url).status_code == 404
