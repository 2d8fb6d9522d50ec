from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DisclosureConfig(AppConfig):
    name = "xingping.disclosure"
    label = "disclosure"
    verbose_name = _("Disclosure")  # 政务公开

    def ready(self):
        # A lower app (cases keeps the office's holidays) changes the calendar; the due dates
        # stored here follow it. disclosure imports cases, never the other way round.
        from django.db import transaction
        from django.db.models.signals import post_delete, post_save

        from xingping.cases.models import HolidayOverride

        def holidays_changed(sender, instance, **kwargs):
            from xingping.disclosure.services import recompute_due_dates

            transaction.on_commit(lambda: recompute_due_dates(years=[instance.day.year]))

        post_save.connect(holidays_changed, sender=HolidayOverride, dispatch_uid="disclosure-holidays-save", weak=False)
        post_delete.connect(holidays_changed, sender=HolidayOverride, dispatch_uid="disclosure-holidays-delete", weak=False)
