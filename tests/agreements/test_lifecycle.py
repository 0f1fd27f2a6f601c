"""Every allowed and every refused lifecycle move, through the service."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError

from agreements import services
from agreements.models import Agreement, AgreementParty, AgreementStatusChange
from agreements.services import TRANSITIONS, TransitionRefused
from tests.factories import AgreementFactory, InstitutionFactory, PartyFactory, UserFactory

pytestmark = pytest.mark.django_db

S = Agreement.Status
TODAY = date(2026, 11, 25)


def ready(status, **fields):
    """An agreement in ``status`` that meets every guard of the moves out of it."""
    defaults = {
        "signed_on": TODAY - timedelta(days=10),
        "effective_on": TODAY - timedelta(days=5),
        "expires_on": TODAY - timedelta(days=1),
    }
    agreement = AgreementFactory(status=status, **{**defaults, **fields})
    PartyFactory(agreement=agreement, role=AgreementParty.Role.HOME)
    PartyFactory(agreement=agreement, role=AgreementParty.Role.PARTNER)
    if status in (S.ACTIVE, S.EXPIRED):
        successor = AgreementFactory(status=S.SIGNED, renews=agreement)
        PartyFactory(agreement=successor)
    return agreement


ALLOWED = [(source, target) for source, targets in TRANSITIONS.items() for target in targets]
REFUSED = [
    (source, target)
    for source in S.values
    for target in S.values
    if target not in TRANSITIONS[source]
]


@pytest.mark.parametrize(("source", "target"), ALLOWED)
def test_every_allowed_move_changes_the_status_and_is_recorded(source, target):
    agreement = ready(source)
    actor = UserFactory()
    moved = services.agreement_transition(
        agreement=agreement, to=target, actor=actor, note="Reason given", today=TODAY
    )
    assert moved.status == target
    change = AgreementStatusChange.objects.get(agreement=agreement, to_status=target)
    assert (change.from_status, change.actor, change.note) == (source, actor, "Reason given")
    assert change.at is not None


@pytest.mark.parametrize(("source", "target"), REFUSED)
def test_every_move_outside_the_table_is_refused_and_changes_nothing(source, target):
    agreement = ready(source)
    with pytest.raises(TransitionRefused) as excinfo:
        services.agreement_transition(agreement=agreement, to=target, note="x", today=TODAY)
    assert "cannot become" in excinfo.value.message
    agreement.refresh_from_db()
    assert agreement.status == source
    assert not AgreementStatusChange.objects.filter(agreement=agreement).exists()


def refused(agreement, to, note="", today=TODAY):
    with pytest.raises(TransitionRefused) as excinfo:
        services.agreement_transition(agreement=agreement, to=to, note=note, today=today)
    agreement.refresh_from_db()
    assert not agreement.status_changes.exists()
    return excinfo.value.message


def test_negotiating_needs_a_partner_party():
    agreement = AgreementFactory(status=S.DRAFT)
    PartyFactory(agreement=agreement, role=AgreementParty.Role.HOME)
    assert "partner" in refused(agreement, S.NEGOTIATING)
    assert agreement.status == S.DRAFT


def test_back_to_negotiation_needs_a_note_saying_what_changed():
    assert "note" in refused(ready(S.PENDING_APPROVAL), S.NEGOTIATING, note="  ")


def test_signing_needs_the_signing_date():
    assert "signing date" in refused(ready(S.PENDING_APPROVAL, signed_on=None), S.SIGNED)


def test_signing_needs_a_home_and_a_partner_party():
    agreement = AgreementFactory(status=S.PENDING_APPROVAL, signed_on=TODAY)
    PartyFactory(agreement=agreement, role=AgreementParty.Role.PARTNER)
    assert "our side" in refused(agreement, S.SIGNED)


def test_becoming_active_waits_for_the_effective_date():
    agreement = ready(S.SIGNED, effective_on=TODAY + timedelta(days=1), expires_on=None)
    assert "effective date" in refused(agreement, S.ACTIVE)


def test_expiring_waits_for_the_expiry_date():
    agreement = ready(S.ACTIVE, expires_on=TODAY)
    assert "not expired" in refused(agreement, S.EXPIRED)


@pytest.mark.parametrize("source", [S.DRAFT, S.NEGOTIATING, S.PENDING_APPROVAL])
def test_cancelling_needs_a_note(source):
    assert "reason" in refused(ready(source), S.CANCELLED)


def test_terminating_needs_a_note():
    assert "reason" in refused(ready(S.ACTIVE), S.TERMINATED)


def test_renewed_needs_a_signed_successor():
    agreement = AgreementFactory(
        status=S.ACTIVE,
        effective_on=TODAY - timedelta(days=5),
        expires_on=TODAY + timedelta(days=5),
    )
    AgreementFactory(status=S.DRAFT, renews=agreement)
    assert "successor" in refused(agreement, S.RENEWED)


def test_an_unknown_status_is_a_validation_error_naming_to():
    with pytest.raises(ValidationError) as excinfo:
        services.agreement_transition(agreement=AgreementFactory(), to="archived")
    assert "to" in excinfo.value.message_dict


# Creation, references, parties ------------------------------------------------------------


def test_new_agreements_get_readable_unique_references_per_year():
    first = services.agreement_create(title="MoU with Oxford")
    second = services.agreement_create(title="MoU with Cheshire")
    year = date.today().year
    assert first.reference == f"AGR-{year}-0001"
    assert second.reference == f"AGR-{year}-0002"
    assert first.status == S.DRAFT


def test_expiry_must_come_after_the_effective_date():
    with pytest.raises(ValidationError) as excinfo:
        services.agreement_create(
            title="Backwards", effective_on=date(2027, 1, 1), expires_on=date(2026, 1, 1)
        )
    assert "expires_on" in excinfo.value.message_dict
    assert not Agreement.objects.exists()


def test_a_signatory_must_belong_to_the_party_it_signs_for():
    oxford = InstitutionFactory(name="University of Oxford")
    from tests.factories import ContactFactory

    stranger = ContactFactory()
    with pytest.raises(ValidationError) as excinfo:
        services.agreement_create(
            title="MoU", parties=[{"institution": oxford, "signatory": stranger, "role": "partner"}]
        )
    assert "does not belong" in excinfo.value.message_dict["parties"][0]
    assert not Agreement.objects.exists()


def test_the_same_institution_cannot_be_a_party_twice():
    oxford = InstitutionFactory()
    with pytest.raises(ValidationError) as excinfo:
        services.agreement_create(
            title="MoU",
            parties=[
                {"institution": oxford, "role": "partner"},
                {"institution": oxford, "role": "home"},
            ],
        )
    assert "already a party" in excinfo.value.message_dict["parties"][0]


def test_a_non_draft_agreement_keeps_a_partner():
    agreement = ready(S.NEGOTIATING)
    home = agreement.parties.get(role="home")
    with pytest.raises(ValidationError):
        services.agreement_update(
            agreement=agreement, parties=[{"institution": home.institution, "role": "home"}]
        )
    partner = agreement.parties.get(role="partner")
    with pytest.raises(ValidationError):
        services.party_remove(party=partner)
    assert agreement.parties.filter(role="partner").exists()


def test_updating_never_changes_the_status():
    agreement = ready(S.NEGOTIATING)
    services.agreement_update(agreement=agreement, status=S.ACTIVE, title="New title")
    agreement.refresh_from_db()
    assert (agreement.status, agreement.title) == (S.NEGOTIATING, "New title")


# Renewal ------------------------------------------------------------------------------------


def test_renewal_creates_a_draft_successor_with_the_same_parties_and_areas():
    from agreements.models import AreaOfCooperation

    agreement = ready(S.ACTIVE, effective_on=date(2024, 1, 1), expires_on=date(2026, 12, 31))
    agreement.renewals.all().delete()
    agreement.areas.set(AreaOfCooperation.objects.filter(name="Joint training"))
    successor = services.agreement_renew(agreement=agreement)
    assert successor.status == S.DRAFT
    assert successor.renews == agreement
    assert successor.reference != agreement.reference
    assert sorted(successor.parties.values_list("institution", "role")) == sorted(
        agreement.parties.values_list("institution", "role")
    )
    assert list(successor.areas.values_list("name", flat=True)) == ["Joint training"]
    assert successor.effective_on == date(2027, 1, 1)
    assert successor.expires_on == date(2027, 1, 1) + (date(2026, 12, 31) - date(2024, 1, 1))


def test_signing_the_successor_renews_the_predecessor():
    agreement = ready(S.ACTIVE, expires_on=TODAY + timedelta(days=30))
    agreement.renewals.all().delete()
    successor = services.agreement_renew(agreement=agreement)
    for step in (S.NEGOTIATING, S.PENDING_APPROVAL):
        services.agreement_transition(agreement=successor, to=step, today=TODAY)
    services.agreement_update(agreement=successor, signed_on=TODAY)
    services.agreement_transition(agreement=successor, to=S.SIGNED, today=TODAY)
    agreement.refresh_from_db()
    assert agreement.status == S.RENEWED
    assert successor.reference in agreement.status_changes.get(to_status=S.RENEWED).note


def test_renewing_twice_is_refused_naming_the_successor():
    agreement = ready(S.ACTIVE, expires_on=TODAY + timedelta(days=30))
    agreement.renewals.all().delete()
    successor = services.agreement_renew(agreement=agreement)
    with pytest.raises(TransitionRefused) as excinfo:
        services.agreement_renew(agreement=agreement)
    assert successor.reference in excinfo.value.message


def test_a_draft_cannot_be_renewed():
    with pytest.raises(TransitionRefused):
        services.agreement_renew(agreement=AgreementFactory(status=S.DRAFT))


# The daily moves -----------------------------------------------------------------------------


def test_daily_moves_activate_expire_and_auto_renew():
    starting = ready(S.SIGNED, effective_on=TODAY, expires_on=TODAY + timedelta(days=365))
    not_yet = ready(S.SIGNED, effective_on=TODAY + timedelta(days=1), expires_on=None)
    ending = ready(S.ACTIVE, expires_on=TODAY - timedelta(days=1))
    ending.renewals.all().delete()
    renewing = ready(
        S.ACTIVE,
        effective_on=TODAY - timedelta(days=366),
        expires_on=TODAY - timedelta(days=1),
        auto_renew=True,
    )
    renewing.renewals.all().delete()

    assert services.agreements_follow_calendar(today=TODAY) == 3
    for agreement in (starting, not_yet, ending, renewing):
        agreement.refresh_from_db()
    assert starting.status == S.ACTIVE
    assert not_yet.status == S.SIGNED
    assert ending.status == S.EXPIRED
    assert renewing.status == S.RENEWED
    successor = renewing.renewals.get()
    assert successor.status == S.ACTIVE
    assert successor.effective_on == TODAY

    assert services.agreements_follow_calendar(today=TODAY) == 0
