"""Import/export kind `visits` (C2, C3): `uscc`, `visitor`, `visited_on`, `kind`, `method`,
and, optional, the paper opinion form's answers (意见表, C3 as extended by issue 13):
`efficiency`, `openness`, `lawfulness`, `civility`, `diligence`, `ethics` (1–5 or the level's
name), `opinions`, `suggestions`.

The natural key is (entity, visitor, visited_on, kind); a re-import updates the method, and
the opinion-form columns the file has (a file without them leaves the answers alone).
The visiting unit is the visitor's unit, or its parent for a department's staff.
"""

import datetime

from django.db.models import Case, F, When
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext, pgettext_lazy

from xingping.accounts.models import User
from xingping.core.imports import Column, RowError, parse_choice, parse_date, parse_text
from xingping.core.registry import register_importer
from xingping.entities.imports import USCC_ALIASES, FastImporter, parse_uscc
from xingping.entities.lookup import registry_ids
from xingping.orgs.models import Level
from xingping.outreach import coverage_tally
from xingping.outreach.models import DIMENSION_FIELDS, Method, Satisfaction, Visit, VisitKind, random_confirm_code

KIND_CHOICES = VisitKind.choices + [("visit", "走访"), ("return", "回访")]
METHOD_CHOICES = Method.choices + [("onsite", "上门"), ("onsite", "实地"), ("phone", "电话"), ("letter", "信函"),
                                   ("email", "邮件"), ("email", "电子邮件")]


# The paper form's level names (R6.2), as printed, beside the numbers 1–5.
LEVEL_NAMES = {"非常满意": 5, "满意": 4, "基本满意": 3, "不满意": 2, "非常不满意": 1}
# Each dimension's column, with the heading of the paper form as its alias.
DIMENSION_ALIASES = {
    "efficiency": ("机关效能",),
    "openness": ("政务公开",),
    "lawfulness": ("依法行政",),
    "civility": ("文明执法",),
    "diligence": ("勤政为民",),
    "ethics": ("职业道德",),
}
OPINION_COLUMNS = (*DIMENSION_FIELDS, "opinions", "suggestions")
# The ranges of a packed duplicate key (VisitImport.seen_key): entity ids below 2^26, staff ids
# below 2^20, days from 1970 to 2149, two kinds: 63 bits.
ENTITY_IDS, STAFF_IDS, DAYS, VISIT_KINDS = 1 << 26, 1 << 20, 1 << 16, tuple(VisitKind.values)
FIRST_DAY = datetime.date(1970, 1, 1).toordinal()
TEXT_MAX = 2000  # as the web form


def parse_level(value):
    """A satisfaction level: empty (not answered), 1–5, or its name (非常满意 … 非常不满意)."""
    if value == "":
        return None
    level = LEVEL_NAMES.get(value)
    if level is None:
        labels = {str(label).lower(): code for code, label in Satisfaction.choices}
        level = labels.get(value.lower())
    if level is None and value.isdigit() and int(value) in Satisfaction.values:
        level = int(value)
    if level is None:
        raise ValueError(_("%(v)r is not a level from 1 to 5 (5 very satisfied … 1 very dissatisfied)") % {"v": value})
    return level


