"""The demo cases: every kind in every state of its workflow, some overdue, loaded once."""

import pytest
from django.utils import timezone

from xingping.cases import demo
from xingping.cases.models import Case, CaseRequest
from xingping.cases.workflows import TABLES


@pytest.mark.django_db
def test_demo_has_every_kind_in_every_state_and_is_idempotent():
    from xingping.campaigns import demo as campaigns_demo
    from xingping.orgs import demo as orgs_demo

    ctx = {}
    orgs_demo.load(ctx)
    campaigns_demo.load(ctx)
    demo.load(ctx)
    count = Case.objects.count()
    for kind, table in TABLES.items():
        states = set(table) | {s for targets in table.values() for s in targets}
        assert set(Case.objects.filter(kind=kind).values_list("status", flat=True)) == states, kind
    assert Case.objects.filter(next_due_on__lt=timezone.localdate()).exists()  # some overdue
    assert Case.objects.filter(tracking_code=demo.DEMO_TRACKING_CODE).exists()
    assert CaseRequest.objects.filter(status="pending").count() == 1
    requests = Case.objects.filter(kind="disclosure_request")
    waiting = requests.filter(status="supplement").first()
    assert waiting is not None and waiting.supplement_asked_on and waiting.supplement_due_on and waiting.next_due_on == waiting.supplement_due_on
    supplemented = requests.exclude(supplemented_on=None).get()
    assert supplemented.due_on == demo.deadlines.add_period(demo.deadlines.get_calendar(), supplemented.supplemented_on,
                                                             {"days": 20, "unit": "working"})
    extended = requests.get(extended_wd=20)
    assert CaseRequest.objects.filter(case=extended, kind="extension", status="approved").count() == 1
    assert requests.filter(consult_wd__gt=0).count() == 1
    replied = requests.filter(status__in=["replied", "closed"])
    assert replied.exists() and not replied.filter(disclosure_reply="").exists()
    demo.load(ctx)
    assert Case.objects.count() == count
