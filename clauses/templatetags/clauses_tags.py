"""The hook through which the contract page shows its considerations, without markets importing clauses."""

from django import template
from django.db.models import Count
from django.template.defaultfilters import floatformat

from accounts.permissions import can_edit
from markets.models import Market

from ..enums import ClimateStatus, Kind, Unit
from ..models import EuThreshold
from ..queries import with_climate_flag, with_social_consideration
from ..recommendations import computed_hours
from ..review import ReferenceData, contract_facts, has_insertion_hours
from ..text import consideration_calculation, objective_text
from ..thresholds import CLIMAT_RESILIENCE_START, climate_article, threshold_key_label

register = template.Library()


@register.inclusion_tag("clauses/includes/market_considerations.html")
def market_considerations(market, user):
    """The "Considérations sociales" section of a contract page: its considerations, their warnings and
    the Climat et Résilience status. Three queries whatever the number of considerations, a fourth when an EU
    threshold applies (its text)."""
    reference = ReferenceData.load(market.territory, climate=False)
    # through the contract's manager, each consideration knows its contract (the reservation rules read it)
    considerations = list(
        market.considerations.select_related("lot").annotate(category_count=Count("eligible_categories"))
    )
    climate = (
        with_social_consideration(with_climate_flag(Market.objects.filter(pk=market.pk)))
        .select_related("climate_exemption")
        .get()
    )
    market_hours = computed_hours(contract_facts(market, reference, has_prior_contract_in_sector=True))
    with_hours = has_insertion_hours(considerations)
    rows = [
        (
            consideration,
            consideration.findings(
                has_insertion_hours=with_hours,
                market_hours=market_hours,
                minimum_hours=reference.territory.minimum_hours,
                category_count=consideration.category_count,
            ),
        )
        for consideration in considerations
    ]
    return {
        "market": market,
        "rows": rows,
        "market_hours": market_hours,
        "territory": reference.territory,
        "counts": climate.has_social_consideration,
        **climate_context(climate),
        "can_edit": can_edit(user),
    }


def climate_context(market) -> dict:
    """What clauses/includes/climate.html shows of a contract annotated by with_climate_flag: its status, the
    article, the threshold's key and, when one applies, the threshold itself (one query then)."""
    threshold = None
    if market.eu_threshold is not None:
        threshold = EuThreshold.objects.covering(
            market.threshold_purchase, market.threshold_buyer, market.publication_date
        ).first()
    return {
        "climate": ClimateStatus(market.climate_status),
        "climate_article": climate_article(market.contract_type),
        "threshold_label": threshold_key_label(market.threshold_purchase, market.threshold_buyer),
        "threshold": threshold,
        "exemption": getattr(market, "climate_exemption", None),
        "start": CLIMAT_RESILIENCE_START,
    }


@register.filter
def percent(fraction):
    """0.055 → "5,5" (a fraction shown as a percentage, French decimals)."""
    if fraction in (None, ""):
        return ""
    return floatformat(fraction * 100, "-1")


@register.filter
def calculation(consideration):
    """« 1 000 000 € HT × 50 % de main-d'œuvre × 5 % d'insertion ÷ 30 € de coût horaire moyen = 833 h »."""
    return consideration_calculation(consideration)


@register.filter
def objective(consideration):
    """« 833 heures », or « Objectif retenu : 600 h ; calcul : 833 h » when the objective is not the calculation's."""
    return objective_text(consideration)


@register.filter
def kind_label(value):
    return Kind(value).label


@register.filter
def unit_label(value):
    return Unit(value).label if value else ""


@register.filter(name="climate_article")
def climate_article_filter(contract_type):
    """The article of the Climat et Résilience obligation for this type of contract."""
    return climate_article(contract_type)
