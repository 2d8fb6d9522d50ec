"""The office draws the verification sample on a page, through the service the
`xingping sample-visits` command uses (the same draw for the same seed, one audit row)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from xingping.core.models import AuditEvent
from xingping.entities.testing import make_entity, make_visit
from xingping.outreach.models import VisitCheck
from xingping.outreach.services import visits_sample

pytestmark = pytest.mark.django_db


@pytest.fixture
def visits(tree, campaign):
    entity = make_entity(tree.station, responsible=tree.station_staff)
    return [make_visit(entity, tree.station_staff, datetime.date(2026, 7, 1) + datetime.timedelta(days=i))
            for i in range(10)]


def test_the_office_draws_the_sample_and_sees_the_result(client, tree, campaign, visits):
    client.force_login(tree.office)
    resp = client.post(reverse("outreach:sample"), {"campaign": campaign.pk, "percent": "20", "seed": "2026-checks"})
    assert resp.status_code == 200
    drawn = set(VisitCheck.objects.values_list("visit_id", flat=True))
    assert len(drawn) == 2  # 20 % of the station's 10 visits
    assert 'data-testid="sample-result"' in resp.content.decode() and tree.station.name in resp.content.decode()
    row = AuditEvent.objects.get(action="sample")
    assert row.actor == tree.office and row.new == {"rate": 0.2, "seed": "2026-checks", "drawn": 2}
    # the command's service gives the same draw for the same seed
    VisitCheck.objects.all().delete()
    assert {c.visit_id for c in visits_sample(actor=None, campaign=campaign, rate=0.2, seed="2026-checks")} == drawn


def test_the_checks_page_links_to_the_draw_instead_of_the_command(client, tree, campaign):
    client.force_login(tree.office)
    html = client.get(reverse("outreach:checks")).content.decode()
    assert "sample-visits" not in html and reverse("outreach:sample") in html
    client.force_login(tree.auditor)
    assert reverse("outreach:sample") not in client.get(reverse("outreach:checks")).content.decode()


def test_a_bad_share_is_refused_in_chinese(client, tree, campaign, visits):
    client.force_login(tree.office)
    with translation.override("zh-hans"):
        resp = client.post(reverse("outreach:sample"), {"campaign": campaign.pk, "percent": "0", "seed": "x"},
                           HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert resp.status_code == 200 and not VisitCheck.objects.exists()
    assert "确保该值大于或等于" in resp.content.decode()
