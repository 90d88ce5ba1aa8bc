"""The territory a table copies from its parent row (a lot from its contract, an hour line from its
consideration…), so that its row-level security policy reads its own column instead of looking its parent up:
a subquery over the parent table in a policy is computed for every query that reads the table, and keeps the
planner from the indexes (the home page took twice as long).

The copy is kept by the database: a BEFORE trigger sets it from the parent on every INSERT and UPDATE, whatever
the write path; a row whose parent the connection cannot see gets none, which NOT NULL refuses; and a row never
changes territory (its children copy it in turn)."""

import pgtrigger
from django.db import models


def territory_copy() -> models.ForeignKey:
    """The column: filled by the trigger (the ORM writes NULL, the trigger replaces it before NOT NULL is checked)."""
    return models.ForeignKey(
        "territories.Territory",
        on_delete=models.CASCADE,
        related_name="+",
        editable=False,
        blank=True,
        db_index=False,
        verbose_name="territoire",
    )


def copy_trigger(parent_column: str, parent_table: str) -> pgtrigger.Trigger:
    return pgtrigger.Trigger(
        name="territory_from_parent",
        when=pgtrigger.Before,
        operation=pgtrigger.Insert | pgtrigger.Update,
        func=(
            f"NEW.territory_id := (SELECT territory_id FROM {parent_table} WHERE id = NEW.{parent_column}); "
            "IF TG_OP = 'UPDATE' AND NEW.territory_id IS DISTINCT FROM OLD.territory_id THEN "
            "RAISE EXCEPTION 'Une ligne de % ne change pas de territoire.', TG_TABLE_NAME "
            "USING ERRCODE = 'check_violation'; END IF; RETURN NEW;"
        ),
    )


def fill_sql(table: str, parent_column: str, parent_table: str) -> str:
    """For the migration that adds the column: every row takes its parent's territory."""
    return (
        f"UPDATE {table} row SET territory_id = parent.territory_id FROM {parent_table} parent "
        f"WHERE parent.id = row.{parent_column};"
    )
