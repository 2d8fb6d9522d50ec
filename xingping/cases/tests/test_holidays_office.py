"""The office keeps the working-day calendar on its holidays page: each change audited,
the calendar (and its per-year cache) follows at once."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from xingping.cases.deadlines import get_calendar
from xingping.cases.models import HolidayOverride
from xingping.core.models import AuditEvent

pytestmark = pytest.mark.django_db(transaction=True)  # the cache is cleared on commit

DAY = datetime.date(2030, 10, 8)  # a Tuesday in a year the official calendar does not know


def test_a_holiday_added_and_removed_changes_the_calendar(client, tree):
    client.force_login(tree.office)
    assert get_calendar().is_workday(DAY)
    before = get_calendar().add_working_days(datetime.date(2030, 10, 7), 1)
    assert before == DAY
    resp = client.post(reverse("cases:holidays"), {"day": DAY.isoformat(), "is_workday": "0", "name": "国庆"})
    assert resp.status_code == 302
    override = HolidayOverride.objects.get(day=DAY)
    assert AuditEvent.objects.filter(action="holiday.set", object_id=str(override.pk), actor=tree.office).exists()
    assert not get_calendar().is_workday(DAY)
    assert get_calendar().add_working_days(datetime.date(2030, 10, 7), 1) == datetime.date(2030, 10, 9)
    client.post(reverse("cases:holidays"), {"delete": override.pk})
    assert not HolidayOverride.objects.exists()
    assert AuditEvent.objects.filter(action="holiday.delete", object_id=str(override.pk)).exists()
    assert get_calendar().add_working_days(datetime.date(2030, 10, 7), 1) == DAY


def test_an_adjusted_working_day_on_a_weekend(client, tree):
    client.force_login(tree.office)
    saturday = datetime.date(2030, 10, 12)
    assert not get_calendar().is_workday(saturday)
    client.post(reverse("cases:holidays"), {"day": saturday.isoformat(), "is_workday": "1", "name": "调休"})
    assert get_calendar().is_workday(saturday)


def test_a_bad_day_is_refused_in_chinese(client, tree):
    client.force_login(tree.office)
    with translation.override("zh-hans"):
        resp = client.post(reverse("cases:holidays"), {"day": "2030-13-40", "is_workday": "0"}, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert resp.status_code == 200 and "有效的日期" in resp.content.decode()
    assert not HolidayOverride.objects.exists()


def test_the_setup_hub_links_the_holidays_page(client, tree):
    client.force_login(tree.office)
    assert reverse("cases:holidays") in client.get(reverse("orgs:setup")).content.decode()
