import django_filters
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from config.filters import BooleanFilter, RecordFilter
from partners.models import Institution
from visits.models import FollowUp, Visit


class VisitFilter(django_filters.FilterSet):
    starts_after = django_filters.DateFilter(field_name="starts_on", lookup_expr="gte")
    starts_before = django_filters.DateFilter(field_name="starts_on", lookup_expr="lte")
    country = django_filters.ChoiceFilter(choices=list(countries))
    institution = RecordFilter(
        queryset=Institution.objects.all(),
        method="filter_institution",
        label=_("Institution (host or any stop)"),
    )

    class Meta:
        model = Visit
        fields = ["direction", "kind", "status", "organiser"]

    def filter_institution(self, queryset, name, institution):
        visits = Visit.objects.filter(
            Q(host_institution=institution) | Q(stops__institution=institution)
        ).values("pk")
        return queryset.filter(pk__in=visits)


class FollowUpFilter(django_filters.FilterSet):
    owner = django_filters.CharFilter(method="filter_owner", label=_("Owner (a user id or “me”)"))
    overdue = BooleanFilter(method="filter_overdue")
    due_before = django_filters.DateFilter(field_name="due_on", lookup_expr="lt")

    class Meta:
        model = FollowUp
        fields = ["status", "visit", "agreement"]

    def filter_owner(self, queryset, name, value):
        if value == "me":
            return queryset.filter(owner=self.request.user)
        if not value.isdigit():
            raise ValidationError({"owner": _("Give a user id or “me”.")})
        return queryset.filter(owner_id=int(value))

    def filter_overdue(self, queryset, name, value):
        overdue = Q(status=FollowUp.Status.OPEN, due_on__lt=timezone.localdate())
        return queryset.filter(overdue) if value else queryset.exclude(overdue)
