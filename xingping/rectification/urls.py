from django.urls import path  # noqa: F401

from xingping.rectification import views  # noqa: F401

app_name = "rectification"
urlpatterns = []
