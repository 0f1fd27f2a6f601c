import django_filters

from config.filters import BooleanFilter
from partners.models import Contact, Institution, Unit


class InstitutionFilter(django_filters.FilterSet):
    is_home = BooleanFilter()

    class Meta:
        model = Institution
        fields = ["country", "kind", "status", "is_home", "parent"]


class UnitFilter(django_filters.FilterSet):
    class Meta:
        model = Unit
        fields = ["institution"]


class ContactFilter(django_filters.FilterSet):
    is_active = BooleanFilter()

    class Meta:
        model = Contact
        fields = ["institution", "unit", "is_active"]
