"""Every write with a rule on agreements: creation with a safe reference, the lifecycle,
renewal, negotiation rounds, documents and scholarship awards. Admin, API, tasks and commands
call these; nothing else assigns ``status``."""

from datetime import date, timedelta

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from agreements.models import (
    Agreement,
    AgreementDocument,
    AgreementParty,
    AgreementStatusChange,
    NegotiationRound,
    ReferenceCounter,
    ScholarshipAward,
    ScholarshipQuota,
)
from partners.services import validated_save

S = Agreement.Status

# The lifecycle: from each status, where an agreement may go next.
TRANSITIONS: dict[str, set[str]] = {
    S.DRAFT: {S.NEGOTIATING, S.CANCELLED},
    S.NEGOTIATING: {S.PENDING_APPROVAL, S.CANCELLED},
    S.PENDING_APPROVAL: {S.NEGOTIATING, S.SIGNED, S.CANCELLED},
    S.SIGNED: {S.ACTIVE},
    S.ACTIVE: {S.EXPIRED, S.TERMINATED, S.RENEWED},
    S.EXPIRED: {S.RENEWED},
    S.TERMINATED: set(),
    S.CANCELLED: set(),
    S.RENEWED: set(),
}
CLOSED_STATUSES = {S.TERMINATED, S.CANCELLED, S.RENEWED, S.EXPIRED}


class TransitionRefused(Exception):
    """A lifecycle move that the table or its guard does not allow. Nothing was changed."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


# Creation and changes ----------------------------------------------------------------------


def _next_reference(year: int) -> str:
    """AGR-<year>-<number>, numbered per year. The counter row is locked, so two agreements
    created at the same moment never get the same number."""
    for _attempt in range(3):
        try:
            with transaction.atomic():
                counter = ReferenceCounter.objects.select_for_update().filter(year=year).first()
                if counter is None:
                    counter = ReferenceCounter.objects.create(year=year, last=0)
                counter.last += 1
                counter.save(update_fields=["last"])
                return f"AGR-{year}-{counter.last:04d}"
        except IntegrityError:  # another request created this year's counter first
            continue
    raise ValidationError(_("Could not number the agreement; please try again."))


def _party_errors(parties: list[dict]) -> list[str]:
    """Problems with the parties given, each naming the party by its place in the list. The
    rule for a single party (its signatory belongs to it) is AgreementParty.clean()."""
    errors = []
    seen = set()
    for number, data in enumerate(parties, start=1):
        institution = data["institution"]
        if institution.pk in seen:
            errors.append(
                _("Party %(number)d: %(institution)s is already a party.")
                % {"number": number, "institution": institution.name}
            )
        seen.add(institution.pk)
        try:
            AgreementParty(**data).clean()
        except ValidationError as exc:
            errors.extend(
                _("Party %(number)d: %(problem)s") % {"number": number, "problem": message}
                for message in exc.messages
            )
    return errors


def parties_refusal(*, status: str, roles: list[str]) -> str | None:
    """Why this set of party roles is not allowed for an agreement in ``status``, if it isn't."""
    if status != S.DRAFT and AgreementParty.Role.PARTNER not in roles:
        return _("An agreement that is no longer a draft keeps at least one partner.")
    return None


def _write_parties(agreement: Agreement, parties: list[dict] | None) -> None:
    if parties is None:
        return
    errors = _party_errors(parties)
    refusal = parties_refusal(
        status=agreement.status,
        roles=[p.get("role", AgreementParty.Role.PARTNER) for p in parties],
    )
    if refusal:
        errors.append(refusal)
    if errors:
        raise ValidationError({"parties": errors})
    agreement.parties.all().delete()
    AgreementParty.objects.bulk_create(AgreementParty(agreement=agreement, **p) for p in parties)


@transaction.atomic
def agreement_create(*, title: str, parties=None, areas=None, **fields) -> Agreement:
    """A new agreement, as a draft, with a unique readable reference."""
    fields.pop("status", None)
    agreement = Agreement(title=title, **fields)
    agreement.full_clean(exclude=["reference"])
    agreement.reference = _next_reference(timezone.localdate().year)
    validated_save(agreement)
    _write_parties(agreement, parties or [])
    if areas:
        agreement.areas.set(areas)
    return agreement


