from django.contrib.auth import views as auth_views
from django.urls import path

from xingping.accounts import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("", views.account, name="account"),
    path("password/", views.password_change, name="password-change"),
    path("two-factor/setup/", views.otp_setup, name="otp-setup"),
    path("two-factor/", views.otp_verify, name="otp-verify"),
    path("two-factor/recovery-codes/", views.recovery_codes_renew, name="recovery-codes"),
    path("two-factor/remove/", views.otp_remove, name="otp-remove"),
    path("sessions/end/", views.sessions_end, name="sessions-end"),
]
