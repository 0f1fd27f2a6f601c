from datetime import timedelta

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, F
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django_countries.filters import CountryFilter
from simple_history.admin import SimpleHistoryAdmin

from agreements import selectors, services
from agreements.models import (
    Agreement,
    AgreementDocument,
    AgreementParty,
    AgreementStatusChange,
    AreaOfCooperation,
    NegotiationRound,
    ScholarshipAward,
    ScholarshipQuota,
)

STATUS_COLOURS = {
    "draft": "#6c757d",
    "negotiating": "#0d6efd",
    "pending_approval": "#b35900",
    "signed": "#6f42c1",
    "active": "#198754",
    "expired": "#842029",
    "terminated": "#842029",
    "cancelled": "#6c757d",
    "renewed": "#0f5132",
}


class ExpiresWithinFilter(admin.SimpleListFilter):
    title = _("expires within")
    parameter_name = "expires_within"

    def lookups(self, request, model_admin):
        return [("30", _("30 days")), ("90", _("90 days")), ("180", _("180 days"))]

    def queryset(self, request, queryset):
        if self.value() in ("30", "90", "180"):
            today = timezone.localdate()
            return queryset.filter(
                expires_on__range=(today, today + timedelta(days=int(self.value())))
            )
        return queryset


class PartnerCountryFilter(CountryFilter):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.title = _("partner country")

    def queryset(self, request, queryset):
        value = self.used_parameters.get(self.field_path)
        if isinstance(value, list):
            value = value[0] if value else None
        if value:
            ids = Agreement.objects.filter(
                parties__institution__country=value, parties__role=AgreementParty.Role.PARTNER
            ).values("pk")
            return queryset.filter(pk__in=ids)
        return queryset


class PartyFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        roles = [
            form.cleaned_data.get("role")
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        refusal = services.parties_refusal(status=self.instance.status, roles=roles)
        if refusal:
            raise ValidationError(refusal)


class PartyInline(admin.TabularInline):
    model = AgreementParty
    formset = PartyFormSet
    extra = 0
    autocomplete_fields = ["institution", "signatory"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("institution", "signatory__institution")


class RoundInline(admin.TabularInline):
    model = NegotiationRound
    extra = 0
    fields = ["number", "held_on", "mode", "location", "next_round_on", "outcome"]
    readonly_fields = fields
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


class DocumentInline(admin.TabularInline):
    model = AgreementDocument
    extra = 0
    fields = ["kind", "version", "download", "size", "uploaded_by", "uploaded_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description=_("file"))
    def download(self, obj):
        url = reverse("admin:agreements_agreement_document", args=[obj.agreement_id, obj.pk])
        return format_html('<a href="{}">{}</a>', url, obj.original_name)


class QuotaInline(admin.TabularInline):
    model = ScholarshipQuota
    extra = 0
    fields = ["academic_year", "funder", "host", "direction", "level", "funding", "places"]
    autocomplete_fields = ["funder", "host"]
    show_change_link = True


class StatusChangeInline(admin.TabularInline):
    model = AgreementStatusChange
    extra = 0
    fields = ["at", "from_status", "to_status", "actor", "note"]
    readonly_fields = fields
    can_delete = False
    verbose_name_plural = _("status history")

    def has_add_permission(self, request, obj=None):
        return False


class TransitionForm(forms.Form):
    to = forms.ChoiceField(label=_("New status"), choices=Agreement.Status.choices)
    note = forms.CharField(
        label=_("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "cols": 80}),
        help_text=_("Required to send back to negotiation, to terminate or to cancel."),
    )


class DocumentUploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=AgreementDocument.Kind.choices)
    file = forms.FileField(label=_("File"))


@admin.register(Agreement)
class AgreementAdmin(SimpleHistoryAdmin):
    list_display = [
        "reference",
        "title",
        "kind",
        "status_label",
        "partner_names",
        "owner",
        "expires_on",
    ]
    list_display_links = ["reference", "title"]
    list_filter = [
        "status",
        "kind",
        ("parties__institution__country", PartnerCountryFilter),
        "owner",
        "areas",
        ExpiresWithinFilter,
    ]
    search_fields = [
        "reference",
        "title",
        "parties__institution__name",
        "parties__institution__native_name",
    ]
    autocomplete_fields = ["owner", "renews", "signed_at_visit"]
    filter_horizontal = ["areas"]
    readonly_fields = ["reference", "status_label", "created_at", "updated_at"]
    fields = [
        "reference",
        "title",
        "kind",
        "status_label",
        "areas",
        "owner",
        ("signed_on", "effective_on", "expires_on"),
        ("auto_renew", "notice_days"),
        "renews",
        "signed_at_visit",
        "notes",
        ("created_at", "updated_at"),
    ]
    inlines = [PartyInline, RoundInline, DocumentInline, QuotaInline, StatusChangeInline]
    actions = ["change_status", "renew"]
    change_form_template = "admin/agreements/agreement/change_form.html"

    def get_queryset(self, request):
        return selectors.agreement_list()

    @admin.display(description=_("status"), ordering="status")
    def status_label(self, obj):
        return format_html(
            '<span style="color:#fff;background:{};padding:2px 8px;border-radius:10px;'
            'white-space:nowrap">{}</span>',
            STATUS_COLOURS.get(obj.status, "#6c757d"),
            obj.get_status_display(),
        )

    @admin.display(description=_("partners"))
    def partner_names(self, obj):
        return ", ".join(
            p.institution.name for p in obj.parties.all() if p.role == AgreementParty.Role.PARTNER
        )

    def save_model(self, request, obj, form, change):
        data = {
            name: form.cleaned_data[name]
            for name in form.cleaned_data
            if name not in ("areas", "id")
        }
        if change:
            services.agreement_update(agreement=obj, **data)
        else:
            created = services.agreement_create(
                **{**data, "owner": data.get("owner") or request.user}
            )
            obj.pk = created.pk
            obj.reference = created.reference
            obj._state.adding = False

    def save_related(self, request, form, formsets, change):
        form.instance = Agreement.objects.get(pk=form.instance.pk)
        super().save_related(request, form, formsets, change)

    def get_urls(self):
        return [
            path(
                "<int:agreement_id>/documents/<int:document_id>/",
                self.admin_site.admin_view(self.document_view),
                name="agreements_agreement_document",
            ),
            path(
                "<int:agreement_id>/upload/",
                self.admin_site.admin_view(self.upload_view),
                name="agreements_agreement_upload",
            ),
            *super().get_urls(),
        ]

    def document_view(self, request, agreement_id, document_id):
        agreement = get_object_or_404(Agreement, pk=agreement_id)
        if not self.has_view_permission(request, agreement):
            raise PermissionDenied
        document = get_object_or_404(AgreementDocument, pk=document_id, agreement=agreement)
        try:
            handle = document.file.open("rb")
        except FileNotFoundError as exc:
            raise Http404 from exc
        return FileResponse(handle, as_attachment=True, filename=document.original_name)

    def upload_view(self, request, agreement_id):
        agreement = get_object_or_404(Agreement, pk=agreement_id)
        if not self.has_change_permission(request, agreement):
            raise PermissionDenied
        change_url = reverse("admin:agreements_agreement_change", args=[agreement.pk])
        form = DocumentUploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            try:
                services.document_add(
                    agreement=agreement,
                    file=form.cleaned_data["file"],
                    kind=form.cleaned_data["kind"],
                    actor=request.user,
                )
            except ValidationError as exc:
                form.add_error("file", exc.message_dict.get("file", exc.messages))
            else:
                self.message_user(request, _("Document uploaded."), messages.SUCCESS)
                return redirect(change_url)
        return TemplateResponse(
            request,
            "admin/agreements/agreement/upload.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Upload a document to %(ref)s") % {"ref": agreement.reference},
                "opts": self.model._meta,
                "agreement": agreement,
                "form": form,
                "change_url": change_url,
            },
        )

    @admin.action(description=_("Change status…"))
    def change_status(self, request, queryset):
        if "apply" in request.POST:
            form = TransitionForm(request.POST)
            if form.is_valid():
                for agreement in queryset:
                    try:
                        services.agreement_transition(
                            agreement=agreement,
                            to=form.cleaned_data["to"],
                            note=form.cleaned_data["note"],
                            actor=request.user,
                        )
                    except services.TransitionRefused as exc:
                        self.message_user(
                            request, f"{agreement.reference}: {exc.message}", messages.ERROR
                        )
                    else:
                        self.message_user(
                            request,
                            _("%(ref)s is now %(status)s.")
                            % {
                                "ref": agreement.reference,
                                "status": Agreement.Status(form.cleaned_data["to"]).label,
                            },
                            messages.SUCCESS,
                        )
                return None
        else:
            form = TransitionForm()
        return TemplateResponse(
            request,
            "admin/agreements/agreement/transition.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Change the status of agreements"),
                "opts": self.model._meta,
                "agreements": queryset,
                "form": form,
                "action_checkbox_name": ACTION_CHECKBOX_NAME,
            },
        )

    @admin.action(description=_("Renew (creates a draft successor)"))
    def renew(self, request, queryset):
        for agreement in queryset:
            try:
                successor = services.agreement_renew(agreement=agreement, actor=request.user)
            except services.TransitionRefused as exc:
                self.message_user(request, f"{agreement.reference}: {exc.message}", messages.ERROR)
            else:
                self.message_user(
                    request,
                    _("%(new)s created to renew %(old)s.")
                    % {"new": successor.reference, "old": agreement.reference},
                    messages.SUCCESS,
                )


