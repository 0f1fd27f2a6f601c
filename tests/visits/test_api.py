from datetime import date, timedelta

import pytest
from django.utils import timezone

from tests.factories import (
    ContactFactory,
    FollowUpFactory,
    InstitutionFactory,
    UserFactory,
    VisitFactory,
    VisitParticipantFactory,
    VisitStopFactory,
)
from visits.models import FollowUp, Visit, VisitStop

pytestmark = pytest.mark.django_db

VISITS = "/api/v1/visits/"
FOLLOW_UPS = "/api/v1/follow-ups/"


def titles(response):
    assert response.status_code == 200, response.json()
    return [row["title"] for row in response.json()["results"]]


def uk_delegation(**overrides):
    council = InstitutionFactory(name="British Council")
    oxford = InstitutionFactory(name="University of Oxford")
    payload = {
        "title": "Guizhou education delegation to the United Kingdom",
        "kind": "delegation",
        "direction": "outbound",
        "starts_on": "2026-04-15",
        "ends_on": "2026-04-16",
        "city": "London",
        "country": "GB",
        "stops": [
            {"date": "2026-04-15", "institution": council.pk, "notes": "British Council"},
            {"date": "2026-04-16", "institution": oxford.pk},
        ],
        "participants": [
            {"contact": ContactFactory(full_name="Lu Yongzheng").pk, "role": "head_of_delegation"}
        ],
    }
    return {**payload, **overrides}


# Nested writes -----------------------------------------------------------------------------


def test_create_a_visit_with_stops_and_participants(office_client):
    response = office_client.post(VISITS, uk_delegation())
    assert response.status_code == 201, response.json()
    body = response.json()
    assert [s["date"] for s in body["stops"]] == ["2026-04-15", "2026-04-16"]
    assert body["participants"][0]["role"] == "head_of_delegation"
    assert Visit.objects.get().stops.count() == 2


def test_update_replaces_the_stops_when_given(office_client):
    visit = office_client.post(VISITS, uk_delegation()).json()
    oxford = visit["stops"][1]["institution"]
    response = office_client.patch(
        f"{VISITS}{visit['id']}/", {"stops": [{"date": "2026-04-16", "institution": oxford}]}
    )
    assert response.status_code == 200, response.json()
    assert len(response.json()["stops"]) == 1
    assert VisitStop.objects.count() == 1


def test_patch_without_stops_keeps_them(office_client):
    visit = office_client.post(VISITS, uk_delegation()).json()
    response = office_client.patch(f"{VISITS}{visit['id']}/", {"purpose": "Talent exchange"})
    assert len(response.json()["stops"]) == 2


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"stops": [{"date": "2026-04-15", "institution": 999999}]}, "stops"),
        ({"stops": [{"date": "not a date", "institution": None}]}, "stops"),
        ({"stops": [{"date": "2026-05-01"}]}, "stops"),
        ({"participants": [{"role": "member"}]}, "participants"),
        ({"participants": [{"contact": 999999, "role": "member"}]}, "participants"),
        ({"participants": [{"contact": None, "user": None, "role": "dancer"}]}, "participants"),
        ({"ends_on": "2026-04-01"}, "ends_on"),
        ({"direction": "sideways"}, "direction"),
        ({"country": "XX"}, "country"),
        ({"status": "completed"}, "outcome"),
    ],
)
def test_a_bad_nested_item_or_field_rejects_the_visit_and_writes_nothing(
    office_client, change, field
):
    response = office_client.post(VISITS, uk_delegation(**change))
    assert response.status_code == 400
    assert field in response.json()
    assert not Visit.objects.exists()
    assert not VisitStop.objects.exists()


def test_a_stop_outside_the_visit_names_the_stop(office_client):
    payload = uk_delegation()
    payload["stops"][1]["date"] = "2026-04-20"
    response = office_client.post(VISITS, payload)
    assert response.status_code == 400
    assert "Stop 2" in response.json()["stops"][0]
    assert not Visit.objects.exists()


# Completion --------------------------------------------------------------------------------


def test_complete_records_the_outcome(office_client):
    visit = VisitFactory()
    response = office_client.post(f"{VISITS}{visit.pk}/complete/", {"outcome": "MoU signed"})
    assert response.status_code == 200
    assert response.json()["status"] == "completed"
    assert response.json()["outcome"] == "MoU signed"


def test_complete_without_an_outcome_is_a_400(office_client):
    visit = VisitFactory()
    for payload in [{}, {"outcome": ""}, {"outcome": "   "}]:
        response = office_client.post(f"{VISITS}{visit.pk}/complete/", payload)
        assert response.status_code == 400
        assert "outcome" in response.json()
    visit.refresh_from_db()
    assert visit.status == "planned"


