from django.urls import path

from xingping.rectification import views

app_name = "rectification"
urlpatterns = [
    path("", views.index, name="index"),
    path("self-analysis/", views.self_analysis_roster, name="selfanalysis-roster"),
    path("self-analysis/mine/", views.self_analysis_edit, name="selfanalysis-edit"),
    path("self-analysis/<int:pk>/", views.self_analysis_detail, name="selfanalysis-detail"),
    path("findings/", views.finding_list, name="finding-list"),
    path("findings/new/", views.finding_create, name="finding-create"),
    path("findings/<int:pk>/", views.finding_detail, name="finding-detail"),
    path("findings/<int:pk>/items/new/", views.item_create, name="item-create"),
    path("items/", views.item_list, name="item-list"),
    path("items/export/", views.ledger_export, name="ledger-export"),
    path("items/rollup/", views.rollup_export, name="rollup-export"),
    path("items/<int:pk>/", views.item_detail, name="item-detail"),
    path("items/<int:pk>/progress/", views.item_progress, name="item-progress"),
    path("items/<int:pk>/confirm/", views.item_confirm, name="item-confirm"),
    path("items/<int:pk>/return/", views.item_return, name="item-return"),
    path("items/<int:pk>/answer/", views.item_answer, name="item-answer"),
    path("items/<int:pk>/publish/", views.item_publish, name="item-publish"),
    path("milestones/<int:pk>/done/", views.milestone_done, name="milestone-done"),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence"),
    path("fees/", views.fee_list, name="fee-list"),
    path("fees/<int:pk>/refund/", views.fee_refund, name="fee-refund"),
    path("systems/", views.systems, name="systems"),
    path("systems/documents/<int:pk>/", views.system_document, name="system-document"),
    path("systems/<str:unit_code>/<slug:code>/", views.system_edit, name="system-edit"),
    path("report/", views.report_page, name="report"),
    path("report/<str:unit_code>.docx", views.report_download, name="report-download"),
    path("board/", views.board, name="board"),
]
