"""Import/export kinds `units` and `staff` (C3)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from xingping.accounts.models import Role, User
from xingping.core.imports import Column, Importer, RowError, parse_choice, parse_text
from xingping.core.registry import register_importer
from xingping.orgs.models import Level, OrgUnit, code_validator
from xingping.orgs.services import move_subtree  # the same re-rooting as the office's "move" page


def parse_code(value):
    try:
        code_validator(value)
    except Exception:
        raise ValueError(_("invalid unit code %(v)r") % {"v": value})
    return value


def parse_roles(value):
    valid = {r.value for r in Role}
    labels = {str(label): r.value for r in Role for label in (r.label,)}
    roles = []
    for part in value.replace("；", ";").split(";"):
        part = part.strip()
        if not part:
            continue
        code = part if part in valid else labels.get(part)
        if code is None:
            raise ValueError(_("unknown role %(v)r; roles: %(all)s") % {"v": part, "all": ", ".join(sorted(valid))})
        roles.append(code)
    return ";".join(sorted(set(roles)))


@register_importer
class UnitImport(Importer):
    """Units may come in any order: the file is sorted parent-first before writing."""

    kind = "units"
    label = gettext_lazy("Units")
    model = OrgUnit
    key = ("code",)
    columns = [
        Column("code", "单位代码", "代码", parse=parse_code),
        Column("name", "单位名称", "名称", parse=parse_text(100)),
        Column("level", "层级", "级别", parse=parse_choice(Level.choices)),
        Column("parent_code", "上级单位代码", "上级代码", required=False, parse=lambda v: parse_code(v) if v else ""),
    ]

    def prepare(self):
        self.rows = {}  # code -> (row_number, values)
        self.existing = {u.code: u for u in OrgUnit.objects.all()}

    def build(self, values, row_number):
        self.rows[values["code"]] = (row_number, values)
        return None  # written in finish(), once the whole tree is known

    def write(self, objs):
        pass

    def _check_tree(self):
        errors = []
        parent_of = {code: u.parent.code if u.parent_id else "" for code, u in self.existing.items()}
        for code, (_n, v) in self.rows.items():
            parent_of[code] = v["parent_code"]
        roots = [c for c, p in parent_of.items() if not p]
        for code, (n, v) in self.rows.items():
            p = v["parent_code"]
            if p and p not in parent_of:
                errors.append((n, "parent_code", _("unknown parent unit %(v)r") % {"v": p}))
                continue
            seen, cur = {code}, p
            while cur:
                if cur in seen:
                    errors.append((n, "parent_code", _("the hierarchy has a cycle")))
                    break
                seen.add(cur)
                cur = parent_of.get(cur, "")
            if not p and v["level"] != Level.CITY:
                errors.append((n, "parent_code", _("only a city bureau may have no parent")))
            if p and v["level"] == Level.CITY:
                errors.append((n, "level", _("a city bureau has no parent")))
        if len(roots) > 1:
            n = min(self.rows[c][0] for c in roots if c in self.rows) if any(c in self.rows for c in roots) else 2
            errors.append((n, "parent_code", _("there can be only one root unit")))
        return errors

    def final_checks(self):
        return sorted(self._check_tree())

    def finish(self):
        # Write parent-first: order by depth in the resulting tree.
        parent_of = {c: (u.parent.code if u.parent_id else "") for c, u in self.existing.items()}
        parent_of.update({c: v["parent_code"] for c, (_n, v) in self.rows.items()})

        def depth(code):
            d = 0
            while parent_of.get(code):
                code, d = parent_of[code], d + 1
            return d

        units = dict(self.existing)
        for code in sorted(self.rows, key=depth):
            _n, v = self.rows[code]
            parent = units.get(v["parent_code"]) if v["parent_code"] else None
            unit = units.get(code)
            new_path = OrgUnit.build_path(parent, code)
            if unit is None:
                unit = OrgUnit.objects.create(
                    code=code, name=v["name"], level=v["level"], parent=parent, path=new_path, depth=depth(code)
                )
            else:
                old_path = unit.path
                changed = (unit.name, unit.level, unit.parent_id, unit.path) != (
                    v["name"], v["level"], parent.pk if parent else None, new_path)
                if changed:
                    unit.name, unit.level, unit.parent = v["name"], v["level"], parent
                    if old_path != new_path:
                        move_subtree(unit, old_path, new_path)
                    unit.path, unit.depth = new_path, depth(code)
                    unit.save()
            units[code] = unit

    def count(self):
        return OrgUnit.objects.count()

    def export_queryset(self, unit=None):
        qs = OrgUnit.objects.select_related("parent").order_by("path")
        return qs.filter(path__startswith=unit.path) if unit else qs

    def export_row(self, obj):
        return [obj.code, obj.name, obj.level, obj.parent.code if obj.parent_id else ""]


@register_importer
class StaffImport(Importer):
    kind = "staff"
    label = gettext_lazy("Staff")
    model = User
    key = ("username",)
    update_fields = ("last_name", "unit", "roles")
    columns = [
        Column("username", "用户名", "账号", parse=parse_text(150)),
        Column("name", "姓名", parse=parse_text(150)),
        Column("unit_code", "单位代码", "所在单位代码"),
        Column("roles", "角色", required=False, parse=parse_roles),
    ]

    def prepare(self):
        self.units = dict(OrgUnit.objects.values_list("code", "pk"))

    def build(self, values, row_number):
        unit_id = self.units.get(values["unit_code"])
        if unit_id is None:
            raise RowError("unit_code", _("unknown unit %(v)r") % {"v": values["unit_code"]})
        # The whole name goes to last_name: Chinese names are not split into given/family here.
        return User(username=values["username"], last_name=values["name"], first_name="", unit_id=unit_id,
                    roles=values["roles"], password="!")  # unusable until a password is set

    def export_queryset(self, unit=None):
        qs = User.objects.select_related("unit").filter(unit__isnull=False).order_by("unit__path", "username")
        return qs.filter(unit__path__startswith=unit.path) if unit else qs

    def export_row(self, obj):
        return [obj.username, obj.display_name, obj.unit.code, obj.roles]
