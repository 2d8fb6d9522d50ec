"""Writes for the evaluation: every one validates, changes and audits in one transaction.

Ballots are the exception to auditing: casting a ballot writes no audit row (an audit
row would carry a time and could link a ballot back to a token or a person)."""

import base64
import datetime
import hashlib
import hmac
import json
import logging
import os
import secrets
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Avg, Case, Count, F, FloatField, Q, Value, When
from django.db.models.functions import Replace, Substr
from django.db.models.lookups import Exact
from django.utils import timezone
from django.utils.translation import gettext as _

from xingping.core import audit
from xingping.core.workflow import Workflow
from xingping.evaluation.models import (
    AdmonishmentTalk,
    AgendaItem,
    Ballot,
    BallotAnswers,
    BallotForm,
    BallotSource,
    BallotToken,
    Commendation,
    EvaluatedUnit,
    Evaluation,
    EvaluationState,
    Evaluator,
    EvaluatorCategory,
    MeetingQuestion,
    RectificationFollowUp,
    RubricArea,
    RubricChoice,
    RubricItem,
    TalkState,
    UnitResult,
    Veto,
)

log = logging.getLogger(__name__)

# The voting state machine (data, STYLE.md). A campaign may override it in
# `rules["evaluation_workflow"]`; closing is final because the tally is published.
DEFAULT_WORKFLOW = {"transitions": {"draft": ["open"], "open": ["closed"], "closed": []}}
DEFAULT_SCORING = {
    "democratic_weight": 0.7, "work_weight": 0.3, "min_group_size": 5, "unqualified_progress_every_days": 15,
    "grades": [
        {"code": "excellent", "label": "优秀", "min": 90}, {"code": "good", "label": "良好", "min": 80},
        {"code": "qualified", "label": "合格", "min": 60}, {"code": "unqualified", "label": "不合格", "min": 0},
    ],
}
EXCELLENT, UNQUALIFIED = "excellent", "unqualified"
MAX_CHOICES = 10  # an answer is stored as one digit, the index of the choice
MAX_ITEMS = 200  # one digit per item in BallotAnswers.answers
TWO = Decimal("0.01")


class BallotError(Exception):
    """A ballot refused: `status` is the HTTP status (404, 409, 400), `detail` what to show."""

    def __init__(self, status, detail):
        super().__init__(detail)
        self.status = status
        self.detail = detail


def workflow(evaluation):
    return Workflow.from_data("evaluation", evaluation.campaign.rules.get("evaluation_workflow", DEFAULT_WORKFLOW))


def public_url(request=None):
    """The address ballot links are built from: `XINGPING_PUBLIC_URL` when set, else the
    address the office is using (the request), else (CLI) http://127.0.0.1:$PORT."""
    base = getattr(settings, "XINGPING_PUBLIC_URL", "") or os.environ.get("XINGPING_PUBLIC_URL", "")
    if not base and request is not None:
        base = request.build_absolute_uri("/")
    if not base:
        base = f"http://127.0.0.1:{os.environ.get('PORT') or '8000'}"
    return base.rstrip("/")


def hash_token(token):
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def ballot_url(token, request=None):
    from django.urls import reverse

    return public_url(request) + reverse("evaluation:ballot-page", args=[token])


def receipt_code(nonce):
    """The published receipt: an HMAC of the ballot's random nonce (not of the token)."""
    digest = hmac.new(settings.SECRET_KEY.encode(), b"xingping-receipt:" + nonce.encode(), hashlib.sha256).digest()
    code = base64.b32encode(digest).decode()[:10]
    return f"{code[:5]}-{code[5:]}"


def _snap(evaluation):
    return audit.snapshot(evaluation, ["state", "holder", "democratic_weight", "work_weight", "grades", "min_group_size",
                                       "min_answered", "allow_abstain", "ballot_form", "progress_every_days",
                                       "meeting_title", "meeting_on", "meeting_place"])


def root_unit():
    from xingping.orgs.models import OrgUnit

    return OrgUnit.objects.filter(parent__isnull=True).order_by("path").first()


# ------------------------------------------------------------------ set-up and rubric

@transaction.atomic
def evaluation_setup(*, actor, campaign, holder=None, units=None):
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
    form = scoring.get("ballot_form", BallotForm.RUBRIC)
    if form not in BallotForm.values:
        raise ValidationError(_("Unknown ballot form %(form)s.") % {"form": form}, code="form")
    evaluation = Evaluation.objects.create(
        campaign=campaign, holder=holder, level=holder.level, democratic_weight=Decimal(str(scoring["democratic_weight"])),
        work_weight=Decimal(str(scoring["work_weight"])), grades=scoring["grades"],
        min_group_size=scoring["min_group_size"], progress_every_days=scoring["unqualified_progress_every_days"],
        min_answered=scoring.get("min_answered", 10), allow_abstain=bool(scoring.get("allow_abstain", True)),
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


def _check_editable(evaluation):
    if not evaluation.is_draft:
        raise ValidationError(_("The rubric and scoring rules are locked once voting has opened."), code="locked")


def _lock(evaluation):
    return Evaluation.objects.select_for_update().select_related("campaign", "holder").get(pk=evaluation.pk)


def _check_weight(weight):
    if weight is None or Decimal(weight) <= 0:
        raise ValidationError(_("A weight must be greater than 0."), code="weight")


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
                   meeting_title="", meeting_on=None, meeting_place=""):
    evaluation = _lock(evaluation)
    _check_editable(evaluation)
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
    evaluation.save()
    audit.record(actor=actor, action="update", obj=evaluation, old=old, new=_snap(evaluation))
    return evaluation


