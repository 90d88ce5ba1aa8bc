"""The territory a table copies from its parent row (a lot from its contract, an action from its
consideration…; not the hour lines, a million a territory, written in bulk: followup 0005), so that its
row-level security policy reads its own column instead of looking its parent up: a subquery over the parent table
in a policy is computed for every query that reads the table, and keeps the planner from the indexes (the home
page took twice as long).

The copy is kept by the database: a BEFORE trigger sets it from the parent on every INSERT and UPDATE, whatever
the write path; a row whose parent the connection cannot see gets none, which NOT NULL refuses; and a row never
changes territory (its children copy it in turn)."""

import pgtrigger
from django.db import migrations, models

from .row_security import RowSecurity, of_territory


def territory_copy(null: bool = False) -> models.ForeignKey:
    """The column: filled by the trigger (the ORM writes NULL, the trigger replaces it before NOT NULL is checked)."""
    return models.ForeignKey(
        "territories.Territory",
        on_delete=models.CASCADE,
        related_name="+",
        editable=False,
        blank=True,
        null=null,
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


def copy_columns(copies) -> list:
    """The operations of the migration that gives tables the copy, for each (table, model, parent column, parent
    table) of ``copies``: the column, nullable; every row's parent territory; NOT NULL. The migration adds the
    triggers after them (they refuse a row's change of territory, which filling the column is)."""
    return [
        *(migrations.AddField(model, "territory", territory_copy(null=True)) for _, model, _, _ in copies),
        migrations.RunSQL(
            " ".join(
                f"UPDATE {table} row SET territory_id = parent.territory_id FROM {parent_table} parent "
                f"WHERE parent.id = row.{parent_column};"
                for table, _, parent_column, parent_table in copies
            )
            + " SET CONSTRAINTS ALL IMMEDIATE;",
            migrations.RunSQL.noop,
        ),
        *(migrations.AlterField(model, "territory", territory_copy()) for _, model, _, _ in copies),
    ]


def copy_policies(copies) -> list:
    """The row-level security of the tables of ``copies``: their own territory column."""
    return [RowSecurity(table, of_territory()) for table, *_ in copies]
