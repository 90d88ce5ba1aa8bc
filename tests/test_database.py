"""PostgreSQL is the one database: DATABASE_URL's server (15 to 18), or the one embedded in the project."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from config import database


def test_a_url_names_the_server():
    settings = database.database_settings("postgres://levier:secret@db.example.org:5433/levier", 60)
    assert settings["ENGINE"] == "django.db.backends.postgresql"
    assert (settings["HOST"], settings["PORT"], settings["NAME"], settings["CONN_MAX_AGE"]) == (
        "db.example.org",
        5433,
        "levier",
        60,
    )


@pytest.mark.parametrize("url", ["sqlite:///db.sqlite3", "mysql://root@localhost/levier"])
def test_another_database_is_refused_in_french(url):
    with pytest.raises(ImproperlyConfigured, match="PostgreSQL"):
        database.database_settings(url, 60)


def test_the_embedded_server_listens_on_a_socket_of_the_project_only():
    url = database.embedded_url("levier")
    assert url.startswith("postgresql://levier@%2F") and url.endswith("/levier")
    assert "var%2Fpostgres" in url  # the socket lives in the project's git-ignored data folder, no TCP port


@pytest.mark.django_db
def test_the_suite_runs_on_a_supported_postgresql():
    assert connection.vendor == "postgresql"
    assert 15 <= connection.pg_version // 10000 <= 18