def settled_visits():
    """(entity, visitor, date, kind) -> the importable values of the visits a check has
    confirmed or struck or the entity has confirmed: a re-import may not change them, as
    their recorder may not correct them (outreach.permissions). A sample: a few per cent."""
    from django.db.models import Q

    from xingping.outreach.permissions import SETTLED

    settled = Visit.objects.filter(Q(verification__in=SETTLED) | Q(verification_check__outcome__in=SETTLED)
                                   | Q(entity_confirmation__isnull=False))
    fields = ("entity_id", "visitor_id", "visited_on", "kind", "method", *OPINION_COLUMNS)
    return {row[:4]: dict(zip(fields[4:], row[4:])) for row in settled.values_list(*fields).distinct()}


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
        *[Column(name, *DIMENSION_ALIASES[name], required=False, parse=parse_level) for name in DIMENSION_FIELDS],
        Column("opinions", "意见", "意见内容", required=False, parse=parse_text(TEXT_MAX), multiline=True),
        Column("suggestions", "建议", "建议内容", required=False, parse=parse_text(TEXT_MAX), multiline=True),
    ]
    tally = coverage_tally
    table_columns = ("entity_id", "visitor_id", "visited_on", "kind", "method", "unit_id", "opinions", "suggestions",
                     "verification", "entered_by_id", "entered_at", "entry_delay", "confirm_code", *DIMENSION_FIELDS)
    conflict = ("entity_id", "visitor_id", "visited_on", "kind")
    update_columns = ("method",)
    child_lookups = ("entities", "staff", "settled")
    _looked_up = (None, None, None)  # (values, entity id, staff) of the row being read

    def _map_header(self, header):
        """A re-import updates the opinion-form columns the file carries, and only those."""
        index, missing = super()._map_header(header)
        self.update_columns = ("method", *[name for name in OPINION_COLUMNS if name in index])
        return index, missing

    def prepare(self):
        self.entities = registry_ids()
        self.staff = staff_units()
        from django.db import connection

        # As the ORM would store it (SQLite: naive UTC text), so that raw writes compare equal.
        self.now = connection.ops.adapt_datetimefield_value(timezone.now())
        self.today = timezone.localdate()
        self.actor_id = getattr(self.actor, "pk", None)
        self.settled = settled_visits()

    def seen_key(self, values):
        """(entity, visitor, day, kind) as one integer below 2^63, equal exactly when the four
        are (core.seen keeps a million of them in 24 MB; tuples of code, name and date took
        340 MB). The tuple itself where the entity or visitor is unknown (`build` rejects the
        row) or a part is past the packing's range."""
        entity_id, staff = self._lookups(values)
        day = values["visited_on"].toordinal() - FIRST_DAY
        if (entity_id is None or staff is None or not entity_id < ENTITY_IDS or not staff[0] < STAFF_IDS
                or not 0 <= day < DAYS):
            return super().seen_key(values)
        return ((entity_id * STAFF_IDS + staff[0]) * DAYS + day) * len(VISIT_KINDS) + VISIT_KINDS.index(values["kind"])

    def _lookups(self, values):
        """The row's entity id and (visitor id, acting unit id), looked up once for `seen_key`
        and `build` (a lookup is a bisection of the registry: entities.lookup)."""
        if self._looked_up[0] is not values:
            self._looked_up = (values, self.entities.get(values["uscc"]), self.staff.get(values["visitor"]))
        return self._looked_up[1:]

    def build(self, values, row_number):
        entity_id, staff = self._lookups(values)
        if entity_id is None:
            raise RowError("uscc", _("unknown market entity %(v)r") % {"v": values["uscc"]})
        if staff is None:
            raise RowError("visitor", pgettext("outreach", "unknown staff member %(v)r") % {"v": values["visitor"]})
        settled = self.settled.get((entity_id, staff[0], values["visited_on"], values["kind"]))
        if settled is not None:
            for name in self.update_columns:
                if (values.get(name) if name in DIMENSION_FIELDS else (values.get(name) or "").strip()) != settled[name]:
                    raise RowError(name, _("this visit was confirmed or struck by a check, or confirmed by the "
                                           "entity; it can no longer be changed"))
        return (entity_id, staff[0], values["visited_on"], values["kind"], values["method"], staff[1],
                (values.get("opinions") or "").strip(), (values.get("suggestions") or "").strip(), "",
                self.actor_id, self.now, (self.today - values["visited_on"]).days, random_confirm_code(),
                *[values.get(name) for name in DIMENSION_FIELDS])

    def write(self, objs):
        super().write(self.with_unused_codes(objs))

    def with_unused_codes(self, rows):
        """`rows` with every confirmation code unique: one drawn again where a stored visit (an
        earlier batch of this file included) or another row of the batch has it. Codes are drawn
        at random from 31^8, so a million-row file meets a repeat about every other time, and a
        province's 6,400,000 stored visits several times per million."""
        at = self.table_columns.index("confirm_code")
        while True:
            codes = [row[at] for row in rows]
            bad = set()
            for start in range(0, len(codes), 900):
                bad.update(Visit.objects.filter(confirm_code__in=codes[start:start + 900])
                           .values_list("confirm_code", flat=True))
            once = set()
            for code in codes:
                if code in once:
                    bad.add(code)
                once.add(code)
            if not bad:
                return rows
            rows = [row[:at] + (random_confirm_code(),) + row[at + 1:] if row[at] in bad else row for row in rows]

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
        return qs.values_list("entity__uscc", "visitor__username", "visited_on", "kind", "method", *OPINION_COLUMNS)

    def export_row(self, row):
        uscc, visitor, visited_on, kind, method, *answers = row
        return [uscc, visitor, visited_on.isoformat(), kind, method, *["" if a is None else a for a in answers]]
