"""`xingping report self-inspection --campaign SLUG --unit CODE -o FILE.docx` (C8): the
draft self-inspection report of a unit, aggregated from the units below it (逐级汇总)."""

from django.core.management.base import BaseCommand, CommandError

from xingping.core.commands import campaign_arg, date_arg, unit_arg
from xingping.rectification import report as report_docx


class Command(BaseCommand):
    # Start fast (issue 14): the system checks import every view; `xingping check` runs them.
    requires_system_checks = []
    help = "Write a report as a Word document (self-inspection: the draft self-inspection report of a unit)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="which", required=True)
        si = sub.add_parser("self-inspection", help="the draft self-inspection report (R2.2, R10.3)")
        si.add_argument("--campaign", required=True)
        si.add_argument("--unit", required=True)
        si.add_argument("--as-of", help="YYYY-MM-DD (default: today)")
        si.add_argument("-o", "--output", required=True, help="the .docx file to write")

    def handle(self, which=None, campaign=None, unit=None, as_of=None, output=None, **options):
        campaign_obj, unit_obj, day = campaign_arg(campaign), unit_arg(unit), date_arg(as_of)
        if not output.lower().endswith(".docx"):
            raise CommandError("-o must name a .docx file")
        document = report_docx.build(campaign_obj, unit_obj, day)
        document.save(output)
        self.stdout.write(f"{output}: {report_docx.filename(campaign_obj, unit_obj, day)}")
