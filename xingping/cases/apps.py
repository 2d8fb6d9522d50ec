from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _clear_tallies_left_by_a_flush(sender, using="default", **kwargs) -> None:
    """When no case is left, no tally may be either (core/triggers.py `clear_when_empty`)."""
    from django.db import connections

    from xingping.core import triggers

    from . import tally

    triggers.clear_when_empty(connections[using], source="cases_case", tallies=(tally.TABLE,))


class CasesConfig(AppConfig):
    name = "xingping.cases"
    label = "cases"
    verbose_name = _("Cases")  # 诉求办理

    def ready(self) -> None:
        post_migrate.connect(_clear_tallies_left_by_a_flush, sender=self, dispatch_uid="cases-clear-tallies")
