"""PostgreSQL row-level security: the database's own check that a connection reads and writes only the rows of
its scope (territories.scope), under the checks of the querysets (``visible_to``).

Each app declares the policies of its tables in its migrations with ``RowSecurity``: a table with a territory
column is read where that territory is in the scope (``of_territory``); a contract or an action plan also by the
user of its buyer (``of_territory_or_buyer``); a table below them where its parent row is visible (``of_parent``:
the parent's own policy applies inside the subquery). FORCE makes the policies bind the tables' owner, the role
Levier connects as; a superuser or a BYPASSRLS role escapes them, which the ``levier.E001`` check refuses.
"""

from django.db import migrations

FUNCTIONS = """
CREATE OR REPLACE FUNCTION levier_every_territory() RETURNS boolean LANGUAGE sql STABLE AS
$$ SELECT coalesce(current_setting('levier.territories', true), '') = '*' $$;
CREATE OR REPLACE FUNCTION levier_territories() RETURNS bigint[] LANGUAGE sql STABLE AS
$$ SELECT CASE WHEN coalesce(current_setting('levier.territories', true), '') IN ('', '*') THEN '{}'::bigint[]
   ELSE string_to_array(current_setting('levier.territories', true), ',')::bigint[] END $$;
CREATE OR REPLACE FUNCTION levier_organisation() RETURNS bigint LANGUAGE sql STABLE AS
$$ SELECT nullif(coalesce(current_setting('levier.organisation', true), ''), '')::bigint $$;
"""
DROP_FUNCTIONS = (
    "DROP FUNCTION levier_every_territory(); DROP FUNCTION levier_territories(); DROP FUNCTION levier_organisation();"
)


def of_territory(column: str = "territory_id") -> str:
    # the functions in sub-selects: evaluated once per query (an InitPlan), not once per row
    return f"((SELECT levier_every_territory()) OR {column} = ANY ((SELECT levier_territories())::bigint[]))"


def of_territory_or_buyer(column: str = "territory_id", buyer: str = "buyer_id") -> str:
    return f"({of_territory(column)} OR {buyer} = (SELECT levier_organisation()))"


def of_parent(column: str, table: str) -> str:
    return f"{column} IN (SELECT id FROM {table})"


def for_buyer(condition: str) -> str:
    """A condition a buyer user's rows meet (its contracts and what hangs on them): evaluated only for a buyer."""
    return f"((SELECT levier_organisation()) IS NOT NULL AND {condition})"


def of_copied_territory(parent_column: str, parent_table: str) -> str:
    """A table that copies its parent's territory (territories.copies): its own column, or for a buyer user the
    rows of its visible parents."""
    return f"({of_territory()} OR {for_buyer(of_parent(parent_column, parent_table))})"


class RowSecurity(migrations.RunSQL):
    """Enables and forces row-level security on ``table`` with one policy: rows are read where ``using`` holds
    and written where ``check`` (by default ``using``) holds."""

    def __init__(self, table: str, using: str, check: str | None = None):
        self.table, self.using, self.check = table, using, check
        super().__init__(
            f'ALTER TABLE "{table}" ENABLE ROW LEVEL SECURITY; ALTER TABLE "{table}" FORCE ROW LEVEL SECURITY; '
            f'CREATE POLICY scope ON "{table}" USING ({using}) WITH CHECK ({check or using});',
            f'DROP POLICY scope ON "{table}"; ALTER TABLE "{table}" NO FORCE ROW LEVEL SECURITY; '
            f'ALTER TABLE "{table}" DISABLE ROW LEVEL SECURITY;',
        )
