import io
import zipfile
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from agreements.models import Agreement, AgreementDocument, NegotiationRound, ScholarshipAward
from agreements.services import TRANSITIONS
from tests.factories import (
    AgreementFactory,
    AwardFactory,
    ContactFactory,
    InstitutionFactory,
    NegotiationRoundFactory,
    PartyFactory,
    QuotaFactory,
)

pytestmark = pytest.mark.django_db

AGREEMENTS = "/api/v1/agreements/"
ROUNDS = "/api/v1/negotiation-rounds/"
QUOTAS = "/api/v1/quotas/"
AWARDS = "/api/v1/awards/"
S = Agreement.Status

PDF = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def docx_bytes():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return buffer.getvalue()


def refs(response):
    assert response.status_code == 200, response.json()
    return sorted(row["title"] for row in response.json()["results"])


# CRUD with nested parties and areas --------------------------------------------------------


def test_create_an_agreement_with_parties_and_areas(office_client, office_user):
    home = InstitutionFactory(name="Our University", is_home=True, country="CN")
    cheshire = InstitutionFactory(name="Cheshire College South & West")
    yalarakis = ContactFactory(institution=cheshire, full_name="Stelios Yalarakis")
    response = office_client.post(
        AGREEMENTS,
        {
            "title": "MoU with Cheshire College South & West",
            "kind": "mou",
            "parties": [
                {"institution": home.pk, "role": "home"},
                {"institution": cheshire.pk, "role": "partner", "signatory": yalarakis.pk},
            ],
            "areas": ["Technical training", "Cultural exchange"],
            "effective_on": "2025-11-25",
            "expires_on": "2028-11-24",
        },
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["reference"].startswith(f"AGR-{timezone.localdate().year}-")
    assert body["status"] == "draft"
    assert body["owner"] == office_user.pk
    assert sorted(body["areas"]) == ["Cultural exchange", "Technical training"]
    assert {p["institution_name"] for p in body["parties"]} == {
        "Our University",
        "Cheshire College South & West",
    }


def test_update_replaces_parties_and_cannot_set_the_status(office_client):
    agreement = AgreementFactory()
    partner = InstitutionFactory()
    response = office_client.patch(
        f"{AGREEMENTS}{agreement.pk}/",
        {"parties": [{"institution": partner.pk, "role": "partner"}], "status": "active"},
    )
    assert response.status_code == 200
    assert response.json()["status"] == "draft"
    assert [p["institution"] for p in response.json()["parties"]] == [partner.pk]


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"title": ""}, "title"),
        ({"title": "X", "kind": "treaty"}, "kind"),
        ({"title": "X", "areas": ["Space travel"]}, "areas"),
        ({"title": "X", "parties": [{"institution": 999999}]}, "parties"),
        ({"title": "X", "parties": [{"role": "partner"}]}, "parties"),
        ({"title": "X", "effective_on": "2027-01-01", "expires_on": "2026-01-01"}, "expires_on"),
        ({"title": "X", "expires_on": "soon"}, "expires_on"),
        ({"title": "X", "notice_days": -5}, "notice_days"),
        ({"title": "X", "owner": 999999}, "owner"),
    ],
)
def test_bad_agreement_input_is_a_400_naming_the_field(office_client, payload, field):
    response = office_client.post(AGREEMENTS, payload)
    assert response.status_code == 400
    assert field in response.json()
    assert not Agreement.objects.exists()


def test_a_signatory_from_another_institution_is_a_400(office_client):
    oxford = InstitutionFactory()
    response = office_client.post(
        AGREEMENTS,
        {
            "title": "X",
            "parties": [{"institution": oxford.pk, "signatory": ContactFactory().pk}],
        },
    )
    assert response.status_code == 400
    assert "does not belong" in response.json()["parties"][0]


# Transitions through the API ---------------------------------------------------------------


def signable(status):
    agreement = AgreementFactory(
        status=status,
        signed_on=date(2026, 1, 1),
        effective_on=date(2026, 1, 2),
        expires_on=date(2026, 6, 1),
    )
    PartyFactory(agreement=agreement, role="home")
    PartyFactory(agreement=agreement, role="partner")
    if status in (S.ACTIVE, S.EXPIRED):
        PartyFactory(agreement=AgreementFactory(status=S.SIGNED, renews=agreement))
    return agreement


