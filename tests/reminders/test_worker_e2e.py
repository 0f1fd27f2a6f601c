"""End to end: a real Celery worker process, a real broker, the real database.

The worker is started as a separate process against the broker in CELERY_BROKER_URL (Redis in
CI) and the test database, the dispatch is sent through the broker twice, and each reminder must
arrive exactly once. It needs a database another process can open (PostgreSQL: SQLite's test
database lives in this process's memory) and a reachable broker; elsewhere it is skipped with
the reason, and CI (CI_SERVICES_REQUIRED=1) fails instead of skipping.
"""

import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from reminders.models import Reminder
from tests.factories import UserFactory, VisitFactory
from visits.models import FollowUp

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parents[2]


def need(condition: bool, reason: str) -> None:
    if condition:
        return
    if os.environ.get("CI_SERVICES_REQUIRED"):
        pytest.fail(f"CI requires this test to run: {reason}")
    pytest.skip(reason)


def broker_reachable(url: str) -> bool:
    from kombu import Connection

    try:
        with Connection(url, connect_timeout=2) as conn:
            conn.ensure_connection(max_retries=1)
        return True
    except Exception:
        return False


def database_url() -> str:
    db = connection.settings_dict
    password = f":{quote(db['PASSWORD'])}" if db.get("PASSWORD") else ""
    return (
        f"postgres://{quote(db['USER'])}{password}@{db['HOST'] or '127.0.0.1'}:"
        f"{db['PORT'] or 5432}/{db['NAME']}"
    )


@pytest.fixture
def worker(tmp_path):
    broker = settings.CELERY_BROKER_URL
    need(
        connection.vendor == "postgresql",
        "needs PostgreSQL: a worker process cannot see "
        "SQLite's in-memory test database (set DATABASE_URL)",
    )
    need(broker.startswith("redis://"), "needs a Redis broker (set CELERY_BROKER_URL=redis://...)")
    need(broker_reachable(broker), f"no Redis reachable at {broker}")

    from config.celery import app

    app.control.purge()
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "CELERY_BROKER_URL": broker,
        "EMAIL_URL": f"filemail:///{mail_dir}",  # environ drops one leading slash
    }
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "--app",
            "config",
            "worker",
            "--pool",
            "solo",
            "--loglevel",
            "INFO",
            "--without-heartbeat",
            "--without-gossip",
            "--without-mingle",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        yield process, mail_dir
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


def wait_for(check, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.5)
    return False


def test_a_real_worker_delivers_each_reminder_once_when_the_dispatch_is_sent_twice(worker):
    process, mail_dir = worker
    today = timezone.localdate()
    owners = [UserFactory(username=f"owner{n}", email=f"owner{n}@io.example.edu") for n in range(3)]
    visit = VisitFactory()
    for owner in owners:
        FollowUp.objects.create(
            visit=visit,
            title=f"Send the draft MoU ({owner.username})",
            owner=owner,
            due_on=today - timedelta(days=7),
            status=FollowUp.Status.OPEN,
        )

    from reminders.tasks import dispatch

    dispatch.delay(today.isoformat())
    dispatch.delay(today.isoformat())

    delivered = wait_for(lambda: Reminder.objects.filter(delivered_at__isnull=False).count() == 3)
    if not delivered:
        process.terminate()
        output = process.communicate(timeout=20)[0]
        pytest.fail(f"the worker did not deliver the reminders; its log:\n{output[-4000:]}")

    time.sleep(3)  # room for a wrong second delivery to show up
    assert Reminder.objects.count() == 3
    sent = "".join(path.read_text() for path in mail_dir.iterdir())
    for owner in owners:
        assert sent.count(f"To: {owner.email}") == 1
