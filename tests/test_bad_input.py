"""Property-based tests: whatever a person types into a form, the answer is a French form error or a
success, never a server error, and a refused form writes nothing."""

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from markets.models import Market
from partners.models import Organisation

text = st.text(max_size=300)
numberish = st.one_of(
    st.text(max_size=30),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.sampled_from(["NC", "1e17", "-0", "1 000 000,50", "١٢٣", "0x10", ""]),
)
FORM_SETTINGS = settings(max_examples=40, deadline=None,
                         suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


@pytest.fixture
def logged_in(client, facilitator):
    client.force_login(facilitator)
    return client


@FORM_SETTINGS
@given(name=text, siret=numberish, kind=st.sampled_from(["buyer", "company", "inclusive", "x", ""]),
       postcode=text)
def test_organisation_form_never_fails(logged_in, name, siret, kind, postcode):
    before = Organisation.objects.count()
    response = logged_in.post(reverse("partners:create"),
                              {"name": name, "siret": siret, "kind": kind, "postcode": postcode})
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert Organisation.objects.count() == before
        assert "est obligatoire" in response.content.decode() or "invalid-feedback" in response.content.decode()


@FORM_SETTINGS
@given(reference=text, object_=text, amount=numberish, duration=numberish, cpv=text,
       start=st.sampled_from(["2026-01-01", "31/12/2026", "2026-02-30", "", "demain"]))
def test_market_form_never_fails(logged_in, buyer, reference, object_, amount, duration, cpv, start):
    before = Market.objects.count()
    response = logged_in.post(reverse("markets:create"), {
        "buyer": buyer.pk, "reference": reference, "object": object_, "nature": "travaux",
        "contract_type": "marche", "amount": amount, "duration_months": duration, "cpv": cpv, "start_date": start,
    })
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert Market.objects.count() == before