@pytest.mark.parametrize(
    ("source", "target"),
    [(source, target) for source, targets in TRANSITIONS.items() for target in targets],
)
def test_every_allowed_transition_through_the_api(office_client, source, target):
    agreement = signable(source)
    response = office_client.post(
        f"{AGREEMENTS}{agreement.pk}/transition/", {"to": target, "note": "Agreed by both"}
    )
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == target


@pytest.mark.parametrize(
    ("source", "target"),
    [(s, t) for s in S.values for t in S.values if t not in TRANSITIONS[s]],
)
def test_every_refused_transition_through_the_api_is_a_409_and_changes_nothing(
    office_client, source, target
):
    agreement = signable(source)
    response = office_client.post(
        f"{AGREEMENTS}{agreement.pk}/transition/", {"to": target, "note": "x"}
    )
    assert response.status_code == 409
    assert "cannot become" in response.json()["detail"]
    agreement.refresh_from_db()
    assert agreement.status == source


def test_a_guard_refusal_says_what_is_missing(office_client):
    agreement = AgreementFactory(status=S.PENDING_APPROVAL)
    response = office_client.post(f"{AGREEMENTS}{agreement.pk}/transition/", {"to": "signed"})
    assert response.status_code == 409
    assert "signing date" in response.json()["detail"]


def test_an_unknown_target_status_is_a_400(office_client):
    agreement = AgreementFactory()
    response = office_client.post(f"{AGREEMENTS}{agreement.pk}/transition/", {"to": "archived"})
    assert response.status_code == 400
    assert "to" in response.json()


def test_history_lists_each_move_with_who_and_why(office_client, office_user):
    agreement = signable(S.DRAFT)
    office_client.post(f"{AGREEMENTS}{agreement.pk}/transition/", {"to": "negotiating"})
    office_client.post(
        f"{AGREEMENTS}{agreement.pk}/transition/", {"to": "cancelled", "note": "Partner withdrew"}
    )
    history = office_client.get(f"{AGREEMENTS}{agreement.pk}/history/").json()
    assert [(h["from_status"], h["to_status"]) for h in history] == [
        ("draft", "negotiating"),
        ("negotiating", "cancelled"),
    ]
    assert history[1]["actor"] == office_user.username
    assert history[1]["note"] == "Partner withdrew"


def test_renew_creates_a_draft_successor(office_client):
    agreement = signable(S.ACTIVE)
    agreement.renewals.all().delete()
    response = office_client.post(f"{AGREEMENTS}{agreement.pk}/renew/")
    assert response.status_code == 201
    assert response.json()["renews"] == agreement.pk
    assert response.json()["status"] == "draft"
    again = office_client.post(f"{AGREEMENTS}{agreement.pk}/renew/")
    assert again.status_code == 409


def test_viewers_cannot_move_or_renew(viewer_client):
    agreement = signable(S.DRAFT)
    assert (
        viewer_client.post(
            f"{AGREEMENTS}{agreement.pk}/transition/", {"to": "negotiating"}
        ).status_code
        == 403
    )
    assert viewer_client.post(f"{AGREEMENTS}{agreement.pk}/renew/").status_code == 403
    assert viewer_client.get(f"{AGREEMENTS}{agreement.pk}/history/").status_code == 200


# Documents ----------------------------------------------------------------------------------


def upload(client, agreement, name, content, kind="signed_copy"):
    return client.post(
        f"{AGREEMENTS}{agreement.pk}/documents/",
        {"file": SimpleUploadedFile(name, content), "kind": kind},
        format="multipart",
    )


@pytest.fixture
def private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.mark.parametrize(
    ("name", "content"),
    [("mou.pdf", PDF), ("scan.png", PNG), ("draft.docx", docx_bytes())],
)
def test_upload_a_good_document_and_download_it(office_client, private_media, name, content):
    agreement = AgreementFactory()
    response = upload(office_client, agreement, name, content)
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["original_name"], body["version"], body["size"]) == (name, 1, len(content))
    download = office_client.get(body["download"])
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == content
    listed = office_client.get(f"{AGREEMENTS}{agreement.pk}/documents/").json()
    assert [d["original_name"] for d in listed] == [name]


