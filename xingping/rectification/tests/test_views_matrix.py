"""Role × view matrix for every rectification view (200/302 allowed, 404 otherwise).
The objects belong to station XN01 (under county XN); HC is the other county."""

import datetime
from xingping.core.testing import check_role_matrix, frozen_today
from xingping.testing import build_world

import pytest
from django.urls import reverse
from django.utils import timezone

from xingping.core.testing import assert_matrix
from xingping.testing import Tree
from xingping.rectification import services
from xingping.rectification.models import ItemClass
from xingping.rectification.tests.conftest import days, make_item, png

pytestmark = pytest.mark.django_db

EVERYONE = set(Tree.ROLE_USERS)
IN_SCOPE = EVERYONE - {"other_county_leader", "other_station_staff"}  # see XN01
WRITE_SCOPE = {"office", "city_leader", "county_leader", "county_staff", "station_leader", "station_staff"}
LEADERS_SCOPE = {"office", "city_leader", "county_leader", "station_leader"}
WRITERS = WRITE_SCOPE | {"other_county_leader", "other_station_staff"}
REPORT_ROLES = {"office", "auditor", "city_inspector", "city_leader", "county_leader", "county_inspector", "station_leader",
                "other_county_leader"}


def matrix(allowed, ok=200):
    return {name: (ok if name in allowed else 404) for name in Tree.ROLE_USERS}


@pytest.fixture
def objects(tree, campaign):
    finding = services.finding_create(actor=tree.station_staff, campaign=campaign, unit=tree.station, title="问题",
                                      category="execution", source="self_inspection")
    item = make_item(tree, finding, item_class=ItemClass.PLANNED, milestones=[("步骤", days(2))])
    services.item_post_progress(actor=tree.station_staff, item=item, percent=100, note="完成", evidence=png())
    policy = make_item(tree, finding, item_class=ItemClass.POLICY, request_text="请示")
    fee = services.fee_create(actor=tree.station_staff, campaign=campaign, unit=tree.station, description="资料费",
                              amount="100", payer="某户", found_on=timezone.localdate())
    system = services.institution_update(actor=tree.station_leader, campaign=campaign, unit=tree.station,
                                         code="accountability", status="issued", issued_on=timezone.localdate(),
                                         document=png("doc.png"))
    return {"finding": finding, "item": item, "policy": policy, "fee": fee, "system": system,
            "post": item.posts.exclude(evidence="").first(), "milestone": item.milestones.first()}


GET_VIEWS = [
    ("index", (), EVERYONE),
    ("item-list", (), EVERYONE),
    ("ledger-export", (), EVERYONE),
    ("rollup-export", (), EVERYONE),
    ("finding-list", (), EVERYONE),
    ("selfanalysis-roster", (), EVERYONE),
    ("fee-list", (), EVERYONE),
    ("systems", (), EVERYONE),
    ("finding-create", (), WRITERS),
    ("selfanalysis-edit", (), WRITERS),
    ("report", (), REPORT_ROLES),
    ("item-detail", ("item",), IN_SCOPE),
    ("finding-detail", ("finding",), IN_SCOPE),
    ("evidence", ("post",), IN_SCOPE),
    ("system-document", ("system",), IN_SCOPE),
    ("item-progress", ("item",), WRITE_SCOPE),
    ("item-create", ("finding",), WRITE_SCOPE),
    ("fee-refund", ("fee",), WRITE_SCOPE),
]


@pytest.mark.parametrize("name,args,allowed", GET_VIEWS, ids=[v[0] for v in GET_VIEWS])
def test_get_views(client, tree, objects, name, args, allowed):
    url = reverse(f"rectification:{name}", args=[objects[a].pk for a in args])
    assert assert_matrix(client, url, matrix(allowed), tree) == []


def test_system_edit(client, tree, objects):
    url = reverse("rectification:system-edit", args=["XN01", "accountability"])
    assert assert_matrix(client, url, matrix(WRITE_SCOPE), tree) == []


def test_report_download(client, tree, objects):
    url = reverse("rectification:report-download", args=["XN01"])
    allowed = REPORT_ROLES - {"other_county_leader"}
    assert assert_matrix(client, url, matrix(allowed), tree) == []


