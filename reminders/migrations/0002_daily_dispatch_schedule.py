"""Create the daily reminder run in django-celery-beat, so staff can see and change it in the
admin (Periodic tasks). Idempotent: an existing task of that name is left as it is."""

from django.conf import settings
from django.db import migrations

TASK_NAME = "Send due reminders (daily)"


def create_schedule(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    if PeriodicTask.objects.filter(name=TASK_NAME).exists():
        return
    hour, minute = settings.REMINDERS_DAILY_AT.split(":")
    schedule, _ = CrontabSchedule.objects.get_or_create(
        minute=str(int(minute)),
        hour=str(int(hour)),
        day_of_week="*",
        day_of_month="*",
        month_of_year="*",
        timezone=settings.TIME_ZONE,
    )
    PeriodicTask.objects.create(
        name=TASK_NAME,
        task="reminders.dispatch",
        crontab=schedule,
        description=(
            "Moves agreements whose dates have come, logs every reminder due today and "
            "delivers them. A missed run is not repeated: the next one catches up."
        ),
        # A run that could not start within 12 hours is dropped; the next day's run catches up.
        expire_seconds=12 * 60 * 60,
    )


def remove_schedule(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=TASK_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("reminders", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create_schedule, remove_schedule)]
