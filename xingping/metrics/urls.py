from django.urls import path

from xingping.metrics import views

app_name = "metrics"
urlpatterns = [
    path("", views.index, name="index"),
    path("units/<str:code>/", views.unit_view, name="unit"),
    path("units/<str:code>/<str:key>/<str:part>/", views.drilldown, name="drilldown"),
]
