"""The import machinery, built once (C2, C3). A kind only declares its columns.

    class EntityImport(Importer):
        kind = "entities"
        model = MarketEntity
        columns = [Column("uscc", "统一社会信用代码", parse=parse_uscc), ...]
        key = ("uscc",)

        def prepare(self): ...            # preload lookups (dicts), once
        def build(self, values): ...      # cleaned dict -> model instance, or RowError
        def export_queryset(self, unit): ...
        def export_row(self, obj): ...    # same columns, in order

Rules: the whole file is validated; every bad row is reported as
`row N, column C: message`; if any row is bad nothing is written (one transaction, rolled
back). Rows are written in batches with a bulk upsert on the natural key, so re-importing
the same file changes nothing. A key repeated inside one file is an error.
"""

from dataclasses import dataclass, field

from django.db import connection, transaction
from django.utils.translation import gettext as _

from xingping.core import forked, tabular
from xingping.core.dates import parse_import_date
from xingping.core.seen import SeenKeys
from xingping.core.text import clean_text

BATCH_SIZE = 2000
PROGRESS_EVERY = 10000  # rows between two progress reports
MAX_REPORTED_ERRORS = 1000


class RowError(Exception):
    def __init__(self, column, message):
        super().__init__(message)
        self.column = column
        self.message = message


@dataclass
class Column:
    name: str
    aliases: tuple = ()
    required: bool = True
    parse: object = None  # callable(str) -> value; raises ValueError(message)
    help: str = ""
    multiline: bool = False  # tab and line breaks kept (else each run becomes one space)

    def __init__(self, name, *aliases, required=True, parse=None, help="", multiline=False):
        self.name, self.aliases, self.required, self.parse, self.help = name, aliases, required, parse, help
        self.multiline = multiline

    @property
    def label(self):
        """The column's name for people on a page: its Chinese header in a Chinese page (the
        first alias in Chinese), else the header code the file uses (`uscc`)."""
        from django.utils import translation

        if (translation.get_language() or "").startswith("zh"):
            chinese = next((a for a in self.aliases if any("\u4e00" <= ch <= "\u9fff" for ch in a)), None)
            if chinese:
                return chinese
        return self.name


@dataclass
class ImportResult:
    kind: str
    label: str = ""  # what the people importing call the kind (e.g. 市场主体); the code if none
    rows: int = 0
    created: int = 0
    existing: int = 0
    errors: list = field(default_factory=list)  # (row, column, message)
    error_count: int = 0

    @property
    def ok(self):
        return self.error_count == 0

    def summary(self):
        kind = self.label or self.kind
        if self.ok:
            return _("%(kind)s: %(rows)d rows imported (%(created)d new, %(existing)d existing).") % {
                "kind": kind, "rows": self.rows, "created": self.created, "existing": self.existing}
        return _("%(kind)s: %(count)d errors in %(rows)d rows; nothing was imported.") % {
            "kind": kind, "count": self.error_count, "rows": self.rows}

    def error_lines(self):
        return [f"row {r}, column {c}: {m}" for r, c, m in self.errors]


class ImportFailed(Exception):
    def __init__(self, result):
        super().__init__(result.summary())
        self.result = result


# ------------------------------------------------------------- parsers

def parse_text(max_length=None):
    def parse(value):
        if max_length and len(value) > max_length:
            raise ValueError(_("longer than %(n)d characters") % {"n": max_length})
        return value

    return parse


def parse_date(value):
    """Strict (core.dates): `2026-01-15garbage` or `2026-02-30` is refused, not cut short."""
    if value == "":
        return None
    try:
        return parse_import_date(value)
    except ValueError:
        raise ValueError(_("not a date YYYY-MM-DD: %(v)r") % {"v": value}) from None


def parse_choice(choices):
    """Accept the code or its Chinese/English label."""
    lookup = {}
    codes = ", ".join(dict.fromkeys(str(c) for c, _l in choices))  # each code once, even with several labels
    for code, label in choices:
        lookup[str(code).lower()] = code
        lookup[str(label).lower()] = code

    def parse(value):
        code = lookup.get(value.lower())
        if code is None:
            raise ValueError(
                _("%(v)r is not one of %(choices)s") % {"v": value, "choices": codes}
            )
        return code

    return parse


def parse_flag(value):
    v = value.strip().lower()
    if v in ("1", "true", "yes", "y", "是"):
        return True
    if v in ("0", "false", "no", "n", "否"):
        return False
    if v == "":
        return None
    raise ValueError(_("%(v)r is not 1 or 0") % {"v": value})


# ------------------------------------------------------------- importer

