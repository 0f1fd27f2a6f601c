from django.db import migrations

AREAS = [
    "Joint training",
    "Talent exchange",
    "Research cooperation",
    "Curriculum co-construction",
    "Teacher and student exchange",
    "Discipline construction",
    "Technical training",
    "Cultural exchange",
]


def add_areas(apps, schema_editor):
    Area = apps.get_model("agreements", "AreaOfCooperation")
    for name in AREAS:
        Area.objects.get_or_create(name=name)


def remove_areas(apps, schema_editor):
    apps.get_model("agreements", "AreaOfCooperation").objects.filter(
        name__in=AREAS, agreement__isnull=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("agreements", "0001_initial")]

    operations = [migrations.RunPython(add_areas, remove_areas)]
