"""The public forms' office picker: the select of today below PICKER_THRESHOLD offices; past it
a search box fed by the public cases:public-unit-options (active offices that take complaints,
names only, rate-limited), and a typed name resolved by the form."""

import datetime

import pytest
from django.urls import reverse

from xingping.cases.models import Case
from xingping.orgs import picker
from xingping.orgs.models import Level
from xingping.testing import UnitFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def public(client, db):
    client.logout()
    return client


@pytest.fixture
def small_threshold(monkeypatch):
    monkeypatch.setattr(picker, "PICKER_THRESHOLD", 3)


def suggestions(public, text):
    response = public.get(reverse("cases:public-unit-options"), {"q": text})
    assert response.status_code == 200
    return response.content.decode()


def complaint(unit, **over):
    return {"kind": "complaint", "unit": unit, "title": "办照排队太久", "content": "窗口只开一个。", "name": "王五",
            "phone": "13812345678", **over}


def test_below_the_threshold_the_form_keeps_the_select(public, tree, campaign):
    html = public.get(reverse("cases:public-file")).content.decode()
    assert '<select name="unit"' in html and "data-xp-picker" not in html


def test_past_the_threshold_the_form_is_a_search_box_not_a_list(public, tree, campaign, small_threshold):
    html = public.get(reverse("cases:public-file")).content.decode()
    assert '<select name="unit"' not in html and "书院所" not in html
    assert 'hx-get="/cases/public/offices/?field=unit"' in html and 'placeholder="输入单位名称中的几个字"' in html
    html = public.get(reverse("cases:public-disclosure")).content.decode()
    assert '<select name="unit"' not in html and 'hx-get="/cases/public/offices/?field=unit"' in html


def test_the_public_suggestions_name_offices_only_never_retired_ones_departments_or_staff(public, tree, campaign):
    UnitFactory(code="XN09", name="书院旧所", level=Level.STATION, parent=tree.county, retired_on=datetime.date(2026, 1, 1))
    UserFactory(username="shuyuan_staff", last_name="书院", unit=tree.station, roles="staff")
    html = suggestions(public, "书院")
    assert '<option value="书院所 · 孝南区局"></option>' in html
    assert "书院旧所" not in html and "shuyuan_staff" not in html and "XN01" not in html
    assert "办公室" not in suggestions(public, "办公室")  # a department takes no complaint


def test_the_public_suggestions_are_rate_limited(public, tree, settings):
    settings.XINGPING_SEARCH_RATE_LIMIT = "2/3600"
    assert public.get(reverse("cases:public-unit-options"), {"q": "所"}).status_code == 200
    assert public.get(reverse("cases:public-unit-options"), {"q": "所"}).status_code == 200
    assert public.get(reverse("cases:public-unit-options"), {"q": "所"}).status_code == 429


def test_a_citizen_files_with_the_name_as_suggested_or_typed(public, tree, campaign, small_threshold):
    assert public.post(reverse("cases:public-file"), complaint("书院所 · 孝南区局")).status_code == 200
    assert Case.objects.get().unit == tree.station
    public.post(reverse("cases:public-file"), complaint("新华所"))  # typed without script
    assert Case.objects.filter(unit=tree.station2).count() == 1


def test_an_ambiguous_or_unknown_office_name_gets_a_chinese_message_and_no_case(public, tree, campaign, small_threshold):
    UnitFactory(code="HC02", name="新华所", level=Level.STATION, parent=tree.county2)
    response = public.post(reverse("cases:public-file"), complaint("新华所"))
    assert response.context["form"].errors["unit"] == [
        "有多个单位名为“新华所”：新华所 · 汉川市局、新华所 · 孝南区局。请输入其中之一。"]
    response = public.post(reverse("cases:public-file"), complaint("没有这个所"))
    assert response.context["form"].errors["unit"] == [
        "没有名为“没有这个所”的受理单位：请输入单位名称中的几个字，再从提示中选择。"]
    assert not Case.objects.exists()


def test_the_disclosure_form_opened_from_a_catalogue_shows_the_office(public, tree, campaign, small_threshold):
    html = public.get(reverse("cases:public-disclosure"), {"unit": "XN01"}).content.decode()
    assert 'value="书院所 · 孝南区局"' in html
