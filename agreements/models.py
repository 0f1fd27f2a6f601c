import os
import re
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from partners.models import Contact, Institution


class AreaOfCooperation(models.Model):
    """What an agreement covers: joint training, talent exchange, ... Staff can add more."""

    name = models.CharField(_("name"), max_length=100, unique=True)

    class Meta:
        verbose_name = _("area of cooperation")
        verbose_name_plural = _("areas of cooperation")
        ordering = ["name"]

    def __str__(self):
        return self.name


class ReferenceCounter(models.Model):
    """The last agreement number given out in a year (for AGR-<year>-<number>)."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("reference counter")

    def __str__(self):
        return f"{self.year}: {self.last}"


class Agreement(models.Model):
    """An MoU or other agreement, from the first negotiation round to expiry or renewal."""

    class Kind(models.TextChoices):
        MOU = "mou", _("Memorandum of understanding")
        FRAMEWORK = "framework", _("Framework agreement")
        STUDENT_EXCHANGE = "student_exchange", _("Student exchange")
        STAFF_EXCHANGE = "staff_exchange", _("Staff exchange")
        JOINT_PROGRAMME = "joint_programme", _("Joint programme")
        RESEARCH = "research", _("Research cooperation")
        SCHOLARSHIP = "scholarship", _("Scholarship")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        NEGOTIATING = "negotiating", _("Negotiating")
        PENDING_APPROVAL = "pending_approval", _("Pending approval")
        SIGNED = "signed", _("Signed")
        ACTIVE = "active", _("Active")
        EXPIRED = "expired", _("Expired")
        TERMINATED = "terminated", _("Terminated")
        CANCELLED = "cancelled", _("Cancelled")
        RENEWED = "renewed", _("Renewed")

    reference = models.CharField(_("reference"), max_length=20, unique=True, editable=False)
    title = models.CharField(_("title"), max_length=255)
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices, default=Kind.MOU)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    areas = models.ManyToManyField(
        AreaOfCooperation, verbose_name=_("areas of cooperation"), blank=True
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agreements",
        help_text=_("The staff member responsible; gets its reminders."),
    )
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    effective_on = models.DateField(_("effective from"), null=True, blank=True)
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    auto_renew = models.BooleanField(
        _("renews automatically"),
        default=False,
        help_text=_("Renewed by itself at expiry unless notice is given."),
    )
    notice_days = models.PositiveSmallIntegerField(
        _("notice period (days)"),
        default=0,
        help_text=_("Days before expiry by which notice must be given; 0 if none."),
    )
    renews = models.ForeignKey(
        "self",
        verbose_name=_("renews"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="renewals",
        help_text=_("The agreement this one replaces."),
    )
    signed_at_visit = models.ForeignKey(
        "visits.Visit",
        verbose_name=_("signed at visit"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agreements_signed",
    )
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_on__isnull=True)
                | Q(effective_on__isnull=True)
                | Q(expires_on__gt=F("effective_on")),
                name="agreement_expires_after_effective",
                violation_error_message=_("The expiry date must come after the effective date."),
            ),
        ]
        indexes = [
            models.Index(fields=["status", "expires_on"], name="agreement_status_expiry_idx"),
        ]

    def __str__(self):
        return f"{self.reference} {self.title}"

    def clean(self):
        if self.effective_on and self.expires_on and self.expires_on <= self.effective_on:
            raise ValidationError(
                {"expires_on": _("The expiry date must come after the effective date.")}
            )
        if self.renews_id and self.pk and self.renews_id == self.pk:
            raise ValidationError({"renews": _("An agreement cannot renew itself.")})


class AgreementParty(models.Model):
    """An institution that is party to an agreement, and who signed for it."""

    class Role(models.TextChoices):
        HOME = "home", _("Our side")
        PARTNER = "partner", _("Partner")
        SUPPORTER = "supporter", _("Supporter or witness")

    agreement = models.ForeignKey(
        Agreement, verbose_name=_("agreement"), on_delete=models.CASCADE, related_name="parties"
    )
    institution = models.ForeignKey(
        Institution,
        verbose_name=_("institution"),
        on_delete=models.PROTECT,
        related_name="agreement_parties",
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.PARTNER)
    signatory = models.ForeignKey(
        Contact,
        verbose_name=_("signatory"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agreements_signed",
    )
    signed_on = models.DateField(_("signed on"), null=True, blank=True)

    class Meta:
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        ordering = ["role", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "institution"],
                name="party_once_per_agreement",
                violation_error_message=_("This institution is already a party."),
            ),
        ]

    def __str__(self):
        return f"{self.institution.name} ({self.get_role_display()})"

    def clean(self):
        if self.signatory_id and self.institution_id:
            if self.signatory.institution_id != self.institution_id:
                raise ValidationError(
                    {
                        "signatory": _("%(person)s does not belong to %(institution)s.")
                        % {"person": self.signatory.full_name, "institution": self.institution.name}
                    }
                )


class AgreementStatusChange(models.Model):
    """One step of an agreement's lifecycle: from, to, who, when, and why."""

    agreement = models.ForeignKey(
        Agreement,
        verbose_name=_("agreement"),
        on_delete=models.CASCADE,
        related_name="status_changes",
    )
    from_status = models.CharField(_("from"), max_length=20, choices=Agreement.Status.choices)
    to_status = models.CharField(_("to"), max_length=20, choices=Agreement.Status.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    at = models.DateTimeField(_("when"), auto_now_add=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.from_status} → {self.to_status}"


class NegotiationRound(models.Model):
    class Mode(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        ONLINE = "online", _("Online")

    agreement = models.ForeignKey(
        Agreement, verbose_name=_("agreement"), on_delete=models.CASCADE, related_name="rounds"
    )
    number = models.PositiveSmallIntegerField(_("round"), editable=False)
    held_on = models.DateField(_("held on"))
    location = models.CharField(_("location"), max_length=255, blank=True)
    mode = models.CharField(_("mode"), max_length=16, choices=Mode.choices, default=Mode.IN_PERSON)
    summary = models.TextField(_("summary"), blank=True)
    outcome = models.TextField(_("outcome"), blank=True)
    next_round_on = models.DateField(_("next round on"), null=True, blank=True)

    class Meta:
        verbose_name = _("negotiation round")
        verbose_name_plural = _("negotiation rounds")
        ordering = ["agreement", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "number"], name="round_number_unique_per_agreement"
            ),
            models.CheckConstraint(
                condition=Q(next_round_on__isnull=True) | Q(next_round_on__gte=F("held_on")),
                name="round_next_not_before_held",
                violation_error_message=_("The next round cannot be before this one."),
            ),
        ]

    def __str__(self):
        return _("Round %(number)s of %(agreement)s") % {
            "number": self.number,
            "agreement": self.agreement.reference,
        }

    def clean(self):
        if self.next_round_on and self.held_on and self.next_round_on < self.held_on:
            raise ValidationError({"next_round_on": _("The next round cannot be before this one.")})


