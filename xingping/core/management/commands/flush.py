"""Django's `flush` (empty every table), with the audit log's gate open.

The audit table refuses DELETE (and TRUNCATE on PostgreSQL) unless the connection opened
the gate (core.audit_sql). Flushing wipes the whole database — the test suite does it
after every transactional test — so the audit table goes with the rest."""

from django.core.management.commands.flush import Command as FlushCommand
from django.db import DEFAULT_DB_ALIAS

from xingping.core.audit_chain import unlocked


class Command(FlushCommand):
    # Start fast (issue 14): the system checks import every view; `xingping check` runs them.
    requires_system_checks = []
    def handle(self, **options):
        with unlocked(options.get("database") or DEFAULT_DB_ALIAS):
            return super().handle(**options)
