"""Denied accesses and downloads land in the audit log (one row each)."""

import pytest
from django.http import Http404, HttpResponse
from django.test import RequestFactory

from xingping.core import exports
from xingping.core.audit import AccessDenied
from xingping.core.middleware import AuditMiddleware
from xingping.core.models import AuditEvent
from xingping.orgs.models import OrgUnit
from xingping.orgs.policy import RoleSet, UnitScopedPolicy, get_for_user_or_404

EVERYONE = RoleSet("test_everyone", ["staff", "leader", "office", "inspector", "auditor"])


class UnitPolicy(UnitScopedPolicy):
    def scope_queryset(self, qs, user, action):
        return qs.filter(path__startswith=user.unit.path)


unit_policy = UnitPolicy(OrgUnit, actions={"view": EVERYONE})


def run(request, view):
    middleware = AuditMiddleware(view)
    try:
        return middleware(request)
    except Http404 as exc:
        middleware.process_exception(request, exc)
        return None


@pytest.mark.django_db
def test_out_of_scope_object_is_a_denial_missing_one_is_not(tree):
    user = tree.station_staff
    with pytest.raises(AccessDenied) as denied:
        get_for_user_or_404(unit_policy, user, "view", pk=tree.station3.pk)
    assert denied.value.object_id == str(tree.station3.pk)
    with pytest.raises(Http404) as missing:
        get_for_user_or_404(unit_policy, user, "view", pk=999999)
    assert not isinstance(missing.value, AccessDenied)
    assert get_for_user_or_404(unit_policy, user, "view", pk=tree.station.pk) == tree.station


@pytest.mark.django_db
def test_middleware_records_one_row_per_denial_and_none_for_missing(tree):
    request = RequestFactory().get(f"/units/{tree.station3.pk}/")
    request.user = tree.station_staff

    def view(req):
        return get_for_user_or_404(unit_policy, req.user, "view", pk=tree.station3.pk)

    before = AuditEvent.objects.count()
    run(request, view)
    event = AuditEvent.objects.get(action="access.denied")
    assert AuditEvent.objects.count() == before + 1
    assert event.actor == tree.station_staff and event.object_id == str(tree.station3.pk)
    assert event.new["path"] == f"/units/{tree.station3.pk}/"

    run(request, lambda req: get_for_user_or_404(unit_policy, req.user, "view", pk=999999))
    assert AuditEvent.objects.filter(action="access.denied").count() == 1


@pytest.mark.django_db
def test_downloads_are_recorded_with_file_and_rows(tree):
    request = RequestFactory().get("/cases/export/")
    request.user = tree.office
    run(request, lambda req: exports.table_response("案件", ["a"], [[1], [2], [3]], fmt="csv"))
    event = AuditEvent.objects.get(action="export")
    assert event.actor == tree.office and event.new["rows"] == 3 and event.new["file"] == "案件.csv"
    run(request, lambda req: HttpResponse("page"))
    assert AuditEvent.objects.filter(action="export").count() == 1


@pytest.mark.django_db
def test_export_command_is_audited(tmp_path, tree):
    from django.core.management import call_command

    call_command("export", "units", "--format", "csv", "-o", str(tmp_path / "u.csv"))
    event = AuditEvent.objects.get(action="export")
    assert event.object_id == "units" and event.new["rows"] >= 1
