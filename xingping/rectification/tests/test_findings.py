"""Findings: categories and sources, and "one click" from a visit opinion or a case,
keeping a loose link (source type + id + summary) without a foreign key."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from xingping.campaigns.models import MeetingKind, MobilisationMeeting
from xingping.rectification import sources
from xingping.rectification.models import Finding, Source
from xingping.rectification.tests.conftest import make_finding

pytestmark = pytest.mark.django_db


@pytest.fixture
def fake_visit(tree, campaign, monkeypatch):
    """Any scoped model with a unit stands in for a visit record (outreach is another app)."""
    monkeypatch.setitem(sources.SOURCE_TYPES, "visit",
                        (MobilisationMeeting, Source.VISIT, "other"))
    return MobilisationMeeting.objects.create(
        campaign=campaign, unit=tree.station, kind=MeetingKind.DISCUSSION, title="企业反映检查态度生硬",
        held_on=timezone.localdate() - datetime.timedelta(days=2), attendance=5, minutes="态度生硬，语言粗暴")


def test_new_finding_is_prefilled_from_the_source(client, tree, fake_visit):
    client.force_login(tree.station_staff)
    url = reverse("rectification:finding-create") + f"?source=visit&id={fake_visit.pk}"
    resp = client.get(url)
    assert resp.status_code == 200
    form = resp.context["form"]
    assert form.initial["title"] == "企业反映检查态度生硬" and form.initial["source"] == Source.VISIT
    assert form.initial["unit"] == "XN01" and form.initial["source_id"] == fake_visit.pk
    data = {k: form.initial.get(k, "") for k in ("unit", "title", "category", "source", "source_type", "source_id")}
    data.update(found_on=timezone.localdate().isoformat(), category="uncivil")
    resp = client.post(url, data)
    assert resp.status_code == 302
    finding = Finding.objects.get()
    assert (finding.source_type, finding.source_id, finding.category) == ("visit", fake_visit.pk, "uncivil")
    assert "态度生硬" in finding.source_summary and f"#{fake_visit.pk}" in finding.source_summary


def test_a_source_outside_the_scope_or_missing_is_404(client, tree, fake_visit):
    client.force_login(tree.other_station_staff)
    assert client.get(reverse("rectification:finding-create") + f"?source=visit&id={fake_visit.pk}").status_code == 404
    client.force_login(tree.station_staff)
    for query in ("?source=visit&id=999999", "?source=visit&id=abc", "?source=nonsense&id=1"):
        assert client.get(reverse("rectification:finding-create") + query).status_code == 404


def test_an_unknown_source_type_resolves_to_nothing(tree):
    assert sources.resolve("nosuchtype", 1, tree.office) is None


def test_finding_form_keeps_input_on_error(client, tree, campaign):
    client.force_login(tree.station_staff)
    future = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()
    resp = client.post(reverse("rectification:finding-create"), {
        "unit": "XN01", "title": "窗口服务差", "category": "uncivil", "source": "self_inspection", "found_on": future})
    assert resp.status_code == 200
    assert "窗口服务差" in resp.content.decode() and "发现日期不能晚于今天" in resp.content.decode()
    assert not Finding.objects.exists()


def test_unit_choices_are_the_writable_ones(client, tree, campaign):
    client.force_login(tree.county_staff)
    resp = client.get(reverse("rectification:finding-create"))
    codes = [c for c, _l in resp.context["form"].fields["unit"].choices]
    assert "XN" in codes and "XN01" in codes and "HC" not in codes
    resp = client.post(reverse("rectification:finding-create"), {"unit": "HC", "title": "x", "category": "other",
                                                                 "source": "self_inspection", "found_on": "2026-01-01"})
    assert resp.status_code == 200 and not Finding.objects.exists()


def test_finding_list_filters_by_category(client, tree, campaign):
    make_finding(tree, campaign, title="执行问题")
    make_finding(tree, campaign, title="收费问题", category="fees")
    client.force_login(tree.county_leader)
    resp = client.get(reverse("rectification:finding-list") + "?category=fees")
    assert [f.title for f in resp.context["findings"]] == ["收费问题"]
