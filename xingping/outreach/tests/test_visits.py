"""Recording visits, the opinion form, flags, sampling and verification."""

import datetime
import io

import pytest
from django.core.management import call_command

from xingping.core.models import AuditEvent
from xingping.core.testing import frozen_today
from xingping.entities.testing import make_entity, make_visit
from xingping.metrics.engine import compute
from xingping.outreach import selectors
from xingping.outreach.models import Visit, VisitCheck

D = datetime.date
TODAY = D(2026, 9, 1)


@pytest.fixture(autouse=True)
def _today():
    with frozen_today(TODAY):
        yield


def form_data(**extra):
    data = {"visited_on": "2026-08-30", "kind": "visit", "method": "onsite", "opinions": "", "suggestions": ""}
    data.update({n: "4" for n in ("efficiency", "openness", "lawfulness", "civility", "diligence", "ethics")})
    data.update(extra)
    return data


def test_station_staff_records_a_visit_and_it_counts(client, tree, campaign):
    e = make_entity(tree.station, responsible=tree.station_staff)
    client.force_login(tree.station_staff)
    resp = client.get("/outreach/")
    assert e.name in resp.content.decode()
    resp = client.post(f"/outreach/entities/{e.pk}/visit/", form_data(civility="1", opinions="罚款不开票"))
    assert resp.status_code == 302
    v = Visit.objects.get()
    assert (v.visitor, v.unit, v.entered_by, v.civility, v.entry_delay) == (
        tree.station_staff, tree.station, tree.station_staff, 1, 2)
    assert AuditEvent.objects.filter(object_type="outreach.visit", object_id=str(v.pk), action="create").exists()
    assert v in Visit.objects.dissatisfied()
    unit = next(u for u in compute(campaign, as_of=TODAY)["units"] if u["code"] == "XN01")
    assert unit["metrics"]["visit_coverage"]["numerator"] == 1


def test_form_keeps_input_on_error_and_refuses_future_dates(client, tree, campaign):
    e = make_entity(tree.station)
    client.force_login(tree.station_staff)
    data = form_data(visited_on="2026-09-02", opinions="保留这段文字")
    del data["ethics"]
    resp = client.post(f"/outreach/entities/{e.pk}/visit/", data)
    body = resp.content.decode()
    assert resp.status_code == 200
    assert "保留这段文字" in body and "走访日期不能晚于今天" in body and "请选择满意程度" in body
    assert Visit.objects.count() == 0


def test_duplicate_visit_is_refused_not_500(client, tree, campaign):
    e = make_entity(tree.station)
    client.force_login(tree.station_staff)
    client.post(f"/outreach/entities/{e.pk}/visit/", form_data())
    resp = client.post(f"/outreach/entities/{e.pk}/visit/", form_data())
    assert resp.status_code == 200 and "已存在" in resp.content.decode()
    assert Visit.objects.count() == 1


def test_return_visit_linked_to_penalty(client, tree, campaign):
    from xingping.entities.testing import make_penalty

    e = make_entity(tree.station)
    p = make_penalty(e, tree.station, D(2026, 3, 1))
    client.force_login(tree.station_staff)
    resp = client.get(f"/outreach/entities/{e.pk}/visit/?kind=return")
    assert p.case_no in resp.content.decode()
    client.post(f"/outreach/entities/{e.pk}/visit/", form_data(kind="return", penalties=[p.pk]))
    assert list(Visit.objects.get().penalties.all()) == [p]


def test_my_entities_lists_unvisited_first(client, tree, campaign):
    visited = make_entity(tree.station, responsible=tree.station_staff, name="甲已走访")
    make_entity(tree.station, responsible=tree.station_staff, name="乙未走访")
    make_visit(visited, tree.station_staff, D(2026, 7, 5))
    client.force_login(tree.station_staff)
    body = client.get("/outreach/").content.decode()
    assert body.index("乙未走访") < body.index("甲已走访")


def test_liaison_record(client, tree, campaign):
    e = make_entity(tree.station)
    client.force_login(tree.station_staff)
    resp = client.post(f"/outreach/entities/{e.pk}/liaison/", {"kind": "difficulty", "done_on": "2026-08-01",
                                                              "description": "协调解决场地问题"})
    assert resp.status_code == 302
    assert "协调解决场地问题" in client.get(f"/entities/{e.pk}/").content.decode()


