"""Writes for oversight. One transaction each, validated (Chinese in zh-hans), audited.

The plan commits first (pool frozen, its SHA-256 and the seed's SHA-256 published), the draw
reveals the seed (it must hash to the commitment) and is made once: `Draw.plan` is
one-to-one, so a second draw of the same plan is refused by the database too.
"""

from __future__ import annotations

import datetime
import os

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from xingping.core import audit
from xingping.core.calendar import add_working_days
from xingping.core.uploads import IMAGE_TYPES, validate_upload
from xingping.orgs.models import OrgUnit
from xingping.outreach.models import Verification, VisitCheck
from xingping.outreach.services import visit_check_record
from xingping.oversight import draws, selectors
from xingping.oversight.models import (
    Accountability, Cause, CheckItem, Draw, Inspection, Inspector, Measure, Mode, Notice, NoticeKind, NoticeState, Photo,
    PlanState, PoolKind, SpotCheck, Target,
)


def check_item_save(*, actor, data: dict) -> CheckItem:
    """Create or update a check item of the register (抽查事项清单), by its code."""

    with transaction.atomic():
        obj = CheckItem.objects.filter(code=data["code"]).first()
        old = audit.snapshot(obj) if obj else None
        obj = obj or CheckItem(code=data["code"])
        for key in ("name", "basis", "method", "default_ratio", "pool_kind"):
            setattr(obj, key, data.get(key, getattr(obj, key)))
        obj.save()
        audit.record(actor=actor, action="update" if old else "create", obj=obj, old=old, new=audit.snapshot(obj))
    return obj


def inspector_register(*, actor, username: str, conflicts=(), active: bool = True) -> Inspector:
    """Add a staff member to the inspector register (执法检查人员名录库) with declared conflicts (回避)."""
    from xingping.accounts.models import User

    user = User.objects.filter(username=(username or "").strip(), is_active=True).first()
    if user is None or user.unit_id is None:
        raise ValidationError({"username": _("No active staff member of a unit has this username.")})
    with transaction.atomic():
        entry, created = Inspector.objects.get_or_create(user=user, defaults={"active": active})
        old = None if created else {"active": entry.active, "conflicts": sorted(entry.conflicts.values_list("code", flat=True))}
        entry.active = active
        entry.save()
        entry.conflicts.set(conflicts)
        audit.record(actor=actor, action="create" if created else "update", obj=entry, old=old,
                     new={"active": active, "conflicts": sorted(c.code for c in conflicts)}, unit=user.unit)
    return entry


def _ratio(ratio):
    if ratio is None:
        return None
    try:
        ratio = float(ratio)
    except (TypeError, ValueError):
        raise ValidationError({"ratio": _("The ratio must be a number.")})
    if not 0 < ratio <= 1:
        raise ValidationError({"ratio": _("The ratio must be greater than 0 and at most 1.")})
    return ratio


def spot_check_plan(*, actor, campaign, title: str, pool_kind: str, unit: OrgUnit, seed_sha256: str,
                    count: int | None = None, ratio=None, item=None, level: str = "", date_from=None, date_to=None,
                    inspectors_per_target: int = 0, publish_within_wd: int = 20) -> SpotCheck:
    """Plan a spot check and publish its commitment: the frozen pool's hash and the seed's hash."""
    if pool_kind not in PoolKind.values:
        raise ValidationError({"pool_kind": _("Unknown pool.")})
    ratio = _ratio(ratio)
    if (count is None) == (ratio is None):
        raise ValidationError({"count": _("Give either a count or a ratio.")})
    if count is not None and count <= 0:
        raise ValidationError({"count": _("The count must be at least 1.")})
    seed_sha256 = (seed_sha256 or "").strip().lower()
    if len(seed_sha256) != 64 or any(c not in "0123456789abcdef" for c in seed_sha256):
        raise ValidationError({"seed_sha256": _("The seed commitment must be a SHA-256 in hexadecimal (64 characters).")})
    if date_from and date_to and date_from > date_to:
        raise ValidationError({"date_to": _("The end of the date range is before its start.")})
    members = selectors.pool_members(kind=pool_kind, unit=unit, level=level, date_from=date_from, date_to=date_to)
    if not members:
        raise ValidationError({"pool_kind": _("The pool is empty: nothing to draw from.")})
    if ratio is not None:
        count = max(1, draws.count_for_ratio(ratio, len(members)))
    if count > len(members):
        raise ValidationError({"count": _("The count (%(count)d) is larger than the pool (%(size)d).")
                               % {"count": count, "size": len(members)}})
    pool = sorted(members)
    with transaction.atomic():
        plan = SpotCheck.objects.create(
            campaign=campaign, title=(title or "").strip() or _("Spot check"), item=item, pool_kind=pool_kind, unit=unit,
            level=level or "", date_from=date_from, date_to=date_to, ratio=ratio, count=count,
            inspectors_per_target=inspectors_per_target, pool=pool, pool_sha256=draws.pool_sha256(pool),
            seed_sha256=seed_sha256, publish_within_wd=publish_within_wd, created_by=_user(actor))
        audit.record(actor=actor, action="plan", obj=plan, new=audit.snapshot(plan, fields=(
            "title", "pool_kind", "unit", "count", "ratio", "pool_sha256", "seed_sha256")), unit=unit)
    return plan


