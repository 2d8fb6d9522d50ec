"""R14.3: a visit found not confirmed is flagged to the office and the discipline inspector."""

import datetime

from xingping.entities.testing import make_entity, make_visit


def test_not_confirmed_visits_are_flagged_on_the_office_and_inspector_dashboards(client, tree, campaign):
    station_visit = make_visit(make_entity(tree.station), tree.station_staff, datetime.date(2026, 7, 10),
                               verification="not_confirmed")
    make_visit(make_entity(tree.station3), tree.other_station_staff, datetime.date(2026, 7, 11),
               verification="not_confirmed")
    make_visit(make_entity(tree.station), tree.station_staff, datetime.date(2026, 7, 12), verification="confirmed")
    seen = {}
    for user in (tree.office, tree.county_inspector, tree.station_leader, tree.county_leader):
        client.force_login(user)
        response = client.get("/")
        section = next((s for s in response.context["sections"] if s["template"] == "outreach/dashboard/checks.html"), None)
        seen[user.username] = section and section["not_confirmed"]
        if user == tree.county_inspector:
            assert station_visit.entity.name in response.content.decode()
        client.logout()
    # the office sees both; the county inspector only its area's; leaders are not shown the section
    assert seen == {"office": 2, "xn_inspector": 1, "xn01_leader": None, "xn_leader": None}


def test_the_area_rollup_is_shown_only_to_units_with_units_below(client, tree, campaign):
    shown = {}
    for user in (tree.station_staff, tree.county_leader):
        client.force_login(user)
        section = next(s for s in client.get("/").context["sections"] if s["template"] == "metrics/dashboard/unit_visits.html")
        shown[user.username] = [key for key, _f in section["figures"]]
    assert shown == {"xn01_staff": ["visit_coverage", "return_visit_coverage"],
                     "xn_leader": ["visit_coverage", "visit_coverage_area", "return_visit_coverage"]}
