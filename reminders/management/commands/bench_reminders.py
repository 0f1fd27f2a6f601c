import os
import platform
import random
import time
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from agreements.models import Agreement, NegotiationRound
from partners.models import Institution
from reminders import services
from reminders.models import Reminder
from visits.models import FollowUp, Visit

BATCH = 2000


class Command(BaseCommand):
    help = (
        "Benchmark the daily reminder dispatch: seed agreements, follow-ups and visits into an "
        "EMPTY database, then time one dispatch run (`make bench` uses var/bench.sqlite3)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--agreements", type=int, default=100_000)
        parser.add_argument("--follow-ups", type=int, default=100_000)
        parser.add_argument("--visits", type=int, default=20_000)
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args, agreements, follow_ups, visits, seed, **options):
        if Agreement.objects.exists() or Visit.objects.exists():
            raise CommandError("Run this on an empty database: it adds a lot of data.")
        rng = random.Random(seed)
        today = timezone.localdate()
        started = time.perf_counter()
        self._seed(rng, today, agreements, follow_ups, visits)
        seeded = time.perf_counter() - started

        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            due = services.reminders_dispatch(today=today)
            dispatch = time.perf_counter() - started
        started = time.perf_counter()
        again = services.reminders_dispatch(today=today)
        repeat = time.perf_counter() - started

        self.stdout.write(
            "\n".join(
                [
                    f"machine: {platform.machine()}, {os.cpu_count()} cores, "
                    f"Python {platform.python_version()}, {connection.vendor}",
                    f"seeded {agreements} agreements, {follow_ups} follow-ups, {visits} visits "
                    f"in {seeded:.1f} s",
                    f"dispatch: {due} reminders due, {Reminder.objects.count()} logged, "
                    f"{len(queries.captured_queries)} queries, {dispatch:.2f} s",
                    f"second dispatch the same day: {again} due, nothing new logged, "
                    f"{repeat:.2f} s",
                ]
            )
        )

    def _seed(self, rng, today, agreements, follow_ups, visits):
        User = get_user_model()
        owners = [
            User.objects.create(username=f"bench{n}", email=f"bench{n}@example.edu")
            for n in range(50)
        ]
        host = Institution.objects.create(
            name="Benchmark University", name_key="benchmark university", country="CN"
        )
        now = timezone.now()

        def day(low, high):
            return today + timedelta(days=rng.randint(low, high))

        rows = []
        for n in range(agreements):
            negotiating = n % 10 == 0
            effective = day(-720, -1)
            rows.append(
                Agreement(
                    reference=f"BENCH-{n:06d}",
                    title=f"Agreement {n}",
                    status=Agreement.Status.NEGOTIATING if negotiating else Agreement.Status.ACTIVE,
                    owner=rng.choice(owners),
                    effective_on=None if negotiating else effective,
                    expires_on=None if negotiating else day(1, 1095),
                    notice_days=rng.choice([0, 30, 90]),
                )
            )
        Agreement.objects.bulk_create(rows, batch_size=BATCH)
        negotiating = Agreement.objects.filter(status=Agreement.Status.NEGOTIATING)
        NegotiationRound.objects.bulk_create(
            (
                NegotiationRound(
                    agreement_id=pk, number=1, held_on=day(-120, 0), next_round_on=day(0, 60)
                )
                for pk in negotiating.values_list("pk", flat=True)
            ),
            batch_size=BATCH,
        )

        visit_rows = []
        for n in range(visits):
            starts = day(-365, 730)
            visit_rows.append(
                Visit(
                    title=f"Visit {n}",
                    direction=rng.choice(["inbound", "outbound"]),
                    status="planned",
                    starts_on=starts,
                    ends_on=starts + timedelta(days=rng.randint(0, 4)),
                    host_institution=host,
                    organiser=rng.choice(owners),
                    created_at=now,
                    updated_at=now,
                )
            )
        Visit.objects.bulk_create(visit_rows, batch_size=BATCH)
        visit_ids = list(Visit.objects.values_list("pk", flat=True))

        FollowUp.objects.bulk_create(
            (
                FollowUp(
                    visit_id=rng.choice(visit_ids),
                    title=f"Follow-up {n}",
                    owner=rng.choice(owners),
                    due_on=day(-365, 365),
                    status="open" if n % 5 else "done",
                    completed_at=None if n % 5 else now,
                    created_at=now,
                )
                for n in range(follow_ups)
            ),
            batch_size=BATCH,
        )