@transaction.atomic
def agreement_update(*, agreement: Agreement, parties=None, areas=None, **fields) -> Agreement:
    """Change an agreement's details. Parties or areas, when given, replace the existing ones.
    The status changes only through ``agreement_transition``."""
    fields.pop("status", None)
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    for name, value in fields.items():
        setattr(agreement, name, value)
    validated_save(agreement)
    _write_parties(agreement, parties)
    if areas is not None:
        agreement.areas.set(areas)
    return agreement


@transaction.atomic
def party_remove(*, party: AgreementParty) -> None:
    agreement = Agreement.objects.select_for_update().get(pk=party.agreement_id)
    roles = list(agreement.parties.exclude(pk=party.pk).values_list("role", flat=True))
    refusal = parties_refusal(status=agreement.status, roles=roles)
    if refusal:
        raise ValidationError(refusal)
    party.delete()


# The lifecycle ------------------------------------------------------------------------------


def _guard(agreement: Agreement, to: str, note: str, today: date) -> str | None:
    """Why the move is refused, or None if it is allowed."""
    roles = set(agreement.parties.values_list("role", flat=True))
    if to == S.NEGOTIATING and agreement.status == S.DRAFT:
        if AgreementParty.Role.PARTNER not in roles:
            return _("Add at least one partner institution before negotiating.")
    if to == S.NEGOTIATING and agreement.status == S.PENDING_APPROVAL and not note.strip():
        return _("Say in the note what changed to send the agreement back to negotiation.")
    if to == S.SIGNED:
        if agreement.signed_on is None:
            return _("Enter the signing date before marking the agreement signed.")
        if not {AgreementParty.Role.HOME, AgreementParty.Role.PARTNER} <= roles:
            return _("A signed agreement needs at least one party on our side and one partner.")
    if to == S.ACTIVE:
        if agreement.effective_on is None or agreement.effective_on > today:
            return _("The agreement becomes active on its effective date (%(date)s).") % {
                "date": agreement.effective_on or _("not set")
            }
    if to == S.EXPIRED:
        if agreement.expires_on is None or agreement.expires_on >= today:
            return _("The agreement has not expired yet (it runs until %(date)s).") % {
                "date": agreement.expires_on or _("no end date")
            }
    if to in (S.TERMINATED, S.CANCELLED) and not note.strip():
        return _("Give the reason in the note.")
    if to == S.RENEWED:
        successor = agreement.renewals.filter(status__in=[S.SIGNED, S.ACTIVE]).first()
        if successor is None:
            return _("Only a signed successor agreement (renewing this one) can renew it.")
    return None


@transaction.atomic
def agreement_transition(
    *, agreement: Agreement, to: str, actor=None, note: str = "", today: date | None = None
) -> Agreement:
    """Move an agreement to ``to`` if the lifecycle allows it, and record the step.

    The row is locked so two moves at once cannot both pass their checks. A refused move raises
    TransitionRefused and changes nothing.
    """
    today = today or timezone.localdate()
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    if to not in S.values:
        raise ValidationError({"to": _("“%(to)s” is not a status.") % {"to": to}})
    if to not in TRANSITIONS[agreement.status]:
        allowed = ", ".join(sorted(str(S(s).label) for s in TRANSITIONS[agreement.status]))
        raise TransitionRefused(
            _("A %(current)s agreement cannot become %(to)s. From here it can become: %(allowed)s.")
            % {
                "current": str(S(agreement.status).label).lower(),
                "to": str(S(to).label).lower(),
                "allowed": allowed.lower() or _("nothing (this is final)"),
            }
        )
    refusal = _guard(agreement, to, note, today)
    if refusal:
        raise TransitionRefused(refusal)
    AgreementStatusChange.objects.create(
        agreement=agreement, from_status=agreement.status, to_status=to, actor=actor, note=note
    )
    agreement.status = to
    agreement.save(update_fields=["status", "updated_at"])
    if to == S.SIGNED and agreement.renews_id:
        predecessor = agreement.renews
        if predecessor.status in (S.ACTIVE, S.EXPIRED):
            agreement_transition(
                agreement=predecessor,
                to=S.RENEWED,
                actor=actor,
                note=_("Renewed by %(reference)s.") % {"reference": agreement.reference},
                today=today,
            )
    return agreement


