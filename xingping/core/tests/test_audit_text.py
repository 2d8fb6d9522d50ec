"""The operation log reads as Chinese (issue 13 part 9): who (name and unit), what (the
object's label), which field changed from what to what — in labels, not codes."""

import ast
import re
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation

import xingping
from xingping.cases import services as case_services
from xingping.cases.models import Kind
from xingping.core import audit
from xingping.core.audit_access import action_label, audit_types
from xingping.core.audit_text import known_action
from xingping.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def _rows(client, user, **params):
    """The audit rows as a person reads them: text only, one line per element."""
    client.force_login(user)
    with translation.override("zh-hans"):
        html = client.get(reverse("core:audit-log"), params, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    html = html.split('data-testid="audit-rows"', 1)[1].split("<!-- /audit-rows -->")[0]
    rows = html.split('data-testid="audit-row"')[1:]
    return [re.sub(r"[ \t]*\n\s*", "\n", re.sub(r"<[^>]+>", "", row)).strip() for row in rows]


def test_a_status_change_and_a_unit_rename_read_as_label_old_to_new(client, tree, campaign):
    case = case_services.case_create(actor=tree.office, kind=Kind.COMPLAINT, unit=tree.station, campaign=campaign,
                                     title="窗口投诉", complainant_phone="13900001111")
    case_services.case_transition(actor=tree.office, case=case, target="accepted")
    old_name = tree.station.name
    before = audit.snapshot(tree.station)
    tree.station.name = "书院工商所（新）"
    tree.station.save()
    audit.record(actor=tree.office, action="update", obj=tree.station, old=before, new=audit.snapshot(tree.station))

    rows = _rows(client, tree.office)
    office = tree.office.get_full_name() or tree.office.username
    unit_row = next(r for r in rows if "书院工商所（新）" in r and "修改" in r)
    assert f"名称：{old_name} → 书院工商所（新）" in unit_row
    assert f"{office}（{tree.dept.name}）" in unit_row  # who: the name and the unit
    case_row = next(r for r in rows if case.number in r and "状态：" in r and "→" in r)
    assert "状态：已登记 → 已受理" in case_row
    assert f"案件 {case.number} 窗口投诉" in case_row  # what: the case's number and subject
    assert f"{office}（{tree.dept.name}）" in case_row
    for row in (unit_row, case_row):
        assert "cases.case" not in row and "orgs.orgunit" not in row
        assert "更新时间" not in row and "ID：" not in row  # automatic stamps are not news
        assert not re.search(r"\d{4}-\d\d-\d\dT\d\d:", row)  # no ISO time stamps
        assert "accepted" not in row and "received" not in row


def test_a_new_record_lists_only_what_was_filled_in(client, tree, campaign):
    case = case_services.case_create(actor=tree.office, kind=Kind.COMPLAINT, unit=tree.station, campaign=campaign,
                                     title="窗口投诉", named=False)
    row = next(r for r in _rows(client, tree.office, q=case.number) if "已登记" in r)
    assert "类型：投诉" in row and "标题：窗口投诉" in row
    assert "被反映单位" not in row  # empty on creation: not listed
    assert "：—" not in row


def test_rows_without_an_account_name_the_system_in_words(client, tree):
    AuditEvent.objects.create(actor=None, actor_name="cli:root", action="import", object_type="import.entities",
                              object_id="-", object_repr="entities.csv", new={"rows": 3, "created": 3, "existing": 0})
    AuditEvent.objects.create(actor=None, actor_name="system", action="export", object_type="download",
                              object_id="3", object_repr="走访记录.xlsx", new={"file": "走访记录.xlsx", "rows": 3})
    rows = _rows(client, tree.office)
    imported = next(r for r in rows if "entities.csv" in r)
    assert "命令行（root）" in imported and "导入" in imported and "行数：3" in imported
    assert "rows" not in imported and "import.entities" not in imported
    exported = next(r for r in rows if "走访记录.xlsx" in r)
    assert "系统" in exported and "system" not in exported and "download" not in exported


def test_a_refused_access_names_the_object_not_the_path(client, tree, campaign):
    case = case_services.case_create(actor=tree.office, kind=Kind.COMPLAINT, unit=tree.station, campaign=campaign,
                                     title="窗口投诉", named=False)
    audit.record_event(actor=tree.station_staff, action="access.denied", note=f"GET /cases/{case.pk}/",
                       object_type="cases.case", object_id=str(case.pk))
    row = next(r for r in _rows(client, tree.office) if "拒绝访问" in r)
    assert case.number in row and "access.denied" not in row


def test_every_action_the_code_records_has_a_label():
    """Scan the sources: each literal action passed to an audit call reads in words."""
    audit_types()  # the apps' own labels
    root = Path(xingping.__file__).parent
    actions = set()
    for path in root.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "attr", getattr(node.func, "id", ""))
            if name not in ("record", "record_event", "record_signin", "_record_failure"):
                continue
            values = [kw.value for kw in node.keywords if kw.arg == "action"] + (node.args[:1] if name == "_record_failure" else [])
            for value in values:
                if isinstance(value, ast.Constant) and isinstance(value.value, str):
                    actions.add(value.value)
    assert {"create", "update", "verify", "login", "export"} <= actions  # the scan finds them
    unlabelled = sorted(a for a in actions if not known_action(a))
    assert unlabelled == []
    with translation.override("zh-hans"):
        assert action_label("otp_enrol") == "设置双因素认证"
        assert action_label("no.such_thing") == "其他操作"