def test_versions_count_up_per_kind(office_client, private_media):
    agreement = AgreementFactory()
    upload(office_client, agreement, "v.pdf", PDF, kind="draft")
    second = upload(office_client, agreement, "v2.pdf", PDF, kind="draft")
    signed = upload(office_client, agreement, "signed.pdf", PDF, kind="signed_copy")
    assert second.json()["version"] == 2
    assert signed.json()["version"] == 1


def test_a_program_disguised_as_a_pdf_is_refused(office_client, private_media):
    agreement = AgreementFactory()
    response = upload(office_client, agreement, "mou.pdf", b"MZ\x90\x00" + b"\x00" * 200)
    assert response.status_code == 400
    assert "file" in response.json()
    assert not AgreementDocument.objects.exists()
    assert not any(private_media.rglob("*.pdf"))


def test_an_image_named_as_a_pdf_is_refused(office_client, private_media):
    response = upload(office_client, AgreementFactory(), "mou.pdf", PNG)
    assert response.status_code == 400
    assert "PNG" in response.json()["file"][0]


def test_a_file_over_the_size_limit_is_refused(office_client, private_media, settings):
    settings.AGREEMENT_DOCUMENT_MAX_BYTES = 100
    response = upload(office_client, AgreementFactory(), "big.pdf", PDF + b"0" * 200)
    assert response.status_code == 400
    assert "limit" in response.json()["file"][0]
    assert not AgreementDocument.objects.exists()


def test_documents_are_not_served_to_anonymous_users_or_from_a_public_url(
    office_client, api_client, client, private_media
):
    agreement = AgreementFactory()
    body = upload(office_client, agreement, "mou.pdf", PDF).json()
    assert api_client.get(body["download"]).status_code == 401
    document = AgreementDocument.objects.get()
    with pytest.raises(ValueError):
        document.file.url  # noqa: B018 - there is no public address to give
    assert client.get(f"/media/{document.file.name}").status_code == 404


def test_a_user_who_cannot_read_agreements_cannot_download(
    client_for, office_client, private_media
):
    from tests.factories import UserFactory

    body = upload(office_client, AgreementFactory(), "mou.pdf", PDF).json()
    assert client_for(UserFactory(username="outsider")).get(body["download"]).status_code == 403


def test_viewers_can_download_but_not_upload(viewer_client, office_client, private_media):
    agreement = AgreementFactory()
    body = upload(office_client, agreement, "mou.pdf", PDF).json()
    assert viewer_client.get(body["download"]).status_code == 200
    assert upload(viewer_client, agreement, "x.pdf", PDF).status_code == 403


# Negotiation rounds -------------------------------------------------------------------------


def test_rounds_are_numbered_per_agreement_and_the_first_starts_negotiation(office_client):
    agreement = AgreementFactory(status=S.DRAFT)
    PartyFactory(agreement=agreement)
    other = AgreementFactory(status=S.NEGOTIATING)
    numbers = []
    for held in ["2025-09-10", "2025-11-25"]:
        response = office_client.post(
            ROUNDS, {"agreement": agreement.pk, "held_on": held, "location": "Lijian campus"}
        )
        assert response.status_code == 201, response.json()
        numbers.append(response.json()["number"])
    other_round = office_client.post(ROUNDS, {"agreement": other.pk, "held_on": "2025-10-01"})
    assert numbers == [1, 2]
    assert other_round.json()["number"] == 1
    agreement.refresh_from_db()
    assert agreement.status == S.NEGOTIATING
    assert agreement.status_changes.get().to_status == S.NEGOTIATING


def test_a_round_on_a_draft_without_a_partner_is_refused_and_nothing_written(office_client):
    agreement = AgreementFactory(status=S.DRAFT)
    response = office_client.post(ROUNDS, {"agreement": agreement.pk, "held_on": "2025-09-10"})
    assert response.status_code == 400
    assert "agreement" in response.json()
    assert not NegotiationRound.objects.exists()


