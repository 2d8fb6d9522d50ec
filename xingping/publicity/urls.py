from django.urls import path

from xingping.publicity import views

app_name = "publicity"
urlpatterns = [
    # public pages (no login)
    path("", views.portal, name="portal"),
    path("plan/", views.plan, name="plan"),
    path("letters/", views.letters, name="letters"),
    path("letters/<int:pk>/", views.letter_detail, name="letter-detail"),
    path("news/", views.news, name="news"),
    path("news/feed/", views.news_feed, name="news-feed"),
    path("news/<int:pk>/", views.news_detail, name="news-detail"),
    path("units/", views.units, name="units"),
    path("units/<str:code>/", views.unit_detail, name="unit"),
    # staff pages
    path("manage/", views.manage, name="manage"),
    path("manage/new/", views.item_new, name="item-new"),
    path("manage/<int:pk>/", views.item_detail, name="item-detail"),
    path("manage/<int:pk>/edit/", views.item_edit, name="item-edit"),
    path("manage/<int:pk>/submit/", views.item_submit, name="item-submit"),
    path("manage/<int:pk>/return/", views.item_return, name="item-return"),
    path("manage/<int:pk>/publish/", views.item_publish, name="item-publish"),
    path("manage/commitments/", views.commitments, name="commitments"),
    path("manage/commitments/<str:code>/", views.commitments_unit, name="commitments-unit"),
    path("manage/commitment/<int:pk>/", views.commitment_edit, name="commitment-edit"),
    path("manage/commitment/<int:pk>/delete/", views.commitment_delete, name="commitment-delete"),
]
