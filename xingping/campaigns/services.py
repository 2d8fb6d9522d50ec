"""Writes for campaigns: every one validates, changes, audits, in one transaction."""

import copy
import datetime
import json
import re
from importlib import resources

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from xingping.accounts.models import Role
from xingping.campaigns.models import (
    Attachment,
    Campaign,
    Deliverable,
    MobilisationMeeting,
    Phase,
    StudyMaterial,
    Submission,
    SubmissionState,
)
from xingping.core import audit, snapshots
from xingping.orgs.policy import CHANGE, unit_in_scope
from xingping.core.uploads import store_upload, validate_upload

DEFAULT_TEMPLATE = "seed_plan.json"


def load_template(name=DEFAULT_TEMPLATE):
    text = resources.files("xingping.campaigns").joinpath("templates_data", name).read_text(encoding="utf-8")
    return json.loads(text)


def _day(year, month_day, shift):
    month, day = (int(p) for p in month_day.split("-"))
    return datetime.date(year, month, day) + datetime.timedelta(days=shift)


@transaction.atomic
def campaign_create(*, actor, slug: str, year: int, title: str | None = None, template: dict | None = None,
                    shift_days: int = 0, document_numbers: dict[str, str] | None = None):
    """A campaign from a template: window, phases, deliverables, rules (C2 `campaign new`).

    `shift_days` moves every date (the demo uses it to put today in the second phase);
    the campaign year stays `year`. `document_numbers` gives the 文号 of the template's
    numbered study materials by their code ({"provincial_opinion": "鄂办发〔2026〕19号"}); one
    not given is shown as 待补充 until `study_material_set_number`. Deliverable texts keep
    their placeholders ({due}) and are filled from the deliverable's data when shown
    (campaigns/texts.py)."""
    if Campaign.objects.filter(slug=slug).exists():
        raise ValidationError(_("A campaign %(slug)s already exists.") % {"slug": slug})
    tpl = copy.deepcopy(template or load_template())
    document_numbers = {k: (v or "").strip() for k, v in (document_numbers or {}).items()}
    numbered = {m.get("code") for m in tpl.get("study_materials", []) if m.get("numbered")}
    if unknown := sorted(set(document_numbers) - numbered):
        raise ValidationError(_("No numbered study material has the code %(codes)s.") % {"codes": "、".join(unknown)})
    campaign = Campaign.objects.create(
        slug=slug,
        title=title or f"{year}年{tpl['title']}",
        year=year,
        first_day=_day(year, tpl["window"]["start"], shift_days),
        last_day=_day(year, tpl["window"]["end"], shift_days),
        template_version=tpl["version"],
        rules={k: v for k, v in tpl.items() if k not in ("phases", "deliverables", "study_materials")},
    )
    phases = {}
    for order, p in enumerate(tpl["phases"], start=1):
        phases[p["code"]] = Phase.objects.create(
            campaign=campaign, code=p["code"], name=p["name"], name_en=p.get("name_en", ""), order=order,
            starts_on=_day(year, p["start"], shift_days), ends_on=_day(year, p["end"], shift_days),
        )
    made = {}
    for order, d in enumerate(tpl["deliverables"], start=1):
        made[d["code"]] = Deliverable.objects.create(
            campaign=campaign, code=d["code"], title=d["title"], title_en=d.get("title_en", ""),
            description=d.get("description", ""), phase=phases.get(d.get("phase")),
            due_on=_day(year, d["due"], shift_days), owner_levels=";".join(d.get("levels", [])), order=order,
        )
    for d in tpl["deliverables"]:
        if d.get("rollup_from"):
            made[d["code"]].rollup_from = made[d["rollup_from"]]
            made[d["code"]].save(update_fields=["rollup_from"])
    for order, m in enumerate(tpl.get("study_materials", []), start=1):
        StudyMaterial.objects.create(campaign=campaign, code=m.get("code", ""), title=m["title"], order=order,
                                     numbered=bool(m.get("numbered")),
                                     document_number=document_numbers.get(m.get("code"), "") if m.get("numbered") else "")
    audit.record(actor=actor, action="create", obj=campaign, new=audit.snapshot(campaign, ["slug", "title", "first_day", "last_day"]))
    return campaign


@transaction.atomic
def study_material_set_number(*, actor, material: StudyMaterial, document_number: str) -> StudyMaterial:
    """Give (or correct) a numbered study material's 文号; empty shows 待补充 again."""
    document_number = (document_number or "").strip()
    if not material.numbered:
        raise ValidationError(_("This study material is not a numbered document."))
    if len(document_number) > StudyMaterial._meta.get_field("document_number").max_length:
        raise ValidationError(_("The document number is too long."))
    old = audit.snapshot(material, ["document_number"])
    material.document_number = document_number
    material.save(update_fields=["document_number"])
    audit.record(actor=actor, action="update", obj=material, old=old, new=audit.snapshot(material, ["document_number"]))
    return material


