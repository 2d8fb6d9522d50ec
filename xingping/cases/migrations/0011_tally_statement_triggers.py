"""The case tallies' triggers again: on PostgreSQL they are statement triggers over the
transition tables now (core/triggers.py `install_tally_triggers`); SQLite's are unchanged."""

from django.db import migrations

from xingping.cases import tally


def reinstall(apps, schema_editor):
    tally.uninstall(schema_editor.connection)
    tally.install(schema_editor.connection)


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0010_case_tally'),
    ]

    operations = [
        migrations.RunPython(reinstall, reinstall),
    ]
