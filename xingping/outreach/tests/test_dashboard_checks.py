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
