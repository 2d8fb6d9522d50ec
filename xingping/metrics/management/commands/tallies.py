"""`xingping tallies check|rebuild`: the figures' tallies maintained on write — the case figures'
(cases/tally.py), the registry's entities per unit (entities/tally.py), visit coverage's
first visits and tally (outreach/coverage_tally.py) and the return visits' pairs and tally
(outreach/return_tally.py).

`check` says whether the triggers are in place and whether every tally equals a fresh count of
its source rows (exit 1 otherwise); `rebuild` recomputes them all in one transaction (after
restoring a dump taken without triggers, for instance)."""

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections, transaction

from xingping.campaigns.models import Campaign
from xingping.cases import tally as case_tally
from xingping.entities import tally as entity_tally
from xingping.outreach import coverage_tally, return_tally

# Each module installs its triggers, says which are missing, rebuilds, and lists its kept rows.
TALLIES = {"cases": case_tally, "entities": entity_tally, "coverage": coverage_tally, "returns": return_tally}
RULED = (coverage_tally, return_tally)  # tallies that copy each campaign's rules (`sync`, `current`)


def _snapshot(using):
    return {name: module.rows(using) for name, module in TALLIES.items()}


def _rebuild(connection):
    with transaction.atomic(using=connection.alias):
        for campaign in Campaign.objects.using(connection.alias):
            for module in RULED:
                module.sync(campaign, connection)  # the rules first: the tallies read them
        return {name: module.rebuild(connection) for name, module in TALLIES.items()}


class Command(BaseCommand):
    help = "Check or rebuild the figures' tallies."
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["check", "rebuild"])
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, action, database=DEFAULT_DB_ALIAS, **options):
        connection = connections[database]
        if action == "rebuild":
            for module in TALLIES.values():
                module.install(connection)
            counts = _rebuild(connection)
            self.stdout.write("tallies rebuilt: " + ", ".join(f"{name} {n} rows" for name, n in counts.items()))
            return
        missing = [name for module in TALLIES.values() for name in module.missing(connection)]
        if missing:
            raise CommandError(f"tally triggers missing: {', '.join(missing)} — run `xingping tallies rebuild`")
        stale = [c.slug for c in Campaign.objects.using(database)
                 if any(module.kept_rules(c, database) != module.wanted_rules(c) for module in RULED)]
        if stale:
            raise CommandError(f"visit coverage or return visit rules differ from campaign(s) {', '.join(stale)} "
                               f"— run `xingping tallies rebuild`")
        with transaction.atomic(using=database):
            kept = _snapshot(database)
            _rebuild(connection)
            fresh = _snapshot(database)
            transaction.set_rollback(True, using=database)
        differ = [name for name in kept if kept[name] != fresh[name]]
        if differ:
            raise CommandError(f"tallies differ from a fresh count ({', '.join(differ)}) — run `xingping tallies rebuild`")
        self.stdout.write(f"tallies ok: {len(kept['cases'])} case, {len(kept['entities'])} entity, "
                          f"{len(kept['coverage']['tally'])} coverage and {len(kept['returns']['tally'])} return visit "
                          f"rows equal a fresh count")
