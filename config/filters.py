"""Filters shared by the apps' FilterSets."""

import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field


@extend_schema_field(OpenApiTypes.BOOL)
class BooleanFilter(django_filters.TypedChoiceFilter):
    """A yes/no filter that refuses anything but true/false (django-filter's own ignores it)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("choices", [("true", _("Yes")), ("false", _("No"))])
        kwargs.setdefault("coerce", lambda value: value == "true")
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if value in ("", None):
            return qs
        return super().filter(qs, value)


@extend_schema_field(OpenApiTypes.INT)
class RecordFilter(django_filters.ModelChoiceFilter):
    """A filter by a related record's id, for filters that match it in more than one place."""
