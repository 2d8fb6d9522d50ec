"""`xingping draw new|export|verify` (C10): random draws anyone can verify.

    xingping draw new --campaign SLUG --pool units|entities|visits [--unit CODE]
                      (--count K | --ratio R) --seed S [--title T]     → prints the draw's id
    xingping draw export ID -o FILE.json                                → the C10 record
    xingping draw verify FILE.json                                      → exit 0, or 1 + the first difference

`verify` reads the file alone (oversight.draws): no database is needed to check a draw.
"""

import json
import sys

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from xingping.oversight import draws


def _message(exc):
    if hasattr(exc, "message_dict"):
        return "；".join(m for ms in exc.message_dict.values() for m in ms)
    return "；".join(exc.messages)


class Command(BaseCommand):
    help = "Random draws anyone can verify (C10)."
    requires_system_checks = []

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        new = sub.add_parser("new")
        new.add_argument("--campaign", required=True)
        new.add_argument("--pool", required=True, choices=["units", "entities", "visits"])
        new.add_argument("--unit")
        group = new.add_mutually_exclusive_group(required=True)
        group.add_argument("--count", type=int)
        group.add_argument("--ratio", type=float)
        new.add_argument("--seed", required=True)
        new.add_argument("--title", default="")
        export = sub.add_parser("export")
        export.add_argument("id", type=int)
        export.add_argument("-o", "--output", required=True)
        verify = sub.add_parser("verify")
        verify.add_argument("file")

    def handle(self, action, **options):
        return getattr(self, f"do_{action}")(**options)

    def do_new(self, campaign, pool, unit, count, ratio, seed, title, **_options):
        from django.utils.translation import activate

        from xingping.core.commands import campaign_arg, unit_arg
        from xingping.orgs.models import OrgUnit
        from xingping.oversight.services import draw_new

        activate("zh-hans")
        campaign = campaign_arg(campaign)
        area = unit_arg(unit) or OrgUnit.objects.filter(parent__isnull=True).order_by("path").first()
        if area is None:
            raise CommandError(_("There are no units to draw from."))
        try:
            draw = draw_new(actor=None, campaign=campaign, pool_kind=pool, unit=area, seed=seed, count=count,
                            ratio=ratio, title=title, date_from=campaign.first_day if pool == "visits" else None,
                            date_to=campaign.last_day if pool == "visits" else None)
        except ValidationError as exc:
            raise CommandError(_message(exc))
        self.stdout.write(str(draw.pk))

    def do_export(self, id, output, **_options):
        from xingping.oversight.models import Draw

        draw = Draw.objects.filter(pk=id).first()
        if draw is None:
            raise CommandError(_("Draw %(id)s does not exist.") % {"id": id})
        with open(output, "w", encoding="utf-8") as f:
            f.write(draws.dumps(draw.record))

    def do_verify(self, file, **_options):
        try:
            with open(file, encoding="utf-8") as f:
                data = json.load(f)
        except (OSError, ValueError) as exc:
            self.stderr.write(_("Cannot read the draw record: %(error)s") % {"error": exc})
            sys.exit(1)
        problem = draws.verify(data)
        if problem:
            self.stderr.write(_("Verification failed, first difference: %(problem)s") % {"problem": problem})
            sys.exit(1)
        self.stdout.write(f"OK: {len(data['selected'])} of {len(data['pool'])}")
