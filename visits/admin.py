from datetime import timedelta

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_countries.filters import CountryFilter
from simple_history.admin import SimpleHistoryAdmin

from agreements.models import Agreement
from partners.models import Institution
from visits import services
from visits.models import CalendarFeed, FollowUp, Visit, VisitParticipant, VisitStop


class WhenFilter(admin.SimpleListFilter):
    title = _("when")
    parameter_name = "when"

    def lookups(self, request, model_admin):
        return [("upcoming", _("Upcoming")), ("past", _("Past")), ("this_year", _("This year"))]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "upcoming":
            return queryset.filter(ends_on__gte=today)
        if self.value() == "past":
            return queryset.filter(ends_on__lt=today)
        if self.value() == "this_year":
            return queryset.filter(starts_on__year=today.year)
        return queryset


class InstitutionMetFilter(admin.SimpleListFilter):
    title = _("institution (host or stop)")
    parameter_name = "institution"

    def lookups(self, request, model_admin):
        met = Institution.objects.filter(
            Q(hosted_visits__isnull=False) | Q(visit_stops__isnull=False)
        ).distinct()
        return [(str(i.pk), i.name) for i in met.order_by("name")]

    def queryset(self, request, queryset):
        if self.value():
            met = Visit.objects.filter(
                Q(host_institution_id=self.value()) | Q(stops__institution_id=self.value())
            ).values("pk")
            return queryset.filter(pk__in=met)
        return queryset


class StopFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        visit = self.instance
        dates = [
            form.cleaned_data.get("date")
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        problems = services.stop_date_errors(
            starts_on=visit.starts_on, ends_on=visit.ends_on, dates=dates
        )
        if problems:
            raise ValidationError(problems)


class StopInline(admin.TabularInline):
    model = VisitStop
    formset = StopFormSet
    extra = 0
    autocomplete_fields = ["institution"]


class ParticipantInline(admin.TabularInline):
    model = VisitParticipant
    extra = 0
    autocomplete_fields = ["contact", "user"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("contact__institution", "user")


class SignedAgreementInline(admin.TabularInline):
    """Agreements signed during the visit (set on the agreement's "signed at visit")."""

    model = Agreement
    fk_name = "signed_at_visit"
    extra = 0
    fields = ["reference", "title", "status", "signed_on"]
    readonly_fields = fields
    show_change_link = True
    can_delete = False
    verbose_name_plural = _("agreements signed during the visit")

    def has_add_permission(self, request, obj=None):
        return False


class FollowUpInline(admin.TabularInline):
    model = FollowUp
    extra = 0
    fields = ["title", "owner", "due_on", "status"]
    autocomplete_fields = ["owner"]
    show_change_link = True


class CompleteForm(forms.Form):
    outcome = forms.CharField(
        label=_("Outcome"),
        widget=forms.Textarea(attrs={"rows": 6, "cols": 80}),
        help_text=_("What came of the visit: agreements, decisions, next steps."),
    )


@admin.register(Visit)
class VisitAdmin(SimpleHistoryAdmin):
    list_display = [
        "starts_on",
        "ends_on",
        "title",
        "direction",
        "kind",
        "status",
        "host_institution",
        "institutions_met",
    ]
    list_display_links = ["title"]
    list_filter = [
        WhenFilter,
        "direction",
        "kind",
        "status",
        ("country", CountryFilter),
        InstitutionMetFilter,
    ]
    search_fields = ["title", "purpose", "outcome", "city", "host_institution__name"]
    date_hierarchy = "starts_on"
    autocomplete_fields = ["host_institution", "organiser"]
    list_select_related = ["host_institution"]
    inlines = [StopInline, ParticipantInline, SignedAgreementInline, FollowUpInline]
    actions = ["mark_completed"]
    readonly_fields = ["created_at", "updated_at"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("stops__institution")

    @admin.display(description=_("institutions met"))
    def institutions_met(self, obj):
        names = []
        for stop in obj.stops.all():
            if stop.institution.name not in names:
                names.append(stop.institution.name)
        return ", ".join(names)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.is_closed and not request.user.is_superuser:
            return False
        return super().has_delete_permission(request, obj)

    def delete_model(self, request, obj):
        services.visit_delete(visit=obj, actor=request.user)

    def delete_queryset(self, request, queryset):
        if not request.user.is_superuser and any(v.is_closed for v in queryset):
            raise PermissionDenied
        for visit in queryset:
            services.visit_delete(visit=visit, actor=request.user)

    @admin.action(description=_("Mark completed (asks for the outcome)"))
    def mark_completed(self, request, queryset):
        if "apply" in request.POST:
            form = CompleteForm(request.POST)
            if form.is_valid():
                done = 0
                for visit in queryset:
                    try:
                        services.visit_complete(visit=visit, outcome=form.cleaned_data["outcome"])
                        done += 1
                    except ValidationError as exc:
                        self.message_user(
                            request, f"{visit}: {' '.join(exc.messages)}", messages.ERROR
                        )
                if done:
                    self.message_user(
                        request,
                        ngettext("%d visit completed.", "%d visits completed.", done) % done,
                        messages.SUCCESS,
                    )
                return None
        else:
            form = CompleteForm()
        return TemplateResponse(
            request,
            "admin/visits/visit/complete.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Mark visits completed"),
                "opts": self.model._meta,
                "visits": queryset,
                "form": form,
                "action_checkbox_name": ACTION_CHECKBOX_NAME,
            },
        )


class FollowUpStateFilter(admin.SimpleListFilter):
    title = _("show")
    parameter_name = "show"

    def lookups(self, request, model_admin):
        return [
            ("mine", _("Mine")),
            ("open", _("Open")),
            ("overdue", _("Overdue")),
            ("this_week", _("Due this week")),
        ]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        value = self.value()
        if value == "mine":
            return queryset.filter(owner=request.user)
        if value == "open":
            return queryset.filter(status=FollowUp.Status.OPEN)
        if value == "overdue":
            return queryset.filter(status=FollowUp.Status.OPEN, due_on__lt=today)
        if value == "this_week":
            monday = today - timedelta(days=today.weekday())
            return queryset.filter(
                status=FollowUp.Status.OPEN, due_on__range=(monday, monday + timedelta(days=6))
            )
        return queryset


@admin.register(FollowUp)
class FollowUpAdmin(admin.ModelAdmin):
    list_display = ["title", "due_on", "status", "owner", "visit", "agreement", "overdue"]
    list_filter = [FollowUpStateFilter, "status"]
    search_fields = ["title", "notes", "visit__title"]
    autocomplete_fields = ["owner", "visit", "agreement"]
    list_select_related = ["owner", "visit", "agreement"]
    readonly_fields = ["completed_at", "created_at"]
    actions = ["mark_done"]
    date_hierarchy = "due_on"

    @admin.display(description=_("overdue"), boolean=True)
    def overdue(self, obj):
        return obj.status == FollowUp.Status.OPEN and obj.due_on < timezone.localdate()

    def save_model(self, request, obj, form, change):
        services.follow_up_save(follow_up=obj)

    @admin.action(description=_("Mark done"))
    def mark_done(self, request, queryset):
        count = 0
        for follow_up in queryset:
            services.follow_up_done(follow_up=follow_up)
            count += 1
        self.message_user(
            request,
            ngettext("%d follow-up done.", "%d follow-ups done.", count) % count,
            messages.SUCCESS,
        )


@admin.register(CalendarFeed)
class CalendarFeedAdmin(admin.ModelAdmin):
    """Each staff member's own calendar subscription address."""

    list_display = ["user", "subscription_url", "created_at"]
    actions = ["regenerate"]
    fields = ["user", "subscription_url", "created_at"]
    readonly_fields = ["user", "subscription_url", "created_at"]

    def get_queryset(self, request):
        queryset = super().get_queryset(request).select_related("user")
        return queryset if request.user.is_superuser else queryset.filter(user=request.user)

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_staff

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        services.calendar_feed_for(user=request.user)
        return super().changelist_view(request, extra_context)

    @admin.display(description=_("subscription address"))
    def subscription_url(self, obj):
        path = reverse("calendar-feed", args=[obj.token])
        return format_html("<code>{}{}</code>", settings.SITE_URL.rstrip("/"), path)

    @admin.action(description=_("Give a new secret address (the old one stops working)"))
    def regenerate(self, request, queryset):
        for feed in queryset:
            if feed.user == request.user or request.user.is_superuser:
                services.calendar_feed_regenerate(user=feed.user)
        self.message_user(request, _("New addresses made; subscribe again with them."))
