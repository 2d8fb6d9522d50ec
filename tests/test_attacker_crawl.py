"""Issue 9 "done when": an attacker's crawl. As every demo account, request the detail and
download URL of EVERY object of every scoped model (pks enumerated in the database) and
expect 404 outside the account's scope; walk the pages it can reach and find no phone
number it may not see unmasked; and no audit row about an object outside its scope."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from tests.test_crawl import crawl

pytestmark = pytest.mark.django_db
PHONE = re.compile(r"(?<!\d)1\d{10}(?!\d)")
SAMPLE = 60  # out-of-scope objects requested per model and account: all of them for small models


def spread(objs, n):
    """Every object when there are at most n, else n of them evenly spread over the pks (the
    first and the last included), so the crawl stays minutes, not hours, on the demo."""
    if len(objs) <= n:
        return objs
    step = (len(objs) - 1) / (n - 1)
    return [objs[round(i * step)] for i in range(n)]


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    from xingping.core.management.commands.demo import load_demo

    with django_db_blocker.unblock():
        from django.db import connection

        assert "test" in connection.settings_dict["NAME"] or "memory" in connection.settings_dict["NAME"]
        ctx = load_demo()
        yield ctx
        from django.core.management import call_command

        call_command("flush", interactive=False, verbosity=0)


def targets():
    """(model, url for a pk, policy) for every scoped model with a page or a download."""
    from xingping.campaigns.models import Attachment
    from xingping.campaigns.permissions import policy as campaigns
    from xingping.cases.models import Case, CaseAttachment
    from xingping.cases.permissions import policy as cases
    from xingping.entities.models import MarketEntity
    from xingping.entities.permissions import policy as entities
    from xingping.orgs.models import OrgUnit
    from xingping.orgs.permissions import policy as orgs
    from xingping.outreach.models import Visit
    from xingping.outreach.permissions import policy as outreach
    from xingping.rectification.models import Finding, InstitutionStatus, ProgressPost, RectificationItem, SelfAnalysis
    from xingping.rectification.permissions import policy as rectification

    return [
        (Case.objects.all(), lambda o: reverse("cases:case-detail", args=[o.pk]), cases),
        (CaseAttachment.objects.all(), lambda o: reverse("cases:attachment", args=[o.pk]), cases),
        (MarketEntity.objects.all(), lambda o: reverse("entities:detail", args=[o.pk]), entities),
        (Visit.objects.all(), lambda o: reverse("outreach:visit-detail", args=[o.pk]), outreach),
        (Attachment.objects.all(), lambda o: reverse("campaigns:attachment-download", args=[o.pk]), campaigns),
        (Finding.objects.all(), lambda o: reverse("rectification:finding-detail", args=[o.pk]), rectification),
        (RectificationItem.objects.all(), lambda o: reverse("rectification:item-detail", args=[o.pk]), rectification),
        (SelfAnalysis.objects.all(), lambda o: reverse("rectification:selfanalysis-detail", args=[o.pk]), rectification),
        (ProgressPost.objects.exclude(evidence=""), lambda o: reverse("rectification:evidence", args=[o.pk]), rectification),
        (InstitutionStatus.objects.exclude(document=""), lambda o: reverse("rectification:system-document", args=[o.pk]),
         rectification),
        (OrgUnit.objects.all(), lambda o: reverse("orgs:unit-detail", args=[o.code]), orgs),
    ]


def _accounts(demo):
    return sorted(demo["users"].items())


@pytest.mark.slow
def test_every_object_outside_scope_is_404_for_every_demo_account(demo, django_db_blocker):
    failures, checked = [], 0
    with django_db_blocker.unblock():
        client = Client()
        for username, user in _accounts(demo):
            client.force_login(user)
            for qs, url, policy in targets():
                visible = set(policy.instances_user_has_permission_for(user, "view", qs.model._default_manager.all())
                              .values_list("pk", flat=True))
                hidden = [obj for obj in qs if obj.pk not in visible]
                for obj in spread(hidden, SAMPLE):
                    checked += 1
                    status = client.get(url(obj)).status_code
                    if status != 404:
                        failures.append((username, qs.model.__name__, obj.pk, status))
    assert checked > 0  # the demo holds objects some accounts may not see
    assert failures == []


@pytest.mark.slow
def test_misconduct_reports_never_reach_the_accused_unit(demo, django_db_blocker):
    from xingping.cases.models import Case, Kind

    with django_db_blocker.unblock():
        reports = list(Case.objects.filter(kind=Kind.MISCONDUCT).select_related("subject_unit"))
        for username, user in _accounts(demo):
            if user.unit_id is None or user.has_role("office"):
                continue
            seen = set(Case.objects.for_user(user).filter(kind=Kind.MISCONDUCT).values_list("pk", flat=True))
            for case in reports:
                accused = case.subject_unit.acting_unit
                if user.unit.acting_unit.path.startswith(accused.path):
                    assert case.pk not in seen, (username, case.number)


def _forbidden_phones(user):
    """Phone numbers stored in the database that `user` may not see in full."""
    from xingping.cases.models import Case
    from xingping.cases.permissions import policy as cases
    from xingping.entities.models import MarketEntity
    from xingping.entities.permissions import policy as entities

    visible_entities = entities.instances_user_has_permission_for(user, "view", MarketEntity.objects.all())
    shown = set(visible_entities.exclude(phone="").values_list("phone", flat=True))
    phones = set(MarketEntity.objects.exclude(phone="").exclude(pk__in=visible_entities.values("pk"))
                 .values_list("phone", flat=True)) - shown
    all_cases = Case.objects.exclude(complainant_phone="").values_list("pk", "complainant_phone")
    full = set(map(int, cases.contact_in_full(user, [pk for pk, _ in all_cases])))
    phones |= {phone for pk, phone in all_cases if pk not in full}
    phones -= {phone for pk, phone in all_cases if pk in full}
    return {p for p in phones if PHONE.fullmatch(p)}


@pytest.mark.slow
def test_no_reachable_page_shows_a_phone_number_the_account_may_not_see(demo, django_db_blocker):
    failures = []
    with django_db_blocker.unblock():
        client = Client()
        for username, user in _accounts(demo):
            forbidden = _forbidden_phones(user)
            client.force_login(user)

            def check(url, resp, username=username, forbidden=forbidden):
                leaked = set(PHONE.findall(resp.content.decode("utf-8", "replace"))) & forbidden
                if leaked:
                    failures.append((username, url, sorted(leaked)))

            seen, _broken = crawl(client, on_page=check)  # each page checked as it is crawled
            if reverse("core:audit-log") not in seen:
                check(reverse("core:audit-log"), client.get(reverse("core:audit-log")))
    assert failures == []


@pytest.mark.slow
def test_no_audit_row_outside_scope(demo, django_db_blocker):
    """Every audit row an account is shown is about an object it may open (or, for the
    office, about a type no app registered or an object that no longer exists)."""
    from django.apps import apps

    from xingping.core.audit_access import audit_types
    from xingping.core.models import AuditEvent

    failures = []
    with django_db_blocker.unblock():
        client = Client()
        types = audit_types()
        for username, user in _accounts(demo):
            client.force_login(user)
            resp = client.get(reverse("core:audit-log"))
            if resp.status_code == 404:
                continue
            paginator = resp.context["page"].paginator
            for number in paginator.page_range:
                for event in client.get(reverse("core:audit-log"), {"page": number}).context["page"].object_list:
                    reg = types.get(event.object_type)
                    if reg is not None and not str(event.object_id).isdigit():
                        continue  # a row about no single object (e.g. an import): not a per-object check
                    if reg is None:
                        ok = user.has_role("office")
                    else:
                        model = apps.get_model(event.object_type)
                        exists = model._default_manager.filter(pk=event.object_id).exists()
                        ok = reg.visible(user).filter(pk=event.object_id).exists() or (not exists and user.has_role("office"))
                    if not ok:
                        failures.append((username, event.object_type, event.object_id, event.action))
    assert AuditEvent.objects.exists()
    assert failures == []
