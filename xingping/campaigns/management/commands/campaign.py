"""`xingping campaign new SLUG --year YYYY [--title T] [--document-number CODE=文号 …]` and
`xingping campaign list` (C2). `--document-number` gives the 文号 of a numbered study material
of the template (e.g. `provincial_opinion=鄂办发〔2026〕19号`); one not given shows 待补充."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from xingping.campaigns.models import Campaign
from xingping.campaigns.services import campaign_create


class Command(BaseCommand):
    # Start fast (issue 14): the system checks import every view; `xingping check` runs them.
    requires_system_checks = []
    help = "Create (from the seed-plan template) or list appraisal campaigns."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        new = sub.add_parser("new", help="a campaign from the default template")
        new.add_argument("slug")
        new.add_argument("--year", type=int, required=True)
        new.add_argument("--title")
        new.add_argument("--document-number", dest="document_numbers", action="append", default=[], metavar="CODE=NUMBER",
                         help="the document number of a numbered study material (repeatable)")
        sub.add_parser("list", help="one line per campaign, newest first")

    def handle(self, action, **options):
        if action == "new":
            slug, year = options["slug"], options["year"]
            if not 2000 <= year <= 2100:
                raise CommandError(f"--year {year} is out of range (2000–2100)")
            numbers = {}
            for pair in options.get("document_numbers") or []:
                code, sep, number = pair.partition("=")
                if not sep or not code.strip():
                    raise CommandError(f"--document-number {pair!r}: expected CODE=NUMBER")
                numbers[code.strip()] = number.strip()
            try:
                campaign = campaign_create(actor=None, slug=slug, year=year, title=options.get("title"),
                                           document_numbers=numbers)
            except ValidationError as exc:
                raise CommandError("; ".join(exc.messages))
            self.stdout.write(f"{campaign.slug}\t{campaign.title}\t{campaign.first_day:%Y-%m-%d}\t{campaign.last_day:%Y-%m-%d}")
        else:
            for c in Campaign.objects.order_by("-first_day", "-pk"):
                self.stdout.write(f"{c.slug}\t{c.title}\t{c.first_day:%Y-%m-%d}\t{c.last_day:%Y-%m-%d}")
