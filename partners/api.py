from django.db.models import Count
from django_countries.serializers import CountryFieldMixin
from rest_framework import serializers

from config.viewsets import ServiceViewSet
from partners import services
from partners.filters import ContactFilter, InstitutionFilter, UnitFilter
from partners.models import Contact, Institution, Unit


class InstitutionSerializer(CountryFieldMixin, serializers.ModelSerializer):
    contact_count = serializers.IntegerField(read_only=True)
    ror_url = serializers.CharField(read_only=True)

    class Meta:
        model = Institution
        fields = [
            "id",
            "name",
            "native_name",
            "short_name",
            "kind",
            "country",
            "city",
            "website",
            "ror_id",
            "ror_url",
            "erasmus_code",
            "schac_code",
            "pic",
            "status",
            "is_home",
            "parent",
            "notes",
            "contact_count",
            "created_at",
            "updated_at",
        ]
        # Identifiers are accepted as pasted (a ROR link, a spaced PIC) and stored normalised,
        # so the input may be longer than what is stored; the model validates the result.
        extra_kwargs = {
            "ror_id": {"max_length": 64},
            "erasmus_code": {"max_length": 32},
            "schac_code": {"max_length": 253},
            "pic": {"max_length": 32},
        }


class UnitSerializer(serializers.ModelSerializer):
    class Meta:
        model = Unit
        fields = ["id", "institution", "name", "native_name"]


class ContactSerializer(serializers.ModelSerializer):
    class Meta:
        model = Contact
        fields = [
            "id",
            "institution",
            "unit",
            "full_name",
            "native_name",
            "position",
            "email",
            "phone",
            "is_active",
            "notes",
            "created_at",
            "updated_at",
        ]


class InstitutionViewSet(ServiceViewSet):
    """Partner institutions and our own (``is_home``)."""

    queryset = Institution.objects.annotate(contact_count=Count("contacts"))
    serializer_class = InstitutionSerializer
    filterset_class = InstitutionFilter
    search_fields = [
        "name",
        "native_name",
        "short_name",
        "city",
        "ror_id",
        "erasmus_code",
        "schac_code",
        "pic",
    ]
    ordering_fields = ["name", "country", "city", "kind", "status", "contact_count", "updated_at"]
    ordering = ["name"]
    create_service = staticmethod(services.institution_create)
    update_service = staticmethod(services.institution_update)
    update_argument = "institution"


class UnitViewSet(ServiceViewSet):
    """Schools, departments and offices of an institution."""

    queryset = Unit.objects.select_related("institution")
    serializer_class = UnitSerializer
    filterset_class = UnitFilter
    search_fields = ["name", "native_name", "institution__name", "institution__native_name"]
    ordering_fields = ["name", "institution__name"]
    ordering = ["institution__name", "name"]
    create_service = staticmethod(services.unit_create)
    update_service = staticmethod(services.unit_update)
    update_argument = "unit"


class ContactViewSet(ServiceViewSet):
    """People at partner institutions."""

    queryset = Contact.objects.select_related("institution", "unit")
    serializer_class = ContactSerializer
    filterset_class = ContactFilter
    search_fields = [
        "full_name",
        "native_name",
        "position",
        "email",
        "institution__name",
        "institution__native_name",
    ]
    ordering_fields = ["full_name", "institution__name", "updated_at"]
    ordering = ["full_name"]
    create_service = staticmethod(services.contact_create)
    update_service = staticmethod(services.contact_update)
    update_argument = "contact"