@admin.register(AreaOfCooperation)
class AreaAdmin(admin.ModelAdmin):
    search_fields = ["name"]
    list_display = ["name", "agreement_count"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(n=Count("agreement"))

    @admin.display(description=_("agreements"), ordering="n")
    def agreement_count(self, obj):
        return obj.n


@admin.register(NegotiationRound)
class NegotiationRoundAdmin(admin.ModelAdmin):
    list_display = ["agreement", "number", "held_on", "mode", "location", "next_round_on"]
    list_filter = ["mode"]
    search_fields = ["agreement__reference", "agreement__title", "location"]
    autocomplete_fields = ["agreement"]
    list_select_related = ["agreement"]
    readonly_fields = ["number"]

    def save_model(self, request, obj, form, change):
        data = {k: v for k, v in form.cleaned_data.items() if k != "id"}
        try:
            if change:
                services.negotiation_round_update(negotiation_round=obj, **data)
            else:
                created = services.negotiation_round_create(actor=request.user, **data)
                obj.pk, obj.number = created.pk, created.number
                obj._state.adding = False
        except ValidationError as exc:
            self.message_user(request, " ".join(exc.messages), messages.ERROR)
            raise


class AwardInline(admin.TabularInline):
    model = ScholarshipAward
    extra = 0
    fields = ["candidate_name", "candidate_institution", "status", "notes"]
    readonly_fields = fields
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


class RemainingFilter(admin.SimpleListFilter):
    title = _("places")
    parameter_name = "places_left"

    def lookups(self, request, model_admin):
        return [("yes", _("Places remain")), ("no", _("Fully awarded"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(awarded__lt=F("places"))
        if self.value() == "no":
            return queryset.filter(awarded__gte=F("places"))
        return queryset


@admin.register(ScholarshipQuota)
class QuotaAdmin(admin.ModelAdmin):
    list_display = [
        "academic_year",
        "funder",
        "host",
        "direction",
        "level",
        "funding",
        "places",
        "awarded",
        "remaining",
        "agreement",
    ]
    list_filter = ["academic_year", "direction", "level", "funding", RemainingFilter]
    search_fields = ["funder__name", "host__name", "agreement__reference", "notes"]
    autocomplete_fields = ["agreement", "funder", "host"]
    inlines = [AwardInline]

    def get_queryset(self, request):
        return selectors.quota_list()

    @admin.display(description=_("awarded"), ordering="awarded")
    def awarded(self, obj):
        return obj.awarded

    @admin.display(description=_("remaining"), ordering="remaining")
    def remaining(self, obj):
        return obj.remaining

    def save_model(self, request, obj, form, change):
        data = {k: v for k, v in form.cleaned_data.items() if k != "id"}
        if change:
            services.quota_update(quota=obj, **data)
        else:
            obj.pk = services.quota_create(**data).pk
            obj._state.adding = False


class AwardForm(forms.ModelForm):
    class Meta:
        model = ScholarshipAward
        fields = ["quota", "candidate_name", "candidate_institution", "status", "notes"]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("quota") is not None:
            award = ScholarshipAward(
                pk=self.instance.pk, quota=cleaned["quota"], status=cleaned.get("status")
            )
            refusal = services.award_refusal(award)
            if refusal:
                self.add_error("status", refusal)
        return cleaned


@admin.register(ScholarshipAward)
class AwardAdmin(admin.ModelAdmin):
    form = AwardForm
    list_display = ["candidate_name", "candidate_institution", "status", "quota"]
    list_filter = ["status", "quota__academic_year"]
    search_fields = ["candidate_name", "candidate_institution__name"]
    autocomplete_fields = ["quota", "candidate_institution"]
    list_select_related = ["candidate_institution", "quota__host"]

    def save_model(self, request, obj, form, change):
        data = {k: v for k, v in form.cleaned_data.items() if k != "id"}
        if change:
            services.award_update(award=obj, **data)
        else:
            obj.pk = services.award_create(**data).pk
            obj._state.adding = False
