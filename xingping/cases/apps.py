from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _clear_tallies_left_by_a_flush(sender, using="default", **kwargs) -> None:
    """A flush (`manage.py flush`, the test runner after a transactional test) empties the tables
    one by one in no fixed order; on SQLite it deletes rows, so a case deleted after the tally
    table was emptied leaves a negative tally behind. Flush ends with post_migrate: when no case
    is left, no tally may be either."""
    from django.db import connections

    from . import tally

    connection = connections[using]
    if {"cases_case", tally.TABLE} - set(connection.introspection.table_names()):
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM cases_case LIMIT 1")
        if cursor.fetchone() is None:
            cursor.execute(f"DELETE FROM {tally.TABLE}")


class CasesConfig(AppConfig):
    name = "xingping.cases"
    label = "cases"
    verbose_name = _("Cases")  # 诉求办理

    def ready(self) -> None:
        post_migrate.connect(_clear_tallies_left_by_a_flush, sender=self, dispatch_uid="cases-clear-tallies")