def test_viewer_cannot_complete(viewer_client):
    visit = VisitFactory()
    assert viewer_client.post(f"{VISITS}{visit.pk}/complete/", {"outcome": "x"}).status_code == 403


def test_office_cannot_delete_a_completed_visit_but_a_superuser_can(
    office_client, client_for, superuser
):
    visit = VisitFactory(status="completed", outcome="MoU signed")
    response = office_client.delete(f"{VISITS}{visit.pk}/")
    assert response.status_code == 403
    assert "superuser" in response.json()["detail"]
    assert client_for(superuser).delete(f"{VISITS}{visit.pk}/").status_code == 204


# Filters ------------------------------------------------------------------------------------


def test_visit_filters(office_client):
    oxford = InstitutionFactory(name="University of Oxford", country="GB")
    outbound = VisitFactory(
        title="UK trip", direction="outbound", country="GB", starts_on=date(2026, 4, 15)
    )
    VisitStopFactory(visit=outbound, institution=oxford)
    VisitFactory(
        title="Cheshire visit", direction="inbound", starts_on=date(2025, 11, 25), kind="delegation"
    )
    VisitFactory(
        title="Dialogue",
        kind="signing_ceremony",
        status="completed",
        outcome="24 agreements",
        starts_on=date(2026, 7, 27),
    )
    assert titles(office_client.get(VISITS, {"direction": "outbound"})) == ["UK trip"]
    assert titles(office_client.get(VISITS, {"kind": "signing_ceremony"})) == ["Dialogue"]
    assert titles(office_client.get(VISITS, {"status": "completed"})) == ["Dialogue"]
    assert titles(office_client.get(VISITS, {"starts_after": "2026-05-01"})) == ["Dialogue"]
    assert titles(office_client.get(VISITS, {"starts_before": "2026-01-01"})) == ["Cheshire visit"]
    assert titles(office_client.get(VISITS, {"country": "GB"})) == ["UK trip"]
    assert titles(office_client.get(VISITS, {"institution": oxford.pk})) == ["UK trip"]
    assert titles(office_client.get(VISITS, {"organiser": outbound.organiser_id})) == ["UK trip"]


def test_institution_filter_matches_the_host_too(office_client):
    home = InstitutionFactory(name="Our University", country="CN")
    VisitFactory(title="Hosted", host_institution=home)
    VisitFactory(title="Elsewhere")
    assert titles(office_client.get(VISITS, {"institution": home.pk})) == ["Hosted"]


def test_visit_search_and_ordering(office_client):
    VisitFactory(title="China Study Abroad Forum", starts_on=date(2026, 4, 7))
    VisitFactory(title="Cheshire visit", starts_on=date(2025, 11, 25))
    assert titles(office_client.get(VISITS, {"search": "forum"})) == ["China Study Abroad Forum"]
    assert titles(office_client.get(VISITS, {"ordering": "starts_on"})) == [
        "Cheshire visit",
        "China Study Abroad Forum",
    ]


@pytest.mark.parametrize(
    "params",
    [{"starts_after": "soon"}, {"direction": "up"}, {"institution": "x"}, {"when": "now"}],
)
def test_bad_visit_filters_are_a_400(office_client, params):
    response = office_client.get(VISITS, params)
    assert response.status_code == 400
    assert next(iter(params)) in response.json()


def test_follow_up_filters_including_me_and_overdue(client_for, office_user):
    today = timezone.localdate()
    mine_overdue = FollowUpFactory(
        title="Mine, overdue", owner=office_user, due_on=today - timedelta(days=1)
    )
    FollowUpFactory(title="Mine, later", owner=office_user, due_on=today + timedelta(days=5))
    FollowUpFactory(
        title="Mine, done late",
        owner=office_user,
        due_on=today - timedelta(days=9),
        status="done",
        completed_at=timezone.now(),
    )
    FollowUpFactory(title="Theirs, overdue", due_on=today - timedelta(days=3))
    client = client_for(office_user)

    def listed(params):
        return sorted(titles(client.get(FOLLOW_UPS, params)))

    assert listed({"owner": "me"}) == ["Mine, done late", "Mine, later", "Mine, overdue"]
    assert listed({"overdue": "true"}) == ["Mine, overdue", "Theirs, overdue"]
    assert listed({"owner": "me", "overdue": "true"}) == ["Mine, overdue"]
    assert listed({"status": "done"}) == ["Mine, done late"]
    assert listed({"due_before": today.isoformat()}) == [
        "Mine, done late",
        "Mine, overdue",
        "Theirs, overdue",
    ]
    assert listed({"visit": mine_overdue.visit_id}) == ["Mine, overdue"]
    assert listed({"owner": str(office_user.pk), "status": "open"}) == [
        "Mine, later",
        "Mine, overdue",
    ]


