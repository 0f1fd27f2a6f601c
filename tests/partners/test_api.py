import pytest

from partners.models import Contact, Institution, Unit
from tests.factories import ContactFactory, InstitutionFactory, UnitFactory

pytestmark = pytest.mark.django_db

INSTITUTIONS = "/api/v1/institutions/"
UNITS = "/api/v1/units/"
CONTACTS = "/api/v1/contacts/"


def names(response):
    return [row["name"] for row in response.json()["results"]]


# Every verb --------------------------------------------------------------------------------


def test_create_institution_returns_the_stored_record(office_client):
    response = office_client.post(
        INSTITUTIONS,
        {
            "name": "University of Oxford",
            "kind": "university",
            "country": "GB",
            "city": "Oxford",
            "ror_id": "https://ror.org/052gg0110",
            "schac_code": "ox.ac.uk",
            "website": "https://www.ox.ac.uk/",
        },
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["ror_id"] == "052gg0110"
    assert body["ror_url"] == "https://ror.org/052gg0110"
    assert body["contact_count"] == 0
    assert Institution.objects.get(pk=body["id"]).name == "University of Oxford"


def test_retrieve_institution_counts_its_contacts(office_client):
    institution = InstitutionFactory(
        name="Guizhou University", native_name="贵州大学", country="CN"
    )
    ContactFactory.create_batch(2, institution=institution)
    body = office_client.get(f"{INSTITUTIONS}{institution.pk}/").json()
    assert body["native_name"] == "贵州大学"
    assert body["contact_count"] == 2


def test_update_institution_replaces_its_fields(office_client):
    institution = InstitutionFactory(name="Kaili College", country="CN")
    response = office_client.put(
        f"{INSTITUTIONS}{institution.pk}/",
        {
            "name": "Kaili University",
            "native_name": "凯里学院",
            "country": "CN",
            "kind": "university",
        },
    )
    assert response.status_code == 200, response.json()
    institution.refresh_from_db()
    assert (institution.name, institution.native_name) == ("Kaili University", "凯里学院")


def test_partial_update_institution_changes_only_what_is_sent(office_client):
    institution = InstitutionFactory(city="London")
    response = office_client.patch(f"{INSTITUTIONS}{institution.pk}/", {"status": "dormant"})
    assert response.status_code == 200
    institution.refresh_from_db()
    assert (institution.status, institution.city) == ("dormant", "London")


def test_delete_institution(office_client):
    institution = InstitutionFactory()
    assert office_client.delete(f"{INSTITUTIONS}{institution.pk}/").status_code == 204
    assert not Institution.objects.exists()


def test_deleting_a_parent_institution_is_refused_with_a_conflict(office_client):
    oxford = InstitutionFactory(name="University of Oxford")
    InstitutionFactory(name="Oxford Suzhou Centre", country="CN", parent=oxford)
    response = office_client.delete(f"{INSTITUTIONS}{oxford.pk}/")
    assert response.status_code == 409
    assert "institutions" in response.json()["detail"]
    assert Institution.objects.filter(pk=oxford.pk).exists()


def test_unit_verbs(office_client):
    institution = InstitutionFactory()
    created = office_client.post(
        UNITS, {"institution": institution.pk, "name": "Foreign Exchange Center"}
    )
    assert created.status_code == 201, created.json()
    url = f"{UNITS}{created.json()['id']}/"
    assert office_client.get(url).json()["name"] == "Foreign Exchange Center"
    assert (
        office_client.patch(url, {"native_name": "外事交流中心"}).json()["native_name"]
        == "外事交流中心"
    )
    assert (
        office_client.put(
            url, {"institution": institution.pk, "name": "International Office"}
        ).status_code
        == 200
    )
    assert Unit.objects.get().name == "International Office"
    assert office_client.delete(url).status_code == 204
    assert not Unit.objects.exists()


def test_contact_verbs(office_client):
    institution = InstitutionFactory(name="Cheshire College South & West", kind="college")
    created = office_client.post(
        CONTACTS,
        {
            "institution": institution.pk,
            "full_name": "Stelios Yalarakis",
            "position": "Director of International Office",
            "email": "s.yalarakis@example.ac.uk",
        },
    )
    assert created.status_code == 201, created.json()
    url = f"{CONTACTS}{created.json()['id']}/"
    assert office_client.get(url).json()["position"] == "Director of International Office"
    assert office_client.patch(url, {"is_active": False}).json()["is_active"] is False
    response = office_client.put(url, {"institution": institution.pk, "full_name": "Gan Lin"})
    assert response.status_code == 200
    assert Contact.objects.get().full_name == "Gan Lin"
    assert office_client.delete(url).status_code == 204
    assert not Contact.objects.exists()


# Lists: pagination, filters, search, ordering ----------------------------------------------


def test_list_is_paginated_in_drf_shape(office_client):
    InstitutionFactory.create_batch(3)
    body = office_client.get(INSTITUTIONS, {"page_size": 2}).json()
    assert body["count"] == 3
    assert len(body["results"]) == 2
    assert "page=2" in body["next"]
    assert body["previous"] is None


@pytest.mark.parametrize("page_size", ["0", "201", "lots"])
def test_page_size_outside_1_to_200_is_refused(office_client, page_size):
    response = office_client.get(INSTITUTIONS, {"page_size": page_size})
    assert response.status_code == 400
    assert "page_size" in response.json()


def test_page_size_of_200_is_allowed(office_client):
    assert office_client.get(INSTITUTIONS, {"page_size": 200}).status_code == 200


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"country": "CN"}, ["Guizhou University"]),
        ({"kind": "college"}, ["Cheshire College South & West"]),
        ({"status": "prospect"}, ["KIMEP University"]),
        ({"is_home": "true"}, ["Our University"]),
        (
            {"is_home": "false", "country": "GB"},
            ["Cheshire College South & West", "University of Oxford"],
        ),
    ],
)
def test_institution_filters(office_client, params, expected):
    InstitutionFactory(name="Guizhou University", country="CN", status="active")
    InstitutionFactory(name="Our University", country="KZ", is_home=True)
    InstitutionFactory(name="Cheshire College South & West", kind="college")
    InstitutionFactory(name="University of Oxford")
    InstitutionFactory(name="KIMEP University", country="KZ", status="prospect")
    assert names(office_client.get(INSTITUTIONS, params)) == expected