def test_the_next_round_cannot_be_before_the_round(office_client):
    agreement = AgreementFactory(status=S.NEGOTIATING)
    response = office_client.post(
        ROUNDS, {"agreement": agreement.pk, "held_on": "2025-11-25", "next_round_on": "2025-11-01"}
    )
    assert response.status_code == 400
    assert "next_round_on" in response.json()


def test_the_round_number_cannot_be_set_by_hand(office_client):
    round_ = NegotiationRoundFactory(number=1)
    response = office_client.patch(f"{ROUNDS}{round_.pk}/", {"number": 7, "location": "Online"})
    assert response.status_code == 200
    assert response.json()["number"] == 1


# Quotas and awards --------------------------------------------------------------------------


def test_quota_shows_awarded_and_remaining(office_client):
    quota = QuotaFactory(places=20)
    AwardFactory.create_batch(3, quota=quota, status="awarded")
    AwardFactory(quota=quota, status="nominated")
    body = office_client.get(f"{QUOTAS}{quota.pk}/").json()
    assert (body["places"], body["awarded"], body["remaining"]) == (20, 3, 17)


def test_an_award_beyond_the_places_is_refused(office_client):
    quota = QuotaFactory(places=1)
    first = office_client.post(
        AWARDS, {"quota": quota.pk, "candidate_name": "A", "status": "awarded"}
    )
    assert first.status_code == 201
    second = office_client.post(
        AWARDS, {"quota": quota.pk, "candidate_name": "B", "status": "awarded"}
    )
    assert second.status_code == 400
    assert "places" in second.json()["status"][0]
    nominated = office_client.post(AWARDS, {"quota": quota.pk, "candidate_name": "C"})
    assert nominated.status_code == 201
    promote = office_client.patch(f"{AWARDS}{nominated.json()['id']}/", {"status": "awarded"})
    assert promote.status_code == 400
    assert ScholarshipAward.objects.filter(status="awarded").count() == 1


def test_declining_frees_a_place(office_client):
    quota = QuotaFactory(places=1)
    award = AwardFactory(quota=quota, status="awarded")
    office_client.patch(f"{AWARDS}{award.pk}/", {"status": "declined"})
    response = office_client.post(
        AWARDS, {"quota": quota.pk, "candidate_name": "Next in line", "status": "awarded"}
    )
    assert response.status_code == 201


def test_places_cannot_drop_below_what_is_awarded(office_client):
    quota = QuotaFactory(places=3)
    AwardFactory.create_batch(2, quota=quota, status="awarded")
    response = office_client.patch(f"{QUOTAS}{quota.pk}/", {"places": 1})
    assert response.status_code == 400
    assert "places" in response.json()
    assert office_client.patch(f"{QUOTAS}{quota.pk}/", {"places": 2}).status_code == 200


@pytest.mark.parametrize("year", ["2026/28", "2026-27", "26/27", "2026/2027"])
def test_academic_year_is_two_consecutive_years(office_client, year):
    quota = QuotaFactory()
    response = office_client.patch(f"{QUOTAS}{quota.pk}/", {"academic_year": year})
    assert response.status_code == 400
    assert "academic_year" in response.json()


def test_quota_filters(office_client):
    full = QuotaFactory(places=1, academic_year="2026/27", level="master")
    AwardFactory(quota=full, status="awarded")
    open_quota = QuotaFactory(places=5, academic_year="2027/28", direction="outbound")

    def ids(params):
        return [q["id"] for q in office_client.get(QUOTAS, params).json()["results"]]

    assert ids({"has_remaining": "true"}) == [open_quota.pk]
    assert ids({"has_remaining": "false"}) == [full.pk]
    assert ids({"academic_year": "2026/27"}) == [full.pk]
    assert ids({"direction": "outbound"}) == [open_quota.pk]
    assert ids({"level": "master"}) == [full.pk]
    assert ids({"funder": full.funder_id}) == [full.pk]
    assert ids({"host": open_quota.host_id}) == [open_quota.pk]


# Filters and search -------------------------------------------------------------------------