def test_automatic_flags_with_limits_from_campaign_rules(tree, campaign):
    campaign.rules["visit_checks"] = {"max_visits_per_person_per_day": 2, "max_entry_delay_days": 7}
    young = make_entity(tree.station, registered_on=D(2026, 8, 1))
    gone = make_entity(tree.station, status="deregistered", deregistered_on=D(2026, 7, 10))
    others = [make_entity(tree.station) for _ in range(3)]
    before_reg = make_visit(young, tree.station_staff, D(2026, 7, 20))
    after_dereg = make_visit(gone, tree.station_staff, D(2026, 7, 11))
    busy = [make_visit(e, tree.station2_staff, D(2026, 7, 15)) for e in others]
    late = make_visit(others[0], tree.station_staff, D(2026, 8, 1), entry_delay=8)
    in_time = make_visit(others[1], tree.station_staff, D(2026, 8, 1), entry_delay=7)
    future = make_visit(others[2], tree.station_staff, D(2026, 8, 2), entry_delay=-1)
    qs = selectors.with_flags(Visit.objects.all(), campaign)
    flags = {v.pk: {f for f in selectors.FLAGS if getattr(v, f)} for v in qs}
    assert flags[before_reg.pk] == {"flag_before_registration"}
    assert flags[after_dereg.pk] == {"flag_after_deregistration"}
    assert all(flags[v.pk] == {"flag_per_day"} for v in busy)
    assert flags[late.pk] == {"flag_late"} and flags[in_time.pk] == set() and flags[future.pk] == {"flag_future"}
    campaign.rules["visit_checks"] = {"max_visits_per_person_per_day": 3}
    assert not selectors.flagged(selectors.with_flags(Visit.objects.filter(pk=busy[0].pk), campaign)).exists()


def test_sample_is_reproducible_per_unit(tree, campaign):
    for i in range(10):
        make_visit(make_entity(tree.station), tree.station_staff, D(2026, 7, 1 + i))
        make_visit(make_entity(tree.station2), tree.station2_staff, D(2026, 7, 1 + i))
    make_visit(make_entity(tree.station), tree.station_staff, D(2026, 6, 1))  # outside the window

    def draw(seed):
        out = io.StringIO()
        call_command("sample-visits", "--campaign", "c2026", "--rate", "0.2", "--seed", seed, stdout=out,
                     stderr=io.StringIO())
        return out.getvalue().splitlines()

    first = draw("s1")
    assert len(first) == 4 and sum(1 for line in first if line.startswith("XN01\t")) == 2
    VisitCheck.objects.all().delete()
    assert draw("s1") == first
    VisitCheck.objects.all().delete()
    assert draw("s2") != first


def test_not_confirmed_stops_counting_and_is_flagged(client, tree, campaign, data):
    client.force_login(tree.office)
    unit = lambda: next(u for u in compute(campaign, as_of=TODAY)["units"] if u["code"] == "XN01")  # noqa: E731
    assert unit()["metrics"]["visit_coverage"]["numerator"] == 1
    resp = client.post(f"/outreach/checks/{data['check'].pk}/", {"outcome": "not_confirmed"}, HTTP_HX_REQUEST="true")
    assert resp.status_code == 200 and "check-" in resp.content.decode()
    assert unit()["metrics"]["visit_coverage"]["numerator"] == 0
    client.force_login(tree.city_inspector)
    assert data["entity"].name in client.get("/outreach/visits/?flagged=1").content.decode()
    assert AuditEvent.objects.filter(action="verify", object_type="outreach.visit").exists()


def test_leaders_and_staff_do_not_see_which_visits_were_drawn_or_found_false(client, tree, campaign, data):
    """docs/outreach.md: the office, inspectors and auditors see checks; leaders and staff do not."""
    client.force_login(tree.office)
    client.post(f"/outreach/checks/{data['check'].pk}/", {"outcome": "not_confirmed"})
    v, e = data["visit"].pk, data["entity"].pk
    for user in (tree.station_staff, tree.station_leader, tree.county_leader):
        client.force_login(user)
        detail = client.get(f"/outreach/visits/{v}/").content.decode()
        assert "核实" not in detail and "not confirmed" not in detail.lower(), user
        assert data["entity"].name not in client.get("/outreach/visits/?flagged=1").content.decode(), user
        assert "核实不属实" not in client.get(f"/entities/{e}/").content.decode(), user
    for user in (tree.office, tree.county_inspector):
        client.force_login(user)
        assert "核实不属实" in client.get(f"/outreach/visits/{v}/").content.decode(), user
        assert data["entity"].name in client.get("/outreach/visits/?flagged=1").content.decode(), user
        assert "核实不属实" in client.get(f"/entities/{e}/").content.decode(), user