def test_institution_filter_by_parent(office_client):
    oxford = InstitutionFactory(name="University of Oxford")
    InstitutionFactory(
        name="Oxford Suzhou Centre for Advanced Research", country="CN", parent=oxford
    )
    assert names(office_client.get(INSTITUTIONS, {"parent": oxford.pk})) == [
        "Oxford Suzhou Centre for Advanced Research"
    ]


@pytest.mark.parametrize(
    ("term", "expected"),
    [
        ("贵州", ["Guizhou University", "Guizhou University of Finance and Economics"]),
        ("财经", ["Guizhou University of Finance and Economics"]),
        ("gzu", ["Guizhou University"]),
        ("kaili", ["Kaili University"]),
        ("052gg0110", ["University of Oxford"]),
        ("ox.ac.uk", ["University of Oxford"]),
    ],
)
def test_institution_search_covers_names_city_and_identifiers(office_client, term, expected):
    InstitutionFactory(
        name="Guizhou University", native_name="贵州大学", short_name="GZU", country="CN"
    )
    InstitutionFactory(
        name="Guizhou University of Finance and Economics", native_name="贵州财经大学", country="CN"
    )
    InstitutionFactory(name="Kaili University", native_name="凯里学院", city="Kaili", country="CN")
    InstitutionFactory(name="University of Oxford", ror_id="052gg0110", schac_code="ox.ac.uk")
    assert names(office_client.get(INSTITUTIONS, {"search": term})) == expected


