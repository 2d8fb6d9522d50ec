from django.urls import path

from xingping.orgs import views

app_name = "orgs"
urlpatterns = [
    path("", views.index, name="index"),
    path("units/<str:code>/", views.unit_detail, name="unit-detail"),
]
