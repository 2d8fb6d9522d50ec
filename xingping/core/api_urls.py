"""/api/v1/: each app adds its routes in its own `api_urls.py`, included here if present."""

from importlib import import_module

from django.contrib.auth.decorators import login_required
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

urlpatterns = [path("schema/", login_required(SpectacularAPIView.as_view()), name="api-schema")]

for _app in ("orgs", "campaigns", "entities", "outreach", "cases", "evaluation", "rectification", "metrics"):
    try:
        import_module(f"xingping.{_app}.api_urls")
    except ModuleNotFoundError as exc:
        if exc.name != f"xingping.{_app}.api_urls":
            raise
        continue
    urlpatterns.append(path("", include(f"xingping.{_app}.api_urls")))
