from django.contrib.admin.apps import AdminConfig


class CRMAdminConfig(AdminConfig):
    default_site = "config.admin.CRMAdminSite"
