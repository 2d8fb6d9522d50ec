"""R13.3: what follows from the results, through the campaign's deliverables."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from docx import Document

from xingping.campaigns.models import Deliverable, Submission, SubmissionState
from xingping.core.models import AuditEvent
from xingping.evaluation import services
from xingping.evaluation.documents import commendation_docx
from xingping.evaluation.models import AdmonishmentTalk, RectificationFollowUp, TalkState
from xingping.evaluation.tests.conftest import full_scores, issue
from xingping.orgs.models import GroupMembership, GroupRole

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed(open_evaluation, tree, monkeypatch):
    """XN unqualified (all 不满意), HC vetoed, the rest excellent."""
    monkeypatch.setattr(services.scoring, "work_scores", lambda campaign, units: {})
    services.ballot_cast(token=issue(open_evaluation)[0], scores=full_scores(open_evaluation, 3, {"XN": 1}))
    services.evaluation_close(actor=tree.office, evaluation=open_evaluation)
    services.veto_record(actor=tree.office, evaluation=open_evaluation, unit=tree.county2, reason="查实严重违纪")
    return open_evaluation


def test_unqualified_units_owe_a_plan_and_progress_reports(closed, tree, campaign):
    GroupMembership.objects.create(unit=tree.county, role=GroupRole.LEADER, name="李局长", person=tree.county_leader)
    services.consequences_apply(actor=tree.office, evaluation=closed)
    today = timezone.localdate()
    plan = Deliverable.objects.get(campaign=campaign, code="eval-plan-XN")
    assert plan.owner_unit == tree.county and plan.due_on == today + datetime.timedelta(days=15)
    assert "纠风领导小组" in plan.addressed_to and tree.city.name in plan.addressed_to
    first = Deliverable.objects.get(campaign=campaign, code="eval-progress-XN-1")
    assert first.due_on == plan.due_on + datetime.timedelta(days=15) and first.owner_unit == tree.county
    assert Deliverable.objects.filter(code="eval-plan-HC").exists()  # the vetoed unit too
    assert not Deliverable.objects.filter(code="eval-plan-XN01").exists()
    talk = AdmonishmentTalk.objects.get(unit=tree.county)
    assert (talk.leader_name, talk.leader, talk.state) == ("李局长", tree.county_leader, TalkState.PLANNED)
    assert AdmonishmentTalk.objects.get(unit=tree.county2).leader == tree.other_county_leader
    assert AuditEvent.objects.filter(action="consequences").exists()
    assert AuditEvent.objects.filter(object_type="campaigns.deliverable", unit=tree.county).count() == 2
    with pytest.raises(ValidationError):
        services.consequences_apply(actor=tree.office, evaluation=closed)  # once
    with pytest.raises(ValidationError):
        services.veto_record(actor=tree.office, evaluation=closed, unit=tree.station, reason="x")  # results are final


def test_progress_reports_follow_every_n_days_until_the_plan_is_accepted(closed, tree, campaign):
    services.consequences_apply(actor=tree.office, evaluation=closed)
    follow = RectificationFollowUp.objects.get(unit=tree.county)
    plan = follow.plan
    assert services.followups_advance(actor=None, evaluation=closed, as_of=plan.due_on) == 0
    later = plan.due_on + datetime.timedelta(days=31)  # report 1 (day 15) and 2 (day 30) are due by now
    assert services.followups_advance(actor=None, evaluation=closed, as_of=later) == 4  # XN and HC: reports 2, 3
    assert Deliverable.objects.filter(code__startswith="eval-progress-XN-").count() == 3
    Submission.objects.create(deliverable=plan, unit=tree.county, state=SubmissionState.ACCEPTED)
    services.followups_advance(actor=None, evaluation=closed, as_of=later + datetime.timedelta(days=60))
    follow.refresh_from_db()
    assert follow.finished_on is not None
    assert Deliverable.objects.filter(code__startswith="eval-progress-XN-").count() == 3  # stopped


def test_excellent_units_get_a_commendation_notice_as_word(closed, tree):
    services.consequences_apply(actor=tree.office, evaluation=closed)
    notice = closed.commendation
    units = set(notice.units.values_list("code", flat=True))
    assert "XN01" in units and "XN" not in units and "HC" not in units
    doc = Document(io.BytesIO(commendation_docx(notice)))
    text = [p.text for p in doc.paragraphs if p.text]
    assert text[0] == notice.title and "通报表扬" in notice.title
    assert text[1] == f"{notice.addressee}："
    assert text[-1] == f"{notice.issued_on.year}年{notice.issued_on.month}月{notice.issued_on.day}日"
    assert text[-2] == tree.city.name


def test_consequences_need_a_closed_vote(open_evaluation, tree):
    with pytest.raises(ValidationError):
        services.consequences_apply(actor=tree.office, evaluation=open_evaluation)


def test_talk_is_recorded_when_held(closed, tree):
    services.consequences_apply(actor=tree.office, evaluation=closed)
    talk = AdmonishmentTalk.objects.get(unit=tree.county)
    with pytest.raises(ValidationError):
        services.talk_update(actor=tree.office, talk=talk, state=TalkState.HELD)  # needs a day
    with pytest.raises(ValidationError):
        services.talk_update(actor=tree.office, talk=talk, state=TalkState.HELD,
                             held_on=timezone.localdate() + datetime.timedelta(days=1))
    services.talk_update(actor=tree.office, talk=talk, state=TalkState.HELD, held_on=timezone.localdate(), notes="已谈话")
    talk.refresh_from_db()
    assert talk.state == TalkState.HELD
