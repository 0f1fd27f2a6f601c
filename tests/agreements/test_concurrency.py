"""Requests that arrive at the same moment. These need PostgreSQL's row locks (SQLite runs one
write at a time, so there is no race to show); CI runs them against PostgreSQL."""

import threading

import pytest
from django.db import connection, connections

from agreements import services
from agreements.models import Agreement, ScholarshipAward
from tests.factories import QuotaFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="concurrent writes need PostgreSQL (set DATABASE_URL); CI runs them there",
    ),
]


def run_at_once(target, count):
    barrier = threading.Barrier(count)
    results = []

    def worker(n):
        try:
            barrier.wait()
            results.append(("ok", target(n)))
        except Exception as exc:  # collected, and asserted on by the test
            results.append(("error", exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def test_concurrent_awards_never_overfill_a_quota():
    quota = QuotaFactory(places=3)
    results = run_at_once(
        lambda n: services.award_create(
            quota=quota, candidate_name=f"Student {n}", status="awarded"
        ),
        10,
    )
    assert sum(1 for kind, _ in results if kind == "ok") == 3
    assert all("places" in str(exc) for kind, exc in results if kind == "error")
    assert ScholarshipAward.objects.filter(quota=quota, status="awarded").count() == 3


def test_agreements_created_at_the_same_moment_get_distinct_references():
    results = run_at_once(lambda n: services.agreement_create(title=f"MoU {n}").reference, 8)
    assert [kind for kind, _ in results] == ["ok"] * 8
    references = [value for _, value in results]
    assert len(set(references)) == 8
    assert Agreement.objects.count() == 8
