"""The national reference data Levier's code holds, written into the database: by the data migration and by the
demo (seed_demo), each time without touching a row the platform admin has changed."""

from .thresholds import DEFAULT_THRESHOLDS


def seed_eu_thresholds(model) -> int:
    """The EU thresholds of clauses.thresholds (2024-2025, 2026-2027) in ``model`` (the EuThreshold of the
    migration's state, or the model): a missing row is created; a row of the same key and period keeps its amount,
    and gets its text when it has none and its amount is the code's. Returns the number of rows created."""
    created = 0
    for threshold in DEFAULT_THRESHOLDS:
        row, new = model.objects.get_or_create(
            valid_from=threshold.valid_from,
            purchase=threshold.purchase,
            buyer_type=threshold.buyer_type,
            defaults={"valid_until": threshold.valid_until, "amount": threshold.amount, "source": threshold.source},
        )
        if not new and not row.source and row.amount == threshold.amount:
            row.source = threshold.source
            row.save(update_fields=["source"])
        created += new
    return created
