from django.urls import path  # noqa: F401

from xingping.campaigns import views  # noqa: F401

app_name = "campaigns"
urlpatterns = []
