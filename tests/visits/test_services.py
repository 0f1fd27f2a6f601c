from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError

from tests.factories import (
    ContactFactory,
    FollowUpFactory,
    InstitutionFactory,
    UserFactory,
    VisitFactory,
    VisitStopFactory,
)
from visits import services
from visits.models import FollowUp, Visit, VisitParticipant, VisitStop

pytestmark = pytest.mark.django_db


def visit_fields(**overrides):
    fields = {
        "title": "Guizhou education delegation to the United Kingdom",
        "direction": Visit.Direction.OUTBOUND,
        "starts_on": date(2026, 4, 15),
        "ends_on": date(2026, 4, 16),
    }
    return {**fields, **overrides}


def test_a_visit_is_created_with_its_stops_and_participants():
    council = InstitutionFactory(name="British Council")
    oxford = InstitutionFactory(name="University of Oxford")
    head = ContactFactory(full_name="Lu Yongzheng")
    officer = UserFactory()
    visit = services.visit_create(
        **visit_fields(),
        stops=[
            {"date": date(2026, 4, 15), "institution": council},
            {"date": date(2026, 4, 16), "institution": oxford, "notes": "Joint training"},
        ],
        participants=[
            {"contact": head, "role": VisitParticipant.Role.HEAD_OF_DELEGATION},
            {"user": officer, "role": VisitParticipant.Role.MEMBER},
        ],
    )
    assert [s.institution.name for s in visit.stops.all()] == [
        "British Council",
        "University of Oxford",
    ]
    assert visit.participants.count() == 2


def test_a_visit_cannot_end_before_it_starts():
    with pytest.raises(ValidationError) as excinfo:
        services.visit_create(**visit_fields(ends_on=date(2026, 4, 14)))
    assert "ends_on" in excinfo.value.message_dict
    assert not Visit.objects.exists()


def test_the_database_also_refuses_a_visit_ending_before_it_starts():
    with pytest.raises(IntegrityError):
        Visit.objects.create(**visit_fields(ends_on=date(2026, 4, 1)))


def test_a_stop_outside_the_visit_dates_rejects_the_whole_visit():
    with pytest.raises(ValidationError) as excinfo:
        services.visit_create(
            **visit_fields(),
            stops=[
                {"date": date(2026, 4, 15), "institution": InstitutionFactory()},
                {"date": date(2026, 4, 20), "institution": InstitutionFactory()},
            ],
        )
    [message] = excinfo.value.message_dict["stops"]
    assert "Stop 2" in message and "2026-04-20" in message
    assert not Visit.objects.exists()
    assert not VisitStop.objects.exists()


def test_moving_the_dates_away_from_existing_stops_is_refused():
    stop = VisitStopFactory(visit=VisitFactory(starts_on=date(2026, 4, 15)), date=date(2026, 4, 16))
    with pytest.raises(ValidationError) as excinfo:
        services.visit_update(
            visit=stop.visit, starts_on=date(2026, 5, 1), ends_on=date(2026, 5, 2)
        )
    assert "stops" in excinfo.value.message_dict


def test_a_participant_is_a_contact_or_a_user_never_both_or_neither():
    for item in [{"contact": ContactFactory(), "user": UserFactory()}, {}]:
        with pytest.raises(ValidationError) as excinfo:
            services.visit_create(**visit_fields(), participants=[{**item, "role": "member"}])
        assert "participants" in excinfo.value.message_dict
    assert not Visit.objects.exists()


def test_the_database_refuses_a_participant_with_both_a_contact_and_a_user():
    with pytest.raises(IntegrityError):
        VisitParticipant.objects.create(
            visit=VisitFactory(), contact=ContactFactory(), user=UserFactory()
        )


def test_completing_needs_an_outcome():
    visit = VisitFactory()
    with pytest.raises(ValidationError) as excinfo:
        services.visit_complete(visit=visit, outcome="   ")
    assert "outcome" in excinfo.value.message_dict
    visit.refresh_from_db()
    assert visit.status == Visit.Status.PLANNED


def test_completing_records_the_outcome():
    visit = services.visit_complete(visit=VisitFactory(), outcome="MoU signed.")
    visit.refresh_from_db()
    assert (visit.status, visit.outcome) == ("completed", "MoU signed.")


def test_a_visit_cannot_be_saved_completed_without_an_outcome():
    with pytest.raises(ValidationError) as excinfo:
        services.visit_create(**visit_fields(status=Visit.Status.COMPLETED))
    assert "outcome" in excinfo.value.message_dict


def test_a_cancelled_visit_cannot_be_completed():
    visit = VisitFactory(status=Visit.Status.CANCELLED)
    with pytest.raises(ValidationError):
        services.visit_complete(visit=visit, outcome="It happened after all")


@pytest.mark.parametrize("status", [Visit.Status.COMPLETED, Visit.Status.CANCELLED])
def test_office_staff_cannot_delete_a_closed_visit_but_a_superuser_can(status):
    visit = VisitFactory(status=status, outcome="Done")
    with pytest.raises(PermissionDenied):
        services.visit_delete(visit=visit, actor=UserFactory(groups=["office"]))
    assert Visit.objects.filter(pk=visit.pk).exists()
    services.visit_delete(visit=visit, actor=UserFactory(is_superuser=True))
    assert not Visit.objects.filter(pk=visit.pk).exists()


def test_a_planned_visit_can_be_deleted_by_office_staff():
    visit = VisitFactory()
    services.visit_delete(visit=visit, actor=UserFactory(groups=["office"]))
    assert not Visit.objects.exists()


def test_completing_a_follow_up_sets_completed_at_once():
    follow_up = FollowUpFactory()
    done = services.follow_up_done(follow_up=follow_up)
    assert done.status == FollowUp.Status.DONE and done.completed_at is not None
    again = services.follow_up_done(follow_up=follow_up)
    assert again.completed_at == done.completed_at


def test_reopening_a_follow_up_clears_completed_at():
    follow_up = services.follow_up_done(follow_up=FollowUpFactory())
    reopened = services.follow_up_update(follow_up=follow_up, status=FollowUp.Status.OPEN)
    assert reopened.completed_at is None


def test_the_calendar_feed_token_can_be_regenerated():
    user = UserFactory()
    first = services.calendar_feed_for(user=user).token
    assert services.calendar_feed_for(user=user).token == first
    assert services.calendar_feed_regenerate(user=user).token != first