@transaction.atomic
def agreement_renew(*, agreement: Agreement, actor=None) -> Agreement:
    """Start the renewal: a draft successor with the same parties and areas, renewing this one.
    It runs for as long as this one did, from the day after this one expires."""
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    if agreement.status not in (S.SIGNED, S.ACTIVE, S.EXPIRED):
        raise TransitionRefused(
            _("Only a signed, active or expired agreement can be renewed; this one is %(status)s.")
            % {"status": str(S(agreement.status).label).lower()}
        )
    pending = agreement.renewals.exclude(status=S.CANCELLED).first()
    if pending is not None:
        raise TransitionRefused(
            _("%(reference)s already renews this agreement.") % {"reference": pending.reference}
        )
    effective_on = expires_on = None
    if agreement.expires_on:
        effective_on = agreement.expires_on + timedelta(days=1)
        if agreement.effective_on:
            expires_on = effective_on + (agreement.expires_on - agreement.effective_on)
    successor = agreement_create(
        title=agreement.title,
        kind=agreement.kind,
        owner=agreement.owner,
        effective_on=effective_on,
        expires_on=expires_on,
        auto_renew=agreement.auto_renew,
        notice_days=agreement.notice_days,
        renews=agreement,
        parties=[{"institution": p.institution, "role": p.role} for p in agreement.parties.all()],
        areas=list(agreement.areas.all()),
    )
    AgreementStatusChange.objects.create(
        agreement=successor,
        from_status=S.DRAFT,
        to_status=S.DRAFT,
        actor=actor,
        note=_("Created to renew %(reference)s.") % {"reference": agreement.reference},
    )
    return successor


@transaction.atomic
def agreement_auto_renew(*, agreement: Agreement, today: date) -> Agreement:
    """Renew an agreement with an automatic renewal clause: the successor is signed and in force
    without a new negotiation, and this agreement becomes renewed."""
    successor = agreement_renew(agreement=agreement)
    note = _("Renewed automatically under the renewal clause of %(reference)s.") % {
        "reference": agreement.reference
    }
    successor.signed_on = today
    successor.save(update_fields=["signed_on"])
    for step in (S.NEGOTIATING, S.PENDING_APPROVAL, S.SIGNED):
        agreement_transition(agreement=successor, to=step, note=note, today=today)
    if successor.effective_on and successor.effective_on <= today:
        agreement_transition(agreement=successor, to=S.ACTIVE, note=note, today=today)
    return successor


def agreements_follow_calendar(*, today: date) -> int:
    """The daily moves: signed agreements whose effective date has come become active; active
    ones past their expiry expire, or renew if they renew automatically. Returns how many
    agreements moved."""
    moved = 0
    for agreement in Agreement.objects.filter(status=S.SIGNED, effective_on__lte=today):
        agreement_transition(
            agreement=agreement, to=S.ACTIVE, note=_("Effective date reached."), today=today
        )
        moved += 1
    for agreement in Agreement.objects.filter(status=S.ACTIVE, expires_on__lt=today):
        if agreement.auto_renew:
            agreement_auto_renew(agreement=agreement, today=today)
        else:
            agreement_transition(
                agreement=agreement, to=S.EXPIRED, note=_("Expiry date passed."), today=today
            )
        moved += 1
    return moved


# Negotiation rounds -------------------------------------------------------------------------


@transaction.atomic
def negotiation_round_create(*, agreement: Agreement, actor=None, **fields) -> NegotiationRound:
    """Record a round. Rounds are numbered 1, 2, 3 ... per agreement (the agreement row is
    locked while numbering). A round on a draft moves the agreement to negotiating."""
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    if agreement.status in CLOSED_STATUSES | {S.SIGNED}:
        raise ValidationError(
            {
                "agreement": _("A %(status)s agreement has no more negotiation rounds.")
                % {"status": str(S(agreement.status).label).lower()}
            }
        )
    last = agreement.rounds.order_by("-number").values_list("number", flat=True).first() or 0
    fields.pop("number", None)
    round_ = validated_save(NegotiationRound(agreement=agreement, number=last + 1, **fields))
    if agreement.status == S.DRAFT:
        try:
            agreement_transition(
                agreement=agreement,
                to=S.NEGOTIATING,
                actor=actor,
                note=_("Negotiation round %(number)d recorded.") % {"number": round_.number},
            )
        except TransitionRefused as exc:
            raise ValidationError({"agreement": exc.message}) from exc
    return round_


@transaction.atomic
def negotiation_round_update(*, negotiation_round: NegotiationRound, **fields):
    fields.pop("number", None)
    fields.pop("agreement", None)
    for name, value in fields.items():
        setattr(negotiation_round, name, value)
    return validated_save(negotiation_round)


