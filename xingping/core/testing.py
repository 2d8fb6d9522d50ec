"""Generic test helpers: the role × view matrix helper, a clock freezer and the browser
login. The factories and the ready-made unit tree (they name domain apps, which core may
not) live in `xingping.testing`."""

import contextlib
import datetime
from unittest import mock


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


MATRIX_ROLES = (
    "anonymous", "office", "auditor", "city_inspector", "city_leader", "county_leader", "county_staff",
    "county_inspector", "station_leader", "station_staff", "other_county_leader", "other_station_staff",
)


def matrix_statuses(client, tree, url, roles=MATRIX_ROLES):
    """The status of GET `url` for each role ("anonymous": signed out)."""
    out = {}
    for name in roles:
        client.logout()
        if name != "anonymous":
            client.force_login(getattr(tree, name))
        out[name] = client.get(url).status_code
    client.logout()
    return out


def check_role_matrix(client, tree, role_matrix, urls, world):
    """Request every URL name of `role_matrix` as each role it names and compare the status.

    `urls` maps a URL name to `build(world) -> path`. Returns the failures (name, role, got,
    expected) so the caller's assert shows them all at once."""
    failures = []
    missing = sorted(set(role_matrix) - set(urls))
    failures += [(name, "no URL builder", None, None) for name in missing]
    for name, expected in role_matrix.items():
        if name not in urls:
            continue
        got = matrix_statuses(client, tree, urls[name](world), roles=tuple(expected))
        failures += [(name, role, got[role], status) for role, status in expected.items() if got[role] != status]
    return failures


def open_download(response):
    """A web download as its reader sees it: (first sheet as openpyxl opens it, the file
    name the browser saves it under — the RFC 5987 `filename*`)."""
    import io
    from urllib.parse import unquote

    import openpyxl

    assert response.status_code == 200, response.status_code
    name = unquote(response["Content-Disposition"].split("filename*=UTF-8''", 1)[1])
    return openpyxl.load_workbook(io.BytesIO(response.content)).active, name


def header_of(ws):
    return [c.value for c in ws[1]]


def column_of(ws, label):
    """The cells under `label` (data rows only)."""
    index = header_of(ws).index(label)
    return [row[index] for row in ws.iter_rows(min_row=2)]
