"""Import/export kind `visits` (C2, C3): `uscc`, `visitor`, `visited_on`, `kind`, `method`.

The natural key is (entity, visitor, visited_on, kind); a re-import updates the method only.
The visiting unit is the visitor's unit, or its parent for a department's staff.
"""

from django.db.models import Case, F, When
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext, pgettext_lazy

from xingping.accounts.models import User
from xingping.core.imports import Column, RowError, parse_choice, parse_date
from xingping.core.registry import register_importer
from xingping.entities.imports import USCC_ALIASES, FastImporter, entity_ids, parse_uscc
from xingping.orgs.models import Level
from xingping.outreach.models import Method, Visit, VisitKind, new_confirm_code

KIND_CHOICES = VisitKind.choices + [("visit", "走访"), ("return", "回访")]
METHOD_CHOICES = Method.choices + [("onsite", "上门"), ("onsite", "实地"), ("phone", "电话"), ("letter", "信函"),
                                   ("email", "邮件"), ("email", "电子邮件")]


def staff_units():
    """username -> (user id, acting unit id) for every staff member with a unit."""
    rows = User.objects.filter(unit__isnull=False).annotate(
        acting=Case(When(unit__level=Level.DEPARTMENT, then=F("unit__parent_id")), default=F("unit_id"))
    ).values_list("username", "pk", "acting")
    return {username: (pk, acting) for username, pk, acting in rows}


@register_importer
class VisitImport(FastImporter):
    kind = "visits"
    label = pgettext_lazy("visit records", "Visits")
    model = Visit
    key = ("uscc", "visitor", "visited_on", "kind")
    columns = [
        Column("uscc", *USCC_ALIASES, parse=parse_uscc),
        Column("visitor", "走访人", "走访人账号", "回访人"),
        Column("visited_on", "走访日期", "日期", parse=parse_date),
        Column("kind", "类型", "走访类型", parse=parse_choice(KIND_CHOICES)),
        Column("method", "方式", "走访方式", parse=parse_choice(METHOD_CHOICES)),
    ]
    table_columns = ("entity_id", "visitor_id", "visited_on", "kind", "method", "unit_id", "opinions", "suggestions",
                     "verification", "entered_by_id", "entered_at", "entry_delay", "confirm_code")
    conflict = ("entity_id", "visitor_id", "visited_on", "kind")
    update_columns = ("method",)

    def prepare(self):
        self.entities = entity_ids()
        self.staff = staff_units()
        from django.db import connection

        # As the ORM would store it (SQLite: naive UTC text), so that raw writes compare equal.
        self.now = connection.ops.adapt_datetimefield_value(timezone.now())
        self.today = timezone.localdate()
        self.actor_id = getattr(self.actor, "pk", None)

    def build(self, values, row_number):
        entity_id = self.entities.get(values["uscc"])
        if entity_id is None:
            raise RowError("uscc", _("unknown market entity %(v)r") % {"v": values["uscc"]})
        staff = self.staff.get(values["visitor"])
        if staff is None:
            raise RowError("visitor", pgettext("outreach", "unknown staff member %(v)r") % {"v": values["visitor"]})
        return (entity_id, staff[0], values["visited_on"], values["kind"], values["method"], staff[1], "", "", "",
                self.actor_id, self.now, (self.today - values["visited_on"]).days, new_confirm_code())

    def finish(self):
        """Link each new return visit of this file to its entity's penalties decided on or
        before the visit (R7.2), in one statement."""
        super().finish()
        from django.db import connection

        from xingping.entities.models import Penalty

        q = connection.ops.quote_name
        links = Visit.penalties.through._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {q(links)} (visit_id, penalty_id) "
                f"SELECT v.id, p.id FROM {q(Visit._meta.db_table)} v "
                f"JOIN {q(Penalty._meta.db_table)} p ON p.entity_id = v.entity_id AND p.decided_on <= v.visited_on "
                f"WHERE v.kind = %s AND v.entered_at = %s "
                f"AND NOT EXISTS (SELECT 1 FROM {q(links)} x WHERE x.visit_id = v.id)",
                [VisitKind.RETURN, self.now])

    def export_queryset(self, unit=None):
        qs = Visit.objects.order_by("entity__uscc", "visited_on", "visitor__username", "kind")
        if unit is not None:
            qs = qs.filter(unit__path__startswith=unit.path)
        return qs.values_list("entity__uscc", "visitor__username", "visited_on", "kind", "method")

    def export_row(self, row):
        uscc, visitor, visited_on, kind, method = row
        return [uscc, visitor, visited_on.isoformat(), kind, method]
