"""`xingping metrics --campaign SLUG [--as-of YYYY-MM-DD] [--unit CODE] --format json|csv` (C2, C4)."""

import csv
import json

from django.core.management.base import BaseCommand

from xingping.core.db_router import replica_reads
from xingping.core.commands import campaign_arg, date_arg, unit_arg
from xingping.core.tabular import neutralise_csv
from xingping.metrics.engine import compute

CSV_HEADER = ["code", "name", "level", "key", "numerator", "denominator", "rate", "target", "met"]


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def as_json(data):
    """C4's JSON with one unit to a line: readable, and each line written by the C encoder
    (`indent=` would switch json to its pure-Python encoder: 0.8 s for 3,822 units)."""
    head = json.dumps({k: v for k, v in data.items() if k != "units"}, ensure_ascii=False)[:-1]
    units = ",\n  ".join(json.dumps(u, ensure_ascii=False) for u in data["units"])
    return f'{head}, "units": [\n  {units}\n]}}' if units else f'{head}, "units": []}}'


class Command(BaseCommand):
    # Start fast (issue 14): the system checks import every view; `xingping check` runs them.
    requires_system_checks = []
    help = "Print the target figures (C4) of every unit as JSON or CSV."

    def add_arguments(self, parser):
        parser.add_argument("--campaign", required=True)
        parser.add_argument("--as-of", dest="as_of", help="YYYY-MM-DD (default: today)")
        parser.add_argument("--unit", help="only this unit and the units below it")
        parser.add_argument("--format", choices=["json", "csv"], default="json")

    def handle(self, campaign, as_of=None, unit=None, format="json", **options):
        from xingping.orgs.models import OrgUnit

        campaign_obj = campaign_arg(campaign)
        day = date_arg(as_of)
        unit_obj = unit_arg(unit)
        units = OrgUnit.objects.evaluated().filter(path__startswith=unit_obj.path) if unit_obj else None
        with replica_reads():  # figures may lag the primary by a moment: read them from a replica if there is one
            data = compute(campaign_obj, as_of=day, units=units)
        if format == "json":
            self.stdout.write(as_json(data))
            return
        writer = csv.writer(self.stdout, lineterminator="\n")
        writer.writerow(CSV_HEADER)
        for u in data["units"]:
            for key, f in u["metrics"].items():
                row = [u["code"], u["name"], u["level"], key] + [_cell(f[k]) for k in CSV_HEADER[4:]]
                writer.writerow([neutralise_csv(c) for c in row])  # a unit name is never run as a formula
