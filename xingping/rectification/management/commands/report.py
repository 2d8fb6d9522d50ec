"""`xingping report self-inspection --campaign SLUG --unit CODE -o FILE.docx` (C8): the
draft self-inspection report of a unit, aggregated from the units below it (逐级汇总)."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.dateparse import parse_date

from xingping.campaigns.models import Campaign
from xingping.orgs.models import OrgUnit
from xingping.rectification import report as report_docx


class Command(BaseCommand):
    help = "Write a report as a Word document (self-inspection: the draft self-inspection report of a unit)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="which", required=True)
        si = sub.add_parser("self-inspection", help="the draft self-inspection report (R2.2, R10.3)")
        si.add_argument("--campaign", required=True)
        si.add_argument("--unit", required=True)
        si.add_argument("--as-of", help="YYYY-MM-DD (default: today)")
        si.add_argument("-o", "--output", required=True, help="the .docx file to write")

    def handle(self, which=None, campaign=None, unit=None, as_of=None, output=None, **options):
        campaign_obj = Campaign.objects.filter(slug=campaign).first()
        if campaign_obj is None:
            raise CommandError(f"no campaign {campaign!r}")
        unit_obj = OrgUnit.objects.filter(code=unit).first()
        if unit_obj is None:
            raise CommandError(f"no unit {unit!r}")
        day = None
        if as_of:
            day = parse_date(as_of)
            if day is None:
                raise CommandError(f"--as-of {as_of!r} is not a date YYYY-MM-DD")
        if not output.lower().endswith(".docx"):
            raise CommandError("-o must name a .docx file")
        document = report_docx.build(campaign_obj, unit_obj, day)
        document.save(output)
        self.stdout.write(f"{output}: {report_docx.filename(campaign_obj, unit_obj, day)}")
