from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "xingping.core"
    label = "core"
    verbose_name = _("Core")  # 公共

    def ready(self):
        from django.db.models.signals import post_migrate

        from xingping.core import audit_chain, checks  # noqa: F401  (connection gate, checks)

        post_migrate.connect(_ensure_audit_triggers, sender=self)


def _ensure_audit_triggers(using="default", **kwargs):
    """A later migration that rebuilds the audit table on SQLite drops its triggers:
    put them back after every migrate (idempotent)."""
    from django.db import connections

    from xingping.core import audit_sql

    connection = connections[using]
    if "core_auditevent" in connection.introspection.table_names() and audit_sql.missing(connection):
        audit_sql.install(connection)
