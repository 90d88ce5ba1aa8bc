"""Small pure rules of the DECP import (no database): buyer category, status, date arithmetic."""

from __future__ import annotations

import calendar
from datetime import date

from markets.enums import Status
from partners.enums import BuyerCategory

# First two digits of the SIREN of public bodies -> buyer category (it decides the EU threshold).
# [check] INSEE's legal categories are finer than this; the prefix is a good first guess for public
# bodies and anything else falls back to "autre", which a facilitator can correct on the buyer's page.
SIREN_PREFIX_CATEGORIES = {
    "11": BuyerCategory.CENTRAL_GOVERNMENT,  # services de l'État
    "12": BuyerCategory.CENTRAL_GOVERNMENT,
    "13": BuyerCategory.CENTRAL_GOVERNMENT,  # établissements publics nationaux
    "21": BuyerCategory.LOCAL_AUTHORITY,  # communes
    "22": BuyerCategory.LOCAL_AUTHORITY,  # départements, régions
    "24": BuyerCategory.LOCAL_AUTHORITY,  # EPCI, groupements de collectivités
    "26": BuyerCategory.PUBLIC_ESTABLISHMENT,  # établissements publics locaux (hôpitaux, CCAS…)
    "27": BuyerCategory.SOCIAL_LANDLORD,  # offices publics de l'habitat
}


def buyer_category_from_siret(siret: str) -> str:
    """``BuyerCategory`` guessed from the SIREN prefix; ``"autre"`` when the prefix says nothing."""
    return SIREN_PREFIX_CATEGORIES.get(siret[:2], BuyerCategory.OTHER).value


def add_months(start: date, months: int) -> date:
    """``start`` plus ``months`` calendar months (31 January + 1 month = 28/29 February)."""
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def status_from_dates(notification_date: date, duration_months: int | None, today: date) -> str:
    """A notified contract is "en exécution", or "clos" once notification + duration is past."""
    if duration_months is not None and add_months(notification_date, duration_months) < today:
        return Status.CLOSED.value
    return Status.EXECUTION.value
