import pytest

from partners.models import Institution
from tests.factories import ContactFactory, InstitutionFactory, UnitFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/partners/institution/"


@pytest.fixture
def office_browser(client, office_user):
    client.force_login(office_user)
    return client


def changelist_rows(response):
    return list(response.context["cl"].result_list)


def test_changelist_shows_the_columns_staff_scan_for(office_browser):
    guizhou = InstitutionFactory(
        name="Guizhou University", native_name="贵州大学", country="CN", city="Guiyang"
    )
    ContactFactory.create_batch(2, institution=guizhou)
    response = office_browser.get(CHANGELIST)
    assert response.status_code == 200
    html = response.content.decode()
    for text in ["Guizhou University", "贵州大学", "University", "China", "Guiyang", "Active"]:
        assert text in html
    [row] = changelist_rows(response)
    assert row.contact_count == 2


def test_changelist_queries_do_not_grow_with_the_rows_shown(
    office_browser, django_assert_max_num_queries, django_assert_num_queries
):
    parent = InstitutionFactory(name="Parent University")
    for institution in InstitutionFactory.create_batch(5, parent=parent):
        ContactFactory(institution=institution)
    office_browser.get(CHANGELIST)
    with django_assert_max_num_queries(12) as few:
        assert len(changelist_rows(office_browser.get(CHANGELIST))) == 6
    for institution in InstitutionFactory.create_batch(60, parent=parent):
        ContactFactory(institution=institution)
    with django_assert_num_queries(len(few.captured_queries)):
        assert len(changelist_rows(office_browser.get(CHANGELIST))) == 50


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"q": "贵州"}, ["Guizhou University"]),
        ({"q": "052gg0110"}, ["University of Oxford"]),
        ({"q": "guiyang"}, ["Guizhou University"]),
        ({"country": "CN"}, ["Guizhou University"]),
        ({"kind__exact": "college"}, ["Cheshire College South & West"]),
        ({"status__exact": "prospect"}, ["Cheshire College South & West"]),
        ({"is_home__exact": "1"}, ["University of Oxford"]),
    ],
)
def test_changelist_search_and_filters(office_browser, params, expected):
    InstitutionFactory(
        name="Guizhou University", native_name="贵州大学", country="CN", city="Guiyang"
    )
    InstitutionFactory(name="University of Oxford", ror_id="052gg0110", is_home=True)
    InstitutionFactory(name="Cheshire College South & West", kind="college", status="prospect")
    response = office_browser.get(CHANGELIST, params)
    assert [i.name for i in changelist_rows(response)] == expected


def test_change_page_has_units_and_contacts_inline_and_history(office_browser):
    institution = InstitutionFactory(name="Our University")
    UnitFactory(institution=institution, name="Foreign Exchange Center")
    ContactFactory(institution=institution, full_name="Li Changni")
    page = office_browser.get(f"{CHANGELIST}{institution.pk}/change/").content.decode()
    assert "Foreign Exchange Center" in page
    assert "Li Changni" in page
    history = office_browser.get(f"{CHANGELIST}{institution.pk}/history/")
    assert history.status_code == 200


def test_adding_a_duplicate_in_the_admin_shows_the_existing_record(office_browser):
    existing = InstitutionFactory(name="University of Oxford")
    response = office_browser.post(
        f"{CHANGELIST}add/",
        {
            "name": "The University of Oxford",
            "kind": "university",
            "country": "GB",
            "status": "active",
            "units-TOTAL_FORMS": "0",
            "units-INITIAL_FORMS": "0",
            "contacts-TOTAL_FORMS": "0",
            "contacts-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert f"(id {existing.pk})" in errors["name"][0]
    assert Institution.objects.count() == 1


def test_admin_stores_a_pasted_ror_link_as_the_bare_id(office_browser):
    response = office_browser.post(
        f"{CHANGELIST}add/",
        {
            "name": "University of Oxford",
            "kind": "university",
            "country": "GB",
            "status": "active",
            "ror_id": "https://ror.org/052gg0110",
            "units-TOTAL_FORMS": "0",
            "units-INITIAL_FORMS": "0",
            "contacts-TOTAL_FORMS": "0",
            "contacts-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Institution.objects.get().ror_id == "052gg0110"


def test_parent_and_institution_fields_autocomplete(office_browser):
    InstitutionFactory(name="University of Oxford")
    response = office_browser.get(
        "/admin/autocomplete/",
        {
            "term": "oxf",
            "app_label": "partners",
            "model_name": "institution",
            "field_name": "parent",
        },
    )
    assert [r["text"] for r in response.json()["results"]] == ["University of Oxford"]


@pytest.mark.parametrize("path", ["/admin/partners/unit/", "/admin/partners/contact/"])
def test_unit_and_contact_changelists_queries_do_not_grow(
    office_browser, django_assert_num_queries, django_assert_max_num_queries, path
):
    for _ in range(3):
        ContactFactory(unit=UnitFactory())
    office_browser.get(path)
    with django_assert_max_num_queries(12) as few:
        assert office_browser.get(path).status_code == 200
    for _ in range(30):
        ContactFactory(unit=UnitFactory())
    with django_assert_num_queries(len(few.captured_queries)):
        assert office_browser.get(path).status_code == 200


def test_viewer_can_open_but_not_change_institutions(client, viewer_user):
    InstitutionFactory(name="Kaili University")
    client.force_login(viewer_user)
    assert "Kaili University" in client.get(CHANGELIST).content.decode()
    assert client.get(f"{CHANGELIST}add/").status_code == 403
