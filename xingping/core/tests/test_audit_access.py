"""The audit log obeys the access policy (issue 9 part 2): a row is visible to exactly
those who may see its object, personal data in it is masked as on the object's page, and
it reads as Chinese for people."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import translation

from xingping.cases import services as case_services
from xingping.cases.models import Case, Kind
from xingping.core import audit
from xingping.core.audit_access import describe, visible_events
from xingping.core.models import AuditEvent
from xingping.entities.testing import make_entity

pytestmark = pytest.mark.django_db

SECRET = "举报市局某科长收受礼金"


def _audit_html(client, user, **params):
    client.force_login(user)
    resp = client.get(reverse("core:audit-log"), params)
    assert resp.status_code == 200
    return resp.content.decode().split('data-testid="audit-rows"', 1)[1].split("<!-- /audit-rows -->")[0]  # the rows, not the echoed filters


def test_leak_1_misconduct_report_about_the_city_is_not_shown_to_the_city_inspector(client, tree, campaign):
    """Issue 9: create a misconduct case about the city unit as office, search /audit/ as
    the city inspector: the report must not show (the case pages hide it too)."""
    case = case_services.case_create(actor=tree.office, kind=Kind.MISCONDUCT, unit=tree.city, subject_unit=tree.city,
                                     campaign=campaign, title="反映问题", content=SECRET, accused_name="赵六", named=False)
    assert AuditEvent.objects.filter(object_type="cases.case", object_id=str(case.pk)).exists()
    # the case pages hide it from the city inspector ...
    client.force_login(tree.city_inspector)
    assert client.get(reverse("cases:case-detail", args=[case.pk])).status_code == 404
    # ... and so does the audit log, searched or not
    for params in ({}, {"q": case.number}, {"object_type": "cases.case"}):
        html = _audit_html(client, tree.city_inspector, **params)
        assert SECRET not in html and case.number not in html
    # the office still sees it
    assert case.number in _audit_html(client, tree.office, q=case.number)


def test_misconduct_rows_go_to_the_inspector_above_not_the_accused_unit(client, tree, campaign):
    case = case_services.case_create(actor=tree.office, kind=Kind.MISCONDUCT, unit=tree.station, subject_unit=tree.station,
                                     campaign=campaign, title="反映所长", content=SECRET, named=False)
    assert case.unit == tree.county  # routed to the unit above the accused station
    assert case.number in _audit_html(client, tree.county_inspector, q=case.number)
    for name in ("county_leader", "station_leader", "auditor"):
        user = getattr(tree, name)
        seen = visible_events(user, AuditEvent.objects.filter(object_type="cases.case", object_id=str(case.pk)))
        assert seen.exists() == Case.objects.for_user(user).filter(pk=case.pk).exists(), name


PHONE = re.compile(r"1\d{10}")


def test_leak_2_complainant_phone_masked_for_inspectors_and_auditors(client, tree, campaign):
    case = case_services.case_create(actor=tree.office, kind=Kind.COMPLAINT, unit=tree.station, campaign=campaign,
                                     title="窗口投诉", complainant_name="李四", complainant_phone="13900001111")
    for user in (tree.auditor, tree.county_inspector, tree.city_inspector):
        html = _audit_html(client, user, q=case.number)
        assert case.number in html
        assert "13900001111" not in html and "139****1111" in html
        assert "李四" not in html and "李*" in html
    # The audit log never holds the number in clear (it is SM4-encrypted at rest and the log is
    # append-only: core.audit.snapshot records encrypted fields masked), so the office too reads
    # it masked there; the case page is where the office sees it in full.
    office_html = _audit_html(client, tree.office, q=case.number)
    assert "13900001111" not in office_html and "139****1111" in office_html


def test_entity_phone_masked_only_for_those_who_do_not_see_it_on_the_entity_page(client, tree):
    entity = make_entity(tree.station, phone="13800002222")
    audit.record(actor=tree.office, action="update", obj=entity, old={"phone": ""}, new={"phone": "13800002222"})
    assert "13800002222" in _audit_html(client, tree.county_inspector)  # the entity page shows it to them
    client.force_login(tree.county_inspector)
    assert "13800002222" in client.get(reverse("entities:detail", args=[entity.pk])).content.decode()


def test_rows_about_unregistered_types_are_office_only(client, tree):
    event = AuditEvent.objects.create(actor=tree.office, actor_name="office", action="create", object_type="nowhere.thing",
                                      object_id="1", object_repr="不明对象", unit=tree.station)
    assert visible_events(tree.office, AuditEvent.objects.all()).filter(pk=event.pk).exists()
    for user in (tree.auditor, tree.city_inspector, tree.county_inspector):
        assert not visible_events(user, AuditEvent.objects.all()).filter(pk=event.pk).exists()


def test_rows_about_other_units_are_not_shown(client, tree, campaign):
    hc = make_entity(tree.station3, name="汉川某公司")
    audit.record(actor=tree.office, action="create", obj=hc, new={"name": hc.name})
    assert "汉川某公司" not in _audit_html(client, tree.county_inspector)
    assert "汉川某公司" in _audit_html(client, tree.auditor)


def test_rows_read_as_chinese(client, tree, campaign):
    case = case_services.case_create(actor=tree.office, kind=Kind.COMPLAINT, unit=tree.station, campaign=campaign,
                                     title="窗口投诉", complainant_phone="13900001111")
    with translation.override("zh-hans"):
        html = _audit_html(client, tree.office, q=case.number)
    assert "{" not in re.sub(r"<[^>]+>", "", html)  # no Python dicts
    assert "None" not in html
    assert "投诉" in html  # the kind's label, not the code "complaint"
    assert "已登记" in html or "登记" in html  # the action in words, not "case.create"
    events = describe(AuditEvent.objects.filter(object_type="cases.case", object_id=str(case.pk)), tree.office)
    with translation.override("zh-hans"):
        events = describe(AuditEvent.objects.filter(object_type="cases.case", object_id=str(case.pk)), tree.office)
        labels = {c.label for c in events[0].changes}
        values = {c.new for c in events[0].changes}
    assert "complaint" not in values and "complainant_phone" not in labels
    assert events[0].actor_text == tree.office.get_full_name() or tree.office.username
    assert events[0].actor_unit_text == str(tree.dept)


def test_filters_still_work(client, tree, campaign):
    case_services.case_create(actor=tree.office, kind=Kind.COMPLAINT, unit=tree.station, campaign=campaign, title="甲", named=False)
    client.force_login(tree.office)
    page = client.get(reverse("core:audit-log"), {"object_type": "cases.case", "action": "case.create"}).context["page"]
    assert page.object_list and all(e.object_type == "cases.case" and e.action == "case.create" for e in page.object_list)
    assert not client.get(reverse("core:audit-log"), {"date_from": "2999-01-01"}).context["page"].object_list


def test_every_visibility_rule_runs_for_every_role(tree, django_assert_max_num_queries):
    from xingping.core.audit_access import audit_types

    users = [tree.office, tree.auditor, tree.city_inspector, tree.county_inspector, tree.county_leader,
             tree.station_staff, tree.nobody]
    for reg in audit_types().values():
        for user in users:
            list(reg.visible(user)[:1])  # the rule is a queryset the database answers
    for user in users:
        with django_assert_max_num_queries(3):
            list(visible_events(user, AuditEvent.objects.all())[:10])  # one query for the page


def test_rows_about_a_catalogue_item_follow_the_item(client, tree):
    from xingping.disclosure.models import CatalogueItem
    from xingping.disclosure.services import item_save

    item = item_save(actor=tree.office, item=CatalogueItem(code="HC01-1", unit=tree.station3, title="汉川许可结果目录",
                                                           created_on=datetime.date(2026, 9, 30), limit_wd=1))
    rows = AuditEvent.objects.filter(object_type="disclosure.catalogueitem", object_id=str(item.pk))
    assert rows.exists()
    assert visible_events(tree.auditor, rows).exists()
    assert not visible_events(tree.county_inspector, rows).exists()  # another county's item
    with translation.override("zh-hans"):
        assert "汉川许可结果目录" in _audit_html(client, tree.auditor)
        assert describe(list(visible_events(tree.auditor, rows)), tree.auditor)[0].type_text == str(
            CatalogueItem._meta.verbose_name)


def test_rows_about_an_inspection_follow_the_inspection(tree):
    from xingping.oversight import services as oversight_services

    inspection = oversight_services.inspection_record(
        actor=tree.office, unit=tree.station3, mode="open", inspected_on=datetime.date.today() - datetime.timedelta(days=1),
        place="城隍所窗口", seen="窗口有人")
    rows = AuditEvent.objects.filter(object_type="oversight.inspection", object_id=str(inspection.pk))
    assert visible_events(tree.city_inspector, rows).exists()
    assert not visible_events(tree.county_inspector, rows).exists()  # inspectors within their area


def test_a_policy_registration_sees_what_the_policy_admits(tree, campaign):
    """`register_audit_type(model, policy=…)`: the rows' readers are the policy's own answer for
    the model's objects — no app's hand-written copy of it."""
    from xingping.cases.models import Case
    from xingping.cases.permissions import policy as case_policy
    from xingping.core.audit_access import audit_types

    case_services.case_create(actor=tree.office, kind=Kind.COMPLAINT, unit=tree.station, campaign=campaign,
                              title="窗口推诿", complainant_name="李四", complainant_phone="13900001111")
    reg = audit_types()["cases.case"]
    for user in (tree.office, tree.county_inspector, tree.station_staff, tree.nobody):
        expected = set(case_policy.instances_user_has_permission_for(user, "view", Case.objects.all())
                       .values_list("pk", flat=True))
        assert set(reg.visible(user).values_list("pk", flat=True)) == expected
    assert set(reg.visible(tree.office).values_list("pk", flat=True))  # not vacuous: the office sees the case
    assert not set(reg.visible(tree.nobody).values_list("pk", flat=True))


def test_a_registration_names_its_rule_once():
    from xingping.cases.models import Case
    from xingping.cases.permissions import policy as case_policy
    from xingping.core.audit_access import register_audit_type

    with pytest.raises(TypeError):
        register_audit_type(Case)
    with pytest.raises(TypeError):
        register_audit_type(Case, policy=case_policy, visible=lambda user: Case.objects.all())