def test_institution_ordering(office_client):
    InstitutionFactory(name="B", city="Aberdeen")
    InstitutionFactory(name="A", city="York")
    assert names(office_client.get(INSTITUTIONS, {"ordering": "-city"})) == ["A", "B"]
    assert names(office_client.get(INSTITUTIONS)) == ["A", "B"]


def test_units_and_contacts_filter_by_institution(office_client):
    guizhou = InstitutionFactory(name="Guizhou University", country="CN")
    unit = UnitFactory(institution=guizhou, name="School of Electric Power Engineering")
    UnitFactory(name="Elsewhere")
    ContactFactory(institution=guizhou, full_name="Li Jianjun")
    ContactFactory(full_name="Someone Else")

    units = office_client.get(UNITS, {"institution": guizhou.pk}).json()["results"]
    assert [u["name"] for u in units] == [unit.name]
    contacts = office_client.get(CONTACTS, {"institution": guizhou.pk}).json()["results"]
    assert [c["full_name"] for c in contacts] == ["Li Jianjun"]


def test_contact_search_reaches_the_institution_native_name(office_client):
    guizhou = InstitutionFactory(name="Guizhou University", native_name="贵州大学", country="CN")
    ContactFactory(institution=guizhou, full_name="Li Jianjun", native_name="李建军")
    ContactFactory(full_name="Someone Else")
    for term in ["贵州大学", "李建军"]:
        contacts = office_client.get(CONTACTS, {"search": term}).json()["results"]
        assert [c["full_name"] for c in contacts] == ["Li Jianjun"]


# Bad input: a 400 naming the field, nothing written ----------------------------------------


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"name": "X", "country": "ZZ"}, "country"),
        ({"name": "X", "country": "GB", "ror_id": "https://ror.org/nope"}, "ror_id"),
        ({"name": "X", "country": "GB", "erasmus_code": "LONDON"}, "erasmus_code"),
        ({"name": "X", "country": "GB", "schac_code": "Not A Domain"}, "schac_code"),
        ({"name": "X", "country": "GB", "pic": "12345"}, "pic"),
        ({"name": "X", "country": "GB", "website": "ftp//nowhere"}, "website"),
        ({"name": "X", "country": "GB", "kind": "castle"}, "kind"),
        ({"name": "X", "country": "GB", "status": "asleep"}, "status"),
        ({"name": "X", "country": "GB", "is_home": "perhaps"}, "is_home"),
        ({"name": "X", "country": "GB", "parent": "abc"}, "parent"),
        ({"name": "X", "country": "GB", "parent": 999999}, "parent"),
        ({"name": "", "country": "GB"}, "name"),
        ({"country": "GB"}, "name"),
        ({"name": "X"}, "country"),
        ({"name": ["a", "list"], "country": "GB"}, "name"),
    ],
)
def test_bad_institution_input_is_a_400_naming_the_field(office_client, payload, field):
    response = office_client.post(INSTITUTIONS, payload)
    assert response.status_code == 400
    assert field in response.json()
    assert not Institution.objects.exists()


@pytest.mark.parametrize("field", ["ror_id", "erasmus_code", "schac_code", "pic"])
def test_duplicate_identifier_is_a_400_naming_the_field(office_client, field):
    values = {
        "ror_id": "052gg0110",
        "erasmus_code": "UK OXFORD01",
        "schac_code": "ox.ac.uk",
        "pic": "999986096",
    }
    InstitutionFactory(name="University of Oxford", **{field: values[field]})
    response = office_client.post(
        INSTITUTIONS, {"name": "Somewhere Else", "country": "FR", field: values[field]}
    )
    assert response.status_code == 400
    assert field in response.json()
    assert Institution.objects.count() == 1


def test_duplicate_name_is_a_400_naming_the_existing_record(office_client):
    existing = InstitutionFactory(name="University of Oxford")
    response = office_client.post(
        INSTITUTIONS, {"name": "The University of Oxford", "country": "GB"}
    )
    assert response.status_code == 400
    [message] = response.json()["name"]
    assert "University of Oxford" in message and str(existing.pk) in message