# ------------------------------------------------------------------ open / close

def _transition(actor, evaluation, target):
    workflow(evaluation).check(evaluation.state, target)
    old = _snap(evaluation)
    evaluation.state = target
    return old


@transaction.atomic
def evaluation_open(*, actor, evaluation):
    from xingping.evaluation.levels import check_overlap

    evaluation = _lock(evaluation)
    if evaluation.is_draft and evaluation.holder.parent_id is None:
        _add_units(evaluation)  # units created since the set-up (e.g. imported) are evaluated too
    check_overlap(campaign=evaluation.campaign, level=evaluation.level,
                  units=list(evaluation.units.values_list("unit_id", flat=True)), exclude=evaluation)
    if not (evaluation.items.exists() and evaluation.choices.exists() and evaluation.units.exists()):
        raise ValidationError(_("The rubric needs at least one item, one choice and one unit."), code="empty")
    if evaluation.choices.count() > MAX_CHOICES or evaluation.items.count() > MAX_ITEMS:
        raise ValidationError(_("At most %(c)s choices and %(i)s items.")
                              % {"c": MAX_CHOICES, "i": MAX_ITEMS}, code="size")
    old = _transition(actor, evaluation, EvaluationState.OPEN)
    evaluation.opened_at = timezone.now()
    evaluation.layout = {}
    rubric = ballot_rubric(evaluation)
    if evaluation.ballot_form == BallotForm.OVERALL:
        weights = [1.0] + [0.0] * (len(rubric["items"]) - 1)
    else:
        iw = item_weights(evaluation)
        weights = [float(iw[key]) for key, _c, _t, _r in rubric["items"]]
    evaluation.layout = {"form": evaluation.ballot_form, "units": [pk for pk, _code, _name in rubric["units"]],
                         "items": [key for key, _code, _text, _req in rubric["items"]],
                         "required": [req for _k, _c, _t, req in rubric["items"]], "weights": weights,
                         "choices": [[value, points, abstain] for value, _label, points, abstain in rubric["choices"]]}
    evaluation.save()
    audit.record(actor=actor, action="open", obj=evaluation, old=old, new=_snap(evaluation))
    return evaluation


@transaction.atomic
def evaluation_close(*, actor, evaluation):
    evaluation = _lock(evaluation)
    old = _transition(actor, evaluation, EvaluationState.CLOSED)
    evaluation.closed_at = timezone.now()
    evaluation.save()
    BallotToken.objects.filter(evaluation=evaluation, used=False).update(revoked=True)
    shuffle_storage()
    results_compute(evaluation)
    audit.record(actor=actor, action="close", obj=evaluation, old=old, new=_snap(evaluation),
                 note=_("%(n)s ballots") % {"n": evaluation.ballots.count()})
    return evaluation


# ------------------------------------------------------------------ evaluators and tokens

@transaction.atomic
def evaluator_save(*, actor, evaluation, evaluator=None, name, category, organisation="", phone=""):
    if category not in EvaluatorCategory.values:
        raise ValidationError(_("Unknown evaluator category."), code="category")
    if not name.strip():
        raise ValidationError(_("A name is required."), code="name")
    old = audit.snapshot(evaluator) if evaluator else None
    evaluator = evaluator or Evaluator(evaluation=evaluation)
    evaluator.name, evaluator.category = name.strip(), category
    evaluator.organisation, evaluator.phone = organisation.strip(), phone.strip()
    evaluator.save()
    audit.record(actor=actor, action="update" if old else "create", obj=evaluator, old=old, new=audit.snapshot(evaluator))
    return evaluator


@transaction.atomic
def evaluator_delete(*, actor, evaluator):
    BallotToken.objects.filter(evaluator=evaluator, used=False).update(revoked=True)
    audit.record(actor=actor, action="delete", obj=evaluator, old=audit.snapshot(evaluator))
    evaluator.delete()


def token_units(evaluation, *, evaluator=None, category):
    """The unit pks a new token serves: the evaluator's own assignment, else its category's
    (`Evaluation.category_units`), else [] = every unit of the evaluation."""
    if evaluator is not None:
        own = [u.pk for u in evaluator.units.all()]
        if own:
            return sorted(own)
    codes = (evaluation.category_units or {}).get(category)
    if codes:
        return sorted(evaluation.units.filter(unit__code__in=codes).values_list("unit_id", flat=True))
    return []


