from django.contrib.auth import get_user_model
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import parsers, serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from agreements import selectors, services
from agreements.filters import AgreementFilter, AwardFilter, QuotaFilter
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
from config.api import Conflict
from config.viewsets import ServiceViewSet


class PartySerializer(serializers.ModelSerializer):
    institution_name = serializers.CharField(source="institution.name", read_only=True)

    class Meta:
        model = AgreementParty
        fields = ["id", "institution", "institution_name", "role", "signatory", "signed_on"]
        read_only_fields = ["id"]
        validators = []  # the service checks duplicates and signatories, naming the party


class AgreementSerializer(serializers.ModelSerializer):
    parties = PartySerializer(many=True, required=False)
    areas = serializers.SlugRelatedField(
        slug_field="name", queryset=AreaOfCooperation.objects.all(), many=True, required=False
    )
    owner = serializers.PrimaryKeyRelatedField(
        queryset=get_user_model().objects.all(),
        required=False,
        allow_null=True,
        help_text=_("Defaults to you."),
    )

    class Meta:
        model = Agreement
        fields = [
            "id",
            "reference",
            "title",
            "kind",
            "status",
            "parties",
            "areas",
            "owner",
            "signed_on",
            "effective_on",
            "expires_on",
            "auto_renew",
            "notice_days",
            "renews",
            "signed_at_visit",
            "notes",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["reference", "status"]
        validators = []  # date rules live on the model and run in the service


class TransitionSerializer(serializers.Serializer):
    to = serializers.ChoiceField(choices=Agreement.Status.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class StatusChangeSerializer(serializers.ModelSerializer):
    actor = serializers.CharField(source="actor.username", default=None, read_only=True)

    class Meta:
        model = AgreementStatusChange
        fields = ["from_status", "to_status", "actor", "at", "note"]


class DocumentSerializer(serializers.ModelSerializer):
    download = serializers.SerializerMethodField()
    file = serializers.FileField(write_only=True)

    class Meta:
        model = AgreementDocument
        fields = [
            "id",
            "kind",
            "version",
            "file",
            "original_name",
            "content_type",
            "size",
            "uploaded_by",
            "uploaded_at",
            "download",
        ]
        read_only_fields = [
            "original_name",
            "content_type",
            "size",
            "uploaded_by",
            "uploaded_at",
        ]
        extra_kwargs = {"version": {"required": False}}
        validators = []

    def get_download(self, document) -> str:
        return f"/api/v1/agreements/{document.agreement_id}/documents/{document.pk}/download/"


class AgreementViewSet(ServiceViewSet):
    """MoUs and other agreements. The status changes only through ``transition/``."""

    queryset = selectors.agreement_list()
    serializer_class = AgreementSerializer
    filterset_class = AgreementFilter
    search_fields = [
        "reference",
        "title",
        "parties__institution__name",
        "parties__institution__native_name",
    ]
    ordering_fields = ["reference", "title", "status", "expires_on", "signed_on", "updated_at"]
    ordering = ["-created_at", "-pk"]
    create_service = staticmethod(services.agreement_create)
    update_service = staticmethod(services.agreement_update)
    update_argument = "agreement"

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        data.setdefault("owner", self.request.user)
        instance = services.agreement_create(**data)
        serializer.instance = self.get_queryset().get(pk=instance.pk)

    @extend_schema(
        request=TransitionSerializer,
        responses={200: AgreementSerializer},
        description=_("Move the agreement along its lifecycle. Refused moves answer 409."),
    )
    @action(detail=True, methods=["post"])
    def transition(self, request, pk=None):
        agreement = self.get_object()
        form = TransitionSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        try:
            services.agreement_transition(
                agreement=agreement,
                to=form.validated_data["to"],
                note=form.validated_data["note"],
                actor=request.user,
            )
        except services.TransitionRefused as exc:
            raise Conflict(exc.message) from exc
        return Response(self.get_serializer(self.get_queryset().get(pk=agreement.pk)).data)

    @extend_schema(responses=StatusChangeSerializer(many=True))
    @action(detail=True, methods=["get"], filterset_class=None, pagination_class=None)
    def history(self, request, pk=None):
        agreement = self.get_object()
        changes = agreement.status_changes.select_related("actor")
        return Response(StatusChangeSerializer(changes, many=True).data)

    @extend_schema(request=None, responses={201: AgreementSerializer})
    @action(detail=True, methods=["post"])
    def renew(self, request, pk=None):
        """Start the renewal: a draft successor with the same parties and areas."""
        try:
            successor = services.agreement_renew(agreement=self.get_object(), actor=request.user)
        except services.TransitionRefused as exc:
            raise Conflict(exc.message) from exc
        data = self.get_serializer(self.get_queryset().get(pk=successor.pk)).data
        return Response(data, status=status.HTTP_201_CREATED)

    @extend_schema(methods=["get"], responses=DocumentSerializer(many=True), request=None)
    @extend_schema(
        methods=["post"], request=DocumentSerializer, responses={201: DocumentSerializer}
    )
    @action(
        detail=True,
        methods=["get", "post"],
        parser_classes=[parsers.MultiPartParser, parsers.FormParser],
        filterset_class=None,
        pagination_class=None,
    )
    def documents(self, request, pk=None):
        """List the agreement's documents, or upload one (multipart: file, kind, version)."""
        agreement = self.get_object()
        if request.method == "GET":
            documents = agreement.documents.all()
            return Response(DocumentSerializer(documents, many=True).data)
        form = DocumentSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        document = services.document_add(
            agreement=agreement,
            file=form.validated_data["file"],
            kind=form.validated_data.get("kind", AgreementDocument.Kind.DRAFT),
            version=form.validated_data.get("version"),
            actor=request.user,
        )
        return Response(DocumentSerializer(document).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        parameters=[OpenApiParameter("document_id", int, OpenApiParameter.PATH)],
        responses={(200, "application/octet-stream"): bytes},
    )
    @action(
        detail=True,
        methods=["get"],
        url_path=r"documents/(?P<document_id>\d+)/download",
        filterset_class=None,
    )
    def download(self, request, pk=None, document_id=None):
        """The document's file, for signed-in users who may read the agreement."""
        agreement = self.get_object()
        document = get_object_or_404(AgreementDocument, pk=document_id, agreement=agreement)
        try:
            handle = document.file.open("rb")
        except FileNotFoundError as exc:
            raise Http404 from exc
        return FileResponse(
            handle,
            as_attachment=True,
            filename=document.original_name,
            content_type=document.content_type,
        )


class NegotiationRoundSerializer(serializers.ModelSerializer):
    class Meta:
        model = NegotiationRound
        fields = [
            "id",
            "agreement",
            "number",
            "held_on",
            "location",
            "mode",
            "summary",
            "outcome",
            "next_round_on",
        ]
        read_only_fields = ["number"]
        validators = []


class NegotiationRoundViewSet(ServiceViewSet):
    """Negotiation rounds, numbered 1, 2, 3 ... per agreement. A round on a draft agreement
    moves it to negotiating."""

    queryset = NegotiationRound.objects.select_related("agreement")
    serializer_class = NegotiationRoundSerializer
    filterset_fields = ["agreement", "mode"]
    search_fields = ["agreement__reference", "agreement__title", "location", "summary"]
    ordering_fields = ["held_on", "next_round_on", "number"]
    ordering = ["agreement", "number"]
    update_service = staticmethod(services.negotiation_round_update)
    update_argument = "negotiation_round"

    def perform_create(self, serializer):
        instance = services.negotiation_round_create(
            actor=self.request.user, **serializer.validated_data
        )
        serializer.instance = self.get_queryset().get(pk=instance.pk)


class QuotaSerializer(serializers.ModelSerializer):
    awarded = serializers.IntegerField(read_only=True)
    remaining = serializers.IntegerField(read_only=True)

    class Meta:
        model = ScholarshipQuota
        fields = [
            "id",
            "agreement",
            "funder",
            "host",
            "academic_year",
            "direction",
            "level",
            "funding",
            "places",
            "awarded",
            "remaining",
            "notes",
        ]


class QuotaViewSet(ServiceViewSet):
    """Scholarship quotas, with the places awarded and remaining."""

    queryset = selectors.quota_list()
    serializer_class = QuotaSerializer
    filterset_class = QuotaFilter
    search_fields = ["funder__name", "host__name", "agreement__reference", "notes"]
    ordering_fields = ["academic_year", "places", "remaining"]
    ordering = ["-academic_year", "pk"]
    create_service = staticmethod(services.quota_create)
    update_service = staticmethod(services.quota_update)
    update_argument = "quota"


class AwardSerializer(serializers.ModelSerializer):
    class Meta:
        model = ScholarshipAward
        fields = [
            "id",
            "quota",
            "candidate_name",
            "candidate_institution",
            "status",
            "notes",
            "created_at",
            "updated_at",
        ]


class AwardViewSet(ServiceViewSet):
    """Nominations and awards against a quota. Awarded places never exceed the quota's."""

    queryset = ScholarshipAward.objects.select_related("quota", "candidate_institution")
    serializer_class = AwardSerializer
    filterset_class = AwardFilter
    search_fields = ["candidate_name", "candidate_institution__name"]
    ordering_fields = ["candidate_name", "status", "created_at"]
    ordering = ["quota", "candidate_name"]
    create_service = staticmethod(services.award_create)
    update_service = staticmethod(services.award_update)
    update_argument = "award"
