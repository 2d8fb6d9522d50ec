from django.urls import path  # noqa: F401

from xingping.outreach import views  # noqa: F401

app_name = "outreach"
urlpatterns = []