@transaction.atomic
def tokens_issue(*, actor, evaluation, evaluators=(), count=0, category=EvaluatorCategory.CITIZEN):
    """New single-use tokens: one per evaluator who has not voted yet (revoking that
    evaluator's unused ones) plus `count` anonymous ones of `category`. Each token serves
    only its assigned units (token_units). Returns [(evaluator or None, category, token)]:
    the raw tokens exist only in this return value (print them now)."""
    evaluation = _lock(evaluation)
    if evaluation.is_closed:
        raise ValidationError(_("Voting is closed; no more ballots can be issued."), code="closed")
    if category not in EvaluatorCategory.values:
        raise ValidationError(_("Unknown evaluator category."), code="category")
    if count < 0 or count > 20000:
        raise ValidationError(_("Issue between 0 and 20000 anonymous ballots at a time."),
                              code="count")
    evaluators = list(Evaluator.objects.filter(pk__in=[e.pk for e in evaluators]).prefetch_related("units"))
    # Each evaluator is counted once (R13.4): whoever has voted gets no new ballot.
    voted = set(BallotToken.objects.filter(evaluator__in=evaluators, used=True).values_list("evaluator_id", flat=True))
    evaluators = [e for e in evaluators if e.pk not in voted]
    revoked = BallotToken.objects.filter(evaluator__in=evaluators, used=False, revoked=False).update(revoked=True)
    today = timezone.localdate()
    issued = [(e, e.category, secrets.token_urlsafe(20)) for e in evaluators]
    issued += [(None, category, secrets.token_urlsafe(20)) for _n in range(count)]
    anonymous_units = token_units(evaluation, category=category)
    BallotToken.objects.bulk_create([
        BallotToken(evaluation=evaluation, evaluator=e, category=c, token_hash=hash_token(t), issued_on=today,
                    units=token_units(evaluation, evaluator=e, category=c) if e is not None else anonymous_units)
        for e, c, t in issued
    ], batch_size=1000)
    audit.record(actor=actor, action="issue_tokens", obj=evaluation,
                 new={"named": len(evaluators), "anonymous": count, "category": category, "revoked": revoked})
    return issued


# ------------------------------------------------------------------ ballots

_RUBRIC_CACHE = {}
OVERALL = "overall"


def ballot_rubric(evaluation):
    """What an open evaluation's ballot asks: units [(pk, code, name)], items [(key, code,
    text, required)], choices [(value, label, points, abstain)]. The full rubric asks every
    item; the overall form one rating per unit (key "overall") with the rubric's areas as
    optional detail (keys "area:<pk>"). Locked while open, so it is cached per process
    for the evaluation's opening (the hot path of C7)."""
    # The frozen layout is part of the key: another database (tests, a second instance)
    # with the same evaluation id and opening time but another rubric never hits.
    key = (evaluation.pk, evaluation.state, evaluation.opened_at, json.dumps(evaluation.layout, sort_keys=True))
    cached = _RUBRIC_CACHE.get(key)
    if cached is None:
        units = list(evaluation.units.select_related("unit").values_list("unit_id", "unit__code", "unit__name"))
        if evaluation.ballot_form == BallotForm.OVERALL:
            items = [(OVERALL, OVERALL, _("Overall rating of the unit"), True)] + [
                (f"area:{pk}", code, name, False) for pk, code, name in evaluation.areas.values_list("pk", "code", "name")]
        else:
            items = [(pk, code, text, True) for pk, code, text in
                     evaluation.items.order_by("area__order", "order", "code", "pk").values_list("pk", "code", "text")]
        choices = list(evaluation.choices.order_by("abstain", "-value")
                       .values_list("value", "label", "points", "abstain"))[:MAX_CHOICES]
        cached = {"units": units, "items": items, "choices": choices}
        if evaluation.is_open and evaluation.layout.get("units") == [u[0] for u in units]:
            _RUBRIC_CACHE.clear()
            _RUBRIC_CACHE[key] = cached
    return cached


_EVALUATION_FIELDS = ("id", "state", "opened_at", "layout", "allow_abstain", "ballot_form", "campaign_id", "holder_id",
                      "meeting_title")


def token_lookup(token):
    """The token's row with its evaluation (one raw query: this is the hot path of C7),
    or BallotError 404 (unknown or revoked) / 409 (used)."""
    if not token or len(token) > 100:
        raise BallotError(404, _("Unknown ballot."))
    conn = transaction.get_connection()
    qn = conn.ops.quote_name
    tmeta, emeta = BallotToken._meta, Evaluation._meta
    tcols = ["id", "used", "revoked", "category", "units", "evaluator_id"]
    sql = (f"SELECT {', '.join('t.' + qn(c) for c in tcols)}, {', '.join('e.' + qn(c) for c in _EVALUATION_FIELDS)} "
           f"FROM {qn(tmeta.db_table)} t JOIN {qn(emeta.db_table)} e ON e.{qn('id')} = t.{qn('evaluation_id')} "
           f"WHERE t.{qn('token_hash')} = %s")
    with conn.cursor() as cursor:
        cursor.execute(sql, [hash_token(token)])
        row = cursor.fetchone()
    if row is None or row[2]:
        raise BallotError(404, _("Unknown ballot."))
    if row[1]:
        raise BallotError(409, _("This ballot has already been used."))
    values = dict(zip(_EVALUATION_FIELDS, row[len(tcols):]))
    evaluation = Evaluation(
        id=values["id"], state=values["state"], allow_abstain=bool(values["allow_abstain"]),
        ballot_form=values["ballot_form"], campaign_id=values["campaign_id"], holder_id=values["holder_id"],
        meeting_title=values["meeting_title"], opened_at=_db_datetime(conn, values["opened_at"]),
    )
    evaluation.layout = _db_json(values["layout"])
    units = _db_json(row[4]) or []
    tok = BallotToken(id=row[0], used=False, revoked=False, category=row[3], units=units, evaluation_id=evaluation.pk,
                      evaluator_id=row[5])
    tok.evaluation = evaluation
    return tok


