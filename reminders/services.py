"""The reminder dispatch: find what is due, log it once, deliver it once.

``reminders_dispatch`` asks every rule what is due (one query a rule) and writes the log rows in
one statement that skips rows already logged, so running it twice, or twice at once, logs each
reminder once.

``reminders_deliver`` claims undelivered rows under a lease (``SELECT ... FOR UPDATE SKIP
LOCKED`` on PostgreSQL), sends each e-mail and marks that row delivered straight away. A worker
killed half-way leaves its rows leased; when the lease runs out the next run takes them. A
failed e-mail leaves its row undelivered for the next run or retry. A row marked delivered is
never sent again.
"""

import logging
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import connection, transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone

from reminders.models import Reminder, ReminderPreference
from reminders.rules import Due, all_rules

logger = logging.getLogger(__name__)


@dataclass
class DeliveryReport:
    delivered: int = 0
    emailed: int = 0
    failed: list[int] = field(default_factory=list)


def reminders_collect(*, today: date) -> list[tuple[str, Due]]:
    """Everything due today, from every rule, as (rule name, due) pairs."""
    return [(rule.name, due) for rule in all_rules() for due in rule.due(today)]


@transaction.atomic
def reminders_dispatch(*, today: date) -> int:
    """Log every reminder due on ``today`` that is not logged yet. Returns how many were due.

    The rows are written by one ``INSERT ... ON CONFLICT DO NOTHING`` executed for the whole
    batch, so the number of queries does not grow with the number of due reminders, and a row
    logged already (by an earlier or a simultaneous run) is skipped.
    """
    due = reminders_collect(today=today)
    if not due:
        return 0
    content_types = ContentType.objects.get_for_models(*{d.model for _name, d in due})
    ops = connection.ops
    now = ops.adapt_datetimefield_value(timezone.now())
    rows = [
        (
            name,
            content_types[d.model].pk,
            d.object_id,
            d.recipient_id,
            ops.adapt_datefield_value(d.due_on),
            d.subject[:255],
            d.link[:255],
            now,
        )
        for name, d in due
    ]
    _insert_ignoring_duplicates(rows)
    return len(rows)


_COLUMNS = ("rule", "content_type", "object_id", "recipient", "due_on", "subject", "link")
_UNIQUE = ("rule", "content_type", "object_id", "recipient", "due_on")


def _insert_ignoring_duplicates(rows: list[tuple]) -> None:
    """Insert (rule, content type, object, recipient, due on, subject, link, created) rows."""
    quote = connection.ops.quote_name
    column = Reminder._meta.get_field
    columns = [quote(column(name).column) for name in _COLUMNS] + [
        quote(name) for name in ("created_at", "attempts", "last_error", "emailed")
    ]
    unique = ", ".join(quote(column(name).column) for name in _UNIQUE)
    values = ", ".join(["%s"] * (len(_COLUMNS) + 1) + ["0", "''", "%s"])
    sql = (
        f"INSERT INTO {quote(Reminder._meta.db_table)} ({', '.join(columns)}) "
        f"VALUES ({values}) ON CONFLICT ({unique}) DO NOTHING"
    )
    with connection.cursor() as cursor:
        cursor.executemany(sql, [(*row, False) for row in rows])


def _claim(*, limit: int, exclude: set[int]) -> list[int]:
    """Take up to ``limit`` undelivered rows nobody holds, and hold them for the lease."""
    now = timezone.now()
    lease = timedelta(seconds=settings.REMINDERS["lease_seconds"])
    with transaction.atomic():
        ids = list(
            Reminder.objects.select_for_update(skip_locked=True)
            .filter(delivered_at__isnull=True)
            .filter(Q(lease_until__isnull=True) | Q(lease_until__lt=now))
            .exclude(pk__in=exclude)
            .order_by("pk")
            .values_list("pk", flat=True)[:limit]
        )
        if ids:
            Reminder.objects.filter(pk__in=ids).update(
                lease_until=now + lease, attempts=F("attempts") + 1
            )
    return ids


def _wants_email(user) -> bool:
    preference = getattr(user, "reminder_preference", None)
    return bool(user.email) and user.is_active and (preference is None or preference.email)


def _message(reminder: Reminder, mail_connection) -> EmailMultiAlternatives:
    context = {
        "reminder": reminder,
        "user": reminder.recipient,
        "url": f"{settings.SITE_URL.rstrip('/')}{reminder.link}" if reminder.link else "",
        "inbox_url": f"{settings.SITE_URL.rstrip('/')}/admin/reminders/reminder/",
    }
    message = EmailMultiAlternatives(
        subject=reminder.subject,
        body=render_to_string("reminders/email.txt", context),
        to=[reminder.recipient.email],
        connection=mail_connection,
    )
    message.attach_alternative(render_to_string("reminders/email.html", context), "text/html")
    return message


def reminders_deliver(*, batch_size: int = 200) -> DeliveryReport:
    """Deliver every undelivered reminder nobody else is delivering."""
    report = DeliveryReport()
    failed: set[int] = set()
    mail_connection = get_connection()
    while ids := _claim(limit=batch_size, exclude=failed):
        reminders = Reminder.objects.filter(pk__in=ids).select_related(
            "recipient", "recipient__reminder_preference"
        )
        for reminder in reminders:
            emailed = False
            if _wants_email(reminder.recipient):
                try:
                    _message(reminder, mail_connection).send()
                    emailed = True
                except Exception as exc:  # any mail failure leaves the reminder for later
                    logger.warning("Reminder %s not sent: %s", reminder.pk, exc)
                    failed.add(reminder.pk)
                    Reminder.objects.filter(pk=reminder.pk).update(
                        lease_until=None, last_error=str(exc)[:2000]
                    )
                    continue
            # Marked at once: a crash after this line never sends it again.
            Reminder.objects.filter(pk=reminder.pk, delivered_at__isnull=True).update(
                delivered_at=timezone.now(), emailed=emailed, lease_until=None, last_error=""
            )
            report.delivered += 1
            report.emailed += emailed
    report.failed = sorted(failed)
    return report


def reminder_mark_read(*, reminder: Reminder) -> Reminder:
    if reminder.read_at is None:
        reminder.read_at = timezone.now()
        Reminder.objects.filter(pk=reminder.pk, read_at__isnull=True).update(
            read_at=reminder.read_at
        )
    return reminder


def reminder_preference_set(*, user, email: bool) -> ReminderPreference:
    preference, _created = ReminderPreference.objects.update_or_create(
        user=user, defaults={"email": email}
    )
    return preference


def daily_status_moves(*, today: date) -> int:
    """Status changes that follow the calendar, through each app's lifecycle service."""
    moves = 0
    for job in STATUS_MOVES:
        moves += job(today=today)
    return moves


def _agreement_moves(*, today: date) -> int:
    from agreements.services import agreements_follow_calendar

    return agreements_follow_calendar(today=today)


STATUS_MOVES = [_agreement_moves]
