"""A raw bulk upsert for the large imports (entities, penalties, visits).

`Model.objects.bulk_create(update_conflicts=True)` builds a model instance per row; at a
million rows that alone costs more than the database work, and SQLite's
`INSERT … ON CONFLICT DO UPDATE` is three times slower than a plain INSERT when foreign
keys are enforced. So importers here build plain tuples, and each batch is written as:
one SELECT of the rows that already exist (by the first key column), a plain
`executemany` INSERT of the new rows, and an `executemany` UPDATE of the rows whose values
changed. The importer's transaction makes it atomic.

On PostgreSQL the rows stream through `COPY` (psycopg 3): into the table itself when it was
empty at the start (`fresh`), otherwise into a temporary staging table that one
`INSERT … SELECT … ON CONFLICT DO UPDATE … WHERE … IS DISTINCT FROM …` per batch merges.

Both write on the driver's own cursor of the importer's connection (no per-row work in
Django's cursor wrapper), inside the importer's transaction: all or nothing. The rows come
from a forked child that reads and checks the file meanwhile (`core.forked`).
"""

from django.db import connection


def tune_connection():
    """A larger SQLite page cache for this connection while a big import runs: index
    maintenance of a million random keys otherwise thrashes the default 2 MB cache."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA cache_size = -65536")  # 64 MB: the uscc index of a million rows (~40 MB) stays in memory


def _q(name):
    return connection.ops.quote_name(name)


class BatchWriter:
    """Writes an importer's batches on its connection and in its transaction, with the
    driver's own cursor (SQLite: `?` marks)."""

    def __init__(self, table, columns, key, update):
        self.table, self.columns, self.key, self.update = table, tuple(columns), tuple(key), tuple(update)
        self.key_index = [self.columns.index(c) for c in self.key]
        self.update_index = [self.columns.index(c) for c in self.update]
        self.copying = connection.vendor == "postgresql"
        t = _q(table)
        self.insert_sql = "INSERT INTO %s (%s) VALUES (%s)" % (
            t, ", ".join(_q(c) for c in self.columns), ", ".join(["?"] * len(self.columns)))
        self.update_sql = "UPDATE %s SET %s WHERE %s" % (
            t, ", ".join(f"{_q(c)} = ?" for c in self.update), " AND ".join(f"{_q(c)} = ?" for c in self.key))
        self.select_cols = ", ".join(_q(c) for c in self.key + self.update)
        self.stage = _q(f"xp_stage_{table}")
        self.column_list = ", ".join(_q(c) for c in self.columns)
        self.merge_sql = self._merge_sql()
        self._staged = False
        self._cursor = None

    @staticmethod
    def _plain(values):
        return tuple("" if v is None else str(v) for v in values)

    def existing(self, cursor, rows):
        """{plain key: plain update values} for the rows of `rows` already stored (SQLite)."""
        first = self.key_index[0]
        firsts = list({r[first] for r in rows})
        found = {}
        nk = len(self.key)
        for start in range(0, len(firsts), 900):
            chunk = firsts[start:start + 900]
            cursor.execute(
                "SELECT %s FROM %s WHERE %s IN (%s)" % (self.select_cols, _q(self.table), _q(self.key[0]),
                                                       ", ".join(["?"] * len(chunk))), chunk)
            for rec in cursor.fetchall():
                plain = self._plain(rec)
                found[plain[:nk]] = plain[nk:]
        return found

    def write(self, rows, fresh=False):
        """Store a batch; `fresh` means the table was empty when the import began (and the
        importer refuses keys repeated in the file), so every row is new."""
        if not rows:
            return
        if self._cursor is None:
            connection.ensure_connection()
            self._cursor = connection.connection.cursor()  # the driver's, in the importer's transaction
        with connection.wrap_database_errors:  # the driver's error as Django's, as a Django cursor raises it
            self.store(self._cursor, rows, fresh)

    def store(self, cursor, rows, fresh):
        """Write one batch on `cursor`, the driver's cursor of the importer's connection."""
        if self.copying:
            self._copy(cursor, rows, fresh)
            return
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

    # -- PostgreSQL: COPY
    def _copy(self, cursor, rows, fresh):
        cols = self.column_list
        if fresh:  # every row is new: straight into the table, as bare COPY does
            with cursor.copy(f"COPY {_q(self.table)} ({cols}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        if not self._staged:
            # ON COMMIT DROP: gone with the import's transaction; IF NOT EXISTS for a second
            # import in the same (uncommitted) transaction.
            cursor.execute(f"CREATE TEMP TABLE IF NOT EXISTS {self.stage} ON COMMIT DROP AS "
                           f"SELECT {cols} FROM {_q(self.table)} WITH NO DATA")
            self._staged = True
        cursor.execute(f"TRUNCATE {self.stage}")
        with cursor.copy(f"COPY {self.stage} ({cols}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        cursor.execute(self.merge_sql)

    def _merge_sql(self):
        """The staging table into the table, changing only the rows whose values differ."""
        t = _q(self.table)
        cols = self.column_list
        sql = f"INSERT INTO {t} ({cols}) SELECT {cols} FROM {self.stage}"
        conflict = ", ".join(_q(c) for c in self.key)
        if self.update:
            sets = ", ".join(f"{_q(c)} = EXCLUDED.{_q(c)}" for c in self.update)
            old = ", ".join(f"{t}.{_q(c)}" for c in self.update)
            new = ", ".join(f"EXCLUDED.{_q(c)}" for c in self.update)
            return sql + f" ON CONFLICT ({conflict}) DO UPDATE SET {sets} WHERE ({old}) IS DISTINCT FROM ({new})"
        return sql + f" ON CONFLICT ({conflict}) DO NOTHING"

    def close(self):
        """After the last batch (the importer's `finish`)."""
        if self._cursor is not None:
            self._cursor.close()
            self._cursor = None
