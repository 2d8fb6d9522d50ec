"""The unit and staff pickers past PICKER_THRESHOLD choices: a search box whose suggestions
come from orgs:unit-options / orgs:staff-options within the user's scope, a no-script text
path resolved by the field, and the select of today below the threshold."""

import pytest
from django import forms
from django.urls import reverse

from xingping.orgs import picker
from xingping.orgs.models import Level
from xingping.orgs.picker import StaffChoiceField, UnitChoiceField
from xingping.testing import UnitFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_threshold(monkeypatch):
    """A threshold of 5, so that the test tree (9 units, 14 staff) is a large set."""
    monkeypatch.setattr(picker, "PICKER_THRESHOLD", 5)


def options(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_typing_part_of_a_unit_name_suggests_it_with_its_code(client, tree):
    client.force_login(tree.office)
    html = options(client, reverse("orgs:unit-options") + "?q=书院")
    assert '<option value="XN01">书院所（XN01）</option>' in html
    assert "新华所" not in html
    # the picker's input sends its own name: ?field=unit&unit=…
    assert "XN02" in options(client, reverse("orgs:unit-options") + "?field=unit&unit=xn02")


def test_a_unit_outside_the_users_scope_is_never_suggested(client, tree):
    client.force_login(tree.county_leader)  # 孝南区局: not 汉川, not the city
    assert "HC01" not in options(client, reverse("orgs:unit-options") + "?q=城隍")
    assert "HC" not in options(client, reverse("orgs:unit-options") + "?q=局")
    assert "XN" in options(client, reverse("orgs:unit-options") + "?q=局")
    assert "hc01_staff" not in options(client, reverse("orgs:staff-options") + "?q=hc01")
    assert "xn01_staff" in options(client, reverse("orgs:staff-options") + "?q=xn01")


def test_the_lists_without_departments_get_no_department_suggested(client, tree):
    client.force_login(tree.office)
    assert "XG-BGS" in options(client, reverse("orgs:unit-options") + "?q=办公室")
    assert "XG-BGS" not in options(client, reverse("orgs:unit-options") + "?q=办公室&evaluated=1")


def test_suggestions_stop_at_the_limit_and_need_a_text(client, tree):
    for n in range(picker.PICKER_LIMIT + 5):
        UnitFactory(code=f"ZZ{n:03d}", name=f"测试所{n}", parent=tree.county)
    client.force_login(tree.office)
    assert options(client, reverse("orgs:unit-options") + "?q=测试所").count("<option") == picker.PICKER_LIMIT
    assert "<option" not in options(client, reverse("orgs:unit-options"))


def test_staff_are_found_by_name_or_username_and_anonymous_lists_nobody(client, tree):
    UserFactory(username="zhang_san", last_name="张", first_name="三", unit=tree.station, roles="staff")
    client.force_login(tree.office)
    assert '<option value="zhang_san">张三 · 书院所</option>' in options(client, reverse("orgs:staff-options") + "?q=张三")
    assert "zhang_san" in options(client, reverse("orgs:staff-options") + "?q=zhang")
    client.logout()
    for name in ("orgs:staff-options", "orgs:unit-options"):
        response = client.get(reverse(name) + "?q=zhang")
        assert response.status_code == 302 and b"zhang_san" not in response.content


class Filters(forms.Form):
    def __init__(self, data, *, user):
        super().__init__(data)
        self.fields["unit"] = UnitChoiceField(user)
        self.fields["visitor"] = StaffChoiceField(user)


def test_a_small_set_keeps_the_select(tree):
    form = Filters({}, user=tree.office)
    assert not form.fields["unit"].large and isinstance(form.fields["unit"].widget, forms.Select)
    assert "<select" in str(form["unit"]) and "data-xp-picker" not in str(form["unit"])


def test_a_large_set_is_a_search_box_with_the_chosen_label(tree, small_threshold):
    form = Filters({"unit": "XN01", "visitor": "xn01_staff"}, user=tree.office)
    html = str(form["unit"])
    assert form.fields["unit"].large and "<select" not in html and "<option value=\"XG\"" not in html
    assert 'value="XN01"' in html and 'hx-get="/orgs/options/units/?field=unit"' in html
    assert 'data-testid="picker-selected">书院所（XN01）<' in html
    assert 'hx-trigger="input changed delay:250ms"' in html
    assert str(form["visitor"]).count("<option") == 1  # only the chosen staff member, not the list
    assert form.is_valid(), form.errors
    assert form.cleaned_data["unit"] == tree.station and form.cleaned_data["visitor"] == tree.station_staff


def test_without_script_a_typed_code_or_exact_name_is_resolved(tree, small_threshold):
    UserFactory(username="li_si", last_name="李", first_name="四", unit=tree.station2, roles="staff")
    form = Filters({"unit": "XN01", "visitor": "li_si"}, user=tree.office)
    assert form.is_valid() and form.cleaned_data["unit"] == tree.station
    form = Filters({"unit": "新华所", "visitor": "李四"}, user=tree.office)  # exact names
    assert form.is_valid(), form.errors
    assert form.cleaned_data["unit"] == tree.station2 and form.cleaned_data["visitor"].username == "li_si"
    form = Filters({"unit": "书院所（XN01）"}, user=tree.office)  # the label, as the suggestions show it
    assert form.is_valid() and form.cleaned_data["unit"] == tree.station


def test_an_ambiguous_name_is_refused_in_chinese_naming_the_candidates(tree, small_threshold):
    UnitFactory(code="HC09", name="书院所", level=Level.STATION, parent=tree.county2)
    form = Filters({"unit": "书院所"}, user=tree.office)
    assert not form.is_valid()
    assert form.errors["unit"] == ["有多个单位名为“书院所”：书院所（HC09）、书院所（XN01）。请选择其一，或输入其代码。"]


def test_an_unknown_or_foreign_unit_is_refused_in_chinese(tree, small_threshold):
    for n in range(5):  # 孝南 alone past the threshold
        UnitFactory(code=f"XN1{n}", name=f"孝南{n}所", parent=tree.county)
        UserFactory(username=f"xn1{n}_staff", unit=tree.county, roles="staff")
    form = Filters({"unit": "HC01"}, user=tree.county_leader)  # 汉川: not the user's area
    assert form.fields["unit"].large
    assert not form.is_valid()
    assert form.errors["unit"] == ["您可选的单位中没有代码或名称为“HC01”的单位。"]
    form = Filters({"unit": "城隍所"}, user=tree.county_leader)  # nor by its name
    assert form.errors["unit"] == ["您可选的单位中没有代码或名称为“城隍所”的单位。"]
    form = Filters({"visitor": "hc01_staff"}, user=tree.county_leader)
    assert form.fields["visitor"].large
    assert form.errors["visitor"] == ["您可选的人员中没有用户名或姓名为“hc01_staff”的人员。"]


def test_the_set_up_forms_search_the_units_they_offer(client, tree, small_threshold):
    client.force_login(tree.office)
    html = client.get(reverse("orgs:setup-unit", args=["XN"])).content.decode()  # the move form
    assert 'hx-get="/orgs/setup/unit-options/?exclude=XN&amp;field=parent"' in html
    moved = options(client, reverse("orgs:setup-unit-options") + "?exclude=XN&q=所")
    assert "HC01" in moved and "XN01" not in moved  # not below the unit moved
    assert client.post(reverse("orgs:setup-unit-move", args=["XN"]), {"parent": "KFQ"}).status_code == 302
    tree.station.refresh_from_db()
    assert tree.station.path == "XG/KFQ/XN/XN01/"
    # a new account's unit, typed by name without script
    response = client.post(reverse("orgs:setup-staff-create"), {
        "username": "hc01_new", "name": "钱七", "unit": "城隍所", "roles": ["staff"], "password": "Qiqi-2026-ok"})
    assert response.status_code == 302
    assert tree.office.__class__.objects.get(username="hc01_new").unit == tree.station3
    client.force_login(tree.county_leader)
    assert client.get(reverse("orgs:setup-unit-options") + "?q=所").status_code == 404
