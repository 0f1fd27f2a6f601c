"""Celery tasks for reminders: thin wrappers around reminders.services, safe to run twice."""

from datetime import date

from celery import shared_task
from django.db import transaction
from django.utils import timezone

from reminders import services

# Retry delays stay far below the Redis visibility timeout (one hour, config/settings.py), so a
# waiting retry is never handed to a second worker.
MAX_RETRY_DELAY = 15 * 60


@shared_task(name="reminders.dispatch", acks_late=True, ignore_result=True)
def dispatch(today: str | None = None) -> int:
    """The daily run: status moves that follow the calendar, then log what is due and deliver.

    ``today`` (YYYY-MM-DD) defaults to the date in the office's time zone.
    """
    day = date.fromisoformat(today) if today else timezone.localdate()
    services.daily_status_moves(today=day)
    count = services.reminders_dispatch(today=day)
    transaction.on_commit(deliver.delay)
    return count


@shared_task(
    name="reminders.deliver",
    bind=True,
    acks_late=True,
    ignore_result=True,
    max_retries=8,
)
def deliver(self) -> int:
    """Deliver undelivered reminders; retry later, with backoff, if some e-mails failed."""
    report = services.reminders_deliver()
    if report.failed:
        raise self.retry(countdown=min(60 * 2**self.request.retries, MAX_RETRY_DELAY))
    return report.delivered
