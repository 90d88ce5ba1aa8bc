"""Whether a month of hours is plausible for one person: all their hours of that month, on every contract and with
every company, stay within the monthly maximum (settings.LEVIER_MAX_MONTH_HOURS, about a full-time month at the
legal maximum). The hand entry and the statement import check it, with the month's other lines."""

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.template.defaultfilters import floatformat


def maximum() -> Decimal:
    return settings.LEVIER_MAX_MONTH_HOURS


def excess_message(total: Decimal, month: date, limit: Decimal | None = None) -> str | None:
    """Why ``total`` hours of one person in ``month`` (every contract together) are refused, or None."""
    limit = maximum() if limit is None else limit
    if total <= limit:
        return None
    return (
        f"{floatformat(total, '-2')} h pour cette personne en {month:%m/%Y}, tous marchés confondus : au-delà du "
        f"maximum de {floatformat(limit, '-2')} h par mois"
    )
