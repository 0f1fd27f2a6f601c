from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from agreements.models import Agreement, AgreementDocument
from tests.factories import (
    AgreementFactory,
    AwardFactory,
    InstitutionFactory,
    NegotiationRoundFactory,
    PartyFactory,
    QuotaFactory,
)

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/agreements/agreement/"
S = Agreement.Status


@pytest.fixture
def browser(client, office_user):
    client.force_login(office_user)
    return client


def rows(response):
    return list(response.context["cl"].result_list)


def messages_of(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_changelist_shows_reference_status_partners_and_expiry(browser):
    agreement = AgreementFactory(title="MoU with Oxford", status=S.ACTIVE)
    PartyFactory(agreement=agreement, institution=InstitutionFactory(name="University of Oxford"))
    PartyFactory(
        agreement=agreement, role="home", institution=InstitutionFactory(name="Our University")
    )
    page = browser.get(CHANGELIST).content.decode()
    assert agreement.reference in page
    assert "University of Oxford" in page
    assert ">Active<" in page


def test_changelist_queries_do_not_grow_with_rows(
    browser, django_assert_max_num_queries, django_assert_num_queries
):
    def add(n):
        for _ in range(n):
            agreement = AgreementFactory()
            PartyFactory(agreement=agreement)
            PartyFactory(agreement=agreement, role="home")

    add(3)
    browser.get(CHANGELIST)
    with django_assert_max_num_queries(25) as few:
        assert len(rows(browser.get(CHANGELIST))) == 3
    add(40)
    with django_assert_num_queries(len(few.captured_queries)):
        assert len(rows(browser.get(CHANGELIST))) == 43


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"status__exact": "active"}, ["Soon"]),
        ({"expires_within": "30"}, ["Soon"]),
        ({"expires_within": "180"}, ["Later", "Soon"]),
        ({"parties__institution__country": "KZ"}, ["Later"]),
        ({"q": "哈萨克"}, ["Later"]),
    ],
)
def test_changelist_filters_and_search(browser, params, expected):
    today = timezone.localdate()
    soon = AgreementFactory(title="Soon", status=S.ACTIVE, expires_on=today + timedelta(days=20))
    PartyFactory(agreement=soon, institution=InstitutionFactory(country="GB"))
    later = AgreementFactory(title="Later", expires_on=today + timedelta(days=120))
    PartyFactory(
        agreement=later,
        institution=InstitutionFactory(
            name="Kazakh University", native_name="哈萨克大学", country="KZ"
        ),
    )
    assert sorted(a.title for a in rows(browser.get(CHANGELIST, params))) == expected


def test_the_change_status_action_asks_then_moves(browser):
    agreement = AgreementFactory(status=S.DRAFT)
    PartyFactory(agreement=agreement)
    form = browser.post(CHANGELIST, {"action": "change_status", "_selected_action": [agreement.pk]})
    assert "New status" in form.content.decode()
    done = browser.post(
        CHANGELIST,
        {
            "action": "change_status",
            "_selected_action": [agreement.pk],
            "apply": "1",
            "to": "negotiating",
            "note": "",
        },
        follow=True,
    )
    agreement.refresh_from_db()
    assert agreement.status == S.NEGOTIATING
    assert any("is now Negotiating" in m for m in messages_of(done))


def test_a_refused_move_in_the_admin_shows_why_and_changes_nothing(browser):
    agreement = AgreementFactory(status=S.DRAFT)
    response = browser.post(
        CHANGELIST,
        {
            "action": "change_status",
            "_selected_action": [agreement.pk],
            "apply": "1",
            "to": "active",
            "note": "",
        },
        follow=True,
    )
    agreement.refresh_from_db()
    assert agreement.status == S.DRAFT
    assert any("cannot become active" in m for m in messages_of(response))


def test_the_renew_action(browser):
    agreement = AgreementFactory(status=S.ACTIVE)
    PartyFactory(agreement=agreement)
    response = browser.post(
        CHANGELIST, {"action": "renew", "_selected_action": [agreement.pk]}, follow=True
    )
    successor = Agreement.objects.get(renews=agreement)
    assert any(successor.reference in m for m in messages_of(response))
    refused = browser.post(
        CHANGELIST, {"action": "renew", "_selected_action": [agreement.pk]}, follow=True
    )
    assert any("already renews" in m for m in messages_of(refused))


def test_change_page_has_parties_rounds_quotas_and_status_history(browser):
    agreement = AgreementFactory(status=S.NEGOTIATING)
    PartyFactory(agreement=agreement, institution=InstitutionFactory(name="Cheshire College"))
    NegotiationRoundFactory(agreement=agreement, location="Lijian campus")
    QuotaFactory(agreement=agreement)
    page = browser.get(f"{CHANGELIST}{agreement.pk}/change/").content.decode()
    for text in [
        "Cheshire College",
        "Lijian campus",
        "2026/27",
        "Status history",
        "Upload a document",
    ]:
        assert text in page, text


def test_upload_and_download_a_document_in_the_admin(browser, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    agreement = AgreementFactory()
    pdf = b"%PDF-1.7\n%%EOF\n"
    response = browser.post(
        f"{CHANGELIST}{agreement.pk}/upload/",
        {"kind": "signed_copy", "file": SimpleUploadedFile("mou.pdf", pdf)},
    )
    assert response.status_code == 302
    document = AgreementDocument.objects.get()
    download = browser.get(f"{CHANGELIST}{agreement.pk}/documents/{document.pk}/")
    assert b"".join(download.streaming_content) == pdf

    refused = browser.post(
        f"{CHANGELIST}{agreement.pk}/upload/",
        {"kind": "draft", "file": SimpleUploadedFile("notes.pdf", b"just text, not a PDF")},
    )
    assert refused.status_code == 200
    assert "Upload a PDF" in refused.content.decode()
    assert AgreementDocument.objects.count() == 1


def test_quota_changelist_shows_places_awarded_and_remaining(browser):
    quota = QuotaFactory(places=20)
    AwardFactory.create_batch(2, quota=quota, status="awarded")
    [row] = rows(browser.get("/admin/agreements/scholarshipquota/"))
    assert (row.places, row.awarded, row.remaining) == (20, 2, 18)


def test_admin_refuses_an_award_beyond_the_places(browser):
    quota = QuotaFactory(places=1)
    AwardFactory(quota=quota, status="awarded")
    response = browser.post(
        "/admin/agreements/scholarshipaward/add/",
        {"quota": quota.pk, "candidate_name": "One too many", "status": "awarded"},
    )
    assert response.status_code == 200
    assert "awarded" in str(response.context["adminform"].form.errors["status"])
    assert quota.awards.count() == 1


def test_adding_an_agreement_in_the_admin_numbers_it_and_saves_its_parties(browser, office_user):
    oxford = InstitutionFactory(name="University of Oxford")
    management = {
        f"{prefix}-{key}": value
        for prefix in ["parties", "rounds", "documents", "quotas", "status_changes"]
        for key, value in [("TOTAL_FORMS", "0"), ("INITIAL_FORMS", "0")]
    }
    response = browser.post(
        f"{CHANGELIST}add/",
        {
            **management,
            "title": "MoU with Oxford",
            "kind": "mou",
            "notice_days": "0",
            "parties-TOTAL_FORMS": "1",
            "parties-0-institution": oxford.pk,
            "parties-0-role": "partner",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    agreement = Agreement.objects.get()
    assert agreement.reference.startswith("AGR-")
    assert agreement.owner == office_user
    assert list(agreement.parties.values_list("institution", flat=True)) == [oxford.pk]
