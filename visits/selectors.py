"""Reads over visits and follow-ups: the reminder rules the reminders app collects."""

from collections.abc import Iterable
from datetime import date, timedelta

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from reminders.rules import Due, Rule, anchor_in_windows, fires, setting, targets_before
from visits.models import FollowUp, Visit


def _follow_ups_due(today: date) -> Iterable[Due]:
    """A follow-up's owner hears on its due date, then every week while it stays open."""
    repeat = int(setting("follow_up_repeat_days"))
    rows = FollowUp.objects.filter(
        status=FollowUp.Status.OPEN, due_on__lte=today, owner__isnull=False
    ).values_list("pk", "owner_id", "due_on", "title")
    for pk, owner_id, due_on, title in rows:
        target = due_on + timedelta(days=repeat * ((today - due_on).days // repeat))
        if not fires(target, today):
            continue
        if target == due_on:
            subject = _("Follow-up due today: %(title)s") % {"title": title}
        else:
            subject = _("Follow-up overdue since %(due)s: %(title)s") % {
                "due": due_on.isoformat(),
                "title": title,
            }
        yield Due(
            model=FollowUp,
            object_id=pk,
            recipient_id=owner_id,
            due_on=target,
            subject=subject,
            link=reverse("admin:visits_followup_change", args=[pk]),
        )


def _visits_coming(today: date) -> Iterable[Due]:
    """The organiser hears 14 and 2 days (by default) before a visit starts."""
    offsets = setting("visit_coming_days_before")
    rows = (
        Visit.objects.filter(anchor_in_windows("starts_on", today, offsets))
        .filter(status__in=[Visit.Status.PLANNED, Visit.Status.CONFIRMED])
        .exclude(organiser__isnull=True)
        .values_list("pk", "organiser_id", "starts_on", "title")
    )
    for pk, organiser_id, starts_on, title in rows:
        for offset, target in targets_before(starts_on, offsets, today):
            yield Due(
                model=Visit,
                object_id=pk,
                recipient_id=organiser_id,
                due_on=target,
                subject=_("Visit in %(days)d days, on %(date)s: %(title)s")
                % {"days": offset, "date": starts_on.isoformat(), "title": title},
                link=reverse("admin:visits_visit_change", args=[pk]),
            )


REMINDER_RULES = [
    Rule(
        "visits.follow_up_due",
        gettext_lazy("Follow-up due, then weekly while open"),
        _follow_ups_due,
    ),
    Rule("visits.visit_coming", gettext_lazy("Visit coming"), _visits_coming),
]