def _db_json(value):
    return json.loads(value) if isinstance(value, (str, bytes)) else value


def _db_datetime(conn, value):
    if value is None or isinstance(value, datetime.datetime):
        return value
    return conn.ops.convert_datetimefield_value(value, None, conn)


def rubric_for_token(rubric, unit_pks):
    """The rubric restricted to a token's units ([] = all)."""
    if not unit_pks:
        return rubric
    wanted = set(unit_pks)
    return {**rubric, "units": [u for u in rubric["units"] if u[0] in wanted]}


NOT_ANSWERED = "-"  # an optional detail left out (overall form)


def validate_scores(rubric, scores, *, all_units=None, allow_abstain=True):
    """Field errors of a ballot (empty when valid) and the rows to store:
    [(unit pk, one character per item: the index of the chosen answer, "-" left out)].
    `rubric["units"]` are the units this ballot serves; `all_units` those of the whole
    evaluation (a unit of the evaluation not assigned to the ballot gets its own error)."""
    if not isinstance(scores, dict):
        return {"scores": [_("Expected an object of units.")]}, []
    choices = {value: str(index) for index, (value, _label, _points, _abstain) in enumerate(rubric["choices"])}
    abstaining = {value for value, _label, _points, abstain in rubric["choices"] if abstain}
    allowed = ", ".join(str(v) for v in choices if allow_abstain or v not in abstaining)
    units = {code: pk for pk, code, _name in rubric["units"]}
    known = {code for _pk, code, _name in (all_units or rubric["units"])}
    items = [(code, required) for _key, code, _text, required in rubric["items"]]
    item_codes = {code for code, _r in items}
    errors, rows = {}, []
    for code in scores:
        if code not in units:
            errors[code] = [_("This unit is not on your ballot.") if code in known
                            else _("Not a unit of this evaluation.")]
    for code, unit_pk in units.items():
        given = scores.get(code)
        if given is None:
            errors[code] = [_("This unit is missing.")]
            continue
        if not isinstance(given, dict):
            errors[code] = [_("Expected an object of items.")]
            continue
        unit_errors, answers = {}, []
        for item_code in given:
            if item_code not in item_codes:
                unit_errors[item_code] = [_("Not an item of the rubric.")]
        for item_code, required in items:
            value = given.get(item_code)
            if value is None:
                if required:
                    unit_errors[item_code] = [_("This item is missing.")]
                answers.append(NOT_ANSWERED)
            elif isinstance(value, bool) or not isinstance(value, int) or value not in choices:
                unit_errors[item_code] = [_("Not one of the choices %(allowed)s.") % {"allowed": allowed}]
            elif value in abstaining and not allow_abstain:
                unit_errors[item_code] = [_("This evaluation does not allow \"don't know\".")]
            else:
                answers.append(choices[value])
        if unit_errors:
            errors[code] = unit_errors
        else:
            rows.append((unit_pk, "".join(answers)))
    return ({"scores": errors} if errors else {}), rows


def ballot_cast(*, token, scores):
    """Cast one ballot with a token (C7). Returns the receipt code; raises BallotError.

    The token is spent by a conditional UPDATE (`used = false` → `true`) in the same
    transaction as the ballot insert: of two racing posts exactly one updates the row
    (SQLite takes the write lock at BEGIN IMMEDIATE; PostgreSQL re-checks the condition
    after the first commit), the other gets 409 and stores nothing."""
    tok = token_lookup(token)
    evaluation = tok.evaluation
    if not evaluation.is_open:
        raise BallotError(409, _("Voting is not open.") if evaluation.is_draft
                          else _("Voting is closed."))
    rubric = ballot_rubric(evaluation)
    errors, rows = validate_scores(rubric_for_token(rubric, tok.units), scores, all_units=rubric["units"],
                                   allow_abstain=evaluation.allow_abstain)
    if errors:
        raise BallotError(400, errors)
    nonce = secrets.token_hex(16)
    ballot = Ballot(evaluation=evaluation, category=tok.category, cast_on=timezone.localdate(), nonce=nonce)
    with transaction.atomic():
        # Spend the token only while voting is open. Closing revokes every unused token
        # before it counts: a racing ballot either spent its token first (the close waits
        # for its row lock and counts it) or finds the token revoked (409).
        spent = _spend(tok.pk, evaluation.pk)
        if spent != 1:
            raise BallotError(409, _("This ballot has already been used or voting is closed."))
        store_ballot(ballot, rows)
    return receipt_code(nonce)


def _spend(token_pk, evaluation_pk):
    """UPDATE token SET used WHERE unused, not revoked and its evaluation open (raw: hot path)."""
    conn = transaction.get_connection()
    qn = conn.ops.quote_name
    t, e = qn(BallotToken._meta.db_table), qn(Evaluation._meta.db_table)
    with conn.cursor() as cursor:
        cursor.execute(
            f"UPDATE {t} SET {qn('used')} = %s WHERE {qn('id')} = %s AND {qn('used')} = %s AND {qn('revoked')} = %s "
            f"AND {qn('evaluation_id')} IN (SELECT {qn('id')} FROM {e} WHERE {qn('id')} = %s AND {qn('state')} = %s)",
            [True, token_pk, False, False, evaluation_pk, EvaluationState.OPEN])
        return cursor.rowcount


def _random_rowid():
    return secrets.randbelow(2**62) + 1


