"""Import/export kinds `entities` and `penalties` (C2, C3).

Rows become plain tuples (no model instances), built in a forked child while this process
writes the previous batch (`core.forked`), and are written with one prepared upsert or COPY
per batch (`entities.bulk`), so that a million-row file imports close to the bare driver's
speed within a few hundred megabytes.
"""

import gc

from django.db import connection
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from xingping.accounts.models import User
from xingping.core import snapshots
from xingping.core.imports import Column, Importer, RowError, parse_choice, parse_date, parse_text
from xingping.core.registry import register_importer
from xingping.entities import bulk, tally as entity_tally
from xingping.entities import uscc as uscc_rules
from xingping.entities.lookup import registry_ids
from xingping.entities.models import EntityKind, EntityStatus, MarketEntity, Penalty
from xingping.orgs.models import OrgUnit

USCC_ALIASES = ("统一社会信用代码", "信用代码", "社会信用代码")


def parse_uscc(value):
    value = value.strip().upper()
    message = uscc_rules.problem(value)
    if message:
        raise ValueError(message)
    return value


class FastImporter(Importer):
    """Builds tuples in `build`, writes them with one prepared upsert per batch."""

    table_columns: tuple = ()  # database columns of the tuples `build` returns
    conflict: tuple = ()  # database columns of the natural key
    update_columns: tuple = ()  # what a re-import may change
    batch_size = 5000
    parse_apart = True  # `build` only looks up what `prepare` loaded

    # A tally kept by row triggers on the table (a module with `suspend_inserts` and
    # `recount_after_load`): on SQLite a load into an empty table sets its insert trigger aside and
    # counts the loaded rows once at the end, in the import's transaction (PostgreSQL's statement
    # triggers already add a whole merge at once).
    tally = None

    def write(self, objs):
        if not objs:
            return
        if getattr(self, "_writer", None) is None:
            self._writer = bulk.BatchWriter(self.model._meta.db_table, self.table_columns, self.conflict, self.update_columns)
            self._recount = bool(self.tally and self._fresh and connection.vendor == "sqlite")
            if self._recount:
                self.tally.suspend_inserts(connection)  # inside the import's transaction: a failure restores it
        self._writer.write(objs, fresh=self._fresh)

    def count(self):
        n = super().count()
        if not hasattr(self, "_fresh"):
            self._fresh = n == 0  # the first count is taken before the first row is written
            bulk.tune_connection()
        return n

    def run(self, path):
        # A million rows make millions of small tuples (and the importer's dict of seen
        # keys): Python's cyclic GC would rescan them again and again. Nothing here makes
        # reference cycles, so it is paused for the import.
        enabled = gc.isenabled()
        gc.disable()
        try:
            return super().run(path)
        finally:
            if enabled:
                gc.enable()

    def finish(self):
        from django.db import transaction

        if getattr(self, "_writer", None) is not None:
            self._writer.close()
            if self._recount:
                self.tally.recount_after_load(connection)

        transaction.on_commit(snapshots.bump_figures)

    def unit_ids(self):
        return dict(OrgUnit.objects.values_list("code", "pk"))

    def unit_lookup(self, code, column="unit_code"):
        unit_id = self.units.get(code)
        if unit_id is None:
            raise RowError(column, _("unknown unit %(v)r") % {"v": code})
        return unit_id


@register_importer
class EntityImport(FastImporter):
    kind = "entities"
    label = gettext_lazy("Market entities")
    model = MarketEntity
    key = ("uscc",)
    columns = [
        Column("uscc", *USCC_ALIASES, parse=parse_uscc),
        Column("name", "名称", "主体名称", "企业名称", parse=parse_text(200)),
        Column("kind", "类型", "主体类型", parse=parse_choice(EntityKind.choices + [("enterprise", "企业"), ("individual", "个体工商户"), ("individual", "个体")])),
        Column("status", "状态", "登记状态", parse=parse_choice(EntityStatus.choices + [("active", "存续"), ("active", "在业"), ("deregistered", "注销"), ("revoked", "吊销")])),
        Column("unit_code", "监管单位代码", "单位代码"),
        Column("responsible", "包保责任人", "责任人", required=False),
        Column("registered_on", "成立日期", "登记日期", required=False, parse=parse_date),
    ]
    tally = entity_tally
    table_columns = ("uscc", "name", "kind", "status", "unit_id", "responsible_id", "registered_on")
    conflict = ("uscc",)
    update_columns = ("name", "kind", "status", "unit_id", "responsible_id", "registered_on")
    child_lookups = ("units", "staff")

    def prepare(self):
        self.units = self.unit_ids()
        self.staff = dict(User.objects.values_list("username", "pk"))

    def build(self, values, row_number):
        unit_id = self.unit_lookup(values["unit_code"])
        responsible_id = None
        if values["responsible"]:
            responsible_id = self.staff.get(values["responsible"])
            if responsible_id is None:
                raise RowError("responsible", _("unknown staff member %(v)r") % {"v": values["responsible"]})
        return (values["uscc"], values["name"], values["kind"], values["status"], unit_id, responsible_id,
                values["registered_on"])

    def export_queryset(self, unit=None):
        qs = MarketEntity.objects.order_by("uscc")
        if unit is not None:
            qs = qs.filter(unit__path__startswith=unit.path)
        return qs.values_list("uscc", "name", "kind", "status", "unit__code", "responsible__username", "registered_on")

    def export_row(self, row):
        uscc, name, kind, status, unit_code, responsible, registered_on = row
        return [uscc, name, kind, status, unit_code, responsible or "", registered_on.isoformat() if registered_on else ""]


@register_importer
class PenaltyImport(FastImporter):
    kind = "penalties"
    label = gettext_lazy("Penalties")
    model = Penalty
    key = ("case_no",)
    columns = [
        Column("case_no", "案号", "处罚决定书文号", "决定书文号", parse=parse_text(60)),
        Column("uscc", *USCC_ALIASES, parse=parse_uscc),
        Column("unit_code", "作出处罚单位代码", "处罚单位代码", "单位代码"),
        Column("decided_on", "处罚日期", "决定日期", parse=parse_date),
    ]
    table_columns = ("case_no", "entity_id", "unit_id", "decided_on")
    conflict = ("case_no",)
    update_columns = ("entity_id", "unit_id", "decided_on")
    child_lookups = ("units", "entities")

    def prepare(self):
        self.units = self.unit_ids()
        self.entities = registry_ids()

    def build(self, values, row_number):
        entity_id = self.entities.get(values["uscc"])
        if entity_id is None:
            raise RowError("uscc", _("unknown market entity %(v)r") % {"v": values["uscc"]})
        unit_id = self.unit_lookup(values["unit_code"])
        return (values["case_no"], entity_id, unit_id, values["decided_on"])

    def export_queryset(self, unit=None):
        qs = Penalty.objects.order_by("case_no")
        if unit is not None:
            qs = qs.filter(unit__path__startswith=unit.path)
        return qs.values_list("case_no", "entity__uscc", "unit__code", "decided_on")

    def export_row(self, row):
        case_no, uscc, unit_code, decided_on = row
        return [case_no, uscc, unit_code, decided_on.isoformat()]
