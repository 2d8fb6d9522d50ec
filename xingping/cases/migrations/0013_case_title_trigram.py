"""On PostgreSQL a trigram index on the case title (pg_trgm, GIN), so that a subject search
(`title LIKE '%…%'`, Chinese included) reads the matching cases instead of every open case's
title: the count of a title search with a status filter over 200,000 cases 13.9 ms -> 2.5 ms.
pg_trgm ships with PostgreSQL and is a trusted extension: the database's owner may create it
(docs/production.md). SQLite has no such index; its search reads the lists' index
(`case_next_due_title`)."""

from django.db import migrations

INDEX = "case_title_trgm"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {INDEX} ON cases_case USING gin (title gin_trgm_ops)")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0012_case_list_index_holds_title'),
    ]

    operations = [
        migrations.RunPython(create, drop),
    ]