def _user(actor):
    return actor if getattr(actor, "pk", None) else None


def _eligible_inspectors(target_unit, entries):
    """Usernames of inspectors who may inspect `target_unit`: none from the target's own line (its
    area, or a unit above it other than the root, which oversees everyone), no declared conflict."""
    out = []
    for entry in entries:
        home = entry.user.unit.acting_unit if entry.user.unit_id else None
        if home is None or home.path.startswith(target_unit.path):
            continue
        if home.parent_id is not None and target_unit.path.startswith(home.path):
            continue
        if any(target_unit.path.startswith(c.path) for c in entry.conflicts.all()):
            continue
        out.append(entry.user.username)
    return out


def spot_check_draw(*, actor, plan: SpotCheck, seed: str) -> Draw:
    """Reveal the seed and draw (C10). Refused when the seed does not match the commitment,
    when the plan was drawn already, or when too few inspectors are eligible for a target."""
    if Draw.objects.filter(plan=plan).exists():
        raise ValidationError(_("This spot check has already been drawn; a draw is made once."))
    if not seed:
        raise ValidationError({"seed": _("The seed is required.")})
    if draws.sha256_hex(seed) != plan.seed_sha256:
        raise ValidationError({"seed": _("The seed does not match the published commitment.")})
    record = draws.record(seed=seed, pool=plan.pool, count=plan.count)
    members = selectors.pool_members(kind=plan.pool_kind, unit=plan.unit, level=plan.level,
                                     date_from=plan.date_from, date_to=plan.date_to)
    units = {u.pk: u for u in OrgUnit.objects.filter(pk__in=set(members.values()))}
    entries = list(Inspector.objects.filter(active=True).select_related("user__unit__parent")
                   .prefetch_related("conflicts").order_by("user__username"))
    by_name = {e.user.username: e.user for e in entries}
    assignments = []
    for position, member in enumerate(record["selected"], start=1):
        if member not in members:
            raise ValidationError(_("The pool changed since the plan was published: %(member)s is gone.")
                                  % {"member": member})
        unit = units[members[member]]
        chosen = []
        if plan.inspectors_per_target:
            eligible = _eligible_inspectors(unit, entries)
            if len(eligible) < plan.inspectors_per_target:
                raise ValidationError(_("Too few eligible inspectors for %(member)s: %(n)d, %(need)d needed.")
                                      % {"member": member, "n": len(eligible), "need": plan.inspectors_per_target})
            chosen = draws.inspector_rank(seed, member, eligible)[:plan.inspectors_per_target]
        assignments.append((position, member, unit, chosen))
    try:
        with transaction.atomic():
            draw = Draw.objects.create(plan=plan, seed=seed, record=record, drawn_by=_user(actor))
            for position, member, unit, chosen in assignments:
                visit = selectors.visit_by_member(member) if plan.pool_kind == PoolKind.VISITS else None
                target = Target.objects.create(draw=draw, member=member, position=position, unit=unit, visit=visit)
                target.inspectors.set([by_name[name] for name in chosen])
                if visit is not None:
                    VisitCheck.objects.get_or_create(visit=visit, defaults={
                        "campaign": plan.campaign, "unit": visit.unit, "seed": f"draw:{draw.pk}"})
            plan.state = PlanState.DRAWN
            plan.save(update_fields=["state", "updated_at"])
            audit.record(actor=actor, action="draw", obj=draw, unit=plan.unit,
                         new={"seed": seed, "selected": record["selected"],
                              "inspectors": {m: c for _p, m, _u, c in assignments}})
    except IntegrityError:
        raise ValidationError(_("This spot check has already been drawn; a draw is made once."))
    return draw


def draw_new(*, actor, campaign, pool_kind: str, unit: OrgUnit, seed: str, count=None, ratio=None, title="",
             date_from=None, date_to=None) -> Draw:
    """The command line's one step: commit and reveal at once (`xingping draw new`)."""
    if not seed:
        raise ValidationError({"seed": _("The seed is required.")})
    with transaction.atomic():
        plan = spot_check_plan(actor=actor, campaign=campaign, title=title, pool_kind=pool_kind, unit=unit,
                               seed_sha256=draws.sha256_hex(seed), count=count, ratio=ratio,
                               date_from=date_from, date_to=date_to)
        return spot_check_draw(actor=actor, plan=plan, seed=seed)


