"""The unit hierarchy (R1.1) and its leadership groups and work teams (R1.3).

`OrgUnit` is a tree stored as a materialized path of unit codes ("HB/XG/XC01/"): the
subtree of a unit is one indexed `path LIKE 'prefix%'` query, never recursive Python.
"""

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

PATH_SEPARATOR = "/"
code_validator = RegexValidator(
    r"^[A-Za-z0-9_-]{1,32}$",
    _("A unit code is 1–32 letters, digits, '_' or '-'."),
)


class Level(models.TextChoices):
    CITY = "city", _("City bureau")  # 市局
    DEPARTMENT = "department", _("Department")  # 科室 / 股室 (internal office of its parent)
    COUNTY = "county", _("County bureau")  # 县市区局
    BRANCH = "branch", _("Direct branch")  # 市局直属行政分局
    STATION = "station", _("Grassroots station")  # 基层工商分局


class OrgUnitQuerySet(models.QuerySet):
    def evaluated(self):
        """Evaluation objects (评议对象): every unit but internal departments."""
        return self.exclude(level=Level.DEPARTMENT)

    def active(self):
        """Units not retired: the ones pickers offer (retired units keep their history)."""
        return self.filter(retired_on__isnull=True)

    def subtree_of(self, unit):
        return self.filter(path__startswith=unit.path)

    def for_user(self, user, action="view"):
        """Thin delegate: the units `user` may see (or act on), by orgs.policy."""
        from xingping.orgs.policy import unit_scope

        return unit_scope(None)(self, user, action)


class OrgUnit(models.Model):
    code = models.CharField(_("code"), max_length=32, unique=True, validators=[code_validator])
    name = models.CharField(_("name"), max_length=100)
    level = models.CharField(_("level"), max_length=16, choices=Level.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("parent unit"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    path = models.CharField(max_length=400, unique=True, editable=False, db_index=True)
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    sort_order = models.IntegerField(_("order"), default=0)
    hotline = models.CharField(_("complaint hotline"), max_length=40, blank=True)  # 投诉热线 (R4.2)
    address = models.CharField(_("address"), max_length=200, blank=True)
    # 撤销: the day the office retired the unit; it leaves pickers but keeps its history.
    retired_on = models.DateField(_("retired on"), null=True, blank=True)

    objects = OrgUnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["path"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(level__in=[c.value for c in Level]), name="orgunit_level_valid"
            ),
        ]

    def __str__(self):
        return self.name

    # Tree helpers: all are single queries on `path`.
    @staticmethod
    def build_path(parent, code):
        return (parent.path if parent else "") + code + PATH_SEPARATOR

    def descendants(self, include_self=True):
        qs = OrgUnit.objects.filter(path__startswith=self.path)
        return qs if include_self else qs.exclude(pk=self.pk)

    def ancestor_codes(self):
        return self.path.rstrip(PATH_SEPARATOR).split(PATH_SEPARATOR)[:-1]

    def ancestors(self):
        return OrgUnit.objects.filter(code__in=self.ancestor_codes()).order_by("depth")

    def is_within(self, other):
        return self.path.startswith(other.path)

    @property
    def is_retired(self):
        return self.retired_on is not None

    @property
    def acting_unit(self):
        """The unit whose business this unit does: a department acts for its parent."""
        if self.level == Level.DEPARTMENT and self.parent_id:
            return self.parent
        return self


class GroupRole(models.TextChoices):
    LEADER = "leader", _("Leader")  # 组长
    DEPUTY = "deputy", _("Deputy leader")  # 副组长
    MEMBER = "member", _("Member")  # 成员
    OFFICE_DIRECTOR = "office_director", _("Office director")  # 办公室主任
    OFFICE_DEPUTY = "office_deputy", _("Office deputy director")  # 办公室副主任
    WORK_TEAM = "work_team", _("Work team")  # 工作专班


class GroupMembership(models.Model):
    """A seat in a unit's leadership group (领导小组) or work team (工作专班)."""

    unit = models.ForeignKey(OrgUnit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="group_members")
    role = models.CharField(_("role in the group"), max_length=20, choices=GroupRole.choices)
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("staff member"), null=True, blank=True, on_delete=models.SET_NULL
    )
    name = models.CharField(_("name"), max_length=50)  # kept even if the person has no account
    title = models.CharField(pgettext_lazy("job", "title"), max_length=100, blank=True)  # e.g. 党组书记、局长
    sort_order = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("leadership group member")
        verbose_name_plural = _("leadership group members")
        ordering = ["unit", "sort_order", "pk"]

    def __str__(self):
        return f"{self.unit} · {self.get_role_display()} · {self.name}"
