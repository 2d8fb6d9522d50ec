"""Set-up and the rubric: the evaluation created from the campaign rules, areas, items, choices, scoring."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from xingping.core import audit
from xingping.evaluation.models import (
    AgendaItem,
    BallotForm,
    EvaluatedUnit,
    Evaluation,
    RubricArea,
    RubricChoice,
    RubricItem,
)
from xingping.evaluation.services.common import (
    DEFAULT_SCORING,
    MAX_CHOICES,
    _check_editable,
    _check_weight,
    _lock,
    _snap,
    root_unit,
)

# ------------------------------------------------------------------ set-up and rubric

@transaction.atomic
def evaluation_setup(*, actor, campaign, holder=None, units=None, ballot_form: str | None = None,
                     min_answered: int | None = None):
    """The evaluation `holder` (default: the root unit) holds in the campaign, created on
    first use from `campaign.rules` (rubric and scoring). The root's evaluates every unit
    but departments; another holder's, `units` (see levels.evaluation_new)."""
    holder = holder or root_unit()
    if holder is None:
        raise ValidationError(_("Import the units first."), code="no_units")
    existing = Evaluation.objects.filter(campaign=campaign, holder=holder).first()
    if existing is not None:
        return existing
    scoring = {**DEFAULT_SCORING, **(campaign.rules.get("scoring") or {})}
    _check_form(ballot_form, min_answered)
    form = ballot_form or scoring.get("ballot_form", BallotForm.RUBRIC)
    if form not in BallotForm.values:
        raise ValidationError(_("Unknown ballot form %(form)s.") % {"form": form}, code="form")
    evaluation = Evaluation.objects.create(
        campaign=campaign, holder=holder, level=holder.level, democratic_weight=Decimal(str(scoring["democratic_weight"])),
        work_weight=Decimal(str(scoring["work_weight"])), grades=scoring["grades"],
        min_group_size=scoring["min_group_size"], progress_every_days=scoring["unqualified_progress_every_days"],
        min_answered=min_answered or scoring.get("min_answered", 10), allow_abstain=bool(scoring.get("allow_abstain", True)),
        ballot_form=form,
        meeting_title=(_("%(title)s: evaluation meeting") % {"title": campaign.title} if holder.parent_id is None else
                       _("%(title)s: evaluation meeting of %(unit)s") % {"title": campaign.title, "unit": holder.name}),
    )
    rubric = campaign.rules.get("rubric") or {}
    for value in rubric.get("choices", []):
        RubricChoice.objects.create(evaluation=evaluation, value=value["value"], label=value["label"],
                                    label_en=value.get("label_en", ""), points=value["points"],
                                    abstain=bool(value.get("abstain", False)))
    for a_order, a in enumerate(rubric.get("areas", []), start=1):
        area = RubricArea.objects.create(evaluation=evaluation, code=a["code"], name=a["name"], name_en=a.get("name_en", ""),
                                         weight=Decimal(str(a.get("weight", 1))), order=a_order)
        RubricItem.objects.bulk_create([
            RubricItem(evaluation=evaluation, area=area, code=i["code"], text=i["text"],
                       weight=Decimal(str(i.get("weight", 1))), order=i_order)
            for i_order, i in enumerate(a.get("items", []), start=1)
        ])
    _add_units(evaluation, units)
    audit.record(actor=actor, action="create", obj=evaluation, new=_snap(evaluation))
    return evaluation


def _add_units(evaluation, units=None):
    """Put `units` (default, for the root's evaluation: every evaluated unit, all but
    departments) not yet on the ballot on it and on the agenda, after those already
    there; returns how many were added."""
    from xingping.orgs.models import OrgUnit

    qs = OrgUnit.objects.evaluated() if units is None else OrgUnit.objects.filter(pk__in=[u.pk for u in units])
    units = list(qs.exclude(pk__in=evaluation.units.values("unit_id"))
                 .order_by("depth", "parent__sort_order", "sort_order", "path"))
    start = evaluation.units.count()
    EvaluatedUnit.objects.bulk_create([EvaluatedUnit(evaluation=evaluation, unit=u, order=start + n)
                                       for n, u in enumerate(units, 1)])
    leaders = main_leaders(units)
    AgendaItem.objects.bulk_create([
        AgendaItem(evaluation=evaluation, unit=u, order=start + n, speaker=leaders.get(u.pk, ("", None))[0],
                   title=_("Report on self-inspection and rectification") + f" · {u.name}")
        for n, u in enumerate(units, 1)
    ])
    return len(units)


def main_leaders(units):
    """{unit pk: (name, user or None)}: the leadership group's leader (组长), else a staff
    member with the leader role (two queries for any number of units)."""
    from xingping.accounts.models import User
    from xingping.orgs.models import GroupMembership, GroupRole

    pks = [u.pk for u in units]
    found = {}
    for user in User.objects.filter(unit_id__in=pks, roles__contains="leader", is_active=True).order_by("username"):
        found.setdefault(user.unit_id, (str(user), user))
    for m in (GroupMembership.objects.filter(unit_id__in=pks, role=GroupRole.LEADER)
              .select_related("person").order_by("-sort_order", "-pk")):
        found[m.unit_id] = (m.name, m.person)
    return found


@transaction.atomic
def rubric_area_save(*, actor, evaluation, area=None, code, name, name_en="", weight=1, order=0):
    evaluation = _lock(evaluation)
    _check_editable(evaluation)
    _check_weight(weight)
    code = code.strip()
    if RubricArea.objects.filter(evaluation=evaluation, code=code).exclude(pk=getattr(area, "pk", None)).exists():
        raise ValidationError(_("The code %(code)s is already used.") % {"code": code}, code="code")
    old = audit.snapshot(area) if area else None
    area = area or RubricArea(evaluation=evaluation)
    area.code, area.name, area.name_en, area.weight, area.order = code, name.strip(), name_en.strip(), weight, order
    area.save()
    audit.record(actor=actor, action="update" if old else "create", obj=area, old=old, new=audit.snapshot(area))
    return area


