"""Confirmation codes stay unique however the random draws fall: the importer draws a code again
where a stored visit or another row of the file has it, and a visit saved on the web never takes
a stored visit's code. (Drawn at random from 31^8, a million-row import met a repeat about every
other time before.)"""

import datetime
import itertools

import pytest
from django.core.management import call_command

from xingping.entities.testing import make_entity, make_visit
from xingping.outreach import imports as visit_imports
from xingping.outreach import models as outreach_models
from xingping.outreach.models import Visit

pytestmark = pytest.mark.django_db

HEAD = "统一社会信用代码,走访人,走访日期,类型,方式\n"


def _draws(*first):
    """The given codes first, then fresh ones: a random source that repeats on purpose."""
    fresh = (f"Z{n:07d}".replace("0", "2").replace("1", "3") for n in itertools.count())
    return itertools.chain(first, fresh).__next__


def test_an_import_draws_again_where_a_stored_visit_or_another_row_has_the_code(tree, tmp_path, monkeypatch):
    a, b, c = (make_entity(tree.station, name=f"孝感{i}商店") for i in range(3))
    stored = make_visit(a, tree.station_staff, datetime.date(2026, 7, 1))
    taken = stored.confirm_code
    # every row of the file draws the stored visit's code first, then the same second code
    monkeypatch.setattr(visit_imports, "random_confirm_code", _draws(taken, taken, taken, "QQQQQQQQ", "QQQQQQQQ"))
    path = tmp_path / "visits.csv"
    user = tree.station_staff.username
    path.write_text(HEAD + "".join(f"{e.uscc},{user},2026-07-0{i + 2},走访,上门\n" for i, e in enumerate((a, b, c))),
                    encoding="utf-8")
    call_command("import", "visits", str(path))
    codes = list(Visit.objects.values_list("confirm_code", flat=True))
    assert len(codes) == 4 and len(set(codes)) == 4
    stored.refresh_from_db()
    assert stored.confirm_code == taken  # the stored visit keeps its code


def test_a_visit_saved_on_the_web_never_takes_a_stored_code(tree, monkeypatch):
    entity = make_entity(tree.station)
    first = make_visit(entity, tree.station_staff, datetime.date(2026, 7, 1))
    monkeypatch.setattr(outreach_models, "random_confirm_code", _draws(first.confirm_code, "RRRRRRRR"))
    second = make_visit(entity, tree.station_staff, datetime.date(2026, 7, 2))
    assert second.confirm_code == "RRRRRRRR"