class PrivateFileSystemStorage(FileSystemStorage):
    """Signed agreements are not public: files live in PRIVATE_MEDIA_ROOT, outside MEDIA_ROOT,
    have no URL, and are served only through views that check permissions."""

    @property
    def base_location(self):
        return settings.PRIVATE_MEDIA_ROOT

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError("Agreement documents have no public URL; use the download view.")


private_storage = PrivateFileSystemStorage()


def document_path(document, filename):
    safe = re.sub(r"[^\w.\-]+", "_", Path(filename).name)[-100:]
    return f"agreements/{document.agreement_id}/{safe}"


class AgreementDocument(models.Model):
    class Kind(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SIGNED_COPY = "signed_copy", _("Signed copy")
        ANNEX = "annex", _("Annex")
        OTHER = "other", _("Other")

    agreement = models.ForeignKey(
        Agreement, verbose_name=_("agreement"), on_delete=models.CASCADE, related_name="documents"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.DRAFT)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    file = models.FileField(_("file"), upload_to=document_path, storage=private_storage)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("size (bytes)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["kind", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "kind", "version"], name="document_version_unique"
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} v{self.version}: {self.original_name}"


class ScholarshipQuota(models.Model):
    """Scholarship places promised by a funder at a host for an academic year."""

    class Direction(models.TextChoices):
        INBOUND = "inbound", _("Inbound (students come to us)")
        OUTBOUND = "outbound", _("Outbound (our students go abroad)")

    class Level(models.TextChoices):
        UNDERGRADUATE = "undergraduate", _("Undergraduate")
        MASTER = "master", _("Master")
        DOCTORAL = "doctoral", _("Doctoral")
        VOCATIONAL = "vocational", _("Vocational")
        STAFF = "staff", _("Staff")
        LANGUAGE = "language", _("Language course")

    class Funding(models.TextChoices):
        FULL = "full", _("Full")
        PARTIAL = "partial", _("Partial")
        MIXED = "mixed", _("Full and partial")

    agreement = models.ForeignKey(
        Agreement,
        verbose_name=_("agreement"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="quotas",
    )
    funder = models.ForeignKey(
        Institution,
        verbose_name=_("funder"),
        on_delete=models.PROTECT,
        related_name="funded_quotas",
    )
    host = models.ForeignKey(
        Institution, verbose_name=_("host"), on_delete=models.PROTECT, related_name="hosted_quotas"
    )
    academic_year = models.CharField(
        _("academic year"), max_length=7, help_text=_("Two consecutive years, e.g. 2026/27.")
    )
    direction = models.CharField(_("direction"), max_length=16, choices=Direction.choices)
    level = models.CharField(_("level"), max_length=16, choices=Level.choices)
    funding = models.CharField(_("funding"), max_length=16, choices=Funding.choices)
    places = models.PositiveIntegerField(_("places"))
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("scholarship quota")
        verbose_name_plural = _("scholarship quotas")
        ordering = ["-academic_year", "pk"]

    def __str__(self):
        return _("%(places)s %(funding)s places, %(year)s, at %(host)s") % {
            "places": self.places,
            "funding": self.get_funding_display().lower(),
            "year": self.academic_year,
            "host": self.host.name,
        }

    def clean(self):
        match = re.fullmatch(r"(\d{4})/(\d{2})", self.academic_year or "")
        if not match or (int(match[1]) + 1) % 100 != int(match[2]):
            raise ValidationError(
                {"academic_year": _("Enter two consecutive years, such as 2026/27.")}
            )

    @property
    def starts_year(self) -> int:
        return int(self.academic_year[:4])


class ScholarshipAward(models.Model):
    class Status(models.TextChoices):
        NOMINATED = "nominated", _("Nominated")
        AWARDED = "awarded", _("Awarded")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    quota = models.ForeignKey(
        ScholarshipQuota, verbose_name=_("quota"), on_delete=models.PROTECT, related_name="awards"
    )
    candidate_name = models.CharField(_("candidate"), max_length=255)
    candidate_institution = models.ForeignKey(
        Institution,
        verbose_name=_("candidate's institution"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.NOMINATED
    )
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("scholarship award")
        verbose_name_plural = _("scholarship awards")
        ordering = ["quota", "candidate_name"]

    def __str__(self):
        return f"{self.candidate_name} ({self.get_status_display()})"
