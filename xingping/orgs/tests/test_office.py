"""The office's set-up pages as the office uses them: each write happens, leaves an audit
row, and bad input gets a Chinese message with nothing half-written."""

import pytest
from django.urls import reverse
from django.utils import translation

from xingping.accounts.models import User
from xingping.core.models import AuditEvent
from xingping.orgs import services
from xingping.orgs.models import GroupMembership, GroupRole, Level, OrgUnit

pytestmark = pytest.mark.django_db


@pytest.fixture
def office(client, tree):
    client.force_login(tree.office)
    return client


def audit_rows(action, obj):
    return AuditEvent.objects.filter(action=action, object_type=obj._meta.label_lower, object_id=str(obj.pk))


def errors_text(resp):
    return resp.content.decode()


# ------------------------------------------------------------------ units

def test_the_office_adds_a_unit_under_a_parent(office, tree):
    resp = office.post(reverse("orgs:setup-unit-create"), {"parent": tree.county.pk, "code": "XN03", "name": "朋兴所",
                                                           "level": Level.STATION, "sort_order": "3"})
    unit = OrgUnit.objects.get(code="XN03")
    assert resp.status_code == 302 and resp["Location"] == reverse("orgs:setup-unit", args=["XN03"])
    assert unit.path == "XG/XN/XN03/" and unit.depth == 2 and unit.parent == tree.county
    row = audit_rows("unit.create", unit).get()
    assert row.actor == tree.office and row.new["name"] == "朋兴所"
    # it shows in the tree and in the pickers
    assert "朋兴所" in office.get(reverse("orgs:setup-units")).content.decode()