def test_making_an_institution_its_own_descendant_is_a_400(office_client):
    oxford = InstitutionFactory(name="University of Oxford")
    centre = InstitutionFactory(name="Oxford Suzhou Centre", country="CN", parent=oxford)
    response = office_client.patch(f"{INSTITUTIONS}{oxford.pk}/", {"parent": centre.pk})
    assert response.status_code == 400
    assert "parent" in response.json()
    oxford.refresh_from_db()
    assert oxford.parent_id is None


def test_bad_contact_input_is_a_400_naming_the_field(office_client):
    institution = InstitutionFactory()
    other_unit = UnitFactory()
    for payload, field in [
        ({"institution": institution.pk, "full_name": "Li Lin", "email": "li@"}, "email"),
        ({"institution": institution.pk, "full_name": "Li Lin", "unit": other_unit.pk}, "unit"),
        ({"institution": 999999, "full_name": "Li Lin"}, "institution"),
        (
            {"institution": institution.pk, "full_name": "Li Lin", "is_active": "sometimes"},
            "is_active",
        ),
    ]:
        response = office_client.post(CONTACTS, payload)
        assert response.status_code == 400, payload
        assert field in response.json()
    assert not Contact.objects.exists()


def test_duplicate_unit_name_in_an_institution_is_a_400(office_client):
    unit = UnitFactory(name="School of Automotive Engineering")
    response = office_client.post(UNITS, {"institution": unit.institution_id, "name": unit.name})
    assert response.status_code == 400
    assert Unit.objects.count() == 1


@pytest.mark.parametrize(
    ("url", "params", "field"),
    [
        (INSTITUTIONS, {"countyr": "GB"}, "countyr"),
        (INSTITUTIONS, {"country": "ZZ"}, "country"),
        (INSTITUTIONS, {"is_home": "maybe"}, "is_home"),
        (INSTITUTIONS, {"kind": "castle"}, "kind"),
        (INSTITUTIONS, {"ordering": "password"}, "ordering"),
        (INSTITUTIONS, {"page": "first"}, "page"),
        (UNITS, {"institution": "abc"}, "institution"),
        (CONTACTS, {"institution": "abc"}, "institution"),
        (CONTACTS, {"colour": "blue"}, "colour"),
    ],
)
def test_unknown_or_malformed_filters_are_a_400_naming_the_parameter(
    office_client, url, params, field
):
    response = office_client.get(url, params)
    assert response.status_code == 400
    assert field in response.json()


# Query budget ------------------------------------------------------------------------------


def test_institution_list_runs_the_same_queries_for_10_and_100_rows(
    office_client, django_assert_max_num_queries, django_assert_num_queries
):
    for institution in InstitutionFactory.create_batch(100):
        ContactFactory(institution=institution)
    office_client.get(INSTITUTIONS)  # loads the user's permissions, cached from then on
    with django_assert_max_num_queries(6) as small:
        assert len(office_client.get(INSTITUTIONS, {"page_size": 10}).json()["results"]) == 10
    with django_assert_num_queries(len(small.captured_queries)):
        assert len(office_client.get(INSTITUTIONS, {"page_size": 100}).json()["results"]) == 100


@pytest.mark.parametrize("url", [UNITS, CONTACTS])
def test_unit_and_contact_lists_run_the_same_queries_for_10_and_100_rows(
    office_client, django_assert_max_num_queries, django_assert_num_queries, url
):
    for _ in range(100):
        ContactFactory(unit=None)
        UnitFactory()
    office_client.get(url)  # loads the user's permissions, cached from then on
    with django_assert_max_num_queries(6) as small:
        assert len(office_client.get(url, {"page_size": 10}).json()["results"]) == 10
    with django_assert_num_queries(len(small.captured_queries)):
        assert len(office_client.get(url, {"page_size": 100}).json()["results"]) == 100
