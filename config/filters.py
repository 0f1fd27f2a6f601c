"""Filters shared by the apps' FilterSets."""

import django_filters
from django.utils.translation import gettext_lazy as _


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