def _photos(photos):
    kinds = []
    for f in photos:
        kinds.append(validate_upload(f, allowed=IMAGE_TYPES))
    return kinds


def inspection_record(*, actor, unit: OrgUnit, mode: str, inspected_on: datetime.date, place: str, seen: str,
                      answer: str = "", problem_found: bool = False, target: Target | None = None,
                      photos=()) -> Inspection:
    errors = {}
    if mode not in Mode.values:
        errors["mode"] = _("Choose open inspection or covert visit.")
    if inspected_on is None or inspected_on > timezone.localdate():
        errors["inspected_on"] = _("The date of the inspection cannot be in the future.")
    if not (place or "").strip():
        errors["place"] = _("The place is required.")
    if not (seen or "").strip():
        errors["seen"] = _("Write what was seen.")
    try:
        kinds = _photos(photos)
    except ValidationError as exc:
        errors["photos"] = exc.messages[0]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        obj = Inspection.objects.create(target=target, unit=unit, mode=mode, inspected_on=inspected_on,
                                        place=place.strip(), seen=seen.strip(), answer=(answer or "").strip(),
                                        problem_found=problem_found, inspector=actor)
        for f, kind in zip(photos, kinds):
            photo = Photo(inspection=obj)
            stem = os.path.splitext(os.path.basename(f.name or ""))[0][:60] or "photo"
            photo.file.save(f"{stem}.{kind}", f, save=False)
            photo.save()
        audit.record(actor=actor, action="create", obj=obj, new=audit.snapshot(obj), unit=unit)
    return obj


def inspection_publish(*, actor, inspection: Inspection, published_on: datetime.date | None = None) -> Inspection:
    with transaction.atomic():
        old = audit.snapshot(inspection)
        inspection.published_on = published_on or timezone.localdate()
        inspection.save(update_fields=["published_on", "updated_at"])
        audit.record(actor=actor, action="publish", obj=inspection, old=old, new=audit.snapshot(inspection))
    return inspection


def publish_due_on(inspection: Inspection, within_wd: int | None = None) -> datetime.date:
    """Results are due within N working days of the check (the plan's, default 20)."""
    if within_wd is None:
        plan = inspection.target.draw.plan if inspection.target_id else None
        within_wd = plan.publish_within_wd if plan else 20
    return add_working_days(inspection.inspected_on, within_wd)


def inspection_to_finding(*, actor, inspection: Inspection, campaign):
    """One click: the inspection becomes a rectification finding (then the five clears form)."""
    from xingping.rectification.models import Category, Source
    from xingping.rectification.services import finding_create

    if inspection.finding_id:
        raise ValidationError(_("This inspection already has a rectification finding."))
    with transaction.atomic():
        finding = finding_create(
            actor=actor, campaign=campaign, unit=inspection.unit, title=inspection.seen.splitlines()[0][:200],
            category=Category.OTHER, source=Source.SPOT_CHECK, found_on=inspection.inspected_on,
            description=inspection.seen, source_type="inspection", source_id=inspection.pk,
            source_summary=f"{inspection.get_mode_display()} · {inspection.place} · {inspection.inspected_on}")
        old = audit.snapshot(inspection)
        inspection.finding_id = finding.pk
        inspection.save(update_fields=["finding_id", "updated_at"])
        audit.record(actor=actor, action="finding", obj=inspection, old=old, new=audit.snapshot(inspection))
    return finding


def target_verify(*, actor, target: Target, outcome: str, note: str = ""):
    """A sampled visit record verified by phone or on site: confirmed, or struck (not confirmed).
    Reuses outreach's verification check, so a struck visit stops counting (C4)."""
    if target.visit_id is None:
        raise ValidationError(_("This target is not a visit record."))
    if outcome not in (Verification.CONFIRMED, Verification.NOT_CONFIRMED):
        raise ValidationError({"outcome": _("Choose confirmed or struck.")})
    check = VisitCheck.objects.select_related("visit", "unit").get(visit_id=target.visit_id)
    return visit_check_record(actor=actor, check=check, outcome=outcome, note=note)


# ------------------------------------------------------------------ notices

NOTICE_FLOW = {NoticeState.DRAFT: NoticeState.REVIEWED, NoticeState.REVIEWED: NoticeState.ISSUED}