class Importer:
    kind = ""
    label = ""  # the kind's name for people (gettext_lazy); the summary uses it
    model = None
    columns: list = []
    key: tuple = ()
    update_fields: tuple = ()  # model fields an upsert updates on a key conflict
    batch_size = BATCH_SIZE
    # Read and check the file in a forked child while this process writes (core.forked): only
    # for a kind whose `build` keeps nothing the parent needs afterwards (its state stays in the child).
    parse_apart = False
    # Attributes `prepare` loads for `build` alone. When the file is read in a forked child, the
    # parent lets them go once the child has its copy: a lookup of a million entities is then
    # held by one process, not by both (the child's reads of it copy its pages anyway).
    child_lookups: tuple = ()

    def __init__(self, *, actor=None, campaign=None, progress=None):
        self.actor = actor
        self.campaign = campaign
        self.progress = progress  # callable(rows_done) or None

    # -- hooks
    def prepare(self):
        """Load lookups once (dicts keyed by code), before the first row."""

    def build(self, values, row_number):
        """Turn parsed values into a model instance; raise RowError for bad data."""
        return self.model(**values)

    def write(self, objs):
        if not objs:
            return
        update = list(self.update_fields)  # each kind names the fields an upsert may change
        self.model.objects.bulk_create(
            objs, batch_size=self.batch_size, update_conflicts=True, unique_fields=list(self.key), update_fields=update
        )

    def final_checks(self):
        """Whole-file checks after every row was read: a list of (row, column, message)."""
        return []

    def finish(self):
        """After the last batch, still inside the transaction."""

    def export_queryset(self, unit=None):
        raise NotImplementedError

    def export_row(self, obj):
        raise NotImplementedError

    # -- machinery
    @property
    def header(self):
        return [c.name for c in self.columns]

    def _map_header(self, header):
        index = {}
        names = {h.strip().lower(): i for i, h in enumerate(header)}
        missing = []
        for col in self.columns:
            for candidate in (col.name, *col.aliases):
                if candidate.lower() in names:
                    index[col.name] = names[candidate.lower()]
                    break
            else:
                if col.required:
                    missing.append(col.name)
        return index, missing

    def seen_key(self, values):
        """What makes a row the duplicate of an earlier one: the natural key's values. A kind
        may return an integer below 2^63 that is equal exactly when these are: a million keys
        are held until the end of the file, and such keys take 24 bytes each (core.seen)."""
        return values.get(self.key[0]) if len(self.key) == 1 else tuple(values.get(k) for k in self.key)

    def row_key(self, obj):
        return tuple(getattr(obj, k if not hasattr(obj, k + "_id") else k + "_id") for k in self.key)

    def count(self):
        return self.model.objects.count()

    def run(self, path):
        """Import `path`; return ImportResult or raise ImportFailed (nothing written)."""
        result = ImportResult(kind=self.kind, label=str(self.label))
        rows = tabular.read_rows(path)
        try:
            _n, header = next(rows)
        except StopIteration:
            raise ImportFailed(self._fail(result, 1, "-", _("the file is empty")))
        index, missing = self._map_header(header)
        if missing:
            for name in missing:
                self._error(result, 1, name, _("missing column"))
            raise ImportFailed(result)

        plan = [(col, index.get(col.name)) for col in self.columns]  # each column's cell position, or None
        self.prepare()
        before = self.count()
        with transaction.atomic():
            reported = 0
            for batch, read in self.parsed(rows, plan, result):
                self.write(batch)
                if self.progress and read // PROGRESS_EVERY > reported:
                    reported = read // PROGRESS_EVERY
                    self.progress(read)
            for error in self.final_checks():
                self._error(result, *error)
            if result.error_count:
                raise ImportFailed(result)
            self.finish()
            after = self.count()
            result.created = max(after - before, 0)
            result.existing = result.rows - result.created
            self.audit(result, path)
        if self.progress:
            self.progress(result.rows)
        return result

    def parsed(self, rows, plan, result):
        """Yield (batch of built rows, rows read so far) while `result` counts the rows and
        their errors; in a forked child (`core.forked`) when `parse_apart` says so, so that
        reading and checking the file overlaps the parent's writing."""
        if not (self.parse_apart and forked.available()):
            yield from self._parse(rows, plan, result)
            return
        counts = yield from forked.iterate(lambda: self._parse(rows, plan, result),
                                           final=lambda: (result.rows, result.error_count, result.errors),
                                           started=self._drop_child_lookups)
        result.rows, result.error_count, result.errors = counts

    def _drop_child_lookups(self):
        for name in self.child_lookups:
            self.__dict__.pop(name, None)

    def _parse(self, rows, plan, result):
        """Batches of built rows, none once a row is bad (the rest is still read, for its
        errors); an empty batch now and then, to report progress."""
        seen = SeenKeys()
        batch = []
        for number, cells in rows:
            if not any(cells):
                continue
            result.rows += 1
            obj = self._build_row(result, number, cells, plan, seen)
            if obj is not None and result.error_count == 0:
                batch.append(obj)
                if len(batch) >= self.batch_size:
                    yield batch, result.rows
                    batch = []
            elif result.rows % PROGRESS_EVERY == 0:
                yield [], result.rows
        if result.error_count == 0:
            yield batch, result.rows

    def _build_row(self, result, number, cells, plan, seen):
        values, bad = {}, False
        width = len(cells)
        for col, i in plan:
            raw = cells[i] if i is not None and i < width else ""
            if not col.multiline:
                raw = clean_text(raw, multiline=False)  # read_rows already removed the other controls
            if raw == "" and col.required:
                self._error(result, number, col.name, _("required"))
                bad = True
                continue
            try:
                values[col.name] = col.parse(raw) if col.parse else raw
            except ValueError as exc:
                self._error(result, number, col.name, str(exc))
                bad = True
        if bad:
            return None
        key = self.seen_key(values)
        first = seen.first(key, number)
        if first is not None:
            self._error(result, number, self.key[0], _("duplicate of row %(row)d") % {"row": first})
            return None
        try:
            return self.build(values, number)
        except RowError as exc:
            self._error(result, number, exc.column, exc.message)
            return None

    def _error(self, result, row, column, message):
        result.error_count += 1
        if len(result.errors) < MAX_REPORTED_ERRORS:
            result.errors.append((row, column, message))

    def _fail(self, result, row, column, message):
        self._error(result, row, column, message)
        return result

    def audit(self, result, path):
        from xingping.core.models import AuditEvent

        AuditEvent.objects.create(
            actor=self.actor if getattr(self.actor, "pk", None) else None,
            actor_name=getattr(self.actor, "username", "") or "cli",
            action="import",
            object_type=f"import.{self.kind}",
            object_id="-",
            object_repr=str(path)[-200:],
            new={"rows": result.rows, "created": result.created, "existing": result.existing},
        )


def database_is_sqlite():
    return connection.vendor == "sqlite"
