from django.urls import path

from xingping.core import health, views

app_name = "core"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("audit/", views.audit_log, name="audit-log"),
    path("healthz", health.healthz, name="healthz"),
]
