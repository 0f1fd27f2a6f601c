from django.utils.translation import gettext_lazy as _
from django_countries.serializers import CountryFieldMixin
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from config.viewsets import ServiceViewSet
from visits import services
from visits.filters import FollowUpFilter, VisitFilter
from visits.models import FollowUp, Visit, VisitParticipant, VisitStop


class VisitStopSerializer(serializers.ModelSerializer):
    class Meta:
        model = VisitStop
        fields = ["id", "date", "institution", "notes"]
        read_only_fields = ["id"]


class VisitParticipantSerializer(serializers.ModelSerializer):
    class Meta:
        model = VisitParticipant
        fields = ["id", "contact", "user", "role"]
        read_only_fields = ["id"]
        validators = []  # "exactly one of contact or user" is checked by the service


class VisitSerializer(CountryFieldMixin, serializers.ModelSerializer):
    stops = VisitStopSerializer(many=True, required=False)
    participants = VisitParticipantSerializer(many=True, required=False)
    agreements_signed = serializers.PrimaryKeyRelatedField(
        many=True,
        read_only=True,
        help_text=_("Agreements signed during the visit (set on each agreement)."),
    )

    class Meta:
        model = Visit
        fields = [
            "id",
            "title",
            "kind",
            "direction",
            "status",
            "starts_on",
            "ends_on",
            "city",
            "country",
            "host_institution",
            "purpose",
            "outcome",
            "organiser",
            "attendance",
            "attendance_note",
            "notes",
            "stops",
            "participants",
            "agreements_signed",
            "created_at",
            "updated_at",
        ]
        validators = []  # date and outcome rules live on the model; the service runs them


class VisitCompleteSerializer(serializers.Serializer):
    outcome = serializers.CharField(help_text=_("What came of the visit."))


class FollowUpSerializer(serializers.ModelSerializer):
    class Meta:
        model = FollowUp
        fields = [
            "id",
            "title",
            "visit",
            "agreement",
            "owner",
            "due_on",
            "status",
            "completed_at",
            "notes",
            "created_at",
        ]
        read_only_fields = ["completed_at"]


class VisitViewSet(ServiceViewSet):
    """Delegation visits and events, with their itinerary (stops) and participants.

    ``stops`` and ``participants`` are written with the visit; when sent on an update they
    replace the existing ones. Completed and cancelled visits can be deleted by superusers only.
    """

    queryset = Visit.objects.select_related("host_institution", "organiser").prefetch_related(
        "stops", "participants", "agreements_signed"
    )
    serializer_class = VisitSerializer
    filterset_class = VisitFilter
    search_fields = ["title", "purpose", "outcome", "city", "host_institution__name"]
    ordering_fields = ["starts_on", "ends_on", "title", "status", "updated_at"]
    ordering = ["-starts_on", "-pk"]
    create_service = staticmethod(services.visit_create)
    update_service = staticmethod(services.visit_update)
    update_argument = "visit"

    def perform_destroy(self, instance):
        services.visit_delete(visit=instance, actor=self.request.user)

    @extend_schema(request=VisitCompleteSerializer, responses=VisitSerializer)
    @action(detail=True, methods=["post"])
    def complete(self, request, pk=None):
        """Mark the visit completed, with its outcome."""
        visit = self.get_object()
        form = VisitCompleteSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        visit = services.visit_complete(visit=visit, outcome=form.validated_data["outcome"])
        return Response(self.get_serializer(self.get_queryset().get(pk=visit.pk)).data)


class FollowUpViewSet(ServiceViewSet):
    """Actions after a visit, each with an owner and a due date. ``owner=me`` lists yours."""

    queryset = FollowUp.objects.select_related("owner", "visit", "agreement")
    serializer_class = FollowUpSerializer
    filterset_class = FollowUpFilter
    search_fields = ["title", "notes", "visit__title", "agreement__reference", "agreement__title"]
    ordering_fields = ["due_on", "status", "created_at"]
    ordering = ["due_on", "pk"]
    create_service = staticmethod(services.follow_up_create)
    update_service = staticmethod(services.follow_up_update)
    update_argument = "follow_up"

    @extend_schema(request=None, responses=FollowUpSerializer)
    @action(detail=True, methods=["post"])
    def done(self, request, pk=None):
        """Mark the follow-up done (again is harmless)."""
        follow_up = services.follow_up_done(follow_up=self.get_object())
        return Response(self.get_serializer(follow_up).data)
