from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from agreements.models import Agreement
from reminders.models import Reminder
from tests.factories import (
    AgreementFactory,
    FollowUpFactory,
    NegotiationRoundFactory,
    VisitFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def board_user(client, office_user):
    client.force_login(office_user)
    return client


def fill(owner, n):
    today = timezone.localdate()
    for i in range(n):
        FollowUpFactory(title=f"Overdue {i}", owner=owner, due_on=today - timedelta(days=3 + i))
        FollowUpFactory(title=f"Later {i}", owner=owner, due_on=today + timedelta(days=10 + i))
        VisitFactory(title=f"Visit {i}", starts_on=today + timedelta(days=5 + i))
        agreement = AgreementFactory(
            title=f"Expiring {i}",
            status=Agreement.Status.ACTIVE,
            effective_on=today - timedelta(days=300),
            expires_on=today + timedelta(days=60 + i),
        )
        negotiating = AgreementFactory(
            title=f"Negotiating {i}", status=Agreement.Status.NEGOTIATING
        )
        NegotiationRoundFactory(
            agreement=negotiating,
            held_on=today - timedelta(days=5),
            next_round_on=today + timedelta(days=7 + i),
        )
        Reminder.objects.create(
            rule="agreements.expiring",
            content_type=ContentType.objects.get_for_model(Agreement),
            object_id=agreement.pk,
            recipient=owner,
            due_on=today,
            subject=f"Reminder {i}",
            created_at=timezone.now(),
        )


def test_the_admin_home_is_the_whats_due_board(board_user, office_user):
    fill(office_user, 1)
    page = board_user.get("/admin/").content.decode()
    for text in [
        "1 unread reminder",
        "Reminder 0",
        "Overdue 0",
        "(overdue)",
        "Later 0",
        "Visit 0",
        "Negotiating 0",
        "Expiring 0",
        "Agreements by status",
    ]:
        assert text in page, text
    assert page.index("Overdue 0") < page.index("Later 0")


def test_the_board_runs_a_fixed_number_of_queries(
    board_user, office_user, django_assert_num_queries, django_assert_max_num_queries
):
    fill(office_user, 1)
    board_user.get("/admin/")
    with django_assert_max_num_queries(25) as few:
        board_user.get("/admin/")
    fill(office_user, 8)
    with django_assert_num_queries(len(few.captured_queries)):
        assert board_user.get("/admin/").status_code == 200


def test_the_board_shows_only_my_follow_ups(board_user, office_user):
    FollowUpFactory(title="Someone else's", due_on=timezone.localdate())
    assert "Someone else&#x27;s" not in board_user.get("/admin/").content.decode()
