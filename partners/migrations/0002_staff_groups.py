from django.db import migrations

from partners.roles import OFFICE, VIEWER, grant_role_permissions


def create_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in (OFFICE, VIEWER):
        Group.objects.get_or_create(name=name)
    # On an existing database the permissions are there already; on a new one they are
    # granted after migrate (partners.apps).
    grant_role_permissions(apps=apps, using=schema_editor.connection.alias)


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=(OFFICE, VIEWER)).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("partners", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
