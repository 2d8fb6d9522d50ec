"""The capped paginator (core/paging.py): a list longer than the cap says "more than", never a
total it did not count; a shorter one counts exactly."""

from xingping.core import paging
from xingping.core.paging import CappedPaginator
from xingping.entities.testing import make_entity, make_visit
from xingping.orgs.models import OrgUnit


def test_counts_exactly_up_to_the_cap_and_says_more_than_past_it(tree):
    units = OrgUnit.objects.order_by("path")
    total = units.count()
    exact = CappedPaginator(units, 2, cap=total)
    assert (exact.count, exact.capped) == (total, False)
    short = CappedPaginator(units, 2, cap=total - 1)
    assert (short.count, short.capped, short.num_pages) == (total - 1, True, (total - 1 + 1) // 2)
    assert list(short.page(1).object_list) == list(units[:2])


def test_the_visit_ledger_says_more_than_and_keeps_the_filters_count_exact(client, tree, campaign, monkeypatch):
    import datetime

    for day in range(1, 5):
        make_visit(make_entity(tree.station), tree.station_staff, datetime.date(2026, 7, day))
    monkeypatch.setattr(paging, "CAP", 3)
    client.force_login(tree.office)
    body = client.get("/outreach/visits/").content.decode()
    assert "超过 3 条走访记录" in body and "共 4 条" not in body
    body = client.get("/outreach/visits/?date_from=2026-07-04").content.decode()
    assert "共 1 条走访记录" in body
