from django.urls import path

from xingping.campaigns import office_views, views

app_name = "campaigns"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", office_views.campaign_new, name="new"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment-download"),
    path("attachments/<int:pk>/remove/", views.attachment_remove, name="attachment-remove"),
    path("<slug:slug>/", views.campaign_detail, name="campaign-detail"),
    path("<slug:slug>/matrix/", views.matrix, name="matrix"),
    path("<slug:slug>/matrix/export/", views.matrix_export, name="matrix-export"),
    path("<slug:slug>/mine/", views.my_unit, name="my-unit"),
    path("<slug:slug>/units/<str:code>/", views.unit_obligations, name="unit-obligations"),
    path("<slug:slug>/deliverables/<slug:code>/units/<str:unit_code>/", views.submission_detail, name="submission-detail"),
    path("<slug:slug>/deliverables/<slug:code>/units/<str:unit_code>/save/", views.submission_save, name="submission-save"),
    path("<slug:slug>/deliverables/<slug:code>/units/<str:unit_code>/<str:decision>/",
         views.submission_review, name="submission-review"),
    path("<slug:slug>/meetings/", views.meeting_list, name="meeting-list"),
    path("<slug:slug>/meetings/new/", views.meeting_create, name="meeting-create"),
]
