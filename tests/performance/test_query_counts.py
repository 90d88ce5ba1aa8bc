"""A page's query count does not grow with the database: the same at volume scales 0.01 (100 contracts, 10,000
hour lines) and 0.1 (1,000 contracts, 100,000 hour lines), as issue 8 asks (demo/volume.py)."""

import pytest
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from demo.volume import build_volume, delete_volume_data, sample_pages

SCALES = (0.01, 0.1)
# The marker makes pytest-django create the test database before the module fixture below runs.
pytestmark = pytest.mark.django_db
PAGE_KEYS = ["home", "buyer_home", "market_list", "market", "company", "reports", "market_pdf", "coordination_home"]


def count_queries(client: Client, url: str) -> int:
    client.get(url)  # warm-up: caches filled on a first request do not count
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


@pytest.fixture(scope="module")
def query_counts(django_db_setup, django_db_blocker) -> dict[float, dict[str, int]]:
    """Builds each scale in turn and counts every page's queries; everything is rolled back at the end."""
    counts = {}
    with django_db_blocker.unblock(), transaction.atomic():
        for scale in SCALES:
            delete_volume_data()
            build_volume(scale)
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")  # the planner sees the volume, as in service (VACUUM needs a commit)
            clients = {}
            for key, _, username, url in sample_pages():
                if username not in clients:
                    clients[username] = Client()
                    clients[username].force_login(User.objects.get(username=username))
                counts.setdefault(scale, {})[key] = count_queries(clients[username], url)
        transaction.set_rollback(True)
    return counts


@pytest.mark.parametrize("page", PAGE_KEYS)
def test_query_count_does_not_grow_with_the_volume(query_counts, page):
    small, large = (query_counts[scale][page] for scale in SCALES)
    assert small == large, f"{page} : {small} requêtes à l'échelle {SCALES[0]}, {large} à {SCALES[1]}"


def test_every_benchmarked_page_is_checked(query_counts):
    assert sorted(query_counts[SCALES[0]]) == sorted(PAGE_KEYS)
