from django.urls import path

from xingping.orgs import office_views, views

app_name = "orgs"
urlpatterns = [
    path("", views.index, name="index"),
    path("units/<str:code>/", views.unit_detail, name="unit-detail"),
    # search-as-you-type suggestions for the unit and staff pickers (orgs/picker.py)
    path("options/units/", views.unit_options, name="unit-options"),
    path("options/staff/", views.staff_options, name="staff-options"),
    # the office's set-up pages (设置)
    path("setup/", office_views.setup, name="setup"),
    path("setup/units/", office_views.unit_list, name="setup-units"),
    path("setup/units/new/", office_views.unit_create, name="setup-unit-create"),
    path("setup/unit-options/", office_views.setup_unit_options, name="setup-unit-options"),
    path("setup/units/<str:code>/", office_views.unit_edit, name="setup-unit"),
    path("setup/units/<str:code>/move/", office_views.unit_move, name="setup-unit-move"),
    path("setup/units/<str:code>/retire/", office_views.unit_retire, name="setup-unit-retire"),
    path("setup/units/<str:code>/seats/", office_views.seat_add, name="setup-seat-add"),
    path("setup/seats/<int:pk>/remove/", office_views.seat_remove, name="setup-seat-remove"),
    path("setup/staff/", office_views.staff_list, name="setup-staff"),
    path("setup/staff/new/", office_views.staff_create, name="setup-staff-create"),
    path("setup/staff/<int:pk>/", office_views.staff_detail, name="setup-staff-detail"),
    path("setup/staff/<int:pk>/active/", office_views.staff_active, name="setup-staff-active"),
    path("setup/staff/<int:pk>/password/", office_views.staff_password_reset, name="setup-staff-password"),
    path("setup/staff/<int:pk>/unlock/", office_views.staff_unlock, name="setup-staff-unlock"),
]
