"""The duplicate check's table of seen keys (core.seen) answers as a dict would: the first row
of every key, None for a new one, across its growth and for keys it cannot pack."""

import random

from xingping.core.seen import SeenKeys


def test_every_key_answers_its_first_row_across_growth():
    rng = random.Random(7)
    keys = list({rng.getrandbits(63) for _ in range(200_000)} | {0, (1 << 63) - 1})
    seen, reference = SeenKeys(bits=4), {}
    for row, key in enumerate(keys, start=2):
        assert seen.first(key, row) is None
        reference[key] = row
    assert seen.bits > 16 and seen.count == len(keys)
    for row, key in enumerate(rng.sample(keys, 5000), start=10**6):
        assert seen.first(key, row) == reference[key]


def test_keys_it_cannot_pack_are_kept_exactly_too():
    seen = SeenKeys()
    for key in [("91420100MA4K000001", "u1"), "91420100MA4K000001", 1 << 63, -1, 10**30]:
        assert seen.first(key, 2) is None
        assert seen.first(key, 3) == 2
    assert seen.first(5, 4) is None and seen.first(5, 5) == 4
