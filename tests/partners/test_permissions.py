"""Who may do what on the partners endpoints: anonymous callers nothing, viewers read, office
staff and superusers write."""

import pytest

from partners.models import Contact, Institution, Unit
from tests.factories import ContactFactory, InstitutionFactory, UnitFactory, UserFactory

pytestmark = pytest.mark.django_db


def payloads():
    institution = InstitutionFactory(name="Existing University")
    unit = UnitFactory(institution=institution)
    contact = ContactFactory(institution=institution)
    return {
        "institutions": (
            institution,
            Institution,
            {"name": "A New University", "country": "KZ"},
            {"city": "Astana"},
        ),
        "units": (
            unit,
            Unit,
            {"institution": institution.pk, "name": "New School"},
            {"name": "Renamed"},
        ),
        "contacts": (
            contact,
            Contact,
            {"institution": institution.pk, "full_name": "Timothy Barnett"},
            {"position": "Provost"},
        ),
    }


ENDPOINTS = ["institutions", "units", "contacts"]


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_anonymous_callers_are_refused_everything(api_client, endpoint):
    record, model, create, change = payloads()[endpoint]
    base = f"/api/v1/{endpoint}/"
    detail = f"{base}{record.pk}/"
    before = model.objects.count()
    responses = [
        api_client.get(base),
        api_client.get(detail),
        api_client.post(base, create),
        api_client.put(detail, create),
        api_client.patch(detail, change),
        api_client.delete(detail),
    ]
    assert {r.status_code for r in responses} == {401}
    assert model.objects.count() == before


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_viewers_read_but_every_write_is_forbidden(viewer_client, endpoint):
    record, model, create, change = payloads()[endpoint]
    base = f"/api/v1/{endpoint}/"
    detail = f"{base}{record.pk}/"
    before = model.objects.count()
    assert viewer_client.get(base).status_code == 200
    assert viewer_client.get(detail).status_code == 200
    writes = [
        viewer_client.post(base, create),
        viewer_client.put(detail, create),
        viewer_client.patch(detail, change),
        viewer_client.delete(detail),
    ]
    assert {r.status_code for r in writes} == {403}
    assert model.objects.count() == before


@pytest.mark.parametrize("who", ["office", "superuser"])
@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_office_staff_and_superusers_write(client_for, office_user, superuser, endpoint, who):
    client = client_for(office_user if who == "office" else superuser)
    record, model, create, change = payloads()[endpoint]
    base = f"/api/v1/{endpoint}/"
    detail = f"{base}{record.pk}/"
    before = model.objects.count()
    assert client.get(base).status_code == 200
    assert client.post(base, create).status_code == 201
    assert model.objects.count() == before + 1
    assert client.patch(detail, change).status_code == 200
    assert client.delete(detail).status_code == 204
    assert model.objects.count() == before


def test_a_signed_in_user_without_view_permission_reads_nothing(client_for):
    InstitutionFactory()
    client = client_for(UserFactory(username="nobody"))
    assert client.get("/api/v1/institutions/").status_code == 403
