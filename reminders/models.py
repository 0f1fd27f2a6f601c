from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class Reminder(models.Model):
    """One reminder: what was due (rule, object, due date), to whom, and how it was delivered.

    The log is the source of truth for "exactly once": a row exists at most once per
    (rule, object, recipient, due date) by a unique constraint, and it is delivered until
    ``delivered_at`` is set, never after.
    """

    rule = models.CharField(_("rule"), max_length=64)
    content_type = models.ForeignKey(
        ContentType, verbose_name=_("about a"), on_delete=models.CASCADE
    )
    object_id = models.PositiveBigIntegerField(_("object id"))
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="reminders",
    )
    due_on = models.DateField(_("due on"))
    subject = models.CharField(_("subject"), max_length=255)
    link = models.CharField(_("link"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("created"))
    lease_until = models.DateTimeField(
        _("being delivered until"),
        null=True,
        blank=True,
        help_text=_("A delivery run holds the row until then; after that another may take it."),
    )
    attempts = models.PositiveSmallIntegerField(_("delivery attempts"), default=0)
    last_error = models.TextField(_("last delivery error"), blank=True)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)
    emailed = models.BooleanField(_("sent by e-mail"), default=False)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ["-due_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["rule", "content_type", "object_id", "recipient", "due_on"],
                name="reminder_once_per_rule_object_recipient_day",
            ),
        ]
        indexes = [
            models.Index(fields=["delivered_at", "lease_until"], name="reminder_undelivered_idx"),
            models.Index(fields=["recipient", "read_at"], name="reminder_inbox_idx"),
        ]

    def __str__(self):
        return self.subject

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class ReminderPreference(models.Model):
    """How a user wants reminders. Without a row, reminders come by e-mail and in the inbox."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="reminder_preference",
    )
    email = models.BooleanField(
        _("send reminders by e-mail"),
        default=True,
        help_text=_("Untick to keep reminders in the inbox only."),
    )

    class Meta:
        verbose_name = _("reminder preference")
        verbose_name_plural = _("reminder preferences")

    def __str__(self):
        return str(self.user)