def store_ballot(ballot, rows):
    """Insert a ballot and its answers so that storage does not keep the cast order.

    On SQLite every table has a rowid, and rows are stored in rowid order: both tables get
    an explicit random rowid. On PostgreSQL rows land in heap order (ctid), which does
    follow insertion: `shuffle_storage` rewrites both tables in the order of their random
    keys when voting closes (see docs/evaluation.md, "Secrecy of cast order").
    One portable INSERT … VALUES executed for every unit (executemany): the ORM's
    per-object bulk_create costs more than the write itself, inside the write lock."""
    conn = transaction.get_connection()
    qn = conn.ops.quote_name
    sqlite = conn.vendor == "sqlite"
    bmeta, ameta = Ballot._meta, BallotAnswers._meta
    ballot_id = bmeta.pk.get_db_prep_value(ballot.pk, conn)
    bcols = [qn(bmeta.get_field(f).column) for f in ("id", "evaluation", "category", "cast_on", "source", "nonce")]
    bvals = [ballot_id, ballot.evaluation_id, ballot.category, conn.ops.adapt_datefield_value(ballot.cast_on),
             ballot.source, ballot.nonce]
    acols = [qn(ameta.get_field(f).column) for f in ("ballot", "unit", "answers")]
    arows = [[ballot_id, unit, answers] for unit, answers in rows]
    if sqlite:
        bcols.insert(0, "rowid")
        bvals.insert(0, _random_rowid())
        acols.insert(0, "rowid")
        for row in arows:
            row.insert(0, _random_rowid())
    marks = ", ".join(["%s"] * len(bcols))
    amarks = ", ".join(["%s"] * len(acols))
    with conn.cursor() as cursor:
        cursor.execute(f"INSERT INTO {qn(bmeta.db_table)} ({', '.join(bcols)}) VALUES ({marks})", bvals)
        cursor.executemany(f"INSERT INTO {qn(ameta.db_table)} ({', '.join(acols)}) VALUES ({amarks})", arows)


def shuffle_storage():
    """PostgreSQL: rewrite the ballot tables in the order of their random keys (CLUSTER),
    so heap order (ctid) no longer follows the cast order and no dead row versions remain.
    SQLite needs nothing (random rowids at insert)."""
    conn = transaction.get_connection()
    if conn.vendor != "postgresql":
        return
    qn = conn.ops.quote_name
    with conn.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no deferred checks pending on the tables
        for model in (Ballot, BallotAnswers):
            table = model._meta.db_table
            cursor.execute("SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass AND contype = 'p'", [table])
            (pkey,) = cursor.fetchone()
            cursor.execute(f"CLUSTER {qn(table)} USING {qn(pkey)}")


# ------------------------------------------------------------------ results

def _q(value):
    return Decimal(value).quantize(TWO, rounding=ROUND_HALF_UP)


def item_weights(evaluation):
    """{item pk: effective weight}: area weight share × item weight share within its area."""
    items = list(evaluation.items.select_related("area"))
    area_total = sum({i.area_id: i.area.weight for i in items}.values()) or Decimal(1)
    item_total = {}
    for i in items:
        item_total[i.area_id] = item_total.get(i.area_id, 0) + i.weight
    return {i.pk: (i.area.weight / area_total) * (i.weight / item_total[i.area_id]) for i in items}


def answer_is(position, index):
    """The condition "the answer to the item at `position` is choice `index`" (in SQL)."""
    return Exact(Substr("answers", position + 1, 1), Value(str(index)))


def _choices(layout):
    """[(points, abstain)] per choice index (layouts frozen before 不了解 had no flag)."""
    return [(c[1], bool(c[2]) if len(c) > 2 else False) for c in layout.get("choices", [])]


def answered_condition(layout):
    """SQL: the answers row holds at least one answer that is neither 不了解 nor left out."""
    stripped = F("answers")
    for j, (_points, abstain) in enumerate(_choices(layout)):
        if abstain:
            stripped = Replace(stripped, Value(str(j)), Value(""))
    stripped = Replace(stripped, Value(NOT_ANSWERED), Value(""))
    return ~Exact(stripped, Value(""))


def answers_by_unit(evaluation, extra=None, **ballot_filter):
    """Per unit, the average points of every item (`p<position>`; 不了解 and left-out
    answers count in no average), the ballots that answered it at all (`answered`) and
    the phone and paper ballots, computed in the database in one query, plus any `extra`
    aggregates; {unit pk: row}."""
    layout = evaluation.layout or {"items": [], "choices": []}
    choices = _choices(layout)
    aggregates = {
        f"p{k}": Avg(Case(*[When(answer_is(k, j), then=Value(points)) for j, (points, abstain) in enumerate(choices)
                            if not abstain], default=None, output_field=FloatField()))
        for k in range(len(layout["items"]))
    }
    if aggregates:
        aggregates["answered"] = Count(Case(When(answered_condition(layout), then=Value(1))))
        aggregates["phone"] = Count("ballot_id", filter=Q(ballot__source=BallotSource.PHONE))
        aggregates["paper"] = Count("ballot_id", filter=Q(ballot__source=BallotSource.PAPER))
    aggregates.update(extra or {})
    if not aggregates:
        return {}
    rows = (BallotAnswers.objects.filter(ballot__evaluation=evaluation, **ballot_filter)
            .values("unit_id").annotate(**aggregates).order_by())
    return {row["unit_id"]: row for row in rows}


