from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from reminders import services


class Command(BaseCommand):
    help = (
        "Run the daily reminder dispatch now, as the periodic task does: move agreements whose "
        "dates have come, log every reminder due and deliver what is undelivered. Safe to run "
        "more than once: nothing is sent twice."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--today",
            help="Run as if it were this day (YYYY-MM-DD); default: today in TIME_ZONE.",
        )

    def handle(self, *args, today=None, **options):
        try:
            day = date.fromisoformat(today) if today else timezone.localdate()
        except ValueError as exc:
            raise CommandError(f"--today must be a date like 2026-11-25, not {today!r}") from exc
        moves = services.daily_status_moves(today=day)
        due = services.reminders_dispatch(today=day)
        report = services.reminders_deliver()
        self.stdout.write(
            f"{day}: {moves} status change(s), {due} reminder(s) due, {report.delivered} "
            f"delivered ({report.emailed} by e-mail), {len(report.failed)} failed and left "
            "for the next run"
        )
        if report.failed:
            raise CommandError(f"{len(report.failed)} reminder(s) could not be e-mailed.")
