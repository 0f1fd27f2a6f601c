from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class PartnersConfig(AppConfig):
    name = "partners"
    verbose_name = _("Partners")

    def ready(self):
        from partners.roles import grant_role_permissions

        post_migrate.connect(grant_role_permissions, dispatch_uid="partners.grant_role_permissions")
