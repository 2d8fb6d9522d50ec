"""`xingping disclosure check [--as-of YYYY-MM-DD] [--unit CODE]`: the nightly lateness check
(R8.1): per unit, proactive items late or missing, and channels not updated for two weeks."""

import sys

from django.core.management.base import BaseCommand
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from xingping.core.commands import date_arg, unit_arg
from xingping.disclosure import selectors
from xingping.disclosure.models import CatalogueItem


class Command(BaseCommand):
    # Start fast (issue 14): the system checks import every view; `xingping check` runs them.
    requires_system_checks = []
    help = "Disclosure catalogue: `check` lists per unit what is late or missing."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        check = sub.add_parser("check")
        check.add_argument("--as-of")
        check.add_argument("--unit")

    def handle(self, action, as_of=None, unit=None, **options):
        day = date_arg(as_of) or timezone.localdate()
        unit_obj = unit_arg(unit)
        items = CatalogueItem.objects.all()
        if unit_obj is not None:
            items = items.filter(unit__path__startswith=unit_obj.path)
        rows = selectors.check_by_unit(items=items, as_of=day)
        problems = 0
        for r in rows:
            flags = []
            if r["missing"]:
                flags.append(_("%(n)d missing") % {"n": r["missing"]})
            if r["late"]:
                flags.append(_("%(n)d late") % {"n": r["late"]})
            if r["stale"]:
                flags.append(_("not updated for two weeks"))
            problems += bool(flags)
            state = "；".join(flags) if flags else _("in order")
            due = r["on_time"] + r["late"] + r["missing"]
            self.stdout.write(f"{r['unit__code']}\t{r['unit__name']}\t{r['on_time']}/{due}\t{state}")
        for item in selectors.missing_items(items=items.select_related("unit"), as_of=day)[:200]:
            self.stdout.write(f"  {item.unit.code}\t{item.code}\t{item.title}\t{pgettext('disclosure', 'due')} {item.due_on.isoformat()}")
        sys.stdout.flush()
        self.stderr.write(_("%(n)d of %(total)d units need attention as of %(day)s.")
                          % {"n": problems, "total": len(rows), "day": day.isoformat()})
