"""A visit record is corrected by its recorder, with a reason, within the campaign's rules;
audited with the values before and after; never once a check has confirmed or struck it
(issue 13 part 10c)."""

import datetime
import re

import pytest
from django.utils import timezone

from xingping.core.models import AuditEvent
from xingping.core.testing import frozen_today
from xingping.entities.testing import make_entity
from xingping.outreach import services
from xingping.outreach.models import EntityConfirmation, Verification, Visit, VisitCheck

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 9, 10)
ANSWERS = {"efficiency": 4, "openness": 4, "lawfulness": 4, "civility": 4, "diligence": 4, "ethics": 4}


@pytest.fixture
def visit(tree, campaign):
    entity = make_entity(tree.station, responsible=tree.station_staff, name="孝感甲商贸有限公司")
    with frozen_today(datetime.date(2026, 9, 8)):
        return services.visit_record(actor=tree.station_staff, entity=entity, visited_on=datetime.date(2026, 9, 7),
                                     method="onsite", answers=ANSWERS, opinions="")


def _form(**changes):
    data = {"visited_on": "2026-09-06", "method": "phone", "reason": "日期和方式录错了", **{k: str(v) for k, v in ANSWERS.items()},
            "opinions": "", "suggestions": ""}
    data.update(changes)
    return data


def _text(resp):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", resp.content.decode()))


def test_the_recorder_corrects_a_visit_and_the_originals_stay_in_the_audit(client, tree, campaign, visit):
    with frozen_today(TODAY):
        client.force_login(tree.station_staff)
        page = client.get(f"/outreach/visits/{visit.pk}/")
        assert 'data-testid="correction-form"' in page.content.decode()  # the form is on the detail page
        resp = client.post(f"/outreach/visits/{visit.pk}/correct/", _form(civility="2", opinions="态度生硬"))
        assert resp.status_code == 302
        visit.refresh_from_db()
        assert (visit.visited_on, visit.method, visit.civility, visit.opinions) == (
            datetime.date(2026, 9, 6), "phone", 2, "态度生硬")
        event = AuditEvent.objects.get(object_type="outreach.visit", object_id=str(visit.pk), action="correct")
        assert event.note == "日期和方式录错了" and event.actor == tree.station_staff
        assert event.old["visited_on"] == "2026-09-07" and event.old["method"] == "onsite" and event.old["civility"] == 4
        assert event.new["visited_on"] == "2026-09-06" and event.new["civility"] == 2
        detail = _text(client.get(f"/outreach/visits/{visit.pk}/"))
        assert "日期和方式录错了" in detail and "2026-09-07 → 2026-09-06" in detail and "上门 → 电话" in detail


def test_a_reason_is_required_and_nothing_changes_without_one(client, tree, campaign, visit):
    with frozen_today(TODAY):
        client.force_login(tree.station_staff)
        resp = client.post(f"/outreach/visits/{visit.pk}/correct/", _form(reason=""))
        assert resp.status_code == 400 and "请填写更正理由" in _text(resp)
        visit.refresh_from_db()
        assert visit.method == "onsite"
        assert not AuditEvent.objects.filter(action="correct").exists()


@pytest.mark.parametrize("role", ["station_leader", "county_staff", "office", "county_inspector", "auditor"])
def test_only_the_recorder_may_correct(client, tree, campaign, visit, role):
    with frozen_today(TODAY):
        client.force_login(getattr(tree, role))
        assert 'data-testid="correction-form"' not in client.get(f"/outreach/visits/{visit.pk}/").content.decode()
        assert client.post(f"/outreach/visits/{visit.pk}/correct/", _form()).status_code == 404
        visit.refresh_from_db()
        assert visit.method == "onsite"


@pytest.mark.parametrize("outcome", [Verification.CONFIRMED, Verification.NOT_CONFIRMED])
def test_never_once_a_check_has_confirmed_or_struck_it(client, tree, campaign, visit, outcome):
    check = VisitCheck.objects.create(visit=visit, campaign=campaign, unit=tree.station)
    services.visit_check_record(actor=tree.office, check=check, outcome=outcome)
    with frozen_today(TODAY):
        client.force_login(tree.station_staff)
        assert 'data-testid="correction-form"' not in client.get(f"/outreach/visits/{visit.pk}/").content.decode()
        assert client.post(f"/outreach/visits/{visit.pk}/correct/", _form()).status_code == 404
        visit.refresh_from_db()
        assert visit.method == "onsite"
        with pytest.raises(Exception):
            services.visit_correct(actor=tree.station_staff, visit=visit, campaign=campaign, reason="改",
                                   visited_on=datetime.date(2026, 9, 6), method="phone", answers=ANSWERS)


def test_a_pending_check_does_not_block_but_an_entity_confirmation_does(client, tree, campaign, visit):
    VisitCheck.objects.create(visit=visit, campaign=campaign, unit=tree.station)  # drawn, not yet called
    with frozen_today(TODAY):
        client.force_login(tree.station_staff)
        assert client.post(f"/outreach/visits/{visit.pk}/correct/", _form()).status_code == 302
        EntityConfirmation.objects.create(visit=visit, rating=5)
        assert client.post(f"/outreach/visits/{visit.pk}/correct/", _form(method="letter")).status_code == 404
    assert Visit.objects.get(pk=visit.pk).method == "phone"


def test_corrections_close_after_the_campaigns_days(client, tree, campaign, visit):
    campaign.rules = {**campaign.rules, "visit_checks": {**campaign.rules.get("visit_checks", {}), "correction_days": 3}}
    campaign.save()
    entered = timezone.localtime(visit.entered_at).date()
    with frozen_today(entered + datetime.timedelta(days=4)):
        client.force_login(tree.station_staff)
        text = _text(client.get(f"/outreach/visits/{visit.pk}/"))
        assert "录入后 3 天内可以更正" in text
        resp = client.post(f"/outreach/visits/{visit.pk}/correct/", _form())
        assert resp.status_code == 200 and "录入后 3 天内可以更正" in _text(resp)
    visit.refresh_from_db()
    assert visit.method == "onsite"
