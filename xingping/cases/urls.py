from django.urls import path

from xingping.cases import views

app_name = "cases"
urlpatterns = [
    path("", views.index, name="index"),
    path("queue/", views.queue, name="queue"),
    path("new/", views.case_new, name="case-new"),
    path("new/units/", views.unit_options, name="unit-options"),  # the hotline form's unit picker suggestions
    path("transfer/units/", views.transfer_unit_options, name="transfer-unit-options"),  # the transfer form's unit picker
    path("<int:pk>/", views.case_detail, name="case-detail"),
    path("<int:pk>/transition/", views.case_transition, name="case-transition"),
    path("<int:pk>/request/", views.case_request_new, name="case-request"),
    path("<int:pk>/consult/", views.case_consult, name="case-consult"),
    path("requests/<int:pk>/decide/", views.request_decide, name="request-decide"),
    path("attachments/<int:pk>/", views.attachment, name="attachment"),
    path("deputies/", views.deputies, name="deputies"),
    path("holidays/", views.holidays, name="holidays"),
    path("import/", views.case_import, name="import"),
    path("disclosure-report/", views.disclosure_report, name="disclosure-report"),
    # public pages (no login)
    path("public/", views.public_file, name="public-file"),
    path("public/disclosure/", views.public_disclosure, name="public-disclosure"),
    path("public/track/", views.public_track, name="public-track"),
    path("public/hotlines/", views.public_hotlines, name="public-hotlines"),
    path("public/offices/", views.public_unit_options, name="public-unit-options"),  # the office picker's suggestions
]
