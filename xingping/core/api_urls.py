"""/api/v1/: each app adds its routes in its own `api_urls.py`, included here if present."""

from importlib.util import find_spec

from django.apps import apps
from django.contrib.auth.decorators import login_required
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

urlpatterns = [path("schema/", login_required(SpectacularAPIView.as_view()), name="api-schema")]

for _config in apps.get_app_configs():  # apps register downward: core names none of them
    if _config.name.startswith("xingping.") and _config.name != "xingping.core" and find_spec(f"{_config.name}.api_urls") is not None:
        urlpatterns.append(path("", include(f"{_config.name}.api_urls")))
