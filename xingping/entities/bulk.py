"""A raw bulk upsert for the large imports (entities, penalties, visits).

`Model.objects.bulk_create(update_conflicts=True)` builds a model instance per row; at a
million rows that alone costs more than the database work, and SQLite's
`INSERT … ON CONFLICT DO UPDATE` is three times slower than a plain INSERT when foreign
keys are enforced. So importers here build plain tuples, and each batch is written as:
one SELECT of the rows that already exist (by the first key column), a plain
`executemany` INSERT of the new rows, and an `executemany` UPDATE of the rows whose values
changed. Portable SQL (SQLite and PostgreSQL); the importer's transaction makes it atomic.
"""

from django.db import connection


def tune_connection():
    """A larger SQLite page cache for this connection while a big import runs: index
    maintenance of a million random keys otherwise thrashes the default 2 MB cache."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA cache_size = -131072")  # 128 MB


def _q(name):
    return connection.ops.quote_name(name)


class BatchWriter:
    def __init__(self, table, columns, key, update):
        self.table, self.columns, self.key, self.update = table, tuple(columns), tuple(key), tuple(update)
        self.key_index = [self.columns.index(c) for c in self.key]
        self.update_index = [self.columns.index(c) for c in self.update]
        t = _q(table)
        self.insert_sql = "INSERT INTO %s (%s) VALUES (%s)" % (
            t, ", ".join(_q(c) for c in self.columns), ", ".join(["%s"] * len(self.columns)))
        self.update_sql = "UPDATE %s SET %s WHERE %s" % (
            t, ", ".join(f"{_q(c)} = %s" for c in self.update), " AND ".join(f"{_q(c)} = %s" for c in self.key))
        self.select_cols = ", ".join(_q(c) for c in self.key + self.update)

    @staticmethod
    def _plain(values):
        return tuple("" if v is None else str(v) for v in values)

    def existing(self, cursor, rows):
        """{plain key: plain update values} for the rows of `rows` already stored."""
        first = self.key_index[0]
        firsts = list({r[first] for r in rows})
        found = {}
        nk = len(self.key)
        for start in range(0, len(firsts), 900):
            chunk = firsts[start:start + 900]
            cursor.execute(
                "SELECT %s FROM %s WHERE %s IN (%s)" % (self.select_cols, _q(self.table), _q(self.key[0]),
                                                       ", ".join(["%s"] * len(chunk))), chunk)
            for rec in cursor.fetchall():
                plain = self._plain(rec)
                found[plain[:nk]] = plain[nk:]
        return found

    def write(self, rows, fresh=False):
        """Write a batch; `fresh` means the table was empty when the import began (and the
        importer refuses keys repeated in the file), so every row is new."""
        if not rows:
            return
        with connection.cursor() as cursor:
            if fresh:
                cursor.executemany(self.insert_sql, rows)
                return
            found = self.existing(cursor, rows)
            inserts, updates = [], []
            for row in rows:
                key = self._plain([row[i] for i in self.key_index])
                old = found.get(key)
                if old is None:
                    inserts.append(row)
                    continue
                new = [row[i] for i in self.update_index]
                if self._plain(new) != old:
                    updates.append(new + [row[i] for i in self.key_index])
            if inserts:
                cursor.executemany(self.insert_sql, inserts)
            if updates and self.update:
                cursor.executemany(self.update_sql, updates)