@transaction.atomic
def deliverable_create_for_unit(*, actor, campaign, unit, code, title, due_on, description="", addressed_to="", phase=None):
    """A deliverable owed by one unit (e.g. the rectification plan of an unqualified unit)."""
    deliverable, created = Deliverable.objects.get_or_create(
        campaign=campaign, code=code,
        defaults=dict(title=title, due_on=due_on, owner_unit=unit, description=description,
                      addressed_to=addressed_to, phase=phase),
    )
    if created:
        audit.record(actor=actor, action="create", obj=deliverable, unit=unit,
                     new=audit.snapshot(deliverable, ["code", "title", "due_on", "owner_unit"]))
    return deliverable


# ------------------------------------------------------------- submissions

def can_author(actor, unit):
    """Who writes a unit's submissions: its own leaders and staff (a department's people
    act for their parent). Units above review; they do not write for the units below."""
    acting = actor.unit.acting_unit if getattr(actor, "unit", None) is not None else None
    return bool(
        acting is not None
        and acting.pk == unit.pk
        and actor.has_role(Role.LEADER, Role.STAFF)
        and unit_in_scope(actor, unit, CHANGE)
    )


def can_submit(actor, unit):
    """Only a leader of the unit itself submits (一把手/分管领导审签后报送)."""
    return can_author(actor, unit) and actor.has_role(Role.LEADER)


def _check_author(actor, unit):
    if not can_author(actor, unit):
        raise PermissionDenied(_("You may not write for this unit."))


def can_review(actor, submission):
    """The office reviews everything; a leader of a unit above reviews a unit below."""
    if actor.is_office:
        return True
    unit = submission.unit
    return (
        actor.has_role(Role.LEADER)
        and actor.unit is not None
        and unit.pk != actor.unit.acting_unit.pk
        and unit_in_scope(actor, unit, CHANGE)
    )


def submission_for(*, deliverable, unit):
    return Submission.objects.filter(deliverable=deliverable, unit=unit).first()


@transaction.atomic
def submission_save_draft(*, actor, deliverable, unit, body):
    _check_author(actor, unit)
    if not deliverable.is_owed_by(unit):
        raise ValidationError(_("This unit does not owe this deliverable."))
    sub, created = Submission.objects.select_for_update().get_or_create(deliverable=deliverable, unit=unit)
    if sub.state not in (SubmissionState.DRAFT, SubmissionState.RETURNED):
        raise ValidationError(_("Only a draft or a returned submission can be edited."))
    old = audit.snapshot(sub, ["body"])
    sub.body = body
    sub.save()
    audit.record(actor=actor, action="create" if created else "update", obj=sub, old=None if created else old,
                 new=audit.snapshot(sub, ["body"]))
    return sub


@transaction.atomic
def attachment_add(*, actor, submission, uploaded):
    _check_author(actor, submission.unit)
    if submission.state not in (SubmissionState.DRAFT, SubmissionState.RETURNED):
        raise ValidationError(_("Attachments can only be added to a draft or a returned submission."))
    kind = validate_upload(uploaded)
    att = Attachment(submission=submission, original_name=uploaded.name[:200], content_kind=kind, size=uploaded.size,
                     uploaded_by=actor)
    # Stored under the extension of what the file really is (a PNG named .pdf is kept as .png).
    store_upload(att.file, uploaded, kind)
    att.save()
    audit.record(actor=actor, action="attach", obj=submission, unit=submission.unit, new={"file": att.original_name, "size": att.size})
    return att


@transaction.atomic
def attachment_remove(*, actor, attachment):
    submission = attachment.submission
    _check_author(actor, submission.unit)
    if submission.state not in (SubmissionState.DRAFT, SubmissionState.RETURNED):
        raise ValidationError(_("Attachments of a submitted report cannot be removed."))
    audit.record(actor=actor, action="detach", obj=submission, unit=submission.unit, old={"file": attachment.original_name})
    attachment.file.delete(save=False)
    attachment.delete()


def _transition(actor, sub, target, reason=""):
    workflow = sub.deliverable.campaign.submission_workflow()
    workflow.check(sub.state, target, reason)
    old = audit.snapshot(sub, ["state", "return_reason"])
    sub.state = target
    # deliverable_on_time_rate changes: the figures' snapshots are keyed by a data version.
    transaction.on_commit(snapshots.bump_figures)
    return old