def _weights(evaluation):
    layout = evaluation.layout or {}
    if "weights" in layout:
        return [Decimal(str(w)) for w in layout["weights"]]
    iw = item_weights(evaluation)
    return [iw.get(item, Decimal(0)) for item in layout.get("items", [])]


def combine(weights, row):
    """The democratic score from per-position averages: the weighted mean over the
    positions somebody answered (None when nobody did)."""
    total, weight = Decimal(0), Decimal(0)
    for k, w in enumerate(weights):
        avg = row.get(f"p{k}")
        if avg is not None and w > 0:
            total += w * Decimal(str(avg))
            weight += w
    return total / weight if weight else None


def democratic_scores(evaluation, **ballot_filter):
    """{unit pk: democratic score 0–100 or None}: average points per (unit, item) computed
    in the database, combined with the rubric weights."""
    weights = _weights(evaluation)
    return {unit: combine(weights, row) for unit, row in answers_by_unit(evaluation, **ballot_filter).items()}


class FiguresUnavailable(Exception):
    """The figures engine failed: the work score is unavailable, results wait."""


def work_scores(campaign, units):
    """{unit pk: work score 0–100}: the share of C4 targets met (a unit without any
    target that applies scores 100). Raises FiguresUnavailable when the engine fails —
    never a substituted score."""
    from xingping.metrics.engine import compute

    codes = {u.code: u.pk for u in units}
    try:
        data = compute(campaign, as_of=min(timezone.localdate(), campaign.last_day), units=list(units))
    except Exception as exc:  # the engine is another app's; report, do not substitute
        log.exception("metrics engine failed; the work score is unavailable")
        raise FiguresUnavailable(str(exc)) from exc
    out = {}
    for unit in data.get("units", []):
        flags = [f.get("met") for f in (unit.get("metrics") or {}).values() if f.get("met") is not None]
        if unit.get("code") in codes and flags:
            out[codes[unit["code"]]] = Decimal(100) * sum(1 for f in flags if f) / len(flags)
    return out


def grade_for(grades, score):
    for grade in grades:
        if score >= Decimal(str(grade["min"])):
            return grade
    return grades[-1]


def unqualified_grade(grades):
    return next((g for g in grades if g["code"] == UNQUALIFIED), grades[-1])


def rolled_up_scores(evaluation, units):
    """{unit pk: mean composite score of the units ranked in the closed evaluation that
    unit holds in this campaign}, when the campaign's rule `scoring.rollup` applies to
    this evaluation (the root's, over units of `rollup.from_level`)."""
    rule = (evaluation.campaign.rules.get("scoring") or {}).get("rollup") or {}
    if not rule or evaluation.holder.parent_id is not None:
        return {}, Decimal(0)
    level = rule.get("from_level", "county")
    held = [u.pk for u in units if u.level == level]
    rows = (UnitResult.objects.filter(evaluation__campaign=evaluation.campaign, evaluation__holder_id__in=held,
                                      evaluation__state=EvaluationState.CLOSED, rank__isnull=False)
            .values("evaluation__holder_id").annotate(avg=Avg("score")).order_by())
    return ({r["evaluation__holder_id"]: Decimal(str(r["avg"])) for r in rows if r["avg"] is not None},
            Decimal(str(rule.get("weight", 0))))


def results_compute(evaluation):
    """(Re)compute every unit's result; called at close, when a veto changes and on
    `evaluation recompute`. A unit answered by fewer than `min_answered` ballots is not
    ranked or graded; when the figures engine fails nothing is ranked (results wait)."""
    units = [eu.unit for eu in evaluation.units.select_related("unit")]
    rows_by_unit = answers_by_unit(evaluation)
    weights = _weights(evaluation)
    try:
        work, unavailable = work_scores(evaluation.campaign, units), False
    except FiguresUnavailable:
        work, unavailable = {}, True
    rolled, roll_weight = rolled_up_scores(evaluation, units)
    vetoed = set(evaluation.vetoes.filter(proposed=False).values_list("unit_id", flat=True))
    dw, ww = evaluation.democratic_weight, evaluation.work_weight
    rows = []
    for unit in units:
        agg = rows_by_unit.get(unit.pk, {})
        dem = combine(weights, agg) if agg else None
        if unit.pk in rolled:
            dem = rolled[unit.pk] if dem is None else (1 - roll_weight) * dem + roll_weight * rolled[unit.pk]
        dem = _q(dem or 0)
        wrk = None if unavailable else _q(work.get(unit.pk, 100))
        rows.append(UnitResult(evaluation=evaluation, unit=unit, democratic_score=dem, work_score=wrk,
                               score=None if wrk is None else _q(dw * dem + ww * wrk), vetoed=unit.pk in vetoed,
                               answered=agg.get("answered", 0), phone_ballots=agg.get("phone", 0),
                               paper_ballots=agg.get("paper", 0), rank=None))
    ranked = sorted((r for r in rows if r.score is not None and r.answered >= evaluation.min_answered),
                    key=lambda r: -r.score)
    for n, row in enumerate(ranked):
        row.rank = ranked[n - 1].rank if n and ranked[n - 1].score == row.score else n + 1
        grade = unqualified_grade(evaluation.grades) if row.vetoed else grade_for(evaluation.grades, row.score)
        row.grade, row.grade_label = grade["code"], grade["label"]
    if evaluation.work_unavailable != unavailable:
        evaluation.work_unavailable = unavailable
        Evaluation.objects.filter(pk=evaluation.pk).update(work_unavailable=unavailable)
    UnitResult.objects.filter(evaluation=evaluation).delete()
    UnitResult.objects.bulk_create(rows)
    return rows


