from django.urls import path  # noqa: F401

from xingping.metrics import views  # noqa: F401

app_name = "metrics"
urlpatterns = []
