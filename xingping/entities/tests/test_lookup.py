"""The large imports' registry lookup (entities.lookup) answers exactly as a dict of codes would:
every stored code its own entity, any other code none, on both databases' code order."""

import random

import pytest

from xingping.entities.lookup import UsccIds, registry_ids
from xingping.entities.testing import make_entity
from xingping.entities.uscc import VALID_CHARS

CHARS = sorted(VALID_CHARS)


def _code(rng, prefix="91420100MA"):
    return prefix + "".join(rng.choice(CHARS) for _ in range(18 - len(prefix)))


def test_each_code_finds_its_own_id_and_no_other_code_finds_one():
    rng = random.Random(3)
    # shared prefixes of every length, so runs of equal first parts are long and short
    codes = sorted({_code(rng, prefix) for prefix in ("91420100MA", "91420100MA4K", "9142", "") for _ in range(3000)})
    stored = codes[::2]
    absent = codes[1::2] + ["91420100ma4k00000x", "91420100MA4K_00001", "  91420100MA4K0000", "", "Y" * 19]
    lookup = UsccIds((code, i) for i, code in enumerate(stored, start=100))
    assert len(lookup) == len(stored)
    assert all(lookup.get(code) == i for i, code in enumerate(stored, start=100))
    assert all(lookup.get(code) is None for code in absent)


def test_a_stored_code_of_another_shape_is_found_as_itself():
    lookup = UsccIds([("OLD-0001", 1), ("91420100MA4K000001", 2)])
    assert lookup.get("OLD-0001") == 1 and lookup.get("old-0001") is None
    assert lookup.get("91420100MA4K000001") == 2


def test_prefixes_past_those_that_fit_are_kept_exactly_too(monkeypatch):
    from xingping.entities import lookup as module

    monkeypatch.setattr(module, "PREFIXES", 2)
    codes = ["11420100MA4K000001", "12420100MA4K000001", "13420100MA4K000001", "13420100MA4K000002"]
    lookup = UsccIds((code, i) for i, code in enumerate(codes))
    assert len(lookup.other) == 2 and len(lookup) == 4
    assert [lookup.get(code) for code in codes] == [0, 1, 2, 3]
    assert lookup.get("13420100MA4K000003") is None


def test_codes_out_of_order_are_refused_not_searched_wrongly():
    with pytest.raises(ValueError):
        UsccIds([("91420100MA4K000002", 1), ("91420100MA4K000001", 2)])


@pytest.mark.django_db
def test_the_registry_reads_in_code_order_on_this_database(tree):
    entities = [make_entity(tree.station, name=f"孝感{i}商店") for i in range(30)]
    lookup = registry_ids()
    assert all(lookup.get(e.uscc) == e.pk for e in entities)
