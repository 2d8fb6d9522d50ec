"""`xingping import KIND FILE [--campaign SLUG]` (C2): all or nothing, row-level errors."""

import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from xingping.core.commands import campaign_arg
from xingping.core.imports import ImportFailed
from xingping.core.registry import importers
from xingping.core.tabular import TabularError


class Command(BaseCommand):
    # Start fast (issue 14): the system checks import every view; `xingping check` runs them.
    requires_system_checks = []
    help = "Import a CSV or XLSX file of KIND (all or nothing)."

    def add_arguments(self, parser):
        parser.add_argument("kind", help="one of: " + ", ".join(sorted(importers())))
        parser.add_argument("file")
        parser.add_argument("--campaign", help="campaign slug, for kinds that belong to a campaign")

    def handle(self, kind, file, campaign=None, **options):
        translation.activate(settings.LANGUAGE_CODE)  # messages on stderr in Chinese (zh-hans)
        registry = importers()
        if kind not in registry:
            raise CommandError(f"unknown kind {kind!r}; choose from {', '.join(sorted(registry))}")
        campaign_obj = campaign_arg(campaign)
        progress = None
        if sys.stderr.isatty():
            def progress(n):
                sys.stderr.write(f"\r{n:,} rows…")
                sys.stderr.flush()
        importer = registry[kind](campaign=campaign_obj, progress=progress)
        try:
            result = importer.run(file)
        except FileNotFoundError:
            raise CommandError(f"no such file: {file}")
        except TabularError as exc:
            self.stderr.write(f"row {exc.row}, column -: {exc}")
            sys.exit(1)
        except ImportFailed as exc:
            if progress:
                sys.stderr.write("\n")
            for line in exc.result.error_lines():
                self.stderr.write(line)
            if exc.result.error_count > len(exc.result.errors):
                self.stderr.write(f"… {exc.result.error_count - len(exc.result.errors)} more errors")
            self.stderr.write(exc.result.summary())
            sys.exit(1)
        if progress:
            sys.stderr.write("\n")
        self.stdout.write(result.summary())
