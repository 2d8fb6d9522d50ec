import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from xingping.core.models import AuditEvent
from xingping.publicity import selectors, services
from xingping.publicity.models import Kind, Publication, PublicationVersion, State
from xingping.publicity.tests.conftest import later, publish

pytestmark = pytest.mark.django_db


def test_workflow_staff_draft_leader_submits_office_publishes(tree, draft):
    with pytest.raises(PermissionDenied):
        services.publication_submit(actor=tree.station_staff, item=draft)  # staff cannot submit
    item = services.publication_submit(actor=tree.station_leader, item=draft)
    assert item.state == State.SUBMITTED
    with pytest.raises(PermissionDenied):
        services.publication_publish(actor=tree.county_leader, item=item)  # only the office reviews
    item = services.publication_publish(actor=tree.office, item=item)
    assert item.state == State.PUBLISHED
    assert list(selectors.visible_news()) == [item]
    actions = list(AuditEvent.objects.filter(object_type="publicity.publication", object_id=str(item.pk))
                   .order_by("pk").values_list("action", flat=True))
    assert actions == ["create", "submit", "publish"]


def test_return_needs_a_reason_and_goes_back_to_the_unit(tree, draft):
    item = services.publication_submit(actor=tree.station_leader, item=draft)
    with pytest.raises(ValidationError):
        services.publication_return(actor=tree.office, item=item, reason="  ")
    item = services.publication_return(actor=tree.office, item=item, reason="请补充时间地点")
    assert item.state == State.RETURNED and item.return_reason == "请补充时间地点"
    services.publication_update(actor=tree.station_staff, item=item, title="改过的标题", body="新正文", category="activity")
    item = services.publication_submit(actor=tree.station_leader, item=item)
    assert item.state == State.SUBMITTED and item.title == "改过的标题"


def test_other_unit_cannot_touch_the_draft(tree, draft):
    with pytest.raises(PermissionDenied):
        services.publication_update(actor=tree.other_station_staff, item=draft, title="x", body="y", category="activity")
    with pytest.raises(PermissionDenied):
        services.publication_submit(actor=tree.other_county_leader, item=draft)


def test_a_submitted_item_is_locked_and_a_published_one_cannot_be_submitted(tree, draft, published):
    item = services.publication_submit(actor=tree.station_leader, item=draft)
    with pytest.raises(PermissionDenied):
        services.publication_update(actor=tree.station_staff, item=item, title="x", body="y", category="activity")
    with pytest.raises(ValidationError):
        services.publication_submit(actor=tree.office, item=published)


def test_publication_time_in_the_past_is_refused_and_nothing_changes(tree, draft):
    item = services.publication_submit(actor=tree.station_leader, item=draft)
    with pytest.raises(ValidationError) as exc:
        services.publication_publish(actor=tree.office, item=item, publish_at=timezone.now() - datetime.timedelta(hours=2))
    assert "publish_at" in exc.value.error_dict
    with pytest.raises(ValidationError):
        services.publication_publish(actor=tree.office, item=item, publish_at=later(days=2), expires_at=later(days=1))
    item.refresh_from_db()
    assert item.state == State.SUBMITTED and item.publish_at is None


def test_scheduled_item_appears_by_itself_and_expired_item_disappears(tree):
    scheduled = publish(tree, tree.county, "定时发布", publish_at=later(days=1))
    expiring = publish(tree, tree.county, "会过期", expires_at=later(days=3))
    assert list(selectors.visible_news()) == [expiring]
    assert set(selectors.visible_news(now=later(days=2))) == {scheduled, expiring}
    assert list(selectors.visible_news(now=later(days=4))) == [scheduled]
    statuses = dict(selectors.with_status(Publication.objects.all(), now=later(days=4)).values_list("title", "status"))
    assert statuses == {"定时发布": "published", "会过期": "expired"}


def test_edit_after_publication_makes_a_version_and_keeps_the_old(tree, published):
    with pytest.raises(PermissionDenied):  # the unit cannot change what is public
        services.publication_update(actor=tree.station_staff, item=published, title="x", body="y", category="activity")
    item = services.publication_update(actor=tree.office, item=published, title="已发布的新闻（更正）", body="更正后的正文",
                                       category="activity")
    assert item.version == 2 and item.revised_at is not None
    old = PublicationVersion.objects.get(publication=item)
    assert (old.number, old.title, old.body) == (1, "已发布的新闻", "正文")
    assert selectors.visible_news().get().body == "更正后的正文"
    event = AuditEvent.objects.filter(action="revise", object_id=str(item.pk)).get()
    assert event.old["body"] == "正文" and event.new["body"] == "更正后的正文"


def test_bad_input_is_refused_with_field_messages(tree):
    with pytest.raises(ValidationError) as exc:
        services.publication_create(actor=tree.station_staff, unit=tree.station, kind=Kind.NEWS, title="", body="")
    assert {"category", "title", "body"} <= set(exc.value.error_dict)
    with pytest.raises(PermissionDenied):
        services.publication_create(actor=tree.station_staff, unit=tree.station3, kind=Kind.LETTER, title="t", body="b")
    assert not Publication.objects.exists()


def test_commitments_and_hotline_are_audited_and_scoped(tree):
    c = services.commitment_create(actor=tree.station_staff, unit=tree.station, service="登记", promised_time="3个工作日")
    with pytest.raises(ValidationError):
        services.commitment_create(actor=tree.station_staff, unit=tree.station, service="登记", promised_time="1天")
    with pytest.raises(PermissionDenied):
        services.commitment_update(actor=tree.other_station_staff, commitment=c, service="x", promised_time="y")
    services.unit_hotline_set(actor=tree.station_leader, unit=tree.station, hotline="0712-2822316")
    with pytest.raises(ValidationError):
        services.unit_hotline_set(actor=tree.station_leader, unit=tree.station, hotline="call me")
    tree.station.refresh_from_db()
    assert tree.station.hotline == "0712-2822316"
    assert AuditEvent.objects.filter(object_type="orgs.orgunit", action="update").exists()
    assert AuditEvent.objects.filter(object_type="publicity.servicecommitment", action="create").count() == 1


def test_unit_figures_come_from_the_metrics_engine(tree, campaign):
    data = selectors.unit_public_figures(unit=tree.station)
    figures = dict(data["figures"])
    assert figures["complaint_reply_rate"]["denominator"] == 0 and figures["complaint_reply_rate"]["rate"] is None
    assert data["campaign"] == campaign


def test_unit_figures_without_a_campaign_cannot_be_computed(tree):
    assert all(f is None for _k, f in selectors.unit_public_figures(unit=tree.station)["figures"])
