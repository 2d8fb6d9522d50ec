"""The demo campaign: the seed plan with its dates moved so that today falls in the second
phase (自查自纠), with deliverables accepted, returned, late and missing; and last year's
campaign, over (its city evaluation is closed with results, see evaluation/demo.py)."""

import datetime

from django.core.files.base import ContentFile
from django.utils import timezone

from xingping.campaigns.models import Attachment, Campaign, MeetingKind, MobilisationMeeting, Submission, SubmissionState
from xingping.campaigns.services import campaign_create

DEMO_SLUG = "demo"
# Today is placed on this day of the template year: mid 自查自纠 (Aug 11 – Sep 30).
ANCHOR_MONTH_DAY = (9, 8)

MINI_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj "
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def demo_shift(today):
    """(year, shift_days) so that `today` is ANCHOR_MONTH_DAY of the campaign year."""
    anchor_offset = (datetime.date(2001, *ANCHOR_MONTH_DAY) - datetime.date(2001, 7, 1)).days
    year = (today - datetime.timedelta(days=anchor_offset)).year
    shift = (today - datetime.date(year, *ANCHOR_MONTH_DAY)).days
    return year, shift


def _at(day, hour=10):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _demo_emails(users):
    """Leaders and the office get an address so that `xingping remind --send` has someone
    to write to (the demo's e-mail backend prints to the console)."""
    for username, user in users.items():
        if not user.email and (username == "office" or username.endswith("_leader")):
            user.email = f"{username}@xg-aic.example.cn"
            user.save(update_fields=["email"])


def _previous(campaign):
    """Last year's campaign, over and done (its dates unshifted): the evaluation demo closes
    its city evaluation so that results and charts have something to show."""
    year = campaign.year - 1
    slug = f"{DEMO_SLUG}-{year}"
    return Campaign.objects.filter(slug=slug).first() or campaign_create(
        actor=None, slug=slug, year=year, title=f"{year}年全市工商系统民主评议政风行风（演示）",
        document_numbers={"provincial_opinion": f"鄂办发〔{year}〕17号", "city_opinion": f"孝办发〔{year}〕20号"})


def load(ctx):
    today = timezone.localdate()
    campaign = Campaign.objects.filter(slug=DEMO_SLUG).first()
    if campaign is None:
        year, shift = demo_shift(today)
        # the provincial notice's number left out: the office has not given it yet (待补充)
        campaign = campaign_create(actor=None, slug=DEMO_SLUG, year=year, shift_days=shift,
                                   title=f"{year}年全市工商系统民主评议政风行风（演示）",
                                   document_numbers={"provincial_opinion": f"鄂办发〔{year}〕19号",
                                                     "city_opinion": f"孝办发〔{year}〕21号"})
    ctx["campaign"] = campaign
    ctx["previous_campaign"] = _previous(campaign)
    _demo_emails(ctx["users"])
    if Submission.objects.filter(deliverable__campaign=campaign).exists():
        return  # already loaded: idempotent

    users = ctx["users"]
    office = users["office"]
    deliverables = {d.code: d for d in campaign.deliverables.all()}
    plan, summary = deliverables["implementation_plan"], deliverables["mobilisation_summary"]
    counties = ctx["units"]["counties"]

    def make(deliverable, unit, state, submitted_on=None, reason="", body=None):
        leader = users[f"{unit.code.lower()}_leader"]
        sub = Submission.objects.create(
            deliverable=deliverable, unit=unit, state=state,
            body=body or f"{unit.name}{deliverable.title}（演示内容）。",
        )
        if submitted_on:
            sub.submitted_at = sub.first_submitted_at = _at(submitted_on)
            sub.submitted_by = leader
            sub.late = submitted_on > deliverable.due_on
        if state in (SubmissionState.ACCEPTED, SubmissionState.RETURNED):
            sub.reviewed_at, sub.reviewed_by = _at(submitted_on + datetime.timedelta(days=2)), office
        sub.return_reason = reason
        sub.save()
        att = Attachment(submission=sub, original_name=f"{unit.name}-{deliverable.title}.pdf", content_kind="pdf",
                         size=len(MINI_PDF), uploaded_by=leader)
        att.file.save(f"{unit.code}-{deliverable.code}.pdf", ContentFile(MINI_PDF), save=False)
        att.save()
        return sub

    xn, hc, yc, kfq = counties
    d = plan.due_on
    make(plan, xn, SubmissionState.ACCEPTED, d - datetime.timedelta(days=3))
    make(plan, hc, SubmissionState.ACCEPTED, d + datetime.timedelta(days=4))  # accepted, but late
    make(plan, yc, SubmissionState.RETURNED, d - datetime.timedelta(days=1),
         reason="工作计划缺少时间节点和责任人，请补充后重新报送。")
    # kfq: missing (overdue)
    d = summary.due_on
    make(summary, xn, SubmissionState.SUBMITTED, d - datetime.timedelta(days=1))
    make(summary, kfq, SubmissionState.SUBMITTED, d + datetime.timedelta(days=6))  # late, awaiting review
    make(summary, hc, SubmissionState.DRAFT, None)
    # Two stations have started their self-inspection report (due later).
    stations = ctx["units"]["stations"]
    station_report = deliverables["station_self_inspection"]
    make(station_report, stations[0], SubmissionState.SUBMITTED, today - datetime.timedelta(days=1))
    make(station_report, stations[1], SubmissionState.DRAFT, None)

    mobilisation = campaign.phases.get(code="mobilisation")
    materials = list(campaign.study_materials.all())
    city = ctx["units"]["city"]
    meetings = [
        (city, MeetingKind.MOBILISATION, "全市工商系统民主评议政风行风动员大会", 0, 180),
        (xn, MeetingKind.MOBILISATION, "孝南区工商局行评动员暨培训会（以会代训）", 3, 65),
        (hc, MeetingKind.MOBILISATION, "汉川市工商局行评动员大会", 4, 72),
        (xn, MeetingKind.BRANCH, "机关支部专题学习会", 8, 23),
        (stations[0], MeetingKind.DISCUSSION, "书院工商所行风建设讨论交流会", 10, 9),
    ]
    for unit, kind, title, offset, attendance in meetings:
        m = MobilisationMeeting.objects.create(
            campaign=campaign, unit=unit, kind=kind, title=title, attendance=attendance,
            held_on=mobilisation.starts_on + datetime.timedelta(days=offset),
            minutes="传达学习上级文件精神，部署本单位民主评议政风行风工作。", created_by=office,
        )
        m.materials.set(materials[:4])
