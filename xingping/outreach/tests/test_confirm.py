"""The visited entity confirms the visit itself: public page, single use, refused for a
struck visit; per-unit shares and the never-confirmed flag."""

import datetime

import pytest

from xingping.entities.testing import make_entity, make_visit
from xingping.outreach import selectors
from xingping.outreach.models import EntityConfirmation, Verification


def test_confirm_once_with_a_rating(client, tree, campaign, data):
    visit = data["visit"]
    url = f"/outreach/confirm/{visit.confirm_code}/"
    resp = client.get(url)
    assert resp.status_code == 200 and visit.entity.name in resp.content.decode()
    resp = client.post(url, {"rating": "4", "comment": "态度很好"})
    assert resp.status_code == 200 and "已确认" in resp.content.decode()
    confirmation = EntityConfirmation.objects.get(visit=visit)
    assert confirmation.rating == 4
    resp = client.post(url, {"rating": "5"})
    assert resp.status_code == 409 and "只能使用一次" in resp.content.decode()
    assert EntityConfirmation.objects.get(visit=visit).rating == 4


def test_struck_visit_cannot_be_confirmed_and_bad_rating_is_refused(client, tree, campaign, data):
    visit = data["visit"]
    visit.verification = Verification.NOT_CONFIRMED
    visit.save()
    resp = client.post(f"/outreach/confirm/{visit.confirm_code}/", {})
    assert resp.status_code == 409 and "不能确认" in resp.content.decode()
    other = make_visit(data["entity"], tree.station_staff, datetime.date(2026, 7, 3))
    resp = client.post(f"/outreach/confirm/{other.confirm_code}/", {"rating": "9"})
    assert resp.status_code == 400
    assert not EntityConfirmation.objects.exists()
    assert client.get("/outreach/confirm/NOSUCHCODE/").status_code == 404


def test_rate_limited(client, tree, campaign, data, settings):
    settings.XINGPING_CONFIRM_RATE_LIMIT = "2/3600"
    url = f"/outreach/confirm/{data['visit'].confirm_code}/"
    assert client.get(url).status_code == 200
    assert client.get(url).status_code == 200
    assert client.get(url).status_code == 429


def test_codes_are_unique_short_and_unambiguous(tree, campaign):
    entity = make_entity(tree.station)
    codes = {make_visit(entity, tree.station_staff, datetime.date(2026, 7, 1) + datetime.timedelta(days=i)).confirm_code
             for i in range(30)}
    assert len(codes) == 30
    assert all(len(c) == 8 and not set(c) & set("01OIL") for c in codes)


def test_share_by_unit_and_never_confirmed_flag(tree, campaign):
    from xingping.orgs.models import OrgUnit
    from xingping.outreach.services import visit_confirm_by_entity

    entity = make_entity(tree.station)
    visits = [make_visit(entity, tree.station_staff, datetime.date(2026, 7, 1) + datetime.timedelta(days=i))
              for i in range(5)]
    other = make_entity(tree.station2)
    mine = [make_visit(other, tree.station2_staff, datetime.date(2026, 7, 1) + datetime.timedelta(days=i))
            for i in range(5)]
    visit_confirm_by_entity(code=mine[0].confirm_code, rating=5)
    rows = {r["unit__code"]: r for r in selectors.confirmation_share_by_unit(OrgUnit.objects.all())}
    assert (rows["XN01"]["visits"], rows["XN01"]["confirmed"], rows["XN01"]["share"]) == (5, 0, 0.0)
    assert rows["XN02"]["share"] == pytest.approx(0.2)
    flagged = [r["visitor__username"] for r in selectors.visitors_never_confirmed(OrgUnit.objects.all())]
    assert flagged == ["xn01_staff"]
    assert len(visits) == 5


def test_print_page_shows_code_and_qr(client, tree, campaign, data):
    client.force_login(tree.station_staff)
    resp = client.get(f"/outreach/visits/{data['visit'].pk}/print/")
    body = resp.content.decode()
    assert resp.status_code == 200
    assert data["visit"].confirm_code in body and "data:image/svg+xml" in body
    assert f"/outreach/confirm/{data['visit'].confirm_code}/" in body
