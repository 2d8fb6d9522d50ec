from django.urls import path

from xingping.oversight import views

app_name = "oversight"
urlpatterns = [
    path("", views.index, name="index"),
    path("registers/", views.registers, name="registers"),
    path("plans/new/", views.plan_new, name="plan-new"),
    path("plans/<int:pk>/", views.plan_detail, name="plan-detail"),
    path("plans/<int:pk>/draw/", views.plan_draw, name="plan-draw"),
    path("draws/<int:pk>.json", views.draw_export, name="draw-export"),
    path("targets/<int:pk>/verify/", views.target_verify, name="target-verify"),
    path("mine/", views.my_targets, name="my-targets"),
    path("inspections/new/", views.inspection_new, name="inspection-new"),
    path("inspections/<int:pk>/", views.inspection_detail, name="inspection-detail"),
    path("inspections/<int:pk>/finding/", views.inspection_finding, name="inspection-finding"),
    path("inspections/<int:pk>/publish/", views.inspection_publish, name="inspection-publish"),
    path("photos/<int:pk>/", views.photo, name="photo"),
    path("notices/", views.notice_list, name="notice-list"),
    path("notices/new/", views.notice_new, name="notice-new"),
    path("notices/<int:pk>/", views.notice_detail, name="notice-detail"),
    path("notices/<int:pk>/advance/", views.notice_advance, name="notice-advance"),
    path("notices/<int:pk>.docx", views.notice_docx_view, name="notice-docx"),
    path("public/notices/", views.public_notices, name="public-notices"),
    path("public/notices/<int:pk>/", views.public_notice_detail, name="public-notice-detail"),
    path("public/notices/<int:pk>.docx", views.public_notice_docx, name="public-notice-docx"),
    path("accountability/", views.accountability_list, name="accountability-list"),
]
