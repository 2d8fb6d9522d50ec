from django.urls import path  # noqa: F401

from xingping.entities import views  # noqa: F401

app_name = "entities"
urlpatterns = []
