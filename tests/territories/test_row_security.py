"""PostgreSQL's row-level security, tested on its own (no queryset filter helps it): every table of a territory's
data has a policy, and a connection reads and writes only the rows of its scope (territories.scope)."""

import psycopg
import pytest
from django.apps import apps
from django.db import connection, transaction
from django.db.utils import Error as DatabaseError

from territories.models import Territory
from territories.scope import ALL, NOTHING, Scope, database_scope

# Tables that reach a territory through their foreign keys but hold no territory's data, and why. The search for
# territory data does not go through them: a foreign key to a user (`changed_by`, `history_user`…) does not make a
# row a territory's.
SHARED = {
    # the territories themselves: every page names its user's, the platform admin creates them
    "territories_territory",
    # which territories a coordination reads: the database scope of its users is computed from it
    "territories_coordination_territories",
    # the users: signing in reads a user before any scope exists; the admin (accounts.admin_access) and the
    # colleagues' choices (User.objects.colleagues_of) filter them by territory
    "accounts_user",
}
# Rows every scope reads: the national eligible-public lists (no territory) and their categories.
NATIONAL = {
    "clauses_eligiblelist": "territory_id IS NULL",
    "clauses_eligiblecategory": "eligible_list_id IN (SELECT id FROM clauses_eligiblelist WHERE territory_id IS NULL)",
}
# The contract's and the participant's territory cannot change (pgtrigger Protect): their BEFORE UPDATE trigger
# refuses the move to another territory before the policy's WITH CHECK does.
KEPT_TERRITORY = {"markets_market", "partners_participant"}


def concrete_models():
    models = apps.get_models(include_auto_created=True)
    return [model for model in models if model._meta.managed and not model._meta.proxy]


def territory_models() -> dict[str, object]:
    """table → model of every concrete model (auto-created many-to-many and simple_history tables included) that
    reaches territories.Territory through its foreign keys, SHARED tables apart."""
    found = {Territory}
    grown = True
    while grown:
        grown = False
        for model in concrete_models():
            if model in found or model._meta.db_table in SHARED:
                continue
            targets = {field.related_model for field in model._meta.concrete_fields if field.is_relation}
            if targets & found:
                found.add(model)
                grown = True
    return {model._meta.db_table: model for model in found if model._meta.db_table not in SHARED}


TERRITORY_TABLES = territory_models()


def test_the_search_finds_the_tables_of_every_layer():
    # a guard on the search itself: the direct, the nested, the many-to-many and the history tables
    assert {
        "markets_market",
        "markets_contractor",
        "clauses_realisedaction_participants",
        "clauses_historicalrealisedhours",
        "reporting_planindicator",
        "clauses_countedparticipant",
    } <= set(TERRITORY_TABLES)
    assert not {"partners_organisation", "clauses_tradelabourshare", "django_admin_log"} & set(TERRITORY_TABLES)


@pytest.mark.django_db
def test_every_territory_table_has_row_security_enabled_forced_and_a_policy():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity, "
            "EXISTS (SELECT FROM pg_policies p WHERE p.tablename = c.relname AND p.schemaname = 'public') "
            "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = 'public' AND c.relname = ANY(%s)",
            [list(TERRITORY_TABLES)],
        )
        states = {name: (enabled, forced, policy) for name, enabled, forced, policy in cursor.fetchall()}
    assert set(states) == set(TERRITORY_TABLES)
    unprotected = sorted(name for name, state in states.items() if state != (True, True, True))
    assert not unprotected, f"tables of a territory's data without an enabled, forced policy: {unprotected}"


def primary_keys(table: str) -> set:
    """The primary keys of the rows of ``table`` the connection's current scope reads."""
    column = TERRITORY_TABLES[table]._meta.pk.column
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT "{column}" FROM "{table}"')
        return {row[0] for row in cursor.fetchall()}


def national_keys(table: str) -> set:
    if table not in NATIONAL:
        return set()
    column = TERRITORY_TABLES[table]._meta.pk.column
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT "{column}" FROM "{table}" WHERE {NATIONAL[table]}')
        return {row[0] for row in cursor.fetchall()}


def keys_by_scope(scopes: dict) -> dict[str, dict]:
    """table → {scope name: primary keys read in that scope}."""
    result = {}
    for table in TERRITORY_TABLES:
        result[table] = {}
        for name, scope in scopes.items():
            with database_scope(scope):
                result[table][name] = primary_keys(table)
        with database_scope(ALL):
            result[table]["national"] = national_keys(table)
    return result


def scopes_of(first, second) -> dict:
    return {"all": ALL, "first": Scope((first.territory.pk,)), "second": Scope((second.territory.pk,))}


@pytest.mark.django_db
def test_each_territory_reads_its_own_rows_only(two_territories):
    first, second = two_territories
    keys = keys_by_scope(scopes_of(first, second))
    for table, seen in keys.items():
        national = seen["national"]
        # every table holds rows of both territories, so that what follows is not vacuous
        assert seen["first"] - national and seen["second"] - national, f"{table}: the data misses a territory"
        assert seen["first"] & seen["second"] <= national, f"{table}: a row read in both territories"
        assert seen["first"] | seen["second"] == seen["all"], f"{table}: a row of no territory"


