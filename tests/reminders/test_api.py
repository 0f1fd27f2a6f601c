from datetime import date

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from partners.models import Contact
from reminders.models import Reminder
from tests.factories import ContactFactory, UserFactory

pytestmark = pytest.mark.django_db

INBOX = "/api/v1/reminders/"


def reminder_for(user, subject, due_on=date(2026, 11, 25), read=False):
    contact = ContactFactory()
    return Reminder.objects.create(
        rule="test.call_contact",
        content_type=ContentType.objects.get_for_model(Contact),
        object_id=contact.pk,
        recipient=user,
        due_on=due_on,
        subject=subject,
        created_at=timezone.now(),
        read_at=timezone.now() if read else None,
    )


@pytest.fixture
def me(db):
    return UserFactory(username="me", groups=["viewer"])


@pytest.fixture
def colleague(db):
    return UserFactory(username="colleague", groups=["office"])


def subjects(response):
    return [r["subject"] for r in response.json()["results"]]


def test_inbox_lists_only_my_reminders_newest_first(client_for, me, colleague):
    reminder_for(me, "Older", due_on=date(2026, 11, 20))
    reminder_for(me, "Newer", due_on=date(2026, 11, 25))
    reminder_for(colleague, "Not mine")
    assert subjects(client_for(me).get(INBOX)) == ["Newer", "Older"]


def test_inbox_filters_unread(client_for, me):
    reminder_for(me, "Seen", read=True)
    reminder_for(me, "New")
    client = client_for(me)
    assert subjects(client.get(INBOX, {"unread": "true"})) == ["New"]
    assert subjects(client.get(INBOX, {"unread": "false"})) == ["Seen"]
    assert client.get(INBOX, {"unread": "perhaps"}).status_code == 400


def test_marking_read_sets_read_at_once(client_for, me):
    reminder = reminder_for(me, "Prepare the third negotiation round")
    client = client_for(me)
    first = client.post(f"{INBOX}{reminder.pk}/read/").json()
    assert first["is_read"] is True
    second = client.post(f"{INBOX}{reminder.pk}/read/").json()
    assert second["read_at"] == first["read_at"]


def test_another_users_reminder_cannot_be_read_or_marked(client_for, me, colleague):
    theirs = reminder_for(colleague, "Theirs")
    client = client_for(me)
    assert client.get(f"{INBOX}{theirs.pk}/").status_code == 404
    assert client.post(f"{INBOX}{theirs.pk}/read/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_anonymous_callers_get_nothing(api_client, me):
    reminder = reminder_for(me, "Mine")
    assert api_client.get(INBOX).status_code == 401
    assert api_client.post(f"{INBOX}{reminder.pk}/read/").status_code == 401


def test_email_preference_can_be_turned_off_and_on(client_for, me):
    client = client_for(me)
    assert client.get(f"{INBOX}preferences/").json() == {"email": True}
    assert client.put(f"{INBOX}preferences/", {"email": False}).json() == {"email": False}
    assert client.get(f"{INBOX}preferences/").json() == {"email": False}
    response = client.put(f"{INBOX}preferences/", {"email": "sometimes"})
    assert response.status_code == 400 and "email" in response.json()


def test_inbox_queries_do_not_grow_with_the_page(client_for, me, django_assert_num_queries):
    for n in range(60):
        reminder_for(me, f"Reminder {n}")
    client = client_for(me)
    with django_assert_num_queries(2) as small:
        assert len(client.get(INBOX, {"page_size": 10}).json()["results"]) == 10
    with django_assert_num_queries(len(small.captured_queries)):
        assert len(client.get(INBOX, {"page_size": 50}).json()["results"]) == 50


def test_admin_shows_staff_their_own_reminders_only(client, me, colleague):
    reminder_for(me, "Mine")
    reminder_for(colleague, "Theirs")
    client.force_login(me)
    page = client.get("/admin/reminders/reminder/").content.decode()
    assert "Mine" in page and "Theirs" not in page
