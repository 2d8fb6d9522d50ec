"""The coverage and return-visit tallies gain a total row per key (span "t", core/triggers.py
`add_to_tally(totals=True)`): the triggers are made anew with the new statements and both
tallies recounted."""

from django.db import migrations

from xingping.outreach import coverage_tally, return_tally


def recount(apps, schema_editor):
    connection = schema_editor.connection
    for module in (coverage_tally, return_tally):
        module.uninstall(connection)  # SQLite's CREATE TRIGGER IF NOT EXISTS would keep the old bodies
        module.install(connection)
        module.rebuild(connection)


class Migration(migrations.Migration):

    dependencies = [
        ("outreach", "0008_return_visit_tally"),
    ]

    operations = [
        migrations.RunPython(recount, migrations.RunPython.noop),
    ]
