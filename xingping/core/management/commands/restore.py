"""`xingping restore FILE [--force]` (C11): restore a backup into the configured database,
which must be empty (`--force` replaces it). Checksums are verified before anything is
touched, row counts and the audit chain after; any failure exits non-zero with the database
and the uploaded files unchanged."""

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS
from django.utils.translation import gettext as _

from xingping.core import backup


class Command(BaseCommand):
    # Start fast (issue 14): the system checks import every view; `xingping check` runs them.
    requires_system_checks = []
    help = "Restore a backup made by `xingping backup` into the configured (empty) database."

    def add_arguments(self, parser):
        parser.add_argument("archive")
        parser.add_argument("--force", action="store_true", help="replace a database that is not empty")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, archive, force=False, database=DEFAULT_DB_ALIAS, **options):
        try:
            manifest = backup.restore(archive, using=database, force=force)
        except backup.BackupError as exc:
            raise CommandError(_("Restore refused, nothing was changed: %(error)s") % {"error": exc})
        except OSError as exc:
            raise CommandError(_("Restore failed: %(error)s") % {"error": exc})
        self.stdout.write(
            _("Restored %(file)s (made %(created)s): %(tables)d tables checked, audit chain intact.")
            % {"file": archive, "created": manifest["created_at"], "tables": len(manifest["tables"])}
        )
