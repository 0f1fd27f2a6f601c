from django.contrib import admin, messages
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from reminders import services
from reminders.models import Reminder, ReminderPreference


class OwnRowsAdmin(admin.ModelAdmin):
    """Every signed-in staff member sees and manages their own rows; superusers see all."""

    owner_field = "recipient"

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(**{self.owner_field: request.user})

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_staff

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)


class ReadFilter(admin.SimpleListFilter):
    title = _("read")
    parameter_name = "unread"

    def lookups(self, request, model_admin):
        return [("1", _("Unread")), ("0", _("Read"))]

    def queryset(self, request, queryset):
        if self.value() in ("0", "1"):
            return queryset.filter(read_at__isnull=self.value() == "1")
        return queryset


@admin.register(Reminder)
class ReminderAdmin(OwnRowsAdmin):
    list_display = [
        "subject_link",
        "due_on",
        "rule",
        "recipient",
        "delivered_at",
        "emailed",
        "read",
    ]
    list_filter = [ReadFilter, "rule", "emailed"]
    search_fields = ["subject"]
    date_hierarchy = "due_on"
    list_select_related = ["recipient"]
    actions = ["mark_read"]
    readonly_fields = [f.name for f in Reminder._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("reminder"), ordering="subject")
    def subject_link(self, obj):
        if obj.link:
            return format_html('<a href="{}">{}</a>', obj.link, obj.subject)
        return obj.subject

    @admin.display(description=_("read"), boolean=True)
    def read(self, obj):
        return obj.is_read

    @admin.action(description=_("Mark as read"))
    def mark_read(self, request, queryset):
        queryset = queryset.filter(recipient=request.user)
        for reminder in queryset.filter(read_at__isnull=True):
            services.reminder_mark_read(reminder=reminder)
        count = queryset.count()
        self.message_user(
            request,
            ngettext("%d reminder marked read.", "%d reminders marked read.", count) % count,
            messages.SUCCESS,
        )


@admin.register(ReminderPreference)
class ReminderPreferenceAdmin(OwnRowsAdmin):
    owner_field = "user"
    list_display = ["user", "email"]

    def get_fields(self, request, obj=None):
        return ["user", "email"] if request.user.is_superuser else ["email"]

    def has_add_permission(self, request):
        if request.user.is_superuser:
            return True
        own = ReminderPreference.objects.filter(user=request.user).exists()
        return self.has_module_permission(request) and not own

    def has_change_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def save_model(self, request, obj, form, change):
        if not request.user.is_superuser:
            obj.user = request.user
        super().save_model(request, obj, form, change)
