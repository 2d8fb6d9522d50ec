"""The dashboard's reply and handling rates: the user's unit and the units directly below it,
whatever the size of the tree (a province has thousands of stations); every unit is on the
figures page, linked from the section."""


def rates_units(client, user):
    client.force_login(user)
    section = next(s for s in client.get("/").context["sections"] if s["template"] == "cases/partials/dashboard_section.html")
    return [u.code for u, _rates in section["rows"]], section["more"]


def test_the_office_sees_the_city_and_the_units_directly_below(client, tree, campaign):
    codes, more = rates_units(client, tree.office)
    assert sorted(codes) == ["HC", "KFQ", "XG", "XN"]
    assert more  # the stations are on the figures page
    body = client.get("/").content.decode()
    assert "全部单位的指标" in body and 'href="/metrics/"' in body


def test_a_county_leader_sees_the_county_and_its_stations(client, tree, campaign):
    codes, more = rates_units(client, tree.county_leader)
    assert sorted(codes) == ["XN", "XN01", "XN02"] and not more
