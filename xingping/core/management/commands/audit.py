"""`xingping audit verify` (C11) and `xingping audit purge --before DATE`.

verify: walks the hash chain; exit 0 when intact, 1 naming the first row changed,
inserted or removed outside the app. purge: deletes rows older than DATE when DATE is
outside the retention window (XINGPING_AUDIT_RETENTION_DAYS, at least 180 days), after
appending a checkpoint row, so verify still passes; the purge is itself audited."""

import datetime
import getpass

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections
from django.utils.translation import gettext as _

from xingping.core import audit_chain, audit_sql


def cli_actor() -> str:
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli"


class Command(BaseCommand):
    # Start fast (issue 14): the system checks import every view; `xingping check` runs them.
    requires_system_checks = []
    help = "Verify the audit log's hash chain, or purge rows older than the retention window."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True)
        verify = sub.add_parser("verify", help="check the hash chain (exit 1 at the first broken row)")
        verify.add_argument("--database", default=DEFAULT_DB_ALIAS)
        purge = sub.add_parser("purge", help="delete rows older than DATE (outside retention)")
        purge.add_argument("--before", required=True, help="YYYY-MM-DD")
        purge.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, subcommand, database=DEFAULT_DB_ALIAS, **options):
        if subcommand == "verify":
            return self.verify(database)
        return self.purge(database, options["before"])

    def verify(self, database):
        connection = connections[database]
        missing = audit_sql.missing(connection)
        if missing:
            self.stderr.write(
                _("Warning: the audit log's append-only triggers are missing (%(names)s); run `xingping migrate`.")
                % {"names": ", ".join(missing)}
            )
        count, finding = audit_chain.verify(database)
        if finding is None:
            self.stdout.write(_("Audit chain intact: %(count)d rows checked.") % {"count": count})
            return
        if finding.kind == "changed":
            message = _("Audit row #%(id)s was changed outside the app (its hash does not match).")
        elif finding.kind == "inserted":
            message = _("Audit row #%(id)s was inserted outside the app (it is not in the chain).")
        elif finding.detail:
            message = _("Audit rows were removed outside the app between #%(after)s and #%(id)s.")
        else:
            message = _("Audit rows were removed outside the app before #%(id)s (no purge checkpoint covers them).")
        raise CommandError(message % {"id": finding.event_id, "after": finding.detail.lstrip("#")}, returncode=1)

    def purge(self, database, before):
        try:
            before_date = datetime.date.fromisoformat(before)
        except ValueError:
            raise CommandError(_("--before must be a date YYYY-MM-DD, got %(value)r.") % {"value": before}, returncode=2)
        latest = audit_chain.earliest_purgeable()
        if before_date > latest:
            raise CommandError(
                _(
                    "Refused: rows from the last %(days)d days are kept (retention, Cybersecurity Law art. 21); "
                    "--before may be %(latest)s at the latest."
                )
                % {"days": audit_chain.retention_days(), "latest": latest.isoformat()},
                returncode=2,
            )
        count = audit_chain.purge(actor=cli_actor(), before=before_date, using=database)
        self.stdout.write(
            _("Purged %(count)d audit rows older than %(date)s; a checkpoint row keeps the chain verifiable.")
            % {"count": count, "date": before_date.isoformat()}
        )