def test_checks_page_shows_the_phone_in_full_only_to_the_office_who_calls(client, tree, campaign, data):
    client.force_login(tree.office)
    assert "13900000000" in client.get("/outreach/checks/").content.decode()
    for user in (tree.county_inspector, tree.city_inspector, tree.auditor):
        client.force_login(user)
        body = client.get("/outreach/checks/").content.decode()
        assert "13900000000" not in body and "139****0000" in body, user


def test_visit_list_is_called_visit_records_not_the_menu_name(client, tree, campaign, data):
    """'Visits' alone is the core menu's 走访回访 (which opens "my entities"), so the list says 走访记录."""
    client.force_login(tree.county_leader)
    body = client.get("/outreach/visits/").content.decode()
    assert '<h1 class="h4 mb-0">走访记录</h1>' in body


def test_dissatisfied_list_links_to_rectification(client, tree, campaign, data):
    client.force_login(tree.county_leader)
    body = client.get("/outreach/opinions/").content.decode()
    assert f"/rectification/findings/new/?source=visit&amp;id={data['visit'].pk}" in body


def test_lists_have_constant_query_counts(client, tree, campaign, django_assert_max_num_queries):
    for i in range(30):
        e = make_entity(tree.station, responsible=tree.station_staff)
        make_visit(e, tree.station_staff, D(2026, 7, 1 + i % 28), opinions="意见" if i % 2 else "")
    client.force_login(tree.office)
    for url in ("/outreach/", "/outreach/visits/", "/outreach/visits/?flagged=1", "/outreach/opinions/",
                "/entities/", "/outreach/checks/", "/metrics/", "/metrics/?area=1", "/metrics/units/XN/",
                "/metrics/units/XN01/visit_coverage/denominator/"):
        with django_assert_max_num_queries(25):
            assert client.get(url).status_code == 200, url


def test_excel_exports(client, tree, campaign, data):
    client.force_login(tree.office)
    for url in ("/outreach/visits/?format=xlsx", "/outreach/opinions/?format=xlsx", "/entities/?format=xlsx",
                "/metrics/?format=xlsx", "/metrics/units/XN01/visit_coverage/denominator/?format=xlsx"):
        resp = client.get(url)
        assert resp.status_code == 200 and resp["Content-Type"].startswith("application/vnd.openxml"), url


def test_dashboard_section_shows_the_units_figures(client, tree, campaign, data):
    client.force_login(tree.station_staff)
    body = client.get("/").content.decode()
    assert "/metrics/units/XN01/" in body and "1 / 1" in body


def test_dashboard_counts_my_entities_and_the_unvisited_among_them(client, tree, campaign):
    visited, _a, _b = (make_entity(tree.station, responsible=tree.station_staff) for _ in range(3))
    make_entity(tree.station, responsible=tree.station2_staff)  # someone else's
    make_visit(visited, tree.station_staff, D(2026, 7, 1))
    client.force_login(tree.station_staff)
    section = next(s for s in client.get("/").context["sections"] if s["template"].endswith("unit_visits.html"))
    assert (section["unvisited"], section["assigned"]) == (2, 3)


def test_figures_table_ranks_marks_misses_and_drills_down(client, tree, campaign):
    for _ in range(2):
        make_entity(tree.station2)
    e = make_entity(tree.station)
    make_visit(e, tree.station_staff, D(2026, 7, 5))
    client.force_login(tree.county_leader)
    body = client.get("/metrics/?as_of=2026-09-01").content.decode()
    assert body.index("书院所") < body.index("新华所")  # ranked by visit coverage: 100% before 0%
    assert "/metrics/units/XN02/visit_coverage/denominator/" in body and "text-danger" in body
    assert "visit_coverage_area" not in body.split("<tbody>")[0] or "area=1" in body
    body = client.get("/metrics/?as_of=2026-09-01&area=1").content.decode()
    assert "/metrics/units/XN/visit_coverage_area/numerator/" in body
    body = client.get("/metrics/units/XN01/visit_coverage/numerator/?as_of=2026-09-01").content.decode()
    assert e.name in body


def test_a_check_saved_without_choosing_an_outcome_records_nothing(client, tree, campaign, data):
    """R14.3: the outcome has no default, so saving an uncalled row cannot record "confirmed"."""
    client.force_login(tree.office)
    page = client.get("/outreach/checks/").content.decode()
    assert '<option value="" selected>' in page
    response = client.post(f"/outreach/checks/{data['check'].pk}/", {"outcome": ""}, follow=True)
    data["check"].refresh_from_db()
    assert data["check"].outcome == "" and data["check"].checked_at is None
    assert "请选择电话核实的结果" in response.content.decode()