@transaction.atomic
def submission_submit(*, actor, submission):
    sub = Submission.objects.select_for_update().select_related("deliverable__campaign", "unit").get(pk=submission.pk)
    _check_author(actor, sub.unit)
    if not can_submit(actor, sub.unit):
        raise PermissionDenied(_("Only the unit leader submits."))
    if not sub.body.strip() and not sub.attachments.exists():
        raise ValidationError(_("Write the content or attach a file before submitting."))
    old = _transition(actor, sub, SubmissionState.SUBMITTED)
    now = timezone.now()
    sub.submitted_at, sub.submitted_by = now, actor
    if sub.first_submitted_at is None:
        sub.first_submitted_at = now
        sub.late = timezone.localdate(now) > sub.deliverable.due_on
    sub.save()
    audit.record(actor=actor, action="submit", obj=sub, old=old, new=audit.snapshot(sub, ["state", "return_reason"]))
    return sub


@transaction.atomic
def submission_return(*, actor, submission, reason):
    sub = Submission.objects.select_for_update().select_related("deliverable__campaign", "unit").get(pk=submission.pk)
    if not can_review(actor, sub):
        raise PermissionDenied(_("You may not review this submission."))
    old = _transition(actor, sub, SubmissionState.RETURNED, reason)
    sub.return_reason = reason.strip()
    sub.reviewed_at, sub.reviewed_by = timezone.now(), actor
    sub.save()
    audit.record(actor=actor, action="return", obj=sub, old=old, new=audit.snapshot(sub, ["state", "return_reason"]), note=reason)
    return sub


@transaction.atomic
def submission_accept(*, actor, submission):
    sub = Submission.objects.select_for_update().select_related("deliverable__campaign", "unit").get(pk=submission.pk)
    if not can_review(actor, sub):
        raise PermissionDenied(_("You may not review this submission."))
    old = _transition(actor, sub, SubmissionState.ACCEPTED)
    sub.reviewed_at, sub.reviewed_by = timezone.now(), actor
    sub.save()
    audit.record(actor=actor, action="accept", obj=sub, old=old, new=audit.snapshot(sub, ["state", "return_reason"]))
    return sub


# ------------------------------------------------------------- mobilisation

@transaction.atomic
def meeting_create(*, actor, campaign, unit, kind, title, held_on, attendance, minutes="", materials=()):
    if not unit_in_scope(actor, unit, CHANGE):
        raise PermissionDenied(_("You may not write for this unit."))
    if attendance < 1:
        raise ValidationError(_("Attendance must be at least 1."))
    meeting = MobilisationMeeting.objects.create(
        campaign=campaign, unit=unit, kind=kind, title=title, held_on=held_on, attendance=attendance,
        minutes=minutes, created_by=actor,
    )
    if materials:
        meeting.materials.set(materials)
    audit.record(actor=actor, action="create", obj=meeting, new=audit.snapshot(meeting))
    return meeting


# ------------------------------------------------------------- next year's campaign (the office's page)

DOCUMENT_NUMBER = re.compile(r"[^（(\s]*〔\*〕\d*号")  # the template's placeholder, e.g. 鄂办发〔*〕19号


def template_documents(template=None):
    """The template's study materials that carry a document number (文号), given when a
    campaign is created: [(code, title, the plan's number as a hint, e.g. 鄂办发〔*〕19号)]."""
    tpl = template or load_template()
    return [(m["code"], m["title"], m.get("plan_number", "")) for m in tpl.get("study_materials", [])
            if m.get("numbered") and m.get("code")]


def template_first_day(year, template=None):
    tpl = template or load_template()
    return _day(year, tpl["window"]["start"], 0)


@transaction.atomic
def campaign_create_for_year(*, actor, slug, year, title="", first_day=None, document_numbers=None):
    """Next year's campaign from the template, as the office asks for it on its page: the
    same `campaign_create` the `xingping campaign new` command uses, every date moved so
    that the campaign starts on `first_day` (default: the template's start in `year`), and
    the document numbers the office gave ({study-material code: 文号}; blank: 文号待补充)."""
    if not actor.has_role(Role.OFFICE):
        raise PermissionDenied(_("Only the campaign office creates campaigns."))
    if not 2000 <= year <= 2100:
        raise ValidationError({"year": _("Enter a year between 2000 and 2100.")})
    start = template_first_day(year)
    first_day = first_day or start
    if first_day.year != year:
        raise ValidationError({"first_day": _("The first day must be in the campaign year %(year)d.") % {"year": year}})
    if Campaign.objects.filter(slug=slug).exists():
        raise ValidationError({"slug": _("A campaign with the short name %(slug)s already exists.") % {"slug": slug}})
    campaign = campaign_create(actor=actor, slug=slug, year=year, title=(title or "").strip() or None,
                               shift_days=(first_day - start).days, document_numbers=document_numbers)
    return campaign
