"""`xingping export KIND [--unit CODE] --format csv|xlsx [-o FILE]` (C2): the columns of
`import KIND`, so that an export imports back unchanged. CSV goes to stdout by default."""

import os
import sys

from django.core.management.base import BaseCommand, CommandError

from xingping.core import audit, tabular
from xingping.core.db_router import replica_reads
from xingping.core.commands import campaign_arg, unit_arg
from xingping.core.management.commands.audit import cli_actor
from xingping.core.registry import importers


class Command(BaseCommand):
    # Start fast (issue 14): the system checks import every view; `xingping check` runs them.
    requires_system_checks = []
    help = "Export KIND as CSV or XLSX with the same columns that import takes."

    def add_arguments(self, parser):
        parser.add_argument("kind")
        parser.add_argument("--unit", help="only this unit and the units below it")
        parser.add_argument("--format", choices=["csv", "xlsx"], required=True)
        parser.add_argument("-o", "--output")
        parser.add_argument("--campaign")

    def handle(self, kind, unit=None, format="csv", output=None, campaign=None, **options):
        registry = importers()
        if kind not in registry:
            raise CommandError(f"unknown kind {kind!r}; choose from {', '.join(sorted(registry))}")
        unit_obj = unit_arg(unit)
        campaign_obj = campaign_arg(campaign)
        importer = registry[kind](campaign=campaign_obj)
        counted = [0]

        def counting(objs):
            for obj in objs:
                counted[0] += 1
                yield importer.export_row(obj)

        rows = counting(importer.export_queryset(unit_obj).iterator(chunk_size=5000))
        if format == "xlsx" and not output:
            raise CommandError("--format xlsx needs -o FILE")
        try:
            with replica_reads():  # an export may lag the primary: a replica serves it when there is one
                self._write(kind, format, output, importer.header, rows, sheet_title=kind)
        finally:
            audit.record_event(
                actor=cli_actor(),
                action="export",
                note=f"xingping export {kind} --format {format}" + (f" --unit {unit}" if unit else ""),
                object_type="export",
                object_id=kind,
                object_repr=output or "stdout",
                unit=unit_obj,
                new={"kind": kind, "format": format, "rows": counted[0], "file": output or "stdout"},
            )

    def _write(self, kind, format, output, header, rows, sheet_title):
        importer_header = header
        if output:
            tabular.write_table(format, importer_header, rows, target=output, sheet_title=sheet_title)
        else:
            try:
                tabular.write_csv(self.stdout, importer_header, rows)
                self.stdout.flush()
            except BrokenPipeError:  # `xingping export … | head` is fine
                os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
