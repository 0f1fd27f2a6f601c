from datetime import date, timedelta

import pytest
from django.utils import timezone

from tests.factories import (
    FollowUpFactory,
    InstitutionFactory,
    VisitFactory,
    VisitParticipantFactory,
    VisitStopFactory,
)
from visits.models import FollowUp, Visit

pytestmark = pytest.mark.django_db

VISITS = "/admin/visits/visit/"
FOLLOW_UPS = "/admin/visits/followup/"


@pytest.fixture
def browser(client, office_user):
    client.force_login(office_user)
    return client


def rows(response):
    return list(response.context["cl"].result_list)


def test_changelist_lists_dates_direction_host_and_institutions_met(browser):
    visit = VisitFactory(title="UK delegation", direction="outbound")
    VisitStopFactory(visit=visit, institution=InstitutionFactory(name="British Council"))
    VisitStopFactory(visit=visit, institution=InstitutionFactory(name="University of Oxford"))
    page = browser.get(VISITS).content.decode()
    assert "UK delegation" in page
    assert "British Council, University of Oxford" in page
    assert "Outbound" in page


def test_changelist_queries_do_not_grow_with_rows(
    browser, django_assert_max_num_queries, django_assert_num_queries
):
    def add(n):
        for _ in range(n):
            visit = VisitFactory()
            VisitStopFactory(visit=visit)
            VisitParticipantFactory(visit=visit)

    add(3)
    browser.get(VISITS)
    with django_assert_max_num_queries(20) as few:
        assert len(rows(browser.get(VISITS))) == 3
    add(40)
    with django_assert_num_queries(len(few.captured_queries)):
        assert len(rows(browser.get(VISITS))) == 43


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"when": "upcoming"}, ["Coming"]),
        ({"when": "past"}, ["Last year"]),
        ({"direction__exact": "outbound"}, ["Last year"]),
        ({"status__exact": "confirmed"}, ["Coming"]),
    ],
)
def test_visit_filters(browser, params, expected):
    today = timezone.localdate()
    VisitFactory(title="Coming", starts_on=today + timedelta(days=5), status="confirmed")
    VisitFactory(title="Last year", starts_on=today - timedelta(days=365), direction="outbound")
    assert [v.title for v in rows(browser.get(VISITS, params))] == expected


def test_institution_filter_covers_host_and_stops(browser):
    oxford = InstitutionFactory(name="University of Oxford")
    VisitStopFactory(visit=VisitFactory(title="Stopped at Oxford"), institution=oxford)
    VisitFactory(title="Hosted by Oxford", host_institution=oxford)
    VisitFactory(title="Unrelated")
    listed = sorted(v.title for v in rows(browser.get(VISITS, {"institution": oxford.pk})))
    assert listed == ["Hosted by Oxford", "Stopped at Oxford"]


def test_change_page_has_stops_participants_and_follow_ups_inline(browser):
    visit = VisitFactory()
    VisitStopFactory(
        visit=visit, institution=InstitutionFactory(name="London Metropolitan University")
    )
    FollowUpFactory(visit=visit, title="Send the minutes")
    page = browser.get(f"{VISITS}{visit.pk}/change/").content.decode()
    assert "London Metropolitan University" in page
    assert "Send the minutes" in page
    assert browser.get(f"{VISITS}{visit.pk}/history/").status_code == 200


def test_mark_completed_asks_for_the_outcome_then_completes(browser):
    visit = VisitFactory()
    form = browser.post(VISITS, {"action": "mark_completed", "_selected_action": [visit.pk]})
    assert form.status_code == 200
    assert "Outcome" in form.content.decode()
    visit.refresh_from_db()
    assert visit.status == Visit.Status.PLANNED

    done = browser.post(
        VISITS,
        {
            "action": "mark_completed",
            "_selected_action": [visit.pk],
            "apply": "1",
            "outcome": "MoU signed",
        },
    )
    assert done.status_code == 302
    visit.refresh_from_db()
    assert (visit.status, visit.outcome) == ("completed", "MoU signed")