POST_VIEWS = [
    ("item-confirm", "item", LEADERS_SCOPE, {}),
    ("item-return", "item", LEADERS_SCOPE, {"reason": "补充"}),
    ("item-answer", "policy", WRITE_SCOPE, {"answer_text": "答复", "answered_on": "2000-01-01"}),
    ("item-publish", "item", {"office"}, {"published": "1"}),
    ("milestone-done", "milestone", WRITE_SCOPE, {}),
]


@pytest.mark.parametrize("name,obj,allowed,data", POST_VIEWS, ids=[v[0] for v in POST_VIEWS])
def test_post_views(client, tree, objects, name, obj, allowed, data):
    url = reverse(f"rectification:{name}", args=[objects[obj].pk])
    assert assert_matrix(client, url, matrix(allowed, ok=302), tree, method="post", data=data) == []


def test_post_only_views_refuse_get(client, tree, objects):
    client.force_login(tree.office)
    assert client.get(reverse("rectification:item-confirm", args=[objects["item"].pk])).status_code == 405


def test_board_is_public(client, tree, objects):
    services.item_set_published(actor=tree.office, item=objects["item"], published=True)
    client.logout()
    resp = client.get(reverse("rectification:board"))
    assert resp.status_code == 200
    html = resp.content.decode()
    assert objects["item"].item in html and "书院所" in html
    assert "请示" not in html  # the unpublished policy item's request is not shown
    assert len(resp.context["items"]) == 1


def test_unit_parameter_outside_scope_is_404(client, tree, objects):
    client.force_login(tree.station_staff)
    assert client.get(reverse("rectification:item-list") + "?unit=HC").status_code == 404
    assert client.get(reverse("rectification:item-list") + "?unit=XN01").status_code == 200


# The role × view matrix of every URL name of the app (the project-wide test
# tests/test_url_matrix.py fails when a URL name is missing from all ROLE_MATRIX dicts).

def _r(name, key=None):
    return lambda w: reverse(f"rectification:{name}", args=[w[key].pk] if key else [])


MATRIX_URLS = {
    "rectification:index": _r("index"),
    "rectification:selfanalysis-roster": _r("selfanalysis-roster"),
    "rectification:selfanalysis-edit": _r("selfanalysis-edit"),
    "rectification:selfanalysis-detail": _r("selfanalysis-detail", "selfanalysis"),
    "rectification:finding-list": _r("finding-list"),
    "rectification:finding-create": _r("finding-create"),
    "rectification:finding-detail": _r("finding-detail", "finding"),
    "rectification:item-create": _r("item-create", "finding"),
    "rectification:item-list": _r("item-list"),
    "rectification:ledger-export": _r("ledger-export"),
    "rectification:rollup-export": _r("rollup-export"),
    "rectification:item-detail": _r("item-detail", "item"),
    "rectification:item-progress": _r("item-progress", "item"),
    "rectification:item-confirm": _r("item-confirm", "item"),
    "rectification:item-return": _r("item-return", "item"),
    "rectification:item-answer": _r("item-answer", "item"),
    "rectification:item-publish": _r("item-publish", "item"),
    "rectification:milestone-done": _r("milestone-done", "milestone"),
    "rectification:evidence": _r("evidence", "post"),
    "rectification:fee-list": _r("fee-list"),
    "rectification:fee-refund": _r("fee-refund", "fee"),
    "rectification:systems": _r("systems"),
    "rectification:system-document": _r("system-document", "system"),
    "rectification:system-edit": lambda w: reverse("rectification:system-edit", args=["XN01", "accountability"]),
    "rectification:report": _r("report"),
    "rectification:report-download": lambda w: reverse("rectification:report-download", args=["XN01"]),
    "rectification:board": _r("board"),
}

