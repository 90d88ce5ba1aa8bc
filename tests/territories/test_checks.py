"""The deploy check levier.E001: Levier's PostgreSQL role must not escape the row-level security."""

import os

import psycopg
import pytest
from django.core.checks import Tags, run_checks
from django.db import OperationalError, connection
from django.db.backends.postgresql.base import DatabaseWrapper

from config.database import EMBEDDED_SUPERUSER
from territories.checks import row_security_errors

# The superuser the test connects as: the embedded server's (no password on its socket), or the one
# TEST_SUPERUSER_URL names (CI's system PostgreSQL, whose superuser needs a password over TCP).
SUPERUSER_URL = os.environ.get("TEST_SUPERUSER_URL")


@pytest.fixture
def superuser_connection():
    settings = dict(connection.settings_dict, NAME="postgres", USER=EMBEDDED_SUPERUSER, PASSWORD="")
    if SUPERUSER_URL:
        url = psycopg.conninfo.conninfo_to_dict(SUPERUSER_URL)
        settings |= {"USER": url["user"], "PASSWORD": url.get("password", ""), "HOST": url.get("host", "")}
        settings |= {"PORT": url.get("port", ""), "NAME": url.get("dbname", "postgres")}
    wrapper = DatabaseWrapper(settings, alias="superuser")
    try:
        wrapper.ensure_connection()
    except OperationalError as error:  # the server refuses the superuser: say how to give it
        pytest.skip(f"pas de connexion superutilisateur ({error}) : définissez TEST_SUPERUSER_URL")
    yield wrapper
    wrapper.close()


@pytest.mark.django_db  # pytest-django lets a test open connections only with its database
def test_a_superuser_connection_is_reported(superuser_connection):
    with superuser_connection.cursor() as cursor:
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        assert cursor.fetchone() == (True,)  # a real superuser, not a look-alike
    errors = row_security_errors(superuser_connection)
    assert [error.id for error in errors] == ["levier.E001"]
    assert f"« {superuser_connection.settings_dict['USER']} » est superutilisateur" in errors[0].msg


@pytest.mark.django_db
def test_levier_s_own_role_passes_the_deploy_checks():
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user, rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user")
        assert cursor.fetchone() == ("levier", False, False)
    assert row_security_errors(connection) == []
    ids = {message.id for message in run_checks(tags=[Tags.security], include_deployment_checks=True)}
    assert "levier.E001" not in ids