@transaction.atomic
def rubric_item_save(*, actor, evaluation, item=None, area, code, text, weight=1, order=0):
    evaluation = _lock(evaluation)
    _check_editable(evaluation)
    _check_weight(weight)
    code = code.strip()
    if area.evaluation_id != evaluation.pk:
        raise ValidationError(_("Unknown area."), code="area")
    if RubricItem.objects.filter(evaluation=evaluation, code=code).exclude(pk=getattr(item, "pk", None)).exists():
        raise ValidationError(_("The code %(code)s is already used.") % {"code": code}, code="code")
    old = audit.snapshot(item) if item else None
    item = item or RubricItem(evaluation=evaluation)
    item.area, item.code, item.text, item.weight, item.order = area, code, text.strip(), weight, order
    item.save()
    audit.record(actor=actor, action="update" if old else "create", obj=item, old=old, new=audit.snapshot(item))
    return item


@transaction.atomic
def rubric_choice_save(*, actor, evaluation, choice=None, value, label, label_en="", points, abstain=False):
    evaluation = _lock(evaluation)
    _check_editable(evaluation)
    if points is None or not 0 <= points <= 100:
        raise ValidationError(_("Points must be between 0 and 100."), code="points")
    if RubricChoice.objects.filter(evaluation=evaluation, value=value).exclude(pk=getattr(choice, "pk", None)).exists():
        raise ValidationError(_("The value %(value)s is already used.") % {"value": value}, code="value")
    if choice is None and evaluation.choices.count() >= MAX_CHOICES:
        raise ValidationError(_("At most %(n)s choices.") % {"n": MAX_CHOICES}, code="choices")
    old = audit.snapshot(choice) if choice else None
    choice = choice or RubricChoice(evaluation=evaluation)
    choice.value, choice.label, choice.label_en, choice.points = value, label.strip(), label_en.strip(), points
    choice.abstain = bool(abstain)
    choice.save()
    audit.record(actor=actor, action="update" if old else "create", obj=choice, old=old, new=audit.snapshot(choice))
    return choice


@transaction.atomic
def rubric_entry_delete(*, actor, evaluation, obj):
    """Delete an area (with its items), an item or a choice while the rubric is editable."""
    evaluation = _lock(evaluation)
    _check_editable(evaluation)
    audit.record(actor=actor, action="delete", obj=obj, old=audit.snapshot(obj))
    obj.delete()


def _check_form(ballot_form, min_answered):
    if ballot_form is not None and ballot_form not in BallotForm.values:
        raise ValidationError(_("Unknown ballot form %(form)s.") % {"form": ballot_form}, code="form")
    if min_answered is not None and not 1 <= min_answered <= 10000:
        raise ValidationError(_("The answered minimum must be between 1 and 10000."),
                              code="min_answered")


def _apply_form(evaluation, *, ballot_form=None, min_answered=None, allow_abstain=None):
    if ballot_form is not None:
        evaluation.ballot_form = ballot_form
    if min_answered is not None:
        evaluation.min_answered = min_answered
    if allow_abstain is not None:
        evaluation.allow_abstain = bool(allow_abstain)


def validate_grades(grades):
    """Grades best first, each {"code","label","min"}, strictly decreasing mins, the last at 0."""
    ok = isinstance(grades, list) and grades and all(
        isinstance(g, dict) and str(g.get("code", "")).strip() and str(g.get("label", "")).strip()
        and isinstance(g.get("min"), (int, float)) and not isinstance(g.get("min"), bool) for g in grades
    )
    if ok:
        mins = [g["min"] for g in grades]
        ok = all(a > b for a, b in zip(mins, mins[1:])) and mins[-1] == 0 and mins[0] <= 100
    if not ok:
        raise ValidationError(_("Grades need a code, a label and a lowest score each, best first, the last one "
                                "from 0."), code="grades")


@transaction.atomic
def scoring_update(*, actor, evaluation, democratic_weight, work_weight, grades, min_group_size, progress_every_days,
                   meeting_title="", meeting_on=None, meeting_place="", min_answered: int | None = None,
                   ballot_form: str | None = None, allow_abstain: bool | None = None):
    """The scoring rules, the ballot's form, the answered minimum, whether 不了解 is allowed
    and the meeting's details, while the rubric is editable (None: unchanged)."""
    evaluation = _lock(evaluation)
    _check_editable(evaluation)
    _check_form(ballot_form, min_answered)
    dw, ww = Decimal(str(democratic_weight)), Decimal(str(work_weight))
    if dw < 0 or ww < 0 or dw + ww != 1:
        raise ValidationError(_("The two weights must add up to 1."), code="weights")
    validate_grades(grades)
    if min_group_size < 1 or progress_every_days < 1:
        raise ValidationError(_("Group size and report interval must be at least 1."), code="min")
    old = _snap(evaluation)
    evaluation.democratic_weight, evaluation.work_weight, evaluation.grades = dw, ww, grades
    evaluation.min_group_size, evaluation.progress_every_days = min_group_size, progress_every_days
    evaluation.meeting_title, evaluation.meeting_on, evaluation.meeting_place = meeting_title, meeting_on, meeting_place
    _apply_form(evaluation, ballot_form=ballot_form, min_answered=min_answered, allow_abstain=allow_abstain)
    evaluation.save()
    audit.record(actor=actor, action="update", obj=evaluation, old=old, new=_snap(evaluation))
    return evaluation


