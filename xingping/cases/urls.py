from django.urls import path  # noqa: F401

from xingping.cases import views  # noqa: F401

app_name = "cases"
urlpatterns = []
