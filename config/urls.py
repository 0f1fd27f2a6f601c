from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.urls import include, path
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.authtoken.views import obtain_auth_token

from visits import calendar

api_v1 = [
    path("auth/token/", obtain_auth_token, name="api-token"),
    path("", include("partners.urls")),
    path("", include("agreements.urls")),
    path("", include("visits.urls")),
    path("", include("reminders.urls")),
]

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include(api_v1)),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path(
        "api/docs/",
        login_required(SpectacularSwaggerSplitView.as_view(url_name="api-schema")),
        name="api-docs",
    ),
    path("calendar/<str:token>.ics", calendar.feed, name="calendar-feed"),
    path("", RedirectView.as_view(pattern_name="admin:index", permanent=False)),
]
