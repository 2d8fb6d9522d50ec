from django.urls import path  # noqa: F401

from xingping.orgs import views  # noqa: F401

app_name = "orgs"
urlpatterns = []
