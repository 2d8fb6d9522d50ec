"""`xingping remind [--campaign SLUG] [--days N] [--as-of YYYY-MM-DD] [--send]`

Lists, per unit, what is overdue and what is due within N days, from every reminder
source (`xingping.core.reminders`: deliverables here; cases, rectification … in their
apps). The list is always printed; with `--send` each unit's leaders who have an e-mail
address get their unit's part, and the campaign office users get the whole list."""


from django.conf import settings
from django.core.mail import send_mass_mail
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from xingping.accounts.models import Role, User
from xingping.campaigns.models import Campaign
from xingping.core.commands import campaign_arg, date_arg
from xingping.core.reminders import reminders
from xingping.orgs.models import Level, OrgUnit


def collect(campaign, as_of, days):
    """{unit_pk: {"overdue": [...], "upcoming": [...]}} merged over every source."""
    merged = {}
    for _name, source in sorted(reminders().items()):
        for unit_pk, items in (source(campaign, as_of, days) or {}).items():
            slot = merged.setdefault(unit_pk, {"overdue": [], "upcoming": []})
            slot["overdue"].extend(items.get("overdue", ()))
            slot["upcoming"].extend(items.get("upcoming", ()))
    return {pk: items for pk, items in merged.items() if items["overdue"] or items["upcoming"]}


def unit_text(unit, items, days):
    lines = [f"{unit.name} ({unit.code})"]
    if items["overdue"]:
        lines.append("  " + _("Overdue:"))
        lines += [f"    - {line}" for line in items["overdue"]]
    if items["upcoming"]:
        lines.append("  " + _("Due within %(days)d days:") % {"days": days})
        lines += [f"    - {line}" for line in items["upcoming"]]
    return "\n".join(lines)


def leaders_by_unit(units):
    """E-mail addresses of each unit's leaders (a department's leaders count for its parent)."""
    by_pk = {u.pk: u for u in units}
    people = (
        User.objects.filter(is_active=True, roles__contains=Role.LEADER)
        .exclude(email="")
        .filter(Q(unit__in=list(by_pk)) | Q(unit__parent__in=list(by_pk), unit__level=Level.DEPARTMENT))
        .select_related("unit")
    )
    out = {}
    for person in people:
        if person.has_role(Role.LEADER):
            out.setdefault(person.unit.acting_unit.pk, []).append(person.email)
    return out


class Command(BaseCommand):
    # Start fast (issue 14): the system checks import every view; `xingping check` runs them.
    requires_system_checks = []
    help = "List (and with --send e-mail) what each unit has overdue or due soon."

    def add_arguments(self, parser):
        parser.add_argument("--campaign", help="campaign slug (default: the current campaign)")
        parser.add_argument("--days", type=int, default=7, help="look ahead this many days (default 7)")
        parser.add_argument("--as-of", dest="as_of", help="YYYY-MM-DD (default: today)")
        parser.add_argument("--send", action="store_true", help="e-mail the unit leaders and the office")

    def handle(self, campaign=None, days=7, as_of=None, send=False, **options):
        translation.activate(settings.LANGUAGE_CODE)
        if days < 0:
            raise CommandError("--days must be 0 or more")
        as_of = date_arg(as_of) or timezone.localdate()
        camp = campaign_arg(campaign) or Campaign.objects.current()
        if camp is None:
            raise CommandError(_("There is no campaign yet; create one with `xingping campaign new`."))

        items = collect(camp, as_of, days)
        units = list(OrgUnit.objects.filter(pk__in=items).order_by("path"))
        header = _("%(campaign)s — reminders as of %(date)s") % {"campaign": camp.title, "date": as_of.isoformat()}
        texts = {u.pk: unit_text(u, items[u.pk], days) for u in units}
        self.stdout.write(header)
        if not units:
            self.stdout.write(_("Nothing overdue or due soon."))
        for unit in units:
            self.stdout.write(texts[unit.pk])
        if not send:
            return

        sender = settings.DEFAULT_FROM_EMAIL
        messages = []
        leaders = leaders_by_unit(units)
        for unit in units:
            if leaders.get(unit.pk):
                subject = _("[Xingping] What %(unit)s has overdue or due soon") % {"unit": unit.name}
                messages.append((subject, f"{header}\n\n{texts[unit.pk]}\n", sender, leaders[unit.pk]))
        office = list(
            User.objects.filter(is_active=True, roles__contains=Role.OFFICE).exclude(email="").values_list("email", flat=True)
        )
        if office:
            body = "\n\n".join([header] + [texts[u.pk] for u in units] or [_("Nothing overdue or due soon.")])
            messages.append((_("[Xingping] Reminder summary for the campaign office"), body + "\n", sender, office))
        sent = send_mass_mail(messages, fail_silently=False) if messages else 0
        self.stdout.write(_("E-mails sent: %(n)d") % {"n": sent})
