from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from reminders import services
from reminders.filters import ReminderFilter
from reminders.models import Reminder, ReminderPreference


class ReminderSerializer(serializers.ModelSerializer):
    about = serializers.CharField(source="content_type.model", read_only=True)
    is_read = serializers.BooleanField(read_only=True)

    class Meta:
        model = Reminder
        fields = [
            "id",
            "rule",
            "about",
            "object_id",
            "due_on",
            "subject",
            "link",
            "created_at",
            "delivered_at",
            "emailed",
            "read_at",
            "is_read",
        ]
        read_only_fields = fields


class ReminderPreferenceSerializer(serializers.ModelSerializer):
    class Meta:
        model = ReminderPreference
        fields = ["email"]


class ReminderViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The signed-in user's own reminders, newest first. Nobody sees anyone else's."""

    serializer_class = ReminderSerializer
    permission_classes = [permissions.IsAuthenticated]
    filterset_class = ReminderFilter
    ordering_fields = ["due_on", "created_at"]
    ordering = ["-due_on", "-id"]
    queryset = Reminder.objects.none()

    def get_queryset(self):
        return Reminder.objects.filter(recipient=self.request.user).select_related("content_type")

    @extend_schema(request=None, responses=ReminderSerializer)
    @action(detail=True, methods=["post"])
    def read(self, request, pk=None):
        """Mark the reminder read (again is harmless)."""
        reminder = services.reminder_mark_read(reminder=self.get_object())
        return Response(self.get_serializer(reminder).data)

    @extend_schema(request=ReminderPreferenceSerializer, responses=ReminderPreferenceSerializer)
    @action(detail=False, methods=["get", "put", "patch"], filterset_class=None)
    def preferences(self, request):
        """Whether reminders also come by e-mail (``{"email": false}`` keeps the inbox only)."""
        preference = ReminderPreference.objects.filter(user=request.user).first()
        if request.method == "GET":
            email = preference.email if preference else True
            return Response({"email": email})
        serializer = ReminderPreferenceSerializer(data=request.data, partial=False)
        serializer.is_valid(raise_exception=True)
        preference = services.reminder_preference_set(
            user=request.user, email=serializer.validated_data["email"]
        )
        return Response(ReminderPreferenceSerializer(preference).data)
