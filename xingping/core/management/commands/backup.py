"""`xingping backup -o FILE` (C11): one tar archive with a consistent online copy of the
database, the uploaded files and manifest.json (row counts, checksums, audit chain head)."""

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS
from django.utils.translation import gettext as _

from xingping.core import audit, backup
from xingping.core.management.commands.audit import cli_actor


class Command(BaseCommand):
    # Start fast (issue 14): the system checks import every view; `xingping check` runs them.
    requires_system_checks = []
    help = "Back up the database and the uploaded files into one archive."

    def add_arguments(self, parser):
        parser.add_argument("-o", "--output", required=True, help="archive to write (tar)")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, output, database=DEFAULT_DB_ALIAS, **options):
        try:
            manifest = backup.backup(output, using=database)
        except (backup.BackupError, OSError) as exc:
            raise CommandError(_("Backup failed: %(error)s") % {"error": exc})
        audit.record_event(
            actor=cli_actor(), action="backup", note=f"xingping backup -o {output}", object_type="backup",
            object_repr=str(output)[:200],
            new={"file": str(output), "tables": len(manifest["tables"]), "audit_chain_head": manifest["audit_chain_head"]},
            using=database,
        )
        self.stdout.write(
            _("Backup written to %(file)s: %(tables)d tables, %(files)d files, audit chain head %(head)s.")
            % {"file": output, "tables": len(manifest["tables"]), "files": len(manifest["files"]) - 1,
               "head": manifest["audit_chain_head"][:12] or "-"}
        )