def test_mark_completed_without_an_outcome_asks_again(browser):
    visit = VisitFactory()
    response = browser.post(
        VISITS,
        {"action": "mark_completed", "_selected_action": [visit.pk], "apply": "1", "outcome": ""},
    )
    assert response.status_code == 200
    visit.refresh_from_db()
    assert visit.status == Visit.Status.PLANNED


def test_office_staff_get_no_delete_for_a_completed_visit(browser):
    visit = VisitFactory(status="completed", outcome="Done")
    assert browser.get(f"{VISITS}{visit.pk}/delete/").status_code == 403
    assert Visit.objects.filter(pk=visit.pk).exists()


def test_a_stop_outside_the_visit_is_refused_in_the_admin(browser):
    visit = VisitFactory(starts_on=date(2026, 4, 15), ends_on=date(2026, 4, 16))
    institution = InstitutionFactory()
    data = {
        "title": visit.title,
        "kind": visit.kind,
        "direction": visit.direction,
        "status": visit.status,
        "starts_on": "2026-04-15",
        "ends_on": "2026-04-16",
        "stops-TOTAL_FORMS": "1",
        "stops-INITIAL_FORMS": "0",
        "stops-0-date": "2026-04-20",
        "stops-0-institution": institution.pk,
        "participants-TOTAL_FORMS": "0",
        "participants-INITIAL_FORMS": "0",
        "follow_ups-TOTAL_FORMS": "0",
        "follow_ups-INITIAL_FORMS": "0",
    }
    response = browser.post(f"{VISITS}{visit.pk}/change/", data)
    assert response.status_code == 200
    assert "outside the visit" in response.content.decode()
    assert not visit.stops.exists()


@pytest.mark.parametrize(
    ("show", "expected"),
    [
        ("mine", ["Mine overdue", "Mine next month"]),
        ("overdue", ["Mine overdue", "Theirs overdue"]),
        ("open", ["Mine overdue", "Theirs overdue", "Mine next month"]),
    ],
)
def test_follow_up_filters(browser, office_user, show, expected):
    today = timezone.localdate()
    FollowUpFactory(title="Mine overdue", owner=office_user, due_on=today - timedelta(days=2))
    FollowUpFactory(title="Theirs overdue", due_on=today - timedelta(days=1))
    FollowUpFactory(title="Mine next month", owner=office_user, due_on=today + timedelta(days=30))
    FollowUpFactory(title="Done", status="done", completed_at=timezone.now(), due_on=today)
    listed = [f.title for f in rows(browser.get(FOLLOW_UPS, {"show": show}))]
    assert listed == expected


def test_follow_ups_due_this_week(browser):
    today = timezone.localdate()
    monday = today - timedelta(days=today.weekday())
    FollowUpFactory(title="This week", due_on=monday + timedelta(days=6))
    FollowUpFactory(title="Next week", due_on=monday + timedelta(days=7))
    assert [f.title for f in rows(browser.get(FOLLOW_UPS, {"show": "this_week"}))] == ["This week"]


def test_mark_done_action(browser):
    follow_up = FollowUpFactory()
    browser.post(FOLLOW_UPS, {"action": "mark_done", "_selected_action": [follow_up.pk]})
    follow_up.refresh_from_db()
    assert follow_up.status == FollowUp.Status.DONE and follow_up.completed_at


def test_follow_up_changelist_queries_do_not_grow(
    browser, django_assert_max_num_queries, django_assert_num_queries
):
    FollowUpFactory.create_batch(3)
    browser.get(FOLLOW_UPS)
    with django_assert_max_num_queries(16) as few:
        assert len(rows(browser.get(FOLLOW_UPS))) == 3
    FollowUpFactory.create_batch(40)
    with django_assert_num_queries(len(few.captured_queries)):
        assert len(rows(browser.get(FOLLOW_UPS))) == 43


def test_calendar_feed_page_shows_my_address_and_regenerates_it(browser, office_user):
    page = browser.get("/admin/visits/calendarfeed/").content.decode()
    feed = office_user.calendar_feed
    assert f"/calendar/{feed.token}.ics" in page
    browser.post(
        "/admin/visits/calendarfeed/", {"action": "regenerate", "_selected_action": [feed.pk]}
    )
    feed.refresh_from_db()
    assert f"/calendar/{feed.token}.ics" not in page
