"""PostgreSQL row-level security: the database's own check that a connection reads and writes only the rows of
its scope (territories.scope), under the checks of the querysets (``visible_to``).

Each app declares the policies of its tables in its migrations with ``RowSecurity``. A contract or an action plan
is read in the scope's territories or by the user of its buyer (``of_territory_or_buyer``); a table with its own
territory column (most copy their parent's: territories.copies) where that territory is one the scope reaches
(``of_territory``): its own, or for a buyer user those that follow one of its contracts or plans; the few
others where their parent row is visible (``of_parent``: the parent's policy applies inside the subquery). Rows
are written only in the scope's own territories (``writes``). A buyer user's contracts are its organisation's
only; what hangs on them is read, in the database, as the rest of their territory's (the pages show it nothing
more than its own). FORCE makes the policies bind the tables' owner, the role Levier connects as; a superuser
or a BYPASSRLS role escapes them, which the ``levier.E001`` check refuses.
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
CREATE OR REPLACE FUNCTION levier_reachable_territories() RETURNS bigint[] LANGUAGE plpgsql STABLE AS $$
BEGIN  -- PL/pgSQL: the contracts' and plans' tables, which come later, are read for a buyer user only
  IF levier_organisation() IS NULL THEN
    RETURN levier_territories();
  END IF;
  RETURN levier_territories() || ARRAY(
    SELECT territory_id FROM markets_market WHERE buyer_id = levier_organisation()
    UNION SELECT territory_id FROM reporting_actionplan WHERE buyer_id = levier_organisation());
END $$;
"""
DROP_FUNCTIONS = (
    "DROP FUNCTION levier_reachable_territories(); DROP FUNCTION levier_every_territory(); "
    "DROP FUNCTION levier_territories(); DROP FUNCTION levier_organisation();"
)
READ, WRITE = "levier_reachable_territories", "levier_territories"


def of_territory(column: str = "territory_id", territories: str = READ) -> str:
    # the functions in sub-selects: evaluated once per query (an InitPlan), not once per row
    return f"((SELECT levier_every_territory()) OR {column} = ANY ((SELECT {territories}())::bigint[]))"


def writes(using: str) -> str:
    """The check of the rows written: the scope's own territories, never those a buyer only reaches."""
    return using.replace(f"{READ}()", f"{WRITE}()")


def of_territory_or_buyer(column: str = "territory_id", buyer: str = "buyer_id") -> str:
    """The contracts' own policy (and the plans'): levier_reachable_territories reads the contracts."""
    return f"({of_territory(column, WRITE)} OR {buyer} = (SELECT levier_organisation()))"


def of_parent(column: str, table: str) -> str:
    return f"{column} IN (SELECT id FROM {table})"


class RowSecurity(migrations.RunSQL):
    """Enables and forces row-level security on ``table`` with one policy: rows are read where ``using`` holds
    and written where ``check`` (by default ``writes(using)``) holds."""

    def __init__(self, table: str, using: str, check: str | None = None):
        self.table, self.using, self.check = table, using, check
        super().__init__(
            f'ALTER TABLE "{table}" ENABLE ROW LEVEL SECURITY; ALTER TABLE "{table}" FORCE ROW LEVEL SECURITY; '
            f'CREATE POLICY scope ON "{table}" USING ({using}) WITH CHECK ({check or writes(using)});',
            f'DROP POLICY scope ON "{table}"; ALTER TABLE "{table}" NO FORCE ROW LEVEL SECURITY; '
            f'ALTER TABLE "{table}" DISABLE ROW LEVEL SECURITY;',
        )
