"""An INDEPENDENT implementation of C10's `sha256-rank-v1`, written from the contract's text
alone (it shares no code with oversight.draws), compared on random pools and seeds."""

import hashlib
import json
import math
import random
import string

from xingping.oversight import draws


def reference_selected(seed, pool, k):
    keyed = []
    for member in pool:
        digest = hashlib.sha256((seed + "\n" + member).encode("utf-8")).hexdigest().lower()
        keyed.append((digest, member))
    keyed.sort()
    return [member for _d, member in keyed[:k]]


def reference_pool_hash(pool):
    return hashlib.sha256("\n".join(sorted(pool)).encode("utf-8")).hexdigest()


def _random_id(rng):
    alphabet = string.ascii_letters + string.digits + "|-·行评"
    return "".join(rng.choice(alphabet) for _i in range(rng.randint(1, 24)))


def test_selection_and_hashes_match_an_independent_reference():
    rng = random.Random(20261201)
    for _case in range(300):
        pool = sorted({_random_id(rng) for _i in range(rng.randint(1, 60))})
        seed = "".join(rng.choice(string.printable + "随机种子") for _i in range(rng.randint(0, 40)))
        k = rng.randint(0, len(pool))
        rec = draws.record(seed=seed, pool=pool, count=k)
        assert rec["selected"] == reference_selected(seed, pool, k)
        assert rec["pool_sha256"] == reference_pool_hash(pool)
        assert rec["seed_sha256"] == hashlib.sha256(seed.encode("utf-8")).hexdigest()
        assert draws.verify(json.loads(json.dumps(rec))) is None


def test_ratio_is_the_ceiling_of_ratio_times_pool_size():
    assert draws.count_for_ratio(0.1, 30) == 3
    assert draws.count_for_ratio(0.1, 31) == math.ceil(3.1)
    assert draws.count_for_ratio(1, 7) == 7
    assert draws.count_for_ratio(0.5, 1) == 1


def test_verify_names_the_first_difference():
    rec = draws.record(seed="种子", pool=["XN01", "XN02", "HC01", "KFQ"], count=2)
    tampered = dict(rec, selected=list(reversed(rec["selected"])))
    assert "`selected[0]`" in draws.verify(tampered)
    assert "`pool_sha256`" in draws.verify(dict(rec, pool_sha256="0" * 64))
    assert "`seed_sha256`" in draws.verify(dict(rec, seed_sha256="0" * 64))
    assert draws.verify({k: v for k, v in rec.items() if k != "pool"}) == "缺少键 `pool`。"
