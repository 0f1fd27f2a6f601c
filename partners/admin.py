from django.contrib import admin
from django.db import models
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from django_countries.filters import CountryFilter
from simple_history.admin import SimpleHistoryAdmin

from partners.models import Contact, Institution, Unit


class UnitInline(admin.TabularInline):
    model = Unit
    extra = 0
    fields = ["name", "native_name"]


class ContactInline(admin.TabularInline):
    model = Contact
    extra = 0
    fields = ["full_name", "native_name", "position", "unit", "email", "phone", "is_active"]
    autocomplete_fields = ["unit"]
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("institution", "unit__institution")


@admin.register(Institution)
class InstitutionAdmin(SimpleHistoryAdmin):
    list_display = [
        "name",
        "native_name",
        "kind",
        "country",
        "city",
        "status",
        "is_home",
        "contact_count",
    ]
    list_filter = [("country", CountryFilter), "kind", "status", "is_home"]
    search_fields = [
        "name",
        "native_name",
        "short_name",
        "city",
        "ror_id",
        "erasmus_code",
        "schac_code",
        "pic",
    ]
    autocomplete_fields = ["parent"]
    list_select_related = ["parent"]
    list_per_page = 50
    inlines = [UnitInline, ContactInline]
    readonly_fields = ["created_at", "updated_at"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fieldsets = [
        (None, {"fields": ["name", "native_name", "short_name", "kind", "status", "is_home"]}),
        (_("Where"), {"fields": ["country", "city", "website", "parent"]}),
        (
            _("Identifiers"),
            {
                "fields": ["ror_id", "erasmus_code", "schac_code", "pic"],
                "description": _(
                    "Used to match this record with the ROR registry and the Erasmus Without "
                    "Paper network. A ROR id may be pasted as a link."
                ),
            },
        ),
        (None, {"fields": ["notes", "created_at", "updated_at"]}),
    ]

    def get_queryset(self, request):
        # An aggregate drops Meta.ordering, so it is restated.
        return (
            super()
            .get_queryset(request)
            .annotate(contact_count=Count("contacts"))
            .order_by(*Institution._meta.ordering)
        )

    @admin.display(description=_("contacts"), ordering="contact_count")
    def contact_count(self, obj):
        return obj.contact_count


@admin.register(Unit)
class UnitAdmin(SimpleHistoryAdmin):
    list_display = ["name", "native_name", "institution"]
    list_filter = [("institution__country", CountryFilter)]
    search_fields = ["name", "native_name", "institution__name", "institution__native_name"]
    autocomplete_fields = ["institution"]
    list_select_related = ["institution"]


@admin.register(Contact)
class ContactAdmin(SimpleHistoryAdmin):
    list_display = [
        "full_name",
        "native_name",
        "position",
        "institution",
        "unit",
        "email",
        "is_active",
    ]
    list_filter = ["is_active", ("institution__country", CountryFilter)]
    search_fields = [
        "full_name",
        "native_name",
        "position",
        "email",
        "institution__name",
        "institution__native_name",
    ]
    autocomplete_fields = ["institution", "unit"]
    list_select_related = ["institution", "unit__institution"]
