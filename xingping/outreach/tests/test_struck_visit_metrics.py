"""A visit struck by a falsification check drops out of `xingping metrics` visit_coverage (C4)."""

import datetime
import io
import json

from django.core.management import call_command

from xingping.core.testing import frozen_today
from xingping.entities.testing import make_entity, make_visit
from xingping.outreach.models import VisitCheck
from xingping.outreach.services import visit_check_record


def _coverage(campaign, code):
    out = io.StringIO()
    call_command("metrics", "--campaign", campaign.slug, "--as-of", "2026-09-01", "--format", "json", stdout=out)
    unit = next(u for u in json.loads(out.getvalue())["units"] if u["code"] == code)
    return unit["metrics"]["visit_coverage"]


def test_struck_visit_drops_out_of_visit_coverage(tree, campaign):
    with frozen_today(datetime.date(2026, 9, 1)):
        entity = make_entity(tree.station)
        visit = make_visit(entity, tree.station_staff, datetime.date(2026, 7, 5))
        before = _coverage(campaign, "XN01")
        assert (before["numerator"], before["denominator"]) == (1, 1)
        check = VisitCheck.objects.create(visit=visit, campaign=campaign, unit=visit.unit)
        visit_check_record(actor=tree.office, check=check, outcome="not_confirmed", note="企业称未走访")
        after = _coverage(campaign, "XN01")
        assert (after["numerator"], after["denominator"]) == (0, 1)
