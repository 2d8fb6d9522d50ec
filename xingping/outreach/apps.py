from django.apps import AppConfig
from django.db.models.signals import post_delete, post_migrate, post_save
from django.utils.translation import gettext_lazy as _


def _clear_tallies_left_by_a_flush(sender, using="default", **kwargs) -> None:
    """When no visit is left, no first visit or coverage tally may be either; when no penalty
    is left, no return pair or return tally (core/triggers.py `clear_when_empty`)."""
    from django.db import connections

    from xingping.core import triggers

    from . import coverage_tally, return_tally

    triggers.clear_when_empty(connections[using], source=coverage_tally.VISIT,
                              tallies=(coverage_tally.FIRST, coverage_tally.TALLY))
    triggers.clear_when_empty(connections[using], source=return_tally.PENALTY,
                              tallies=(return_tally.PAIR, return_tally.TALLY))


def _campaign_saved(sender, instance, using="default", raw=False, **kwargs) -> None:
    """Keep the coverage and return-visit rules equal to the campaign's dates and rules
    (coverage_tally.sync, return_tally.sync)."""
    if raw:  # loaddata: the rules come with the fixture or a rebuild
        return
    from django.db import connections

    from . import coverage_tally, return_tally

    coverage_tally.sync(instance, connections[using])
    return_tally.sync(instance, connections[using])


def _campaign_deleted(sender, instance, using="default", **kwargs) -> None:
    from django.db import connections

    from . import coverage_tally, return_tally

    coverage_tally.forget(instance.pk, connections[using])
    return_tally.forget(instance.pk, connections[using])


class OutreachConfig(AppConfig):
    name = "xingping.outreach"
    label = "outreach"
    verbose_name = _("Outreach")  # 走访回访

    def ready(self) -> None:
        from xingping.campaigns.models import Campaign

        post_migrate.connect(_clear_tallies_left_by_a_flush, sender=self, dispatch_uid="outreach-clear-tallies")
        post_save.connect(_campaign_saved, sender=Campaign, dispatch_uid="outreach-coverage-rules")
        post_delete.connect(_campaign_deleted, sender=Campaign, dispatch_uid="outreach-coverage-forget")
