"""Role × view matrix of the disclosure app: 200 (or 302 after a write) allowed, 404 otherwise.
The objects belong to station XN01 (under county XN); HC is the other county."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from xingping.core.testing import assert_matrix
from xingping.testing import Tree
from xingping.disclosure.models import CatalogueItem
from xingping.disclosure.services import disclosure_record, item_save

pytestmark = pytest.mark.django_db

EVERYONE = set(Tree.ROLE_USERS)
IN_SCOPE = EVERYONE - {"other_county_leader", "other_station_staff"}
WRITERS_IN_SCOPE = {"office", "city_leader", "county_leader", "county_staff", "station_leader", "station_staff"}


def allowed(roles, ok=200, anonymous=302):
    out = {name: (ok if name in roles else 404) for name in Tree.ROLE_USERS}
    out["anonymous"] = anonymous
    return out


ROLE_MATRIX = {
    "disclosure:index": allowed(EVERYONE),
    "disclosure:item-detail": allowed(IN_SCOPE),
    "disclosure:evidence": allowed(IN_SCOPE),
    "disclosure:public-index": allowed(EVERYONE, anonymous=200),
    "disclosure:public-unit": allowed(EVERYONE, anonymous=200),
}



def tiny_png():
    data = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
            b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82")
    return SimpleUploadedFile("board.png", data, content_type="image/png")


@pytest.fixture
def objects(tree):
    item = item_save(actor=None, item=CatalogueItem(code="XN01-1", unit=tree.station, title="行政许可结果",
                                                    created_on=datetime.date(2026, 9, 30), limit_wd=1))
    record = disclosure_record(actor=tree.station_staff, item=item, disclosed_on=datetime.date(2026, 10, 8),
                               evidence=tiny_png())
    return {"item": item, "record": record}


def urls(objects):
    return {
        "disclosure:index": reverse("disclosure:index"),
        "disclosure:item-detail": reverse("disclosure:item-detail", args=[objects["item"].pk]),
        "disclosure:evidence": reverse("disclosure:evidence", args=[objects["record"].pk]),
        "disclosure:public-index": reverse("disclosure:public-index"),
        "disclosure:public-unit": reverse("disclosure:public-unit", args=["XN01"]),
    }


def test_role_view_matrix(client, tree, objects):
    failures = []
    for name, url in urls(objects).items():
        expected = dict(ROLE_MATRIX[name])
        anonymous = expected.pop("anonymous")
        client.logout()
        status = client.get(url).status_code
        if status != anonymous:
            failures.append((name, "anonymous", status, anonymous))
        failures += [(name, *f) for f in assert_matrix(client, url, expected, tree)
                     if not (f[0] == "anonymous" and anonymous == 200)]
    assert not failures, failures


def test_recording_a_disclosure_needs_a_writer_in_scope(client, tree, objects):
    url = reverse("disclosure:item-detail", args=[objects["item"].pk])
    for name in Tree.ROLE_USERS:
        client.force_login(getattr(tree, name))
        resp = client.post(url, {"disclosed_on": "2026-10-09", "url": "https://xg.example.gov.cn/gk/1"})
        assert resp.status_code == (302 if name in WRITERS_IN_SCOPE else 404), name
        client.logout()
    assert objects["item"].disclosures.count() == 1 + len(WRITERS_IN_SCOPE)


def test_a_wrong_evidence_type_is_refused_and_nothing_is_stored(client, tree, objects):
    client.force_login(tree.station_staff)
    fake = SimpleUploadedFile("board.png", b"<html><script>alert(1)</script></html>", content_type="image/png")
    resp = client.post(reverse("disclosure:item-detail", args=[objects["item"].pk]),
                       {"disclosed_on": "2026-10-09", "evidence": fake})
    assert resp.status_code == 200
    assert objects["item"].disclosures.count() == 1


def test_public_pages_show_no_staff_data(client, tree, objects):
    page = client.get(reverse("disclosure:public-unit", args=["XN01"])).content.decode()
    assert "行政许可结果" in page
    assert tree.station_staff.username not in page and str(tree.station_staff) not in page
    assert reverse("disclosure:evidence", args=[objects["record"].pk]) not in page