@pytest.mark.parametrize(
    "params", [{"owner": "someone"}, {"overdue": "maybe"}, {"due_before": "tomorrow"}]
)
def test_bad_follow_up_filters_are_a_400(office_client, params):
    response = office_client.get(FOLLOW_UPS, params)
    assert response.status_code == 400
    assert next(iter(params)) in response.json()


def test_follow_up_crud_and_done(office_client, office_user):
    visit = VisitFactory()
    created = office_client.post(
        FOLLOW_UPS,
        {
            "visit": visit.pk,
            "title": "Prepare the third negotiation round",
            "owner": office_user.pk,
            "due_on": "2026-12-10",
        },
    )
    assert created.status_code == 201, created.json()
    url = f"{FOLLOW_UPS}{created.json()['id']}/"
    assert office_client.patch(url, {"due_on": "2026-12-15"}).json()["due_on"] == "2026-12-15"
    done = office_client.post(f"{url}done/").json()
    assert done["status"] == "done" and done["completed_at"]
    assert office_client.post(f"{url}done/").json()["completed_at"] == done["completed_at"]
    assert office_client.delete(url).status_code == 204
    assert not FollowUp.objects.exists()


def test_follow_up_bad_input_is_a_400(office_client):
    response = office_client.post(
        FOLLOW_UPS, {"title": "", "owner": 999999, "due_on": "someday", "status": "maybe"}
    )
    assert response.status_code == 400
    assert {"title", "owner", "due_on", "status"} <= set(response.json())
    assert not FollowUp.objects.exists()


# Permissions -----------------------------------------------------------------------------


@pytest.mark.parametrize("url", [VISITS, FOLLOW_UPS])
def test_permissions(api_client, viewer_client, office_client, url):
    FollowUpFactory()
    assert api_client.get(url).status_code == 401
    assert viewer_client.get(url).status_code == 200
    assert viewer_client.post(url, {}).status_code == 403
    assert office_client.post(url, {}).status_code == 400


def test_viewer_cannot_change_or_delete(viewer_client):
    follow_up = FollowUpFactory()
    visit = follow_up.visit
    assert viewer_client.patch(f"{VISITS}{visit.pk}/", {"title": "x"}).status_code == 403
    assert viewer_client.delete(f"{VISITS}{visit.pk}/").status_code == 403
    assert viewer_client.post(f"{FOLLOW_UPS}{follow_up.pk}/done/").status_code == 403
    assert Visit.objects.filter(title=visit.title).exists()


# Query budgets ---------------------------------------------------------------------------


def test_visit_list_queries_do_not_grow_with_the_page(
    office_client, django_assert_max_num_queries, django_assert_num_queries
):
    for _ in range(100):
        visit = VisitFactory()
        VisitStopFactory(visit=visit)
        VisitParticipantFactory(visit=visit)
        VisitParticipantFactory(visit=visit, contact=None, user=UserFactory())
    office_client.get(VISITS)
    with django_assert_max_num_queries(6) as small:
        assert len(office_client.get(VISITS, {"page_size": 10}).json()["results"]) == 10
    with django_assert_num_queries(len(small.captured_queries)):
        assert len(office_client.get(VISITS, {"page_size": 100}).json()["results"]) == 100


def test_follow_up_list_queries_do_not_grow_with_the_page(
    office_client, django_assert_max_num_queries, django_assert_num_queries
):
    FollowUpFactory.create_batch(100)
    office_client.get(FOLLOW_UPS)
    with django_assert_max_num_queries(4) as small:
        assert len(office_client.get(FOLLOW_UPS, {"page_size": 10}).json()["results"]) == 10
    with django_assert_num_queries(len(small.captured_queries)):
        assert len(office_client.get(FOLLOW_UPS, {"page_size": 100}).json()["results"]) == 100


def test_a_visit_lists_the_agreements_signed_during_it(office_client):
    from tests.factories import AgreementFactory

    visit = VisitFactory()
    signed = AgreementFactory(status="signed", signed_at_visit=visit)
    assert office_client.get(f"{VISITS}{visit.pk}/").json()["agreements_signed"] == [signed.pk]
