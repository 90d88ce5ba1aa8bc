"""Key figures, aggregated in the database over the contracts a user may see."""

from django.db.models import Count, Sum

from markets.enums import Status


def status_counts(markets) -> list[dict]:
    counts = dict(markets.order_by().values_list("status").annotate(n=Count("pk")))
    return [{"status": status, "label": status.label, "count": counts.get(status.value, 0)} for status in Status]


def key_figures(markets) -> dict:
    totals = markets.order_by().aggregate(count=Count("pk"), amount=Sum("amount"))
    return {"market_count": totals["count"], "total_amount": totals["amount"] or 0}
