import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from partners.models import Contact, Institution


class Visit(models.Model):
    """A delegation visit, inbound or outbound, or an event the office attends or hosts."""

    class Kind(models.TextChoices):
        DELEGATION = "delegation", _("Delegation visit")
        CONFERENCE = "conference", _("Conference or forum")
        SIGNING_CEREMONY = "signing_ceremony", _("Signing ceremony")
        ONLINE_MEETING = "online_meeting", _("Online meeting")
        OTHER = "other", _("Other")

    class Direction(models.TextChoices):
        INBOUND = "inbound", _("Inbound (they come to us)")
        OUTBOUND = "outbound", _("Outbound (we go to them)")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        CONFIRMED = "confirmed", _("Confirmed")
        COMPLETED = "completed", _("Completed")
        CANCELLED = "cancelled", _("Cancelled")

    title = models.CharField(_("title"), max_length=255)
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices, default=Kind.DELEGATION)
    direction = models.CharField(_("direction"), max_length=16, choices=Direction.choices)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PLANNED
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    city = models.CharField(_("city"), max_length=128, blank=True)
    country = CountryField(_("country"), blank=True)
    host_institution = models.ForeignKey(
        Institution,
        verbose_name=_("host institution"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hosted_visits",
    )
    purpose = models.TextField(_("purpose"), blank=True)
    outcome = models.TextField(
        _("outcome"), blank=True, help_text=_("What came of it. Required to complete the visit.")
    )
    organiser = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("organiser"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organised_visits",
        help_text=_("The staff member who organises it; reminded before it starts."),
    )
    attendance = models.PositiveIntegerField(
        _("attendance"), null=True, blank=True, help_text=_("How many people took part.")
    )
    attendance_note = models.CharField(
        _("attendance note"),
        max_length=255,
        blank=True,
        help_text=_("E.g. “more than 90 representatives and guests”."),
    )
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="visit_ends_after_it_starts",
                violation_error_message=_("The visit cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=~Q(status="completed") | ~Q(outcome=""),
                name="visit_completed_has_outcome",
                violation_error_message=_("Write the outcome before marking the visit completed."),
            ),
        ]
        indexes = [models.Index(fields=["starts_on"], name="visit_starts_on_idx")]

    def __str__(self):
        return f"{self.title} ({self.starts_on:%Y-%m-%d})"

    def clean(self):
        errors = {}
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = _("The visit cannot end before it starts.")
        if self.status == self.Status.COMPLETED and not self.outcome.strip():
            errors["outcome"] = _("Write the outcome before marking the visit completed.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_closed(self) -> bool:
        return self.status in (self.Status.COMPLETED, self.Status.CANCELLED)


class VisitStop(models.Model):
    """One stop of a visit's itinerary: a day at an institution."""

    visit = models.ForeignKey(
        Visit, verbose_name=_("visit"), on_delete=models.CASCADE, related_name="stops"
    )
    date = models.DateField(_("date"))
    institution = models.ForeignKey(
        Institution,
        verbose_name=_("institution"),
        on_delete=models.PROTECT,
        related_name="visit_stops",
    )
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("stop")
        verbose_name_plural = _("stops")
        ordering = ["date", "pk"]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.institution.name}"


class VisitParticipant(models.Model):
    """Someone taking part: a partner's contact or one of our staff, in a role."""

    class Role(models.TextChoices):
        HEAD_OF_DELEGATION = "head_of_delegation", _("Head of delegation")
        MEMBER = "member", _("Delegation member")
        HOST = "host", _("Host")
        INTERPRETER = "interpreter", _("Interpreter")
        SPEAKER = "speaker", _("Speaker")
        GUEST = "guest", _("Guest")

    visit = models.ForeignKey(
        Visit, verbose_name=_("visit"), on_delete=models.CASCADE, related_name="participants"
    )
    contact = models.ForeignKey(
        Contact,
        verbose_name=_("contact"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="visit_participations",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff member"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="visit_participations",
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices, default=Role.MEMBER)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(contact__isnull=False) & Q(user__isnull=True))
                | (Q(contact__isnull=True) & Q(user__isnull=False)),
                name="participant_is_a_contact_or_a_user",
                violation_error_message=_(
                    "A participant is either a partner's contact or one of our staff: choose "
                    "exactly one."
                ),
            ),
        ]

    def __str__(self):
        who = self.contact.full_name if self.contact_id else self.user.get_full_name()
        return f"{who} ({self.get_role_display()})"


class FollowUp(models.Model):
    """Something someone must do after a visit (or for an agreement), by a date."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")

    visit = models.ForeignKey(
        Visit,
        verbose_name=_("visit"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="follow_ups",
    )
    agreement = models.ForeignKey(
        "agreements.Agreement",
        verbose_name=_("agreement"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="follow_ups",
    )
    title = models.CharField(_("what to do"), max_length=255)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="follow_ups",
    )
    due_on = models.DateField(_("due on"))
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.OPEN
    )
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        ordering = ["due_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="done") | Q(completed_at__isnull=False),
                name="follow_up_done_has_completed_at",
            ),
            models.CheckConstraint(
                condition=Q(visit__isnull=False) | Q(agreement__isnull=False),
                name="follow_up_about_a_visit_or_an_agreement",
                violation_error_message=_("Attach the follow-up to a visit, an agreement or both."),
            ),
        ]
        indexes = [models.Index(fields=["status", "due_on"], name="follow_up_open_due_idx")]

    def __str__(self):
        return self.title


class CalendarFeed(models.Model):
    """A user's secret calendar subscription address."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="calendar_feed",
    )
    token = models.CharField(_("secret token"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created"), auto_now=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self):
        return str(self.user)

    @staticmethod
    def new_token() -> str:
        return secrets.token_urlsafe(32)
