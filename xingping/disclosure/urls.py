from django.urls import path

from xingping.disclosure import views

app_name = "disclosure"
urlpatterns = [
    path("", views.index, name="index"),
    path("items/<int:pk>/", views.item_detail, name="item-detail"),
    path("evidence/<int:pk>/", views.evidence, name="evidence"),
    # public pages (no login)
    path("public/", views.public_index, name="public-index"),
    path("public/<str:code>/", views.public_unit, name="public-unit"),
]
