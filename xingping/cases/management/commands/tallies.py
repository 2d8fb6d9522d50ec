"""`xingping tallies check|rebuild`: the case figures' maintained tallies (cases/tally.py).

`check` says whether the triggers are in place and whether the tallies equal a fresh count of
the cases (exit 1 otherwise); `rebuild` recomputes them in one transaction (after restoring a
dump taken without triggers, for instance)."""

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections, transaction

from xingping.cases import tally
from xingping.cases.models import CaseTally


def _rows(using):
    return sorted(CaseTally.objects.using(using).exclude(n=0).values_list(
        "via", "unit_id", "kind", "named", "year", "measure", "span", "day", "n"))


class Command(BaseCommand):
    help = "Check or rebuild the case figures' tallies."
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["check", "rebuild"])
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, action, database=DEFAULT_DB_ALIAS, **options):
        connection = connections[database]
        if action == "rebuild":
            tally.install(connection)
            rows = tally.rebuild(connection)
            self.stdout.write(f"tallies rebuilt: {rows} rows")
            return
        missing = tally.missing(connection)
        if missing:
            raise CommandError(f"tally triggers missing: {', '.join(missing)} — run `xingping tallies rebuild`")
        with transaction.atomic(using=database):
            kept = _rows(database)
            tally.rebuild(connection)
            fresh = _rows(database)
            transaction.set_rollback(True, using=database)
        if kept != fresh:
            raise CommandError(f"tallies differ from the cases ({len(kept)} rows kept, {len(fresh)} counted) "
                               f"— run `xingping tallies rebuild`")
        self.stdout.write(f"tallies ok: {len(kept)} rows equal a fresh count of the cases")
