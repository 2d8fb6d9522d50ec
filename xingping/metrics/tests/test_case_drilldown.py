"""The case figures on /metrics/ open onto the cases they count (issue 13 part 10), as the
visit figures open onto entities: the same definition as the figure, scoped to the reader."""

import datetime

import pytest
from django.urls import reverse

from xingping.cases import services
from xingping.cases.models import Case, Kind
from xingping.core.testing import frozen_today

pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 9, 1)


def _case(kind, unit, received, replied=None, **extra):
    case = services.case_create(actor=None, kind=kind, unit=unit, received_on=received, title="反映", complainant_name="张三",
                                **extra)
    if replied:
        Case.objects.filter(pk=case.pk).update(replied_on=replied)
    return Case.objects.get(pk=case.pk)


@pytest.fixture
def cases(tree, campaign):
    with frozen_today(DAY):
        return {
            "replied": _case(Kind.COMPLAINT, tree.station, datetime.date(2026, 8, 1), replied=datetime.date(2026, 8, 2)),
            "open": _case(Kind.COMPLAINT, tree.station, datetime.date(2026, 8, 3)),
            "late": _case(Kind.COMPLAINT, tree.station, datetime.date(2026, 8, 4), replied=datetime.date(2026, 9, 5)),
            "elsewhere": _case(Kind.COMPLAINT, tree.station3, datetime.date(2026, 8, 1), replied=datetime.date(2026, 8, 2)),
            "misconduct": _case(Kind.MISCONDUCT, tree.station, datetime.date(2026, 8, 5), replied=datetime.date(2026, 8, 6),
                                accused_name="某某"),
        }


def _numbers(html, cases):
    return {name for name, c in cases.items() if c.number in html}


def _get(client, user, key, part, code="XN01"):
    client.force_login(user)
    with frozen_today(DAY):
        return client.get(reverse("metrics:drilldown", args=[code, key, part]), {"as_of": DAY.isoformat()})


def test_unit_page_links_the_case_figures(client, tree, cases):
    client.force_login(tree.office)
    with frozen_today(DAY):
        html = client.get(reverse("metrics:unit", args=["XN01"]), {"as_of": DAY.isoformat()}).content.decode()
    assert reverse("metrics:drilldown", args=["XN01", "complaint_reply_rate", "numerator"]) in html
    assert reverse("metrics:drilldown", args=["XN01", "misconduct_reply_rate", "denominator"]) in html


def test_numerator_and_denominator_are_the_figures_cases(client, tree, cases):
    html = _get(client, tree.station_leader, "complaint_reply_rate", "denominator").content.decode()
    assert _numbers(html, cases) == {"replied", "open", "late"}  # the other county's case is not XN01's
    html = _get(client, tree.station_leader, "complaint_reply_rate", "numerator").content.decode()
    assert _numbers(html, cases) == {"replied"}  # replied after the as-of day: not counted yet
    assert "投诉举报答复率" in html


def test_a_misconduct_report_is_counted_but_not_shown_to_the_accused_unit(client, tree, cases):
    response = _get(client, tree.station_leader, "misconduct_reply_rate", "denominator")
    html = response.content.decode()
    assert response.status_code == 200 and cases["misconduct"].number not in html
    assert 'data-testid="hidden-cases"' in html and "1 件" in html
    html = _get(client, tree.office, "misconduct_reply_rate", "denominator").content.decode()
    assert cases["misconduct"].number in html and 'data-testid="hidden-cases"' not in html


def test_another_units_cases_are_not_found(client, tree, cases):
    assert _get(client, tree.other_county_leader, "complaint_reply_rate", "denominator").status_code == 404


def test_the_case_drilldown_downloads(client, tree, cases):
    client.force_login(tree.office)
    with frozen_today(DAY):
        response = client.get(reverse("metrics:drilldown", args=["XN01", "complaint_reply_rate", "numerator"]),
                              {"as_of": DAY.isoformat(), "format": "xlsx"})
    assert response.status_code == 200 and "spreadsheet" in response["Content-Type"]