ROLE_MATRIX = {
    "rectification:index": {"anonymous": 302, "office": 200, "auditor": 200, "city_inspector": 200, "city_leader": 200, "county_leader": 200, "county_staff": 200, "county_inspector": 200, "station_leader": 200, "station_staff": 200, "other_county_leader": 200, "other_station_staff": 200},
    "rectification:selfanalysis-roster": {"anonymous": 302, "office": 200, "auditor": 200, "city_inspector": 200, "city_leader": 200, "county_leader": 200, "county_staff": 200, "county_inspector": 200, "station_leader": 200, "station_staff": 200, "other_county_leader": 200, "other_station_staff": 200},
    "rectification:selfanalysis-edit": {"anonymous": 302, "office": 200, "auditor": 404, "city_inspector": 404, "city_leader": 200, "county_leader": 200, "county_staff": 200, "county_inspector": 404, "station_leader": 200, "station_staff": 200, "other_county_leader": 200, "other_station_staff": 200},
    "rectification:selfanalysis-detail": {"anonymous": 302, "office": 200, "auditor": 404, "city_inspector": 200, "city_leader": 404, "county_leader": 404, "county_staff": 404, "county_inspector": 200, "station_leader": 200, "station_staff": 200, "other_county_leader": 404, "other_station_staff": 404},
    "rectification:finding-list": {"anonymous": 302, "office": 200, "auditor": 200, "city_inspector": 200, "city_leader": 200, "county_leader": 200, "county_staff": 200, "county_inspector": 200, "station_leader": 200, "station_staff": 200, "other_county_leader": 200, "other_station_staff": 200},
    "rectification:finding-create": {"anonymous": 302, "office": 200, "auditor": 404, "city_inspector": 404, "city_leader": 200, "county_leader": 200, "county_staff": 200, "county_inspector": 404, "station_leader": 200, "station_staff": 200, "other_county_leader": 200, "other_station_staff": 200},
    "rectification:finding-detail": {"anonymous": 302, "office": 200, "auditor": 200, "city_inspector": 200, "city_leader": 200, "county_leader": 200, "county_staff": 200, "county_inspector": 200, "station_leader": 200, "station_staff": 200, "other_county_leader": 404, "other_station_staff": 404},
    "rectification:item-create": {"anonymous": 302, "office": 200, "auditor": 404, "city_inspector": 404, "city_leader": 200, "county_leader": 200, "county_staff": 200, "county_inspector": 404, "station_leader": 200, "station_staff": 200, "other_county_leader": 404, "other_station_staff": 404},
    "rectification:item-list": {"anonymous": 302, "office": 200, "auditor": 200, "city_inspector": 200, "city_leader": 200, "county_leader": 200, "county_staff": 200, "county_inspector": 200, "station_leader": 200, "station_staff": 200, "other_county_leader": 200, "other_station_staff": 200},
    "rectification:ledger-export": {"anonymous": 302, "office": 200, "auditor": 200, "city_inspector": 200, "city_leader": 200, "county_leader": 200, "county_staff": 200, "county_inspector": 200, "station_leader": 200, "station_staff": 200, "other_county_leader": 200, "other_station_staff": 200},
    "rectification:rollup-export": {"anonymous": 302, "office": 200, "auditor": 200, "city_inspector": 200, "city_leader": 200, "county_leader": 200, "county_staff": 200, "county_inspector": 200, "station_leader": 200, "station_staff": 200, "other_county_leader": 200, "other_station_staff": 200},
    "rectification:item-detail": {"anonymous": 302, "office": 200, "auditor": 200, "city_inspector": 200, "city_leader": 200, "county_leader": 200, "county_staff": 200, "county_inspector": 200, "station_leader": 200, "station_staff": 200, "other_county_leader": 404, "other_station_staff": 404},
    "rectification:item-progress": {"anonymous": 302, "office": 200, "auditor": 404, "city_inspector": 404, "city_leader": 200, "county_leader": 200, "county_staff": 200, "county_inspector": 404, "station_leader": 200, "station_staff": 200, "other_county_leader": 404, "other_station_staff": 404},
    "rectification:item-confirm": {"anonymous": 302, "office": 405, "auditor": 405, "city_inspector": 405, "city_leader": 405, "county_leader": 405, "county_staff": 405, "county_inspector": 405, "station_leader": 405, "station_staff": 405, "other_county_leader": 405, "other_station_staff": 405},
    "rectification:item-return": {"anonymous": 302, "office": 405, "auditor": 405, "city_inspector": 405, "city_leader": 405, "county_leader": 405, "county_staff": 405, "county_inspector": 405, "station_leader": 405, "station_staff": 405, "other_county_leader": 405, "other_station_staff": 405},
    "rectification:item-answer": {"anonymous": 302, "office": 405, "auditor": 405, "city_inspector": 405, "city_leader": 405, "county_leader": 405, "county_staff": 405, "county_inspector": 405, "station_leader": 405, "station_staff": 405, "other_county_leader": 405, "other_station_staff": 405},
    "rectification:item-publish": {"anonymous": 302, "office": 405, "auditor": 405, "city_inspector": 405, "city_leader": 405, "county_leader": 405, "county_staff": 405, "county_inspector": 405, "station_leader": 405, "station_staff": 405, "other_county_leader": 405, "other_station_staff": 405},
    "rectification:milestone-done": {"anonymous": 302, "office": 405, "auditor": 405, "city_inspector": 405, "city_leader": 405, "county_leader": 405, "county_staff": 405, "county_inspector": 405, "station_leader": 405, "station_staff": 405, "other_county_leader": 405, "other_station_staff": 405},
    "rectification:evidence": {"anonymous": 302, "office": 200, "auditor": 200, "city_inspector": 200, "city_leader": 200, "county_leader": 200, "county_staff": 200, "county_inspector": 200, "station_leader": 200, "station_staff": 200, "other_county_leader": 404, "other_station_staff": 404},
    "rectification:fee-list": {"anonymous": 302, "office": 200, "auditor": 200, "city_inspector": 200, "city_leader": 200, "county_leader": 200, "county_staff": 200, "county_inspector": 200, "station_leader": 200, "station_staff": 200, "other_county_leader": 200, "other_station_staff": 200},
    "rectification:fee-refund": {"anonymous": 302, "office": 200, "auditor": 404, "city_inspector": 404, "city_leader": 200, "county_leader": 200, "county_staff": 200, "county_inspector": 404, "station_leader": 200, "station_staff": 200, "other_county_leader": 404, "other_station_staff": 404},
    "rectification:systems": {"anonymous": 302, "office": 200, "auditor": 200, "city_inspector": 200, "city_leader": 200, "county_leader": 200, "county_staff": 200, "county_inspector": 200, "station_leader": 200, "station_staff": 200, "other_county_leader": 200, "other_station_staff": 200},
    "rectification:system-document": {"anonymous": 302, "office": 200, "auditor": 200, "city_inspector": 200, "city_leader": 200, "county_leader": 200, "county_staff": 200, "county_inspector": 200, "station_leader": 200, "station_staff": 200, "other_county_leader": 404, "other_station_staff": 404},
    "rectification:system-edit": {"anonymous": 302, "office": 200, "auditor": 404, "city_inspector": 404, "city_leader": 200, "county_leader": 200, "county_staff": 200, "county_inspector": 404, "station_leader": 200, "station_staff": 200, "other_county_leader": 404, "other_station_staff": 404},
    "rectification:report": {"anonymous": 302, "office": 200, "auditor": 200, "city_inspector": 200, "city_leader": 200, "county_leader": 200, "county_staff": 404, "county_inspector": 200, "station_leader": 200, "station_staff": 404, "other_county_leader": 200, "other_station_staff": 404},
    "rectification:report-download": {"anonymous": 302, "office": 200, "auditor": 200, "city_inspector": 200, "city_leader": 200, "county_leader": 200, "county_staff": 404, "county_inspector": 200, "station_leader": 200, "station_staff": 404, "other_county_leader": 404, "other_station_staff": 404},
    "rectification:board": {"anonymous": 200, "office": 200, "auditor": 200, "city_inspector": 200, "city_leader": 200, "county_leader": 200, "county_staff": 200, "county_inspector": 200, "station_leader": 200, "station_staff": 200, "other_county_leader": 200, "other_station_staff": 200},
}


@pytest.mark.django_db
def test_role_matrix_every_url_name(client, tree, campaign):
    """Every URL name of the app, requested as every role (ROLE_MATRIX; 404 = not for you)."""
    with frozen_today(datetime.date(2026, 9, 1)):
        world = build_world(tree, campaign)
        assert check_role_matrix(client, tree, ROLE_MATRIX, MATRIX_URLS, world) == []
