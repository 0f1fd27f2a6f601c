from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class CRMAdminSite(admin.AdminSite):
    """The admin, whose home page is the signed-in user's "what's due" board."""

    site_header = _("International Office CRM")
    site_title = _("International Office CRM")
    index_title = _("What's due")
    index_template = "admin/dashboard.html"

    def index(self, request, extra_context=None):
        from reminders.selectors import dashboard_for

        board = dashboard_for(user=request.user, today=timezone.localdate())
        return super().index(request, {"board": board, **(extra_context or {})})
