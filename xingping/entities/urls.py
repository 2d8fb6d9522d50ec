from django.urls import path

from xingping.entities import views

app_name = "entities"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.detail, name="detail"),
    path("import/", views.import_new, name="import"),
    path("import/<int:pk>/", views.import_status, name="import-status"),
]
