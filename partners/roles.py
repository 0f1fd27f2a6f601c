"""The two staff roles. The ``office`` and ``viewer`` groups are created by a migration
(partners 0002); their permissions are granted here after every migrate, because Django creates
a model's permissions only once all migrations have run, and later apps add models.

- office: view, add, change and delete every model of the CRM apps.
- viewer: view only.
"""

from django.apps import apps as global_apps

CRM_APPS = ("partners", "agreements", "visits", "reminders")
OFFICE = "office"
VIEWER = "viewer"


def grant_role_permissions(sender=None, apps=global_apps, using="default", **kwargs):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    crm_permissions = (
        Permission.objects.using(using)
        .filter(content_type__app_label__in=CRM_APPS)
        .exclude(content_type__model__startswith="historical")
    )
    office = Group.objects.using(using).filter(name=OFFICE).first()
    viewer = Group.objects.using(using).filter(name=VIEWER).first()
    if office is not None:
        office.permissions.add(*crm_permissions)
    if viewer is not None:
        viewer.permissions.add(*crm_permissions.filter(codename__startswith="view_"))
