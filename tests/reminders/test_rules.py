"""Each reminder rule fires on its day, to the right person, and not the day before."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from agreements.models import Agreement
from reminders import services
from reminders.models import Reminder
from tests.factories import (
    AgreementFactory,
    AwardFactory,
    FollowUpFactory,
    NegotiationRoundFactory,
    QuotaFactory,
    UserFactory,
    VisitFactory,
)

pytestmark = pytest.mark.django_db

DAY = date(2027, 3, 10)


@pytest.fixture
def owner(db):
    return UserFactory(username="owner", email="owner@io.example.edu")


def due_on(day):
    """Rules and subjects of what the dispatch logs on ``day``."""
    services.reminders_dispatch(today=day)
    return sorted(
        (r.rule, r.recipient.username)
        for r in Reminder.objects.filter(created_at__isnull=False, due_on=day)
    )


def fires_on_not_before(day, rule, recipient="owner"):
    assert (rule, recipient) not in due_on(day - timedelta(days=1))
    assert (rule, recipient) in due_on(day)


@pytest.mark.parametrize("days_before", [7, 1])
def test_next_negotiation_round(owner, days_before):
    agreement = AgreementFactory(status=Agreement.Status.NEGOTIATING, owner=owner)
    NegotiationRoundFactory(
        agreement=agreement, held_on=DAY - timedelta(days=30), next_round_on=DAY
    )
    fires_on_not_before(DAY - timedelta(days=days_before), "agreements.next_round")


def test_only_the_latest_rounds_next_date_counts(owner):
    agreement = AgreementFactory(status=Agreement.Status.NEGOTIATING, owner=owner)
    NegotiationRoundFactory(
        agreement=agreement, number=1, held_on=DAY - timedelta(days=60), next_round_on=DAY
    )
    NegotiationRoundFactory(agreement=agreement, number=2, held_on=DAY - timedelta(days=5))
    assert due_on(DAY - timedelta(days=7)) == []


def test_follow_up_on_its_due_date_then_weekly_while_open(owner):
    follow_up = FollowUpFactory(owner=owner, due_on=DAY)
    fires_on_not_before(DAY, "visits.follow_up_due")
    assert due_on(DAY + timedelta(days=6)) == []
    fires_on_not_before(DAY + timedelta(days=7), "visits.follow_up_due")
    follow_up.status = "done"
    follow_up.completed_at = timezone.now()
    follow_up.save()
    assert due_on(DAY + timedelta(days=14)) == []


@pytest.mark.parametrize("days_before", [180, 90, 30])
def test_agreement_expiring(owner, days_before):
    AgreementFactory(status=Agreement.Status.ACTIVE, owner=owner, expires_on=DAY)
    fires_on_not_before(DAY - timedelta(days=days_before), "agreements.expiring")


def test_expiring_ignores_agreements_that_are_not_active(owner):
    AgreementFactory(status=Agreement.Status.NEGOTIATING, owner=owner, expires_on=DAY)
    assert due_on(DAY - timedelta(days=30)) == []


def test_last_day_to_give_notice(owner):
    AgreementFactory(status=Agreement.Status.ACTIVE, owner=owner, expires_on=DAY, notice_days=45)
    fires_on_not_before(DAY - timedelta(days=45), "agreements.notice_day")


def test_negotiation_stalled_after_60_days_without_a_round(owner):
    agreement = AgreementFactory(status=Agreement.Status.NEGOTIATING, owner=owner)
    NegotiationRoundFactory(agreement=agreement, held_on=DAY - timedelta(days=60))
    fires_on_not_before(DAY, "agreements.stalled")


@pytest.mark.parametrize("days_before", [14, 2])
def test_visit_coming(days_before):
    organiser = UserFactory(username="organiser")
    VisitFactory(organiser=organiser, starts_on=DAY, status="confirmed")
    fires_on_not_before(DAY - timedelta(days=days_before), "visits.visit_coming", "organiser")


def test_cancelled_visits_are_not_reminded():
    VisitFactory(starts_on=DAY, status="cancelled")
    assert due_on(DAY - timedelta(days=2)) == []


def test_quota_unused_30_days_before_the_academic_year_while_places_remain(owner):
    quota = QuotaFactory(agreement=AgreementFactory(owner=owner, status="active"), places=2)
    AwardFactory(quota=quota, status="awarded")
    full = QuotaFactory(agreement=AgreementFactory(owner=owner, status="active"), places=1)
    AwardFactory(quota=full, status="awarded")
    fires_on_not_before(date(2026, 8, 2), "agreements.quota_unused")
    assert Reminder.objects.filter(rule="agreements.quota_unused").count() == 1


def test_a_missed_day_is_caught_up_once(owner):
    AgreementFactory(status=Agreement.Status.ACTIVE, owner=owner, expires_on=DAY)
    target = DAY - timedelta(days=30)
    services.reminders_dispatch(today=target + timedelta(days=1))  # the run on the day was missed
    services.reminders_dispatch(today=target + timedelta(days=2))
    assert Reminder.objects.filter(rule="agreements.expiring", due_on=target).count() == 1


def test_the_day_turns_at_midnight_in_the_office_time_zone(owner, settings):
    """At 23:30 UTC on 9 March it is already 10 March in Shanghai: the run at that moment is
    the 10 March run."""
    settings.TIME_ZONE = "Asia/Shanghai"
    FollowUpFactory(owner=owner, due_on=DAY)
    late_evening_utc = datetime(2027, 3, 9, 15, 30, tzinfo=ZoneInfo("UTC"))  # 23:30 in Shanghai
    just_after_midnight = datetime(2027, 3, 9, 16, 5, tzinfo=ZoneInfo("UTC"))  # 00:05, 10 March
    with timezone.override("Asia/Shanghai"):
        assert timezone.localdate(late_evening_utc) == DAY - timedelta(days=1)
        assert timezone.localdate(just_after_midnight) == DAY
        services.reminders_dispatch(today=timezone.localdate(late_evening_utc))
        assert not Reminder.objects.exists()
        services.reminders_dispatch(today=timezone.localdate(just_after_midnight))
        assert Reminder.objects.get().due_on == DAY


def test_the_daily_run_moves_agreements_and_reminds_of_an_automatic_renewal(owner):
    signed = AgreementFactory(
        status="signed", owner=owner, effective_on=DAY, expires_on=DAY + timedelta(days=365)
    )
    renewing = AgreementFactory(
        status="active",
        owner=owner,
        auto_renew=True,
        effective_on=DAY - timedelta(days=365),
        expires_on=DAY - timedelta(days=1),
    )
    from tests.factories import PartyFactory

    PartyFactory(agreement=renewing, role="home")
    PartyFactory(agreement=renewing, role="partner")
    call_command("send_reminders", "--today", DAY.isoformat())
    signed.refresh_from_db()
    renewing.refresh_from_db()
    assert signed.status == "active"
    assert renewing.status == "renewed"
    reminder = Reminder.objects.get(rule="agreements.auto_renewed")
    assert reminder.recipient == owner
    assert renewing.reference in reminder.subject
    assert any(renewing.reference in m.subject for m in mail.outbox)


def test_dispatch_queries_are_the_same_for_10_and_1000_due_objects(owner):
    def seed(n, day):
        for _ in range(n):
            FollowUpFactory(owner=owner, due_on=day, visit=visit)

    visit = VisitFactory()
    seed(10, DAY)
    with CaptureQueriesContext(connection) as ten:
        assert services.reminders_dispatch(today=DAY) == 10
    later = DAY + timedelta(days=100)
    seed(990, later)
    Reminder.objects.all().delete()
    with CaptureQueriesContext(connection) as thousand:
        services.reminders_dispatch(today=later)
    assert Reminder.objects.filter(due_on=later).count() == 990
    assert len(thousand.captured_queries) == len(ten.captured_queries)
