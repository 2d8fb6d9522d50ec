"""/api/v1/cases/ (DRF, staff) and /api/v1/open311/ (GeoReport v2, public)."""

from django.urls import include, path
from rest_framework.routers import SimpleRouter

from xingping.cases import api

router = SimpleRouter()
router.register("cases", api.CaseViewSet, basename="case")

app_name = "cases-api"
urlpatterns = [
    path("", include(router.urls)),
    path("open311/services.json", api.open311_services, name="open311-services"),
    path("open311/services/<slug:code>.json", api.open311_service_definition, name="open311-service"),
    path("open311/requests.json", api.open311_requests, name="open311-requests"),
    path("open311/requests/<str:code>.json", api.open311_request, name="open311-request"),
]
