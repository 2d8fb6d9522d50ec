from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "xingping.accounts"
    label = "accounts"
    verbose_name = _("Accounts")  # 账户

    def ready(self):
        from xingping.accounts import signals  # noqa: F401  (connects the sign-in receivers)
