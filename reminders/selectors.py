"""Reads for the admin's home page: the signed-in user's "what's due" board."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count
from django.urls import reverse

from reminders.models import Reminder

BOARD_ROWS = 12


@dataclass
class Entry:
    when: date | None
    text: str
    url: str
    detail: str = ""
    overdue: bool = False


@dataclass
class Board:
    unread: list[Entry] = field(default_factory=list)
    unread_count: int = 0
    follow_ups: list[Entry] = field(default_factory=list)
    visits: list[Entry] = field(default_factory=list)
    rounds: list[Entry] = field(default_factory=list)
    expiring: list[Entry] = field(default_factory=list)
    agreements_by_status: list[tuple[str, str, int, str]] = field(default_factory=list)


def _admin_url(obj) -> str:
    meta = obj._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])


def dashboard_for(*, user, today: date) -> Board:
    """Everything on the board, in a fixed number of queries whatever the data."""
    from agreements.models import Agreement, NegotiationRound
    from visits.models import FollowUp, Visit

    board = Board()

    unread = Reminder.objects.filter(recipient=user, read_at__isnull=True)
    board.unread_count = unread.count()
    board.unread = [
        Entry(when=r.due_on, text=r.subject, url=r.link or "")
        for r in unread.order_by("-due_on", "-id")[:BOARD_ROWS]
    ]

    follow_ups = (
        FollowUp.objects.filter(owner=user, status=FollowUp.Status.OPEN)
        .select_related("visit")
        .order_by("due_on", "pk")[:BOARD_ROWS]
    )
    board.follow_ups = [
        Entry(
            when=f.due_on,
            text=f.title,
            url=_admin_url(f),
            detail=str(f.visit.title) if f.visit_id else "",
            overdue=f.due_on < today,
        )
        for f in follow_ups
    ]

    visits = (
        Visit.objects.filter(starts_on__range=(today, today + timedelta(days=30)))
        .exclude(status=Visit.Status.CANCELLED)
        .select_related("host_institution")
        .order_by("starts_on", "pk")[:BOARD_ROWS]
    )
    board.visits = [
        Entry(
            when=v.starts_on,
            text=v.title,
            url=_admin_url(v),
            detail=v.host_institution.name if v.host_institution_id else "",
        )
        for v in visits
    ]

    rounds = (
        NegotiationRound.objects.filter(next_round_on__range=(today, today + timedelta(days=30)))
        .select_related("agreement")
        .order_by("next_round_on", "pk")[:BOARD_ROWS]
    )
    board.rounds = [
        Entry(
            when=r.next_round_on,
            text=f"{r.agreement.reference} {r.agreement.title}",
            url=_admin_url(r.agreement),
            detail=r.location,
        )
        for r in rounds
    ]

    expiring = Agreement.objects.filter(
        status=Agreement.Status.ACTIVE,
        expires_on__range=(today, today + timedelta(days=180)),
    ).order_by("expires_on", "pk")[:BOARD_ROWS]
    board.expiring = [
        Entry(when=a.expires_on, text=f"{a.reference} {a.title}", url=_admin_url(a))
        for a in expiring
    ]

    counts = dict(
        Agreement.objects.order_by()
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    changelist = reverse("admin:agreements_agreement_changelist")
    board.agreements_by_status = [
        (value, label, counts.get(value, 0), f"{changelist}?status__exact={value}")
        for value, label in Agreement.Status.choices
    ]
    return board
