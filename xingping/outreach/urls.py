from django.urls import path

from xingping.outreach import views

app_name = "outreach"
urlpatterns = [
    path("", views.index, name="index"),
    path("entities/<int:entity_pk>/visit/", views.visit_new, name="visit-new"),
    path("entities/<int:entity_pk>/liaison/", views.liaison_new, name="liaison-new"),
    path("visits/", views.visit_list, name="visit-list"),
    path("visits/<int:pk>/", views.visit_detail, name="visit-detail"),
    path("opinions/", views.dissatisfied, name="dissatisfied"),
    path("checks/", views.checks, name="checks"),
    path("checks/<int:pk>/", views.check_record, name="check-record"),
]

# Confirmation of a visit by the entity visited (outreach/confirm_views.py).
from xingping.outreach import confirm_views  # noqa: E402

urlpatterns += [
    path("visits/<int:pk>/print/", confirm_views.visit_print, name="visit-print"),
    path("confirm/", confirm_views.confirm_start, name="confirm-start"),
    path("confirm/<str:code>/", confirm_views.confirm, name="confirm"),
    path("confirmations/", confirm_views.confirmations, name="confirmations"),
]

# Correcting a visit record by its recorder (outreach/correction_views.py).
from xingping.outreach import correction_views  # noqa: E402

urlpatterns += [
    path("visits/<int:pk>/correct/", correction_views.visit_correct, name="visit-correct"),
]

# The office draws the verification sample (outreach/office_views.py).
from xingping.outreach import office_views  # noqa: E402

urlpatterns += [
    path("checks/sample/", office_views.sample, name="sample"),
]