def notice_draft(*, actor, campaign, kind: str, title: str, number: str, issuer: str, addressee: str, body: str,
                 public: bool = False, inspection: Inspection | None = None, units=()) -> Notice:
    errors = {}
    if kind not in NoticeKind.values:
        errors["kind"] = _("Choose criticism or commendation.")
    for field, value in (("title", title), ("number", number), ("issuer", issuer), ("addressee", addressee),
                         ("body", body)):
        if not (value or "").strip():
            errors[field] = _("This field is required.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        notice = Notice.objects.create(campaign=campaign, kind=kind, title=title.strip(), number=number.strip(),
                                       issuer=issuer.strip(), addressee=addressee.strip(), body=body.strip(),
                                       public=public, inspection=inspection, created_by=_user(actor))
        notice.units.set(units)
        audit.record(actor=actor, action="create", obj=notice, new=audit.snapshot(notice))
    return notice


def notice_from_inspection(*, actor, inspection: Inspection, campaign, number: str, issuer: str) -> Notice:
    body = (f"{inspection.inspected_on.year}年{inspection.inspected_on.month}月{inspection.inspected_on.day}日，"
            f"对{inspection.unit.name}开展{inspection.get_mode_display()}，发现：{inspection.seen}")
    if inspection.answer:
        body += f"\n单位说明：{inspection.answer}"
    return notice_draft(actor=actor, campaign=campaign, kind=NoticeKind.CRITICISM, number=number, issuer=issuer,
                        title=f"关于{inspection.unit.name}明查暗访发现问题的通报", addressee="各县（市、区）局，市局各科室",
                        body=body, inspection=inspection, units=[inspection.unit])


def notice_from_evaluation(*, actor, campaign, kind: str, number: str, issuer: str) -> Notice:
    """A notice drafted from the evaluation results: the best (commendation) or the unqualified (criticism)."""
    from xingping.evaluation.models import UnitResult

    results = UnitResult.objects.filter(evaluation__campaign=campaign).select_related("unit").order_by("rank")
    if kind == NoticeKind.COMMENDATION:
        chosen = [r for r in results if r.rank and r.rank <= 3]
        title, verb = f"关于{campaign.year}年民主评议政风行风先进单位的通报", "评为先进，予以通报表扬"
    else:
        worst = results.order_by("-score").last()
        chosen = [r for r in results if worst and r.grade == worst.grade and r.rank != 1]
        title, verb = f"关于{campaign.year}年民主评议政风行风排名靠后单位的通报", "排名靠后，予以通报批评"
    if not chosen:
        raise ValidationError(_("The evaluation has no results yet."))
    names = "、".join(r.unit.name for r in chosen)
    body = f"经民主评议，{names}{verb}。希望各单位对照查找差距，抓好整改落实。"
    return notice_draft(actor=actor, campaign=campaign, kind=kind, title=title, number=number, issuer=issuer,
                        addressee="各县（市、区）局，市局各科室", body=body, units=[r.unit for r in chosen])


def notice_advance(*, actor, notice: Notice, public: bool | None = None, issued_on=None) -> Notice:
    """Draft → reviewed → issued (internally, or publicly when `public`)."""
    nxt = NOTICE_FLOW.get(notice.state)
    if nxt is None:
        raise ValidationError(_("This notice has already been issued."))
    with transaction.atomic():
        old = audit.snapshot(notice)
        notice.state = nxt
        if public is not None:
            notice.public = public
        if nxt == NoticeState.ISSUED:
            notice.issued_on = issued_on or timezone.localdate()
        notice.save()
        audit.record(actor=actor, action=nxt, obj=notice, old=old, new=audit.snapshot(notice))
    return notice


# ------------------------------------------------------------------ accountability

def accountability_record(*, actor, person: str, unit: OrgUnit, cause: str, measure: str, decider: str,
                          decided_on: datetime.date, evidence: str = "", user=None,
                          inspection: Inspection | None = None) -> Accountability:
    errors = {}
    if not (person or "").strip():
        errors["person"] = _("This field is required.")
    if cause not in Cause.values:
        errors["cause"] = _("Choose a cause from the plan's list.")
    if measure not in Measure.values:
        errors["measure"] = _("Choose a measure.")
    if not (decider or "").strip():
        errors["decider"] = _("This field is required.")
    if decided_on is None or decided_on > timezone.localdate():
        errors["decided_on"] = _("The date cannot be in the future.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        obj = Accountability.objects.create(person=person.strip(), unit=unit, cause=cause, measure=measure,
                                            decider=decider.strip(), decided_on=decided_on,
                                            evidence=(evidence or "").strip(), user=user, inspection=inspection,
                                            created_by=_user(actor))
        audit.record(actor=actor, action="create", obj=obj, new=audit.snapshot(obj), unit=unit)
    return obj
