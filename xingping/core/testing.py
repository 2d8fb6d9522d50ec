"""Test helpers shared by every app: factories for units, staff and campaigns, a
ready-made small hierarchy, the role × view matrix helper and a clock freezer."""

import contextlib
import datetime
from unittest import mock

import factory

from xingping.accounts.models import User
from xingping.orgs.models import Level, OrgUnit

PASSWORD = "test-pass-123"


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrgUnit
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"U{n:04d}")
    name = factory.LazyAttribute(lambda o: f"单位{o.code}")
    level = Level.STATION
    parent = None
    path = factory.LazyAttribute(lambda o: OrgUnit.build_path(o.parent, o.code))
    depth = factory.LazyAttribute(lambda o: o.path.count("/") - 1)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    last_name = factory.Sequence(lambda n: f"职工{n}")
    unit = None
    roles = ""
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class Tree:
    """city XG (+ department XG-BGS, XG-JJZ) → county XN → stations XN01, XN02;
    county HC → station HC01; branch KFQ. One user per role where it matters."""

    def __init__(self):
        u = UnitFactory
        self.city = u(code="XG", name="市局", level=Level.CITY)
        self.dept = u(code="XG-BGS", name="办公室", level=Level.DEPARTMENT, parent=self.city)
        self.jjz = u(code="XG-JJZ", name="纪检组", level=Level.DEPARTMENT, parent=self.city)
        self.county = u(code="XN", name="孝南区局", level=Level.COUNTY, parent=self.city)
        self.station = u(code="XN01", name="书院所", level=Level.STATION, parent=self.county)
        self.station2 = u(code="XN02", name="新华所", level=Level.STATION, parent=self.county)
        self.county2 = u(code="HC", name="汉川市局", level=Level.COUNTY, parent=self.city)
        self.station3 = u(code="HC01", name="城隍所", level=Level.STATION, parent=self.county2)
        self.branch = u(code="KFQ", name="开发区分局", level=Level.BRANCH, parent=self.city)
        f = UserFactory
        self.office = f(username="office", unit=self.dept, roles="office;staff")
        self.auditor = f(username="auditor", unit=self.dept, roles="auditor")
        self.city_inspector = f(username="inspector", unit=self.jjz, roles="inspector")
        self.city_leader = f(username="city_leader", unit=self.city, roles="leader")
        self.dept_staff = f(username="dept_staff", unit=self.dept, roles="staff")
        self.county_leader = f(username="xn_leader", unit=self.county, roles="leader")
        self.county_staff = f(username="xn_staff", unit=self.county, roles="staff")
        self.county_inspector = f(username="xn_inspector", unit=self.county, roles="inspector")
        self.station_leader = f(username="xn01_leader", unit=self.station, roles="leader")
        self.station_staff = f(username="xn01_staff", unit=self.station, roles="staff")
        self.station2_staff = f(username="xn02_staff", unit=self.station2, roles="staff")
        self.other_county_leader = f(username="hc_leader", unit=self.county2, roles="leader")
        self.other_station_staff = f(username="hc01_staff", unit=self.station3, roles="staff")
        self.nobody = f(username="nobody", unit=None, roles="")

    ROLE_USERS = (
        "office", "auditor", "city_inspector", "city_leader", "county_leader", "county_staff",
        "county_inspector", "station_leader", "station_staff", "other_county_leader", "other_station_staff",
    )

    def users_by_name(self):
        return {name: getattr(self, name) for name in self.ROLE_USERS}


def make_campaign(slug="c2026", year=2026, shift_days=0):
    from xingping.campaigns.services import campaign_create

    return campaign_create(actor=None, slug=slug, year=year, shift_days=shift_days)


@contextlib.contextmanager
def frozen_today(day):
    """Freeze `timezone.localdate()` / `timezone.now()` at noon (Asia/Shanghai) of `day`."""
    from django.utils import timezone

    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))
    with mock.patch("django.utils.timezone.now", return_value=moment):
        yield moment


def assert_matrix(client, url, expectations, tree, method="get", data=None):
    """Role × view matrix: `expectations` maps a Tree user attribute to the expected status
    (e.g. 200 or 404). Anonymous users are always redirected to the login page.
    Returns the failures so the caller's assert shows them all at once."""
    failures = []
    client.logout()
    resp = getattr(client, method)(url, data or {})
    if resp.status_code not in (302, 401, 403):
        failures.append(("anonymous", resp.status_code, "302"))
    for name, expected in expectations.items():
        client.force_login(getattr(tree, name))
        resp = getattr(client, method)(url, data or {})
        if resp.status_code != expected:
            failures.append((name, resp.status_code, expected))
        client.logout()
    return failures


def browser_login(pg, username, password="test-pass-123"):
    pg.goto(pg.base_url + "/accounts/login/")
    pg.fill("#id_username", username)
    pg.fill("#id_password", password)
    pg.click("button[type=submit]")
    pg.wait_for_load_state("networkidle")
