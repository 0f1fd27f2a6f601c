"""Reads over agreements: list querysets with what their screens need, and the reminder rules
for agreements (collected by the reminders app)."""

from collections.abc import Iterable
from datetime import date, timedelta

from django.db.models import Count, Exists, F, Max, OuterRef, Prefetch, Q
from django.db.models.functions import Coalesce, TruncDate
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from agreements.models import (
    Agreement,
    AgreementParty,
    NegotiationRound,
    ScholarshipAward,
    ScholarshipQuota,
)
from reminders.rules import (
    Due,
    Rule,
    anchor_in_windows,
    catch_up_days,
    fires,
    setting,
    targets_before,
)

S = Agreement.Status


def agreement_list():
    """Agreements with their parties (and institutions), areas and owner: no query per row."""
    return Agreement.objects.select_related("owner", "renews", "signed_at_visit").prefetch_related(
        Prefetch(
            "parties", queryset=AgreementParty.objects.select_related("institution", "signatory")
        ),
        "areas",
    )


def quota_list():
    """Quotas with ``awarded`` (places taken by awards) and ``remaining``."""
    return (
        ScholarshipQuota.objects.select_related("agreement", "funder", "host")
        .annotate(awarded=Count("awards", filter=Q(awards__status=ScholarshipAward.Status.AWARDED)))
        .annotate(remaining=F("places") - F("awarded"))
    )


# Reminder rules -----------------------------------------------------------------------------


def _link(pk: int) -> str:
    return reverse("admin:agreements_agreement_change", args=[pk])


def _next_rounds(today: date) -> Iterable[Due]:
    """The owner hears 7 and 1 days (by default) before the next negotiation round planned in
    the latest round."""
    offsets = setting("negotiation_round_days_before")
    later = NegotiationRound.objects.filter(
        agreement=OuterRef("agreement"), number__gt=OuterRef("number")
    )
    rows = (
        NegotiationRound.objects.filter(anchor_in_windows("next_round_on", today, offsets))
        .filter(~Exists(later), agreement__owner__isnull=False)
        .filter(agreement__status__in=[S.DRAFT, S.NEGOTIATING, S.PENDING_APPROVAL])
        .values_list(
            "pk",
            "agreement_id",
            "agreement__owner_id",
            "next_round_on",
            "agreement__reference",
            "agreement__title",
            "location",
        )
    )
    for pk, agreement_id, owner_id, next_on, reference, title, location in rows:
        for offset, target in targets_before(next_on, offsets, today):
            yield Due(
                model=NegotiationRound,
                object_id=pk,
                recipient_id=owner_id,
                due_on=target,
                subject=_(
                    "Next negotiation round of %(ref)s “%(title)s” in %(days)d days (%(date)s)"
                )
                % {"ref": reference, "title": title, "days": offset, "date": next_on}
                + (f", {location}" if location else ""),
                link=_link(agreement_id),
            )


def _expiring(today: date) -> Iterable[Due]:
    """The owner hears 180, 90 and 30 days (by default) before an active agreement expires."""
    offsets = setting("agreement_expiring_days_before")
    rows = (
        Agreement.objects.filter(anchor_in_windows("expires_on", today, offsets))
        .filter(status=S.ACTIVE, owner__isnull=False)
        .values_list("pk", "owner_id", "expires_on", "reference", "title", "auto_renew")
    )
    for pk, owner_id, expires_on, reference, title, auto_renew in rows:
        for offset, target in targets_before(expires_on, offsets, today):
            then = (
                _("it renews automatically unless notice is given")
                if auto_renew
                else _("renew it or let it lapse")
            )
            yield Due(
                model=Agreement,
                object_id=pk,
                recipient_id=owner_id,
                due_on=target,
                subject=_("%(ref)s “%(title)s” expires in %(days)d days (%(date)s): %(then)s")
                % {
                    "ref": reference,
                    "title": title,
                    "days": offset,
                    "date": expires_on,
                    "then": then,
                },
                link=_link(pk),
            )