@pytest.mark.django_db(transaction=True)
def test_a_connection_without_a_scope_reads_no_territory_row(two_territories):
    """Without the request's territory setting (the WSGI server's default), and on a new connection that never
    set it: the data is committed (a transactional test) so that the second connection would see it."""
    for table in TERRITORY_TABLES:
        with database_scope(NOTHING):
            assert primary_keys(table) <= national_keys(table), table
    settings = connection.settings_dict
    with psycopg.connect(
        dbname=settings["NAME"],
        user=settings["USER"],
        password=settings["PASSWORD"] or None,
        host=settings["HOST"],
        port=settings["PORT"],
    ) as raw:
        assert raw.execute("SELECT current_user").fetchone() == (settings["USER"],)
        for table in TERRITORY_TABLES:
            national = f" WHERE NOT ({NATIONAL[table]})" if table in NATIONAL else ""
            assert raw.execute(f'SELECT count(*) FROM "{table}"{national}').fetchone() == (0,), table
        assert raw.execute("SELECT count(*) FROM markets_market").fetchone() == (0,)
    with database_scope(ALL):
        assert primary_keys("markets_market")  # the rows are there, for a scope that opens them


def writable_columns(table: str) -> list[str]:
    """The columns an INSERT or an UPDATE may set (generated columns apart)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT attname FROM pg_attribute WHERE attrelid = %s::regclass AND attnum > 0 AND NOT attisdropped "
            "AND attgenerated = '' ORDER BY attnum",
            [table],
        )
        return [f'"{name}"' for (name,) in cursor.fetchall()]


def refused(statement: str, params=()) -> str:
    """Runs ``statement`` in a savepoint and returns the class of the database's refusal ('' when it passed)."""
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement, params)
    except DatabaseError as error:
        return type(error.__cause__).__name__
    return ""


@pytest.mark.django_db
def test_a_territory_cannot_write_another_territorys_rows(two_territories):
    first, second = two_territories
    keys = keys_by_scope(scopes_of(first, second))
    second_scope = Scope((second.territory.pk,))
    for table, seen in keys.items():
        model = TERRITORY_TABLES[table]
        pk = model._meta.pk.column
        columns = ", ".join(writable_columns(table))
        theirs = min(seen["first"] - seen["national"])
        ours = min(seen["second"] - seen["national"])
        with connection.cursor() as cursor:
            # a copy of one of the first territory's rows, in a temporary table (no policy), read with every
            # territory open
            cursor.execute(f'CREATE TEMPORARY TABLE stash AS SELECT * FROM "{table}" WHERE "{pk}" = %s', [theirs])
        with database_scope(second_scope):
            # the second territory writes it back (as a new row), then turns one of its own rows into it: the
            # policy's WITH CHECK is checked before the unique constraints, so the copy's duplicate key never
            # gets its say
            inserted = refused(f'INSERT INTO "{table}" ({columns}) SELECT {columns} FROM stash')
            updated = refused(
                f'UPDATE "{table}" SET ({columns}) = (SELECT {columns} FROM stash) WHERE "{pk}" = %s', [ours]
            )
            # and the first territory's row itself is out of reach: an UPDATE or a DELETE finds nothing
            with connection.cursor() as cursor:
                cursor.execute(f'UPDATE "{table}" SET "{pk}" = "{pk}" WHERE "{pk}" = %s', [theirs])
                assert cursor.rowcount == 0, table
                cursor.execute(f'DELETE FROM "{table}" WHERE "{pk}" = %s', [theirs])
                assert cursor.rowcount == 0, table
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE stash")
        assert inserted == "InsufficientPrivilege", f"{table}: INSERT of another territory's row {inserted!r}"
        # or the trigger that keeps a row's territory refuses first: territory_is_kept (contracts, participants),
        # territories.copies (the tables that copy their parent's)
        expected = {"InsufficientPrivilege", "RaiseException"} if table in KEPT_TERRITORY else {"InsufficientPrivilege"}
        expected |= {"CheckViolation"}
        assert updated in expected, f"{table}: UPDATE into another territory's row {updated!r}"
    assert primary_keys("markets_market") == keys["markets_market"]["all"]  # nothing was written or deleted


@pytest.mark.django_db
def test_a_buyer_user_reads_its_contracts_in_every_territory_and_the_rest_of_those_territories(two_territories):
    """Its contracts and plans are its organisation's only; what hangs on contracts (lots, summaries, participants
    for its figures' breakdown) is read as the rest of the territories that follow one of them (the pages show it
    nothing more than its own); the participants' history never."""
    first, second = two_territories
    organisation = first.shared_market.buyer_id
    with database_scope(Scope((), organisation)), connection.cursor() as cursor:
        cursor.execute("SELECT id FROM markets_market")
        markets = {row[0] for row in cursor.fetchall()}
        cursor.execute("SELECT DISTINCT market_id FROM markets_lot")
        lots_of = {row[0] for row in cursor.fetchall()}
        cursor.execute("SELECT territory_id, buyer_id FROM reporting_actionplan")
        plans = sorted(cursor.fetchall())
        cursor.execute("SELECT id FROM partners_participant")
        participants = {row[0] for row in cursor.fetchall()}
        cursor.execute("SELECT DISTINCT territory_id FROM clauses_hourssummary")
        summaries = {row[0] for row in cursor.fetchall()}
        cursor.execute("SELECT count(*) FROM partners_historicalparticipant")
        histories = cursor.fetchone()[0]
    assert markets == {first.shared_market.pk, second.shared_market.pk}
    assert markets < lots_of  # the lots of the other contracts of those territories too
    assert plans == [(first.territory.pk, organisation), (second.territory.pk, organisation)]
    assert {first.shared_participant.pk, second.shared_participant.pk} <= participants
    assert summaries == {first.territory.pk, second.territory.pk}
    assert histories == 0  # the participants' history (their names' past values) is no buyer's