@transaction.atomic
def veto_record(*, actor, evaluation, unit, reason, reference=""):
    evaluation = _lock(evaluation)
    if evaluation.consequences_applied_at:
        raise ValidationError(_("Consequences have been applied; results can no longer change."), code="final")
    if not reason.strip():
        raise ValidationError(_("Give the reason."), code="reason")
    if not evaluation.units.filter(unit=unit).exists():
        raise ValidationError(_("Not a unit of this evaluation."), code="unit")
    veto = Veto.objects.create(evaluation=evaluation, unit=unit, reason=reason.strip(), reference=reference.strip(),
                               recorded_by=actor)
    audit.record(actor=actor, action="veto", obj=veto, new=audit.snapshot(veto))
    if evaluation.is_closed:
        results_compute(evaluation)
    return veto


@transaction.atomic
def veto_remove(*, actor, veto):
    evaluation = _lock(veto.evaluation)
    if evaluation.consequences_applied_at:
        raise ValidationError(_("Consequences have been applied; results can no longer change."), code="final")
    audit.record(actor=actor, action="delete", obj=veto, old=audit.snapshot(veto))
    veto.delete()
    if evaluation.is_closed:
        results_compute(evaluation)


# ------------------------------------------------------------------ meeting

@transaction.atomic
def agenda_update(*, actor, item, speaker, title, done):
    old = audit.snapshot(item, ["speaker", "title", "done"])
    item.speaker, item.title, item.done = speaker.strip(), title.strip(), done
    item.save()
    audit.record(actor=actor, action="update", obj=item, old=old, new=audit.snapshot(item, ["speaker", "title", "done"]))
    return item


@transaction.atomic
def agenda_set_current(*, actor, evaluation, item):
    evaluation = _lock(evaluation)
    old = audit.snapshot(evaluation, ["current_agenda"])
    if evaluation.current_agenda_id and evaluation.current_agenda_id != getattr(item, "pk", None):
        AgendaItem.objects.filter(pk=evaluation.current_agenda_id).update(done=True)
    evaluation.current_agenda = item
    evaluation.save(update_fields=["current_agenda", "updated_at"])
    audit.record(actor=actor, action="agenda", obj=evaluation, old=old, new=audit.snapshot(evaluation, ["current_agenda"]))
    return evaluation


@transaction.atomic
def question_record(*, actor, evaluation, unit, question, asked_by=""):
    if not question.strip():
        raise ValidationError(_("Write the question."), code="question")
    if not evaluation.units.filter(unit=unit).exists():
        raise ValidationError(_("Not a unit of this evaluation."), code="unit")
    q = MeetingQuestion.objects.create(evaluation=evaluation, unit=unit, question=question.strip(),
                                       asked_by=asked_by.strip(), recorded_by=actor)
    audit.record(actor=actor, action="create", obj=q, new=audit.snapshot(q, ["unit", "asked_by", "question"]))
    return q


@transaction.atomic
def question_answer(*, actor, question, answer, answered_by=""):
    if not answer.strip():
        raise ValidationError(_("Write the answer."), code="answer")
    old = audit.snapshot(question, ["answer", "answered_by"])
    question.answer, question.answered_by = answer.strip(), answered_by.strip()
    question.save()
    audit.record(actor=actor, action="answer", obj=question, old=old, new=audit.snapshot(question, ["answer", "answered_by"]))
    return question


# ------------------------------------------------------------------ consequences (R13.3)

def _superior(unit):
    parent = unit.parent
    return parent.name if parent is not None else _("the superior bureau")


def _progress_code(unit, n):
    return f"eval-progress-{unit.code}-{n}"


@transaction.atomic
def consequences_apply(*, actor, evaluation):
    """After the close: unqualified units owe a rectification plan (to the correction
    group and the superior bureau) and progress reports every N days until it is
    accepted, and their main leader gets an admonishment talk; excellent units are
    commended in a drafted notice. Runs once."""
    from xingping.campaigns.services import deliverable_create_for_unit

    evaluation = _lock(evaluation)
    if not evaluation.is_closed:
        raise ValidationError(_("Close voting first."), code="state")
    if evaluation.consequences_applied_at:
        raise ValidationError(_("Consequences have already been applied."), code="done")
    campaign, today = evaluation.campaign, timezone.localdate()
    every = evaluation.progress_every_days
    results = list(evaluation.results.select_related("unit__parent"))
    unqualified = [r.unit for r in results if r.grade == UNQUALIFIED or r.vetoed]
    leaders = main_leaders(unqualified)
    for unit in unqualified:
        addressed = _("Correction leading group; %(superior)s") % {"superior": _superior(unit)}
        plan = deliverable_create_for_unit(
            actor=actor, campaign=campaign, unit=unit, code=f"eval-plan-{unit.code}",
            title=_("Rectification plan after an unqualified evaluation"),
            due_on=today + datetime.timedelta(days=every), addressed_to=addressed,
            description=_("Rated unqualified at the evaluation meeting: submit a rectification plan, then report progress "
                          "every %(days)s days until it is accepted.") % {"days": every},
        )
        follow = RectificationFollowUp.objects.create(evaluation=evaluation, unit=unit, plan=plan, every_days=every)
        audit.record(actor=actor, action="create", obj=follow, new=audit.snapshot(follow))
        _schedule_next_report(actor, follow, addressed)
        name, user = leaders.get(unit.pk, (_("Main leader"), None))
        talk = AdmonishmentTalk.objects.create(
            evaluation=evaluation, unit=unit, leader=user, leader_name=name,
            reason=_("The unit was rated unqualified at the evaluation meeting."),
        )
        audit.record(actor=actor, action="create", obj=talk, new=audit.snapshot(talk))
    excellent = [r.unit for r in results if r.grade == EXCELLENT and not r.vetoed]
    if excellent:
        _draft_commendation(actor, evaluation, excellent, today)
    old = _snap(evaluation)
    evaluation.consequences_applied_at = timezone.now()
    evaluation.save()
    audit.record(actor=actor, action="consequences", obj=evaluation, old=old, new=_snap(evaluation),
                 note=_("%(u)s unqualified, %(e)s excellent") % {"u": len(unqualified), "e": len(excellent)})
    return evaluation


