"""The reminder log and its delivery: each reminder logged once, e-mailed once, never lost."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from partners.models import Contact
from reminders import services
from reminders.models import Reminder
from reminders.rules import Due, Rule
from tests.factories import ContactFactory, UserFactory

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 25)


@pytest.fixture
def owner(db):
    return UserFactory(username="li.changni", email="li.changni@io.example.edu", groups=["office"])


@pytest.fixture
def contact_rule(monkeypatch, owner):
    """A rule over contacts: every contact is due today, for ``owner``."""

    def due(today):
        for contact in Contact.objects.order_by("pk"):
            yield Due(
                model=Contact,
                object_id=contact.pk,
                recipient_id=owner.pk,
                due_on=today,
                subject=f"Call {contact.full_name}",
                link=f"/admin/partners/contact/{contact.pk}/change/",
            )

    rule = Rule(name="test.call_contact", description="Call every contact", due=due)
    monkeypatch.setattr(services, "all_rules", lambda: [rule])
    return rule


def run(today=TODAY):
    services.reminders_dispatch(today=today)
    return services.reminders_deliver()


def test_a_due_reminder_is_logged_and_emailed_with_a_link(contact_rule, owner):
    contact = ContactFactory(full_name="Stelios Yalarakis")
    report = run()
    assert report.delivered == report.emailed == 1
    [message] = mail.outbox
    assert message.to == ["li.changni@io.example.edu"]
    assert message.subject == "Call Stelios Yalarakis"
    assert f"/admin/partners/contact/{contact.pk}/change/" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and "Stelios Yalarakis" in html
    reminder = Reminder.objects.get()
    assert (reminder.recipient, reminder.due_on, reminder.emailed) == (owner, TODAY, True)
    assert reminder.delivered_at is not None


def test_running_the_dispatch_twice_sends_each_reminder_once(contact_rule):
    ContactFactory.create_batch(3)
    run()
    run()
    services.reminders_dispatch(today=TODAY)
    assert Reminder.objects.count() == 3
    assert len(mail.outbox) == 3


def test_the_next_day_is_a_new_reminder(contact_rule):
    ContactFactory()
    run()
    run(TODAY + timedelta(days=1))
    assert Reminder.objects.count() == 2
    assert len(mail.outbox) == 2


def test_an_smtp_failure_leaves_that_reminder_unsent_and_the_next_run_sends_it(
    contact_rule, monkeypatch
):
    ContactFactory(full_name="Gan Lin")
    ContactFactory(full_name="Li Lin")
    real_send = EmailMultiAlternatives.send

    def flaky_send(message, *args, **kwargs):
        if "Gan Lin" in message.subject:
            raise ConnectionRefusedError("SMTP server unreachable")
        return real_send(message, *args, **kwargs)

    monkeypatch.setattr(EmailMultiAlternatives, "send", flaky_send)
    report = run()
    assert [m.subject for m in mail.outbox] == ["Call Li Lin"]
    assert len(report.failed) == 1
    failed = Reminder.objects.get(subject="Call Gan Lin")
    assert failed.delivered_at is None
    assert "unreachable" in failed.last_error

    monkeypatch.setattr(EmailMultiAlternatives, "send", real_send)
    report = run()
    assert report.failed == []
    assert [m.subject for m in mail.outbox] == ["Call Li Lin", "Call Gan Lin"]
    assert Reminder.objects.filter(delivered_at__isnull=True).count() == 0


def test_a_reminder_held_by_a_worker_that_died_is_sent_once_its_lease_runs_out(contact_rule):
    ContactFactory()
    services.reminders_dispatch(today=TODAY)
    # A worker claimed it and was killed before sending.
    Reminder.objects.update(lease_until=timezone.now() + timedelta(minutes=5), attempts=1)
    assert services.reminders_deliver().delivered == 0
    assert mail.outbox == []

    Reminder.objects.update(lease_until=timezone.now() - timedelta(seconds=1))
    assert services.reminders_deliver().delivered == 1
    assert len(mail.outbox) == 1
    assert Reminder.objects.get().attempts == 2


def test_a_delivered_reminder_is_never_sent_again_even_if_its_lease_is_stale(contact_rule):
    ContactFactory()
    run()
    Reminder.objects.update(lease_until=timezone.now() - timedelta(hours=1))
    assert services.reminders_deliver().delivered == 0
    assert len(mail.outbox) == 1


def test_email_opt_out_keeps_the_inbox(contact_rule, owner, client_for):
    services.reminder_preference_set(user=owner, email=False)
    ContactFactory(full_name="Timothy Barnett")
    report = run()
    assert mail.outbox == []
    assert report.delivered == 1 and report.emailed == 0
    inbox = client_for(owner).get("/api/v1/reminders/").json()["results"]
    assert [r["subject"] for r in inbox] == ["Call Timothy Barnett"]
    assert inbox[0]["emailed"] is False


def test_dispatch_queries_do_not_grow_with_the_number_due(contact_rule):
    ContactFactory.create_batch(10)
    with CaptureQueriesContext(connection) as ten:
        assert services.reminders_dispatch(today=TODAY) == 10
    ContactFactory.create_batch(990)
    with CaptureQueriesContext(connection) as thousand:
        assert services.reminders_dispatch(today=TODAY + timedelta(days=1)) == 1000
    assert len(thousand.captured_queries) == len(ten.captured_queries)
    assert Reminder.objects.count() == 1010


def test_send_reminders_command_runs_the_dispatch_for_a_given_day(contact_rule, capsys):
    ContactFactory()
    call_command("send_reminders", "--today", "2027-01-04")
    assert Reminder.objects.get().due_on == date(2027, 1, 4)
    assert "1 reminder(s) due, 1 delivered" in capsys.readouterr().out
    assert len(mail.outbox) == 1


def test_the_daily_run_is_scheduled_in_the_office_time_zone(settings):
    from django_celery_beat.models import PeriodicTask

    task = PeriodicTask.objects.get(task="reminders.dispatch")
    assert task.enabled
    assert (task.crontab.hour, task.crontab.minute) == ("7", "30")
    assert str(task.crontab.timezone) == settings.TIME_ZONE


def test_the_delivery_task_retries_later_when_an_email_fails(contact_rule, monkeypatch):
    from reminders.tasks import deliver

    ContactFactory()
    services.reminders_dispatch(today=TODAY)

    def down(message, *args, **kwargs):
        raise ConnectionRefusedError("SMTP server unreachable")

    monkeypatch.setattr(EmailMultiAlternatives, "send", down)
    delays = []
    real_retry = deliver.retry

    def record_retry(*args, countdown=None, **kwargs):
        delays.append(countdown)
        if len(delays) < 4:
            return real_retry(*args, countdown=countdown, **kwargs)
        raise RuntimeError("enough retries for the test")

    monkeypatch.setattr(deliver, "retry", record_retry)
    deliver.apply()
    assert delays == [60, 120, 240, 480]  # backing off, each well below the broker's timeout
    assert Reminder.objects.get().delivered_at is None
