import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from agreements.models import Agreement, AreaOfCooperation, ScholarshipAward, ScholarshipQuota
from config.filters import BooleanFilter, RecordFilter
from partners.models import Institution


class AgreementFilter(django_filters.FilterSet):
    status = django_filters.MultipleChoiceFilter(
        choices=Agreement.Status.choices, help_text=_("Repeat for several: ?status=a&status=b")
    )
    partner = RecordFilter(
        queryset=Institution.objects.all(), method="filter_partner", label=_("Party institution")
    )
    country = django_filters.ChoiceFilter(
        choices=list(countries), method="filter_country", label=_("Country of any partner")
    )
    area = django_filters.ModelChoiceFilter(
        queryset=AreaOfCooperation.objects.all(), field_name="areas", label=_("Area")
    )
    expires_before = django_filters.DateFilter(field_name="expires_on", lookup_expr="lt")
    expires_after = django_filters.DateFilter(field_name="expires_on", lookup_expr="gt")

    class Meta:
        model = Agreement
        fields = ["kind", "owner", "renews", "signed_at_visit"]

    def filter_partner(self, queryset, name, institution):
        ids = Agreement.objects.filter(parties__institution=institution).values("pk")
        return queryset.filter(pk__in=ids)

    def filter_country(self, queryset, name, country):
        ids = Agreement.objects.filter(
            Q(parties__institution__country=country), ~Q(parties__role="home")
        ).values("pk")
        return queryset.filter(pk__in=ids)


class QuotaFilter(django_filters.FilterSet):
    has_remaining = BooleanFilter(method="filter_has_remaining")

    class Meta:
        model = ScholarshipQuota
        fields = ["academic_year", "funder", "host", "direction", "level", "funding", "agreement"]

    def filter_has_remaining(self, queryset, name, value):
        from django.db.models import F

        return (
            queryset.filter(awarded__lt=F("places"))
            if value
            else queryset.filter(awarded__gte=F("places"))
        )


class AwardFilter(django_filters.FilterSet):
    class Meta:
        model = ScholarshipAward
        fields = ["quota", "status", "candidate_institution"]