def _schedule_next_report(actor, follow, addressed):
    from xingping.campaigns.services import deliverable_create_for_unit

    n = follow.reports_created + 1
    deliverable_create_for_unit(
        actor=actor, campaign=follow.evaluation.campaign, unit=follow.unit, code=_progress_code(follow.unit, n),
        title=_("Rectification progress report no. %(n)s") % {"n": n},
        due_on=follow.plan.due_on + datetime.timedelta(days=n * follow.every_days), addressed_to=addressed,
    )
    follow.reports_created = n
    follow.save(update_fields=["reports_created"])


@transaction.atomic
def followups_advance(*, actor, evaluation, as_of=None):
    """Keep one progress report scheduled ahead of `as_of` for every unaccepted plan;
    stop once the plan is accepted. Run daily (`xingping evaluation followups`)."""
    from xingping.campaigns.models import SubmissionState

    as_of = as_of or timezone.localdate()
    created = 0
    for follow in evaluation.followups.filter(finished_on__isnull=True).select_related("plan", "unit__parent", "evaluation__campaign"):
        if follow.plan.submissions.filter(state=SubmissionState.ACCEPTED).exists():
            follow.finished_on = as_of
            follow.save(update_fields=["finished_on"])
            audit.record(actor=actor, action="finish", obj=follow, unit=follow.unit, new={"finished_on": as_of})
            continue
        addressed = follow.plan.addressed_to
        while follow.plan.due_on + datetime.timedelta(days=follow.reports_created * follow.every_days) <= as_of:
            _schedule_next_report(actor, follow, addressed)
            created += 1
    return created


def _draft_commendation(actor, evaluation, units, today):
    campaign = evaluation.campaign
    from xingping.orgs.models import OrgUnit

    root = OrgUnit.objects.filter(parent__isnull=True).order_by("path").first()
    names = "、".join(u.name for u in units)
    notice = Commendation.objects.create(
        evaluation=evaluation,
        title=_("Notice commending the units rated excellent in the %(year)s democratic appraisal") % {"year": campaign.year},
        addressee=_("All county bureaus, direct branches and departments of the city bureau"),
        body=_("In the %(campaign)s, after the evaluation meeting on the spot, the following units were rated "
               "excellent: %(names)s. To set an example and encourage the advanced, it is decided to commend these "
               "units in a notice. We hope the commended units keep up their efforts, and that all units learn from "
               "them and keep improving their conduct and service.") % {"campaign": campaign.title, "names": names},
        signatory=root.name if root else "", issued_on=today,
    )
    notice.units.set(units)
    audit.record(actor=actor, action="create", obj=notice, new=audit.snapshot(notice, ["title", "issued_on"]))
    return notice


@transaction.atomic
def talk_update(*, actor, talk, state, held_on=None, notes=""):
    if state not in TalkState.values:
        raise ValidationError(_("Unknown state."), code="state")
    if state == TalkState.HELD and held_on is None:
        raise ValidationError(_("Give the day the talk was held."), code="held_on")
    if held_on and held_on > timezone.localdate():
        raise ValidationError(_("The day is in the future."), code="held_on")
    old = audit.snapshot(talk, ["state", "held_on", "notes"])
    talk.state, talk.held_on, talk.notes = state, held_on, notes.strip()
    talk.save()
    audit.record(actor=actor, action="update", obj=talk, old=old, new=audit.snapshot(talk, ["state", "held_on", "notes"]))
    return talk


@transaction.atomic
def commendation_update(*, actor, notice, title, addressee, body, signatory, issued_on):
    if not (title.strip() and body.strip()):
        raise ValidationError(_("Title and body are required."), code="required")
    fields = ["title", "addressee", "body", "signatory", "issued_on"]
    old = audit.snapshot(notice, fields)
    notice.title, notice.addressee, notice.body = title.strip(), addressee.strip(), body.strip()
    notice.signatory, notice.issued_on = signatory.strip(), issued_on
    notice.save()
    audit.record(actor=actor, action="update", obj=notice, old=old, new=audit.snapshot(notice, fields))
    return notice