@pytest.mark.parametrize("data, field, message", [
    ({"code": "XN01", "name": "重复"}, "code", "已存在"),
    ({"code": "坏 代码", "name": "x"}, "code", "单位代码"),
    ({"code": "XN09", "name": "x", "parent": ""}, "parent", "上级单位"),
    ({"code": "XN09", "name": "x", "level": Level.CITY}, "level", "市局"),
])
def test_bad_units_are_refused_in_chinese(office, tree, data, field, message):
    before = OrgUnit.objects.count()
    post = {"parent": tree.county.pk, "level": Level.STATION, **data}
    with translation.override("zh-hans"):
        resp = office.post(reverse("orgs:setup-unit-create"), post, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert resp.status_code == 200
    assert message in resp.content.decode()
    assert OrgUnit.objects.count() == before and not AuditEvent.objects.filter(action="unit.create").exists()


def test_the_office_renames_a_unit(office, tree):
    resp = office.post(reverse("orgs:setup-unit", args=["XN01"]), {"name": "书院市场监管所", "level": Level.STATION,
                                                                  "sort_order": "1", "hotline": "0712-1234567"})
    tree.station.refresh_from_db()
    assert resp.status_code == 302 and tree.station.name == "书院市场监管所" and tree.station.hotline == "0712-1234567"
    row = audit_rows("unit.update", tree.station).get()
    assert row.old["name"] == "书院所" and row.new["name"] == "书院市场监管所"


def test_moving_a_unit_takes_its_subtree_along(office, tree):
    resp = office.post(reverse("orgs:setup-unit-move", args=["XN"]), {"parent": tree.branch.pk})
    assert resp.status_code == 302
    tree.county.refresh_from_db()
    tree.station.refresh_from_db()
    assert tree.county.parent == tree.branch and tree.county.path == "XG/KFQ/XN/" and tree.county.depth == 2
    assert tree.station.path == "XG/KFQ/XN/XN01/" and tree.station.depth == 3
    row = audit_rows("unit.move", tree.county).get()
    assert row.old["path"] == "XG/XN/" and row.new["path"] == "XG/KFQ/XN/"


@pytest.mark.parametrize("target", ["county", "station"])
def test_moving_a_unit_under_itself_or_its_own_descendant_is_refused(office, tree, target):
    parent = getattr(tree, target)
    # the picker does not offer them, and the service refuses them when posted anyway
    page = office.get(reverse("orgs:setup-unit", args=["XN"])).content.decode()
    assert f'value="{parent.pk}"' not in page.split('data-testid="unit-move-form"')[1].split("</form>")[0]
    with pytest.raises(Exception) as exc:
        services.unit_move(actor=tree.office, unit=tree.county, parent=parent)
    with translation.override("zh-hans"):
        assert "下级" in " ".join(exc.value.messages)
    office.post(reverse("orgs:setup-unit-move", args=["XN"]), {"parent": parent.pk})
    tree.county.refresh_from_db()
    assert tree.county.path == "XG/XN/" and not AuditEvent.objects.filter(action="unit.move").exists()


def test_retiring_is_refused_while_the_unit_has_staff_then_allowed(office, tree):
    office.post(reverse("orgs:setup-unit-retire", args=["XN02"]))
    tree.station2.refresh_from_db()
    assert not tree.station2.is_retired  # xn02_staff is still active there
    services.staff_set_active(actor=tree.office, user=tree.station2_staff, active=False)
    resp = office.post(reverse("orgs:setup-unit-retire", args=["XN02"]))
    tree.station2.refresh_from_db()
    assert resp.status_code == 302 and tree.station2.is_retired
    assert audit_rows("unit.retire", tree.station2).exists()
    # gone from the pickers, still in the tree (struck through)
    assert tree.station2 not in OrgUnit.objects.active()
    create_page = office.get(reverse("orgs:setup-unit-create")).content.decode()
    assert f'value="{tree.station2.pk}"' not in create_page
    assert "新华所" in office.get(reverse("orgs:setup-units")).content.decode()


def test_a_unit_with_units_below_cannot_be_retired(tree):
    with pytest.raises(Exception):
        services.unit_retire(actor=tree.office, unit=tree.county2)
    tree.county2.refresh_from_db()
    assert not tree.county2.is_retired


def test_leadership_group_seats_are_added_and_removed(office, tree):
    office.post(reverse("orgs:setup-seat-add", args=["XN01"]), {"role": GroupRole.LEADER, "person": tree.station_leader.pk,
                                                               "title": "所长"})
    office.post(reverse("orgs:setup-seat-add", args=["XN01"]), {"role": GroupRole.WORK_TEAM, "name": "王五"})
    seats = list(GroupMembership.objects.filter(unit=tree.station).order_by("sort_order"))
    assert [(s.role, s.name) for s in seats] == [(GroupRole.LEADER, tree.station_leader.display_name),
                                                 (GroupRole.WORK_TEAM, "王五")]
    assert audit_rows("seat.create", seats[0]).exists()
    # a second leader is refused
    office.post(reverse("orgs:setup-seat-add", args=["XN01"]), {"role": GroupRole.LEADER, "name": "赵六"})
    assert GroupMembership.objects.filter(unit=tree.station, role=GroupRole.LEADER).count() == 1
    office.post(reverse("orgs:setup-seat-remove", args=[seats[1].pk]))
    assert not GroupMembership.objects.filter(pk=seats[1].pk).exists()
    assert AuditEvent.objects.filter(action="seat.delete", object_id=str(seats[1].pk)).exists()
    # the unit's own page shows the group
    assert "所长" in office.get(reverse("orgs:unit-detail", args=["XN01"])).content.decode()


# ------------------------------------------------------------------ staff and accounts

def test_the_office_creates_an_account_that_must_change_its_password(office, client, tree):
    resp = office.post(reverse("orgs:setup-staff-create"), {
        "username": "xn01_new", "name": "钱七", "unit": tree.station.pk, "roles": ["staff", "leader"],
        "title": "副所长", "password": "Qiqi-2026-ok"})
    user = User.objects.get(username="xn01_new")
    assert resp.status_code == 302
    assert user.unit == tree.station and user.role_set == {"staff", "leader"} and user.check_password("Qiqi-2026-ok")
    row = audit_rows("account.create", user).get()
    assert row.actor == tree.office and "password" not in row.new and "Qiqi-2026-ok" not in str(row.new)
    # the first sign-in leads to the password change
    client.logout()
    resp = client.post(reverse("accounts:login"), {"username": "xn01_new", "password": "Qiqi-2026-ok"})
    assert resp.status_code == 302
    resp = client.get(reverse("core:dashboard"))
    assert resp.status_code == 302 and resp["Location"].startswith(reverse("accounts:password-change"))


@pytest.mark.parametrize("data, message", [
    ({"username": "xn01_staff"}, "已被占用"),
    ({"password": "123"}, "密码"),
    ({"name": ""}, "姓名"),
])
def test_bad_accounts_are_refused_in_chinese(office, tree, data, message):
    before = User.objects.count()
    post = {"username": "fresh", "name": "孙八", "unit": tree.station.pk, "roles": ["staff"], "password": "Sunba-2026-ok",
            **data}
    with translation.override("zh-hans"):
        resp = office.post(reverse("orgs:setup-staff-create"), post, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert resp.status_code == 200 and message in resp.content.decode()
    assert User.objects.count() == before


def test_the_office_changes_roles_and_unit(office, tree):
    resp = office.post(reverse("orgs:setup-staff-detail", args=[tree.station_staff.pk]), {
        "name": tree.station_staff.display_name, "unit": tree.station2.pk, "roles": ["staff", "leader"], "title": ""})
    tree.station_staff.refresh_from_db()
    assert resp.status_code == 302 and tree.station_staff.unit == tree.station2
    assert tree.station_staff.role_set == {"leader", "staff"}
    row = audit_rows("account.update", tree.station_staff).get()
    assert row.old["roles"] == "staff" and row.new["roles"] == "leader;staff"


def test_the_office_cannot_take_its_own_office_role_away(office, tree):
    office.post(reverse("orgs:setup-staff-detail", args=[tree.office.pk]), {
        "name": "办公室", "unit": tree.dept.pk, "roles": ["staff"]})
    tree.office.refresh_from_db()
    assert tree.office.is_office


def test_disable_and_enable_an_account(office, tree):
    office.post(reverse("orgs:setup-staff-active", args=[tree.station_staff.pk]), {"active": "0"})
    tree.station_staff.refresh_from_db()
    assert not tree.station_staff.is_active
    row = audit_rows("account_disable", tree.station_staff).get()
    assert row.actor == tree.office  # the office acted, not the account's owner
    office.post(reverse("orgs:setup-staff-active", args=[tree.station_staff.pk]), {"active": "1"})
    tree.station_staff.refresh_from_db()
    assert tree.station_staff.is_active and audit_rows("account_enable", tree.station_staff).exists()


def test_a_reset_password_is_shown_once_and_never_logged(office, tree):
    resp = office.post(reverse("orgs:setup-staff-password", args=[tree.station_staff.pk]))
    assert resp.status_code == 200 and "no-store" in resp.get("Cache-Control", "")
    html = resp.content.decode()
    password = html.split('font-monospace user-select-all my-1">')[1].split("<")[0]
    tree.station_staff.refresh_from_db()
    assert len(password) == 12 and tree.station_staff.check_password(password)
    assert not tree.station_staff.check_password("test-pass-123")  # the old one stops working
    row = audit_rows("account.password_reset", tree.station_staff).get()
    assert row.actor == tree.office
    assert not AuditEvent.objects.filter(new__icontains=password).exists()
    assert not AuditEvent.objects.filter(note__icontains=password).exists()
    # the next visit of the page does not show it again
    assert password not in office.get(reverse("orgs:setup-staff-detail", args=[tree.station_staff.pk])).content.decode()


def test_unlocking_a_locked_out_account(office, client, tree, settings):
    from axes.models import AccessAttempt

    AccessAttempt.objects.create(username="xn01_staff", ip_address="10.0.0.9", user_agent="x", failures_since_start=99,
                                 get_data="", post_data="", http_accept="", path_info="/accounts/login/")
    page = office.get(reverse("orgs:setup-staff-detail", args=[tree.station_staff.pk])).content.decode()
    assert "已锁定" in page or "Locked" in page
    office.post(reverse("orgs:setup-staff-unlock", args=[tree.station_staff.pk]))
    assert not AccessAttempt.objects.filter(username="xn01_staff").exists()
    assert audit_rows("account.unlock", tree.station_staff).exists()


def test_the_staff_list_filters_by_unit_role_and_name(office, tree):
    html = office.get(reverse("orgs:setup-staff"), {"unit": tree.county.pk, "role": "leader"}).content.decode()
    assert "xn_leader" in html and "xn01_leader" in html
    assert "hc_leader" not in html and "xn_staff" not in html
    html = office.get(reverse("orgs:setup-staff"), {"q": "hc01"}).content.decode()
    assert "hc01_staff" in html and "xn01_staff" not in html


def test_the_auditor_reads_but_sees_no_forms(client, tree):
    client.force_login(tree.auditor)
    html = client.get(reverse("orgs:setup-unit", args=["XN01"])).content.decode()
    assert 'data-testid="unit-edit-form"' not in html and 'data-testid="unit-move-form"' not in html
    resp = client.post(reverse("orgs:setup-unit", args=["XN01"]), {"name": "改名", "level": Level.STATION})
    tree.station.refresh_from_db()
    assert resp.status_code == 302 and tree.station.name == "书院所"


def test_services_refuse_anyone_but_the_office(tree):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.unit_create(actor=tree.auditor, code="X1", name="x", level=Level.STATION, parent=tree.county)
    with pytest.raises(PermissionDenied):
        services.staff_password_reset(actor=tree.city_leader, user=tree.station_staff)


def test_the_operation_log_names_the_set_up_actions_in_chinese(office, tree):
    services.unit_create(actor=tree.office, code="XN03", name="朋兴所", level=Level.STATION, parent=tree.county)
    services.staff_unlock(actor=tree.office, user=tree.station_staff)
    with translation.override("zh-hans"):
        html = office.get(reverse("core:audit-log"), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "新增单位" in html and "解除登录锁定" in html
