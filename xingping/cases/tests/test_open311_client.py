"""Issue 9, part 7: a real GeoReport v2 client (the `georeport` package) against the
Open311 endpoints (cases/api.py) on a live server: services, a request, its status."""

import pytest
import requests
from georeport import GeoReport

from xingping.cases.models import Case, Channel
from xingping.testing import Tree


@pytest.fixture
def open311(transactional_db, live_server):
    from django.core.cache import cache

    cache.clear()
    Tree()
    return GeoReport(live_server.url + "/api/v1/open311/")


def test_a_georeport_client_lists_services_posts_a_request_and_gets_it_back(open311, live_server):
    services = open311.get_service_list()
    assert {s["service_code"] for s in services} == {"complaint", "report", "misconduct"}
    assert all(s["metadata"] is True and s["type"] == "realtime" for s in services)
    definition = open311.get_service_definition("complaint")
    unit = next(v for v in definition["attributes"][0]["values"] if v["key"] == "XN01")

    # GeoReport v2 POST /requests: form-encoded (the client library only reads)
    resp = requests.post(f"{open311.root_address}/requests.json", data={
        "service_code": "complaint", "description": "路灯坏了\u0001三天", "attribute[unit]": unit["key"],
        "first_name": "五", "last_name": "王", "phone": "13812345678",
    }, timeout=30)
    assert resp.status_code == 201, resp.text
    request_id = resp.json()[0]["service_request_id"]

    got = open311.get_service_request(request_id)
    assert got["service_request_id"] == request_id and got["status"] == "open" and got["service_code"] == "complaint"
    assert got["agency_responsible"] == unit["name"]
    assert [r["service_request_id"] for r in open311.get_service_requests(service_request_id=request_id)] == [request_id]

    case = Case.objects.get(tracking_code=request_id)
    assert case.channel == Channel.API and case.content == "路灯坏了三天" and case.complainant_phone == "13812345678"


def test_a_georeport_client_gets_clear_errors_for_unknown_codes(open311):
    with pytest.raises(requests.HTTPError) as exc:
        open311.get_service_definition("nonsense")
    assert exc.value.response.status_code == 404
    with pytest.raises(requests.HTTPError) as exc:
        open311.get_service_request("0000-0000-0000-0000")
    assert exc.value.response.status_code == 404
