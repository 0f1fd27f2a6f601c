"""REST API conventions shared by every app, named in settings.REST_FRAMEWORK: permissions,
pagination, strict filtering and the error format. Each app's api.py holds its own serializers
and viewsets."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import ProtectedError, RestrictedError
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import exceptions, filters, permissions, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.serializers import as_serializer_error
from rest_framework.settings import api_settings


class ModelPermissions(permissions.DjangoModelPermissions):
    """Model permissions that also guard reads: without ``view_<model>`` a user reads nothing.

    Anonymous requests are refused (401). The ``office`` group holds add, change, delete and view
    on every CRM model; ``viewer`` holds view only.
    """

    perms_map = {
        **permissions.DjangoModelPermissions.perms_map,
        "GET": ["%(app_label)s.view_%(model_name)s"],
        "OPTIONS": ["%(app_label)s.view_%(model_name)s"],
        "HEAD": ["%(app_label)s.view_%(model_name)s"],
    }


class Pagination(PageNumberPagination):
    """DRF's count/next/previous/results pages; ``page_size`` from 1 to 200."""

    page_size_query_param = "page_size"
    max_page_size = 200

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        try:
            size = int(raw)
        except ValueError:
            size = 0
        if not 1 <= size <= self.max_page_size:
            raise exceptions.ValidationError(
                {
                    self.page_size_query_param: [
                        _("Enter a whole number from 1 to %(max)d.") % {"max": self.max_page_size}
                    ]
                }
            )
        return size

    def paginate_queryset(self, queryset, request, view=None):
        raw = request.query_params.get(self.page_query_param)
        if raw is not None and raw not in self.last_page_strings:
            if not raw.isdigit() or int(raw) < 1:
                raise exceptions.ValidationError(
                    {self.page_query_param: [_("Enter a page number of 1 or more.")]}
                )
        return super().paginate_queryset(queryset, request, view)


class StrictFilterBackend(DjangoFilterBackend):
    """django-filter, but a query parameter that no filter knows is an error, not ignored.

    A misspelt filter (``?countyr=GB``) would otherwise return the whole list and look like a
    real answer.
    """

    always_allowed = {"page", "page_size", "format"}

    def allowed_params(self, request, queryset, view) -> set[str]:
        allowed = set(self.always_allowed)
        filterset_class = self.get_filterset_class(view, queryset)
        if filterset_class is not None:
            allowed |= set(filterset_class.base_filters)
        if getattr(view, "search_fields", None):
            allowed.add(api_settings.SEARCH_PARAM)
        if getattr(view, "ordering_fields", None):
            allowed.add(api_settings.ORDERING_PARAM)
        allowed |= set(getattr(view, "extra_query_params", ()))
        return allowed

    def filter_queryset(self, request, queryset, view):
        allowed = self.allowed_params(request, queryset, view)
        unknown = sorted(set(request.query_params) - allowed)
        if unknown:
            message = _("Unknown query parameter. Known ones: %(known)s.") % {
                "known": ", ".join(sorted(allowed))
            }
            raise exceptions.ValidationError({name: [message] for name in unknown})
        return super().filter_queryset(request, queryset, view)


class StrictOrderingFilter(filters.OrderingFilter):
    """``ordering`` that refuses a field it cannot sort by instead of ignoring it."""

    def get_ordering(self, request, queryset, view):
        raw = request.query_params.get(self.ordering_param)
        if raw:
            fields = [part.strip() for part in raw.split(",") if part.strip()]
            valid = self.remove_invalid_fields(queryset, fields, view, request)
            if len(valid) != len(fields):
                known = sorted(name for name, _label in self.get_valid_fields(queryset, view))
                raise exceptions.ValidationError(
                    {
                        self.ordering_param: [
                            _("Cannot sort by %(bad)s. Sort by: %(known)s (prefix - to reverse).")
                            % {
                                "bad": ", ".join(f for f in fields if f not in valid),
                                "known": ", ".join(known),
                            }
                        ]
                    }
                )
            return valid
        return self.get_default_ordering(view)


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = _("The request conflicts with the current state of the record.")
    default_code = "conflict"


def exception_handler(exc, context):
    """DRF's handler, plus the errors our services and the database raise.

    A Django ValidationError from a service becomes a 400 keyed by field (like a serializer
    error); deleting a record that others still refer to becomes a 409 that says which.
    """
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(detail=as_serializer_error(exc))
    elif isinstance(exc, ProtectedError | RestrictedError):
        related = (
            exc.protected_objects if isinstance(exc, ProtectedError) else exc.restricted_objects
        )
        blockers = sorted({str(obj._meta.verbose_name_plural) for obj in related})
        exc = Conflict(
            _("This record is still referred to by %(blockers)s; remove or reassign those first.")
            % {"blockers": ", ".join(blockers)}
        )
    # Imported here: rest_framework.views reads the API settings, which name this module.
    from rest_framework.views import exception_handler as drf_exception_handler

    return drf_exception_handler(exc, context)