def _notice_day(today: date) -> Iterable[Due]:
    """The owner hears on the last day to give notice (``expires_on`` minus ``notice_days``)."""
    longest = 3660
    rows = Agreement.objects.filter(
        status=S.ACTIVE,
        owner__isnull=False,
        notice_days__gt=0,
        expires_on__range=(today, today + timedelta(days=longest)),
    ).values_list("pk", "owner_id", "expires_on", "notice_days", "reference", "title")
    for pk, owner_id, expires_on, notice_days, reference, title in rows:
        target = expires_on - timedelta(days=notice_days)
        if fires(target, today):
            yield Due(
                model=Agreement,
                object_id=pk,
                recipient_id=owner_id,
                due_on=target,
                subject=_("Last day to give notice on %(ref)s “%(title)s” (expires %(date)s)")
                % {"ref": reference, "title": title, "date": expires_on},
                link=_link(pk),
            )


def _stalled(today: date) -> Iterable[Due]:
    """A negotiating agreement with no round for 60 days (by default): the owner hears once per
    quiet spell."""
    days = int(setting("negotiation_stalled_days"))
    rows = (
        Agreement.objects.filter(status=S.NEGOTIATING, owner__isnull=False)
        .annotate(last=Coalesce(Max("rounds__held_on"), TruncDate("created_at")))
        .filter(last__lte=today - timedelta(days=days))
        .values_list("pk", "owner_id", "last", "reference", "title")
    )
    for pk, owner_id, last, reference, title in rows:
        target = last + timedelta(days=days)
        if fires(target, today):
            yield Due(
                model=Agreement,
                object_id=pk,
                recipient_id=owner_id,
                due_on=target,
                subject=_("%(ref)s “%(title)s”: no negotiation round for %(days)d days")
                % {"ref": reference, "title": title, "days": days},
                link=_link(pk),
            )


def _quota_unused(today: date) -> Iterable[Due]:
    """30 days (by default) before the academic year starts, while places remain."""
    days = int(setting("quota_unused_days_before"))
    month, day = setting("academic_year_starts")
    years = {
        f"{year}/{(year + 1) % 100:02d}": date(year, month, day)
        for year in (today.year - 1, today.year, today.year + 1)
        if fires(date(year, month, day) - timedelta(days=days), today)
    }
    if not years:
        return
    rows = (
        quota_list()
        .filter(academic_year__in=years, remaining__gt=0, agreement__owner__isnull=False)
        .values_list("pk", "agreement__owner_id", "academic_year", "remaining")
    )
    for pk, owner_id, year, remaining in rows:
        yield Due(
            model=ScholarshipQuota,
            object_id=pk,
            recipient_id=owner_id,
            due_on=years[year] - timedelta(days=days),
            subject=_(
                "%(n)d scholarship places of %(year)s are still unused; the year starts %(date)s"
            )
            % {"n": remaining, "year": year, "date": years[year]},
            link=reverse("admin:agreements_scholarshipquota_change", args=[pk]),
        )


def _auto_renewed(today: date) -> Iterable[Due]:
    """Tell the owner when an agreement renewed itself under its renewal clause (the successor
    starts the day after the old one expired)."""
    rows = Agreement.objects.filter(
        renews__auto_renew=True,
        renews__status=S.RENEWED,
        owner__isnull=False,
        effective_on__range=(today - timedelta(days=catch_up_days()), today),
    ).values_list("pk", "owner_id", "reference", "renews__reference", "effective_on", "expires_on")
    for pk, owner_id, reference, old, effective_on, expires_on in rows:
        yield Due(
            model=Agreement,
            object_id=pk,
            recipient_id=owner_id,
            due_on=effective_on,
            subject=_("%(old)s renewed automatically as %(new)s, running until %(date)s")
            % {"old": old, "new": reference, "date": expires_on or _("no end date")},
            link=_link(pk),
        )


REMINDER_RULES = [
    Rule("agreements.next_round", gettext_lazy("Next negotiation round"), _next_rounds),
    Rule("agreements.expiring", gettext_lazy("Agreement expiring"), _expiring),
    Rule("agreements.notice_day", gettext_lazy("Last day to give notice"), _notice_day),
    Rule("agreements.stalled", gettext_lazy("Negotiation stalled"), _stalled),
    Rule("agreements.quota_unused", gettext_lazy("Scholarship places unused"), _quota_unused),
    Rule("agreements.auto_renewed", gettext_lazy("Renewed automatically"), _auto_renewed),
]
