import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from xingping.publicity import services
from xingping.publicity.models import Publication, ServiceCommitment

pytestmark = pytest.mark.django_db


def test_staff_creates_a_draft_for_their_unit_only(client, tree):
    client.force_login(tree.station_staff)
    form = client.get(reverse("publicity:item-new")).context["form"]
    assert list(form.fields["unit"].queryset) == [tree.station]
    resp = client.post(reverse("publicity:item-new"), {"unit": tree.station3.pk, "kind": "news", "category": "activity",
                                                        "title": "越权", "body": "x"})
    assert resp.status_code == 200 and not Publication.objects.exists()
    resp = client.post(reverse("publicity:item-new"), {"unit": tree.station.pk, "kind": "news", "category": "",
                                                        "title": "t", "body": "b"})
    assert "请选择稿件所属栏目" in resp.content.decode() and not Publication.objects.exists()


def test_publish_in_the_past_shows_a_chinese_message_and_changes_nothing(client, tree, draft):
    services.publication_submit(actor=tree.station_leader, item=draft)
    client.force_login(tree.office)
    past = (timezone.localtime() - datetime.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    resp = client.post(reverse("publicity:item-publish", args=[draft.pk]), {"publish_at": past}, follow=True)
    assert "发布时间早于当前时间" in resp.content.decode()
    draft.refresh_from_db()
    assert draft.state == "submitted"


def test_return_without_reason_is_refused(client, tree, draft):
    services.publication_submit(actor=tree.station_leader, item=draft)
    client.force_login(tree.office)
    resp = client.post(reverse("publicity:item-return", args=[draft.pk]), {"reason": ""}, follow=True)
    assert "请填写退回理由" in resp.content.decode()
    draft.refresh_from_db()
    assert draft.state == "submitted"


def test_office_dashboard_lists_items_awaiting_review(client, tree, draft):
    services.publication_submit(actor=tree.station_leader, item=draft)
    client.force_login(tree.office)
    html = client.get("/").content.decode()
    assert "待审核的公开信与稿件" in html and reverse("publicity:item-detail", args=[draft.pk]) in html
    client.force_login(tree.station_staff)
    assert "待审核的公开信与稿件" not in client.get("/").content.decode()


@pytest.mark.parametrize("waiting", [1, 10, 12])
def test_the_dashboard_counts_every_item_awaiting_review_and_lists_ten(client, tree, waiting):
    for n in range(waiting):
        item = services.publication_create(actor=tree.station_staff, unit=tree.station, kind="news",
                                           category="activity", title=f"待审稿件{n}", body="正文")
        services.publication_submit(actor=tree.station_leader, item=item)
    client.force_login(tree.office)
    section = next(s for s in client.get("/").context["sections"] if "publicity" in s["template"])
    assert section["count"] == waiting and len(section["items"]) == min(waiting, 10)


def test_commitments_page_adds_and_edits_and_sets_the_hotline(client, tree):
    client.force_login(tree.station_staff)
    url = reverse("publicity:commitments-unit", args=[tree.station.code])
    client.post(url, {"new-service": "登记", "new-promised_time": "3个工作日", "new-content": "", "new-basis": ""})
    c = ServiceCommitment.objects.get(unit=tree.station)
    client.post(reverse("publicity:commitment-edit", args=[c.pk]), {
        f"c{c.pk}-service": "登记", f"c{c.pk}-promised_time": "1个工作日", f"c{c.pk}-content": "", f"c{c.pk}-basis": ""})
    c.refresh_from_db()
    assert c.promised_time == "1个工作日"
    client.post(url, {"h-hotline": "0712-2820009"})
    tree.station.refresh_from_db()
    assert tree.station.hotline == "0712-2820009"
    client.post(reverse("publicity:commitment-delete", args=[c.pk]))
    assert not ServiceCommitment.objects.exists()


def test_manage_filters_by_status_with_htmx_partial(client, tree, draft, published):
    client.force_login(tree.office)
    resp = client.get(reverse("publicity:manage"), {"status": "draft"}, HTTP_HX_REQUEST="true")
    html = resp.content.decode()
    assert draft.title in html and published.title not in html and "<html" not in html
