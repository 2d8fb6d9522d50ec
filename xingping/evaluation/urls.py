from django.urls import path  # noqa: F401

from xingping.evaluation import views  # noqa: F401

app_name = "evaluation"
urlpatterns = []
