from datetime import date, timedelta

import pytest
from django.utils import timezone
from icalendar import Calendar

from tests.factories import FollowUpFactory, InstitutionFactory, UserFactory, VisitFactory
from visits import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def subscriber(db):
    return UserFactory(username="li.changni", groups=["office"])


@pytest.fixture
def feed_url(subscriber):
    return f"/calendar/{services.calendar_feed_for(user=subscriber).token}.ics"


def events(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    return {str(e["uid"]): e for e in calendar.walk("VEVENT")}


def test_feed_has_visits_as_all_day_events_with_place_and_host(client, feed_url):
    soon = timezone.localdate() + timedelta(days=10)
    visit = VisitFactory(
        title="Cheshire College South & West visits",
        starts_on=soon,
        ends_on=soon + timedelta(days=1),
        city="Guiyang",
        host_institution=InstitutionFactory(name="Our University", country="CN"),
    )
    [event] = events(client.get(feed_url)).values()
    assert str(event["summary"]) == visit.title
    assert event.decoded("dtstart") == soon
    assert event.decoded("dtend") == soon + timedelta(days=2)  # all-day: the day after the last
    assert "Our University" in str(event["location"]) and "Guiyang" in str(event["location"])
    assert "Our University" in str(event["description"])


def test_feed_has_the_subscribers_own_open_follow_ups_only(client, feed_url, subscriber):
    FollowUpFactory(title="Prepare the third round", owner=subscriber, due_on=date(2026, 12, 10))
    FollowUpFactory(title="Someone else's task")
    FollowUpFactory(
        title="Already done", owner=subscriber, status="done", completed_at=timezone.now()
    )
    summaries = [str(e["summary"]) for e in events(client.get(feed_url)).values()]
    assert "Due: Prepare the third round" in summaries
    assert not any("Someone else" in s or "Already done" in s for s in summaries)


def test_cancelled_visits_are_left_out(client, feed_url):
    VisitFactory(title="Called off", status="cancelled", starts_on=timezone.localdate())
    assert events(client.get(feed_url)) == {}


def test_uids_are_stable_across_fetches(client, feed_url):
    VisitFactory(starts_on=timezone.localdate())
    FollowUpFactory()
    first = set(events(client.get(feed_url)))
    second = set(events(client.get(feed_url)))
    assert first == second and len(first) == 2


def test_a_wrong_token_is_a_404(client, feed_url):
    assert client.get("/calendar/not-the-token.ics").status_code == 404


def test_a_regenerated_token_retires_the_old_address(client, subscriber, feed_url):
    new = services.calendar_feed_regenerate(user=subscriber).token
    assert client.get(feed_url).status_code == 404
    assert client.get(f"/calendar/{new}.ics").status_code == 200


def test_an_inactive_users_feed_is_a_404(client, subscriber, feed_url):
    subscriber.is_active = False
    subscriber.save()
    assert client.get(feed_url).status_code == 404


def test_feed_has_planned_negotiation_rounds_and_expiry_dates(client, feed_url):
    from tests.factories import AgreementFactory, NegotiationRoundFactory

    today = timezone.localdate()
    negotiating = AgreementFactory(title="Cooperative programme", status="negotiating")
    NegotiationRoundFactory(
        agreement=negotiating, held_on=today, next_round_on=today + timedelta(days=40)
    )
    active = AgreementFactory(
        title="MoU with Cheshire", status="active", expires_on=today + timedelta(days=90)
    )
    AgreementFactory(title="Old draft", status="draft", expires_on=today + timedelta(days=90))
    found = events(client.get(feed_url))
    summaries = sorted(str(e["summary"]) for e in found.values())
    assert summaries == [
        f"Expires: {active.reference} MoU with Cheshire",
        f"Negotiation round: {negotiating.reference} Cooperative programme",
    ]
    [expiry] = [e for uid, e in found.items() if uid.startswith("agreement-expires-")]
    assert expiry.decoded("dtstart") == today + timedelta(days=90)
