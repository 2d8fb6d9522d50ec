"""The campaigns app's source for `xingping remind`: deliverables overdue or due soon."""

from django.utils.translation import gettext as _

from xingping.campaigns import selectors
from xingping.core.reminders import register_reminder
from xingping.orgs.models import OrgUnit


def _line(obligation):
    return _("%(title)s — due %(due)s (%(status)s)") % {
        "title": obligation.deliverable.display_title,
        "due": obligation.deliverable.due_on.isoformat(),
        "status": selectors.STATUS_LABELS[obligation.status],
    }


@register_reminder("deliverables")
def deliverables_due(campaign, as_of, days):
    """Per unit: deliverables past their due date and not submitted (or returned and not
    resubmitted), and those due within `days` calendar days that are not yet submitted."""
    units = OrgUnit.objects.evaluated().order_by("path")
    return {
        unit.pk: {"overdue": [_line(o) for o in overdue], "upcoming": [_line(o) for o in upcoming]}
        for unit, overdue, upcoming in selectors.overdue_and_upcoming(campaign, units, as_of, days)
    }
