from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _clear_tallies_left_by_a_flush(sender, using="default", **kwargs) -> None:
    """When no entity is left, no tally may be either (core/triggers.py `clear_when_empty`)."""
    from django.db import connections

    from xingping.core import triggers

    from . import tally

    triggers.clear_when_empty(connections[using], source=tally.SOURCE, tallies=(tally.TABLE,))


class EntitiesConfig(AppConfig):
    name = "xingping.entities"
    label = "entities"
    verbose_name = _("Market entities")  # 市场主体

    def ready(self) -> None:
        post_migrate.connect(_clear_tallies_left_by_a_flush, sender=self, dispatch_uid="entities-clear-tallies")
