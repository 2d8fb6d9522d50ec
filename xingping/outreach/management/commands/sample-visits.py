"""`xingping sample-visits --campaign SLUG --rate R --seed S` (R14.3): draw a reproducible
random sample of each visiting unit's visits in the campaign window for phone checks.

Prints one line per drawn visit: UNIT<TAB>VISIT ID<TAB>USCC<TAB>ENTITY<TAB>PHONE<TAB>VISITOR<TAB>DATE.
The same data, rate and seed always give the same sample; visits already drawn keep their check.
"""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from xingping.core.commands import campaign_arg
from xingping.outreach.services import visits_sample


class Command(BaseCommand):
    # Start fast (issue 14): the system checks import every view; `xingping check` runs them.
    requires_system_checks = []
    help = "Draw a reproducible per-unit random sample of visits for phone verification."

    def add_arguments(self, parser):
        parser.add_argument("--campaign", required=True)
        parser.add_argument("--rate", type=float, required=True, help="share of each unit's visits, e.g. 0.05")
        parser.add_argument("--seed", required=True)

    def handle(self, campaign, rate, seed, **options):
        campaign_obj = campaign_arg(campaign)
        try:
            checks = visits_sample(actor=None, campaign=campaign_obj, rate=rate, seed=seed)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages))
        for c in checks:
            v = c.visit
            self.stdout.write("\t".join([c.unit.code, str(v.pk), v.entity.uscc, v.entity.name, v.entity.phone,
                                         v.visitor.username, v.visited_on.isoformat()]))
        self.stderr.write(f"{len(checks)} visits drawn")