def test_agreement_filters(office_client, office_user):
    today = timezone.localdate()
    kimep = InstitutionFactory(name="KIMEP University", country="KZ")
    oxford = InstitutionFactory(name="University of Oxford", native_name="牛津大学", country="GB")
    kz = AgreementFactory(
        title="Kazakh",
        status=S.ACTIVE,
        kind="student_exchange",
        expires_on=today + timedelta(days=100),
    )
    PartyFactory(agreement=kz, institution=kimep)
    uk = AgreementFactory(
        title="Oxford",
        status=S.NEGOTIATING,
        owner=office_user,
        expires_on=today + timedelta(days=400),
    )
    PartyFactory(agreement=uk, institution=oxford)
    from agreements.models import AreaOfCooperation

    uk.areas.add(AreaOfCooperation.objects.get(name="Research cooperation"))
    AgreementFactory(title="Draft", status=S.DRAFT)

    assert refs(office_client.get(AGREEMENTS, {"status": ["active", "negotiating"]})) == [
        "Kazakh",
        "Oxford",
    ]
    assert refs(office_client.get(AGREEMENTS, {"kind": "student_exchange"})) == ["Kazakh"]
    assert refs(office_client.get(AGREEMENTS, {"partner": kimep.pk})) == ["Kazakh"]
    assert refs(office_client.get(AGREEMENTS, {"country": "GB"})) == ["Oxford"]
    assert refs(office_client.get(AGREEMENTS, {"owner": office_user.pk})) == ["Oxford"]
    area = AreaOfCooperation.objects.get(name="Research cooperation")
    assert refs(office_client.get(AGREEMENTS, {"area": area.pk})) == ["Oxford"]
    before = (today + timedelta(days=200)).isoformat()
    assert refs(office_client.get(AGREEMENTS, {"expires_before": before})) == ["Kazakh"]
    assert refs(office_client.get(AGREEMENTS, {"expires_after": before})) == ["Oxford"]
    assert refs(office_client.get(AGREEMENTS, {"search": "牛津"})) == ["Oxford"]
    assert refs(office_client.get(AGREEMENTS, {"search": "kimep"})) == ["Kazakh"]
    assert refs(office_client.get(AGREEMENTS, {"search": kz.reference})) == ["Kazakh"]


@pytest.mark.parametrize(
    "params",
    [
        {"status": "asleep"},
        {"country": "ZZ"},
        {"expires_before": "soon"},
        {"partner": "x"},
        {"ordering": "owner__password"},
        {"colour": "red"},
    ],
)
def test_bad_agreement_filters_are_a_400(office_client, params):
    response = office_client.get(AGREEMENTS, params)
    assert response.status_code == 400
    assert next(iter(params)) in response.json()


# Permissions and query budgets -------------------------------------------------------------


@pytest.mark.parametrize("url", [AGREEMENTS, ROUNDS, QUOTAS, AWARDS])
def test_permissions_for_every_list(api_client, viewer_client, office_client, url):
    assert api_client.get(url).status_code == 401
    assert viewer_client.get(url).status_code == 200
    assert viewer_client.post(url, {}).status_code == 403
    assert office_client.post(url, {}).status_code == 400


def _fill(n):
    for _ in range(n):
        agreement = AgreementFactory(status=S.ACTIVE)
        PartyFactory(agreement=agreement, signatory=None)
        PartyFactory(agreement=agreement, role="home")
        NegotiationRoundFactory(agreement=agreement)
        AwardFactory(quota=QuotaFactory(agreement=agreement))


@pytest.mark.parametrize("url", [AGREEMENTS, ROUNDS, QUOTAS, AWARDS])
def test_list_queries_do_not_grow_with_the_page(
    office_client, django_assert_max_num_queries, django_assert_num_queries, url
):
    _fill(100)
    office_client.get(url)
    with django_assert_max_num_queries(6) as small:
        assert len(office_client.get(url, {"page_size": 10}).json()["results"]) == 10
    with django_assert_num_queries(len(small.captured_queries)):
        assert len(office_client.get(url, {"page_size": 100}).json()["results"]) == 100
