import django_filters

from config.filters import BooleanFilter
from reminders.models import Reminder


class ReminderFilter(django_filters.FilterSet):
    unread = BooleanFilter(field_name="read_at", method="filter_unread")

    class Meta:
        model = Reminder
        fields = ["rule"]

    def filter_unread(self, queryset, name, value):
        return queryset.filter(read_at__isnull=value)