# Documents ----------------------------------------------------------------------------------

ALLOWED_DOCUMENTS = {
    "application/pdf": {"pdf"},
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": {"docx"},
    "application/vnd.oasis.opendocument.text": {"odt"},
    "image/jpeg": {"jpg", "jpeg"},
    "image/png": {"png"},
}


@transaction.atomic
def document_add(*, agreement: Agreement, file, kind: str, actor=None, version=None):
    """Store an uploaded document after checking its size and its real type (from its content,
    not its name)."""
    limit = settings.AGREEMENT_DOCUMENT_MAX_BYTES
    if file.size > limit:
        raise ValidationError(
            {
                "file": _("The file is %(size)s MB; the limit is %(limit)s MB.")
                % {"size": round(file.size / 1048576, 1), "limit": round(limit / 1048576, 1)}
            }
        )
    head = file.read(8192)
    file.seek(0)
    detected = filetype.guess(head)
    mime = detected.mime if detected else None
    extension = file.name.rsplit(".", 1)[-1].lower() if "." in file.name else ""
    if mime not in ALLOWED_DOCUMENTS:
        raise ValidationError(
            {"file": _("Upload a PDF, Word (DOCX), OpenDocument (ODT), JPEG or PNG file.")}
        )
    if extension not in ALLOWED_DOCUMENTS[mime]:
        raise ValidationError(
            {
                "file": _("The file's content is %(kind)s but its name ends in “.%(ext)s”.")
                % {"kind": detected.extension.upper(), "ext": extension}
            }
        )
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    if version is None:
        last = (
            agreement.documents.filter(kind=kind)
            .order_by("-version")
            .values_list("version", flat=True)
            .first()
        )
        version = (last or 0) + 1
    document = AgreementDocument(
        agreement=agreement,
        kind=kind,
        version=version,
        original_name=file.name[-255:],
        content_type=mime,
        size=file.size,
        uploaded_by=actor,
    )
    document.file.save(file.name, file, save=False)
    return validated_save(document)


# Scholarship quotas and awards -------------------------------------------------------------


def _awarded(quota: ScholarshipQuota, exclude=None) -> int:
    awards = quota.awards.filter(status=ScholarshipAward.Status.AWARDED)
    if exclude is not None:
        awards = awards.exclude(pk=exclude.pk)
    return awards.count()


@transaction.atomic
def quota_create(**fields) -> ScholarshipQuota:
    return validated_save(ScholarshipQuota(**fields))


@transaction.atomic
def quota_update(*, quota: ScholarshipQuota, **fields) -> ScholarshipQuota:
    """Change a quota; its places cannot drop below the places already awarded."""
    quota = ScholarshipQuota.objects.select_for_update().get(pk=quota.pk)
    for name, value in fields.items():
        setattr(quota, name, value)
    awarded = _awarded(quota)
    if quota.places < awarded:
        raise ValidationError(
            {
                "places": _("%(awarded)d places are already awarded; places cannot be fewer.")
                % {"awarded": awarded}
            }
        )
    return validated_save(quota)


def award_refusal(award: ScholarshipAward) -> str | None:
    """Why ``award`` cannot be saved as it is (its quota would be overfilled), if it can't."""
    if award.status != ScholarshipAward.Status.AWARDED:
        return None
    quota = award.quota
    if _awarded(quota, exclude=award if award.pk else None) >= quota.places:
        return _(
            "All %(places)d places of this quota are awarded; decline or withdraw an award, or "
            "add places, first."
        ) % {"places": quota.places}
    return None


def _check_room(award: ScholarshipAward) -> None:
    # The caller has locked the quota row (select_for_update): concurrent awards on the same
    # quota queue there, so the count is exact.
    refusal = award_refusal(award)
    if refusal:
        raise ValidationError({"status": refusal})


@transaction.atomic
def award_create(*, quota: ScholarshipQuota, **fields) -> ScholarshipAward:
    quota = ScholarshipQuota.objects.select_for_update().get(pk=quota.pk)
    award = ScholarshipAward(quota=quota, **fields)
    _check_room(award)
    return validated_save(award)


@transaction.atomic
def award_update(*, award: ScholarshipAward, **fields) -> ScholarshipAward:
    quota = ScholarshipQuota.objects.select_for_update().get(pk=fields.get("quota", award.quota).pk)
    for name, value in fields.items():
        setattr(award, name, value)
    award.quota = quota
    _check_room(award)
    return validated_save(award)
